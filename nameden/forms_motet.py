"""The forms of the protokollföring: närvaro, övriga närvarande, beslut, ärendebeskrivning,
yrkande, omröstning (a radio group per serving member), reservation and jäv. Swedish
messages; the text rule comes with AppFormMixin; every choice is limited to this meeting."""

from django import forms

from nameden.forms import VAL_FEL, AppFormMixin, felmeddelanden, text_falt
from nameden.models import Fortroendevald, Omrostning, Paragraf, Rost
from nameden.services.motet_beslut import TILLATNA

JA_NEJ = [("ja", "Närvarande"), ("nej", "Inte närvarande")]


class PersonVal(forms.ModelChoiceField):
    def label_from_instance(self, obj: Fortroendevald) -> str:
        return str(obj)


class ParagrafVal(forms.ModelChoiceField):
    def label_from_instance(self, obj: Paragraf) -> str:
        return f"§ {obj.nummer} {obj.punkt.rubrik}"


def _person_falt(label: str, *, required: bool = True, **kwargs) -> PersonVal:
    return PersonVal(
        label=label,
        queryset=Fortroendevald.objects.none(),
        required=required,
        empty_label="Välj person",
        error_messages=felmeddelanden("Välj en person i listan.", invalid_choice=VAL_FEL),
        **kwargs,
    )


def _personer(rader) -> "forms.QuerySet":
    return Fortroendevald.objects.filter(pk__in={n.fortroendevald_id for n in rader}).order_by(
        "namn"
    )


class NarvaroForm(AppFormMixin, forms.Form):
    """One person's närvaro, for the whole meeting or from one § to another."""

    narvarande = forms.ChoiceField(
        label="Närvaro",
        choices=JA_NEJ,
        widget=forms.RadioSelect,
        error_messages=felmeddelanden("Välj om personen är närvarande.", invalid_choice=VAL_FEL),
    )
    tjanstgor_for = _person_falt(
        "Tjänstgör för",
        required=False,
        help_text="Ledamoten som ersättaren tjänstgör för. Tomt: närvarande utan att tjänstgöra.",
    )
    fran = ParagrafVal(
        label="Från och med paragraf",
        queryset=Paragraf.objects.none(),
        required=False,
        empty_label="Från början",
        error_messages={"invalid_choice": VAL_FEL},
    )
    till = ParagrafVal(
        label="Till och med paragraf",
        queryset=Paragraf.objects.none(),
        required=False,
        empty_label="Till slutet",
        error_messages={"invalid_choice": VAL_FEL},
    )

    def __init__(self, *args, ersattare: bool, ledamoter, paragrafer, **kwargs):
        super().__init__(*args, **kwargs)
        if ersattare:
            self.fields["tjanstgor_for"].queryset = ledamoter
        else:
            del self.fields["tjanstgor_for"]
        self.fields["fran"].queryset = paragrafer
        self.fields["till"].queryset = paragrafer

    def varden(self) -> dict:
        data = self.cleaned_data
        return {
            "narvarande": data["narvarande"] == "ja",
            "tjanstgor_for": data.get("tjanstgor_for"),
            "fran": data.get("fran"),
            "till": data.get("till"),
        }


class OvrigForm(AppFormMixin, forms.Form):
    prefix = "ovrig"

    namn = text_falt(
        "Namn", 200, missing="Skriv namnet på den som är närvarande.", too_long="Högst 200 tecken."
    )
    titel = text_falt("Titel eller funktion", 200, too_long="Högst 200 tecken.")
    paragrafer = text_falt(
        "Paragrafer",
        100,
        too_long="Högst 100 tecken.",
        help_text="Till exempel § 5–7. Tomt: hela sammanträdet.",
    )


class BeslutForm(AppFormMixin, forms.Form):
    prefix = "beslut"

    slag = forms.ChoiceField(
        label="Beslut",
        choices=Paragraf.Beslutsslag.choices,
        widget=forms.RadioSelect,
        error_messages=felmeddelanden(
            "Välj vilket beslut nämnden fattade.", invalid_choice=VAL_FEL
        ),
    )
    beslutstext = forms.CharField(
        label="Beslutets lydelse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Vid bifall räcker förslaget till beslut. Krävs vid ändrat beslut och "
        "återremiss (nämndens motivering).",
    )
    till = forms.ModelChoiceField(
        label="Bordläggs till sammanträdet",
        queryset=None,
        required=False,
        empty_label="Välj sammanträde",
        help_text="Bara vid bordläggning.",
        error_messages={"invalid_choice": VAL_FEL},
    )
    omedelbar_justering = forms.BooleanField(label="Paragrafen justeras omedelbart", required=False)

    def __init__(self, *args, paragraf: Paragraf, kommande, **kwargs):
        super().__init__(*args, **kwargs)
        tillatna = TILLATNA[paragraf.punkt.typ]
        self.fields["slag"].choices = [
            (v, label) for v, label in Paragraf.Beslutsslag.choices if v in tillatna
        ]
        self.fields["till"].queryset = kommande
        if Paragraf.Beslutsslag.BORDLAGGNING not in tillatna:
            del self.fields["till"]


class TextForm(AppFormMixin, forms.Form):
    prefix = "text"

    text = forms.CharField(
        label="Ärendebeskrivning",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Texten ovanför beslutet i protokollet.",
    )


class YrkandeForm(AppFormMixin, forms.Form):
    prefix = "yrkande"

    yrkat_av = _person_falt("Yrkat av")
    text = forms.CharField(
        label="Yrkande",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=felmeddelanden("Skriv vad ledamoten yrkade."),
    )

    def __init__(self, *args, tjanstgorande, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["yrkat_av"].queryset = _personer(tjanstgorande)


class OmrostningForm(AppFormMixin, forms.Form):
    """The propositions, and one radio group (ja, nej, avstår) per serving member."""

    prefix = "omrostning"
    _max = Omrostning._meta.get_field("ja_proposition").max_length

    ja_proposition = text_falt(
        "Ja-proposition", _max, missing="Skriv ja-propositionen.", too_long="För lång."
    )
    nej_proposition = text_falt(
        "Nej-proposition", _max, missing="Skriv nej-propositionen.", too_long="För lång."
    )

    def __init__(self, *args, tjanstgorande, **kwargs):
        super().__init__(*args, **kwargs)
        self.personer = {}
        for narvaro in tjanstgorande:
            namn = f"rost_{narvaro.fortroendevald_id}"
            self.personer[namn] = narvaro.fortroendevald_id
            self.fields[namn] = forms.ChoiceField(
                label=f"Röst: {narvaro.fortroendevald}",
                choices=Rost.Val.choices,
                widget=forms.RadioSelect,
                error_messages=felmeddelanden(
                    f"Ange röst för {narvaro.fortroendevald.namn}.", invalid_choice=VAL_FEL
                ),
            )

    def rostfalt(self):
        return [self[namn] for namn in self.personer]

    def roster(self) -> dict[int, str]:
        return {pk: self.cleaned_data[namn] for namn, pk in self.personer.items()}


class ReservationForm(AppFormMixin, forms.Form):
    prefix = "reservation"

    fortroendevald = _person_falt("Ledamot")
    text = forms.CharField(
        label="Skriftlig reservation",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kan lämnas senare, före justeringen.",
    )

    def __init__(self, *args, tjanstgorande, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fortroendevald"].queryset = _personer(tjanstgorande)


class JavForm(AppFormMixin, forms.Form):
    prefix = "jav"

    fortroendevald = _person_falt("Jävig ledamot")

    def __init__(self, *args, narvaro, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fortroendevald"].queryset = _personer(narvaro)
