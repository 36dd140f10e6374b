"""The dokumentmall's admin forms: the attest chain as an ordered list of roles and the
header rows checked as a whole, both with Swedish messages and no JSON to type.

The reading API stays `Dokumentmall.attestkedja` (a list of role names, in order); this
form only edits it. The header's rules are `remiss.models.mallhuvud.huvudfel`, which a mall
file's import checks too.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from remiss.models import Dokumentmall
from remiss.models.mall import ATTESTROLLER
from remiss.models.mallhuvud import Huvudfalt

#: How many steps the chain's form offers (each role at most once).
ATTESTSTEG = max(len(ATTESTROLLER), 3)

_ROLLNAMN = {"avdelningschef": "Avdelningschef", "forvaltningschef": "Förvaltningschef"}


def rollval() -> list[tuple[str, str]]:
    return [("", "–")] + [(roll, _ROLLNAMN.get(roll, roll)) for roll in ATTESTROLLER]


class AttestkedjaWidget(forms.MultiWidget):
    """One select per step, in order; each with its own accessible name."""

    def __init__(self, attrs=None):
        widgets = [
            forms.Select(choices=rollval(), attrs={"aria-label": f"Steg {i}"})
            for i in range(1, ATTESTSTEG + 1)
        ]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        roller = list(value or [])
        return (roller + [""] * ATTESTSTEG)[:ATTESTSTEG]


class AttestkedjaField(forms.MultiValueField):
    """The chain as the steps chosen, top to bottom, empty steps left out."""

    widget = AttestkedjaWidget

    def __init__(self, **kwargs):
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        fields = [forms.ChoiceField(choices=rollval(), required=False) for _ in range(ATTESTSTEG)]
        super().__init__(fields, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        return [roll for roll in data_list or [] if roll]

    def validate(self, value):
        # An empty chain is refused by Dokumentmall.clean, with the same words for the admin
        # and a mall file's import.
        if dubbla := sorted({roll for roll in value if value.count(roll) > 1}):
            namn = ", ".join(_ROLLNAMN.get(roll, roll).lower() for roll in dubbla)
            raise ValidationError(f"Varje roll kan stå en gång i attestkedjan: {namn} står flera.")


class DokumentmallForm(forms.ModelForm):
    attestkedja = AttestkedjaField(
        label="Attestkedja",
        required=False,
        help_text="Rollerna som attesterar, uppifrån och ned i den ordning de attesterar.",
    )

    class Meta:
        model = Dokumentmall
        fields = (
            "namn",
            "dokumenttyp",
            "underrubrik_mall",
            "forvaltning",
            "kommun",
            "standard",
            "aktiv",
            "undertecknare_placering",
            "bilagor_placering",
            "utelamna_tomma_avsnitt",
            "skriv_logotyp",
            "skriv_sidfot",
            "attestkedja",
        )


class MallHuvudfaltFormSet(BaseInlineFormSet):
    """The header's rows as a whole: each field once, in Swedish, before Django's own
    (English-sounding) duplicate check."""

    def clean(self):
        sedda: dict[str, int] = {}
        fel = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            falt = form.cleaned_data.get("falt")
            if not falt:
                continue
            if falt in sedda:
                fel.append(
                    f"Fältet ”{Huvudfalt(falt).label}” står två gånger i sidhuvudet. "
                    "Varje fält får stå en gång."
                )
            sedda[falt] = sedda.get(falt, 0) + 1
        if fel:
            raise ValidationError(fel)
        super().clean()
