"""Small forms every app's pages share."""

from django import forms


class RemovalForm(forms.Form):
    """A removal carries only the version the page showed, so a stale one is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)
