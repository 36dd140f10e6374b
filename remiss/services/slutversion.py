"""The final PDF: rendered once when the tjänsteutlåtande is fully attested, then kept.

`slutversion_skapa` is called by the attest service (`remiss.services.attestering`) in the
same transaction as the last approval. It never renders twice: if the document already has
a final version, that version is returned untouched. Downloads read the stored file through
`remiss.selectors.slutversion_fil`, which checks the SHA-256 recorded here.
"""

import hashlib
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from nameden.historik import save_tracked
from nameden.pdf import validate_pdfa
from remiss import events, policy
from remiss.dokument import AttestRad, dokument_for
from remiss.fingeravtryck import FORMAT as FINGERAVTRYCK_FORMAT
from remiss.fingeravtryck import fingeravtryck as fingeravtryck_av
from remiss.models import Slutversion, Tjansteutlatande
from remiss.pdf import pdf_datum, render_tjansteutlatande
from remiss.workflow import Action


@transaction.atomic
def slutversion_skapa(
    *, user, tu: Tjansteutlatande, attester: Sequence[AttestRad], fingeravtryck: str
) -> Slutversion:
    """Render, store and record the final PDF of `tu`, once.

    `attester` are the "Attesterat av" lines (newest first) and `fingeravtryck` the content
    fingerprint they approved. The document must still read exactly as approved, and the
    rendered file must pass the PDF/A validator; otherwise nothing is stored. Raises
    `nameden.pdf.PdfFel` if the PDF cannot be made (the caller's transaction then rolls back
    with it).
    """
    tu = (
        Tjansteutlatande.objects.select_for_update(of=("self",))
        .select_related("remiss__handlaggare", "remiss__forvaltning", "sammantrade__namnd", "mall")
        .get(pk=tu.pk)
    )
    policy.require(user, Action.VISA, tu.remiss)
    befintlig = Slutversion.objects.filter(tjansteutlatande=tu, fingeravtryck=fingeravtryck).first()
    if befintlig is not None:
        return befintlig
    if not attester:
        raise ValidationError("En slutlig PDF kräver att tjänsteutlåtandet är attesterat.")
    dokument = dokument_for(tu)
    if fingeravtryck_av(dokument) != fingeravtryck:
        raise ValidationError(
            "Tjänsteutlåtandet har ändrats sedan det attesterades; ingen slutlig PDF skapades."
        )
    skapad, andrad = pdf_datum(tu)
    rendered = render_tjansteutlatande(
        dokument, attester=attester, utkast=False, skapad=skapad, andrad=andrad
    )
    # The archive gets PDF/A or nothing: check the very bytes that will be stored.
    validate_pdfa(rendered.pdf)
    sha256 = hashlib.sha256(rendered.pdf).hexdigest()
    slutversion = Slutversion(
        tjansteutlatande=tu,
        sha256=sha256,
        storlek=len(rendered.pdf),
        sidor=rendered.sidor,
        fingeravtryck=fingeravtryck,
        fingeravtryck_format=FINGERAVTRYCK_FORMAT,
        skapad_av=user,
    )
    # The file is written before the row; if the transaction then fails the file is an
    # orphan, never a row without its file (as for bilagor).
    slutversion.fil.save("slutversion.pdf", ContentFile(rendered.pdf), save=False)
    save_tracked(slutversion, user=user, reason="Slutlig PDF skapades")
    events.record(
        tu.remiss, "slutversion_skapad", user=user, sidor=rendered.sidor, sha_kort=sha256[:12]
    )
    return slutversion
