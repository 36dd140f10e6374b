"""The workflow table (`remiss.workflow`) and the services that walk it.

The first half reads the table itself: every allowed step lands where the table says, every
other (action, status) pair is refused with a Swedish message, and AVSLUTAD is the end. The
second half goes through the service functions in `remiss.services.arbetsflode`, which are
the only way a status changes: each writes a history row and a timeline event, and a refused
step leaves no trace. The steps that follow from the nämnder (besluta, expediera,
återremittera) are system transitions: their services ask for no permission; each nämnd's
part is proved in test_namndbehandling.py and the interface in test_namndkoppling.py. Closing
(avsluta) is the registrator's or the handläggare's own step.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nameden.sparmanager import untracked_writes
from remiss.models import Handelse, Remiss
from remiss.services.arbetsflode import (
    remiss_avskriva,
    remiss_avsluta,
    remiss_besluta,
    remiss_expediera,
    remiss_paborja_beredning,
)
from remiss.services.overgang import apply_transition
from remiss.workflow import (
    SYSTEM_ACTIONS,
    TRANSITIONS,
    Action,
    Status,
    TransitionNotAllowed,
    target_of,
)
from tests.factories import stockholm_mall

S = Status

ALLOWED = [
    (transition.action, source, transition.target)
    for transition in TRANSITIONS.values()
    for source in sorted(transition.sources)
]
FORBIDDEN = [
    (action, status)
    for action in Action
    for status in Status
    if action not in TRANSITIONS or status not in TRANSITIONS[action].sources
]


def _id(value) -> str:
    return str(getattr(value, "value", value))


# --- The table --------------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "source", "target"), ALLOWED, ids=_id)
def test_allowed_transition_reaches_its_target(action, source, target):
    """GIVEN a transition of the table WHEN taken from one of its sources THEN it lands on its
    target."""
    assert target_of(action, source) == target


@pytest.mark.parametrize(("action", "status"), FORBIDDEN, ids=_id)
def test_every_pair_outside_the_table_is_refused_in_swedish(action, status):
    """GIVEN an (action, status) pair the table does not allow WHEN asked for its target THEN
    TransitionNotAllowed names the action and the status in Swedish."""
    with pytest.raises(TransitionNotAllowed) as exc:
        target_of(action, status)

    message = str(exc.value)
    assert "går inte när remissen har status" in message
    assert f"”{action.label}”" in message
    assert f"”{status.label.lower()}”" in message


def test_refusal_message_is_a_whole_swedish_sentence():
    """GIVEN a registered remiss WHEN the nämnd's decision is recorded THEN the refusal reads as
    a sentence a nämndsekreterare understands."""
    with pytest.raises(TransitionNotAllowed) as exc:
        target_of(Action.BESLUTA, Status.REGISTRERAD)

    assert str(exc.value) == (
        "”Registrera nämndens beslut” går inte när remissen har status ”registrerad”."
    )


def test_the_table_checks_every_pair_either_way():
    """GIVEN the table WHEN allowed and forbidden pairs are counted THEN together they are every
    (action, status) pair, so no pair escapes the two tests above."""
    assert len(ALLOWED) + len(FORBIDDEN) == len(Action) * len(Status)


@pytest.mark.parametrize("action", list(Action), ids=_id)
def test_avslutad_has_no_way_out(action):
    """GIVEN a closed remiss WHEN any action is attempted THEN none leads anywhere."""
    with pytest.raises(TransitionNotAllowed):
        target_of(action, Status.AVSLUTAD)


def test_every_status_but_registrerad_is_the_target_of_some_transition():
    """GIVEN the table WHEN its targets are collected THEN every later status is reachable."""
    targets = {t.target for t in TRANSITIONS.values()}

    assert targets == set(Status) - {Status.REGISTRERAD}


# --- The services -----------------------------------------------------------------------------


def _satt_status(remiss: Remiss, status: Status) -> None:
    """Write the status column directly, for FÖR ATTEST and ATTESTERAD only.

    Those statuses belong to the attestation step (skicka till attest, attestera,
    slutattestera), written after this table and proved in test_attestering.py. Reaching them
    through it takes filled-in obligatory sections, an attestation chain and the rendering of
    the final PDF, none of which this file is about. `update()` writes no history on purpose:
    this is set-up, not a recorded event.
    """
    with untracked_writes("test set-up: a state the services no longer produce"):
        Remiss.objects.filter(pk=remiss.pk).update(status=status)
    remiss.refresh_from_db()


@pytest.fixture
def remiss_i(remiss, karin, maria, johan, lisa, veronica):
    """Return the remiss put in a given status, through the services wherever they exist."""

    def _remiss_i(status: Status) -> Remiss:
        if status == S.REGISTRERAD:
            return remiss
        if status == S.AVSKRIVEN:
            return remiss_avskriva(user=maria, remiss=remiss, kommentar="Kom in två gånger.")
        remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
        if status == S.UNDER_BEREDNING:
            return Remiss.objects.get(pk=remiss.pk)
        if status == S.FOR_ATTEST:
            _satt_status(remiss, S.FOR_ATTEST)
            return remiss
        _satt_status(remiss, S.ATTESTERAD)
        if status == S.ATTESTERAD:
            return remiss
        remiss_besluta(user=johan, remiss=remiss)
        if status == S.BESLUTAD:
            return Remiss.objects.get(pk=remiss.pk)
        remiss_expediera(user=johan, remiss=remiss)
        if status == S.BESVARAD:
            return Remiss.objects.get(pk=remiss.pk)
        return remiss_avsluta(user=maria, remiss=remiss)

    return _remiss_i


def _paborja(user, remiss, kommentar):
    return remiss_paborja_beredning(user=user, remiss=remiss, mall=stockholm_mall())


def _avskriva(user, remiss, kommentar):
    return remiss_avskriva(user=user, remiss=remiss, kommentar=kommentar or "Dubblett.")


def _besluta(user, remiss, kommentar):
    return remiss_besluta(user=user, remiss=remiss, kommentar=kommentar)


def _expediera(user, remiss, kommentar):
    return remiss_expediera(user=user, remiss=remiss, kommentar=kommentar)


def _avsluta(user, remiss, kommentar):
    return remiss_avsluta(user=user, remiss=remiss, kommentar=kommentar)


#: service, who takes it, from, to, the history reason as an archivist reads it.
SERVICE_STEPS = [
    pytest.param(
        _paborja,
        "karin",
        S.REGISTRERAD,
        S.UNDER_BEREDNING,
        "Påbörja beredning: Registrerad → Under beredning",
        id="paborja_beredning",
    ),
    pytest.param(
        _avskriva,
        "maria",
        S.REGISTRERAD,
        S.AVSKRIVEN,
        "Avskriv remissen: Registrerad → Avskriven",
        id="avskriva-registrerad",
    ),
    pytest.param(
        _avskriva,
        "maria",
        S.UNDER_BEREDNING,
        S.AVSKRIVEN,
        "Avskriv remissen: Under beredning → Avskriven",
        id="avskriva-under_beredning",
    ),
    pytest.param(
        _besluta,
        "johan",
        S.ATTESTERAD,
        S.BESLUTAD,
        "Registrera nämndens beslut: Attesterad → Beslutad",
        id="besluta",
    ),
    pytest.param(
        _expediera,
        "johan",
        S.BESLUTAD,
        S.BESVARAD,
        "Expediera svaret: Beslutad → Besvarad",
        id="expediera",
    ),
    pytest.param(
        _avsluta,
        "maria",
        S.BESVARAD,
        S.AVSLUTAD,
        "Avsluta ärendet: Besvarad → Avslutad",
        id="avsluta-besvarad",
    ),
    pytest.param(
        _avsluta,
        "karin",
        S.BESVARAD,
        S.AVSLUTAD,
        "Avsluta ärendet: Besvarad → Avslutad",
        id="avsluta-besvarad-handlaggaren",
    ),
    pytest.param(
        _avsluta,
        "maria",
        S.AVSKRIVEN,
        S.AVSLUTAD,
        "Avsluta ärendet: Avskriven → Avslutad",
        id="avsluta-avskriven",
    ),
]


@pytest.mark.parametrize(("service", "actor", "fran", "till", "reason"), SERVICE_STEPS)
def test_service_moves_the_remiss_to_the_target(
    request, remiss_i, service, actor, fran, till, reason
):
    """GIVEN a remiss in the service's source status WHEN the right person calls it THEN the
    stored status is the target."""
    remiss = remiss_i(fran)

    service(request.getfixturevalue(actor), remiss, "")

    assert Remiss.objects.get(pk=remiss.pk).status == till


@pytest.mark.parametrize(("service", "actor", "fran", "till", "reason"), SERVICE_STEPS)
def test_service_writes_a_history_row_with_reason_and_user(
    request, remiss_i, service, actor, fran, till, reason
):
    """GIVEN a remiss in the service's source status WHEN the service runs THEN the newest
    history row holds the new status, says why, and names who did it."""
    remiss = remiss_i(fran)
    user = request.getfixturevalue(actor)

    service(user, remiss, "")

    row = remiss.history.order_by("-history_date", "-history_id").first()
    assert (row.status, row.history_change_reason, row.history_user) == (till, reason, user)


@pytest.mark.parametrize(("service", "actor", "fran", "till", "reason"), SERVICE_STEPS)
def test_service_records_a_status_event_with_both_labels(
    request, remiss_i, service, actor, fran, till, reason
):
    """GIVEN a remiss in the service's source status WHEN the service runs THEN the timeline
    says from which status to which, and who moved it."""
    remiss = remiss_i(fran)
    user = request.getfixturevalue(actor)

    service(user, remiss, "")

    handelse = remiss.handelser.filter(typ="status").order_by("-tidpunkt", "-id").first()
    assert handelse.text == f"Status ändrades från ”{fran.label}” till ”{till.label}”."
    assert handelse.anvandare == user


def test_avskriva_keeps_the_reason_in_the_timeline(remiss, maria):
    """GIVEN a registered remiss WHEN it is avskriven with a reason THEN the status event carries
    that reason, trimmed."""
    remiss_avskriva(user=maria, remiss=remiss, kommentar="  Remissen kom in två gånger.  ")

    handelse = remiss.handelser.get(typ="status")
    assert handelse.kommentar == "Remissen kom in två gånger."


@pytest.mark.parametrize("kommentar", ["", "   \n"])
def test_avskriva_requires_a_reason(remiss, maria, kommentar):
    """GIVEN a registered remiss WHEN it is avskriven without a reason THEN a Swedish validation
    error names the field and the remiss stays registered."""
    with pytest.raises(ValidationError) as exc:
        remiss_avskriva(user=maria, remiss=remiss, kommentar=kommentar)

    assert exc.value.message_dict == {"kommentar": ["Skriv varför remissen avskrivs."]}
    assert Remiss.objects.get(pk=remiss.pk).status == S.REGISTRERAD


#: A service called in a status its transition does not start from.
FORBIDDEN_STEPS = [
    pytest.param(_paborja, "karin", S.UNDER_BEREDNING, id="paborja-under_beredning"),
    pytest.param(_besluta, "johan", S.REGISTRERAD, id="besluta-registrerad"),
    pytest.param(_besluta, "johan", S.FOR_ATTEST, id="besluta-for_attest"),
    pytest.param(_expediera, "johan", S.ATTESTERAD, id="expediera-attesterad"),
    pytest.param(_avsluta, "maria", S.UNDER_BEREDNING, id="avsluta-under_beredning"),
    pytest.param(_avsluta, "maria", S.BESLUTAD, id="avsluta-beslutad"),
    pytest.param(_avskriva, "maria", S.ATTESTERAD, id="avskriva-attesterad"),
    pytest.param(_avsluta, "maria", S.AVSLUTAD, id="avsluta-avslutad"),
    pytest.param(_avskriva, "maria", S.AVSLUTAD, id="avskriva-avslutad"),
]


@pytest.mark.parametrize(("service", "actor", "status"), FORBIDDEN_STEPS)
def test_forbidden_transition_through_a_service_is_refused(
    request, remiss_i, service, actor, status
):
    """GIVEN a remiss in a status the step does not start from WHEN the service is called THEN
    TransitionNotAllowed is raised, even for the person whose role allows the step."""
    remiss = remiss_i(status)

    with pytest.raises(TransitionNotAllowed):
        service(request.getfixturevalue(actor), remiss, "")


@pytest.mark.parametrize(("service", "actor", "status"), FORBIDDEN_STEPS)
def test_forbidden_transition_leaves_status_history_and_events_unchanged(
    request, remiss_i, service, actor, status
):
    """GIVEN a remiss in a status the step does not start from WHEN the service is refused THEN
    its status, history and timeline are exactly as before."""
    remiss = remiss_i(status)
    before = (remiss.history.count(), Handelse.objects.filter(remiss=remiss).count())

    with pytest.raises(TransitionNotAllowed):
        service(request.getfixturevalue(actor), remiss, "")

    after = (remiss.history.count(), Handelse.objects.filter(remiss=remiss).count())
    assert Remiss.objects.get(pk=remiss.pk).status == status
    assert after == before


@pytest.mark.parametrize("actor", ["johan", "karin", None])
def test_a_system_transition_needs_no_permission_and_records_who_if_anyone(
    request, remiss_i, actor
):
    """GIVEN an attested remiss WHEN the decision is recorded by the nämndsekreterare, by
    someone with no committee role, or by the system itself THEN it is beslutad either way:
    the step is the committee side's (which decides who may record it), and the history names
    whoever was given, or no one."""
    remiss = remiss_i(S.ATTESTERAD)
    user = request.getfixturevalue(actor) if actor else None

    remiss_besluta(user=user, remiss=remiss)

    row = remiss.history.order_by("-history_date", "-history_id").first()
    assert (row.status, row.history_user) == (S.BESLUTAD, user)


@pytest.mark.parametrize("actor", ["johan", "per", "hugo"])
def test_only_the_registrator_or_the_handlaggare_may_close(request, remiss_i, actor):
    """GIVEN a besvarad remiss WHEN the nämndsekreterare, a läsare or another handläggare
    closes it THEN PermissionDenied, and it stays besvarad: closing is the diarium's or the
    case officer's step (remiss.policy)."""
    remiss = remiss_i(S.BESVARAD)

    with pytest.raises(PermissionDenied):
        remiss_avsluta(user=request.getfixturevalue(actor), remiss=remiss)

    assert Remiss.objects.get(pk=remiss.pk).status == S.BESVARAD


@pytest.mark.parametrize("action", sorted(SYSTEM_ACTIONS), ids=_id)
def test_a_user_cannot_take_a_system_transition_as_a_user_action(remiss_i, johan, action):
    """GIVEN a remiss in the system transition's source status WHEN a user, even the
    nämndsekreterare, takes it through the path of user actions THEN PermissionDenied."""
    source = sorted(TRANSITIONS[action].sources)[0]
    remiss = remiss_i(source)

    with pytest.raises(PermissionDenied):
        apply_transition(user=johan, remiss=remiss, action=action)

    assert Remiss.objects.get(pk=remiss.pk).status == source


def test_the_system_transitions_are_still_in_the_table():
    """GIVEN the workflow WHEN the steps that follow from the nämnder are read THEN they are
    transitions of the table, marked system: beslutad, besvarad, and back to beredning on
    återremiss; closing is a user's transition."""
    assert {a: (set(TRANSITIONS[a].sources), TRANSITIONS[a].target) for a in SYSTEM_ACTIONS} == {
        Action.BESLUTA: ({S.ATTESTERAD}, S.BESLUTAD),
        Action.EXPEDIERA: ({S.BESLUTAD}, S.BESVARAD),
        Action.ATERREMITTERA: ({S.ATTESTERAD}, S.UNDER_BEREDNING),
    }
    assert all(TRANSITIONS[a].system for a in SYSTEM_ACTIONS)
    assert not TRANSITIONS[Action.AVSLUTA].system


def test_unassigned_handlaggare_may_not_start_beredning(remiss, hugo):
    """GIVEN a remiss assigned to Karin WHEN Hugo starts the beredning THEN PermissionDenied."""
    with pytest.raises(PermissionDenied):
        remiss_paborja_beredning(user=hugo, remiss=remiss, mall=stockholm_mall())

    assert Remiss.objects.get(pk=remiss.pk).status == S.REGISTRERAD


def test_status_is_not_revealed_to_someone_who_cannot_see_the_remiss(remiss_i, utomstaende):
    """GIVEN a SOF remiss under beredning WHEN someone of another förvaltning tries a step that
    does not exist from its status THEN they learn only that they may not see it, not its
    status."""
    remiss = remiss_i(S.UNDER_BEREDNING)

    with pytest.raises(PermissionDenied) as exc:
        _paborja(utomstaende, remiss, "")

    assert str(exc.value) == "Du får inte se den här remissen."
