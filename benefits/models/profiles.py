"""Baten: benefit profiles, their planned trajectory, attribution to projects, and the
owner's measurements.

A profile is *vastgesteld* only when it passes the DOAM test (benefits/rules/profile.py).
What the overview shows of a profile's progress (last measurement, realisation, on track
or behind, when the next measurement is due, the financial amounts) is derived and kept
on the profile by the services, so the overview of 20,000 profiles reads one row each.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pmo.access import AccessQuerySet, edits_everything, follows_parent, reads_everything
from pmo.dates import plausible_date
from pmo.tracking import Synced, Tracked
from pmo.versioning import Versioned
from portfolio.assessment.models import Objective
from portfolio.projects.models import Portfolio, Programme, Project

AMOUNT = {"max_digits": 16, "decimal_places": 2}


def _owned_or_attributed(queryset, user, projects) -> models.QuerySet:
    attributed = Contribution.objects.filter(project__in=projects.values("pk")).values("benefit")
    return queryset.filter(models.Q(owner=user) | models.Q(pk__in=attributed))


class BenefitQuerySet(AccessQuerySet):
    def visible_to(self, user) -> "BenefitQuerySet":
        """Board, analysts and administrators read all; anyone else the benefits they
        own, those attributed to a project they may see, and a programme's opdrachtgever
        and manager those of their programme."""
        if not user.is_authenticated:
            return self.none()
        if reads_everything(user):
            return self
        own = _owned_or_attributed(self, user, Project.objects.visible_to(user))
        programme = models.Q(programme__manager=user) | models.Q(programme__sponsor=user)
        return own | self.filter(programme)

    def editable_by(self, user) -> "BenefitQuerySet":
        """The PMO-analist changes all profiles; the owner their own; a projectleider
        those attributed to a project they lead."""
        if not user.is_authenticated:
            return self.none()
        if edits_everything(user):
            return self
        return _owned_or_attributed(self, user, Project.objects.editable_by(user))

    def measurable_by(self, user) -> "BenefitQuerySet":
        """Measurements are the bateneigenaar's, and only theirs."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(owner=user)


# A part of a profile (plan, attribution) follows the profile.
BenefitChildQuerySet = follows_parent("benefit")


class MeasurementQuerySet(BenefitChildQuerySet):
    def editable_by(self, user):
        return self.filter(benefit__in=Benefit.objects.measurable_by(user).values("pk"))


class Benefit(Versioned, Synced, Tracked):
    class Kind(models.TextChoices):
        BENEFIT = "baat", _("baat")
        DISBENEFIT = "negatieve-baat", _("negatieve baat")

    class Category(models.TextChoices):
        CASHABLE = "financieel-incasseerbaar", _("financieel, incasseerbaar")
        NON_CASHABLE = "financieel-niet-incasseerbaar", _("financieel, niet incasseerbaar")
        NON_FINANCIAL = "niet-financieel", _("niet-financieel")

    class Direction(models.TextChoices):
        HIGHER = "hoger", _("hoger is beter")
        LOWER = "lager", _("lager is beter")

    class Frequency(models.IntegerChoices):
        MONTH = 1, _("maandelijks")
        QUARTER = 3, _("per kwartaal")
        HALF_YEAR = 6, _("per halfjaar")
        YEAR = 12, _("jaarlijks")

    class Status(models.TextChoices):
        EXPECTED = "verwacht", _("verwacht")
        TRACKING = "in-meting", _("in meting")
        PARTLY = "deels-gerealiseerd", _("deels gerealiseerd")
        REALISED = "gerealiseerd", _("gerealiseerd")
        NOT_REALISED = "niet-gerealiseerd", _("niet gerealiseerd")
        CANCELLED = "vervallen", _("vervallen")

    class Track(models.TextChoices):
        ON_TRACK = "op-koers", _("op koers")
        BEHIND = "achter", _("achter op plan")
        UNMEASURED = "niet-gemeten", _("niet gemeten")

    class Esg(models.TextChoices):
        PEOPLE_PARTICIPATION = "people-burgerparticipatie", _("People: burgerparticipatie")
        PEOPLE_HEALTH = "people-gezondheid", _("People: gezondheid en welzijn")
        PEOPLE_INCLUSION = "people-inclusie", _("People: inclusie en kansengelijkheid")
        PEOPLE_SAFETY = "people-veiligheid", _("People: veiligheid")
        PLANET_CLIMATE = "planet-klimaat-energie", _("Planet: klimaat en energie")
        PLANET_CIRCULAR = "planet-circulair", _("Planet: circulaire economie")
        PLANET_NATURE = "planet-biodiversiteit", _("Planet: biodiversiteit en groen")
        PLANET_MOBILITY = "planet-mobiliteit", _("Planet: mobiliteit en luchtkwaliteit")
        PROFIT_PROCUREMENT = "profit-duurzaam-inkopen", _("Profit: duurzaam inkopen")
        PROFIT_ECONOMY = "profit-lokale-economie", _("Profit: lokale economie en werk")
        PROFIT_SERVICE = "profit-dienstverlening", _("Profit: doelmatige dienstverlening")

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.BENEFIT)
    name = models.CharField(
        _("baat"),
        max_length=200,
        help_text=_("Benoemd met een verandering: ‘Kortere doorlooptijd vergunningen’."),
    )
    description = models.TextField(_("omschrijving"), blank=True)
    category = models.CharField(_("categorie"), max_length=30, choices=Category.choices)
    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.PROTECT, related_name="benefits"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="benefits",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bateneigenaar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_benefits",
    )
    objectives = models.ManyToManyField(
        Objective, verbose_name=_("doelstellingen"), blank=True, related_name="benefits"
    )
    measure = models.CharField(
        _("indicator"),
        max_length=200,
        blank=True,
        help_text=_("Wat er gemeten wordt: ‘gemiddelde doorlooptijd in dagen’."),
    )
    unit = models.CharField(_("eenheid"), max_length=30, blank=True)
    direction = models.CharField(
        _("richting"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    data_source = models.CharField(
        _("gegevensbron"),
        max_length=200,
        blank=True,
        help_text=_("Waar de meting vandaan komt: een systeem, rapport of enquête."),
    )
    frequency = models.PositiveSmallIntegerField(
        _("meetfrequentie"), choices=Frequency.choices, default=Frequency.QUARTER
    )
    baseline_value = models.DecimalField(_("nulmeting"), null=True, blank=True, **AMOUNT)
    baseline_date = models.DateField(
        _("datum nulmeting"), null=True, blank=True, validators=[plausible_date]
    )
    target_value = models.DecimalField(_("streefwaarde"), null=True, blank=True, **AMOUNT)
    target_date = models.DateField(
        _("streefdatum"), null=True, blank=True, validators=[plausible_date]
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.EXPECTED
    )
    esg_theme = models.CharField(_("ESG-thema"), max_length=30, choices=Esg.choices, blank=True)
    approved_at = models.DateTimeField(_("vastgesteld op"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    # Derived by the services from the measurements and the trajectory.
    last_value = models.DecimalField(_("laatste meting"), null=True, editable=False, **AMOUNT)
    last_measured_on = models.DateField(_("laatst gemeten"), null=True, editable=False)
    realisation = models.DecimalField(
        _("realisatie (%)"), max_digits=9, decimal_places=1, null=True, editable=False
    )
    expected = models.DecimalField(
        _("volgens plan (%)"), max_digits=9, decimal_places=1, null=True, editable=False
    )
    track = models.CharField(
        _("voortgang"), max_length=20, choices=Track.choices, blank=True, editable=False
    )
    due_on = models.DateField(_("volgende meting uiterlijk"), null=True, editable=False)
    planned_amount = models.DecimalField(
        _("gepland (€)"), null=True, editable=False, max_digits=16, decimal_places=2
    )
    realised_amount = models.DecimalField(
        _("gerealiseerd (€)"), null=True, editable=False, max_digits=16, decimal_places=2
    )

    objects = BenefitQuerySet.as_manager()

    class Meta:
        verbose_name = _("baat")
        verbose_name_plural = _("baten")
        ordering = ["name", "pk"]
        # The register sorts by name: without an index PostgreSQL sorts 20,000 rows per
        # page (bench/run.py benefits, docs/PERFORMANCE.md).
        indexes = [models.Index(fields=["status", "due_on"]), models.Index(fields=["name", "id"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("benefits:benefit_detail", kwargs={"pk": self.pk})

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_financial(self) -> bool:
        return self.category != self.Category.NON_FINANCIAL


# The statuses in which a benefit is still being realised, and so measured.
ACTIVE_STATUSES = (Benefit.Status.EXPECTED, Benefit.Status.TRACKING, Benefit.Status.PARTLY)


class PlannedValue(Tracked):
    """One point of the realisation plan: the value expected by a date."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="planned")
    date = models.DateField(_("datum"), validators=[plausible_date])
    value = models.DecimalField(_("verwachte waarde"), **AMOUNT)

    objects = BenefitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("tussendoel")
        verbose_name_plural = _("tussendoelen")
        ordering = ["benefit", "date"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "date"], name="one_planned_value_a_date")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}: {self.value}"


class Contribution(Tracked):
    """The share of a benefit attributed to a project; the shares of one benefit never
    add up to more than 100 %."""

    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="contributions")
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="benefit_shares"
    )
    share = models.DecimalField(
        _("aandeel (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0.01), MaxValueValidator(100)],
    )

    objects = BenefitChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("toerekening")
        verbose_name_plural = _("toerekeningen")
        ordering = ["benefit", "-share", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["benefit", "project"], name="one_share_a_project"),
            models.CheckConstraint(
                condition=models.Q(share__gt=0, share__lte=100), name="share_within_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.share} %"


class Measurement(Synced, Tracked):
    benefit = models.ForeignKey(Benefit, on_delete=models.CASCADE, related_name="measurements")
    measured_on = models.DateField(_("meetdatum"), validators=[plausible_date])
    value = models.DecimalField(_("waarde"), **AMOUNT)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgelegd door"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["benefit", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["benefit", "measured_on"],
                name="one_measurement_a_day",
                violation_error_message=_("Er is al een meting op deze datum."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.measured_on:%d-%m-%Y}: {self.value}"
