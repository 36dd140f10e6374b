"""Admin for the organisation: kommuner (with their grafisk profil), förvaltningar (with their
klassificeringsstruktur), avdelningar, nämnder, users, förtroendevalda, and the OSL paragraphs
a sekretessmarkering cites.

This is the module Django's admin autodiscovers; the kommun's admin (`nameden.admin_kommun`,
with the logotyp upload) and the users' (`nameden.admin_anvandare`, roles and their history)
are modules of their own, registered by the import below. `KommunAdmin` and `UserAdmin` stay
importable from here.

Sammanträden are planned in the app by the nämndsekreterare (nameden.services): the admin
shows them read-only so it cannot bypass the services, their policy and their event log."""

from django import forms
from django.contrib import admin
from django.contrib.admin.actions import delete_selected as django_delete_selected
from simple_history.admin import SimpleHistoryAdmin

from nameden.admin_anvandare import UserAdmin
from nameden.admin_kommun import KommunAdmin
from nameden.models import (
    Avdelning,
    Ersattare,
    Fortroendevald,
    Forvaltning,
    Klassificering,
    Kommun,
    Namnd,
    OslParagraf,
    Sammantrade,
    Sekretessmarkering,
    Uppdrag,
    standardkommun,
)
from nameden.sparmanager import delete_each, is_tracked

__all__ = ["KommunAdmin", "UserAdmin"]


class ForvaltningVal(forms.ModelChoiceField):
    """A förvaltning named with its kommun: two kommuner may both have a Socialförvaltningen."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.namn} ({obj.kommun.namn})"


class AvdelningInline(admin.TabularInline):
    model = Avdelning
    extra = 0
    autocomplete_fields = ("chef",)


class KlassificeringInline(admin.TabularInline):
    """The förvaltning's klassificeringsstruktur, kept where its diarienummer format is."""

    model = Klassificering
    extra = 0
    fields = ("kod", "benamning", "aktiv")


class ForvaltningAdminForm(forms.ModelForm):
    class Meta:
        model = Forvaltning
        fields = ["kommun", "namn", "kortnamn", "diarienummer_format", "chef"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._flera_kommuner = Kommun.objects.count() > 1
        if self._flera_kommuner:
            # With several kommuner a new förvaltning's kommun is chosen, never assumed.
            if self.instance.pk is None:
                self.initial["kommun"] = None
        else:
            # Most installations serve one kommun: there is nothing to choose.
            self.fields["kommun"].required = False
            self.fields[
                "kommun"
            ].help_text = "Lämnas det tomt hör förvaltningen till installationens kommun."

    def clean_kommun(self):
        kommun = self.cleaned_data.get("kommun")
        if kommun is None and not self._flera_kommuner:
            return Kommun.objects.get(pk=standardkommun())
        return kommun


@admin.register(Forvaltning)
class ForvaltningAdmin(SimpleHistoryAdmin):
    form = ForvaltningAdminForm
    list_display = ("namn", "kortnamn", "kommun", "diarienummer_format", "chef")
    list_filter = ("kommun",)
    list_select_related = ("kommun", "chef")
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
    list_display = ("namn", "forvaltning", "kommun")
    list_filter = ("kommun",)
    list_select_related = ("forvaltning", "kommun")
    search_fields = ("namn",)
    readonly_fields = ("kommun",)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "forvaltning":
            kwargs["form_class"] = ForvaltningVal
            kwargs["queryset"] = Forvaltning.objects.select_related("kommun")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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


@admin.register(OslParagraf)
class OslParagrafAdmin(SimpleHistoryAdmin):
    """The OSL paragraphs a marking may cite, as data (docs/sekretess.md), with their history.

    A paragraph some marking cites keeps its kapitel and paragraf and cannot be deleted: the
    marking must go on citing what it cited. "Kan väljas" takes it off the list of choices
    instead. Its rubrik and its diary rule may still be corrected (the history keeps both).
    """

    list_display = ("beteckning", "rubrik", "dolj_i_diariet", "aktiv")
    list_filter = ("aktiv", "dolj_i_diariet")
    search_fields = ("rubrik",)
    fields = ("kapitel", "paragraf", "rubrik", "dolj_i_diariet", "aktiv")

    @admin.display(description="paragraf", ordering="kapitel")
    def beteckning(self, obj: OslParagraf) -> str:
        return obj.beteckning

    @staticmethod
    def _citerad(obj: OslParagraf | None) -> bool:
        return obj is not None and Sekretessmarkering.objects.filter(paragraf=obj).exists()

    def get_readonly_fields(self, request, obj=None):
        return ("kapitel", "paragraf") if self._citerad(obj) else ()

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._citerad(obj)


@admin.action(permissions=["delete"], description=django_delete_selected.short_description)
def delete_selected(modeladmin, request, queryset):
    """Django's "Ta bort markerade", deleting a tracked model's rows one at a time.

    Django's action deletes with one queryset `delete()`, which tracked models refuse
    (nameden.sparmanager): here each row is deleted as an instance, so every history row says
    who deleted it. The confirmation page and its protected objects are Django's own.
    """
    if not is_tracked(queryset.model):
        return django_delete_selected(modeladmin, request, queryset)
    with delete_each(user=request.user, reason="Borttagen i administrationen"):
        return django_delete_selected(modeladmin, request, queryset)


admin.site.add_action(delete_selected, "delete_selected")
