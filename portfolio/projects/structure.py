"""The structure projects hang in: org units (a tree), portfolios and programmes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from pmo.access import area_queryset, edits_everything, signed_in
from pmo.tracking import Synced, Tracked

code_validator = RegexValidator(
    r"^[A-Z0-9][A-Z0-9-]{1,29}$",
    _("Gebruik 2–30 hoofdletters, cijfers of streepjes, bijvoorbeeld RUI-2026-014."),
)


# The structure (org units, portfolios, programmes) is known to everyone signed in; the
# PMO-analist maintains it.
StructureQuerySet = area_queryset(readers=signed_in, writers=edits_everything)


class OrgUnitQuerySet(StructureQuerySet):
    def subtree_of(self, unit) -> "OrgUnitQuerySet":
        return self.filter(path__startswith=unit.path)


class OrgUnit(Synced, Tracked):
    """Domein, cluster or afdeling; a tree kept as a materialised path for cheap subtrees."""

    class Kind(models.TextChoices):
        DOMAIN = "domein", _("domein")
        CLUSTER = "cluster", _("cluster")
        DEPARTMENT = "afdeling", _("afdeling")

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("naam"), max_length=120)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("valt onder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # "/<root pk>/<child pk>/…/": set on save, never edited by hand.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatieonderdeel")
        verbose_name_plural = _("organisatieonderdelen")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        super().save(*args, **kwargs)  # the path needs the primary key
        new_path = (self.parent.path if self.parent_id else "/") + f"{self.pk}/"
        if new_path == old_path:
            return
        self.path = new_path
        OrgUnit.objects.filter(pk=self.pk).update(path=new_path)
        if old_path:
            # Moving a unit moves its subtree.
            for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                OrgUnit.objects.filter(pk=child.pk).update(
                    path=new_path + child.path[len(old_path) :]
                )

    def clean(self) -> None:
        if self.pk and self.parent_id:
            parent = OrgUnit.objects.get(pk=self.parent_id)
            if parent.path.startswith(self.path or f"/{self.pk}/"):
                message = _("Een onderdeel kan niet onder zichzelf of een eigen onderdeel vallen.")
                raise ValidationError({"parent": message})

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    @property
    def tree_label(self) -> str:
        """The name indented by depth, so the tree reads in a plain <select>."""
        return "\u00a0\u00a0" * self.depth + self.name


class Portfolio(Synced, Tracked):
    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("omschrijving"), blank=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolio's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(Synced, Tracked):
    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    name = models.CharField(_("naam"), max_length=120)
    portfolio = models.ForeignKey(
        Portfolio, verbose_name=_("portfolio"), on_delete=models.PROTECT, related_name="programmes"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("organisatieonderdeel"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opdrachtgever"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sponsored_programmes",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programmamanager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_programmes",
    )
    description = models.TextField(_("omschrijving"), blank=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("programma")
        verbose_name_plural = _("programma's")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
