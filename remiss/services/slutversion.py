"""The final PDF: rendered once when the tjänsteutlåtande is fully attested, then kept.

`slutversion_skapa` is called by the attest service (`remiss.services.attestering`) in the
same transaction as the last approval. It never renders twice: if the document already has
a final version, that version is returned untouched. Downloads read the stored file through
`remiss.selectors.slutversion_fil`, which checks the SHA-256 recorded here.

`slutversion_upphav` is called when the attestations are voided (`upphav_attest`): the final
version then stays stored, a public record, but is marked superseded and is never served as
final again (`remiss.selectors.gallande_slutversion`).
"""

import hashlib
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.pdf import validate_pdfa
from nameden.svenska import antal, datum_i_text
from remiss import events, policy
from remiss.dokument import AttestRad, dokument_for
from remiss.fingeravtryck import FORMAT as FINGERAVTRYCK_FORMAT
from remiss.fingeravtryck import stammer
from remiss.models import Slutversion, Tjansteutlatande
from remiss.pdf import pdf_datum, render_tjansteutlatande
from remiss.services.las import las_arende
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
    tu = las_arende(tu)
    policy.require(user, Action.VISA, tu.remiss)
    # A superseded version never becomes final again, even when the same content is attested
    # anew after a void: that attestation gets a final version of its own.
    befintlig = Slutversion.objects.filter(
        tjansteutlatande=tu, fingeravtryck=fingeravtryck, upphavd_at__isnull=True
    ).first()
    if befintlig is not None:
        return befintlig
    if not attester:
        raise ValidationError("En slutlig PDF kräver att tjänsteutlåtandet är attesterat.")
    dokument = dokument_for(tu)
    if not stammer(dokument, sha256=fingeravtryck, format=FINGERAVTRYCK_FORMAT):
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
        tu.remiss,
        "slutversion_skapad",
        user=user,
        sidor=antal(rendered.sidor, "sida", "sidor"),
        sha_kort=sha256[:12],
    )
    return slutversion


def slutversion_upphav(*, user, tu: Tjansteutlatande, orsak: str) -> list[Slutversion]:
    """Mark every final version of `tu` not yet superseded as superseded: who, when, why.

    Called by `remiss.services.attestering.upphav_attest` inside its transaction, which holds
    the case's locks (`las_arende`). Nothing is deleted or changed in the file: a finalised
    document is a public record and stays readable from the history, labelled as superseded.
    """
    now = timezone.now()
    upphavda = list(
        Slutversion.objects.select_for_update().filter(tjansteutlatande=tu, upphavd_at__isnull=True)
    )
    for slutversion in upphavda:
        slutversion.upphavd_at = now
        slutversion.upphavd_av = user if user is not None and user.is_authenticated else None
        slutversion.upphavd_orsak = orsak[:200]
        save_tracked(slutversion, user=user, reason=f"Slutversionen upphävdes: {orsak}")
        events.record(
            tu.remiss,
            "slutversion_upphavd",
            user=user,
            skapad=datum_i_text(timezone.localdate(slutversion.skapad_at)),
            sha_kort=slutversion.sha256[:12],
            orsak=orsak,
        )
    return upphavda
