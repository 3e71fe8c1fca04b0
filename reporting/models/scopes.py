"""What a dashboard covers: the whole organisation, a portfolio, an org unit or a
programme, and when its monthly snapshot is built."""

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import AccessQuerySet, reads_everything
from pmo.roles import Role
from pmo.tracking import Tracked
from pmo.versioning import Versioned


def can_build_dashboards(user) -> bool:
    """ "Nu bouwen" and board packs: the PMO (the board reads, it does not build)."""
    return user.is_authenticated and user.has_role(Role.PMO_ANALIST)


def can_schedule_dashboards(user) -> bool:
    """Which scopes have a dashboard and when they are built: beheerder and PMO."""
    return user.is_authenticated and (
        user.has_role(Role.BEHEERDER) or user.has_role(Role.PMO_ANALIST)
    )


class ScopeQuerySet(AccessQuerySet):
    def visible_to(self, user) -> "ScopeQuerySet":
        """Who reads the whole portfolio sees every dashboard; anyone else (a projectleider)
        sees the dashboards of their own org unit and the units below it."""
        if not user.is_authenticated:
            return self.none()
        if reads_everything(user):
            return self
        if user.org_unit_id is None:
            return self.none()
        from portfolio.projects.models import OrgUnit

        unit_path = OrgUnit.objects.filter(pk=user.org_unit_id).values("path")[:1]
        return self.filter(
            kind=Scope.Kind.ORG_UNIT, org_unit__path__startswith=models.Subquery(unit_path)
        )

    def editable_by(self, user) -> "ScopeQuerySet":
        return self if can_schedule_dashboards(user) else self.none()


class Scope(Versioned, Tracked):
    class Kind(models.TextChoices):
        ORGANISATION = "organisatie", _("hele organisatie")
        PORTFOLIO = "portfolio", _("portfolio")
        ORG_UNIT = "onderdeel", _("organisatieonderdeel")
        PROGRAMME = "programma", _("programma")

    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    portfolio = models.ForeignKey(
        "portfolio.Portfolio",
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    org_unit = models.ForeignKey(
        "portfolio.OrgUnit",
        verbose_name=_("organisatieonderdeel"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    programme = models.ForeignKey(
        "portfolio.Programme",
        verbose_name=_("programma"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("naam"), max_length=200)
    build_day = models.PositiveSmallIntegerField(
        _("bouwdag"),
        # After the reports of the period just closed are due (PMO_REPORT_DUE_DAYS, 5).
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_(
            "Dag van de maand (1–28) waarop het dashboard van de afgelopen periode wordt gebouwd."
        ),
    )
    build_time = models.TimeField(_("bouwtijd"), default=dt.time(6, 0))
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    objects = ScopeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dashboard")
        verbose_name_plural = _("dashboards")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="scope_has_its_target",
                condition=(
                    models.Q(
                        kind="organisatie",
                        portfolio__isnull=True,
                        org_unit__isnull=True,
                        programme__isnull=True,
                    )
                    | models.Q(
                        kind="portfolio",
                        portfolio__isnull=False,
                        org_unit__isnull=True,
                        programme__isnull=True,
                    )
                    | models.Q(
                        kind="onderdeel",
                        portfolio__isnull=True,
                        org_unit__isnull=False,
                        programme__isnull=True,
                    )
                    | models.Q(
                        kind="programma",
                        portfolio__isnull=True,
                        org_unit__isnull=True,
                        programme__isnull=False,
                    )
                ),
            ),
            # One dashboard per target; NULLs are distinct in a unique index, so one
            # partial constraint per kind.
            *(
                models.UniqueConstraint(
                    fields=[field], condition=models.Q(kind=kind), name=f"one_scope_per_{field}"
                )
                for kind, field in [
                    ("portfolio", "portfolio"),
                    ("onderdeel", "org_unit"),
                    ("programma", "programme"),
                ]
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="organisatie"),
                name="one_organisation_scope",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def project_filter(self) -> models.Q:
        """The projects this scope covers, as a filter on Project."""
        if self.kind == self.Kind.PORTFOLIO:
            return models.Q(portfolio_id=self.portfolio_id)
        if self.kind == self.Kind.PROGRAMME:
            return models.Q(programme_id=self.programme_id)
        if self.kind == self.Kind.ORG_UNIT:
            from portfolio.projects.models import OrgUnit

            path = OrgUnit.objects.filter(pk=self.org_unit_id).values("path")[:1]
            return models.Q(org_unit__path__startswith=models.Subquery(path))
        return models.Q()
