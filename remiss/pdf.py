"""The tjänsteutlåtande as PDF/A: the template, its metadata, and a render of it as it reads now.

The generic machinery (WeasyPrint, the safe fetcher, fonts, the PDF/A check) is
`nameden.pdf`; this module knows only what a tjänsteutlåtande prints. The stored final
version is never rendered again: `remiss.selectors.slutversion_fil` reads it back.
"""

import datetime as dt
from collections.abc import Sequence

from django.template.loader import render_to_string

from nameden.pdf import RenderedPdf, render_pdf
from nameden.pdf.forhandsvisning import render_forhandsvisning
from nameden.pdf.metadata import w3c_datum, xmp_description
from remiss import attestlage
from remiss.dokument import AttestRad, Dokument, dokument_for
from remiss.huvudvy import huvudvy
from remiss.models import Tjansteutlatande

TEMPLATE = "pdf/tjansteutlatande.html"
STYLESHEET = "pdf/tjansteutlatande.css"
GENERATOR = "Remisshantering"


def render_tjansteutlatande(
    dokument: Dokument,
    *,
    attester: Sequence[AttestRad] = (),
    utkast: bool,
    skapad,
    andrad,
) -> RenderedPdf:
    """The tjänsteutlåtande as PDF/A, with the HTML it was made from (tests read both).

    `attester` is the "Attesterat av" block, printed in the order given (the caller sorts,
    newest first like the reference); empty means no block. `utkast` marks every page
    UTKAST. `skapad` and `andrad` (date or aware datetime) become the PDF's creation and
    modification dates: from the document, never from the clock. The header and the order
    of the blocks are the document's own layout (`remiss.huvudvy`).
    """
    html, xmp = tjansteutlatande_html(
        dokument, attester=attester, utkast=utkast, skapad=skapad, andrad=andrad
    )
    pdf, sidor = render_pdf(html, xmp=xmp, stylesheet=STYLESHEET)
    return RenderedPdf(html=html, pdf=pdf, sidor=sidor)


def tjansteutlatande_html(
    dokument: Dokument, *, attester: Sequence[AttestRad], utkast: bool, skapad, andrad
) -> tuple[str, bytes]:
    """What `render_tjansteutlatande` renders: the HTML and the XMP description."""
    html = render_to_string(
        TEMPLATE,
        {
            "dokument": dokument,
            "huvud": huvudvy(dokument, markering="UTKAST" if utkast else ""),
            "attester": list(attester),
            "utkast": utkast,
            "skapad": w3c_datum(skapad),
            "andrad": w3c_datum(andrad),
            "generator": GENERATOR,
        },
    )
    xmp = xmp_description(
        identifier=dokument.diarienummer, publisher=dokument.forvaltning, typ=dokument.dokumenttyp
    )
    return html, xmp


def pdf_datum(tu: Tjansteutlatande) -> tuple[dt.datetime, dt.datetime]:
    """(created, modified) for the PDF's metadata: when the document was started and when its
    content last changed. From the document's history, never from the clock."""
    forsta = (
        tu.history.order_by("history_date", "history_id")
        .values_list("history_date", flat=True)
        .first()
    )
    return (forsta or tu.andrad_at), tu.andrad_at


def tjansteutlatande_pdf(tu: Tjansteutlatande) -> RenderedPdf:
    """The preview: the document as it reads now; UTKAST unless it is attested as it reads now.

    Bounded (`nameden.pdf.forhandsvisning`): the same content is rendered once and then
    served from the cache, a render that takes too long is stopped with a Swedish message
    (`ForLangTid`), and previews of different documents never wait for each other. The
    final version is rendered by `remiss.services.slutversion`, not here.

    Expects `tu.remiss` loaded as `selectors.tjansteutlatande_for` loads it.
    """
    attester = attestlage.giltiga_attester(tu)
    skapad, andrad = pdf_datum(tu)
    html, xmp = tjansteutlatande_html(
        dokument_for(tu), attester=attester, utkast=not attester, skapad=skapad, andrad=andrad
    )
    pdf, sidor = render_forhandsvisning(html, xmp=xmp, stylesheet=STYLESHEET)
    return RenderedPdf(html=html, pdf=pdf, sidor=sidor)
