"""The kallelse with the föredragningslista: the first pages of the packet, as PDF/A.

Rendered by `nameden.pdf` from the build's snapshot (`Underlag`) and validated as PDF/A-2b
like every document the system makes. The public version lists a sekretess punkt by its
number only ("Sekretess"), without rubrik, diarienummer, förslag or handlingar.

A long agenda is laid out in pieces (`nameden.paket.kallelsedelar`), so the worker's memory
does not grow with it: each piece is laid out once, its cut found from that layout and its
kept pages drawn without page numbers; once the total is known "Sida 7 (14)" is put on
each piece's pages from a render of the running header alone (`nameden.pdf.sidnummer`), and the
pieces are joined into one tagged PDF/A (`nameden.pdf.merge`). An agenda of at most
`punkter_per_del` punkter is rendered in one pass, as it always was.
"""

import datetime as dt
import gc
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
from nameden.pdf.render import PdfDel, render_pdf_del
from nameden.pdf.sidhuvud import Sidhuvud
from nameden.pdf.sidnummer import lagg_pa_sidnummer

TEMPLATE = "pdf/kallelse.html"
#: The running header alone, its page numbers for a kallelse drawn in pieces.
SIDNUMMER_TEMPLATE = "pdf/kallelse_sidnummer.html"
STYLESHEET = "pdf/kallelse.css"
GENERATOR = "Remisshantering"
VECKODAGAR = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
#: Punkter per piece of a long kallelse (three to four pages). Measured in the worker
#: (docs/handlingar.md): 16 keeps its peak within 2.2 MB from 10 to 80 punkter, 24 within
#: 3.5 MB at a fifth less time. `settings.KALLELSE_PUNKTER_PER_DEL` overrides it.
PUNKTER_PER_DEL = 16


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
        if len(underlag.punkter) > storlek:
            delar = _i_delar(
                kontext, avsnitten, xmp=xmp, storlek=storlek, validera=validera, skrap=skrap
            )
        else:
            delar = [render_pdf_del(html, xmp=xmp, stylesheet=STYLESHEET)]
            if validera:
                validate_pdfa(delar[0].pdf)
            skrap()
    return Kallelsedelar(html=html, delar=tuple(delar), sidor=sum(d.sidor for d in delar))


def _i_delar(
    kontext, avsnitten, *, xmp: bytes, storlek: int, validera: bool, skrap
) -> list[PdfDel]:
    """The kallelse laid out piece by piece, each piece once (`kallelsedelar.delplan`),
    drawn without page numbers; then, once the total is known, "Sida X (Y)" put on each
    piece's pages from a render of the header alone (`nameden.pdf.sidnummer`) and the piece
    validated."""
    enheter = kallelsedelar.enheter([len(a["rader"]) for a in avsnitten])
    ritade: list[PdfDel] = []

    def lagg_ut(forsta: int, slut: int, behall) -> None:
        del_html = _html(kontext, avsnitten, enheter[forsta:slut], forsta=forsta, ankare=True)
        try:
            del_ = render_pdf_del(del_html, xmp=xmp, stylesheet=STYLESHEET, sidor=behall)
            if del_ is not None:
                ritade.append(del_)
        finally:
            skrap()

    def sista_for(forsta: int) -> int:
        del_html = _html(kontext, avsnitten, enheter[forsta:], forsta=forsta)
        ritade.append(render_pdf_del(del_html, xmp=xmp, stylesheet=STYLESHEET))
        skrap()
        return ritade[-1].sidor

    plan = kallelsedelar.delplan(
        enheter, punkter_per_del=storlek, lagg_ut=lagg_ut, sista_for=sista_for
    )
    totalt = sum(d.sidor for d in plan)
    delar, forsta = [], 1
    for del_ in ritade:
        sidnummer = render_pdf_del(
            render_to_string(
                SIDNUMMER_TEMPLATE,
                {**kontext, "sidor": range(del_.sidor), "forsta": forsta, "totalt": totalt},
            ),
            stylesheet=STYLESHEET,
            taggad=False,
        )
        delar.append(lagg_pa_sidnummer(del_, sidnummer.pdf))
        if validera:
            validate_pdfa(delar[-1].pdf)
        forsta += del_.sidor
        skrap()
    return delar


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


def _html(kontext, avsnitten, enheter=None, *, forsta=0, ankare=False) -> str:
    """The kallelse's HTML: the whole of it, or (with `enheter`) a piece: the opening text
    only in the piece that starts at enhet 0, each avsnitt with the rows it holds and its
    heading if the piece holds that, the running header without its page number (put on
    afterwards, `nameden.pdf.sidnummer`); `ankare` names each enhet by its id (for
    `render_pdf_del` to tell where the piece may be cut)."""
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
            "sidhuvud_med": True,
            "utan_sidnummer": True,
            "inledning_id": kallelsedelar.INLEDNING,
        },
    )


def _handlingar(handlingar: tuple[Handling, ...], sidhanvisningar: dict[int, str]) -> list[dict]:
    return [{"titel": h.titel, "sidor": sidhanvisningar.get(h.pk, "")} for h in handlingar]
