"""Once the protokollföring has begun, a punkt with its § keeps its place on the list.

The § numbers follow the agenda order; moving or withdrawing a numbered punkt would leave the
protokoll's numbers out of order, or a § without its punkt. At the meeting the nämnd decides
a bordläggning instead, as a beslut.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from nameden.models import Punkt
from nameden.services.foredragningslista import (
    punkt_bordlagg,
    punkt_dra_tillbaka,
    punkt_flytta,
    punkt_lagg_till,
)
from nameden.services.motet import protokollforing_oppna
from nameden.services.sammantrade import sammantrade_overga, sammantrade_skapa
from nameden.workflow import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def numrerat(johan, socialnamnden):
    mote = sammantrade_skapa(
        user=johan, namnd=socialnamnden, datum=dt.date(2024, 4, 23), tid=dt.time(13), plats="R"
    )
    for rubrik in ("A", "B"):
        punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik=rubrik)
    mote = sammantrade_overga(user=johan, sammantrade=mote, action=Action.KALLA)
    protokollforing_oppna(user=johan, sammantrade=mote)
    return mote


def test_a_numbered_punkt_cannot_be_moved_withdrawn_or_bordlagd(johan, numrerat, nasta_mote):
    """GIVEN the protokollföring begun (every punkt has its §) WHEN the sekreterare moves,
    withdraws or bordlägger B on the list THEN each is refused, naming the §, and the list
    is unchanged."""
    b = numrerat.punkter.get(rubrik="B")
    fore = list(numrerat.punkter.order_by("ordning").values_list("rubrik", "ordning", "status"))

    for forsok in (
        lambda: punkt_flytta(user=johan, punkt=b, riktning="upp"),
        lambda: punkt_dra_tillbaka(user=johan, punkt=b),
        lambda: punkt_bordlagg(user=johan, punkt=b, till=nasta_mote),
    ):
        with pytest.raises(ValidationError, match=rf"redan {b.paragraf} i protokollet"):
            forsok()

    efter = list(numrerat.punkter.order_by("ordning").values_list("rubrik", "ordning", "status"))
    assert efter == fore


def test_a_punkt_added_during_the_meeting_can_still_move_until_numbered(johan, numrerat):
    """GIVEN a punkt added after the numbering (no § yet) WHEN it is withdrawn THEN that is
    allowed: it has no place in the protokoll yet."""
    c = punkt_lagg_till(user=johan, sammantrade=numrerat, typ=Punkt.Typ.BESLUTSARENDE, rubrik="C")

    assert punkt_dra_tillbaka(user=johan, punkt=c).status == Punkt.Status.TILLBAKADRAGEN
