"""The committee side's forms: a sammanträde, a punkt, a bordläggning. Messages in Swedish;
the text rule (control characters …) comes with AppFormMixin."""

from django import forms

from nameden.forms import VAL_FEL, AppFormMixin, datum_falt, felmeddelanden, text_falt
from nameden.models import Punkt, Sammantrade

TID_FEL = "Ange tiden som TT:MM, till exempel 13:00."


class TidInput(forms.TimeInput):
    """A native time picker; its value is always HH:MM."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": "app-input--width-5", **(attrs or {})}, format="%H:%M")


class SammantradeForm(AppFormMixin, forms.Form):
    """Create (with `namnder`: the nämnd is chosen) or edit a sammanträde."""

    namnd = forms.ModelChoiceField(
        label="Nämnd",
        queryset=None,
        empty_label="Välj nämnd",
        error_messages=felmeddelanden("Välj nämnd.", invalid_choice=VAL_FEL),
    )
    datum = datum_falt("Datum", error_messages={"required": "Ange sammanträdets datum."})
    tid = forms.TimeField(
        label="Tid",
        widget=TidInput(),
        input_formats=["%H:%M", "%H.%M"],
        help_text="När sammanträdet börjar, till exempel 13:00.",
        error_messages=felmeddelanden(
            "Ange när sammanträdet börjar, till exempel 13:00.", invalid=TID_FEL
        ),
    )
    plats = text_falt(
        "Plats",
        Sammantrade._meta.get_field("plats").max_length,
        missing="Ange var sammanträdet hålls.",
        too_long="Platsen får vara högst %(limit_value)d tecken.",
        help_text="Till exempel Sammanträdesrummet, Stadshuset.",
    )

    def __init__(self, *args, namnder=None, **kwargs):
        super().__init__(*args, **kwargs)
        if namnder is None:
            del self.fields["namnd"]
        else:
            self.fields["namnd"].queryset = namnder


class PunktForm(AppFormMixin, forms.Form):
    """Add (with the kind to choose) or edit a punkt of the föredragningslista."""

    typ = forms.ChoiceField(
        label="Typ av punkt",
        choices=[(t.value, t.label) for t in Punkt.Typ if t != Punkt.Typ.INLEDANDE],
        widget=forms.RadioSelect,
        error_messages=felmeddelanden("Välj vilken typ av punkt det är.", invalid_choice=VAL_FEL),
    )
    rubrik = text_falt(
        "Rubrik",
        300,
        missing="Skriv punktens rubrik.",
        too_long="Rubriken får vara högst 300 tecken.",
    )
    diarienummer = text_falt("Diarienummer", 40, too_long="Diarienumret får vara högst 40 tecken.")
    foredragande = text_falt(
        "Föredragande",
        200,
        too_long="Föredragande får vara högst 200 tecken.",
        help_text="Den som föredrar ärendet för nämnden, till exempel en tjänsteperson.",
    )
    forslag_till_beslut = forms.CharField(
        label="Förslag till beslut",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    sekretess = forms.BooleanField(
        label="Punkten omfattas av sekretess",
        required=False,
        help_text="Punkten utelämnas i den offentliga versionen av föredragningslistan.",
    )

    def __init__(self, *args, ny: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not ny:
            del self.fields["typ"]


class BordlaggForm(AppFormMixin, forms.Form):
    till = forms.ModelChoiceField(
        label="Sammanträde att flytta punkten till",
        queryset=None,
        empty_label="Välj sammanträde",
        error_messages=felmeddelanden(
            "Välj sammanträdet punkten ska flyttas till.", invalid_choice=VAL_FEL
        ),
    )

    def __init__(self, *args, sammantraden, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["till"].queryset = sammantraden


class BekraftaForm(AppFormMixin, forms.Form):
    """A page that only asks before an action (withdrawing a punkt): the POST is the answer."""
