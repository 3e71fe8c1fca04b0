"""Form widgets and styling shared by every form (NL Design System classes)."""

from django import forms

from pmo.dates import EARLIEST, LATEST


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, **kwargs):
        # The browser's picker offers the same window the server accepts (pmo/dates.py).
        attrs = {"min": EARLIEST.isoformat(), "max": LATEST.isoformat(), **(attrs or {})}
        super().__init__(attrs=attrs, format="%Y-%m-%d", **kwargs)


def style_widgets(form: forms.BaseForm) -> None:
    """NL Design System classes on every visible widget of a form."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.HiddenInput):
            continue
        if isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("class", "utrecht-textarea")
            # Django's default of 10 rows makes a long form very long on a phone.
            if widget.attrs.get("rows") in (None, "10"):
                widget.attrs["rows"] = 3
        else:
            widget.attrs.setdefault("class", "utrecht-textbox utrecht-textbox--html-input")


def expected_version(data, name: str = "version") -> int:
    """The version a posted form started from; 0 (never current) when missing or garbled."""
    try:
        return int(data.get(name, "0"))
    except (TypeError, ValueError):
        return 0


def styled_login_form():
    """Django's login form with the same field styling as every other form."""
    from django.contrib.auth.forms import AuthenticationForm

    class LoginForm(AuthenticationForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            style_widgets(self)

    return LoginForm
