"""The core of every status change: lock, check, move, record.

Kept apart from the transition services so that services of every kind (attest, editing)
can move a remiss without importing each other.
"""

from django.core.exceptions import PermissionDenied

from nameden.historik import save_tracked
from remiss import events, policy
from remiss.models import Remiss
from remiss.workflow import Action, Status, target_of


def apply_transition(*, user, remiss: Remiss, action: Action, kommentar: str = "") -> Remiss:
    """Move a remiss locked by `las_arende` along `action`; the caller holds the transaction.

    The order of checks gives the clearest message: a remiss the user cannot see is
    "forbidden", a transition that does not exist from this status says so, and only then
    does the role or relation decide.
    """
    if not policy.can_see(user, remiss):
        raise PermissionDenied("Du får inte se den här remissen.")
    target_of(action, remiss.status)
    policy.require(user, action, remiss)
    return byt_status(user=user, remiss=remiss, action=action, kommentar=kommentar)


def byt_status(*, user, remiss: Remiss, action: Action, kommentar: str = "") -> Remiss:
    """Record the transition `action` on a locked remiss whose policy check already passed.

    Only for a transition that is the consequence of an action checked by the caller (the
    last approval makes the document attested); everything else calls `apply_transition`.
    """
    fran = Status(remiss.status)
    till = target_of(action, fran)
    remiss.status = till
    save_tracked(remiss, user=user, reason=f"{Action(action).label}: {fran.label} → {till.label}")
    events.record(
        remiss, "status", user=user, kommentar=kommentar, fran=fran.label, till=till.label
    )
    return remiss
