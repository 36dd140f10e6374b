"""Roles in the history, and names that outlive their accounts.

Found open (issue 10): group changes appeared only in the admin log; deleting a user blanked
"who" in every history row (simple-history's history_user is SET_NULL).

Decision: a user someone's work is attributed to is never deleted; the admin refuses with a
Swedish message and offers deactivation, which keeps every name readable.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nameden.historik import attributions_of, save_tracked
from nameden.models import User
from nameden.roles import Roll, group_name
from remiss.services.bilagor import bilaga_ladda_upp
from tests.factories import UserFactory
from tests.remiss.namnd_verktyg import attestera

pytestmark = pytest.mark.django_db

_EN_SIDA = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture
def administrator(db):
    return User.objects.create_superuser("admin", "admin@example.org", "x", first_name="Ada")


def _formulardata(client, url) -> dict:
    """The admin change form's current values, as the browser would post them back."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or field.disabled:
            continue
        if hasattr(field.widget, "widgets"):  # split date and time
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[name] = [str(v.pk if hasattr(v, "pk") else v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def _grupp(roll: Roll) -> Group:
    return Group.objects.get(name=group_name(roll))


def test_a_role_given_in_the_admin_is_in_the_history_with_who(client, administrator, karin):
    """GIVEN Karin, handläggare WHEN the administrator also makes her registrator in the admin
    THEN her newest history row holds both roles and names the administrator."""
    client.force_login(administrator)
    url = reverse("admin:nameden_user_change", args=[karin.pk])
    data = _formulardata(client, url)
    data["groups"] = [str(_grupp(Roll.HANDLAGGARE).pk), str(_grupp(Roll.REGISTRATOR).pk)]

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    rad = karin.history.first()
    assert rad.history_user == administrator
    assert sorted(r.group.name for r in rad.groups.all()) == ["Handläggare", "Registrator"]
    tidigare = rad.prev_record
    assert [r.group.name for r in tidigare.groups.all()] == ["Handläggare"]


def test_a_role_taken_away_is_in_the_history_too(karin, veronica):
    """GIVEN Karin, handläggare WHEN her role is removed THEN a history row records it, with
    who did it, and the row before still shows the role she had."""
    karin._history_user = veronica
    karin.groups.remove(_grupp(Roll.HANDLAGGARE))
    rad = karin.history.first()
    assert rad.history_user == veronica
    assert list(rad.groups.all()) == []
    assert [r.group.name for r in rad.prev_record.groups.all()] == ["Handläggare"]


def test_a_permission_given_directly_is_in_the_history(karin, veronica):
    """GIVEN Karin WHEN a permission is given to her directly THEN the history row lists it."""
    permission = Permission.objects.get(codename="attestera_remiss")
    karin._history_user = veronica
    karin.user_permissions.add(permission)
    rad = karin.history.first()
    assert [r.permission for r in rad.user_permissions.all()] == [permission]
    assert rad.history_user == veronica


def test_the_users_history_page_shows_the_roles_and_the_change(client, administrator, karin):
    """GIVEN Karin made registrator by the administrator WHEN the user's history page is read
    THEN it shows each version's roles and the change to the groups, in a constant number of
    queries however many versions there are."""
    karin._history_user = administrator
    karin.groups.add(_grupp(Roll.REGISTRATOR))
    client.force_login(administrator)
    url = reverse("admin:nameden_user_history", args=[karin.pk])

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Roller i versionen" in html
    assert "Handläggare, Registrator" in html
    assert "[Handläggare]" in html and "[Handläggare, Registrator]" in html  # the change
    assert "Ada" in html or "admin" in html

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as fore:
        client.get(url)
    for roll in (Roll.AVDELNINGSCHEF, Roll.NAMNDSEKRETERARE, Roll.LASARE):
        karin.groups.add(_grupp(roll))
    with CaptureQueriesContext(connection) as efter:
        client.get(url)
    assert len(efter.captured_queries) == len(fore.captured_queries)


# --- Names that outlive the account ----------------------------------------------------------


@pytest.fixture
def attesterad(remiss, karin, lisa, veronica):
    """KS 2024/112 with a bilaga uploaded by Karin, attested by Lisa and Veronica."""
    from tests.remiss.namnd_verktyg import las_tu

    remiss = attestera(remiss, karin, lisa, veronica)
    return remiss, las_tu(remiss)


def test_a_deactivated_users_name_stays_on_every_page(client, attesterad, karin, lisa, veronica):
    """GIVEN a remiss Karin drafted and Lisa attested WHEN both are deactivated THEN the
    history page, the remiss page (its timeline and attest) still name them."""
    remiss, _tu = attesterad
    for person in (karin, lisa):
        person.is_active = False
        save_tracked(person, user=veronica, reason="Slutat")
    client.force_login(veronica)

    historik = client.get(reverse("remiss:historik", args=[remiss.pk])).content.decode()
    detalj = client.get(reverse("remiss:detalj", args=[remiss.pk])).content.decode()
    attest = client.get(reverse("remiss:attest", args=[remiss.pk])).content.decode()

    assert "Karin Wallander" in historik
    assert "Karin Wallander" in detalj
    assert "Lisa Cadenius" in attest or "Lisa Cadenius" in detalj


def test_a_deactivated_uploader_is_still_named_on_the_bilagor(client, tu, karin, lisa):
    """GIVEN a bilaga Karin uploaded WHEN Karin is deactivated THEN the bilagor page still says
    she uploaded it."""
    bilaga_ladda_upp(
        user=karin, tu=tu, titel="Programmet", fil=SimpleUploadedFile("p.pdf", _EN_SIDA)
    )
    karin.is_active = False
    save_tracked(karin, user=lisa, reason="Slutat")
    client.force_login(lisa)

    html = client.get(reverse("remiss:bilagor", args=[tu.remiss_id])).content.decode()

    assert "Karin Wallander" in html


def test_deleting_a_user_with_attributions_is_refused_in_swedish(
    client, administrator, attesterad, karin
):
    """GIVEN Karin, who drafted and saved a tjänsteutlåtande WHEN the administrator tries to
    delete her in the admin THEN the page names what she is attributed to, says to deactivate
    instead, refuses the deletion even when posted, and every history row keeps her."""
    client.force_login(administrator)
    url = reverse("admin:nameden_user_delete", args=[karin.pk])

    sida = client.get(url)
    html = sida.content.decode()
    assert "Avaktivera användaren i stället" in html
    assert "Karin Wallander står som upphov i" in html

    client.post(url, {"post": "yes"})

    assert User.objects.filter(pk=karin.pk).exists()
    assert attributions_of(karin)


def test_the_delete_selected_action_refuses_them_too(client, administrator, attesterad, karin):
    """GIVEN Karin with attributions WHEN the admin's "delete selected" action is posted for
    her THEN she is not deleted."""
    client.force_login(administrator)
    client.post(
        reverse("admin:nameden_user_changelist"),
        {"action": "delete_selected", "_selected_action": [karin.pk], "post": "yes"},
    )
    assert User.objects.filter(pk=karin.pk).exists()


def test_a_user_nobody_refers_to_can_be_deleted(client, administrator):
    """GIVEN an account created by mistake, never used WHEN the administrator deletes it THEN
    it is deleted, and its last history row names the administrator."""
    person = UserFactory(username="felaktig", date_joined=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    pk = person.pk
    assert attributions_of(person) == []
    client.force_login(administrator)

    response = client.post(reverse("admin:nameden_user_delete", args=[pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=pk).exists()
    assert User.history.filter(id=pk).first().history_type == "-"


def test_a_role_given_from_the_groups_side_is_recorded_on_the_user(karin, per, veronica):
    """GIVEN the Registrator group WHEN users are added to it from the group's side, and then
    the group is emptied THEN each user's history records the change (simple-history alone
    would raise: the group has no history)."""
    grupp = _grupp(Roll.REGISTRATOR)
    grupp._history_user = veronica
    grupp.user_set.add(karin, per)
    for person in (karin, per):
        rad = person.history.first()
        assert "Registrator" in [r.group.name for r in rad.groups.all()]
        assert rad.history_user == veronica

    grupp.user_set.clear()
    for person in (karin, per):
        assert "Registrator" not in [r.group.name for r in person.history.first().groups.all()]
