"""The final PDF: rendered once when the tjänsteutlåtande is fully attested, then kept.

`slutversion_skapa` is called by the attest service (`remiss.services.attestering`) in the
same transaction as the last approval. It never renders twice: if the document already has
a final version, that version is returned untouched.

Rendering and validating take 0.2 s warm and 0.8 s in a fresh worker, far too long to hold
the case's row locks (every other change to the case would queue behind them). So the attest
service renders first, with no lock and no transaction (`slutversion_forrendera`, the
document as the attestant read it), and `slutversion_skapa` only stores those bytes, once it
holds the locks and has checked that the document still reads with that fingerprint and the
"Attesterat av" lines are the ones printed. If anything differs it renders again under the
locks, the old way: correct, only slower, and rare (two chains' last approvals at once).

Downloads read the stored file through `remiss.selectors.slutversion_fil`, which checks the
SHA-256 recorded here.

`slutversion_upphav` is called when the attestations are voided (`upphav_attest`): the final
version then stays stored, a public record, but is marked superseded and is never served as
final again (`remiss.selectors.gallande_slutversion`).
"""

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.pdf import validate_pdfa
from nameden.svenska import antal, datum_i_text
from remiss import attestlage, events, policy
from remiss.dokument import AttestRad, Dokument, dokument_for
from remiss.fingeravtryck import FORMAT as FINGERAVTRYCK_FORMAT
from remiss.fingeravtryck import fingeravtryck as fingeravtryck_av
from remiss.fingeravtryck import stammer
from remiss.models import Attestering, Attestrunda, Slutversion, Tjansteutlatande
from remiss.pdf import pdf_datum, render_tjansteutlatande
from remiss.services.las import las_arende
from remiss.workflow import Action


@dataclass(frozen=True)
class Forrendering:
    """A final PDF rendered and validated before the locks were taken, with everything that
    went into it, so the locked step can tell whether it is still the right file."""

    fingeravtryck: str
    attester: tuple[AttestRad, ...]
    skapad: dt.datetime
    andrad: dt.datetime
    pdf: bytes
    sidor: int

    def passar(
        self,
        *,
        fingeravtryck: str,
        attester: Sequence[AttestRad],
        datum: tuple[dt.datetime, dt.datetime],
    ) -> bool:
        """Would rendering now give these bytes: same content, same lines, same dates?"""
        return (
            self.fingeravtryck == fingeravtryck
            and self.attester == tuple(attester)
            and (self.skapad, self.andrad) == datum
        )


def slutversion_forrendera(
    *, tu: Tjansteutlatande, attester: Sequence[AttestRad], fingeravtryck: str
) -> Forrendering | None:
    """Render and validate the final PDF of `tu` as it reads now; no lock, no write.

    Call it outside any transaction: it takes as long as a render takes. None if the document
    no longer reads as `fingeravtryck` (the locked step then refuses the approval). Raises
    `nameden.pdf.PdfFel` if no valid PDF/A can be made, before anything is recorded.
    """
    dokument = dokument_for(tu)
    if not stammer(dokument, sha256=fingeravtryck, format=FINGERAVTRYCK_FORMAT):
        return None
    skapad, andrad = pdf_datum(tu)
    pdf, sidor = _rendera(dokument, attester=attester, skapad=skapad, andrad=andrad)
    return Forrendering(
        fingeravtryck=fingeravtryck,
        attester=tuple(attester),
        skapad=skapad,
        andrad=andrad,
        pdf=pdf,
        sidor=sidor,
    )


def forrendera_sista_godkannande(
    *, user, tu: Tjansteutlatande, sett_fingeravtryck: str | None, tidpunkt: dt.datetime
) -> Forrendering | None:
    """The final PDF that `user`'s approval at `tidpunkt` would make, rendered now; None when
    it would not be the last approval of the sändning, or may not be given (the locked step,
    `attest_godkann_i_las`, then says why).

    Reads without locks, so it is a forecast: the locked step stores the file only if it
    still fits (`Forrendering.passar`). The "Attesterat av" lines are those
    `attestlage.giltiga_attester` will read once this approval is recorded.
    """
    tu = Tjansteutlatande.objects.select_related("remiss__forvaltning", "mall", "andrad_av").get(
        pk=tu.pk
    )
    if not policy.allowed(user, Action.ATTESTERA, tu.remiss):
        return None
    runda = (
        attestlage.med_beslut(attestlage.vantande_rundor(user).filter(tjansteutlatande=tu))
        .order_by("id")
        .first()
    )
    tur = attestlage.nasta_tur(runda) if runda is not None else None
    if tur is None or not tur.sista:
        return None
    dokument = dokument_for(tu)
    fingeravtryck = fingeravtryck_av(dokument)
    if sett_fingeravtryck not in (None, fingeravtryck):
        return None
    if Slutversion.objects.filter(
        tjansteutlatande=tu, fingeravtryck=fingeravtryck, upphavd_at__isnull=True
    ).exists():
        return None
    rader = []
    for del_ in attestlage.sandning(runda):
        godkanda = [
            a
            for a in del_.attesteringar.all()
            if a.beslut == Attestering.Beslut.GODKAND
            and a.ogiltig_at is None
            and stammer(dokument, sha256=a.fingeravtryck, format=a.fingeravtryck_format)
        ]
        # This round lacks only this approval; every other chain is complete already.
        egen = del_.pk == runda.pk
        if len(godkanda) != len(del_.kedja) - egen or not (
            egen or del_.status == Attestrunda.Status.KLAR
        ):
            return None
        rader += [
            (a.tidpunkt, a.runda_id, a.steg, AttestRad(a.namn, a.titel, a.tidpunkt.date()))
            for a in godkanda
        ]
    # As the row will read back from the database: in UTC.
    datum = tidpunkt.astimezone(dt.UTC).date()
    namn = user.get_full_name() or user.username
    rader.append((tidpunkt, runda.pk, tur.steg, AttestRad(namn, user.titel, datum)))
    attester = [rad[-1] for rad in sorted(rader, key=lambda rad: rad[:3], reverse=True)]
    return slutversion_forrendera(tu=tu, attester=attester, fingeravtryck=fingeravtryck)


def _rendera(
    dokument: Dokument, *, attester: Sequence[AttestRad], skapad, andrad
) -> tuple[bytes, int]:
    rendered = render_tjansteutlatande(
        dokument, attester=attester, utkast=False, skapad=skapad, andrad=andrad
    )
    # The archive gets PDF/A or nothing: check the very bytes that will be stored.
    validate_pdfa(rendered.pdf)
    return rendered.pdf, rendered.sidor


@transaction.atomic
def slutversion_skapa(
    *,
    user,
    tu: Tjansteutlatande,
    attester: Sequence[AttestRad],
    fingeravtryck: str,
    forrendering: Forrendering | None = None,
) -> Slutversion:
    """Render, store and record the final PDF of `tu`, once.

    `attester` are the "Attesterat av" lines (newest first) and `fingeravtryck` the content
    fingerprint they approved. The document must still read exactly as approved, and the
    rendered file must pass the PDF/A validator; otherwise nothing is stored. Raises
    `nameden.pdf.PdfFel` if the PDF cannot be made (the caller's transaction then rolls back
    with it).

    `forrendering` is the file rendered before the locks (`slutversion_forrendera`); it is
    stored as it is when it still fits the document, the lines and the dates, and rendered
    again here otherwise.
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
    datum = pdf_datum(tu)
    if forrendering is not None and forrendering.passar(
        fingeravtryck=fingeravtryck, attester=attester, datum=datum
    ):
        pdf, sidor = forrendering.pdf, forrendering.sidor
    else:
        pdf, sidor = _rendera(dokument, attester=attester, skapad=datum[0], andrad=datum[1])
    sha256 = hashlib.sha256(pdf).hexdigest()
    slutversion = Slutversion(
        tjansteutlatande=tu,
        sha256=sha256,
        storlek=len(pdf),
        sidor=sidor,
        fingeravtryck=fingeravtryck,
        fingeravtryck_format=FINGERAVTRYCK_FORMAT,
        skapad_av=user,
    )
    # The file is written before the row; if the transaction then fails the file is an
    # orphan, never a row without its file (as for bilagor).
    slutversion.fil.save("slutversion.pdf", ContentFile(pdf), save=False)
    save_tracked(slutversion, user=user, reason="Slutlig PDF skapades")
    events.record(
        tu.remiss,
        "slutversion_skapad",
        user=user,
        sidor=antal(sidor, "sida", "sidor"),
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
