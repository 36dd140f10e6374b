"""The expediering form: addresses the sekreterare adds to the källa's, and whether to take
out a new protokollsutdrag. The addresses are checked by the service (Swedish messages per
field); the text rule (control characters …) comes with AppFormMixin."""

from django import forms

from nameden.forms import AppFormMixin
from nameden.services.utskick import dela_adresser


class ExpedieraForm(AppFormMixin, forms.Form):
    extra_mottagare = forms.CharField(
        label="Fler mottagare",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E-postadresser, en per rad eller åtskilda med kommatecken.",
        error_messages={"max_length": "Skriv högst 5 000 tecken."},
    )
    nytt_utdrag = forms.BooleanField(
        label="Ta ut ett nytt protokollsutdrag",
        required=False,
        help_text="Annars skickas det senaste protokollsutdraget, om det finns ett.",
    )

    def clean_extra_mottagare(self) -> list[str]:
        return dela_adresser(self.cleaned_data.get("extra_mottagare") or "")
