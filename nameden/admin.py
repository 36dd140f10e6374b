"""Admin for the organisation: kommuner (with their grafisk profil), förvaltningar (with their
klassificeringsstruktur), avdelningar, nämnder, users, förtroendevalda, and the OSL paragraphs
a sekretessmarkering cites.

A kommun's logotyp is uploaded here and goes through `nameden.logotyp.sanera` before anything
is saved: a file that is not a clean PNG or SVG gets a Swedish error on the field, and only
the rebuilt bytes are stored (`nameden.grafiskprofil.kommun_spara`).

Sammanträden are planned in the app by the nämndsekreterare (nameden.services): the admin
shows them read-only so it cannot bypass the services, their policy and their event log."""

from django import forms
from django.contrib import admin
from django.contrib.admin.actions import delete_selected as django_delete_selected
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta

from nameden import grafiskprofil, historik, logotyp, virusskanning
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
    User,
    standardkommun,
)
from nameden.sparmanager import delete_each, is_tracked


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


class ForvaltningVal(forms.ModelChoiceField):
    """A förvaltning named with its kommun: two kommuner may both have a Socialförvaltningen."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.namn} ({obj.kommun.namn})"


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
    # The history page shows each version's roles; the "Ändringar" column (simple-history's
    # diff, groups and user_permissions included) shows which were given or taken, by whom.
    # simple-history prints the entry's name as the column heading and reads the value with
    # getattr, so the entry is the Swedish heading itself (bound to the method below).
    history_list_display = ["Roller i versionen"]

    @admin.display(description="Roller i versionen")
    def roller_i_versionen(self, record) -> str:
        namn = sorted(rad.group.name for rad in record.historicaluser_groups_set.all() if rad.group)
        return ", ".join(namn) or "–"

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        # One query for every version's roles, however many versions the page shows.
        qs = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return qs.prefetch_related(
            "historicaluser_groups_set__group",
            "historicaluser_user_permissions_set__permission",
        )

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """simple-history's "Ändringar", with the role changes read from the prefetched rows.

        Its own diff queries each version's groups and permissions again (two queries a row);
        the scalar fields are diffed as before, the two m2m fields from what
        `get_history_queryset` prefetched, so the page's query count does not grow.
        """
        previous = None
        for current in historical_records:
            if previous is not None:
                delta = previous.diff_against(
                    current,
                    excluded_fields=[name for name, _, _ in _ROLLFALT],
                    foreign_keys_are_objs=foreign_keys_are_objs,
                )
                changes = list(delta.changes)
                for name, related, target in _ROLLFALT:
                    old, new = (_rader(rec, related, target) for rec in (current, previous))
                    if [r[target].pk for r in old] != [r[target].pk for r in new]:
                        changes.append(ModelChange(name, old, new))
                delta = ModelDelta(
                    changes, [c.field for c in changes], delta.old_record, delta.new_record
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def get_deleted_objects(self, objs, request):
        """A user someone's work is attributed to is not deleted: deactivated instead.

        simple-history's history_user is SET_NULL, so deleting the user would turn "who did
        it" into nobody in every history row; attest rows, bilagor and events would lose the
        name too. Django's admin refuses a deletion with "protected" objects, so the
        attributions are listed as such, with what to do instead.
        """
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        attributed = False
        for user in objs:
            if attributions := historik.attributions_of(user):
                namn = user.get_full_name() or user.get_username()
                protected.append(
                    f"{namn} står som upphov i: {', '.join(attributions)}. Avaktivera "
                    f"användaren i stället (avmarkera ”Aktiv” under Behörigheter): då kan "
                    f"personen inte logga in, och namnet finns kvar överallt där det står."
                )
                attributed = True
        if attributed:
            # Django shows missing delete permissions before protected objects; the reason to
            # deactivate instead is the one that matters, and either one stops the deletion.
            perms_needed = set()
        return deleted, model_count, perms_needed, protected


#: The user's m2m fields in the history: field, the history row's relation, the related field.
_ROLLFALT = (
    ("groups", "historicaluser_groups_set", "group"),
    ("user_permissions", "historicaluser_user_permissions_set", "permission"),
)


def _rader(record, related: str, target: str) -> list[dict]:
    rows = [getattr(r, target) for r in getattr(record, related).all()]
    return [{target: obj} for obj in sorted((o for o in rows if o is not None), key=str)]


# See UserAdmin.history_list_display.
setattr(UserAdmin, "Roller i versionen", UserAdmin.roller_i_versionen)


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
