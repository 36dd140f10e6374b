"""The kommun's admin: its name and address, and its grafisk profil (logotyp and colours).

A kommun's logotyp is uploaded here and goes through `nameden.logotyp.sanera` before anything
is saved: a file that is not a clean PNG or SVG gets a Swedish error on the field, and only
the rebuilt bytes are stored (`nameden.grafiskprofil.kommun_spara`). Registered when
`nameden.admin` (which Django's admin autodiscovers) imports this module.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from nameden import grafiskprofil, logotyp, virusskanning
from nameden.models import Kommun


class FargInput(forms.TextInput):
    """A hex colour typed as text (#0f4c81): exact, and readable by a screen reader."""

    def __init__(self):
        super().__init__(attrs={"size": 8, "maxlength": 7, "placeholder": "#0f4c81"})


def _https_som_standard(db_field, **kwargs):
    """A web address typed without a scheme is https (Django 6's default, chosen now)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class KommunAdminForm(forms.ModelForm):
    logotyp_fil = forms.FileField(
        label="Ny logotyp",
        required=False,
        help_text=f"PNG eller SVG, högst {logotyp.MAX_BYTES // 1024} kB. Filen kontrolleras och "
        "byggs om innan den sparas: metadata tas bort, och en SVG får bara innehålla former, "
        "text och färger (inga skript, länkar eller bilder utifrån).",
    )
    ta_bort_logotyp = forms.BooleanField(label="Ta bort logotypen", required=False)

    class Meta:
        model = Kommun
        fields = [
            "namn",
            "slug",
            "organisationsnummer",
            "accentfarg",
            "text_pa_accent",
            "postadress",
            "besoksadress",
            "telefon",
            "webb",
            "epost",
        ]
        widgets = {"accentfarg": FargInput(), "text_pa_accent": FargInput()}
        formfield_callback = _https_som_standard

    def clean_logotyp_fil(self):
        fil = self.cleaned_data.get("logotyp_fil")
        if not fil:
            return None
        if fil.size > logotyp.MAX_BYTES:
            raise ValidationError(
                f"Logotypen är för stor ({fil.size // 1024} kB). Den får vara högst "
                f"{logotyp.MAX_BYTES // 1024} kB."
            )
        # Scanned like every other upload (fails closed when clamd gives no verdict), before
        # the sanitiser: the rebuilt logo would drop a comment the scanner should have seen.
        virusskanning.kontrollera(fil)
        return logotyp.sanera(fil.read())

    def clean(self):
        data = super().clean()
        if data.get("logotyp_fil") and data.get("ta_bort_logotyp"):
            self.add_error(
                "ta_bort_logotyp", "Välj antingen en ny logotyp eller att ta bort den, inte båda."
            )
        return data


@admin.register(Kommun)
class KommunAdmin(SimpleHistoryAdmin):
    form = KommunAdminForm
    list_display = ("namn", "organisationsnummer", "slug")
    search_fields = ("namn", "organisationsnummer")
    prepopulated_fields = {"slug": ("namn",)}
    readonly_fields = ("nuvarande_logotyp",)
    fieldsets = (
        (None, {"fields": ("namn", "slug", "organisationsnummer")}),
        (
            "Grafisk profil",
            {
                "fields": ("nuvarande_logotyp", "logotyp_fil", "ta_bort_logotyp"),
                "description": "Dokument som redan skapats behåller den profil de skapades "
                "med; ändringar här gäller nya dokument.",
            },
        ),
        ("Färger", {"fields": ("accentfarg", "text_pa_accent")}),
        (
            "Sidfot",
            {"fields": ("postadress", "besoksadress", "telefon", "webb", "epost")},
        ),
    )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Nuvarande logotyp")
    def nuvarande_logotyp(self, obj):
        bild = grafiskprofil.logotyp_for(obj) if obj and obj.pk else None
        if bild is None:
            return "Ingen logotyp."
        return format_html(
            '<img src="{}" alt="Logotyp för {}" style="max-height:80px;max-width:300px">'
            "<br>SHA-256: <code>{}</code>",
            bild.data_uri,
            obj.namn,
            bild.sha256,
        )

    def save_model(self, request, obj, form, change):
        grafiskprofil.kommun_spara(
            user=request.user,
            kommun=obj,
            logotyp_ny=form.cleaned_data.get("logotyp_fil"),
            ta_bort_logotyp=form.cleaned_data.get("ta_bort_logotyp", False),
        )
