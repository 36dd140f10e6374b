"""The steps every attest decision shares: find the open round, check what was read, record.

`remiss.services.attestering` (return, recall, void) and `remiss.services.attestgodkannande`
(approve) both decide on the current step of a round; what they have in common lives here, so
neither imports the other's internals. Every function here runs inside its caller's
transaction, after the caller has locked the case (`las_arende`): the `select_for_update`s
below then only queue behind that lock.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from nameden.historik import save_tracked
from remiss import attestlage
from remiss.fingeravtryck import FORMAT as FINGERAVTRYCK_FORMAT
from remiss.fingeravtryck import fingeravtryck as fingeravtryck_av
from remiss.models import Attestering, Attestrunda, Tjansteutlatande


class InnehalletAndrat(ValidationError):
    """The document changed between the attestant reading it and deciding: nothing is
    recorded, so no one approves (or returns) a text they have not seen."""

    def __init__(self):
        super().__init__(
            "Tjänsteutlåtandet har ändrats sedan du öppnade det. Läs det som det ser ut nu "
            "och fatta ditt beslut igen."
        )


def som_last(dokument, sett_fingeravtryck: str | None) -> str:
    """The document's fingerprint now; InnehalletAndrat unless it is the one the attestant
    read (`sett_fingeravtryck`, from the attest page). None: a caller with no page (the demo,
    an import) that decides on the content as it reads now."""
    fingeravtryck = fingeravtryck_av(dokument)
    if sett_fingeravtryck is not None and sett_fingeravtryck != fingeravtryck:
        raise InnehalletAndrat()
    return fingeravtryck


def pagaende_rundor(tu: Tjansteutlatande) -> list[Attestrunda]:
    """The rounds of `tu` still waiting for a decision, locked; ValidationError if none."""
    rundor = list(
        Attestrunda.objects.select_for_update()
        .filter(tjansteutlatande=tu, status=Attestrunda.Status.PAGAR)
        .order_by("id")
    )
    if not rundor:
        raise ValidationError("Utlåtandet väntar inte på attest.")
    return rundor


def runda_for(user, tu: Tjansteutlatande, pagaende: list[Attestrunda]) -> Attestrunda:
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


def aktiva_rundor(tu: Tjansteutlatande) -> list[Attestrunda]:
    """Every round of `tu` that is waiting or complete (the current sändning's), locked."""
    return list(
        Attestrunda.objects.select_for_update()
        .filter(
            tjansteutlatande=tu,
            status__in=[Attestrunda.Status.PAGAR, Attestrunda.Status.KLAR],
        )
        .order_by("id")
    )


def upphav_godkannanden(runda: Attestrunda, *, user, orsak: str, now) -> set[int]:
    """Void the valid approvals of `runda`; the attestants concerned."""
    berorda = set()
    for attestering in runda.attesteringar.filter(ogiltig_at__isnull=True):
        attestering.ogiltig_at = now
        attestering.ogiltig_orsak = orsak
        save_tracked(attestering, user=user, reason=f"Attesten upphävdes: {orsak}")
        berorda.add(attestering.attestant_id)
    return berorda


def besluta(
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
