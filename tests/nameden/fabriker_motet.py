"""Test data for the meeting: Socialnämnden's members, a sammanträde kallat with its list,
and the protokollföring started (upprop and § numbers), as Johan the sekreterare does it."""

import datetime as dt

import pytest

from nameden.models import Fortroendevald, Narvaro, Paragraf, Punkt, Sammantrade, Uppdrag
from nameden.services.foredragningslista import punkt_lagg_till
from nameden.services.motet import protokollforing_oppna
from nameden.services.sammantrade import sammantrade_overga, sammantrade_skapa
from nameden.workflow import Action

R = Uppdrag.Roll
MANDAT = (dt.date(2023, 1, 1), dt.date(2026, 12, 31))

#: Socialnämnden in this mandate: name → role.
LEDAMOTER = {
    "Anna Ordf": R.ORDFORANDE,
    "Bo Vice": R.VICE_ORDFORANDE,
    "Cecilia Ledamot": R.LEDAMOT,
    "David Ledamot": R.LEDAMOT,
    "Eva Ersattare": R.ERSATTARE,
    "Fredrik Ersattare": R.ERSATTARE,
}


def ledamot(namnd, namn: str, roll=R.LEDAMOT, fran=MANDAT[0], till=MANDAT[1]) -> Fortroendevald:
    person = Fortroendevald.objects.create(namn=namn, parti="S")
    Uppdrag.objects.create(namnd=namnd, fortroendevald=person, roll=roll, fran=fran, till=till)
    return person


def kallat(johan, namnd, datum: dt.date, *, punkter: int = 1) -> Sammantrade:
    """A sammanträde with the opening punkter and `punkter` beslutsärenden, kallat."""
    mote = sammantrade_skapa(user=johan, namnd=namnd, datum=datum, tid=dt.time(13), plats="Rum")
    for i in range(1, punkter + 1):
        punkt_lagg_till(
            user=johan,
            sammantrade=mote,
            typ=Punkt.Typ.BESLUTSARENDE,
            rubrik=f"Ärende {i}",
            forslag_till_beslut=f"Nämnden godkänner förslag {i}.",
        )
    return sammantrade_overga(user=johan, sammantrade=mote, action=Action.KALLA)


def paragraf(mote, rubrik: str) -> Paragraf:
    return Paragraf.objects.select_related("punkt").get(
        punkt__sammantrade=mote, punkt__rubrik=rubrik
    )


def narvaro(mote, person) -> list[Narvaro]:
    return list(Narvaro.objects.filter(sammantrade=mote, fortroendevald=person).order_by("pk"))


@pytest.fixture
def namnden(socialnamnden) -> dict[str, Fortroendevald]:
    """Socialnämnden's members (ordförande, vice, two ledamöter, two ersättare)."""
    return {namn: ledamot(socialnamnden, namn, roll) for namn, roll in LEDAMOTER.items()}


@pytest.fixture
def motet(johan, socialnamnden, namnden) -> Sammantrade:
    """23 april 2024, kallat, with two beslutsärenden; protokollföring started: § 1–6."""
    mote = kallat(johan, socialnamnden, dt.date(2024, 4, 23), punkter=2)
    protokollforing_oppna(user=johan, sammantrade=mote)
    return mote
