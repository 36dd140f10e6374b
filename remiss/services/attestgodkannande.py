"""Approving the current step of an attest round; the last approval makes the document final.

Split from `remiss.services.attestering` (which re-exports both functions for every caller)
because the approval is the one decision with a final PDF to make: it is rendered with no lock
held (`slutversion.forrendera_sista_godkannande`) and stored in the locked step only if the
document still reads as it was rendered. The rules of who may approve are the policy's; the
steps shared with the other decisions are `remiss.services.atteststeg`'s.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden.historik import save_tracked
from remiss import attestlage, events, notifieringar, policy
from remiss.dokument import dokument_for
from remiss.fingeravtryck import stammer
from remiss.models import Attestering, Attestrunda, Tjansteutlatande
from remiss.services.attestsandning import mottagare_for_tur
from remiss.services.atteststeg import besluta, pagaende_rundor, runda_for, som_last
from remiss.services.las import las_arende
from remiss.services.overgang import byt_status
from remiss.services.slutversion import (
    Forrendering,
    forrendera_sista_godkannande,
    slutversion_skapa,
)
from remiss.workflow import Action

__all__ = ["attest_godkann", "attest_godkann_i_las"]


def attest_godkann(
    *,
    user,
    tu: Tjansteutlatande,
    sett_fingeravtryck: str | None = None,
    tidpunkt: dt.datetime | None = None,
) -> Attestering:
    """Approve the current step. The last approval makes the document attested and final.

    `sett_fingeravtryck` is the fingerprint of the content the attestant was shown; the
    approval is refused if the document reads otherwise now. `tidpunkt` is for importing
    historical decisions (and the demo); it defaults to now.

    Not atomic on purpose: the last approval's final PDF is rendered and validated first,
    with no lock held (`slutversion.forrendera_sista_godkannande`), so the case is never
    locked for the length of a render. The locked step then stores that file only if the
    document still reads with the fingerprint it was rendered from; a change in between
    refuses the approval (`InnehalletAndrat`) and records nothing.
    """
    tidpunkt = tidpunkt or timezone.now()
    forrendering = forrendera_sista_godkannande(
        user=user, tu=tu, sett_fingeravtryck=sett_fingeravtryck, tidpunkt=tidpunkt
    )
    if forrendering is not None:
        # What the attestant approves is what was rendered, also for a caller with no page.
        sett_fingeravtryck = forrendering.fingeravtryck
    return attest_godkann_i_las(
        user=user,
        tu=tu,
        sett_fingeravtryck=sett_fingeravtryck,
        tidpunkt=tidpunkt,
        forrendering=forrendering,
    )


@transaction.atomic
def attest_godkann_i_las(
    *,
    user,
    tu: Tjansteutlatande,
    sett_fingeravtryck: str | None = None,
    tidpunkt: dt.datetime | None = None,
    forrendering: Forrendering | None = None,
) -> Attestering:
    """The locked step of `attest_godkann` (call that): decide, record and, for the last
    approval, store the final PDF, `forrendering` when it still fits."""
    tu = las_arende(tu)
    remiss = tu.remiss
    pagaende = pagaende_rundor(tu)
    policy.require(user, Action.ATTESTERA, remiss)
    runda = runda_for(user, tu, pagaende)
    tur = attestlage.nasta_tur(runda)
    dokument = dokument_for(tu)
    fingeravtryck = som_last(dokument, sett_fingeravtryck)
    # Each earlier step of every chain of the sändning, in the format it was recorded in (a
    # round may span a format change): all chains attest the same content.
    if any(
        not stammer(dokument, sha256=a.fingeravtryck, format=a.fingeravtryck_format)
        for del_ in attestlage.sandning(runda)
        for a in del_.attesteringar.all()
    ):
        raise ValidationError(
            "Innehållet har ändrats sedan det attesterades i ett tidigare steg. "
            "Handläggaren behöver skicka utlåtandet till attest igen."
        )
    attestering = besluta(
        user=user,
        tu=tu,
        runda=runda,
        beslut=Attestering.Beslut.GODKAND,
        fingeravtryck=fingeravtryck,
        tidpunkt=tidpunkt,
    )
    events.record(
        remiss, "attest_godkand", user=user, namn=attestering.namn, titel=attestering.titel
    )
    if not tur.sista:
        runda.vantar_pa_id = attestlage.vantar_pa_id(runda)
        save_tracked(runda, user=user, reason=f"Steg {tur.steg} attesterat, väntar på nästa")
        notifieringar.skickad_for_attest(
            remiss=remiss,
            mottagare=mottagare_for_tur(attestlage.nasta_tur(runda)),
            avsandare=runda.skickad_av,
        )
        return attestering
    runda.status = Attestrunda.Status.KLAR
    runda.vantar_pa = None  # the round has ended (attestlage.vantar_pa_id)
    runda.avslutad_at = attestering.tidpunkt
    save_tracked(runda, user=user, reason="Attesterad av alla i kedjan")
    if any(r.status != Attestrunda.Status.KLAR for r in attestlage.sandning(runda)):
        return attestering  # another förvaltning's chain is still open
    byt_status(user=user, remiss=remiss, action=Action.SLUTATTESTERA)
    slutversion_skapa(
        user=user,
        tu=tu,
        attester=attestlage.giltiga_attester(tu),
        fingeravtryck=fingeravtryck,
        forrendering=forrendering,
    )
    notifieringar.attesterad(remiss=remiss)
    return attestering
