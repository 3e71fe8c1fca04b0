"""What every write to a framework's definition shares: only a draft, only if current."""

from django.utils.translation import gettext as _

from pmo.versioning import stale

from ...assessment.models import AssessmentFramework


class FrameworkPublishedError(Exception):
    """The framework is published; its definition can only change in a new version."""

    def __init__(self, framework: AssessmentFramework):
        self.framework = framework
        super().__init__(
            _(
                "%(framework)s is gepubliceerd en kan niet meer worden gewijzigd. "
                "Maak een nieuwe versie om iets aan te passen."
            )
            % {"framework": framework}
        )


def draft_for_update(framework: AssessmentFramework, expected_version: int):
    """The draft locked for this write; published or moved on since is refused."""
    current = AssessmentFramework.objects.select_for_update().get(pk=framework.pk)
    if current.is_published:
        raise FrameworkPublishedError(current)
    if current.version != expected_version:
        raise stale(current, expected_version)
    return current
