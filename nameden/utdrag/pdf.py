"""The protokollsutdrag as PDF/A-2b, through `nameden.pdf` like every document of the system.

Deterministic: the dates in the metadata are the certification's (`bestyrkt_at`), never the
clock, so the same utdrag renders to the same bytes.
"""

from django.template.loader import render_to_string

from nameden.pdf import RenderedPdf, render_pdf
from nameden.pdf.metadata import w3c_datum, xmp_description
from nameden.pdf.sidhuvud import Sidhuvud
from nameden.svenska import datum_i_huvud
from nameden.utdrag.innehall import Utdragsinnehall

TEMPLATE = "pdf/utdrag.html"
STYLESHEET = "pdf/utdrag.css"
GENERATOR = "Remisshantering"


def render_utdrag(innehall: Utdragsinnehall) -> RenderedPdf:
    """The utdrag as PDF/A, with the HTML it was made from (tests read both)."""
    datum = w3c_datum(innehall.bestyrkt_at)
    html = render_to_string(
        TEMPLATE,
        {
            "utdrag": innehall,
            "sidhuvud": Sidhuvud(
                organ=innehall.namnd,
                forvaltning=innehall.forvaltning,
                typ="Protokollsutdrag",
                rad=f"Sammanträdesdatum {datum_i_huvud(innehall.sammantradesdatum)}",
                markering="SEKRETESS" if innehall.sekretess else "",
            ),
            "skapad": datum,
            "andrad": datum,
            "generator": GENERATOR,
        },
    )
    xmp = xmp_description(
        identifier=innehall.diarienummer or f"{innehall.namnd} {innehall.paragraf}",
        publisher=innehall.namnd,
        typ=innehall.dokumenttyp,
    )
    pdf, sidor = render_pdf(html, xmp=xmp, stylesheet=STYLESHEET)
    return RenderedPdf(html=html, pdf=pdf, sidor=sidor)
