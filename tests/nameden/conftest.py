"""The committee side's fixtures: Socialnämnden's sammanträden, planned by Johan."""

import datetime as dt

import pytest

from nameden.models import Sammantrade
from nameden.roles import Roll
from nameden.services.sammantrade import sammantrade_skapa
from tests.factories import AvdelningFactory, ForvaltningFactory, UserFactory


def skapa(johan, namnd, datum: dt.date) -> Sammantrade:
    return sammantrade_skapa(
        user=johan, namnd=namnd, datum=datum, tid=dt.time(13, 0), plats="Stadshuset"
    )


@pytest.fixture
def mote(johan, socialnamnden) -> Sammantrade:
    """Socialnämnden's meeting of 23 april 2024, with its opening punkter."""
    return skapa(johan, socialnamnden, dt.date(2024, 4, 23))


@pytest.fixture
def nasta_mote(johan, socialnamnden) -> Sammantrade:
    return skapa(johan, socialnamnden, dt.date(2024, 5, 21))


@pytest.fixture
def annan_sekreterare(db):
    """The nämndsekreterare of another förvaltning: must not see SOF's sammanträden."""
    avdelning = AvdelningFactory(
        forvaltning=ForvaltningFactory(namn="Stadsledningskontoret", kortnamn="SLK")
    )
    return UserFactory(username="sara", roll=Roll.NAMNDSEKRETERARE, avdelning=avdelning)
