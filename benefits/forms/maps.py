"""Forms of the batenkaarten: the map, a box, an arrow, and a removal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pmo.web.widgets import style_widgets

from ..models import BenefitMap, MapNode


class MapForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = BenefitMap
        fields = ["name", "description", "portfolio", "programme"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.edits_everything:  # a programme manager draws their own programme's
            self.fields["programme"].queryset = user.managed_programmes.all()
            self.fields["programme"].required = True
        style_widgets(self)


class NodeForm(forms.ModelForm):
    """A box of the map; what it may stand for is narrowed to the map's scope."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MapNode
        fields = ["kind", "label", "benefit", "project", "objective", "disbenefit"]

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["benefit"].queryset = choices["benefits"]
        self.fields["project"].queryset = choices["projects"]
        objectives = choices["objectives"]
        self.fields["objective"].queryset = objectives
        self.fields["objective"].label_from_instance = lambda o: f"{o.framework.name}: {o.name}"
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
        style_widgets(self)


class LinkForm(forms.Form):
    source = forms.ModelChoiceField(label=_("Van"), queryset=MapNode.objects.none())
    target = forms.ModelChoiceField(label=_("Draagt bij aan"), queryset=MapNode.objects.none())

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        # The boxes are already read for the diagram: no second query for the choices.
        choices = [("", "---------")] + [
            (node.pk, f"{node.get_kind_display()}: {node.title}") for node in nodes
        ]
        for name in ("source", "target"):
            self.fields[name].queryset = MapNode.objects.filter(pk__in=[n.pk for n in nodes])
            self.fields[name].choices = choices
        style_widgets(self)
