"""Form helpers every page of the system shares: Swedish messages, dates, accessible widgets.

`AppFormMixin` gives every widget its design-system class and `aria-describedby`, and puts a
service's `ValidationError` back on the form (`add_service_errors`) so a page can be shown
again with everything the user typed.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.widgets import Input

DATUM_FEL = "Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2024-04-23."
VAL_FEL = "Välj ett av alternativen i listan."


def felmeddelanden(required: str, **more: str) -> dict[str, str]:
    return {"required": required, **more}


class DatumInput(forms.DateInput):
    """A native date picker; its value is always ISO (YYYY-MM-DD), whatever the locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "app-input--width-10", **(attrs or {})}, format="%Y-%m-%d")


def datum_falt(label: str, *, required: bool = True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=DatumInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATUM_FEL, **kwargs.pop("error_messages", {})},
        **kwargs,
    )


class AppFormMixin:
    """Give every widget its design-system class and accessible description.

    `aria-describedby` points at the hint and error rendered by `components/field.html`
    (`id_<name>-hint`, `id_<name>-error`), and is recomputed whenever errors change, so a field
    is described by its error only while it has one. Grouped inputs (radios, checkboxes) get
    theirs on the <fieldset> from the template instead.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._decorate_widgets()

    def full_clean(self):
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
