"""Forms of the weerstandsvermogen: the beschikbare capaciteit with its components, the
risk policy (scales, certainty, classes) and asking for a simulation."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo.web.fields import AmountField, WholeNumberField
from pmo.web.widgets import DateInput, style_widgets
from portfolio.projects.models import OrgUnit

from ..models import CapacityComponent, CapacityStatement
from ..models.scales import CLASSES
from ..rules import simulation
from ..services.resistance import Component

COMPONENT_ROWS = 3  # empty rows offered below the existing components


class ComponentForm(forms.Form):
    name = forms.CharField(label=_("onderdeel"), max_length=160, required=False)
    kind = forms.ChoiceField(
        label=_("soort"),
        choices=CapacityComponent.Kind.choices,
        initial=CapacityComponent.Kind.INCIDENTAL,
        required=False,  # an empty row left out: its kind alone is no component
    )
    amount = AmountField(label=_("bedrag (€)"), max_digits=16, decimal_places=2, required=False)

    def clean(self):
        data = super().clean()
        if data.get("name") and data.get("amount") is None:
            self.add_error("amount", _("Geef het bedrag."))
        if data.get("amount") is not None and not data.get("name"):
            self.add_error("name", _("Geef het onderdeel een naam."))
        if data.get("amount") is not None and data["amount"] < 0:
            self.add_error("amount", _("De beschikbare weerstandscapaciteit is niet negatief."))
        return data


ComponentFormSet = forms.formset_factory(ComponentForm, extra=COMPONENT_ROWS, max_num=30)


class CapacityForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CapacityStatement
        fields = ["org_unit", "as_of", "notes"]
        widgets = {"as_of": DateInput, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.order_by("path")
        self.fields["org_unit"].empty_label = _("heel de organisatie")
        if self.instance.pk:
            self.fields["org_unit"].disabled = True
            self.fields["version"].initial = self.instance.version
        components = [
            {"name": c.name, "kind": c.kind, "amount": c.amount}
            for c in (self.instance.components.all() if self.instance.pk else [])
        ]
        self.components = ComponentFormSet(
            self.data or None, initial=components, prefix="onderdeel"
        )
        style_widgets(self)
        for row in self.components:
            style_widgets(row)

    def is_valid(self) -> bool:
        return super().is_valid() & self.components.is_valid()

    def component_rows(self) -> list[Component]:
        return [
            Component(row["name"], row["kind"] or CapacityComponent.Kind.INCIDENTAL, row["amount"])
            for row in self.components.cleaned_data
            if row.get("name")
        ]


def _numbers(prefix: str, label, count: int, *, decimal: bool = False) -> dict:
    field = AmountField if decimal else WholeNumberField
    return {f"{prefix}_{i}": field(label=f"{label} {i}", min_value=0) for i in range(1, count + 1)}


class PolicyForm(forms.Form):
    """Five probabilities, four money and four time bounds, five quality labels, the
    certainty and the class table (one row per class, best first)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    certainty = forms.DecimalField(
        label=_("zekerheid (%)"), max_digits=4, decimal_places=1, min_value=0, max_value=100
    )

    def __init__(self, *args, policy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_numbers("probability", _("kans klasse"), CLASSES))
        self.fields.update(_numbers("money", _("bovengrens klasse"), CLASSES - 1, decimal=True))
        self.fields.update(_numbers("time", _("weken klasse"), CLASSES - 1))
        for i in range(1, CLASSES + 1):
            self.fields[f"quality_{i}"] = forms.CharField(
                label=_("kwaliteit klasse %(n)s") % {"n": i}, max_length=120
            )
        self.initial = self.initial or self._initial(policy)
        self.classes = ClassFormSet(self.data or None, initial=policy.class_bounds, prefix="klasse")
        style_widgets(self)
        for row in self.classes:
            style_widgets(row)

    @staticmethod
    def _initial(policy) -> dict:
        values = {"version": policy.version if policy.pk else None, "certainty": policy.certainty}
        for name, key in (("probability", "probabilities"), ("money", "money_bounds")):
            values.update({f"{name}_{i}": v for i, v in enumerate(getattr(policy, key), 1)})
        values.update({f"time_{i}": v for i, v in enumerate(policy.time_bounds, 1)})
        values.update({f"quality_{i}": v for i, v in enumerate(policy.quality_labels, 1)})
        return values

    def is_valid(self) -> bool:
        return super().is_valid() & self.classes.is_valid()

    @property
    def groups(self) -> dict[str, list]:
        """The bound fields by scale, in class order, for the template."""
        sizes = {"probability": CLASSES, "money": CLASSES - 1, "time": CLASSES - 1}
        sizes["quality"] = CLASSES
        return {
            name: [self[f"{name}_{i}"] for i in range(1, size + 1)] for name, size in sizes.items()
        }

    def values(self) -> dict:
        data = self.cleaned_data
        return {
            "probabilities": [_plain(data[f"probability_{i}"]) for i in range(1, CLASSES + 1)],
            "money_bounds": [_plain(data[f"money_{i}"]) for i in range(1, CLASSES)],
            "time_bounds": [_plain(data[f"time_{i}"]) for i in range(1, CLASSES)],
            "quality_labels": [data[f"quality_{i}"] for i in range(1, CLASSES + 1)],
            "certainty": data["certainty"],
            "class_bounds": [
                {
                    "class": row["class_name"],
                    "label": row.get("label", ""),
                    "lower": float(row["lower"]),
                    "inclusive": row["inclusive"] == "ge",
                }
                for row in self.classes.cleaned_data
                if row.get("class_name")
            ],
        }


def _plain(value: Decimal | None) -> int | float | None:
    """A number as JSON keeps it: € 60.000 as 60000, € 60.000,50 as 60000.5."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


class ClassForm(forms.Form):
    class_name = forms.CharField(label=_("klasse"), max_length=2, required=False)
    label = forms.CharField(label=_("waardering"), max_length=60, required=False)
    inclusive = forms.ChoiceField(
        label=_("grens"), choices=[("ge", "≥"), ("gt", ">")], initial="ge"
    )
    lower = AmountField(label=_("ratio vanaf"), max_digits=6, decimal_places=2, required=False)

    def __init__(self, *args, initial=None, **kwargs):
        if initial and "class" in initial:
            initial = {
                "class_name": initial["class"],
                "label": initial.get("label", ""),
                "lower": Decimal(repr(initial["lower"])),
                "inclusive": "ge" if initial.get("inclusive", True) else "gt",
            }
        super().__init__(*args, initial=initial, **kwargs)

    def clean(self):
        data = super().clean()
        if data.get("class_name") and data.get("lower") is None:
            self.add_error("lower", _("Geef de ondergrens van de klasse."))
        return data


ClassFormSet = forms.formset_factory(ClassForm, extra=1, max_num=12)


class SimulationForm(forms.Form):
    iterations = WholeNumberField(
        label=_("iteraties"),
        min_value=1000,
        max_value=simulation.MAX_ITERATIONS,
        initial=simulation.DEFAULT_ITERATIONS,
    )
    seed = forms.IntegerField(
        label=_("seed"),
        min_value=0,
        max_value=2**63 - 1,
        required=False,
        help_text=_(
            "Leeg: een nieuwe trekking. Met de seed van een eerdere berekening herhaalt u "
            "die precies."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
