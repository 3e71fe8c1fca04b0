"""Phases and gates (beslisdocumenten), business case versions, board meetings."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pmo.access import area_queryset, can_prepare_board, can_see_board, edits_everything, signed_in
from pmo.dates import plausible_date
from pmo.tracking import Tracked

from ..projects.models import Phase, Project, ProjectChildQuerySet
from ..status.models import RAG, StatusReport

# What each phase requires is known to all; the PMO maintains it.
PhaseRequirementQuerySet = area_queryset(readers=signed_in, writers=edits_everything)
# The board's meetings: roles that read the whole portfolio; the PMO-analist plans them.
BoardMeetingQuerySet = area_queryset(readers=can_see_board, writers=can_prepare_board)


class DocumentKind(models.TextChoices):
    MANDATE = "projectopdracht", _("Projectopdracht")
    PID = "plan-van-aanpak", _("Plan van aanpak")
    BUSINESS_CASE = "business-case", _("Business case")
    DESIGN = "ontwerp", _("Ontwerpdocument")
    TENDER = "aanbesteding", _("Aanbestedingsdocument")
    HANDOVER = "overdracht", _("Overdrachtsdocument")
    EVALUATION = "evaluatie", _("Evaluatie en decharge")


class PhaseRequirement(Tracked):
    """What a project must have before it may leave a phase; a beheerder or analyst
    changes it in the admin. Created with the defaults by the first migration."""

    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, unique=True)
    required_documents = models.JSONField(
        _("vereiste documenten"),
        default=list,
        blank=True,
        help_text=_("Documentsoorten die er moeten zijn voordat de fase wordt verlaten."),
    )

    objects = PhaseRequirementQuerySet.as_manager()

    class Meta:
        verbose_name = _("fase-eis")
        verbose_name_plural = _("fase-eisen")

    def __str__(self) -> str:
        return self.get_phase_display()


class ProjectDocument(Tracked):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("soort"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    link = models.URLField(
        _("vindplaats"),
        blank=True,
        help_text=_("Link naar het document in het DMS of zaaksysteem."),
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("projectdocument")
        verbose_name_plural = _("projectdocumenten")
        ordering = ["project", "added_at"]

    def __str__(self) -> str:
        return self.title


class BoardMeeting(Tracked):
    class State(models.TextChoices):
        PLANNED = "gepland", _("gepland")
        HELD = "gehouden", _("gehouden")

    date = models.DateField(_("datum"), validators=[plausible_date])
    title = models.CharField(_("titel"), max_length=200)
    state = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.PLANNED
    )

    objects = BoardMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("vergadering portfolioraad")
        verbose_name_plural = _("vergaderingen portfolioraad")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.title} {self.date:%d-%m-%Y}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", kwargs={"pk": self.pk})


class GateDecision(Tracked):
    """Beslisdocument: a proposal to move a project to a next phase and, once the board
    decided, its decision judged on GOTIK with an optional delivery confidence."""

    class Decision(models.TextChoices):
        GO = "go", _("go")
        GO_CONDITIONS = "go-voorwaarden", _("go met voorwaarden")
        HOLD = "hold", _("hold")
        STOP = "stop", _("stop")

    class Confidence(models.TextChoices):
        GREEN = "groen", _("groen")
        AMBER_GREEN = "oranje-groen", _("oranje/groen")
        AMBER = "oranje", _("oranje")
        AMBER_RED = "oranje-rood", _("oranje/rood")
        RED = "rood", _("rood")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gates")
    from_phase = models.CharField(_("van fase"), max_length=20, choices=Phase.choices)
    to_phase = models.CharField(_("naar fase"), max_length=20, choices=Phase.choices)
    proposal = models.TextField(_("voorstel"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)

    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices, blank=True)
    conditions = models.TextField(_("voorwaarden"), blank=True)
    reasoning = models.TextField(_("motivering"), blank=True)
    # GOTIK: geld, organisatie, tijd, informatie, kwaliteit.
    gotik_money = models.CharField(_("geld"), max_length=10, choices=RAG.choices, blank=True)
    gotik_organisation = models.CharField(
        _("organisatie"), max_length=10, choices=RAG.choices, blank=True
    )
    gotik_time = models.CharField(_("tijd"), max_length=10, choices=RAG.choices, blank=True)
    gotik_information = models.CharField(
        _("informatie"), max_length=10, choices=RAG.choices, blank=True
    )
    gotik_quality = models.CharField(_("kwaliteit"), max_length=10, choices=RAG.choices, blank=True)
    delivery_confidence = models.CharField(
        _("delivery confidence"), max_length=15, choices=Confidence.choices, blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    meeting = models.ForeignKey(
        BoardMeeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gate_decisions",
    )

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslisdocument")
        verbose_name_plural = _("beslisdocumenten")
        ordering = ["-proposed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(decision=""),
                name="one_open_gate_per_project",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.project.code}: {self.get_from_phase_display()} → {self.get_to_phase_display()}"
        )

    @property
    def is_open(self) -> bool:
        return not self.decision


class BusinessCaseVersion(Tracked):
    """The business case as it stood at a gate: costs and benefits per year, options."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="business_cases")
    gate = models.OneToOneField(
        GateDecision, on_delete=models.CASCADE, related_name="business_case"
    )
    costs = models.JSONField(_("kosten per jaar"), default=dict)
    benefits = models.JSONField(_("baten per jaar"), default=dict, blank=True)
    options = models.TextField(_("opties"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("business case (versie)")
        verbose_name_plural = _("business cases (versies)")
        ordering = ["project", "created_at"]

    def __str__(self) -> str:
        return f"{self.project.code} {self.created_at:%Y-%m-%d}"


class AgendaItem(Tracked):
    """One point for the board: a gate proposal, an exception or an escalation from a
    report, or a subject a later domain puts before the board (an escalated risk or
    issue, a request for change beyond tolerance).

    A subject is any row (`subject`), named generically because governance comes before
    the domains that own it; it still belongs to a project, so a subject without one (a
    portfolio risk raised at the portfolio itself) does not come on the agenda this way.
    One open item per subject; the items of reports keep one per project and kind."""

    class Kind(models.TextChoices):
        GATE = "gate", _("faseovergang")
        EXCEPTION = "exception", _("buiten tolerantie")
        ESCALATION = "escalation", _("escalatie")
        RISK = "risk", _("geëscaleerd risico")
        CHANGE = "change", _("wijzigingsverzoek")

    meeting = models.ForeignKey(BoardMeeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="agenda_items")
    report = models.ForeignKey(
        StatusReport, on_delete=models.CASCADE, null=True, blank=True, related_name="agenda_items"
    )
    gate = models.ForeignKey(
        GateDecision, on_delete=models.CASCADE, null=True, blank=True, related_name="agenda_items"
    )
    # Reports of the same project and subject that this item replaced while it was open:
    # the board decides once, on the newest, and can still read what came before.
    earlier_reports = models.ManyToManyField(
        StatusReport, blank=True, related_name="replaced_on_agenda"
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    decision = models.TextField(_("besluit"), blank=True)
    reasoning = models.TextField(_("motivering"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "project__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "kind"],
                condition=models.Q(report__isnull=False),
                name="report_once_per_kind_on_agenda",
            ),
            models.UniqueConstraint(
                fields=["gate"], condition=models.Q(gate__isnull=False), name="gate_once_on_agenda"
            ),
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=models.Q(decided_at__isnull=True, subject_type__isnull=True),
                name="one_open_item_per_project_and_kind",
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=models.Q(decided_at__isnull=True, subject_type__isnull=False),
                name="one_open_item_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.project.code}"
