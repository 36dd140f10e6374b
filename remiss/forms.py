"""Forms of the remiss pages: input parsing and Swedish messages, never business rules.

The rules live in `remiss.services` (and `remiss.validering`, shared with them); a form only
turns what was typed into Python values and says in Swedish what is missing or malformed.
Errors a service raises are put back onto the form with `add_service_errors`, so the page can
be shown again with everything the user typed. The tjänsteutlåtande's forms are in
`remiss.forms_tjansteutlatande`.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.widgets import Input

from remiss.validering import validera_datum, validera_diarienummer
from remiss.workflow import Status

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


# --- Lists --------------------------------------------------------------------------------------


class ListaFilterForm(AppFormMixin, forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Alla statusar"), *Status.choices]
    )
    q = forms.CharField(
        label="Sök",
        required=False,
        max_length=200,
        help_text="Diarienummer, avsändarens diarienummer, rubrik eller avsändare.",
        widget=forms.TextInput(attrs={"type": "search", "class": "app-input--width-20"}),
    )


# --- Registration -------------------------------------------------------------------------------


class RegistreringsuppgifterForm(AppFormMixin, forms.Form):
    """The details the registrator records and may later correct."""

    avsandare = forms.CharField(
        label="Avsändare",
        max_length=200,
        help_text="Myndigheten eller organet som skickat remissen, till exempel Kommunstyrelsen.",
        error_messages=felmeddelanden(
            "Ange vem som skickat remissen.",
            max_length="Avsändaren får vara högst 200 tecken.",
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "avsandare-forslag"}),
    )
    avsandarens_diarienummer = forms.CharField(
        label="Avsändarens diarienummer",
        max_length=40,
        help_text="Till exempel KS 2024/112",
        error_messages=felmeddelanden(
            "Ange avsändarens diarienummer.",
            max_length="Diarienumret får vara högst 40 tecken.",
        ),
        widget=forms.TextInput(attrs={"class": "app-input--width-20", "spellcheck": "false"}),
    )
    rubrik = forms.CharField(
        label="Rubrik",
        max_length=300,
        help_text="Remissens rubrik som avsändaren skriver den.",
        error_messages=felmeddelanden(
            "Ange remissens rubrik.", max_length="Rubriken får vara högst 300 tecken."
        ),
    )
    inkom_datum = datum_falt(
        "Inkom",
        help_text="Dagen då remissen kom in till förvaltningen.",
        error_messages={"required": "Ange datum då remissen kom in."},
    )
    svarsdatum = datum_falt(
        "Svarsdatum",
        help_text="Sista dag för svar till avsändaren.",
        error_messages={"required": "Ange svarsdatum."},
    )

    def clean_avsandarens_diarienummer(self) -> str:
        return validera_diarienummer(self.cleaned_data["avsandarens_diarienummer"])

    def clean(self):
        cleaned = super().clean()
        for field, message in validera_datum(
            inkom_datum=cleaned.get("inkom_datum"), svarsdatum=cleaned.get("svarsdatum")
        ).items():
            self.add_error(field, message)
        return cleaned


class HandlaggareField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=None,
            label="Handläggare",
            empty_label="Välj handläggare",
            error_messages=felmeddelanden("Välj en handläggare.", invalid_choice=VAL_FEL),
            **kwargs,
        )


class RegistreraForm(RegistreringsuppgifterForm):
    namnder = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Nämnder som ska svara",
        help_text="Välj alla nämnder som remissen är ställd till.",
        widget=forms.CheckboxSelectMultiple,
        error_messages=felmeddelanden(
            "Välj minst en nämnd som ska svara på remissen.",
            invalid_choice="Välj nämnder i listan.",
            invalid_pk_value="Välj nämnder i listan.",
        ),
    )
    handlaggare = HandlaggareField()

    def __init__(self, *args, namnder, handlaggare, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["namnder"].queryset = namnder
        self.fields["handlaggare"].queryset = handlaggare


class TilldelaForm(AppFormMixin, forms.Form):
    handlaggare = HandlaggareField(help_text="Den som ska handlägga remissen från och med nu.")

    def __init__(self, *args, handlaggare, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handlaggare"].queryset = handlaggare


class AvskrivForm(AppFormMixin, forms.Form):
    kommentar = forms.CharField(
        label="Varför avskrivs remissen?",
        help_text="Kommentaren sparas i ärendets historik.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=felmeddelanden(
            "Skriv varför remissen avskrivs.",
            max_length="Kommentaren får vara högst 2 000 tecken.",
        ),
    )


class PaborjaForm(AppFormMixin, forms.Form):
    mall = forms.ModelChoiceField(
        queryset=None,
        label="Dokumentmall",
        help_text="Tjänsteutlåtandet skapas med mallens avsnitt och standardtexter.",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages=felmeddelanden("Välj en dokumentmall.", invalid_choice=VAL_FEL),
    )

    def __init__(self, *args, mallar, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mall"].queryset = mallar
