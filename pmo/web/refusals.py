"""One answer, on every page, for a write that was refused: a view catches StaleError or
ValidationError from its service, `attach`es it to the form and answers `refusal_status`.

- stale data (someone changed the object since the form was loaded): 409, the form keeps
  the user's input, names who changed which fields since, and carries the current version
  so a deliberate second save applies to what the user has now seen;
- invalid input: 422 with the errors on their fields (or above the form).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from pmo.versioning import StaleError

STALE = 409
INVALID = 422


def refusal_status(error: Exception) -> int:
    return STALE if isinstance(error, StaleError) else INVALID


def refusal_text(error: Exception) -> str:
    """The reason in the user's words; a ValidationError's str() would show its repr."""
    if isinstance(error, StaleError):
        return (
            error.message()
            + " "
            + _("Uw wijzigingen zijn niet opgeslagen. Controleer ze en sla opnieuw op.")
        )
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)


def attach(form: forms.BaseForm, error: Exception, *, version_field: str = "version") -> None:
    """Put the refusal on the form: field errors where they belong, a stale notice on top."""
    if isinstance(error, StaleError):
        form.add_error(None, refusal_text(error))
        if version_field in form.fields:
            data = form.data.copy()
            key = form.add_prefix(version_field)
            data[key] = error.current_version
            form.data = data
    elif isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            known = {name: msgs for name, msgs in error.error_dict.items() if name in form.fields}
            rest = [
                m
                for name, msgs in error.error_dict.items()
                if name not in form.fields
                for m in msgs
            ]
            for name, messages in known.items():
                form.add_error(name, messages)
            if rest:
                form.add_error(None, rest)
        else:
            form.add_error(None, error)
    else:
        form.add_error(None, str(error))


def submit(form: forms.BaseForm, write) -> tuple[int, object]:
    """A posted form's one write: (200, what `write()` returned) when the form is valid and
    the service took it; otherwise (422 or 409, None) with the reason on the form and
    nothing written. The view decides what success looks like."""
    if not form.is_valid():
        return INVALID, None
    try:
        return 200, write()
    except (StaleError, ValidationError) as error:
        attach(form, error)
        return refusal_status(error), None
