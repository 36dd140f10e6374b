"""Reading the attestation state of a tjänsteutlåtande: whose turn, and is it still valid.

Nothing here writes. "Attested" is always computed against the current content: an approval
counts only while its fingerprint equals the fingerprint of the document as it reads now.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from nameden.models import User
from remiss.attestkedja import ROLLER, ersattare_for
from remiss.dokument import AttestRad
from remiss.fingeravtryck import fingeravtryck_for
from remiss.models import Attestering, Attestrunda, Remiss, Tjansteutlatande

ROLL_ETIKETT = {roll: label.capitalize() for roll, (label, _) in ROLLER.items()}

_CACHE = "_attestlage_runda"


def rundor():
    return Attestrunda.objects.prefetch_related(
        Prefetch("attesteringar", queryset=Attestering.objects.order_by("steg"))
    )


def aktiv_runda(remiss: Remiss) -> Attestrunda | None:
    """The round in progress for `remiss`, if any (cached on the instance for one request)."""
    if not hasattr(remiss, _CACHE):
        runda = (
            rundor()
            .filter(tjansteutlatande__remiss=remiss, status=Attestrunda.Status.PAGAR)
            .first()
        )
        setattr(remiss, _CACHE, runda)
    return getattr(remiss, _CACHE)


def glom(remiss: Remiss) -> None:
    """Forget the cached round, after a service changed it."""
    if hasattr(remiss, _CACHE):
        delattr(remiss, _CACHE)


@dataclass(frozen=True)
class Tur:
    """Whose turn it is in a round: step number (1-based), role and designated person."""

    steg: int
    roll: str
    attestant_id: int
    sista: bool


def nasta_tur(runda: Attestrunda) -> Tur | None:
    beslutade = len(runda.attesteringar.all())
    if runda.status != Attestrunda.Status.PAGAR or beslutade >= len(runda.kedja):
        return None
    step = runda.kedja[beslutade]
    return Tur(
        steg=beslutade + 1,
        roll=step["roll"],
        attestant_id=step["attestant_id"],
        sista=beslutade + 1 == len(runda.kedja),
    )


def far_attestera(user, remiss: Remiss) -> bool:
    """May `user` decide the current step? Designated or deputy; never the author; never twice."""
    runda = aktiv_runda(remiss)
    tur = nasta_tur(runda) if runda else None
    if tur is None:
        return False
    if user.pk in (remiss.handlaggare_id, runda.skickad_av_id):
        return False
    if any(user.pk in (a.attestant_id, a.i_stallet_for_id) for a in runda.attesteringar.all()):
        return False
    return user.pk == tur.attestant_id or user.pk in ersattare_for(tur.attestant_id)


def senaste_klara_runda(tu: Tjansteutlatande) -> Attestrunda | None:
    return rundor().filter(tjansteutlatande=tu, status=Attestrunda.Status.KLAR).first()


def giltiga_attester(tu: Tjansteutlatande, *, fingeravtryck: str | None = None) -> list[AttestRad]:
    """The "Attesterat av" lines, newest first, or [] unless the document is attested now."""
    runda = senaste_klara_runda(tu)
    if runda is None:
        return []
    current = fingeravtryck or fingeravtryck_for(tu)
    godkanda = [a for a in runda.attesteringar.all() if a.beslut == Attestering.Beslut.GODKAND]
    if len(godkanda) != len(runda.kedja) or any(
        a.ogiltig_at is not None or a.fingeravtryck != current for a in godkanda
    ):
        return []
    rader = sorted(godkanda, key=lambda a: (a.tidpunkt, a.steg), reverse=True)
    return [AttestRad(namn=a.namn, titel=a.titel, datum=a.tidpunkt.date()) for a in rader]


def ar_attesterad(tu: Tjansteutlatande) -> bool:
    return bool(giltiga_attester(tu))


# --- The attestant's inbox and the chain as shown on a page ------------------------------------


@dataclass(frozen=True)
class KedjeSteg:
    steg: int
    roll: str
    attestant: str
    status: str  # "godkand", "returnerad", "vantar", "kommande", "ogiltig"
    attestering: Attestering | None


def kedjestatus(runda: Attestrunda) -> list[KedjeSteg]:
    """Each step of a round: who, and what happened (for the case and attest pages)."""
    personer = {
        u.pk: u for u in User.objects.filter(pk__in=[s["attestant_id"] for s in runda.kedja])
    }
    beslut = {a.steg: a for a in runda.attesteringar.all()}
    tur = nasta_tur(runda)
    steg_list = []
    for i, step in enumerate(runda.kedja, start=1):
        attestering = beslut.get(i)
        if attestering is not None:
            status = "ogiltig" if attestering.ogiltig_at else attestering.beslut
        elif tur is not None and tur.steg == i:
            status = "vantar"
        else:
            status = "kommande"
        person = personer.get(step["attestant_id"])
        steg_list.append(
            KedjeSteg(
                steg=i,
                roll=ROLL_ETIKETT.get(step["roll"], step["roll"]),
                attestant=str(person) if person else "–",
                status=status,
                attestering=attestering,
            )
        )
    return steg_list


def senaste_runda(tu: Tjansteutlatande) -> Attestrunda | None:
    return rundor().filter(tjansteutlatande=tu).first()
