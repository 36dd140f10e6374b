"""The committee policy, cell by cell: role × relation (serving förvaltning) × status.

Only the nämndsekreterare of the förvaltning that serves the nämnd changes a sammanträde;
everyone who reads in that förvaltning reads it; another förvaltning does not see it at all.
"""

import pytest

from nameden import policy
from nameden.historik import save_tracked
from nameden.services.sammantrade import sammantrade_overga
from nameden.workflow import Action, Status

pytestmark = pytest.mark.django_db

A = Action
#: status → what Johan (sekreterare of SOF, which serves Socialnämnden) may do.
SEKRETERARE = {
    Status.PLANERAT: {A.VISA, A.ANDRA, A.ANDRA_LISTA, A.KALLA, A.BYGGA_HANDLINGAR},
    Status.KALLAT: {
        A.VISA,
        A.ANDRA,
        A.ANDRA_LISTA,
        A.GENOMFORA,
        A.BYGGA_HANDLINGAR,
        A.PROTOKOLLFORA,
    },
    Status.GENOMFORT: {
        A.VISA,
        A.BYGGA_HANDLINGAR,
        A.PROTOKOLLFORA,
        A.TA_UT_UTDRAG,
        A.EXPEDIERA,
    },
    Status.JUSTERAT: {A.VISA, A.ANSLA, A.TA_UT_UTDRAG, A.EXPEDIERA},
}
LASARE = {status: {A.VISA} for status in Status}
INGEN = {status: set() for status in Status}

TABELL = {
    "johan": SEKRETERARE,
    "karin": LASARE,
    "per": LASARE,
    "utomstaende": INGEN,
    "annan_sekreterare": INGEN,
}


def i_status(sammantrade, status, johan):
    vag = {
        Status.KALLAT: [A.KALLA],
        Status.GENOMFORT: [A.KALLA, A.GENOMFORA],
        Status.JUSTERAT: [A.KALLA, A.GENOMFORA],
    }.get(status, [])
    for action in vag:
        sammantrade = sammantrade_overga(user=johan, sammantrade=sammantrade, action=action)
    if status is Status.JUSTERAT:
        # The protokoll slice's transition; no user takes it yet.
        sammantrade.status = Status.JUSTERAT
        save_tracked(sammantrade, user=None, reason="Justerat (test)")
    return sammantrade


@pytest.mark.parametrize("status", list(Status), ids=lambda s: s.value)
@pytest.mark.parametrize("persona", list(TABELL))
def test_policy_table(request, persona, status, mote, johan):
    """GIVEN a sammanträde in `status` WHEN `persona` asks what they may do THEN it is exactly
    the table's cell."""
    user = request.getfixturevalue(persona)
    sammantrade = i_status(mote, status, johan)

    assert policy.allowed_actions(user, sammantrade) == TABELL[persona][status]
    assert policy.can_see(user, sammantrade) is (A.VISA in TABELL[persona][status])


@pytest.mark.parametrize(
    ("persona", "far"),
    [("johan", True), ("karin", False), ("per", False), ("annan_sekreterare", False)],
)
def test_who_may_create_a_sammantrade_of_the_namnd(request, persona, far, socialnamnden):
    """GIVEN Socialnämnden (served by SOF) WHEN someone asks to create a sammanträde THEN only
    SOF's sekreterare may."""
    user = request.getfixturevalue(persona)

    assert policy.allowed(user, A.SKAPA, namnd=socialnamnden) is far


def test_justering_is_no_users_transition(mote, johan):
    """GIVEN a held sammanträde WHEN even its sekreterare asks THEN justering is not granted."""
    genomfort = i_status(mote, Status.GENOMFORT, johan)

    assert not policy.allowed(johan, A.JUSTERA, genomfort)


def test_only_the_serving_forvaltnings_sammantraden_are_visible(
    mote, johan, annan_sekreterare, utomstaende
):
    """GIVEN SOF's sammanträde WHEN the list of visible ones is read THEN SOF sees it, others
    not."""
    assert list(policy.visible_sammantraden(johan)) == [mote]
    assert not policy.visible_sammantraden(annan_sekreterare).exists()
    assert not policy.visible_sammantraden(utomstaende).exists()
