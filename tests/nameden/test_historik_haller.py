"""An audit that holds: no write to a tracked model escapes its history, and no history row is
written for a save that changed nothing.

Found open (issue 10): a queryset `.update()` changed tracked models without a history row,
and each login wrote an empty user-history row.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nameden.historik import delete_tracked, save_tracked
from nameden.models import Klassificering, User
from nameden.sparmanager import (
    TrackedQuerySet,
    UntrackedWriteError,
    delete_each,
    is_tracked,
    untracked_writes,
)
from remiss.models import Remiss
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TRACKED = sorted((m for m in apps.get_models() if is_tracked(m)), key=lambda m: m._meta.label_lower)

OPERATIONS = {
    "update": lambda qs: qs.update(pk=0),
    "bulk_create": lambda qs: qs.bulk_create([]),
    "bulk_update": lambda qs: qs.bulk_update([], ["pk"]),
    "delete": lambda qs: qs.delete(),
}


def test_the_enumeration_finds_every_tracked_model():
    """GIVEN the installed apps WHEN the tracked models are listed THEN both apps' domain
    models are there (the parametrised tests below cover each one)."""
    labels = {m._meta.label for m in TRACKED}
    assert {"remiss.Remiss", "remiss.Tjansteutlatande", "remiss.Bilaga", "nameden.User"} <= labels
    assert {"nameden.Sammantrade", "nameden.Kommun", "nameden.Klassificering"} <= labels
    assert len(TRACKED) >= 40


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("model", TRACKED, ids=lambda m: m._meta.label)
def test_every_tracked_model_refuses_each_bulk_write(model, operation):
    """GIVEN a model with history WHEN a queryset update/bulk_create/bulk_update/delete is
    called on its default manager THEN UntrackedWriteError is raised before any SQL runs."""
    with CaptureQueriesContext(connection) as ctx, pytest.raises(UntrackedWriteError) as exc:
        OPERATIONS[operation](model._default_manager.all())
    assert ctx.captured_queries == []
    assert model._meta.label in str(exc.value)
    assert "untracked_writes" in str(exc.value)


@pytest.mark.parametrize("model", TRACKED, ids=lambda m: m._meta.label)
def test_the_manager_itself_refuses_too(model):
    """GIVEN a tracked model WHEN update/bulk_create is called on the manager, not a queryset
    THEN it is refused the same way (the manager's methods are the queryset's)."""
    assert issubclass(model._default_manager._queryset_class, TrackedQuerySet)
    with pytest.raises(UntrackedWriteError):
        model._default_manager.update(pk=0)
    with pytest.raises(UntrackedWriteError):
        model._default_manager.bulk_create([])


def test_a_related_manager_refuses_too(tu):
    """GIVEN a tjänsteutlåtande WHEN its bilagor are updated through the related manager
    THEN it is refused: the related manager is built on the default one."""
    with pytest.raises(UntrackedWriteError):
        tu.bilagor.update(titel="x")
    with pytest.raises(UntrackedWriteError):
        tu.bilagor.all().delete()


def test_untracked_writes_allows_them_only_inside_the_block(remiss):
    """GIVEN a remiss WHEN an update runs inside untracked_writes THEN it runs (and writes no
    history, which is why the block must say why); after the block it is refused again."""
    antal = remiss.history.count()
    with untracked_writes("test: a change behind the app's back"):
        Remiss.objects.filter(pk=remiss.pk).update(rubrik="Ändrad utan historik")
    remiss.refresh_from_db()
    assert remiss.rubrik == "Ändrad utan historik"
    assert remiss.history.count() == antal
    with pytest.raises(UntrackedWriteError):
        Remiss.objects.filter(pk=remiss.pk).update(rubrik="Igen")


def test_untracked_writes_needs_a_reason():
    """GIVEN no reason WHEN untracked_writes is entered THEN it refuses: every use says why."""
    with pytest.raises(ValueError), untracked_writes(" "):
        pass


def test_history_models_and_migrations_are_not_guarded(remiss):
    """GIVEN the historical models and the migrations' model state WHEN their managers are
    inspected THEN they are Django's plain ones: simple-history's machinery and data
    migrations (which use the historical models) keep working."""
    Remiss.history.model.objects.filter(id=remiss.pk).update(history_change_reason="x")
    state_apps = MigrationLoader(connection).project_state().apps
    for label in ("remiss.Remiss", "remiss.Bilaga", "nameden.User", "nameden.Klassificering"):
        manager = state_apps.get_model(label)._default_manager
        assert not issubclass(manager._queryset_class, TrackedQuerySet), label


def test_delete_each_deletes_instance_by_instance_with_who(sof, karin):
    """GIVEN two klassificeringar WHEN a queryset delete runs inside delete_each (as the admin's
    "delete selected" does) THEN both are deleted and each "-" history row names who and why."""
    a = Klassificering.objects.create(forvaltning=sof, kod="1.1", benamning="A")
    b = Klassificering.objects.create(forvaltning=sof, kod="1.2", benamning="B")
    with delete_each(user=karin, reason="Borttagen i administrationen"):
        antal, _ = Klassificering.objects.filter(pk__in=[a.pk, b.pk]).delete()
    assert antal == 2
    rader = Klassificering.history.filter(history_type="-").order_by("kod")
    assert [(r.kod, r.history_user, r.history_change_reason) for r in rader] == [
        ("1.1", karin, "Borttagen i administrationen"),
        ("1.2", karin, "Borttagen i administrationen"),
    ]


def test_the_admins_delete_selected_action_deletes_with_history(client, sof):
    """GIVEN an administrator and two klassificeringar WHEN they are deleted with the admin's
    "delete selected" action THEN the page answers (no 500), both are gone, and the history
    says who deleted them."""
    admin_user = User.objects.create_superuser("admin2", "a@example.org", "x")
    a = Klassificering.objects.create(forvaltning=sof, kod="2.1", benamning="A")
    b = Klassificering.objects.create(forvaltning=sof, kod="2.2", benamning="B")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:nameden_klassificering_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk, b.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Klassificering.objects.filter(pk__in=[a.pk, b.pk]).exists()
    assert set(
        Klassificering.history.filter(history_type="-").values_list("history_user", flat=True)
    ) == {admin_user.pk}


# --- No history row without a change ------------------------------------------------------------


def test_a_save_that_changes_nothing_writes_no_history_row(remiss, maria):
    """GIVEN a remiss WHEN it is saved through save_tracked without a change THEN no history row
    is written; WHEN a field then changes THEN exactly one is."""
    antal = remiss.history.count()
    save_tracked(remiss, user=maria, reason="Ingen ändring")
    remiss.refresh_from_db()
    save_tracked(remiss, user=maria, reason="Ingen ändring")
    assert remiss.history.count() == antal

    remiss.rubrik = "Ny rubrik"
    save_tracked(remiss, user=maria, reason="Rubriken ändrades")
    assert remiss.history.count() == antal + 1
    assert remiss.history.first().history_change_reason == "Rubriken ändrades"

    save_tracked(remiss, user=maria, reason="Ingen ändring igen")
    assert remiss.history.count() == antal + 1


def test_a_plain_save_without_a_change_writes_none_either(tu):
    """GIVEN a tjänsteutlåtande WHEN save() is called directly, twice, unchanged THEN no
    history row is written (the rule is on every save path, not only save_tracked)."""
    antal = tu.history.count()
    tu.save()
    tu.save()
    assert tu.history.count() == antal


def test_a_change_after_a_skipped_save_is_recorded(remiss, maria):
    """GIVEN a save skipped for having no change WHEN the same instance is changed and saved
    THEN the change is recorded (the skip is for one save only)."""
    antal = remiss.history.count()
    save_tracked(remiss, user=maria, reason="Ingen ändring")
    remiss.avsandare = "Kulturförvaltningen"
    save_tracked(remiss, user=maria, reason="Avsändaren ändrades")
    assert remiss.history.count() == antal + 1
    assert remiss.history.first().avsandare == "Kulturförvaltningen"


def test_save_without_historical_record_still_works(remiss):
    """GIVEN simple-history's own save_without_historical_record WHEN used with a change THEN
    no row is written and the next real change writes one (the flag is not left behind)."""
    antal = remiss.history.count()
    remiss.rubrik = "Tyst ändring"
    remiss.save_without_historical_record()
    assert remiss.history.count() == antal
    remiss.rubrik = "Synlig ändring"
    remiss.save()
    assert remiss.history.count() == antal + 1


def test_a_login_writes_no_user_history_row(client, karin):
    """GIVEN Karin WHEN she logs in through the login page, twice THEN her last_login is set
    but no user-history row is written (last_login is not tracked)."""
    antal = karin.history.count()
    for _ in range(2):
        response = client.post(reverse("login"), {"username": "karin", "password": "losenord-123"})
        assert response.status_code == 302
        client.logout()
    karin.refresh_from_db()
    assert karin.last_login is not None
    assert karin.history.count() == antal


def test_deleting_with_delete_tracked_records_who(remiss, karin, maria):
    """GIVEN a tracked row WHEN it is deleted with delete_tracked THEN its last history row is
    "-" with who and why."""
    grupp_antal = Group.objects.count()
    person = UserFactory(username="tillfallig")
    pk = person.pk
    delete_tracked(person, user=maria, reason="Konto skapat av misstag")
    rad = User.history.filter(id=pk).first()
    assert (rad.history_type, rad.history_user, rad.history_change_reason) == (
        "-",
        maria,
        "Konto skapat av misstag",
    )
    assert Group.objects.count() == grupp_antal
