"""The protokoll's content as one immutable value, read from the meeting's models.

Everything the protokoll says (header, närvaro, övriga närvarande, each § with its text,
yrkanden, omröstningar with each röst, beslut, reservationer and jäv, the ordförande and
justerare, the time and place of justering) is read here, with a fixed number of queries
whatever the size of the meeting, and held as frozen dataclasses. The PDF, the pages and the
fingerprint (`nameden.protokoll.fingeravtryck`) all read this value, so what is printed is
exactly what is fingerprinted and justerat.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from nameden.models import (
    Jav,
    Narvaro,
    Omrostning,
    OvrigNarvarande,
    Paragraf,
    Protokoll,
    Reservation,
    Rost,
    Sammantrade,
    Uppdrag,
    Yrkande,
)


@dataclass(frozen=True)
class Person:
    namn: str
    parti: str = ""

    def __str__(self) -> str:
        return f"{self.namn} ({self.parti})" if self.parti else self.namn


@dataclass(frozen=True)
class Narvarorad:
    """One line of the närvarolista: who, in which role, for whom, for which paragrafer."""

    person: Person
    roll: str
    #: "Ledamot", "Ordförande", …: the uppdrag's role as printed.
    roll_text: str
    tjanstgor: bool
    tjanstgor_for: Person | None
    #: "§ 12–15" when the row covers part of the meeting, "" for all of it.
    paragrafer: str
    #: The § numbers the row covers (all of them for a row without bounds).
    nummer: tuple[int, ...] = ()


@dataclass(frozen=True)
class Ovrig:
    namn: str
    titel: str
    paragrafer: str


@dataclass(frozen=True)
class YrkandeRad:
    ordning: int
    av: Person
    text: str
    bifallet: bool | None


@dataclass(frozen=True)
class RostRad:
    person: Person
    val: str
    val_text: str


@dataclass(frozen=True)
class OmrostningRad:
    ordning: int
    ja_proposition: str
    nej_proposition: str
    resultat: str
    resultat_text: str
    utslagsrost: bool
    roster: tuple[RostRad, ...]

    @property
    def antal_ja(self) -> int:
        return sum(1 for r in self.roster if r.val == Rost.Val.JA)

    @property
    def antal_nej(self) -> int:
        return sum(1 for r in self.roster if r.val == Rost.Val.NEJ)

    @property
    def antal_avstar(self) -> int:
        return sum(1 for r in self.roster if r.val == Rost.Val.AVSTAR)


@dataclass(frozen=True)
class ReservationRad:
    person: Person
    text: str


@dataclass(frozen=True)
class ParagrafInnehall:
    """One § of the protokoll."""

    pk: int
    nummer: int
    rubrik: str
    diarienummer: str
    sekretess: bool
    text: str
    slag: str
    slag_text: str
    beslutstext: str
    omedelbar_justering: bool
    #: The punkt's place on the list (närvaro rows are bounded by punkter).
    ordning: int | None
    yrkanden: tuple[YrkandeRad, ...] = ()
    omrostningar: tuple[OmrostningRad, ...] = ()
    reservationer: tuple[ReservationRad, ...] = ()
    jav: tuple[Person, ...] = ()

    @property
    def rubrik_med_nummer(self) -> str:
        return f"§ {self.nummer} {self.rubrik}"


@dataclass(frozen=True)
class ProtokollInnehall:
    """The whole protokoll of one sammanträde."""

    namnd: str
    forvaltning: str
    datum: dt.date
    tid: dt.time | None
    plats: str
    ordforande: Person | None
    justerare: tuple[Person, ...]
    sekreterare: str
    justering_tid: dt.date | None
    justering_plats: str
    narvaro: tuple[Narvarorad, ...]
    ovriga: tuple[Ovrig, ...]
    paragrafer: tuple[ParagrafInnehall, ...] = field(default_factory=tuple)

    @property
    def paragrafintervall(self) -> str:
        """ "§§ 1–12", "§ 7" or "" when there are no paragrafer."""
        if not self.paragrafer:
            return ""
        forsta, sista = self.paragrafer[0].nummer, self.paragrafer[-1].nummer
        return f"§ {forsta}" if forsta == sista else f"§§ {forsta}–{sista}"

    @property
    def tjanstgorande(self) -> tuple[Narvarorad, ...]:
        """Ledamöter and ersättare who serve, ordförande first (as the list is printed)."""
        return tuple(r for r in self.narvaro if r.tjanstgor)

    @property
    def ej_tjanstgorande(self) -> tuple[Narvarorad, ...]:
        return tuple(r for r in self.narvaro if not r.tjanstgor)

    def paragraf(self, nummer: int) -> ParagrafInnehall:
        return next(p for p in self.paragrafer if p.nummer == nummer)

    def paragraf_med_pk(self, pk: int) -> ParagrafInnehall:
        return next(p for p in self.paragrafer if p.pk == pk)

    def narvaro_for(self, paragraf: ParagrafInnehall) -> tuple[Narvarorad, ...]:
        """The närvaro rows that cover `paragraf` (its punkt lies within the row's bounds)."""
        return tuple(r for r in self.narvaro if _tacker(r, paragraf))


def _person(fortroendevald) -> Person:
    return Person(namn=fortroendevald.namn, parti=fortroendevald.parti)


#: The order the närvarolista is printed in: ordförande, vice, ledamöter, ersättare.
_ROLLORDNING = {roll: i for i, roll in enumerate(Uppdrag.Roll)}


def _intervall(fran: int | None, till: int | None) -> str:
    if fran is None and till is None:
        return ""
    if fran is not None and till is not None:
        return f"§ {fran}" if fran == till else f"§§ {fran}–{till}"
    return f"från och med § {fran}" if fran is not None else f"till och med § {till}"


def _tacker(rad: Narvarorad, paragraf: ParagrafInnehall) -> bool:
    return paragraf.nummer in rad.nummer


def _narvaro(sammantrade: Sammantrade, paragrafer: list[Paragraf]) -> list[Narvarorad]:
    """The present members, serving first, each role in the uppdrag's order, then by name.
    A row bounded by punkter covers the paragrafer whose punkt lies within the bounds."""
    rader = (
        Narvaro.objects.filter(sammantrade=sammantrade, narvarande=True)
        .select_related("fortroendevald", "tjanstgor_for", "fran_punkt", "till_punkt")
        .order_by("pk")
    )
    nummer_for_punkt = {p.punkt_id: p.nummer for p in paragrafer}
    ut = []
    for rad in sorted(
        rader, key=lambda r: (not r.tjanstgor, _ROLLORDNING.get(r.roll, 99), r.fortroendevald.namn)
    ):
        fran = nummer_for_punkt.get(rad.fran_punkt_id) if rad.fran_punkt_id else None
        till = nummer_for_punkt.get(rad.till_punkt_id) if rad.till_punkt_id else None
        fran_ordning = rad.fran_punkt.ordning if rad.fran_punkt_id else None
        till_ordning = rad.till_punkt.ordning if rad.till_punkt_id else None
        narvarorad = Narvarorad(
            person=_person(rad.fortroendevald),
            roll=rad.roll,
            roll_text=Uppdrag.Roll(rad.roll).label if rad.roll in Uppdrag.Roll.values else rad.roll,
            tjanstgor=rad.tjanstgor,
            tjanstgor_for=_person(rad.tjanstgor_for) if rad.tjanstgor_for_id else None,
            paragrafer=_intervall(fran, till),
            nummer=tuple(
                p.nummer
                for p in paragrafer
                if _inom(punkt_ordning=p.punkt.ordning, fran=fran_ordning, till=till_ordning)
            ),
        )
        ut.append(narvarorad)
    return ut


def _inom(*, punkt_ordning: int | None, fran: int | None, till: int | None) -> bool:
    if punkt_ordning is None:
        return False
    return (fran is None or punkt_ordning >= fran) and (till is None or punkt_ordning <= till)


def paragrafer_for(sammantrade: Sammantrade):
    """The sammanträde's paragrafer in § order, with everything the protokoll prints of them
    (one query per kind of row, however many there are)."""
    return (
        Paragraf.objects.filter(punkt__sammantrade=sammantrade)
        .select_related("punkt", "punkt__arende")
        .prefetch_related(
            Prefetch("yrkanden", queryset=Yrkande.objects.select_related("yrkat_av")),
            Prefetch(
                "omrostningar",
                queryset=Omrostning.objects.order_by("ordning").prefetch_related(
                    Prefetch("roster", queryset=Rost.objects.select_related("fortroendevald"))
                ),
            ),
            Prefetch(
                "reservationer", queryset=Reservation.objects.select_related("fortroendevald")
            ),
            Prefetch("jav", queryset=Jav.objects.select_related("fortroendevald")),
        )
        .order_by("nummer")
    )


def _paragraf(p: Paragraf) -> ParagrafInnehall:
    return ParagrafInnehall(
        pk=p.pk,
        nummer=p.nummer,
        rubrik=p.punkt.rubrik,
        diarienummer=p.punkt.diarienummer,
        sekretess=p.punkt.sekretess,
        text=p.text,
        slag=p.slag,
        slag_text=p.get_slag_display() if p.slag else "",
        beslutstext=p.beslutstext,
        omedelbar_justering=p.omedelbar_justering,
        ordning=p.punkt.ordning,
        yrkanden=tuple(
            YrkandeRad(ordning=y.ordning, av=_person(y.yrkat_av), text=y.text, bifallet=y.bifallet)
            for y in sorted(p.yrkanden.all(), key=lambda y: y.ordning)
        ),
        omrostningar=tuple(
            OmrostningRad(
                ordning=o.ordning,
                ja_proposition=o.ja_proposition,
                nej_proposition=o.nej_proposition,
                resultat=o.resultat,
                resultat_text=o.get_resultat_display() if o.resultat else "",
                utslagsrost=o.utslagsrost,
                roster=tuple(
                    RostRad(
                        person=_person(r.fortroendevald), val=r.val, val_text=r.get_val_display()
                    )
                    for r in sorted(o.roster.all(), key=lambda r: (r.fortroendevald.namn, r.pk))
                ),
            )
            for o in sorted(p.omrostningar.all(), key=lambda o: o.ordning)
        ),
        reservationer=tuple(
            ReservationRad(person=_person(r.fortroendevald), text=r.text)
            for r in sorted(p.reservationer.all(), key=lambda r: r.pk)
        ),
        jav=tuple(
            _person(j.fortroendevald)
            for j in sorted(p.jav.all(), key=lambda j: j.fortroendevald.namn)
        ),
    )


def protokoll_innehall(sammantrade: Sammantrade, protokoll: Protokoll | None) -> ProtokollInnehall:
    """The protokoll of `sammantrade` as it reads now (`protokoll` may not exist yet: then
    no ordförande, justerare or justering is set). Expects `sammantrade.namnd` loaded."""
    paragrafer = list(paragrafer_for(sammantrade))
    namnd = sammantrade.namnd
    if protokoll is not None and protokoll.pk:
        protokoll = (
            Protokoll.objects.select_related("ordforande", "sekreterare")
            .prefetch_related("justerare")
            .get(pk=protokoll.pk)
        )
        justerare = tuple(
            _person(j) for j in sorted(protokoll.justerare.all(), key=lambda j: (j.namn, j.pk))
        )
        ordforande = _person(protokoll.ordforande) if protokoll.ordforande_id else None
        sekreterare = protokoll.sekreterare.get_full_name() if protokoll.sekreterare_id else ""
    else:
        protokoll, justerare, ordforande, sekreterare = None, (), None, ""
    return ProtokollInnehall(
        namnd=namnd.namn,
        forvaltning=namnd.forvaltning.namn,
        datum=sammantrade.datum,
        tid=sammantrade.tid,
        plats=sammantrade.plats,
        ordforande=ordforande,
        justerare=justerare,
        sekreterare=sekreterare,
        justering_tid=protokoll.justering_tid if protokoll else None,
        justering_plats=protokoll.justering_plats if protokoll else "",
        narvaro=tuple(_narvaro(sammantrade, paragrafer)),
        ovriga=tuple(
            Ovrig(namn=o.namn, titel=o.titel, paragrafer=o.paragrafer)
            for o in OvrigNarvarande.objects.filter(sammantrade=sammantrade).order_by("pk")
        ),
        paragrafer=tuple(_paragraf(p) for p in paragrafer),
    )
