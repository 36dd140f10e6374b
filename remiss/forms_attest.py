"""Forms of the attest pages."""

from django import forms

from remiss.forms import AppFormMixin


class ReturneraForm(AppFormMixin, forms.Form):
    kommentar = forms.CharField(
        label="Kommentar till handläggaren",
        help_text="Behövs bara om du returnerar: skriv vad som behöver ändras.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
