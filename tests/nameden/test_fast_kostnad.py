"""What every logged-in request pays, whatever the page: the session, the user (with where
they sit) and their roles and permissions, in three queries (nameden.autentisering), none
of them built by the ORM anew on each request.

The roles and permissions come in one query and are kept on the request's user object only:
a role given or taken counts from the user's next request.
"""

import datetime as dt

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_script_prefix
from django.urls import reverse
from django.utils import timezone

from nameden import policy as namnd_policy
from nameden import roles
from nameden.autentisering import AnvandarBackend, SessionStore, las_anvandare
from nameden.models import User
from nameden.roles import Roll, group_name
from remiss import policy

pytestmark = pytest.mark.django_db


def _ny(user) -> User:
    """The user as a request loads them: a fresh object, no caches."""
    return AnvandarBackend().get_user(user.pk)


def _grupp(roll) -> Group:
    return Group.objects.get(name=group_name(roll))


def test_roles_and_permissions_are_one_query(lisa, django_assert_num_queries):
    """GIVEN Lisa, an avdelningschef WHEN the menu's questions are asked (permissions of
    both apps, the read log, which asks for her role) THEN that is one query in all."""
    user = _ny(lisa)
    with django_assert_num_queries(1):
        assert user.has_perm("remiss.attestera_remiss")
        assert user.has_perm(roles.LASA_NAMND)
        assert not user.has_perm("remiss.registrera_remiss")
        assert namnd_policy.far_se_lasloggen(user)
        assert roles.roller(user) == {Roll.AVDELNINGSCHEF}


def test_the_same_permissions_as_djangos_own_backend(karin, maria):
    """GIVEN Karin with a permission of her own beside her role's, and a group that grants
    nothing WHEN her permissions are read THEN they are exactly ModelBackend's, split the
    same way into her own and her groups'."""
    egen = Permission.objects.get(codename="registrera_remiss")
    karin.user_permissions.add(egen)
    karin.groups.add(Group.objects.create(name="Projektgrupp"))

    var, django = _ny(karin), User.objects.get(pk=karin.pk)
    backend = ModelBackend()

    assert var.get_all_permissions() == backend.get_all_permissions(django)
    assert backend.get_user_permissions(var) == {"remiss.registrera_remiss"}
    assert backend.get_group_permissions(var) == backend.get_group_permissions(django)
    assert var.has_perm("remiss.registrera_remiss") and var.has_perm("remiss.handlagga_remiss")
    assert roles.roller(var) == {Roll.HANDLAGGARE}  # the project group names no role
    assert var._grupper == {"Handläggare", "Projektgrupp"}


def test_an_inactive_user_holds_nothing_and_an_administrator_everything(karin, db):
    """GIVEN Karin deactivated, and an administrator in no group WHEN asked THEN Karin holds
    no permission (her role stays hers) and the administrator holds every one."""
    karin.is_active = False
    karin.save()
    karin = User.objects.get(pk=karin.pk)
    admin = User.objects.create_superuser("ada", "ada@example.org", "losenord-123")

    assert not karin.has_perm("remiss.handlagga_remiss")
    assert karin.get_all_permissions() == set()
    assert roles.roller(karin) == {Roll.HANDLAGGARE}
    assert admin.has_perm("remiss.attestera_remiss")
    assert len(admin.get_all_permissions()) == Permission.objects.count()
    assert roles.roller(admin) == frozenset()


def test_a_logged_in_page_pays_three_fixed_queries(client, karin):
    """GIVEN Karin logged in WHEN she opens the tillgänglighetsredogörelse (one query of its
    own: the kommuner) THEN the page costs four: the session, Karin with her avdelning,
    her roles and permissions, and the page's own."""
    client.force_login(karin)
    url = reverse("tillganglighet")
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        svar = client.get(url)

    assert svar.status_code == 200
    assert "Mina remisser" in svar.content.decode()  # the menu was decided
    tabeller = [q["sql"].split(" FROM ", 1)[1].split()[0] for q in ctx.captured_queries]
    assert len(tabeller) == 4, tabeller
    assert tabeller[:2] == ['"django_session"', '"nameden_user"']
    assert '"auth_group"' in tabeller


def test_a_role_given_or_taken_counts_from_the_next_request(client, karin):
    """GIVEN Karin logged in, a handläggare WHEN she is made avdelningschef THEN her next
    page shows Att attestera and the read log, and when the role is taken back again the
    next page shows neither: nothing of her roles outlives a request."""
    client.force_login(karin)
    url = reverse("remiss:mina")
    attest, logg = reverse("remiss:inkorg"), reverse("sekretess:lasloggen")

    fore = client.get(url).content.decode()
    karin.groups.add(_grupp(Roll.AVDELNINGSCHEF))
    chef = client.get(url).content.decode()
    karin.groups.remove(_grupp(Roll.AVDELNINGSCHEF))
    efter = client.get(url).content.decode()

    assert f'href="{attest}"' not in fore and f'href="{logg}"' not in fore
    assert f'href="{attest}"' in chef and f'href="{logg}"' in chef
    assert f'href="{attest}"' not in efter and f'href="{logg}"' not in efter


def test_the_policy_decides_with_the_loaded_permissions(karin, remiss):
    """GIVEN the assigned handläggare, loaded as a request would WHEN the policy is asked
    about the remiss THEN it answers as before, reading her permissions once."""
    user = _ny(karin)
    with CaptureQueriesContext(connection) as ctx:
        assert policy.can_see(user, remiss)
        assert policy.holds(user, "remiss.handlagga_remiss")
        assert not policy.holds(user, "remiss.attestera_remiss")
    assert sum('"auth_group"' in q["sql"] for q in ctx.captured_queries) == 1


# --- The user and the session, each read with SQL written or compiled once ------------------


def _falt(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def test_the_user_is_built_as_the_orm_builds_them(karin, django_assert_num_queries):
    """GIVEN Karin, who has logged in WHEN the backend loads her THEN she, her avdelning and
    its förvaltning are the objects the ORM's select_related builds, field for field and of
    the same types (dates, booleans), in one query."""
    karin.last_login = timezone.now()
    karin.save()
    orm = User.objects.select_related("avdelning__forvaltning").get(pk=karin.pk)

    with django_assert_num_queries(1):
        user = las_anvandare(str(karin.pk))  # the session keeps the id as text
        assert _falt(user.avdelning.forvaltning) == _falt(orm.avdelning.forvaltning)

    assert _falt(user) == _falt(orm)
    assert _falt(user.avdelning) == _falt(orm.avdelning)
    assert type(user.is_active) is bool and user.last_login == orm.last_login
    assert not user._state.adding and user._state.db == "default"


def test_a_user_without_avdelning_or_id_is_built_too(db):
    """GIVEN a förtroendevald without an avdelning WHEN loaded THEN they have none (and no
    query asks for it); an id nobody has, or one that is no id, is nobody."""
    ledamot = User.objects.create_user("ledamot", password="losenord-123")

    user = las_anvandare(ledamot.pk)
    assert user.avdelning is None and user.forvaltning_id is None
    assert las_anvandare(ledamot.pk + 1000) is None
    assert las_anvandare("inte-ett-id") is None


def test_the_session_is_read_as_djangos_store_reads_it(karin):
    """GIVEN a session with Karin's login WHEN read by key THEN it holds what was saved; a
    key that expired or never existed reads as an empty session and is forgotten."""
    sparad = SessionStore()
    sparad["_auth_user_id"] = str(karin.pk)
    sparad.save()

    assert SessionStore(sparad.session_key).load() == {"_auth_user_id": str(karin.pk)}
    Session.objects.filter(pk=sparad.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    for nyckel in (sparad.session_key, "x" * 32):
        session = SessionStore(nyckel)
        assert session.load() == {}
        assert session.session_key is None


def test_a_logout_ends_the_session_at_once(client, karin):
    """GIVEN Karin logged in WHEN she logs out THEN her old cookie opens nothing: the next
    request with it is sent to the login page (the row is gone, in every worker)."""
    client.force_login(karin)
    kaka = client.cookies["sessionid"].value
    assert client.get(reverse("remiss:mina")).status_code == 200

    client.post(reverse("logout"))
    client.cookies["sessionid"] = kaka
    svar = client.get(reverse("remiss:mina"))

    assert svar.status_code == 302 and svar["Location"].startswith(reverse("login"))


# --- The menu's links, reversed once -----------------------------------------------------------


def test_the_menu_links_are_the_reversed_urls(client, johan):
    """GIVEN Johan, a nämndsekreterare, logged in WHEN he opens Mina remisser THEN each link
    of the menu and the footer is its URL name's (reversed once, not per page)."""
    client.force_login(johan)
    html = client.get(reverse("remiss:mina")).content.decode()

    for namn in ("remiss:mina", "remiss:lista", "namnd:lista", "logout", "tillganglighet"):
        assert f'="{reverse(namn)}"' in html, namn


def test_the_menu_links_follow_the_script_prefix(client, karin):
    """GIVEN the site served under /remiss (a proxy's path prefix, SCRIPT_NAME) WHEN Karin's
    page is rendered there and then at the root THEN each time the links carry its prefix."""
    client.force_login(karin)
    # What the WSGI handler sets from SCRIPT_NAME (the test client's handler does not).
    with override_script_prefix("/remiss/"):
        under = client.get("/").content.decode()
    rot = client.get("/").content.decode()

    assert 'href="/remiss/remisser/"' in under and 'action="/remiss/logga-ut/"' in under
    assert 'href="/remisser/"' in rot and 'action="/logga-ut/"' in rot
