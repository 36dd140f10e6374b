"""Reads for the tjänsteutlåtande PDF: a fresh render, and the stored final version.

A fresh render (preview, export before attest) shows the document as it reads now: with the
"Attesterat av" block and no UTKAST mark only while the attestations are valid for exactly
this content (`attestlage.giltiga_attester`). The final version is never rendered again: it
is read from storage and its bytes are checked against the SHA-256 recorded when it was made.
"""

import datetime as dt
import hashlib
import logging

from django.http import Http404

from remiss import attestlage, selectors
from remiss.dokument import dokument_for
from remiss.models import Slutversion, Tjansteutlatande
from remiss.pdf import RenderedPdf, render_tjansteutlatande

logger = logging.getLogger(__name__)


class SlutversionSkadad(Exception):
    """The stored final PDF is missing or no longer matches its SHA-256. Never served."""


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
    """Render the document as it reads now; UTKAST unless it is attested as it reads now.

    Expects `tu.remiss` loaded as `selectors.tjansteutlatande_for` loads it.
    """
    attester = attestlage.giltiga_attester(tu)
    skapad, andrad = pdf_datum(tu)
    return render_tjansteutlatande(
        dokument_for(tu), attester=attester, utkast=not attester, skapad=skapad, andrad=andrad
    )


def slutversion_for(user, remiss_pk: int) -> Slutversion:
    """The latest final version of the remiss's tjänsteutlåtande; 404 if the user cannot see the
    remiss (so its existence does not leak) or if there is no final version yet."""
    tu = selectors.tjansteutlatande_for(user, remiss_pk)
    # The newest: after an edit and a new attest round there is more than one.
    slutversion = Slutversion.objects.filter(tjansteutlatande=tu).first()
    if slutversion is None:
        raise Http404("Tjänsteutlåtandet har ingen slutlig PDF ännu.")
    slutversion.tjansteutlatande = tu
    return slutversion


def slutversion_fil(slutversion: Slutversion) -> bytes:
    """The stored bytes, after checking them against the recorded SHA-256.

    A finalised document must never change silently: a mismatch (or a missing file) is
    logged as an error and raises `SlutversionSkadad`; the bytes are not returned.
    """
    try:
        with slutversion.fil.open("rb") as fil:
            data = fil.read()
    except OSError as exc:
        logger.error(
            "Slutversion %s: the stored file %s cannot be read: %s",
            slutversion.pk,
            slutversion.fil.name,
            exc,
        )
        raise SlutversionSkadad("Den slutliga PDF:en saknas i lagringen.") from exc
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 != slutversion.sha256:
        logger.error(
            "Slutversion %s: stored file %s has SHA-256 %s, recorded %s. Not served.",
            slutversion.pk,
            slutversion.fil.name,
            sha256,
            slutversion.sha256,
        )
        raise SlutversionSkadad(
            "Den slutliga PDF:en stämmer inte med sin kontrollsumma och lämnas inte ut."
        )
    return data
