"""The import pages' forms: the upload, and the mapping of the sheet's columns."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..web.widgets import style_widgets
from .reading import MEGABYTE, max_upload_bytes


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort lijst"))
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("Een Excel-werkmap (.xlsx) of, voor Microsoft Project, een XML-bestand."),
    )

    def __init__(self, *args, importers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(i.key, i.label) for i in importers]
        accepts = sorted({ext for i in importers for ext in i.accepts})
        self.fields["file"].widget.attrs["accept"] = ",".join(accepts)
        self.fields["file"].help_text = _(
            "Een Excel-werkmap (.xlsx) of, voor Microsoft Project, een XML-bestand; "
            "hoogstens %(mb)s MB."
        ) % {"mb": f"{max_upload_bytes() / MEGABYTE:.0f}"}
        style_widgets(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Refused before it is read into memory; the runner checks the content itself.
        if upload.size > max_upload_bytes():
            raise forms.ValidationError(
                _("Het bestand is groter dan %(mb)s MB.")
                % {"mb": f"{max_upload_bytes() / MEGABYTE:.0f}"}
            )
        return upload


class MappingForm(forms.Form):
    """A select per importer column offering the sheet's column labels."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, importer, header: list[str], mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        options = [("", _("— niet inlezen —"))] + [(label, label) for label in header if label]
        for column in importer.columns:
            self.fields[f"col_{column.key}"] = forms.ChoiceField(
                label=column.label,
                choices=options,
                required=False,
                initial=mapping.get(column.key, ""),
            )
            self.fields[f"col_{column.key}"].condition = _("verplicht") if column.required else ""
        self.importer = importer
        style_widgets(self)

    def mapping(self) -> dict[str, str]:
        return {c.key: self.cleaned_data.get(f"col_{c.key}") or "" for c in self.importer.columns}
