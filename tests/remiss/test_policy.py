"""Who may do what, in which status: `remiss.policy` checked cell by cell against a grid.

The grid below is the specification, written out so a reviewer can read it without the code:
one row per (action, persona) that is allowed somewhere, one column per status. Every pair not
listed is denied in every status, including every action that is missing from `POLICY`.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from remiss import policy, selectors
from remiss.services.registrering import remiss_tilldela
from remiss.workflow import SYSTEM_ACTIONS, Action, Status
from tests.factories import Roll, UserFactory

PERSONAS = ("karin", "hugo", "lisa", "veronica", "maria", "johan", "per", "utomstaende")

# REG registrerad · UB under beredning · FA för attest · ATT attesterad · BSL beslutad ·
# BSV besvarad · AVS avslutad · AVK avskriven.    x = allowed, . = denied.
#
# The remiss has an attestation round waiting for its first step (Lisa, then Veronica), so the
# attest actions show whose turn it is; the order, deputies and "never twice" are proved in
# test_attestering.py and test_attestlage.py. Slutattestera is no user action: it follows the
# last approval. Besluta, expediera and återremittera are no one's either: they are system
# transitions that follow from the nämnder's steps (nameden.arendekallor), so they have no
# rows at all. Avsluta is the registrator's, or the assigned handläggare's, once answered.
GRID = """
action              persona    REG UB  FA  ATT BSL BSV AVS AVK
visa                karin       x   x   x   x   x   x   x   x
visa                hugo        x   x   x   x   x   x   x   x
visa                lisa        x   x   x   x   x   x   x   x
visa                veronica    x   x   x   x   x   x   x   x
visa                maria       x   x   x   x   x   x   x   x
visa                johan       x   x   x   x   x   x   x   x
visa                per         x   x   x   x   x   x   x   x
registrera          maria       x   x   x   x   x   x   x   x
andra_uppgifter     maria       x   x   x   x   .   .   .   .
tilldela            maria       x   x   x   x   .   .   .   .
avskriva            maria       x   x   .   .   .   .   .   .
paborja_beredning   karin       x   .   .   .   .   .   .   .
redigera            karin       .   x   x   x   .   .   .   .
skicka_till_attest  karin       .   x   .   .   .   .   .   .
attestera           lisa        .   .   x   .   .   .   .   .
returnera           lisa        .   .   x   .   .   .   .   .
aterkalla           karin       .   .   x   .   .   .   .   .
ateroppna           karin       .   .   x   x   .   .   .   .
anmala              johan       .   .   .   x   .   .   .   .
avsluta             maria       .   .   .   .   .   x   .   x
avsluta             karin       .   .   .   .   .   x   .   x
"""

STATUS_COLUMNS = (
    Status.REGISTRERAD,
    Status.UNDER_BEREDNING,
    Status.FOR_ATTEST,
    Status.ATTESTERAD,
    Status.BESLUTAD,
    Status.BESVARAD,
    Status.AVSLUTAD,
    Status.AVSKRIVEN,
)


def _expected() -> dict[Action, set[tuple[str, Status]]]:
    """Action → the (persona, status) cells marked x."""
    lines = GRID.strip().splitlines()
    assert lines[0].split()[2:] == ["REG", "UB", "FA", "ATT", "BSL", "BSV", "AVS", "AVK"]
    expected: dict[Action, set[tuple[str, Status]]] = {action: set() for action in Action}
    for line in lines[1:]:
        action, persona, *marks = line.split()
        assert persona in PERSONAS and len(marks) == len(STATUS_COLUMNS), line
        expected[Action(action)] |= {
            (persona, status)
            for status, mark in zip(STATUS_COLUMNS, marks, strict=True)
            if mark == "x"
        }
    return expected


EXPECTED = _expected()


@pytest.fixture
def personas(request, db) -> dict:
    # `db` spelled out: fetched by name below, the personas would not tell pytest-django that
    # the test uses the database, and it would run after the transactional tests' flush.
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def test_the_grid_has_one_column_per_status():
    """GIVEN the grid WHEN its columns are compared with the workflow THEN every status has one."""
    assert set(STATUS_COLUMNS) == set(Status)


@pytest.fixture
def remiss_med_runda(tu, karin, lisa, veronica):
    """A remiss whose tjänsteutlåtande waits for its first attestant (set up directly: the
    grid reads statuses in memory, so the round must exist whatever the status)."""
    from remiss.models import Attestrunda

    Attestrunda.objects.create(
        tjansteutlatande=tu,
        kedja=[
            {"roll": "avdelningschef", "attestant_id": lisa.pk},
            {"roll": "forvaltningschef", "attestant_id": veronica.pk},
        ],
        skickad_av=karin,
        skickad_version=tu.version,
        vantar_pa=lisa,
    )
    return tu.remiss


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.value)
def test_policy_matches_the_grid(personas, remiss_med_runda, action):
    """GIVEN each persona and the remiss in each status WHEN the policy is asked about `action`
    THEN exactly the cells marked x in the grid are allowed."""
    remiss = remiss_med_runda
    allowed = set()
    for status in STATUS_COLUMNS:
        remiss.status = status  # in memory: the policy reads the status, it does not query it
        for name, user in personas.items():
            if policy.allowed(user, action, remiss):
                allowed.add((name, status))

    assert allowed == EXPECTED[action]


def test_action_missing_from_policy_is_denied_even_to_a_superuser(monkeypatch, remiss, stab, maria):
    """GIVEN the rule for avskriva is taken out of the table WHEN the registrator or a
    superuser asks in the right status THEN denied: no rule means no."""
    admin = UserFactory(username="admin", is_superuser=True, avdelning=stab)
    assert policy.allowed(maria, Action.AVSKRIVA, remiss)

    monkeypatch.delitem(policy.POLICY, Action.AVSKRIVA)

    assert not policy.allowed(maria, Action.AVSKRIVA, remiss)
    assert not policy.allowed(admin, Action.AVSKRIVA, remiss)


@pytest.mark.parametrize("action", sorted(SYSTEM_ACTIONS), ids=lambda a: a.value)
def test_no_one_may_take_a_system_transition(personas, remiss_med_runda, stab, action):
    """GIVEN every persona, a superuser and one who holds every role WHEN asked about a
    system transition (besluta, expediera, återremittera) in any status THEN always denied:
    they follow from the nämnder's steps, no user is granted them."""
    admin = UserFactory(username="admin", is_superuser=True, avdelning=stab)
    alla_roller = UserFactory(username="allt", roller=list(Roll), avdelning=stab)
    users = [*personas.values(), admin, alla_roller]
    remiss = remiss_med_runda
    for status in Status:
        remiss.status = status
        assert [u.username for u in users if policy.allowed(u, action, remiss)] == []
        assert all(action not in policy.allowed_actions(u, remiss) for u in users)


def test_the_system_transitions_are_besluta_expediera_and_aterremittera():
    """GIVEN the workflow table WHEN its system transitions are read THEN they are exactly the
    three that follow from the nämnder, and none of them is in the policy table."""
    assert {Action.BESLUTA, Action.EXPEDIERA, Action.ATERREMITTERA} == SYSTEM_ACTIONS
    assert SYSTEM_ACTIONS.isdisjoint(policy.POLICY)


def test_closing_is_the_registrators_or_the_assigned_handlaggares(remiss, maria, karin, hugo):
    """GIVEN a besvarad remiss of Karin's WHEN asked who may close it THEN the registrator and
    Karin may (either rule of the table), Hugo, another handläggare, may not; and the status
    check a page makes first is the union of both rules' statuses."""
    remiss.status = Status.BESVARAD

    assert policy.allowed(maria, Action.AVSLUTA, remiss)
    assert policy.allowed(karin, Action.AVSLUTA, remiss)
    assert not policy.allowed(hugo, Action.AVSLUTA, remiss)
    assert policy.statuses_for(Action.AVSLUTA) == {Status.BESVARAD, Status.AVSKRIVEN}


# --- The relation rule ------------------------------------------------------------------------


def test_only_the_assigned_handlaggare_may_start_beredning(remiss, karin, hugo):
    """GIVEN two handläggare with the same role WHEN the remiss is Karin's THEN only she may
    start the beredning."""
    assert policy.allowed(karin, Action.PABORJA_BEREDNING, remiss)
    assert not policy.allowed(hugo, Action.PABORJA_BEREDNING, remiss)


def test_only_the_assigned_handlaggare_may_edit(remiss, karin, hugo):
    """GIVEN a remiss under beredning assigned to Karin WHEN Hugo asks to edit THEN denied."""
    remiss.status = Status.UNDER_BEREDNING

    assert policy.allowed(karin, Action.REDIGERA, remiss)
    assert not policy.allowed(hugo, Action.REDIGERA, remiss)


def test_reassigning_moves_the_right_to_edit(remiss, maria, karin, hugo):
    """GIVEN Karin's remiss WHEN the registrator reassigns it to Hugo THEN Hugo may start the
    beredning and Karin no longer may."""
    remiss = remiss_tilldela(user=maria, remiss=remiss, handlaggare=hugo)

    assert policy.allowed(hugo, Action.PABORJA_BEREDNING, remiss)
    assert not policy.allowed(karin, Action.PABORJA_BEREDNING, remiss)


# --- Visibility -------------------------------------------------------------------------------


def test_other_forvaltning_is_denied_every_action_in_every_status(remiss, utomstaende):
    """GIVEN a handläggare of another förvaltning WHEN asking about any action in any status
    THEN always denied."""
    for status in Status:
        remiss.status = status
        assert policy.allowed_actions(utomstaende, remiss) == frozenset()


def test_visible_remisser_excludes_another_forvaltnings_remiss(remiss, utomstaende):
    """GIVEN a SOF remiss WHEN someone of SLK lists what they may see THEN it is not there."""
    assert not policy.visible_remisser(utomstaende).filter(pk=remiss.pk).exists()


def test_visible_remisser_includes_the_own_forvaltnings_remiss_for_a_reader(remiss, per):
    """GIVEN a SOF remiss WHEN a läsare of SOF lists what they may see THEN it is there."""
    assert list(policy.visible_remisser(per)) == [remiss]


def test_remiss_for_answers_404_to_another_forvaltning(remiss, utomstaende):
    """GIVEN a SOF remiss WHEN someone of SLK opens it by id THEN 404, so its existence does not
    leak."""
    with pytest.raises(Http404):
        selectors.remiss_for(utomstaende, remiss.pk)


def test_anonymous_user_is_denied_and_sees_nothing(remiss):
    """GIVEN nobody logged in WHEN asking to see the remiss THEN denied and nothing is visible."""
    anonym = AnonymousUser()

    assert not policy.allowed(anonym, Action.VISA, remiss)
    assert not policy.visible_remisser(anonym).exists()


def test_inactive_user_is_denied_even_their_own_remiss(remiss, karin):
    """GIVEN Karin's account is deactivated WHEN she asks to see or edit her remiss THEN denied
    and her list of visible remisser is empty."""
    remiss.status = Status.UNDER_BEREDNING
    karin.is_active = False
    karin.save(update_fields=["is_active"])

    assert policy.allowed_actions(karin, remiss) == frozenset()
    assert not policy.visible_remisser(karin).exists()


def test_require_raises_permission_denied_in_swedish(remiss, per):
    """GIVEN a läsare WHEN they try to avskriva THEN PermissionDenied says what they may not do."""
    with pytest.raises(PermissionDenied) as exc:
        policy.require(per, Action.AVSKRIVA, remiss)

    assert str(exc.value) == "Du får inte göra detta: avskriv remissen."


# --- Registration, before any remiss exists ---------------------------------------------------


def test_only_the_registrator_may_register_a_new_remiss(personas):
    """GIVEN every persona WHEN asked whether they may register (no remiss yet) THEN only Maria,
    the registrator, may."""
    may = {name for name, user in personas.items() if policy.allowed(user, Action.REGISTRERA)}

    assert may == {"maria"}


def test_superuser_with_an_avdelning_may_register(stab):
    """GIVEN a superuser placed in SOF WHEN asked whether they may register THEN yes."""
    admin = UserFactory(username="admin", is_superuser=True, avdelning=stab)

    assert policy.allowed(admin, Action.REGISTRERA)


def test_superuser_without_an_avdelning_cannot_register(registrera):
    """GIVEN a superuser in no förvaltning WHEN they register THEN refused: a remiss needs a
    förvaltning's diarium to be numbered in."""
    admin = UserFactory(username="admin", is_superuser=True, avdelning=None)

    with pytest.raises(ValidationError) as exc:
        registrera(user=admin)

    assert exc.value.messages == ["Ditt konto är inte kopplat till någon förvaltning."]


@pytest.mark.parametrize(
    "action", [a for a in Action if a != Action.REGISTRERA], ids=lambda a: a.value
)
def test_no_other_action_is_allowed_without_a_remiss(maria, stab, action):
    """GIVEN no remiss WHEN asked about any action but registering THEN denied, even to a
    superuser."""
    admin = UserFactory(username="admin", is_superuser=True, avdelning=stab)

    assert not policy.allowed(maria, action)
    assert not policy.allowed(admin, action)
