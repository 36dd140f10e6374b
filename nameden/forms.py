"""Form helpers every page of the system shares: Swedish messages, dates, accessible widgets.

`AppFormMixin` gives every widget its design-system class and `aria-describedby`, applies the
text rule of `nameden.textkontroll` to every text field, and puts a service's
`ValidationError` back on the form (`add_service_errors`) so a page can be shown again with
everything the user typed.
"""

import datetime as dt

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.widgets import Input

from nameden import textkontroll

DATUM_FEL = "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2024-04-23."
VAL_FEL = "Välj ett av alternativen i listan."

#: Years any date field accepts. Narrower rules for each date (an inkom date not in the
#: future, …) are the domain's, e.g. `remiss.validering`; this only keeps out the year 1 and
#: the year 9999, where date arithmetic overflows.
FORSTA_AR, SISTA_AR = 1900, 2100
AR_FEL = f"Ange ett datum mellan år {FORSTA_AR} och {SISTA_AR}."

#: The largest id a database integer column holds (SQLite raises OverflowError past it, so a
#: form refuses a bigger one rather than passing it on).
STORSTA_ID = 2**63 - 1


def felmeddelanden(required: str, **more: str) -> dict[str, str]:
    return {"required": required, **more}


def text_falt(
    label: str, max_length: int, *, too_long: str, missing: str | None = None, **kwargs
) -> forms.CharField:
    """A text field with its Swedish messages: `missing` when it is empty (no `missing`: the
    field is optional), `too_long` past `max_length`."""
    error_messages = {"max_length": too_long}
    if missing is not None:
        error_messages["required"] = missing
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=missing is not None,
        error_messages=error_messages,
        **kwargs,
    )


class DatumInput(forms.DateInput):
    """A native date picker; its value is always ISO (YYYY-MM-DD), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "app-input--width-10", **(attrs or {})}, format="%Y-%m-%d")


def rimligt_ar(value: dt.date | None) -> None:
    """Refuse dates outside FORSTA_AR–SISTA_AR (used by `datum_falt`, and by services)."""
    if value is not None and not FORSTA_AR <= value.year <= SISTA_AR:
        raise ValidationError(AR_FEL, code="ar")


def datum_falt(label: str, *, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DatumInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATUM_FEL, **kwargs.pop("error_messages", {})},
        validators=[rimligt_ar, *kwargs.pop("validators", [])],
        **kwargs,
    )


class AppFormMixin:
    """Give every widget its design-system class and accessible description, and check text.

    `aria-describedby` points at the hint and error rendered by `components/field.html`
    (`id_<name>-hint`, `id_<name>-error`), and is recomputed whenever errors change, so a field
    is described by its error only while it has one. Grouped inputs (radios, checkboxes) get
    theirs on the <fieldset> from the template instead.

    Every text field follows `nameden.textkontroll`: a CharField with a <textarea> is
    multi-line text, any other CharField one line (folded); a field with `text_regel =
    "lista"` is a list of one-line texts (beslutspunkter). A form whose text is printed in the
    document sets `text_i_dokumentet = True`, and its text must then be drawable in the PDF's
    font too. Fields added after `__init__` are covered as well (the check is put in place
    again before cleaning).
    """

    #: Every text field of the form is printed in the document (so the font must draw it).
    text_i_dokumentet = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._install_checks()
        self._decorate_widgets()

    def full_clean(self):
        self._install_checks()
        super().full_clean()
        self._decorate_widgets()

    def add_error(self, field, error):
        super().add_error(field, error)
        self._decorate_widgets()

    def add_service_errors(self, exc: ValidationError, alias: dict[str, str] | None = None):
        """Put a service's ValidationError on the form: its fields where they exist, else on top.

        `alias` maps a service's field name to this form's, e.g. {"punkter": "punkt"}.
        """
        alias = alias or {}
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                target = alias.get(name, name)
                if target == NON_FIELD_ERRORS or target not in self.fields:
                    target = None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in exc.messages:
                self.add_error(None, message)

    # --- Input checks ---------------------------------------------------------------------

    @staticmethod
    def _text_regel(field) -> str | None:
        regel = getattr(field, "text_regel", None)
        if regel is not None or not isinstance(field, forms.CharField):
            return regel
        return "stycken" if isinstance(field.widget, forms.Textarea) else "rad"

    def _install_checks(self) -> None:
        """Wrap each field's `to_python` once: text rule for text, range check for choices."""
        for field in self.fields.values():
            if getattr(field, "_app_checked", False):
                continue
            field._app_checked = True
            regel = self._text_regel(field)
            if regel is not None:
                field.to_python = self._text_to_python(field, regel)
                # Ours names the field and the character; Django's would say it again.
                field.validators = [
                    v
                    for v in field.validators
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ]
            elif isinstance(field, forms.ModelChoiceField):
                field.clean = self._choice_clean(field)

    def _text_to_python(self, field, regel: str):
        original = field.to_python

        def to_python(value):
            value = original(value)
            if not value:
                return value
            etikett = str(field.label or "Fältet")
            dokument = self.text_i_dokumentet
            if regel == "lista":
                return textkontroll.kontrollera_lista(value, etikett=etikett, dokument=dokument)
            return textkontroll.kontrollera(
                value, etikett=etikett, flerradig=regel == "stycken", dokument=dokument
            )

        return to_python

    @staticmethod
    def _choice_clean(field):
        """A choice by id must be an id a database can hold: "99…9" is not in the list.

        (Otherwise SQLite raises OverflowError for ids past 2⁶³ in a multiple choice.)
        """
        original = field.clean

        def clean(value):
            flera = isinstance(value, list | tuple)
            for v in value if flera else [value]:
                siffror = str(v if v is not None else "").strip().lstrip("-")
                if not (siffror.isascii() and siffror.isdigit()):
                    continue  # not an id at all: the field's own check says so
                if len(siffror) > 19 or int(siffror) > STORSTA_ID:
                    message = field.error_messages[
                        "invalid_pk_value" if flera else "invalid_choice"
                    ]
                    raise ValidationError(
                        VAL_FEL if "%(" in str(message) else message, code="invalid_choice"
                    )
            return original(value)

        return clean

    @staticmethod
    def _widget_classes(widget) -> tuple[str, str] | None:
        if isinstance(widget, forms.HiddenInput | forms.RadioSelect | forms.CheckboxInput):
            return None
        if isinstance(widget, forms.FileInput):
            return "app-file-upload", ""
        if isinstance(widget, forms.Textarea):
            return "app-textarea", "app-textarea--error"
        if isinstance(widget, forms.Select):
            return "app-select", "app-select--error"
        if isinstance(widget, Input):
            return "app-input", "app-input--error"
        return None

    def _auto_id_for(self, name: str) -> str:
        # As BoundField.auto_id, without creating the bound field: BoundField copies label
        # and help_text when created, so creating it here would freeze them too early.
        html_name = self.add_prefix(name)
        if self.auto_id and "%s" in str(self.auto_id):
            return self.auto_id % html_name
        return html_name if self.auto_id else ""

    def _decorate_widgets(self) -> None:
        errors = self._errors or {}
        for name, field in self.fields.items():
            widget = field.widget
            if widget.is_hidden:
                continue
            if not hasattr(widget, "_app_base_class"):
                widget._app_base_class = widget.attrs.get("class", "")
            has_error = name in errors
            classes = self._widget_classes(widget)
            if classes is not None:
                base, error_class = classes
                names = [base, widget._app_base_class, error_class if has_error else ""]
                widget.attrs["class"] = " ".join(n for n in names if n)
            if getattr(widget, "use_fieldset", False):
                continue
            auto_id = self._auto_id_for(name)
            described = []
            if field.help_text:
                described.append(f"{auto_id}-hint")
            if has_error:
                described.append(f"{auto_id}-error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
            else:
                widget.attrs.pop("aria-describedby", None)
