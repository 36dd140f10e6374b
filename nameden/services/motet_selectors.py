"""Reads of what happened at the meeting, for its pages and for the protokoll.

- `narvarolista(sammantrade)`: every närvaro row, ordförande first, with whom an ersättare
  serves for and the paragraphs a row covers;
- `paragrafer_for(sammantrade)`: the paragrafer in § order with punkt, yrkanden,
  omröstningar and röster, reservationer and jäv prefetched, and on each `tjanstgorande`
  (who serves in it) computed from the närvaro: a constant number of queries however many
  paragrafer and members there are;
- `tjanstgorande(paragraf)`: the members who serve in one paragraf, jäviga left out: who may
  yrka, who votes, who may reserve themselves;
- `ordforande_for(paragraf)`: who presides (and has the utslagsröst) in it.

A närvaro row covers the paragraphs from its `fran_punkt` to its `till_punkt` (their §
numbers; empty: from the start / to the end), see `nameden.models.motet.Narvaro`.
"""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from nameden.models import (
    Jav,
    Narvaro,
    Omrostning,
    OvrigNarvarande,
    Paragraf,
    Punkt,
    Sammantrade,
    Uppdrag,
)

R = Uppdrag.Roll
#: The order of the närvarolista: the presidium, the ledamöter, then the ersättare.
ROLL_ORDNING = {R.ORDFORANDE: 0, R.VICE_ORDFORANDE: 1, R.LEDAMOT: 2, R.ERSATTARE: 3}
#: Who presides when the ordförande does not serve in a paragraf.
ORDFORANDE_ORDNING = (R.ORDFORANDE, R.VICE_ORDFORANDE)

#: Keys for an open end of a närvaro row: before the first and after the last §.
FORE_FORSTA, EFTER_SISTA = -1, 10**12


def fran_nummer(narvaro: Narvaro) -> int:
    return narvaro.fran_punkt.paragraf.nummer if narvaro.fran_punkt_id else FORE_FORSTA


def till_nummer(narvaro: Narvaro) -> int:
    return narvaro.till_punkt.paragraf.nummer if narvaro.till_punkt_id else EFTER_SISTA


def galler(narvaro: Narvaro, nummer: int) -> bool:
    """Does the row cover § `nummer`?"""
    return fran_nummer(narvaro) <= nummer <= till_nummer(narvaro)


def narvaro_rader(sammantrade: Sammantrade):
    """Every närvaro row of the sammanträde with what reading it needs (one query)."""
    return Narvaro.objects.filter(sammantrade=sammantrade).select_related(
        "fortroendevald", "tjanstgor_for", "fran_punkt__paragraf", "till_punkt__paragraf"
    )


def _sorterad(rader) -> list[Narvaro]:
    return sorted(
        rader,
        key=lambda n: (
            ROLL_ORDNING.get(n.roll, 9),
            n.fortroendevald.namn,
            n.fortroendevald_id,
            fran_nummer(n),
        ),
    )


def narvarolista(sammantrade: Sammantrade) -> list[Narvaro]:
    """The närvaro rows in the order the protokoll lists them."""
    return _sorterad(narvaro_rader(sammantrade))


def ovriga_narvarande(sammantrade: Sammantrade):
    return OvrigNarvarande.objects.filter(sammantrade=sammantrade).order_by("pk")


def har_narvaro(sammantrade: Sammantrade) -> bool:
    return Narvaro.objects.filter(sammantrade=sammantrade).exists()


def tjanstgorande_bland(rader, nummer: int, javiga: set[int]) -> list[Narvaro]:
    """Of the närvaro `rader`, those that serve in § `nummer`, without the jäviga (ids)."""
    return _sorterad(
        n
        for n in rader
        if n.narvarande and n.tjanstgor and galler(n, nummer) and n.fortroendevald_id not in javiga
    )


def tjanstgorande(paragraf: Paragraf) -> list[Narvaro]:
    """The members who serve in `paragraf`: present, serving (ledamöter, and ersättare for
    whom they serve) and not jäviga in it. Each is a närvaro row (fortroendevald, roll,
    tjanstgor_for)."""
    javiga = set(Jav.objects.filter(paragraf=paragraf).values_list("fortroendevald_id", flat=True))
    rader = narvaro_rader(Sammantrade(pk=paragraf.punkt.sammantrade_id))
    return tjanstgorande_bland(rader, paragraf.nummer, javiga)


def ordforande_bland(tjanstgor: list[Narvaro]) -> Narvaro | None:
    for roll in ORDFORANDE_ORDNING:
        for narvaro in tjanstgor:
            if narvaro.roll == roll:
                return narvaro
    return None


def ordforande_for(paragraf: Paragraf) -> Narvaro | None:
    """Who presides in `paragraf` (and decides a tie): the ordförande if serving in it,
    else the vice ordförande; None when neither serves."""
    return ordforande_bland(tjanstgorande(paragraf))


def narvarande_i(rader, nummer: int) -> list[Narvaro]:
    """Of `rader`, those present in § `nummer` (serving or not)."""
    return _sorterad(n for n in rader if n.narvarande and galler(n, nummer))


@dataclass(frozen=True)
class Oversikt:
    """The figures the sammanträde's page shows of the protokollföring."""

    paragrafer: int
    beslutade: int
    onumrerade: int
    narvaro: int


def oversikt(sammantrade: Sammantrade) -> Oversikt:
    """Counts for the sammanträde's page, in two queries."""
    punkter = sammantrade.punkter.filter(status__in=Punkt.PA_LISTAN_STATUSES).aggregate(
        onumrerade=Count("pk", filter=Q(paragraf__isnull=True))
    )
    paragrafer = Paragraf.objects.filter(punkt__sammantrade=sammantrade).aggregate(
        antal=Count("pk"), beslutade=Count("pk", filter=~Q(slag=""))
    )
    return Oversikt(
        paragrafer=paragrafer["antal"],
        beslutade=paragrafer["beslutade"],
        onumrerade=punkter["onumrerade"],
        narvaro=Narvaro.objects.filter(sammantrade=sammantrade).count(),
    )


def _paragrafer(sammantrade: Sammantrade):
    return (
        Paragraf.objects.filter(punkt__sammantrade=sammantrade)
        .select_related("punkt__arende", "beslutat_av")
        .prefetch_related(
            "yrkanden__yrkat_av",
            Prefetch(
                "omrostningar",
                queryset=Omrostning.objects.prefetch_related("roster__fortroendevald"),
            ),
            "reservationer__fortroendevald",
            "jav__fortroendevald",
        )
        .order_by("nummer")
    )


def paragrafer_for(sammantrade: Sammantrade, *, med_tillbakadragna: bool = False):
    """The sammanträde's paragrafer in § order, everything the protokoll prints prefetched;
    each carries `tjanstgorande` and `ordforande` (computed, no query per paragraf).

    A punkt withdrawn after it got its § keeps the number (never reused) but is left out
    unless `med_tillbakadragna`."""
    paragrafer = _paragrafer(sammantrade)
    if not med_tillbakadragna:
        paragrafer = paragrafer.filter(punkt__status__in=Punkt.PA_LISTAN_STATUSES)
    return med_tjanstgorande(list(paragrafer), sammantrade)


def med_tjanstgorande(paragrafer: list[Paragraf], sammantrade: Sammantrade) -> list[Paragraf]:
    """Put `tjanstgorande` and `ordforande` on each paragraf (its `jav` must be prefetched)."""
    rader = list(narvaro_rader(sammantrade))
    for paragraf in paragrafer:
        javiga = {j.fortroendevald_id for j in paragraf.jav.all()}
        paragraf.tjanstgorande = tjanstgorande_bland(rader, paragraf.nummer, javiga)
        paragraf.ordforande = ordforande_bland(paragraf.tjanstgorande)
    return paragrafer


def paragraf_for(sammantrade: Sammantrade, paragraf_pk: int) -> Paragraf | None:
    """One paragraf of `sammantrade` with everything prefetched, or None."""
    paragraf = _paragrafer(sammantrade).filter(pk=paragraf_pk).first()
    if paragraf is None:
        return None
    return med_tjanstgorande([paragraf], sammantrade)[0]


def paragrafer_att_valja(sammantrade: Sammantrade):
    """The paragrafer a närvaro change may start or end at, in § order."""
    return (
        Paragraf.objects.filter(
            punkt__sammantrade=sammantrade, punkt__status__in=Punkt.PA_LISTAN_STATUSES
        )
        .select_related("punkt")
        .order_by("nummer")
    )
