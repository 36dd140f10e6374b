"""Status transitions of a remiss, one service function per transition in `remiss.workflow`."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from remiss import events, policy
from remiss.models import Dokumentmall, Remiss
from remiss.services.historik import save_tracked
from remiss.services.tjansteutlatande import tjansteutlatande_skapa
from remiss.workflow import Action, Status, target_of


def _lock(remiss: Remiss) -> Remiss:
    """Re-read the remiss under a row lock, so that two transitions cannot both pass."""
    return Remiss.objects.select_for_update().select_related("forvaltning").get(pk=remiss.pk)


def apply_transition(*, user, remiss: Remiss, action: Action, kommentar: str = "") -> Remiss:
    """Move a locked remiss along `action`; the caller holds the transaction.

    The order of checks gives the clearest message: a remiss the user cannot see is
    "forbidden", a transition that does not exist from this status says so, and only then
    does the role or relation decide.
    """
    if not policy.can_see(user, remiss):
        raise PermissionDenied("Du får inte se den här remissen.")
    fran = Status(remiss.status)
    till = target_of(action, fran)
    policy.require(user, action, remiss)
    remiss.status = till
    save_tracked(remiss, user=user, reason=f"{Action(action).label}: {fran.label} → {till.label}")
    events.record(
        remiss, "status", user=user, kommentar=kommentar, fran=fran.label, till=till.label
    )
    return remiss


@transaction.atomic
def remiss_paborja_beredning(*, user, remiss: Remiss, mall: Dokumentmall) -> Remiss:
    """Start drafting: the tjänsteutlåtande is created from `mall`."""
    remiss = _lock(remiss)
    apply_transition(user=user, remiss=remiss, action=Action.PABORJA_BEREDNING)
    tjansteutlatande_skapa(user=user, remiss=remiss, mall=mall)
    events.record(remiss, "beredning_paborjad", user=user, mall=mall.namn)
    return remiss


@transaction.atomic
def remiss_avskriva(*, user, remiss: Remiss, kommentar: str) -> Remiss:
    """Close a remiss without answering it; the reason is required and kept in the timeline."""
    if not kommentar.strip():
        raise ValidationError({"kommentar": "Skriv varför remissen avskrivs."})
    remiss = _lock(remiss)
    return apply_transition(
        user=user, remiss=remiss, action=Action.AVSKRIVA, kommentar=kommentar.strip()
    )


@transaction.atomic
def remiss_besluta(*, user, remiss: Remiss, kommentar: str = "") -> Remiss:
    remiss = _lock(remiss)
    return apply_transition(user=user, remiss=remiss, action=Action.BESLUTA, kommentar=kommentar)


@transaction.atomic
def remiss_expediera(*, user, remiss: Remiss, kommentar: str = "") -> Remiss:
    remiss = _lock(remiss)
    return apply_transition(user=user, remiss=remiss, action=Action.EXPEDIERA, kommentar=kommentar)


@transaction.atomic
def remiss_avsluta(*, user, remiss: Remiss, kommentar: str = "") -> Remiss:
    remiss = _lock(remiss)
    return apply_transition(user=user, remiss=remiss, action=Action.AVSLUTA, kommentar=kommentar)
