"""Batenkaarten (benefits maps, MSP): per programme or portfolio a typed graph from
enablers and outputs through business changes, outcomes and benefits to the strategic
objectives. Its rules (which link is allowed, cycles, orphans, reach) are pure and live in
benefits/rules/graph.py; the services check them before a node or link is saved."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pmo.access import AccessQuerySet, edits_everything, follows_parent, reads_everything
from pmo.tracking import Synced, Tracked
from pmo.versioning import Versioned
from portfolio.assessment.models import Objective
from portfolio.projects.models import Portfolio, Programme, Project

from .profiles import Benefit


class BenefitMapQuerySet(AccessQuerySet):
    def visible_to(self, user) -> "BenefitMapQuerySet":
        """Board, analysts and administrators read all maps; the programme's
        opdrachtgever and manager read their programme's map, and anyone a map on which
        a project stands that they may see (to see where their project leads)."""
        if not user.is_authenticated:
            return self.none()
        if reads_everything(user):
            return self
        projects = Project.objects.visible_to(user).values("pk")
        showing = MapNode.objects.filter(project__in=projects).values("map")
        return self.filter(
            models.Q(programme__manager=user)
            | models.Q(programme__sponsor=user)
            | models.Q(pk__in=showing)
        )

    def editable_by(self, user) -> "BenefitMapQuerySet":
        """The PMO-analist draws every map; a programme manager their programme's."""
        if not user.is_authenticated:
            return self.none()
        if edits_everything(user):
            return self
        return self.filter(programme__manager=user)


class BenefitMap(Versioned, Synced, Tracked):
    name = models.CharField(_("naam"), max_length=160)
    description = models.TextField(_("toelichting"), blank=True)
    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.PROTECT, related_name="maps"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programma"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="maps",
        help_text=_("Leeg voor een kaart van het hele portfolio."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )

    objects = BenefitMapQuerySet.as_manager()

    class Meta:
        verbose_name = _("batenkaart")
        verbose_name_plural = _("batenkaarten")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("benefits:map_detail", kwargs={"pk": self.pk})


MapChildQuerySet = follows_parent("map")


class MapNode(Synced, Tracked):
    """One box of the map. An enabler may stand for a project, a benefit for its profile,
    an objective for one of the afwegingskader's objectives; the box then opens it."""

    class Kind(models.TextChoices):
        ENABLER = "enabler", _("enabler of resultaat")
        CHANGE = "verandering", _("bedrijfsverandering")
        OUTCOME = "uitkomst", _("uitkomst")
        INTERMEDIATE = "tussenbaat", _("tussenliggende baat")
        END = "eindbaat", _("eindbaat")
        OBJECTIVE = "doelstelling", _("strategische doelstelling")

    map = models.ForeignKey(BenefitMap, on_delete=models.CASCADE, related_name="nodes")
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    disbenefit = models.BooleanField(
        _("negatieve baat"), default=False, help_text=_("Volgt het batenprofiel als dat er is.")
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    benefit = models.ForeignKey(
        Benefit,
        verbose_name=_("batenprofiel"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="map_nodes",
    )
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("doelstelling"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MapChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("element van de batenkaart")
        verbose_name_plural = _("elementen van de batenkaart")
        ordering = ["map", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        if self.label:
            return self.label
        linked = self.benefit or self.project or self.objective
        return str(linked) if linked else self.get_kind_display()


class MapLink(Tracked):
    """An arrow: `source` contributes to `target`."""

    map = models.ForeignKey(BenefitMap, on_delete=models.CASCADE, related_name="links")
    source = models.ForeignKey(MapNode, on_delete=models.CASCADE, related_name="outgoing")
    target = models.ForeignKey(MapNode, on_delete=models.CASCADE, related_name="incoming")

    objects = MapChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("verband")
        verbose_name_plural = _("verbanden")
        ordering = ["map", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="one_link_a_pair"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="no_self_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"
