"""Admin for the organisation: förvaltningar (with their klassificeringsstruktur), avdelningar,
nämnder, users, förtroendevalda.

Sammanträden are planned in the app by the nämndsekreterare (nameden.services): the admin
shows them read-only so it cannot bypass the services, their policy and their event log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from nameden.models import (
    Avdelning,
    Ersattare,
    Fortroendevald,
    Forvaltning,
    Klassificering,
    Namnd,
    Sammantrade,
    Uppdrag,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin, SimpleHistoryAdmin):
    list_display = ("username", "get_full_name", "titel", "avdelning", "is_active")
    list_filter = ("groups", "avdelning__forvaltning", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("avdelning",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Tjänst", {"fields": ("titel", "telefon", "avdelning")}),
    )


class AvdelningInline(admin.TabularInline):
    model = Avdelning
    extra = 0
    autocomplete_fields = ("chef",)


class KlassificeringInline(admin.TabularInline):
    """The förvaltning's klassificeringsstruktur, kept where its diarienummer format is."""

    model = Klassificering
    extra = 0
    fields = ("kod", "benamning", "aktiv")


@admin.register(Forvaltning)
class ForvaltningAdmin(SimpleHistoryAdmin):
    list_display = ("namn", "kortnamn", "diarienummer_format", "chef")
    search_fields = ("namn", "kortnamn")
    autocomplete_fields = ("chef",)
    inlines = [AvdelningInline, KlassificeringInline]


@admin.register(Klassificering)
class KlassificeringAdmin(SimpleHistoryAdmin):
    list_display = ("kod", "benamning", "forvaltning", "aktiv")
    list_filter = ("forvaltning", "aktiv")
    list_select_related = ("forvaltning",)
    search_fields = ("kod", "benamning")


@admin.register(Avdelning)
class AvdelningAdmin(SimpleHistoryAdmin):
    list_display = ("namn", "forvaltning", "chef")
    list_select_related = ("forvaltning", "chef")
    search_fields = ("namn",)
    autocomplete_fields = ("chef",)


@admin.register(Namnd)
class NamndAdmin(SimpleHistoryAdmin):
    list_display = ("namn", "forvaltning")
    list_select_related = ("forvaltning",)
    search_fields = ("namn",)


@admin.register(Sammantrade)
class SammantradeAdmin(SimpleHistoryAdmin):
    list_display = ("namnd", "datum", "tid", "plats", "status")
    list_filter = ("namnd", "status")
    list_select_related = ("namnd",)
    date_hierarchy = "datum"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class UppdragInline(admin.TabularInline):
    model = Uppdrag
    extra = 0


@admin.register(Fortroendevald)
class FortroendevaldAdmin(SimpleHistoryAdmin):
    list_display = ("namn", "parti", "user")
    search_fields = ("namn", "parti")
    autocomplete_fields = ("user",)
    inlines = [UppdragInline]


@admin.register(Uppdrag)
class UppdragAdmin(SimpleHistoryAdmin):
    list_display = ("fortroendevald", "namnd", "roll", "fran", "till")
    list_filter = ("namnd", "roll")
    list_select_related = ("fortroendevald", "namnd")
    autocomplete_fields = ("fortroendevald",)


@admin.register(Ersattare)
class ErsattareAdmin(SimpleHistoryAdmin):
    list_display = ("ordinarie", "ersattare", "fran", "till")
    list_select_related = ("ordinarie", "ersattare")
    autocomplete_fields = ("ordinarie", "ersattare")
