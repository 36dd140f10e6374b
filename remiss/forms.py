"""Forms of the remiss pages: input parsing and Swedish messages, never business rules.

The rules live in `remiss.services` (and `remiss.validering`, shared with them); a form only
turns what was typed into Python values and says in Swedish what is missing or malformed.
Errors a service raises are put back onto the form with `add_service_errors`, so the page can
be shown again with everything the user typed. The tjänsteutlåtande's forms are in
`remiss.forms_tjansteutlatande`. The shared helpers (`AppFormMixin`, dates) are `nameden.forms`.
"""

from django import forms

from nameden.forms import VAL_FEL, AppFormMixin, datum_falt, felmeddelanden
from remiss.validering import EPOST_FEL, validera_datum, validera_diarienummer, validera_epost
from remiss.workflow import Status

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
    """The details the registrator records and may later correct.

    Avsändare, their diarienummer and the rubrik are printed in the tjänsteutlåtande (its
    rubrik and underrubrik), so the PDF's font must be able to draw them.
    """

    text_i_dokumentet = True

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
        required=False,
        help_text="Som avsändaren skriver det, till exempel KS 2024/112, SN 18/0098 eller "
        "1.6-0463/2024.",
        error_messages={"max_length": "Diarienumret får vara högst 40 tecken."},
        widget=forms.TextInput(attrs={"class": "app-input--width-20", "spellcheck": "false"}),
    )
    inget_avsandardiarienummer = forms.BooleanField(
        label="Avsändaren har inget diarienummer",
        required=False,
        help_text="Dokumentet skriver då att avsändaren inte har något diarienummer.",
    )
    avsandare_epost = forms.EmailField(
        label="Avsändarens registratur (e-post)",
        required=False,
        max_length=254,
        help_text="Adressen som remissvaret expedieras till, till exempel "
        "registrator@stadshuset.example.se. Lämna tomt om avsändaren inte har någon: då skriver "
        "nämndsekreteraren in mottagaren vid expedieringen.",
        error_messages={
            "invalid": EPOST_FEL,
            "max_length": "E-postadressen får vara högst 254 tecken.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
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

    def clean_avsandare_epost(self) -> str:
        return validera_epost(self.cleaned_data["avsandare_epost"])

    @classmethod
    def initial_for(cls, remiss) -> dict:
        """What the form shows for a registered remiss."""
        initial = {field: getattr(remiss, field) for field in UPPGIFTER_FALT}
        initial["inget_avsandardiarienummer"] = not remiss.avsandarens_diarienummer
        return initial

    def clean(self):
        cleaned = super().clean()
        for field, message in validera_datum(
            inkom_datum=cleaned.get("inkom_datum"), svarsdatum=cleaned.get("svarsdatum")
        ).items():
            self.add_error(field, message)
        self._avsandardiarienummer_eller_inget(cleaned)
        return cleaned

    def _avsandardiarienummer_eller_inget(self, cleaned) -> None:
        """A number, or the box ticked that there is none: never both, never neither, so an
        empty field is a decision and not an oversight. The box is the form's, not the
        service's: it is taken out of `cleaned_data` (the service reads "" as none)."""
        inget = cleaned.pop("inget_avsandardiarienummer", False)
        if "avsandarens_diarienummer" in self.errors:
            return
        nummer = cleaned.get("avsandarens_diarienummer")
        if nummer and inget:
            self.add_error(
                "avsandarens_diarienummer",
                "Du har både skrivit ett diarienummer och kryssat i att avsändaren inte har "
                "något. Ta bort numret eller krysset.",
            )
        elif not nummer and not inget:
            self.add_error(
                "avsandarens_diarienummer",
                "Ange avsändarens diarienummer, eller kryssa i ”Avsändaren har inget "
                "diarienummer”.",
            )


#: The registration details a remiss keeps (the form's other field is the "none" box).
UPPGIFTER_FALT = (
    "avsandare",
    "avsandarens_diarienummer",
    "avsandare_epost",
    "rubrik",
    "inkom_datum",
    "svarsdatum",
)


class KlassVal(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.kod} {obj.benamning}"


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

    def __init__(self, *args, namnder, handlaggare, klasser=None, **kwargs):
        """`klasser`: the codes to choose from when the förvaltning's diarienummer carries
        the klassificering (None: the field is not shown)."""
        super().__init__(*args, **kwargs)
        self.fields["namnder"].queryset = namnder
        self.fields["handlaggare"].queryset = handlaggare
        if klasser is not None:
            self.fields["klass"] = KlassVal(
                queryset=klasser,
                label="Klassificering",
                empty_label="Välj klassificering",
                help_text=(
                    "Koden ur förvaltningens klassificeringsstruktur. Den blir en del av "
                    "diarienumret."
                    if klasser.exists()
                    else "Förvaltningen har ingen aktiv klassificering ännu. Be en "
                    "administratör lägga in klassificeringsstrukturen under Förvaltningar."
                ),
                error_messages=felmeddelanden(
                    "Välj ärendets klassificering.", invalid_choice=VAL_FEL
                ),
            )
            # After the rubrik: what the case is about decides its class.
            ordning = list(self.fields)
            ordning.remove("klass")
            ordning.insert(ordning.index("rubrik") + 1, "klass")
            self.order_fields(ordning)
            self._decorate_widgets()


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


class AvslutaForm(AppFormMixin, forms.Form):
    kommentar = forms.CharField(
        label="Kommentar",
        help_text="Till exempel var svaret arkiveras. Kommentaren sparas i ärendets historik.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Kommentaren får vara högst 2 000 tecken."},
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


# --- Attest ---------------------------------------------------------------------------------


class ReturneraForm(AppFormMixin, forms.Form):
    """The attestant's decision: approve, or return with a comment.

    `fingeravtryck` is the fingerprint of the content the page showed; the service refuses
    the decision if the document reads otherwise when it arrives."""

    kommentar = forms.CharField(
        label="Kommentar till handläggaren",
        help_text="Behövs bara om du returnerar: skriv vad som behöver ändras.",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Kommentaren får vara högst 2 000 tecken."},
    )
    fingeravtryck = forms.RegexField(
        regex=r"^[0-9a-f]{64}$",
        widget=forms.HiddenInput,
        error_messages=felmeddelanden(
            "Sidan saknar uppgift om vilket innehåll du läste. Ladda om sidan och försök igen.",
            invalid="Sidan saknar uppgift om vilket innehåll du läste. Ladda om sidan och "
            "försök igen.",
        ),
    )


class AterkallaForm(AppFormMixin, forms.Form):
    """The handläggare's optional word to the attestants when recalling from attest.

    Used with `prefix="aterkalla"`: the attest page also has the return form's `kommentar`.
    """

    kommentar = forms.CharField(
        label="Kommentar till attestanterna",
        help_text=(
            "Till exempel vad du vill ändra. Kommentaren skickas till den som skulle attestera."
        ),
        required=False,
        max_length=2000,
        error_messages={"max_length": "Kommentaren får vara högst 2 000 tecken."},
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- The nämnd ------------------------------------------------------------------------------


class SammantradeVal(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.namnd}, {obj.datum:%Y-%m-%d} ({obj.get_status_display().lower()})"


class AnmalForm(AppFormMixin, forms.Form):
    """Which coming sammanträde of an answering nämnd the remiss goes to."""

    sammantrade = SammantradeVal(
        queryset=None,
        label="Sammanträde",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages=felmeddelanden("Välj ett sammanträde.", invalid_choice=VAL_FEL),
    )

    def __init__(self, *args, sammantraden, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sammantrade"].queryset = sammantraden


# --- Joint documents ------------------------------------------------------------------------


class MedverkanForm(AppFormMixin, forms.Form):
    """A registrator registers their förvaltning's participation in another's remiss: which
    remiss (its förvaltning and number there), and their own kontaktperson and nämnder."""

    forvaltning = forms.ModelChoiceField(
        queryset=None,
        label="Förvaltningen som registrerade remissen",
        empty_label="Välj förvaltning",
        error_messages=felmeddelanden(
            "Välj förvaltningen som registrerade remissen.", invalid_choice=VAL_FEL
        ),
    )
    diarienummer = forms.CharField(
        label="Remissens diarienummer hos den förvaltningen",
        max_length=40,
        help_text="Som den förvaltningen skrev det, till exempel SOF 2024/12.",
        error_messages=felmeddelanden(
            "Ange remissens diarienummer hos den registrerande förvaltningen.",
            max_length="Diarienumret får vara högst 40 tecken.",
        ),
        widget=forms.TextInput(attrs={"class": "app-input--width-20", "spellcheck": "false"}),
    )
    kontaktperson = forms.ModelChoiceField(
        queryset=None,
        label="Kontaktperson",
        empty_label="Välj kontaktperson",
        help_text="Handläggaren på din förvaltning som skriver utlåtandet tillsammans med "
        "den registrerande förvaltningen.",
        error_messages=felmeddelanden("Välj en kontaktperson.", invalid_choice=VAL_FEL),
    )
    namnder = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Din förvaltnings nämnder som ska svara",
        widget=forms.CheckboxSelectMultiple,
        error_messages=felmeddelanden(
            "Välj minst en nämnd som ska svara på remissen.",
            invalid_choice="Välj nämnder i listan.",
            invalid_pk_value="Välj nämnder i listan.",
        ),
    )

    def __init__(self, *args, forvaltningar, kontaktpersoner, namnder, klasser=None, **kwargs):
        """`klasser`: the codes to choose from when the user's förvaltning's diarienummer
        carries the klassificering (None: the field is not shown)."""
        super().__init__(*args, **kwargs)
        self.fields["forvaltning"].queryset = forvaltningar
        self.fields["kontaktperson"].queryset = kontaktpersoner
        self.fields["namnder"].queryset = namnder
        if klasser is not None:
            self.fields["klass"] = KlassVal(
                queryset=klasser,
                label="Klassificering i din förvaltnings diarium",
                empty_label="Välj klassificering",
                help_text="Koden blir en del av din förvaltnings diarienummer för remissen.",
                error_messages=felmeddelanden(
                    "Välj ärendets klassificering.", invalid_choice=VAL_FEL
                ),
            )
            self._decorate_widgets()
