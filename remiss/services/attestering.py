"""Attestation: send for attest, approve, return, recall, and void when the content changes.

Every approval stores the fingerprint of the whole document as it read at that moment. The
rules of who may act (designated attestant or deputy, never the author, never twice, in
order) are the policy's ATTESTANT relation; this module only carries the decisions out. All
functions lock the remiss row first, so concurrent requests for the same step queue and only
the first one finds the step open.

A joint document (`remiss.samverkan`) is sent along every deltagare's chain at once: one
round per förvaltning, sent together (`attestlage.sandning`). Each chain proceeds in its own
order and in parallel; every approval binds the same fingerprint; the last approval of the
last open chain makes the document attested and final. A change, a return in any chain or a
recall voids every chain.

The approval, with its final PDF, is `remiss.services.attestgodkannande`; the steps all
decisions share (the open round, the fingerprint check, recording a decision) are
`remiss.services.atteststeg`. Callers import every decision from here.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.models import User
from remiss import attestlage, events, notifieringar, policy, validering
from remiss.attestkedja import ersattare_for
from remiss.dokument import dokument_for
from remiss.models import Attestering, Attestrunda, SeddVersion, Tjansteutlatande
from remiss.services.attestgodkannande import attest_godkann, attest_godkann_i_las
from remiss.services.attestsandning import attest_skicka, mottagare_for_tur
from remiss.services.atteststeg import (
    InnehalletAndrat,
    aktiva_rundor,
    besluta,
    pagaende_rundor,
    runda_for,
    som_last,
    upphav_godkannanden,
)
from remiss.services.las import las_arende
from remiss.services.overgang import apply_transition, byt_status
from remiss.services.slutversion import slutversion_upphav
from remiss.workflow import ATTEST_STATUSES, TRANSITIONS, Action

UPPHAVD_ORSAK = "innehållet ändrades efter attest"
ATERKALLAD_ORSAK = "handläggaren återkallade utlåtandet från attest"

#: The one import for every caller: `attest_skicka` lives in `remiss.services.attestsandning`,
#: the approval in `remiss.services.attestgodkannande` and `InnehalletAndrat` in
#: `remiss.services.atteststeg`; all are re-exported here with the other decisions.
__all__ = [
    "InnehalletAndrat",
    "KraverBekraftelse",
    "attest_aterkalla",
    "attest_godkann",
    "attest_godkann_i_las",
    "attest_markera_sedd",
    "attest_returnera",
    "attest_skicka",
    "innan_andring",
    "upphav_attest",
]


class KraverBekraftelse(Exception):
    """An edit would void attestations (or recall the document from attest): confirm first."""

    def __init__(self, status: str):
        self.status = status
        super().__init__(
            "Utlåtandet är skickat för attest eller attesterat. Om du ändrar det upphävs "
            "attesten och utlåtandet måste attesteras igen. Bekräfta att du vill göra ändringen."
        )


@transaction.atomic
def attest_returnera(
    *, user, tu: Tjansteutlatande, kommentar: str, sett_fingeravtryck: str | None = None
) -> Attestering:
    """Send the document back to the handläggare with a comment; the round ends.

    `sett_fingeravtryck` as for `attest_godkann`: a comment is about the text that was read."""
    kommentar = validering.kommentar(kommentar)
    if not kommentar:
        raise ValidationError({"kommentar": "Skriv vad handläggaren behöver ändra."})
    tu = las_arende(tu)
    remiss = tu.remiss
    pagaende = pagaende_rundor(tu)
    policy.require(user, Action.RETURNERA, remiss)
    runda = runda_for(user, tu, pagaende)
    attestering = besluta(
        user=user,
        tu=tu,
        runda=runda,
        beslut=Attestering.Beslut.RETURNERAD,
        fingeravtryck=som_last(dokument_for(tu), sett_fingeravtryck),
        kommentar=kommentar,
    )
    runda.status = Attestrunda.Status.RETURNERAD
    runda.vantar_pa = None  # the round has ended (attestlage.vantar_pa_id)
    runda.avslutad_at = attestering.tidpunkt
    save_tracked(runda, user=user, reason="Returnerad till handläggaren")
    # A return in one chain ends the others: the document goes back to beredning, and
    # their approvals are of a text that is going to change.
    orsak = f"{attestering.namn} returnerade utlåtandet"
    for annan in aktiva_rundor(tu):
        upphav_godkannanden(annan, user=user, orsak=orsak, now=attestering.tidpunkt)
        annan.status = Attestrunda.Status.UPPHAVD
        annan.vantar_pa = None
        annan.avslutad_at = attestering.tidpunkt
        save_tracked(annan, user=user, reason=f"Attestrundan upphävdes: {orsak}")
    byt_status(user=user, remiss=remiss, action=Action.RETURNERA)
    events.record(
        remiss, "attest_returnerad", user=user, kommentar=kommentar, namn=attestering.namn
    )
    notifieringar.returnerad(remiss=remiss, attestant=user, kommentar=kommentar)
    return attestering


@transaction.atomic
def attest_aterkalla(*, user, tu: Tjansteutlatande, kommentar: str = "") -> Attestrunda:
    """The handläggare takes the document back from attest, to change it before anyone else
    decides. The round ends as recalled, the approvals already given in it are voided, and
    whoever was waiting to attest is told (after commit) that they need not."""
    kommentar = validering.kommentar(kommentar)
    tu = las_arende(tu)
    remiss = tu.remiss
    apply_transition(user=user, remiss=remiss, action=Action.ATERKALLA, kommentar=kommentar)
    pagaende_rundor(tu)
    vantande: list[User] = []
    now = timezone.now()
    # Every chain of the sändning, the complete ones too: the document is taken back whole.
    for runda in aktiva_rundor(tu):
        tur = attestlage.nasta_tur(runda)
        if tur is not None:
            vantande.extend(mottagare_for_tur(tur))
        upphav_godkannanden(runda, user=user, orsak=ATERKALLAD_ORSAK, now=now)
        runda.status = Attestrunda.Status.ATERKALLAD
        runda.vantar_pa = None  # the round has ended (attestlage.vantar_pa_id)
        runda.avslutad_at = now
        save_tracked(runda, user=user, reason="Återkallad från attest av handläggaren")
    attestlage.glom(remiss)
    events.record(
        remiss,
        "attest_aterkallad",
        user=user,
        kommentar=kommentar,
        namn=user.get_full_name() or user.username,
    )
    notifieringar.aterkallad(
        remiss=remiss,
        mottagare=[u for u in vantande if u.pk != user.pk],
        handlaggare=user,
        kommentar=kommentar,
    )
    return runda


def innan_andring(*, user, tu: Tjansteutlatande, bekraftat: bool) -> None:
    """Called by every service that changes the document, inside its transaction.

    Outside the attest statuses it does nothing. In them, the change needs the user's
    explicit confirmation; then the attestations are voided, everyone concerned is told, and
    the remiss goes back to beredning.
    """
    if tu.remiss.status not in ATTEST_STATUSES:
        return
    if not bekraftat:
        raise KraverBekraftelse(tu.remiss.status)
    upphav_attest(user=user, tu=tu, orsak=UPPHAVD_ORSAK)


@transaction.atomic
def upphav_attest(
    *, user, tu: Tjansteutlatande, orsak: str, action: Action = Action.ATEROPPNA
) -> None:
    """Void the attestations of `tu` and supersede its final PDF; back to beredning.

    The final version made from the voided attestations is kept (a public record) but marked
    superseded, with who, when and why, so it is never served as final again
    (`remiss.selectors.gallande_slutversion`).

    `action` is the way back to beredning: ATEROPPNA, the handläggare's own step (the policy
    decides), or ATERREMITTERA, the system step taken when a nämnd sends the case back
    (`remiss.services.namndbehandling`; `user` is then whoever recorded the nämnd's beslut,
    or None). Both void exactly the same way.
    """
    # The caller's document keeps the remiss as it now reads (its status changes below).
    tu.remiss = remiss = las_arende(tu).remiss
    berorda: set[int] = set()
    now = timezone.now()
    for runda in aktiva_rundor(tu):  # every chain of the sändning
        berorda |= upphav_godkannanden(runda, user=user, orsak=orsak, now=now)
        tur = attestlage.nasta_tur(runda)
        if tur is not None:
            berorda |= {tur.attestant_id} | ersattare_for(tur.attestant_id)
        runda.status = Attestrunda.Status.UPPHAVD
        runda.vantar_pa = None  # the round has ended (attestlage.vantar_pa_id)
        runda.avslutad_at = now
        save_tracked(runda, user=user, reason=f"Attestrundan upphävdes: {orsak}")
    slutversion_upphav(user=user, tu=tu, orsak=orsak)
    if TRANSITIONS[action].system:
        byt_status(user=user, remiss=remiss, action=action)
    else:
        apply_transition(user=user, remiss=remiss, action=action)
    attestlage.glom(remiss)
    events.record(remiss, "attest_upphavd", user=user, orsak=orsak)
    if user is not None:
        berorda.discard(user.pk)
    notifieringar.attest_upphavd(
        remiss=remiss,
        mottagare=User.objects.filter(pk__in=berorda),
        # Only the handläggare's own edit is someone's change to the text.
        av=None if TRANSITIONS[action].system else user,
        orsak=orsak,
    )


def attest_markera_sedd(*, user, tu: Tjansteutlatande) -> None:
    """Remember the version an attestant has now read, for "what changed since" next time.

    A read receipt, not a change to the case: no history row and no timeline event.
    """
    SeddVersion.objects.update_or_create(
        user=user,
        tjansteutlatande=tu,
        defaults={"version": tu.version, "sedd_at": timezone.now()},
    )
