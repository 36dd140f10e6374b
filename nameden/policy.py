"""Who may do what on the committee side: one table, checked by every service and view.

A user may take an action on a sammanträde when all three hold:

1. they hold the rule's **permission** (through their role's group, see `nameden.roles`);
2. their förvaltning **serves the nämnd** (`Namnd.forvaltning`): the only relation there is;
3. the sammanträde is in one of the rule's **statuses** (for transitions: the transition's
   sources in `nameden.workflow`).

Before any of that the sammanträde must be visible to them (`visible_sammantraden`); one a
user may not see answers 404, never 403. Actions missing from the table are denied, and so
is the workflow's system transition (justering), which the protokoll slice will take.

The förtroendevalda are the second relation: a user whose `fortroendevald` holds an
`Uppdrag` in the nämnd covering the meeting's day sees that sammanträde (its handlingar and
its protokoll) without belonging to a förvaltning. `Action.JUSTERA_PROTOKOLL` also needs the
third: the user is this protokoll's ordförande or one of its justerare (`_justerar`).

Over both stands the **kommun**: a user belongs to their avdelning's förvaltning's kommun
(`User.kommun_id`), and nothing of another kommun is visible to them, whatever relation they
hold (an uppdrag in another kommun's nämnd, say, when one installation serves several). A
förvaltning is in one kommun, so the first relation stays inside it by itself; the second is
limited explicitly (`_i_egen_kommun`). Administrators see every kommun.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from nameden import roles
from nameden.models import Avdelning, Kommun, Namnd, Protokoll, Sammantrade, Uppdrag
from nameden.workflow import (
    KOMMANDE_STATUSES,
    PROTOKOLL_STATUSES,
    TRANSITIONS,
    UTSKICK_STATUSES,
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
    Action.BYGGA_HANDLINGAR: Rule(
        roles.SEKRETERARE_NAMND, statuses=KOMMANDE_STATUSES | {Status.GENOMFORT}
    ),
    Action.PROTOKOLLFORA: Rule(roles.SEKRETERARE_NAMND, statuses=PROTOKOLL_STATUSES),
    # Omedelbar justering happens at the meeting (kallat); the whole protokoll is justerat
    # after it, which the system transition JUSTERA (from genomfört) enforces as well.
    # Relation: the protokoll's ordförande or justerare (`_justerar`).
    Action.JUSTERA_PROTOKOLL: Rule(roles.JUSTERA_PROTOKOLL, statuses=PROTOKOLL_STATUSES),
    Action.ANSLA: Rule(roles.SEKRETERARE_NAMND, statuses=frozenset({Status.JUSTERAT})),
    Action.TA_UT_UTDRAG: Rule(roles.SEKRETERARE_NAMND, statuses=UTSKICK_STATUSES),
    Action.EXPEDIERA: Rule(roles.SEKRETERARE_NAMND, statuses=UTSKICK_STATUSES),
    # JUSTERA is a system transition (workflow.TRANSITIONS): the protokoll slice takes it.
}


def _aktiv(user) -> bool:
    return user.is_authenticated and user.is_active


def _egen_kommun(user) -> Subquery:
    """The user's kommun as a subquery, so that a filter on it costs no query of its own
    (the request's user is loaded without its avdelning)."""
    return Subquery(
        Avdelning.objects.filter(pk=user.avdelning_id).values("forvaltning__kommun_id")[:1]
    )


def _i_egen_kommun(user, namnd_kommun: str = "namnd__kommun_id") -> Q:
    """Rows whose nämnd is in the user's kommun; no limit for a user in no kommun (a
    förtroendevald without an avdelning is placed by their uppdrag alone)."""
    if user.avdelning_id is None:
        return Q()
    return Q(**{namnd_kommun: _egen_kommun(user)})


def synliga_kommuner(user) -> QuerySet[Kommun]:
    """The kommuner `user` may see anything of: their own; every one for an administrator;
    for a förtroendevald without an avdelning, those of the nämnder they hold uppdrag in."""
    if not _aktiv(user):
        return Kommun.objects.none()
    if user.is_superuser:
        return Kommun.objects.all()
    if user.avdelning_id is not None:
        return Kommun.objects.filter(pk=_egen_kommun(user))
    return Kommun.objects.filter(namnder__uppdrag__fortroendevald__user_id=user.pk).distinct()


def betjanade_namnder(user) -> QuerySet[Namnd]:
    """The nämnder whose sammanträden `user` may read: those their förvaltning serves."""
    if not _aktiv(user):
        return Namnd.objects.none()
    if user.is_superuser:
        return Namnd.objects.all()
    if not user.has_perm(roles.LASA_NAMND) or user.forvaltning_id is None:
        return Namnd.objects.none()
    return Namnd.objects.filter(forvaltning_id=user.forvaltning_id)


def _uppdrag_vid_motet(user) -> QuerySet[Uppdrag]:
    """The user's own uppdrag in the outer sammanträde's nämnd, covering its day."""
    return Uppdrag.objects.filter(
        namnd_id=OuterRef("namnd_id"),
        fortroendevald__user_id=user.pk,
        fran__lte=OuterRef("datum"),
        till__gte=OuterRef("datum"),
    )


def visible_sammantraden(user) -> QuerySet[Sammantrade]:
    """Every sammanträde `user` may see: those of the nämnder their förvaltning serves, and
    those of a nämnd in which they held an uppdrag on the meeting's day. One query."""
    if not _aktiv(user):
        return Sammantrade.objects.none()
    if user.is_superuser:
        return Sammantrade.objects.all()
    if not user.has_perm(roles.LASA_NAMND):
        return Sammantrade.objects.none()
    villkor = Q(Exists(_uppdrag_vid_motet(user))) & _i_egen_kommun(user)
    if user.forvaltning_id is not None:
        villkor |= Q(namnd__forvaltning_id=user.forvaltning_id)
    return Sammantrade.objects.filter(villkor)


def serverar(user, namnd: Namnd) -> bool:
    """Does `user`'s förvaltning serve `namnd` (or is the user an administrator)?"""
    return user.is_superuser or (
        user.forvaltning_id is not None and user.forvaltning_id == namnd.forvaltning_id
    )


def _fraga(user, sammantrade: Sammantrade, namn: str, fraga) -> bool:
    """A relation's answer, asked once per user and sammanträde object (a page asks
    `allowed` for every action of the table)."""
    svar = sammantrade.__dict__.setdefault("_policy_relationer", {})
    nyckel = (namn, user.pk)
    if nyckel not in svar:
        svar[nyckel] = fraga()
    return svar[nyckel]


def ledamot_vid(user, sammantrade: Sammantrade) -> bool:
    """Did `user`, as a förtroendevald, hold an uppdrag in the nämnd on the meeting's day?"""
    return _fraga(
        user,
        sammantrade,
        "ledamot",
        lambda: Uppdrag.objects.filter(
            _i_egen_kommun(user),
            namnd_id=sammantrade.namnd_id,
            fortroendevald__user_id=user.pk,
            fran__lte=sammantrade.datum,
            till__gte=sammantrade.datum,
        ).exists(),
    )


def _justerar(user, sammantrade: Sammantrade) -> bool:
    """Is `user` this sammanträde's protokoll's ordförande or one of its justerare?"""
    return _fraga(
        user,
        sammantrade,
        "justerar",
        lambda: (
            Protokoll.objects.filter(sammantrade_id=sammantrade.pk)
            .filter(Q(ordforande__user_id=user.pk) | Q(justerare__user_id=user.pk))
            .exists()
        ),
    )


def can_see(user, sammantrade: Sammantrade) -> bool:
    if not _aktiv(user) or not user.has_perm(roles.LASA_NAMND):
        return False
    return serverar(user, sammantrade.namnd) or ledamot_vid(user, sammantrade)


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
    if action is Action.JUSTERA_PROTOKOLL and not _justerar(user, sammantrade):
        return False
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


# --- Sekretess: the read log --------------------------------------------------------------


def far_se_lasloggen(user) -> bool:
    """May `user` open the read log of secret handlingar (`/sekretess/lasloggen/`)? An
    avdelningschef or förvaltningschef, for their förvaltning's handlingar, or an
    administrator. The page (`nameden.views.sekretess.lasningar_for`) and the menu ask here."""
    from nameden.sekretess import CHEFSROLLER, har_roll

    if not _aktiv(user):
        return False
    return user.is_superuser or (user.forvaltning_id is not None and har_roll(user, *CHEFSROLLER))
