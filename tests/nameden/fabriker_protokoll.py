"""Test data for the protokoll: a held meeting of Socialnämnden with its närvaro, paragrafer,
yrkanden, a named vote, a reservation and jäv, written straight into the meeting's models
(the meeting's own services belong to another part and are not needed to read a protokoll).

Personas: Anna Ordförande (S) chairs, Bertil Justerare (M) justerar, Cecilia Ledamot (V) is
away and David Ersättare (V) serves for her, Eva Ersättare (L) is present without serving,
Fredrik Ledamot (KD) is another member who justerar nothing. Anna, Bertil and Fredrik log in.
"""

import datetime as dt
from dataclasses import dataclass

from nameden.arendekallor import Beslut
from nameden.historik import save_tracked
from nameden.models import (
    Arende,
    Fortroendevald,
    Jav,
    Narvaro,
    Omrostning,
    OvrigNarvarande,
    Paragraf,
    Punkt,
    Reservation,
    Rost,
    Sammantrade,
    Uppdrag,
    Yrkande,
)
from nameden.roles import Roll
from nameden.services.protokoll import protokoll_andra
from nameden.services.sammantrade import sammantrade_overga
from nameden.workflow import Action
from tests.factories import UserFactory

FRAN, TILL = dt.date(2023, 1, 1), dt.date(2099, 12, 31)
KALLA = "testkalla"


class SmallKalla:
    """A small, real ärendekälla: it keeps what the committee side tells it, and refuses a
    second beslut on the same ärende as a real källa does."""

    def __init__(self):
        self.beslut: dict[str, Beslut] = {}
        self.anrop: list[tuple[str, Beslut]] = []

    def beslut_fattat(self, referens, *, beslut, av=None):
        from nameden.arendekallor import StegetGarInte

        if referens in self.beslut:
            raise StegetGarInte("Ärendet har redan ett beslut.")
        self.beslut[referens] = beslut
        self.anrop.append((referens, beslut))

    def expedierat(self, referens, *, expediering=None, av=None):
        pass

    def mottagare(self, referens):
        return ()

    def avslutat(self, referens, *, av=None):
        pass


def ledamot(namnd, namn: str, parti: str, roll: str, *, user=None) -> Fortroendevald:
    person = Fortroendevald.objects.create(namn=namn, parti=parti, user=user)
    Uppdrag.objects.create(namnd=namnd, fortroendevald=person, roll=roll, fran=FRAN, till=TILL)
    return person


def inloggning(username: str, first: str, last: str):
    """A förtroendevald's login: the role, no förvaltning."""
    return UserFactory(
        username=username,
        first_name=first,
        last_name=last,
        roll=Roll.FORTROENDEVALD,
        avdelning=None,
    )


@dataclass
class Mote:
    sammantrade: Sammantrade
    anna: Fortroendevald
    bertil: Fortroendevald
    cecilia: Fortroendevald
    david: Fortroendevald
    eva: Fortroendevald
    fredrik: Fortroendevald
    beslut: Paragraf  # § 5: a remissärende, with a vote and a reservation
    sekretess: Paragraf  # § 6: a sekretess punkt
    anmalan: Paragraf  # § 7: noted
    paragrafer: list[Paragraf]


def _punkt(sammantrade, ordning, typ, rubrik, **kwargs) -> Punkt:
    return Punkt.objects.create(
        sammantrade=sammantrade, ordning=ordning, typ=typ, rubrik=rubrik, **kwargs
    )


def _paragraf(punkt, nummer, slag, beslutstext="", text="", **kwargs) -> Paragraf:
    return Paragraf.objects.create(
        punkt=punkt,
        namnd=punkt.sammantrade.namnd,
        ar=punkt.sammantrade.datum.year,
        nummer=nummer,
        slag=slag,
        beslutstext=beslutstext,
        text=text,
        **kwargs,
    )


def halla_mote(sammantrade: Sammantrade, johan, *, genomfort: bool = True) -> Mote:
    """Fill `sammantrade` (created with its four opening punkter) as a held meeting."""
    namnd = sammantrade.namnd
    anna = ledamot(
        namnd, "Anna Ordförande", "S", "ordforande", user=inloggning("anna", "Anna", "Ordförande")
    )
    bertil = ledamot(
        namnd, "Bertil Justerare", "M", "ledamot", user=inloggning("bertil", "Bertil", "Justerare")
    )
    cecilia = ledamot(namnd, "Cecilia Ledamot", "V", "ledamot")
    david = ledamot(namnd, "David Ersättare", "V", "ersattare")
    eva = ledamot(namnd, "Eva Ersättare", "L", "ersattare")
    fredrik = ledamot(
        namnd, "Fredrik Ledamot", "KD", "ledamot", user=inloggning("fredrik", "Fredrik", "Ledamot")
    )
    for person, roll, tjanstgor, for_ in (
        (anna, "ordforande", True, None),
        (bertil, "ledamot", True, None),
        (fredrik, "ledamot", True, None),
        (david, "ersattare", True, cecilia),
        (eva, "ersattare", False, None),
    ):
        Narvaro.objects.create(
            sammantrade=sammantrade,
            fortroendevald=person,
            roll=roll,
            tjanstgor=tjanstgor,
            tjanstgor_for=for_,
        )
    Narvaro.objects.create(
        sammantrade=sammantrade, fortroendevald=cecilia, roll="ledamot", narvarande=False
    )
    OvrigNarvarande.objects.create(
        sammantrade=sammantrade, namn="Johan Ek", titel="nämndsekreterare"
    )
    T = Punkt.Typ
    B = Paragraf.Beslutsslag
    oppning = list(sammantrade.punkter.order_by("ordning"))
    paragrafer = [_paragraf(p, i, B.NOTERAT) for i, p in enumerate(oppning, start=1)]
    arende = Arende.objects.create(
        kalla=KALLA,
        referens="ref-112",
        rubrik="Remiss av kommunikationsprogram",
        diarienummer="SOF 2024/12",
    )
    beslut = _paragraf(
        _punkt(
            sammantrade,
            5,
            T.BESLUTSARENDE,
            "Remiss av kommunikationsprogram",
            diarienummer="SOF 2024/12",
            arende=arende,
        ),
        5,
        B.BIFALL,
        beslutstext="Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
        text="Kommunstyrelsen har remitterat ett förslag till kommunikationsprogram.",
    )
    sekretess = _paragraf(
        _punkt(sammantrade, 6, T.BESLUTSARENDE, "Ansökan om bistånd", sekretess=True),
        6,
        B.AVSLAG,
        beslutstext="Ansökan från Hemlig Person avslås.",
        text="Hemlig Person har ansökt om bistånd.",
    )
    anmalan = _paragraf(
        _punkt(sammantrade, 7, T.ANMALNINGSARENDE, "Delegationsbeslut"),
        7,
        B.NOTERAT,
        beslutstext="Anmälan läggs till handlingarna.",
    )
    Yrkande.objects.create(
        paragraf=beslut,
        ordning=1,
        yrkat_av=anna,
        text="Bifall till förvaltningens förslag.",
        bifallet=True,
    )
    Yrkande.objects.create(
        paragraf=beslut,
        ordning=2,
        yrkat_av=fredrik,
        text="Avslag på förvaltningens förslag.",
        bifallet=False,
    )
    omrostning = Omrostning.objects.create(
        paragraf=beslut,
        ordning=1,
        ja_proposition="Bifall till Anna Ordförandes yrkande",
        nej_proposition="Bifall till Fredrik Ledamots yrkande",
        resultat="ja",
    )
    for person, val in ((anna, "ja"), (bertil, "ja"), (david, "ja"), (fredrik, "nej")):
        Rost.objects.create(omrostning=omrostning, fortroendevald=person, val=val)
    Reservation.objects.create(
        paragraf=beslut, fortroendevald=fredrik, text="Programmet saknar barnperspektiv."
    )
    Jav.objects.create(paragraf=sekretess, fortroendevald=bertil)
    paragrafer += [beslut, sekretess, anmalan]
    if genomfort:
        for action in (Action.KALLA, Action.GENOMFORA):
            sammantrade = sammantrade_overga(user=johan, sammantrade=sammantrade, action=action)
    sammantrade = Sammantrade.objects.select_related("namnd__forvaltning").get(pk=sammantrade.pk)
    return Mote(
        sammantrade,
        anna,
        bertil,
        cecilia,
        david,
        eva,
        fredrik,
        beslut,
        sekretess,
        anmalan,
        paragrafer,
    )


def andra(obj, **falt):
    """Change a meeting row directly (as the meeting's services would) with history."""
    for namn, varde in falt.items():
        setattr(obj, namn, varde)
    save_tracked(obj, user=None, reason="Ändrad i test")
    return obj


def farskt_mote(johan, namnd) -> Mote:
    """A meeting held yesterday with its protokoll set up (Anna chairs, Bertil justerar), so
    a justering today is in time."""
    from django.utils import timezone

    from nameden.services.protokoll import protokoll_andra
    from nameden.services.sammantrade import sammantrade_skapa

    igar = timezone.localdate() - dt.timedelta(days=1)
    sammantrade = sammantrade_skapa(
        user=johan, namnd=namnd, datum=igar, tid=dt.time(13, 0), plats="Stadshuset"
    )
    motet = halla_mote(sammantrade, johan)
    protokoll_andra(
        user=johan,
        sammantrade=motet.sammantrade,
        ordforande=motet.anna,
        justerare=[motet.bertil],
        justering_tid=igar + dt.timedelta(days=2),
        justering_plats="Digitalt",
    )
    return motet


def justera_alla(motet: Mote) -> None:
    """Anna and Bertil justera the whole protokoll as it reads now."""
    from nameden.services.protokoll import protokoll_justera

    for person in (motet.anna, motet.bertil):
        protokoll_justera(user=person.user, sammantrade=motet.sammantrade)
    motet.sammantrade.refresh_from_db()


def halla_mote_med_protokoll(sammantrade: Sammantrade, johan) -> Mote:
    """`halla_mote`, then the protokoll's ordförande (Anna), justerare (Bertil) and the time
    and place of justering: the state the protokoll's tests start from."""
    motet = halla_mote(sammantrade, johan)
    protokoll_andra(
        user=johan,
        sammantrade=motet.sammantrade,
        ordforande=motet.anna,
        justerare=[motet.bertil],
        justering_tid=dt.date(2024, 4, 30),
        justering_plats="Stadshuset",
    )
    return motet
