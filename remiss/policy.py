"""Who may do what to a remiss: one table, checked by every service and view.

A user may take an action when all three hold (for an action with several rules, of one of
them: AVSLUTA is the registrator's or the assigned handläggare's):

1. they hold the rule's **permission** (through their role's group, see `remiss.roles`);
2. they stand in the rule's **relation** to the remiss (anyone in the förvaltning, or the
   assigned handläggare);
3. the remiss is in one of the rule's **statuses** (for transitions: the transition's
   sources in `remiss.workflow`).

And before any of that, the remiss must be visible to them (`visible_remisser`); a remiss a
user may not see answers 404, never 403, so its existence does not leak. Actions missing from
the table are denied; so are the workflow's system transitions, which no user takes.

A joint document (`remiss.samverkan`): every förvaltning taking part sees the remiss as its
own case, in read. What the medverkande side may do is in the table too, as relations:

- the **kontaktperson** of a medverkande förvaltning edits the document like the handläggare
  (REDIGERA, and ATEROPPNA, which an edit in attest takes);
- the förvaltning's own **attest chain** attests (ATTESTANT: each chain's steps, in parallel);
- its **nämndsekreterare** anmäler the document to its own nämnd (ANMALA; the service checks
  that the sammanträde's nämnd is served by the sekreterare's förvaltning);
- its **registrator** registers the participation (REGISTRERA_MEDVERKAN, before they can see
  the remiss: the one rule about a remiss of another förvaltning) and may remove it again
  before any attest (TA_BORT_MEDVERKAN).

The case itself stays the registering förvaltning's: only its registrator corrects the
registration, reassigns, avskriver or closes it, and only the assigned handläggare starts the
beredning, sends the document for attest or recalls it.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from remiss import attestlage, roles, samverkan
from remiss.models import MedverkandeForvaltning, Remiss
from remiss.workflow import EDITABLE_STATUSES, OPEN_STATUSES, TRANSITIONS, Action, Status

ALL_STATUSES = frozenset(Status)


class Relation(StrEnum):
    FORVALTNING = "forvaltning"  # anyone who can see the remiss (every deltagare's people)
    REGISTRERANDE = "registrerande"  # of the förvaltning that registered it (its diarium)
    HANDLAGGARE = "handlaggare"  # the handläggare assigned to it
    KONTAKTPERSON = "kontaktperson"  # the handläggare or a medverkande's kontaktperson
    ATTESTANT = "attestant"  # whose turn it is to attest (or their deputy), never the author
    #: of a förvaltning that takes part or not yet: the only relation to a remiss the user
    #: cannot see (registering a participation)
    ANNAN_FORVALTNING = "annan_forvaltning"
    #: of a förvaltning taking part in a joint document (there is a medverkande förvaltning)
    SAMVERKAN = "samverkan"


@dataclass(frozen=True)
class Rule:
    permission: str
    relation: Relation = Relation.FORVALTNING
    #: None means "the statuses the workflow allows the transition from".
    statuses: frozenset[Status] | None = None

    def allowed_statuses(self, action: Action) -> frozenset[Status]:
        if self.statuses is not None:
            return self.statuses
        return TRANSITIONS[action].sources


R = Relation
#: Before the document goes for attest: a förvaltning may join the document, or leave it.
SAMVERKAN_STATUSES = frozenset({Status.REGISTRERAD, Status.UNDER_BEREDNING})
#: Action → its rule, or a tuple of rules of which one must hold.
POLICY: dict[Action, Rule | tuple[Rule, ...]] = {
    Action.VISA: Rule(roles.LASA, statuses=ALL_STATUSES),
    Action.REGISTRERA: Rule(roles.REGISTRERA, statuses=ALL_STATUSES),
    Action.ANDRA_UPPGIFTER: Rule(roles.REGISTRERA, R.REGISTRERANDE, statuses=OPEN_STATUSES),
    Action.TILLDELA: Rule(roles.REGISTRERA, R.REGISTRERANDE, statuses=OPEN_STATUSES),
    Action.PABORJA_BEREDNING: Rule(roles.HANDLAGGA, R.HANDLAGGARE),
    Action.REDIGERA: Rule(roles.HANDLAGGA, R.KONTAKTPERSON, statuses=EDITABLE_STATUSES),
    Action.SKICKA_TILL_ATTEST: Rule(roles.HANDLAGGA, R.HANDLAGGARE),
    Action.ATTESTERA: Rule(roles.ATTESTERA, R.ATTESTANT, statuses=frozenset({Status.FOR_ATTEST})),
    Action.RETURNERA: Rule(roles.ATTESTERA, R.ATTESTANT),
    Action.ATERKALLA: Rule(roles.HANDLAGGA, R.HANDLAGGARE),
    # SLUTATTESTERA is no one's to take: the last ATTESTERA leads to it (services.attestering).
    # An edit in attest reopens the document: whoever may edit it (REDIGERA) may reopen it.
    Action.ATEROPPNA: Rule(roles.HANDLAGGA, R.KONTAKTPERSON),
    # BESLUTA, EXPEDIERA and ATERREMITTERA are system transitions (workflow.SYSTEM_ACTIONS):
    # they follow from the nämnder's steps (nameden.arendekallor), so no user is granted them.
    Action.AVSKRIVA: Rule(roles.REGISTRERA, R.REGISTRERANDE),
    # Closing the answered (or avskriven) case: the diarium's or the case officer's step.
    Action.AVSLUTA: (
        Rule(roles.REGISTRERA, R.REGISTRERANDE),
        Rule(roles.HANDLAGGA, R.HANDLAGGARE),
    ),
    # Not a transition: the attested document goes on a nämnd's list, its status stays. Each
    # nämnd's own sekreterare (remiss.services.namnd checks the nämnd's förvaltning).
    Action.ANMALA: Rule(roles.SEKRETERARE, statuses=frozenset({Status.ATTESTERAD})),
    # Not transitions: a förvaltning joins the document in its own diarium, or leaves it
    # before any attest (remiss.services.samverkan checks "before any attest").
    Action.REGISTRERA_MEDVERKAN: Rule(
        roles.REGISTRERA, R.ANNAN_FORVALTNING, statuses=SAMVERKAN_STATUSES
    ),
    Action.TA_BORT_MEDVERKAN: Rule(roles.REGISTRERA, R.SAMVERKAN, statuses=SAMVERKAN_STATUSES),
}

#: The relations that hold for a remiss the user cannot see (yet).
UTAN_INSYN = frozenset({Relation.ANNAN_FORVALTNING})


def rules_for(action: Action) -> tuple[Rule, ...]:
    """The rules of `action` (none if it is missing from the table: then it is denied)."""
    rule = POLICY.get(action)
    if rule is None:
        return ()
    return rule if isinstance(rule, tuple) else (rule,)


def statuses_for(action: Action) -> frozenset[Status]:
    """Every status in which some rule of `action` may allow it."""
    return frozenset().union(*(rule.allowed_statuses(action) for rule in rules_for(action)))


def visible_remisser(user) -> QuerySet[Remiss]:
    """Every remiss `user` may see, if they may read at all: those of their own förvaltning,
    and those it takes part in as a medverkande förvaltning (one subquery, no duplicates)."""
    if not user.is_authenticated or not user.is_active:
        return Remiss.objects.none()
    if user.is_superuser:
        return Remiss.objects.all()
    if not user.has_perm(roles.LASA) or user.forvaltning_id is None:
        return Remiss.objects.none()
    medverkar = MedverkandeForvaltning.objects.filter(
        forvaltning_id=user.forvaltning_id, borttagen_at__isnull=True
    )
    return Remiss.objects.filter(
        Q(forvaltning_id=user.forvaltning_id) | Q(pk__in=medverkar.values("remiss_id"))
    )


def _i_samverkan(user, remiss: Remiss) -> bool:
    """Is the user's förvaltning one of those taking part? The registering förvaltning is
    answered without a query; a medverkande one reads the (cached) deltagare."""
    if user.forvaltning_id is None:
        return False
    if user.forvaltning_id == remiss.forvaltning_id:
        return True
    return user.forvaltning_id in samverkan.forvaltning_ids(remiss)


def can_see(user, remiss: Remiss) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.has_perm(roles.LASA) and _i_samverkan(user, remiss)


def _relation_holds(user, relation: Relation, remiss: Remiss) -> bool:
    if relation is Relation.FORVALTNING:
        return True
    if relation is Relation.REGISTRERANDE:
        return user.forvaltning_id is not None and user.forvaltning_id == remiss.forvaltning_id
    if relation is Relation.HANDLAGGARE:
        return remiss.handlaggare_id == user.pk
    if relation is Relation.KONTAKTPERSON:
        return remiss.handlaggare_id == user.pk or any(
            d.kontaktperson.pk == user.pk for d in samverkan.deltagare(remiss)
        )
    if relation is Relation.ATTESTANT:
        return attestlage.far_attestera(user, remiss)
    if relation is Relation.ANNAN_FORVALTNING:
        return user.forvaltning_id is not None and not _i_samverkan(user, remiss)
    if relation is Relation.SAMVERKAN:
        return _i_samverkan(user, remiss) and samverkan.ar_gemensam(remiss)
    raise AssertionError(f"unknown relation {relation!r}")


def _rule_allows(user, rule: Rule, action: Action, remiss: Remiss) -> bool:
    if not user.has_perm(rule.permission):
        return False
    if remiss.status not in rule.allowed_statuses(action):
        return False
    if user.is_superuser and rule.relation not in (Relation.ATTESTANT, *UTAN_INSYN):
        return True  # an administrator may act for a handläggare, but never attest for anyone
    return _relation_holds(user, rule.relation, remiss)


def allowed(user, action: Action, remiss: Remiss | None = None) -> bool:
    rules = rules_for(action)
    if not rules or not user.is_authenticated or not user.is_active:
        return False
    if remiss is None:
        # Only registration is about a remiss that does not exist yet.
        return (
            action is Action.REGISTRERA
            and any(user.has_perm(rule.permission) for rule in rules)
            and (user.is_superuser or user.forvaltning_id is not None)
        )
    if not can_see(user, remiss):
        # Only a relation to a remiss one cannot see yet (joining it) is asked without insyn.
        rules = tuple(rule for rule in rules if rule.relation in UTAN_INSYN)
    return any(_rule_allows(user, rule, action, remiss) for rule in rules)


def holds(user, permission: str) -> bool:
    """Does `user` hold `permission` through a role, as an active user (e.g. to know which
    parts of the start page concern them)? About no particular remiss: `allowed` is."""
    return user.is_authenticated and user.is_active and user.has_perm(permission)


def require(user, action: Action, remiss: Remiss | None = None) -> None:
    """Raise PermissionDenied with a Swedish message unless `allowed`."""
    if not allowed(user, action, remiss):
        raise PermissionDenied(f"Du får inte göra detta: {Action(action).label.lower()}.")


def allowed_actions(user, remiss: Remiss) -> frozenset[Action]:
    return frozenset(action for action in POLICY if allowed(user, action, remiss))
