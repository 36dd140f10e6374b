"""The tjänsteutlåtande as PDF: a preview rendered now, the stored final version, and the
superseded final versions kept as public records.

All answer 404 for a remiss the user cannot see. Anyone who can see the remiss may read
its PDF (policy Action.VISA), as they may read the document on screen. Only the final version
in force (`selectors.gallande_slutversion`) is ever served as final; a superseded one is
offered from the history page only, under a file name that says it is superseded.

The preview's cost is bounded (`remiss.pdf.tjansteutlatande_pdf`): cached per content, stopped
after a time limit with a Swedish message (shown here like any other `PdfFel`), and never
waiting for another document's preview.
"""

import re

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from nameden import sekretess
from nameden.models import Sekretesslasning
from nameden.pdf import PdfFel
from nameden.services.sekretess import sekretess_las
from remiss import pdf, policy, selectors
from remiss.workflow import Action


def _filnamn(tu, suffix: str = "") -> str:
    """'tjansteutlatande-sof-2024-1.pdf': ASCII, no path, nothing from free text. The
    diarienummer's separators ("/", ".", " ") become hyphens so its numbers stay apart."""
    dnr = slugify(re.sub(r"[/.\s]+", "-", tu.remiss.diarienummer))
    return f"{slugify(tu.dokumenttyp) or 'dokument'}-{dnr}{suffix}.pdf"


def _pdf_response(data: bytes, *, filename: str, as_attachment: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _logga_om_hemlig(request, tu) -> None:
    """A secret document's PDF is a read of it: logged (the selector already answered 404
    to those who may not read it)."""
    sekretess_las(
        user=request.user,
        handling=tu,
        satt=Sekretesslasning.Satt.FIL,
        markering=getattr(tu, "sekretessmarkering", None) or sekretess.galler_for(tu),
    )


@require_GET
def forhandsgranska(request, pk: int):
    """The document as it reads now, inline; marked UTKAST unless it is attested as it reads."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    policy.require(request.user, Action.VISA, tu.remiss)
    _logga_om_hemlig(request, tu)
    try:
        rendered = pdf.tjansteutlatande_pdf(tu)
    except PdfFel as exc:
        messages.error(request, str(exc))
        return redirect("remiss:tu", pk=pk)
    return _pdf_response(
        rendered.pdf, filename=_filnamn(tu, "-forhandsgranskning"), as_attachment=False
    )


@require_GET
def slutversion(request, pk: int):
    """The final PDF exactly as stored when the document was attested; 404 if there is none."""
    slutversion = selectors.slutversion_for(request.user, pk)
    policy.require(request.user, Action.VISA, slutversion.tjansteutlatande.remiss)
    _logga_om_hemlig(request, slutversion.tjansteutlatande)
    try:
        data = selectors.slutversion_fil(slutversion)
    except selectors.SlutversionSkadad:
        # Already logged with both hashes. Serve nothing rather than a changed document.
        return render(request, "500.html", status=500)
    return _pdf_response(data, filename=_filnamn(slutversion.tjansteutlatande), as_attachment=True)


@require_GET
def upphavd_slutversion(request, pk: int, slutversion_pk: int):
    """A superseded final version, byte for byte as stored, named as superseded."""
    slutversion = selectors.upphavd_slutversion_for(request.user, pk, slutversion_pk)
    policy.require(request.user, Action.VISA, slutversion.tjansteutlatande.remiss)
    _logga_om_hemlig(request, slutversion.tjansteutlatande)
    try:
        data = selectors.slutversion_fil(slutversion)
    except selectors.SlutversionSkadad:
        return render(request, "500.html", status=500)
    datum = timezone.localdate(slutversion.skapad_at).isoformat()
    return _pdf_response(
        data,
        filename=_filnamn(
            slutversion.tjansteutlatande,
            f"-upphavd-slutversion-{datum}-{slutversion.sha256[:8]}",
        ),
        as_attachment=True,
    )
