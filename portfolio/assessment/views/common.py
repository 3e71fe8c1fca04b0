"""What the afwegingskader's pages share: the framework as the permission layer allows."""

from pmo.access import get_editable_or_403, get_visible_or_404

from ..models import AssessmentFramework


def framework_visible(request, pk) -> AssessmentFramework:
    return get_visible_or_404(AssessmentFramework, request.user, pk=pk)


def framework_editable(request, pk) -> AssessmentFramework:
    return get_editable_or_403(AssessmentFramework, request.user, pk=pk)
