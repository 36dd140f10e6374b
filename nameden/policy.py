"""Who may do what on the committee side: one table, checked by every service and view.

A user may take an action on a sammanträde when all three hold:

1. they hold the rule's **permission** (through their role's group, see `nameden.roles`);
2. their förvaltning **serves the nämnd** (`Namnd.forvaltning`): the only relation there is;
3. the sammanträde is in one of the rule's **statuses** (for transitions: the transition's
   sources in `nameden.workflow`).

Before any of that the sammanträde must be visible to them (`visible_sammantraden`); one a
user may not see answers 404, never 403. Actions missing from the table are denied, and so
is the workflow's system transition (justering), which the protokoll slice will take.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from nameden import roles
from nameden.models import Namnd, Sammantrade
from nameden.workflow import (
    KOMMANDE_STATUSES,
    TRANSITIONS,
    Action,
    Status,
    TransitionNotAllowed,
)

ALL_STATUSES = frozenset(Status)


@dataclass(frozen=True)
class Rule:
    permission: str
    #: None means "the statuses the workflow allows the transition from".
    statuses: frozenset[Status] | None = None

    def allowed_statuses(self, action: Action) -> frozenset[Status]:
        if self.statuses is not None:
            return self.statuses
        return TRANSITIONS[action].sources


POLICY: dict[Action, Rule] = {
    Action.VISA: Rule(roles.LASA_NAMND, statuses=ALL_STATUSES),
    Action.SKAPA: Rule(roles.SEKRETERARE_NAMND, statuses=ALL_STATUSES),
    Action.ANDRA: Rule(roles.SEKRETERARE_NAMND, statuses=KOMMANDE_STATUSES),
    Action.ANDRA_LISTA: Rule(roles.SEKRETERARE_NAMND, statuses=KOMMANDE_STATUSES),
    Action.KALLA: Rule(roles.SEKRETERARE_NAMND),
    Action.GENOMFORA: Rule(roles.SEKRETERARE_NAMND),
    # JUSTERA is a system transition (workflow.TRANSITIONS): the protokoll slice takes it.
}


def _aktiv(user) -> bool:
    return user.is_authenticated and user.is_active


def betjanade_namnder(user) -> QuerySet[Namnd]:
    """The nämnder whose sammanträden `user` may read: those their förvaltning serves."""
    if not _aktiv(user):
        return Namnd.objects.none()
    if user.is_superuser:
        return Namnd.objects.all()
    if not user.has_perm(roles.LASA_NAMND) or user.forvaltning_id is None:
        return Namnd.objects.none()
    return Namnd.objects.filter(forvaltning_id=user.forvaltning_id)


def visible_sammantraden(user) -> QuerySet[Sammantrade]:
    """Every sammanträde `user` may see: those of the nämnder their förvaltning serves."""
    if not _aktiv(user):
        return Sammantrade.objects.none()
    if user.is_superuser:
        return Sammantrade.objects.all()
    if not user.has_perm(roles.LASA_NAMND) or user.forvaltning_id is None:
        return Sammantrade.objects.none()
    return Sammantrade.objects.filter(namnd__forvaltning_id=user.forvaltning_id)


def serverar(user, namnd: Namnd) -> bool:
    """Does `user`'s förvaltning serve `namnd` (or is the user an administrator)?"""
    return user.is_superuser or (
        user.forvaltning_id is not None and user.forvaltning_id == namnd.forvaltning_id
    )


def can_see(user, sammantrade: Sammantrade) -> bool:
    if not _aktiv(user):
        return False
    return user.has_perm(roles.LASA_NAMND) and serverar(user, sammantrade.namnd)


def _behorig(user, action: Action, sammantrade, namnd) -> bool:
    """Permission and relation, whatever the status."""
    rule = POLICY.get(action)
    if rule is None or not _aktiv(user) or not user.has_perm(rule.permission):
        return False
    if (action is Action.SKAPA) != (sammantrade is None):
        return False  # SKAPA is about a sammanträde that does not exist yet, and only it
    if sammantrade is None:
        if namnd is None:
            return user.is_superuser or user.forvaltning_id is not None
        return user.has_perm(roles.LASA_NAMND) and serverar(user, namnd)
    return can_see(user, sammantrade)


def _i_ratt_status(action: Action, sammantrade) -> bool:
    return sammantrade is None or sammantrade.status in POLICY[action].allowed_statuses(action)


def allowed(
    user, action: Action, sammantrade: Sammantrade | None = None, *, namnd: Namnd | None = None
) -> bool:
    """May `user` take `action` on `sammantrade` now (SKAPA: on a new one of `namnd`; with
    neither, SKAPA asks whether they may create one at all, e.g. for a button)?"""
    return _behorig(user, action, sammantrade, namnd) and _i_ratt_status(action, sammantrade)


def holds(user, permission: str) -> bool:
    """Does `user` hold `permission` through a role, as an active user (e.g. for the menu)?"""
    return _aktiv(user) and user.has_perm(permission)


def require(
    user, action: Action, sammantrade: Sammantrade | None = None, *, namnd: Namnd | None = None
) -> None:
    """Raise unless `allowed`: PermissionDenied (Swedish) when the user may not take the
    action at all, TransitionNotAllowed when only the sammanträde's status stands in the way
    (a stale button then explains itself instead of answering 403)."""
    if not _behorig(user, action, sammantrade, namnd):
        raise PermissionDenied(f"Du får inte göra detta: {Action(action).label.lower()}.")
    if not _i_ratt_status(action, sammantrade):
        raise TransitionNotAllowed(action, sammantrade.status)


def allowed_actions(user, sammantrade: Sammantrade) -> frozenset[Action]:
    return frozenset(action for action in POLICY if allowed(user, action, sammantrade))
