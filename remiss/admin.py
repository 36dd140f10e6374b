"""Admin for dokumentmallar. Cases are shown read-only: their changes go through services.

Editing a remiss or a tjänsteutlåtande in the admin would skip the policy, the workflow and
the timeline, so the admin may look but not touch.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from remiss.admin_mall import DokumentmallForm, MallHuvudfaltFormSet
from remiss.models import (
    Attestering,
    Attestrunda,
    Dokumentmall,
    MallAvsnitt,
    MallHuvudfalt,
    MedverkandeForvaltning,
    Namndbehandling,
    Remiss,
    Slutversion,
    Tjansteutlatande,
)


class MallHuvudfaltInline(admin.TabularInline):
    """The header as rows: field, label, where it stands, in order (rules as data, no JSON)."""

    model = MallHuvudfalt
    formset = MallHuvudfaltFormSet
    extra = 0
    fields = (
        "ordning",
        "falt",
        "etikett",
        "etikettform",
        "placering",
        "med_titel",
        "med_telefon",
        "med_epost",
    )


class MallAvsnittInline(admin.TabularInline):
    model = MallAvsnitt
    extra = 0
    fields = (
        "ordning",
        "nyckel",
        "rubrik",
        "typ",
        "obligatorisk",
        "efter_undertecknare",
        "hjalptext",
        "standardtext",
    )


@admin.register(Dokumentmall)
class DokumentmallAdmin(SimpleHistoryAdmin):
    form = DokumentmallForm
    list_display = ("namn", "dokumenttyp", "kommun", "forvaltning", "standard", "aktiv")
    list_filter = ("aktiv", "kommun", "forvaltning")
    list_select_related = ("kommun", "forvaltning")
    fieldsets = (
        (
            None,
            {"fields": ("namn", "dokumenttyp", "underrubrik_mall", "kommun", "forvaltning")},
        ),
        ("Användning", {"fields": ("standard", "aktiv")}),
        (
            "Layout",
            {
                "fields": (
                    "undertecknare_placering",
                    "bilagor_placering",
                    "utelamna_tomma_avsnitt",
                    "skriv_logotyp",
                    "skriv_sidfot",
                ),
                "description": "Sidhuvudets fält står under ”Fält i sidhuvud” nedan. En mall "
                "utan fält där får Stockholms sidhuvud. Ändringar påverkar bara dokument som "
                "skapas efteråt.",
            },
        ),
        ("Attest", {"fields": ("attestkedja",)}),
    )
    inlines = [MallHuvudfaltInline, MallAvsnittInline]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MedverkandeForvaltningInline(admin.TabularInline):
    """A joint document's other förvaltningar on the remiss, read-only like the remiss: they
    are registered and removed by `remiss.services.samverkan` (their own diarium's number)."""

    model = MedverkandeForvaltning
    fk_name = "remiss"
    extra = 0
    can_delete = False
    fields = (
        "ordning",
        "forvaltning",
        "diarienummer",
        "kontaktperson",
        "registrerad_at",
        "borttagen_at",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("forvaltning", "kontaktperson")
            .order_by("ordning", "id")
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Remiss)
class RemissAdmin(ReadOnlyAdmin):
    list_display = ("diarienummer", "rubrik", "avsandarens_diarienummer", "status", "svarsdatum")
    list_filter = ("status", "forvaltning")
    list_select_related = ("forvaltning",)
    search_fields = ("diarienummer", "avsandarens_diarienummer", "rubrik")
    inlines = [MedverkandeForvaltningInline]


@admin.register(MedverkandeForvaltning)
class MedverkandeForvaltningAdmin(ReadOnlyAdmin):
    """Every participation, found by the medverkande förvaltning's own diarienummer."""

    list_display = ("diarienummer", "remiss", "forvaltning", "kontaktperson", "borttagen_at")
    list_filter = ("forvaltning",)
    list_select_related = ("remiss", "forvaltning", "kontaktperson")
    search_fields = ("diarienummer", "remiss__diarienummer", "remiss__rubrik")


@admin.register(Tjansteutlatande)
class TjansteutlatandeAdmin(ReadOnlyAdmin):
    list_display = ("remiss", "dokumenttyp", "version", "andrad_at")
    list_select_related = ("remiss",)


@admin.register(Attestrunda)
class AttestrundaAdmin(ReadOnlyAdmin):
    list_display = ("tjansteutlatande", "status", "skickad_av", "skickad_at", "avslutad_at")
    list_filter = ("status",)
    list_select_related = ("tjansteutlatande__remiss", "skickad_av")


@admin.register(Attestering)
class AttesteringAdmin(ReadOnlyAdmin):
    list_display = ("runda", "steg", "namn", "titel", "beslut", "tidpunkt", "ogiltig_at")
    list_filter = ("beslut",)
    list_select_related = ("runda__tjansteutlatande__remiss",)


@admin.register(Slutversion)
class SlutversionAdmin(ReadOnlyAdmin):
    list_display = ("tjansteutlatande", "sidor", "sha256", "skapad_at", "skapad_av", "upphavd_at")
    list_select_related = ("tjansteutlatande__remiss", "skapad_av")


@admin.register(Namndbehandling)
class NamndbehandlingAdmin(ReadOnlyAdmin):
    list_display = ("remiss", "namnd", "status", "paragraf", "sammantradesdatum", "expedierad_at")
    list_filter = ("status", "namnd")
    list_select_related = ("remiss", "namnd")
