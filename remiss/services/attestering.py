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
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.models import User
from remiss import attestlage, events, notifieringar, policy, validering
from remiss.attestkedja import ersattare_for
from remiss.dokument import dokument_for
from remiss.fingeravtryck import FORMAT as FINGERAVTRYCK_FORMAT
from remiss.fingeravtryck import fingeravtryck as fingeravtryck_av
from remiss.fingeravtryck import stammer
from remiss.models import Attestering, Attestrunda, SeddVersion, Tjansteutlatande
from remiss.services.attestsandning import attest_skicka, mottagare_for_tur
from remiss.services.las import las_arende
from remiss.services.overgang import apply_transition, byt_status
from remiss.services.slutversion import (
    Forrendering,
    forrendera_sista_godkannande,
    slutversion_skapa,
    slutversion_upphav,
)
from remiss.workflow import ATTEST_STATUSES, TRANSITIONS, Action

UPPHAVD_ORSAK = "innehållet ändrades efter attest"
ATERKALLAD_ORSAK = "handläggaren återkallade utlåtandet från attest"

#: `attest_skicka` lives in `remiss.services.attestsandning` and is re-exported here, with the
#: decisions, for every caller.
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


def _pagaende(tu: Tjansteutlatande) -> list[Attestrunda]:
    """The rounds of `tu` still waiting for a decision, locked; ValidationError if none."""
    rundor = list(
        Attestrunda.objects.select_for_update()
        .filter(tjansteutlatande=tu, status=Attestrunda.Status.PAGAR)
        .order_by("id")
    )
    if not rundor:
        raise ValidationError("Utlåtandet väntar inte på attest.")
    return rundor


def _runda_for(user, tu: Tjansteutlatande, pagaende: list[Attestrunda]) -> Attestrunda:
    """The open round whose current step `user` may decide (the policy already said one is):
    in a joint document, the first chain in which it is their turn."""
    if len(pagaende) == 1:
        return pagaende[0]
    mojliga = set(
        attestlage.vantande_rundor(user)
        .filter(pk__in=[r.pk for r in pagaende])
        .values_list("pk", flat=True)
    )
    return next(r for r in pagaende if r.pk in mojliga)


def _aktiva(tu: Tjansteutlatande) -> list[Attestrunda]:
    """Every round of `tu` that is waiting or complete (the current sändning's), locked."""
    return list(
        Attestrunda.objects.select_for_update()
        .filter(
            tjansteutlatande=tu,
            status__in=[Attestrunda.Status.PAGAR, Attestrunda.Status.KLAR],
        )
        .order_by("id")
    )


def _upphav_godkannanden(runda: Attestrunda, *, user, orsak: str, now) -> set[int]:
    """Void the valid approvals of `runda`; the attestants concerned."""
    berorda = set()
    for attestering in runda.attesteringar.filter(ogiltig_at__isnull=True):
        attestering.ogiltig_at = now
        attestering.ogiltig_orsak = orsak
        save_tracked(attestering, user=user, reason=f"Attesten upphävdes: {orsak}")
        berorda.add(attestering.attestant_id)
    return berorda


class InnehalletAndrat(ValidationError):
    """The document changed between the attestant reading it and deciding: nothing is
    recorded, so no one approves (or returns) a text they have not seen."""

    def __init__(self):
        super().__init__(
            "Tjänsteutlåtandet har ändrats sedan du öppnade det. Läs det som det ser ut nu "
            "och fatta ditt beslut igen."
        )


def _som_last(dokument, sett_fingeravtryck: str | None) -> str:
    """The document's fingerprint now; InnehalletAndrat unless it is the one the attestant
    read (`sett_fingeravtryck`, from the attest page). None: a caller with no page (the demo,
    an import) that decides on the content as it reads now."""
    fingeravtryck = fingeravtryck_av(dokument)
    if sett_fingeravtryck is not None and sett_fingeravtryck != fingeravtryck:
        raise InnehalletAndrat()
    return fingeravtryck


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
    pagaende = _pagaende(tu)
    policy.require(user, Action.ATTESTERA, remiss)
    runda = _runda_for(user, tu, pagaende)
    tur = attestlage.nasta_tur(runda)
    dokument = dokument_for(tu)
    fingeravtryck = _som_last(dokument, sett_fingeravtryck)
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
    attestering = _besluta(
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


def _besluta(
    *,
    user,
    tu: Tjansteutlatande,
    runda: Attestrunda,
    beslut: str,
    fingeravtryck: str,
    kommentar: str = "",
    tidpunkt: dt.datetime | None = None,
) -> Attestering:
    """Record `user`'s decision on the current step: who, titel now, when, and what content."""
    tur = attestlage.nasta_tur(runda)
    attestering = Attestering(
        runda=runda,
        steg=tur.steg,
        roll=tur.roll,
        attestant=user,
        i_stallet_for_id=None if user.pk == tur.attestant_id else tur.attestant_id,
        namn=user.get_full_name() or user.username,
        titel=user.titel,
        beslut=beslut,
        kommentar=kommentar,
        tidpunkt=tidpunkt or timezone.now(),
        fingeravtryck=fingeravtryck,
        fingeravtryck_format=FINGERAVTRYCK_FORMAT,
        version=tu.version,
    )
    save_tracked(
        attestering, user=user, reason=f"{Attestering.Beslut(beslut).label} i steg {tur.steg}"
    )
    return attestering


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
    pagaende = _pagaende(tu)
    policy.require(user, Action.RETURNERA, remiss)
    runda = _runda_for(user, tu, pagaende)
    attestering = _besluta(
        user=user,
        tu=tu,
        runda=runda,
        beslut=Attestering.Beslut.RETURNERAD,
        fingeravtryck=_som_last(dokument_for(tu), sett_fingeravtryck),
        kommentar=kommentar,
    )
    runda.status = Attestrunda.Status.RETURNERAD
    runda.vantar_pa = None  # the round has ended (attestlage.vantar_pa_id)
    runda.avslutad_at = attestering.tidpunkt
    save_tracked(runda, user=user, reason="Returnerad till handläggaren")
    # A return in one chain ends the others: the document goes back to beredning, and
    # their approvals are of a text that is going to change.
    orsak = f"{attestering.namn} returnerade utlåtandet"
    for annan in _aktiva(tu):
        _upphav_godkannanden(annan, user=user, orsak=orsak, now=attestering.tidpunkt)
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
    _pagaende(tu)
    vantande: list[User] = []
    now = timezone.now()
    # Every chain of the sändning, the complete ones too: the document is taken back whole.
    for runda in _aktiva(tu):
        tur = attestlage.nasta_tur(runda)
        if tur is not None:
            vantande.extend(mottagare_for_tur(tur))
        _upphav_godkannanden(runda, user=user, orsak=ATERKALLAD_ORSAK, now=now)
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
    for runda in _aktiva(tu):  # every chain of the sändning
        berorda |= _upphav_godkannanden(runda, user=user, orsak=orsak, now=now)
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
