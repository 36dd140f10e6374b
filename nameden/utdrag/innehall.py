"""What a protokollsutdrag prints, as one immutable value built from the paragraf's rows.

Everything the PDF shows is read here, in a fixed number of queries, so the template reads no
database and the same paragraf always gives the same value (the PDF is deterministic).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from nameden.models import Omrostning, Paragraf, Rost
from nameden.protokoll import lage

DOKUMENTTYP = "Protokollsutdrag"


@dataclass(frozen=True)
class YrkandeRad:
    av: str
    text: str
    bifallet: bool | None


@dataclass(frozen=True)
class OmrostningRad:
    ja_proposition: str
    nej_proposition: str
    resultat: str
    ja: tuple[str, ...]
    nej: tuple[str, ...]
    avstar: tuple[str, ...]
    utslagsrost: bool


@dataclass(frozen=True)
class ReservationRad:
    av: str
    text: str


@dataclass(frozen=True)
class Bestyrkande:
    namn: str
    titel: str
    datum: dt.date


@dataclass(frozen=True)
class Utdragsinnehall:
    namnd: str
    forvaltning: str
    sammantradesdatum: dt.date
    paragraf: str
    diarienummer: str
    rubrik: str
    text: tuple[str, ...]
    yrkanden: tuple[YrkandeRad, ...]
    omrostningar: tuple[OmrostningRad, ...]
    beslut: str
    beslutstext: tuple[str, ...]
    reservationer: tuple[ReservationRad, ...]
    jav: tuple[str, ...]
    justerat: dt.date
    omedelbart_justerad: bool
    sekretess: bool
    bestyrkande: Bestyrkande
    #: When the utdrag was certified: the PDF's creation and modification date.
    bestyrkt_at: dt.datetime

    @property
    def dokumenttyp(self) -> str:
        return DOKUMENTTYP


def _stycken(text: str) -> tuple[str, ...]:
    """Paragraphs of a multi-line text: blank lines separate them, single newlines are kept."""
    return tuple(s.strip() for s in (text or "").replace("\r\n", "\n").split("\n\n") if s.strip())


def _omrostningar(paragraf: Paragraf) -> tuple[OmrostningRad, ...]:
    omrostningar = list(Omrostning.objects.filter(paragraf=paragraf).order_by("ordning"))
    roster: dict[int, dict[str, list[str]]] = {
        o.pk: {v: [] for v in Rost.Val} for o in omrostningar
    }
    for rost in (
        Rost.objects.filter(omrostning__paragraf=paragraf)
        .select_related("fortroendevald")
        .order_by("omrostning_id", "fortroendevald__namn", "pk")
    ):
        roster[rost.omrostning_id][rost.val].append(str(rost.fortroendevald))
    return tuple(
        OmrostningRad(
            ja_proposition=o.ja_proposition,
            nej_proposition=o.nej_proposition,
            resultat=o.get_resultat_display() if o.resultat else "",
            ja=tuple(roster[o.pk][Rost.Val.JA]),
            nej=tuple(roster[o.pk][Rost.Val.NEJ]),
            avstar=tuple(roster[o.pk][Rost.Val.AVSTAR]),
            utslagsrost=o.utslagsrost,
        )
        for o in omrostningar
    )


def utdrag_innehall(
    paragraf: Paragraf, *, bestyrkt_av, bestyrkt_at: dt.datetime
) -> Utdragsinnehall:
    """The utdrag of `paragraf` (justerad: the caller checks) as certified by `bestyrkt_av` at
    `bestyrkt_at`. Expects `paragraf.punkt.sammantrade.namnd.forvaltning` and
    `paragraf.punkt.arende` loaded (the service's select_related)."""
    punkt = paragraf.punkt
    sammantrade = punkt.sammantrade
    justerat = lage.justeringsdatum(paragraf)
    if justerat is None:
        raise ValueError("Paragrafen är inte justerad.")
    diarienummer = punkt.diarienummer or (punkt.arende.diarienummer if punkt.arende else "")
    return Utdragsinnehall(
        namnd=sammantrade.namnd.namn,
        forvaltning=sammantrade.namnd.forvaltning.namn,
        sammantradesdatum=sammantrade.datum,
        paragraf=f"§ {paragraf.nummer}",
        diarienummer=diarienummer,
        rubrik=punkt.rubrik,
        text=_stycken(paragraf.text),
        yrkanden=tuple(
            YrkandeRad(av=str(y.yrkat_av), text=y.text, bifallet=y.bifallet)
            for y in paragraf.yrkanden.select_related("yrkat_av").order_by("ordning")
        ),
        omrostningar=_omrostningar(paragraf),
        beslut=paragraf.get_slag_display() if paragraf.slag else "",
        beslutstext=_stycken(paragraf.beslutstext),
        reservationer=tuple(
            ReservationRad(av=str(r.fortroendevald), text=r.text)
            for r in paragraf.reservationer.select_related("fortroendevald").order_by("pk")
        ),
        jav=tuple(
            str(j.fortroendevald)
            for j in paragraf.jav.select_related("fortroendevald").order_by("pk")
        ),
        justerat=justerat,
        omedelbart_justerad=paragraf.omedelbar_justering,
        sekretess=punkt.sekretess,
        bestyrkande=Bestyrkande(
            namn=bestyrkt_av.get_full_name() or bestyrkt_av.get_username(),
            titel=bestyrkt_av.titel,
            datum=timezone.localdate(bestyrkt_at),
        ),
        bestyrkt_at=bestyrkt_at,
    )
