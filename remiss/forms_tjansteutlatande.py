"""Forms of the tjänsteutlåtande pages: its head, its sections, beredningssteg and bilagor.

Every form that changes the document carries `bas_version`, the version the editor started
from; the service compares it to detect conflicting edits.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import escape

from nameden.forms import STORSTA_ID, VAL_FEL, AppFormMixin, datum_falt, felmeddelanden, text_falt
from remiss import granser
from remiss.dokumenthuvud import TEXTFALT
from remiss.filtyper import TILLATNA_TEXT
from remiss.models import Beredningstyp, Utfall
from remiss.validering import validera_beredningsdatum

ANTAL_UNDERTECKNARE = 4
EXTRA_BESLUTSPUNKTER = 2

BEKRAFTA_TEXT = "Jag förstår att attesten upphävs och att tjänsteutlåtandet måste attesteras igen"


def lagg_till_bekraftelse(form: forms.Form) -> forms.Form:
    """Add the checkbox an edit needs while the document is sent for attest or attested."""
    form.fields["bekraftat"] = forms.BooleanField(label=BEKRAFTA_TEXT, required=False)
    form._decorate_widgets()
    return form


class BekraftelseForm(AppFormMixin, forms.Form):
    """No fields of its own: the page of an action that only needs the confirmation in attest
    (removing a bilaga or a beredningssteg, writing the beredning text anew)."""


class BasVersionForm(forms.Form):
    """The version the editor started from; the service uses it to detect conflicts."""

    bas_version = forms.IntegerField(
        label="Version",
        min_value=1,
        widget=forms.HiddenInput,
        error_messages=felmeddelanden("Sidan saknar version. Ladda om sidan och försök igen."),
    )


class HuvudForm(AppFormMixin, BasVersionForm):
    """The document's head: everything it prints above the first section, and who signs.

    The header fields are the document's own (copied from the organisation when it was
    created): editing them here never changes the organisation, and the organisation
    changing never changes them (see `remiss.dokumenthuvud`).
    """

    text_i_dokumentet = True

    rubrik = text_falt(
        "Rubrik", 300, missing="Skriv en rubrik.", too_long="Rubriken får vara högst 300 tecken."
    )
    underrubrik = text_falt(
        "Underrubrik",
        300,
        too_long="Underrubriken får vara högst 300 tecken.",
        help_text="Till exempel ”Svar på remiss från kommunstyrelsen, Dnr KS 2024/112”.",
    )
    datum = datum_falt("Dokumentets datum", required=False)
    forvaltning_namn = text_falt(
        "Förvaltning",
        200,
        missing="Skriv förvaltningens namn.",
        too_long="Förvaltningens namn får vara högst 200 tecken.",
    )
    enhet = text_falt(
        "Enhet",
        200,
        too_long="Enhetens namn får vara högst 200 tecken.",
        help_text="Till exempel ”Stabsavdelningen”.",
    )
    handlaggare_namn = text_falt(
        "Namn",
        200,
        missing="Skriv handläggarens namn.",
        too_long="Namnet får vara högst 200 tecken.",
    )
    handlaggare_titel = text_falt("Titel", 120, too_long="Titeln får vara högst 120 tecken.")
    handlaggare_telefon = text_falt(
        "Telefon",
        40,
        too_long="Telefonnumret får vara högst 40 tecken.",
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    handlaggare_epost = forms.EmailField(
        label="E-post",
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "invalid": "Skriv e-postadressen som namn@exempel.se.",
            "max_length": "E-postadressen får vara högst 254 tecken.",
        },
    )
    avsandarens_diarienummer = text_falt(
        "Er beteckning (avsändarens diarienummer)",
        40,
        too_long="Avsändarens diarienummer får vara högst 40 tecken.",
        help_text="Skrivs där mallen har ”Er beteckning”. Tom: dokumentet skriver "
        "”Avsändaren har inget diarienummer”.",
    )
    sammantrade = forms.ModelChoiceField(
        queryset=None,
        label="Sammanträde",
        required=False,
        empty_label="Inget sammanträde valt",
        help_text="Nämndens sammanträde där ärendet ska behandlas. När du väljer ett "
        "sammanträde skrivs nämnden och datumet efter ”Till” i dokumentets sidhuvud.",
        error_messages={"invalid_choice": VAL_FEL},
    )

    #: The fields passed to the service as they are, by the service's names.
    HUVUDFALT = ("datum", *TEXTFALT)

    def __init__(self, *args, sammantraden, undertecknare, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sammantrade"].queryset = sammantraden
        for i in range(1, ANTAL_UNDERTECKNARE + 1):
            self.fields[f"undertecknare_{i}"] = forms.ModelChoiceField(
                queryset=undertecknare,
                label=f"Undertecknare {i}",
                required=False,
                empty_label="Ingen",
                help_text="Förvaltningschefen, avdelningschefer och de som attesterar. "
                "Undertecknarna står i dokumentet i den här ordningen."
                if i == 1
                else "",
                error_messages={"invalid_choice": VAL_FEL},
            )
        self._decorate_widgets()

    @classmethod
    def initial_for(cls, tu) -> dict:
        initial = {
            "bas_version": tu.version,
            "rubrik": tu.rubrik,
            "underrubrik": tu.underrubrik,
            "sammantrade": tu.sammantrade_id,
            **{f: getattr(tu, f) for f in cls.HUVUDFALT},
        }
        for i, person in enumerate(tu.undertecknare[:ANTAL_UNDERTECKNARE], start=1):
            initial[f"undertecknare_{i}"] = person.get("user_id")
        return initial

    def clean(self):
        cleaned = super().clean()
        seen = set()
        for i in range(1, ANTAL_UNDERTECKNARE + 1):
            person = cleaned.get(f"undertecknare_{i}")
            if person is None:
                continue
            if person.pk in seen:
                self.add_error(f"undertecknare_{i}", "Välj varje person bara en gång.")
            seen.add(person.pk)
        return cleaned

    def undertecknare(self) -> list:
        fields = (f"undertecknare_{i}" for i in range(1, ANTAL_UNDERTECKNARE + 1))
        return [self.cleaned_data[f] for f in fields if self.cleaned_data.get(f) is not None]

    def huvud(self) -> dict:
        """The header fields, as keyword arguments of `tjansteutlatande_spara_huvud`."""
        return {f: self.cleaned_data[f] for f in self.HUVUDFALT}


class HamtaUppgifterForm(AppFormMixin, BasVersionForm):
    """For "Hämta aktuella uppgifter": no fields of its own, only the version it was shown for."""


def _avsnitt_hint(hjalptext: str, extra: str) -> str:
    # help_text is rendered unescaped by components/field.html; the mall's text is data.
    return " ".join(part for part in (escape(hjalptext), extra) if part)


class AvsnittForm(AppFormMixin, BasVersionForm):
    """One text section; paragraphs are separated by a blank line."""

    text_i_dokumentet = True

    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18}),
    )

    def __init__(self, *args, rubrik: str, hjalptext: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        falt = self.fields["text"]
        falt.label = rubrik
        self._rubrik = rubrik
        falt.help_text = _avsnitt_hint(
            hjalptext,
            "Skriv stycken med en tom rad emellan. Högst "
            f"{granser.tal(granser.grans('tecken_per_avsnitt'))} tecken.",
        )
        self._decorate_widgets()

    def clean_text(self):
        # The limit in force (remiss.granser), counted as the service will count it: line
        # ends as one character. The service checks it again, with the whole document.
        text = self.cleaned_data["text"]
        antal = len(text.replace("\r\n", "\n"))
        if antal > granser.grans("tecken_per_avsnitt"):
            raise ValidationError(
                granser.meddelande("tecken_per_avsnitt", rubrik=self._rubrik, antal=antal)
            )
        return text


_KLAR_SAKNAS = "Sidan saknar uppgift om avsnittet är klart. Ladda om sidan och försök igen."


class AvsnittKlarForm(AppFormMixin, forms.Form):
    """The "Markera som klar" / "Ångra klar" button: its hidden value says which, so a double
    click or a stale page repeats the same wish instead of toggling it back."""

    klar = forms.TypedChoiceField(
        choices=[("1", "Klar"), ("0", "Inte klar")],
        coerce=lambda value: value == "1",
        widget=forms.HiddenInput,
        error_messages=felmeddelanden(_KLAR_SAKNAS, invalid_choice=_KLAR_SAKNAS),
    )


class PunktListaWidget(forms.Widget):
    """Several <textarea name="punkt">; the template renders them, this reads them back."""

    use_fieldset = True

    def value_from_datadict(self, data, files, name):
        return data.getlist(name) if hasattr(data, "getlist") else list(data.get(name, []))

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        # The first textarea: where the error summary's link should land.
        return f"{id_}-1" if id_ else id_


class PunktListaField(forms.Field):
    widget = PunktListaWidget
    #: Each point is one line of text (see `nameden.forms.AppFormMixin`).
    text_regel = "lista"

    def to_python(self, value):
        return [str(v) for v in (value or [])]

    def validate(self, value):
        # Empty points are dropped by the service; "at least one" is the service's rule.
        # The limits are remiss.granser's, which the service checks again.
        if any(len(v) > granser.grans("tecken_per_beslutspunkt") for v in value):
            raise ValidationError(granser.meddelande("tecken_per_beslutspunkt"))
        ifyllda = sum(1 for v in value if v.strip())
        if ifyllda > granser.grans("beslutspunkter"):
            raise ValidationError(granser.meddelande("beslutspunkter", antal=ifyllda))


class BeslutspunkterForm(AppFormMixin, BasVersionForm):
    text_i_dokumentet = True

    punkt = PunktListaField(required=False)

    def __init__(self, *args, rubrik: str, hjalptext: str = "", punkter=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["punkt"].label = rubrik
        self.fields["punkt"].help_text = _avsnitt_hint(
            hjalptext,
            "Tomma punkter tas bort när du sparar. Högst "
            f"{granser.tal(granser.grans('beslutspunkter'))} beslutspunkter.",
        )
        self._punkter = list(punkter)

    def rader(self) -> list[tuple[int, str]]:
        """(number, text) for each textarea: what was typed (or saved) plus empty extras."""
        punkter = list(self["punkt"].value() or []) if self.is_bound else list(self._punkter)
        while punkter and not punkter[-1].strip():
            punkter.pop()
        return list(enumerate([*punkter, *[""] * EXTRA_BESLUTSPUNKTER], start=1))


# --- Beredning and bilagor ------------------------------------------------------------------------


class BeredningsstegForm(AppFormMixin, forms.Form):
    text_i_dokumentet = True

    typ = forms.ChoiceField(
        label="Typ av beredning",
        choices=[("", "Välj typ av beredning"), *Beredningstyp.choices],
        error_messages=felmeddelanden(
            "Välj vilken sorts beredning det var.", invalid_choice=VAL_FEL
        ),
    )
    motpart = text_falt(
        "Vem",
        200,
        too_long="Högst 200 tecken.",
        help_text="Behövs för intern beredning, samråd och annat. Skriv det som det ska stå "
        "mitt i en mening, till exempel ”kommunikationsenheten på socialförvaltningen” "
        "eller ”stadsbyggnadskontoret”.",
    )
    datum = datum_falt(
        "Datum", required=False, help_text="Behövs för alla steg utom intern beredning."
    )
    utfall = forms.ChoiceField(
        label="Utfall",
        choices=Utfall.choices,
        initial=Utfall.BEHANDLAT,
        widget=forms.RadioSelect,
        error_messages=felmeddelanden(
            "Välj om ärendet behandlades eller om det fanns möjlighet att behandla det.",
            invalid_choice=VAL_FEL,
        ),
    )

    @classmethod
    def initial_for(cls, steg) -> dict:
        return {
            "typ": steg.typ,
            "motpart": steg.motpart,
            "datum": steg.datum,
            "utfall": steg.utfall,
        }

    def clean_datum(self):
        datum = self.cleaned_data.get("datum")
        if (fel := validera_beredningsdatum(datum)) is not None:
            raise ValidationError(fel)
        return datum


class BilagaForm(AppFormMixin, forms.Form):
    text_i_dokumentet = True

    titel = text_falt(
        "Titel",
        300,
        missing="Skriv bilagans titel som den ska stå i dokumentet.",
        too_long="Titeln får vara högst 300 tecken.",
        help_text="Som den ska stå i dokumentets bilageförteckning, till exempel "
        "”Kommunikationsprogram för Stockholms stad”.",
    )
    fil = forms.FileField(
        label="Fil",
        help_text=f"{TILLATNA_TEXT}.",
        widget=forms.FileInput(attrs={"accept": ".pdf,.docx,.odt"}),
        error_messages=felmeddelanden(
            "Välj en fil att ladda upp.",
            empty="Filen är tom. Välj en annan fil.",
            invalid="Filen kunde inte läsas. Försök igen.",
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The limits in force (settings.BILAGA_MAX_BYTES, remiss.granser), as the user
        # should know them before choosing a file.
        megabyte = settings.BILAGA_MAX_BYTES / (1024 * 1024)
        self.fields["fil"].help_text = (
            f"{TILLATNA_TEXT}, högst {megabyte:.0f} MB. Högst "
            f"{granser.tal(granser.grans('bilagor'))} bilagor per tjänsteutlåtande."
        )
        self._decorate_widgets()


class JamforForm(forms.Form):
    """Two history ids to compare (GET)."""

    fran = forms.IntegerField(required=False, min_value=1, max_value=STORSTA_ID)
    till = forms.IntegerField(required=False, min_value=1, max_value=STORSTA_ID)
