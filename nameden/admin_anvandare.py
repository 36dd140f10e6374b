"""The users' admin: their tjänst and roles, the history of both, and deactivation in place
of deleting someone whose work is attributed to them. Registered when `nameden.admin` (which
Django's admin autodiscovers) imports this module.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import ModelChange, ModelDelta

from nameden import historik
from nameden.models import User


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
