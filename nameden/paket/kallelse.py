"""The kallelse with the föredragningslista: the first pages of the packet, as PDF/A.

Rendered by `nameden.pdf.render_pdf` from the build's snapshot (`Underlag`) and validated as
PDF/A-2b like every document the system makes. The public version lists a sekretess punkt by
its number only ("Sekretess"), without rubrik, diarienummer, förslag or handlingar.
"""

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string

from nameden.models import Handling, Punkt
from nameden.paket.underlag import Underlag
from nameden.pdf import render_pdf, validate_pdfa
from nameden.pdf.metadata import w3c_datum, xmp_description
from nameden.pdf.sidhuvud import Sidhuvud

TEMPLATE = "pdf/kallelse.html"
STYLESHEET = "pdf/kallelse.css"
GENERATOR = "Remisshantering"
VECKODAGAR = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")


@dataclass(frozen=True)
class Kallelse:
    html: str
    pdf: bytes
    sidor: int


def kallelse_render(
    underlag: Underlag,
    *,
    offentlig: bool,
    skapad: dt.datetime,
    sidhanvisningar: dict[int, str] | None = None,
) -> Kallelse:
    """The kallelse of `underlag`'s sammanträde as PDF/A. `sidhanvisningar` gives, per
    handling id, where it stands in the packet ("5:1–5:3"), printed after its title."""
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
    html = render_to_string(
        TEMPLATE,
        {
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
            "avsnitten": [
                {"rubrik": Punkt.AVSNITT[typ], "rader": rader} for typ, rader in avsnitt.items()
            ],
            "offentlig": offentlig,
            "skapad": w3c_datum(skapad),
            "generator": GENERATOR,
        },
    )
    xmp = xmp_description(
        identifier=f"{sammantrade.namnd.namn} {sammantrade.datum.isoformat()}",
        publisher=forvaltning,
        typ="Kallelse",
    )
    pdf, sidor = render_pdf(html, xmp=xmp, stylesheet=STYLESHEET)
    validate_pdfa(pdf)
    return Kallelse(html=html, pdf=pdf, sidor=sidor)


def _handlingar(handlingar: tuple[Handling, ...], sidhanvisningar: dict[int, str]) -> list[dict]:
    return [{"titel": h.titel, "sidor": sidhanvisningar.get(h.pk, "")} for h in handlingar]
