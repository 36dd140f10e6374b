"""The kallelse with the föredragningslista: the first pages of the packet, as PDF/A.

Rendered by `nameden.pdf` from the build's snapshot (`Underlag`) and validated as PDF/A-2b
like every document the system makes. The public version lists a sekretess punkt by its
number only ("Sekretess"), without rubrik, diarienummer, förslag or handlingar.

A long agenda is laid out in pieces (`nameden.paket.kallelsedelar`), so the worker's memory
does not grow with it: a first pass lays each piece out without drawing and without the
running header, to find the cuts and the page count; then each piece is rendered with its
pages numbered from where it starts and the document's total ("Sida 7 (14)"), and the
pieces are joined into one tagged PDF/A (`nameden.pdf.merge`). An agenda of at most
`punkter_per_del` punkter is rendered in one pass, as it always was.
"""

import datetime as dt
import gc
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from nameden.models import Handling, Punkt
from nameden.paket import kallelsedelar
from nameden.paket.underlag import Underlag
from nameden.pdf import validate_pdfa
from nameden.pdf.merge import merge_tagged
from nameden.pdf.metadata import w3c_datum, xmp_description
from nameden.pdf.render import PdfDel, render_ankare, render_pdf_del
from nameden.pdf.sidhuvud import Sidhuvud

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/kallelse.html"
STYLESHEET = "pdf/kallelse.css"
GENERATOR = "Remisshantering"
VECKODAGAR = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
#: Punkter per piece of a long kallelse (three to four pages). Measured in the worker
#: (docs/handlingar.md): 16 keeps its peak within 2.2 MB from 10 to 80 punkter, 24 within
#: 3.5 MB at a fifth less time. `settings.KALLELSE_PUNKTER_PER_DEL` overrides it.
PUNKTER_PER_DEL = 16
#: The most pages the last piece may have (its total is counted through a counter style).
SIDOR_I_SISTA = 400


@dataclass(frozen=True)
class Kallelse:
    html: str
    pdf: bytes
    sidor: int
    delar: int = 1


@dataclass(frozen=True)
class Kallelsedelar:
    """The kallelse as the pieces it was rendered in (one for a short agenda), each a
    validated PDF/A: what the packet's join takes (`sammanfoga`), one piece open at a time."""

    html: str
    delar: tuple[PdfDel, ...]
    sidor: int


def kallelse_render(
    underlag: Underlag,
    *,
    offentlig: bool,
    skapad: dt.datetime,
    sidhanvisningar: dict[int, str] | None = None,
    punkter_per_del: int | None = None,
) -> Kallelse:
    """The kallelse of `underlag`'s sammanträde as one PDF/A (its pieces joined,
    `nameden.pdf.merge`, and the whole validated). `sidhanvisningar` gives, per handling id,
    where it stands in the packet ("5:1–5:3"), printed after its title. `punkter_per_del`
    bounds the punkter laid out at once (default: `PUNKTER_PER_DEL`)."""
    kallelse = kallelse_delar(
        underlag,
        offentlig=offentlig,
        skapad=skapad,
        sidhanvisningar=sidhanvisningar,
        punkter_per_del=punkter_per_del,
        validera=False,
    )
    pdf = merge_tagged(kallelse.delar)
    validate_pdfa(pdf)
    return Kallelse(html=kallelse.html, pdf=pdf, sidor=kallelse.sidor, delar=len(kallelse.delar))


def kallelse_delar(
    underlag: Underlag,
    *,
    offentlig: bool,
    skapad: dt.datetime,
    sidhanvisningar: dict[int, str] | None = None,
    punkter_per_del: int | None = None,
    validera: bool = True,
) -> Kallelsedelar:
    """The kallelse as its pieces, each validated as PDF/A unless `validera` is False (the
    caller validates what it makes of them)."""
    sammantrade = underlag.sammantrade
    sidhanvisningar = sidhanvisningar or {}
    forvaltning = sammantrade.namnd.forvaltning.namn
    avsnitt: dict[str, list[dict]] = {}
    for del_ in underlag.punkter:
        punkt = del_.punkt
        dold = offentlig and punkt.sekretess
        avsnitt.setdefault(punkt.typ, []).append(
            {
                "punkt": punkt,
                "dold": dold,
                "forslag": [s for s in punkt.forslag_till_beslut.splitlines() if s.strip()],
                "handlingar": [] if dold else _handlingar(del_.handlingar, sidhanvisningar),
            }
        )
    avsnitten = [{"rubrik": Punkt.AVSNITT[typ], "rader": rader} for typ, rader in avsnitt.items()]
    kontext = {
        "sammantrade": sammantrade,
        "forvaltning": forvaltning,
        "sidhuvud": Sidhuvud(
            organ=sammantrade.namnd.namn,
            forvaltning=forvaltning,
            typ="Kallelse",
            rad=f"Sammanträde {sammantrade.datum.isoformat()}",
            markering="Offentlig version" if offentlig else "",
        ),
        "veckodag": VECKODAGAR[sammantrade.datum.weekday()].capitalize(),
        "offentlig": offentlig,
        "skapad": w3c_datum(skapad),
        "generator": GENERATOR,
    }
    xmp = xmp_description(
        identifier=f"{sammantrade.namnd.namn} {sammantrade.datum.isoformat()}",
        publisher=forvaltning,
        typ="Kallelse",
    )
    html = _html(kontext, avsnitten)
    storlek = punkter_per_del or getattr(settings, "KALLELSE_PUNKTER_PER_DEL", PUNKTER_PER_DEL)
    with _skrap_per_del() as skrap:
        delar = None
        if len(underlag.punkter) > storlek:
            delar = _i_delar(
                kontext, avsnitten, xmp=xmp, storlek=storlek, validera=validera, skrap=skrap
            )
        if delar is None:
            delar = [render_pdf_del(html, xmp=xmp, stylesheet=STYLESHEET)]
            if validera:
                validate_pdfa(delar[0].pdf)
            skrap()
    return Kallelsedelar(html=html, delar=tuple(delar), sidor=sum(d.sidor for d in delar))


def _i_delar(
    kontext, avsnitten, *, xmp: bytes, storlek: int, validera: bool, skrap
) -> list[PdfDel] | None:
    """The kallelse laid out piece by piece (None if a piece came out with other pages than
    its plan: then the caller renders it in one pass, which is always right)."""
    enheter = kallelsedelar.enheter([len(a["rader"]) for a in avsnitten])
    sista: list[PdfDel] = []

    def ankare_for(forsta: int, slut: int) -> list[frozenset[str]]:
        del_ = _html(kontext, avsnitten, enheter[forsta:slut], forsta=forsta, ankare=True)
        try:
            return render_ankare(del_, stylesheet=STYLESHEET)
        finally:
            skrap()

    def sista_for(forsta: int, forsta_sida: int) -> int:
        del_html = _html(
            kontext, avsnitten, enheter[forsta:], forsta=forsta, numrering=(forsta_sida, None)
        )
        sista.append(render_pdf_del(del_html, xmp=xmp, stylesheet=STYLESHEET))
        if validera:
            validate_pdfa(sista[0].pdf)
        skrap()
        return sista[0].sidor

    plan = kallelsedelar.delplan(
        enheter, punkter_per_del=storlek, ankare_for=ankare_for, sista_for=sista_for
    )
    totalt = sum(d.sidor for d in plan)
    delar, sida = [], 1
    for d in plan[:-1]:
        # Laid out up to the enhet after the one opening the next piece (a heading keeps
        # its first punkt with it): what decides where the kept pages break.
        slut = min(d.slut, d.nasta + 2)
        del_html = _html(
            kontext,
            avsnitten,
            enheter[d.forsta : slut],
            forsta=d.forsta,
            numrering=(sida, totalt),
        )
        del_ = render_pdf_del(del_html, xmp=xmp, stylesheet=STYLESHEET, sidor=d.sidor)
        if validera:
            validate_pdfa(del_.pdf)
        skrap()
        if del_.sidor != d.sidor or del_.utlagda <= d.sidor:
            logger.warning(
                "Kallelsens del från enhet %d fick %d sidor, planen %d: renderas i ett svep",
                d.forsta,
                del_.utlagda,
                d.sidor,
            )
            return None
        delar.append(del_)
        sida += d.sidor
    return [*delar, *sista]


@contextmanager
def _skrap_per_del():
    """A collection after each piece (and after a kallelse in one pass), over what was made
    since the kallelse began.

    A laid-out WeasyPrint document is garbage in reference cycles (its element wrappers,
    styles and boxes refer to each other), which only the cyclic collector frees; left to
    its thresholds it runs rarely in a large heap, so the pieces' garbage piled up and the
    peak grew with the number of pieces just as one long layout did (measured: no gain at
    all without this). A full collection scans the whole heap (about 0.1 s in the worker),
    so one is made first, then what is alive is frozen (`gc.freeze`) and each collection
    after a piece scans only the objects made since; they are unfrozen at the end.
    """
    if gc.get_freeze_count():  # frozen by someone else (a pre-forking server): leave it so
        yield gc.collect
        return
    gc.collect()
    gc.freeze()
    try:
        yield gc.collect
    finally:
        gc.unfreeze()


def _html(kontext, avsnitten, enheter=None, *, forsta=0, ankare=False, numrering=None) -> str:
    """The kallelse's HTML: the whole of it, or (with `enheter`) a piece: the opening text
    only in the piece that starts at enhet 0, each avsnitt with the rows it holds and its
    heading if the piece holds that; `ankare` names each enhet by its id (for
    `render_ankare`, no running header: it stands in a margin box and moves nothing);
    `numrering` is (this piece's first page, the document's pages)."""
    if enheter is None:
        return render_to_string(
            TEMPLATE, {**kontext, "avsnitten": avsnitten, "inledning": True, "sidhuvud_med": True}
        )
    delar: list[dict] = []
    for enhet in enheter:
        avsnitt = avsnitten[enhet.avsnitt]
        if not delar or delar[-1]["index"] != enhet.avsnitt:
            delar.append(
                {
                    "index": enhet.avsnitt,
                    "rubrik": avsnitt["rubrik"],
                    "rader": [],
                    "utan_rubrik": True,
                }
            )
        if enhet.rad is None:
            delar[-1]["utan_rubrik"] = False
            delar[-1]["id"] = enhet.id
        else:
            delar[-1]["rader"].append({**avsnitt["rader"][enhet.rad], "id": enhet.id})
    return render_to_string(
        TEMPLATE,
        {
            **kontext,
            "avsnitten": delar,
            "inledning": forsta == 0,
            "fortsattning": forsta > 0,
            "ankare": ankare,
            "sidhuvud_med": not ankare,
            "numrering": numrering and _numrering(*numrering),
            "inledning_id": kallelsedelar.INLEDNING,
        },
    )


def _numrering(forsta: int, totalt: int | None) -> dict:
    """The page numbers of a piece starting at page `forsta`: "Sida 7 (14)". Without a
    `totalt` (the last piece) the total is the pages before it plus its own, counted by
    WeasyPrint: `counter(pages)` shown through a counter style whose n-th symbol is
    n + the pages before (one symbol per page the piece may have; a piece has at most one
    page per enhet and punkt text, far below `SIDOR_I_SISTA`)."""
    fore = forsta - 1
    symboler = None
    if totalt is None:
        symboler = " ".join(f'"{fore + n}"' for n in range(1, SIDOR_I_SISTA + 1))
    return {"forsta": forsta, "totalt": totalt, "symboler": symboler}


def _handlingar(handlingar: tuple[Handling, ...], sidhanvisningar: dict[int, str]) -> list[dict]:
    return [{"titel": h.titel, "sidor": sidhanvisningar.get(h.pk, "")} for h in handlingar]
