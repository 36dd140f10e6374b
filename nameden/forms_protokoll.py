"""The protokoll's forms: its settings, a justering, an anslag. Messages in Swedish; the text
rule comes with AppFormMixin, and every text here is printed in the protokoll."""

from django import forms

from nameden.forms import VAL_FEL, AppFormMixin, datum_falt, felmeddelanden, text_falt
from nameden.models import Anslag, Justering, Protokoll

_FINGERAVTRYCK = forms.RegexField(
    regex=r"^[0-9a-f]{64}$",
    widget=forms.HiddenInput,
    label="Fingeravtryck",
    error_messages=felmeddelanden(
        "Sidan saknar protokollets fingeravtryck. Ladda om sidan.",
        invalid="Sidan saknar protokollets fingeravtryck. Ladda om sidan.",
    ),
)


class ProtokollForm(AppFormMixin, forms.Form):
    text_i_dokumentet = True

    ordforande = forms.ModelChoiceField(
        label="Ordförande",
        queryset=None,
        empty_label="Välj ordförande",
        error_messages=felmeddelanden("Välj protokollets ordförande.", invalid_choice=VAL_FEL),
    )
    justerare = forms.ModelMultipleChoiceField(
        label="Justerare",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="En eller två av dem som tjänstgjorde vid sammanträdet.",
        error_messages=felmeddelanden(
            "Välj en eller två justerare.", invalid_choice=VAL_FEL, invalid_pk_value=VAL_FEL
        ),
    )
    justering_tid = datum_falt(
        "Dag för justering",
        error_messages={"required": "Ange dag för justering."},
    )
    justering_plats = text_falt(
        "Plats för justering",
        Protokoll._meta.get_field("justering_plats").max_length,
        missing="Ange var justeringen sker.",
        too_long="Platsen får vara högst %(limit_value)d tecken.",
        help_text="Till exempel Digitalt i systemet, eller Socialförvaltningens kansli.",
    )
    forvaringsplats = text_falt(
        "Förvaringsplats",
        Protokoll._meta.get_field("forvaringsplats").max_length,
        too_long="Förvaringsplatsen får vara högst %(limit_value)d tecken.",
        help_text="Var protokollet förvaras. Skrivs i anslagsbeviset.",
    )

    def __init__(self, *args, valbara, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ordforande"].queryset = valbara
        self.fields["justerare"].queryset = valbara


class JusteringForm(AppFormMixin, forms.Form):
    """A justering: the fingerprint of what the page showed, and (after the last day) why."""

    text_i_dokumentet = True

    fingeravtryck = _FINGERAVTRYCK
    sen_skal = text_falt(
        "Skäl till att justeringen sker efter sista dagen",
        Justering._meta.get_field("sen_skal").max_length,
        too_long="Skälet får vara högst %(limit_value)d tecken.",
        help_text="Behövs bara efter sista dagen för justering. Skälet skrivs i protokollet.",
    )


class AnslagForm(AppFormMixin, forms.Form):
    text_i_dokumentet = True

    anslaget = datum_falt(
        "Datum då anslaget sätts upp",
        error_messages={"required": "Ange dagen då anslaget sätts upp."},
    )
    forvaringsplats = text_falt(
        "Förvaringsplats",
        Anslag._meta.get_field("forvaringsplats").max_length,
        missing="Ange var protokollet förvaras.",
        too_long="Förvaringsplatsen får vara högst %(limit_value)d tecken.",
    )
    sen_skal = text_falt(
        "Skäl till att anslaget sätts upp efter sista dagen",
        Anslag._meta.get_field("sen_skal").max_length,
        too_long="Skälet får vara högst %(limit_value)d tecken.",
        help_text="Behövs bara efter sista dagen för anslag. Skälet skrivs i anslagsbeviset.",
    )
