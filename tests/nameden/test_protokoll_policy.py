"""The policy's förtroendevald relation and JUSTERA_PROTOKOLL, per role: the protokoll's
ordförande and justerare may justera; another ledamot of the nämnd sees the sammanträde but
may not justera (403); a handläggare sees it and may not (403); a förtroendevald of another
nämnd, or one whose uppdrag does not cover the meeting's day, and another förvaltning do not
see it (404)."""

import datetime as dt

import pytest

from nameden import policy
from nameden.models import Namnd, Uppdrag
from nameden.services.protokoll import protokoll_andra
from nameden.workflow import Action, Status
from tests.nameden.fabriker_protokoll import (
    halla_mote_med_protokoll,
    inloggning,
    ledamot,
)

pytestmark = pytest.mark.django_db

A = Action


@pytest.fixture
def motet(mote, johan):
    return halla_mote_med_protokoll(mote, johan)


@pytest.fixture
def gustav(sof):
    """A förtroendevald of another nämnd (Äldrenämnden) with a login."""
    annan = Namnd.objects.create(namn="Äldrenämnden", forvaltning=sof)
    user = inloggning("gustav", "Gustav", "Annan")
    ledamot(annan, "Gustav Annan", "C", "ledamot", user=user)
    return user


@pytest.fixture
def helga(socialnamnden):
    """A former ledamot of Socialnämnden whose uppdrag ended before the meeting."""
    user = inloggning("helga", "Helga", "Tidigare")
    person = ledamot(socialnamnden, "Helga Tidigare", "MP", "ledamot", user=user)
    uppdrag = Uppdrag.objects.get(fortroendevald=person)
    uppdrag.fran, uppdrag.till = dt.date(2019, 1, 1), dt.date(2022, 12, 31)
    uppdrag.save()
    return user


def _personer(request, motet):
    return {
        "anna (ordförande)": motet.anna.user,
        "bertil (justerare)": motet.bertil.user,
        "fredrik (annan ledamot)": motet.fredrik.user,
        "karin (handläggare)": request.getfixturevalue("karin"),
        "johan (sekreterare)": request.getfixturevalue("johan"),
        "gustav (annan nämnd)": request.getfixturevalue("gustav"),
        "helga (uppdraget slut)": request.getfixturevalue("helga"),
        "olof (annan förvaltning)": request.getfixturevalue("utomstaende"),
    }


#: Held meeting (genomfört): who may do what of the protokoll's actions.
GENOMFORT = {
    "anna (ordförande)": {A.VISA, A.JUSTERA_PROTOKOLL},
    "bertil (justerare)": {A.VISA, A.JUSTERA_PROTOKOLL},
    "fredrik (annan ledamot)": {A.VISA},
    "karin (handläggare)": {A.VISA},
    "johan (sekreterare)": {A.VISA, A.PROTOKOLLFORA, A.BYGGA_HANDLINGAR, A.TA_UT_UTDRAG,
                            A.EXPEDIERA},
    "gustav (annan nämnd)": set(),
    "helga (uppdraget slut)": set(),
    "olof (annan förvaltning)": set(),
}  # fmt: skip


@pytest.mark.parametrize("persona", list(GENOMFORT))
def test_policy_per_role_on_a_held_meeting(request, persona, motet):
    """GIVEN a held meeting whose protokoll Anna chairs and Bertil justerar WHEN each persona
    asks what they may do THEN exactly the table's cell; seeing follows VISA."""
    user = _personer(request, motet)[persona]
    assert policy.allowed_actions(user, motet.sammantrade) == GENOMFORT[persona]
    assert policy.can_see(user, motet.sammantrade) is (A.VISA in GENOMFORT[persona])
    assert policy.visible_sammantraden(user).filter(pk=motet.sammantrade.pk).exists() is (
        A.VISA in GENOMFORT[persona]
    )


def test_justering_is_not_allowed_once_justerat(motet):
    """GIVEN a justerat sammanträde WHEN Anna asks THEN she sees it but may not justera."""
    motet.sammantrade.status = Status.JUSTERAT
    assert policy.allowed_actions(motet.anna.user, motet.sammantrade) == {A.VISA}


def test_a_justerare_removed_may_no_longer_justera(motet, johan):
    """GIVEN Bertil is replaced by David as justerare WHEN Bertil asks THEN he sees the
    meeting (he is a ledamot) but may not justera: the relation is the protokoll's."""
    protokoll_andra(
        user=johan,
        sammantrade=motet.sammantrade,
        ordforande=motet.anna,
        justerare=[motet.fredrik],
        justering_tid=dt.date(2024, 4, 30),
        justering_plats="Stadshuset",
    )
    from nameden.models import Sammantrade

    fresh = Sammantrade.objects.select_related("namnd").get(pk=motet.sammantrade.pk)
    assert not policy.allowed(motet.bertil.user, A.JUSTERA_PROTOKOLL, fresh)
    assert policy.allowed(motet.fredrik.user, A.JUSTERA_PROTOKOLL, fresh)


def test_visible_sammantraden_is_one_query(request, motet, django_assert_num_queries):
    """GIVEN a förtroendevald and a handläggare WHEN their visible sammanträden are listed
    THEN one query each (the permissions, cached per user, read before)."""
    anna, karin = motet.anna.user, request.getfixturevalue("karin")
    for user in (anna, karin):
        user.has_perm("nameden.lasa_namnd")
    with django_assert_num_queries(1):
        assert [s.pk for s in policy.visible_sammantraden(anna)] == [motet.sammantrade.pk]
    with django_assert_num_queries(1):
        assert [s.pk for s in policy.visible_sammantraden(karin)] == [motet.sammantrade.pk]


def test_the_fortroendevald_role_reads_and_justerar_but_plans_nothing(motet):
    """GIVEN Anna WHEN asked about planning THEN she may not create a sammanträde."""
    assert not policy.allowed(motet.anna.user, A.SKAPA, namnd=motet.sammantrade.namnd)
