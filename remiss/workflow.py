"""The remiss statuses and every allowed transition, as one table.

Read it top to bottom: an action moves a remiss from one of its `sources` to its `target`.
Who may perform an action lives in `remiss.policy`; how it is carried out lives in the service
functions (`remiss.services`), each of which calls `apply_transition` from here.

A **system** transition is granted to no user: it follows from what the answering nämnder
have done, which the committee side reports through `nameden.arendekallor` (each nämnd's
beslut and expediering, recorded per nämnd by `remiss.services.namndbehandling`). The remiss
is beslutad when every answering nämnd has decided, besvarad when every decision is
expedierad, and back under beredning when a nämnd återremitterar it. Closing (AVSLUTA) is the
registrator's or the handläggare's own step.
"""

from django.db import models

from nameden import overgangar
from nameden.overgangar import Transition, system_actions, tabell


class Status(models.TextChoices):
    REGISTRERAD = "registrerad", "Registrerad"
    UNDER_BEREDNING = "under_beredning", "Under beredning"
    FOR_ATTEST = "for_attest", "För attest"
    ATTESTERAD = "attesterad", "Attesterad"
    BESLUTAD = "beslutad", "Beslutad"
    BESVARAD = "besvarad", "Besvarad"
    AVSLUTAD = "avslutad", "Avslutad"
    AVSKRIVEN = "avskriven", "Avskriven"


class Action(models.TextChoices):
    """Everything a user can do to a remiss; transitions and plain edits alike."""

    VISA = "visa", "Visa remissen"
    REGISTRERA = "registrera", "Registrera remiss"
    ANDRA_UPPGIFTER = "andra_uppgifter", "Ändra registreringsuppgifter"
    TILLDELA = "tilldela", "Byt handläggare"
    PABORJA_BEREDNING = "paborja_beredning", "Påbörja beredning"
    REDIGERA = "redigera", "Redigera tjänsteutlåtandet"
    SKICKA_TILL_ATTEST = "skicka_till_attest", "Skicka till attest"
    ATTESTERA = "attestera", "Attestera"
    RETURNERA = "returnera", "Returnera till handläggaren"
    ATERKALLA = "aterkalla", "Återkalla från attest"
    SLUTATTESTERA = "slutattestera", "Slutattestera"
    ATEROPPNA = "ateroppna", "Återöppna för ändring"
    BESLUTA = "besluta", "Registrera nämndens beslut"
    EXPEDIERA = "expediera", "Expediera svaret"
    ATERREMITTERA = "aterremittera", "Återremittera till förvaltningen"
    AVSLUTA = "avsluta", "Avsluta ärendet"
    AVSKRIVA = "avskriva", "Avskriv remissen"
    #: Not a transition: the case stays attesterad while the nämnd handles it.
    ANMALA = "anmala", "Anmäl till sammanträde"
    #: Not transitions: another förvaltning joins the joint document, or leaves it.
    REGISTRERA_MEDVERKAN = "registrera_medverkan", "Registrera medverkan"
    TA_BORT_MEDVERKAN = "ta_bort_medverkan", "Ta bort medverkan"


# A `system` transition follows from the nämnder's steps (`nameden.arendekallor`), never
# granted to a user.
S = Status
TRANSITIONS: dict[Action, Transition] = tabell(
    Transition(Action.PABORJA_BEREDNING, frozenset({S.REGISTRERAD}), S.UNDER_BEREDNING),
    Transition(Action.SKICKA_TILL_ATTEST, frozenset({S.UNDER_BEREDNING}), S.FOR_ATTEST),
    Transition(Action.RETURNERA, frozenset({S.FOR_ATTEST}), S.UNDER_BEREDNING),
    Transition(Action.ATERKALLA, frozenset({S.FOR_ATTEST}), S.UNDER_BEREDNING),
    Transition(Action.SLUTATTESTERA, frozenset({S.FOR_ATTEST}), S.ATTESTERAD),
    Transition(Action.ATEROPPNA, frozenset({S.FOR_ATTEST, S.ATTESTERAD}), S.UNDER_BEREDNING),
    Transition(Action.BESLUTA, frozenset({S.ATTESTERAD}), S.BESLUTAD, system=True),
    Transition(Action.EXPEDIERA, frozenset({S.BESLUTAD}), S.BESVARAD, system=True),
    # A nämnd sent it back: the attestation is voided as for ATEROPPNA (upphav_attest).
    Transition(Action.ATERREMITTERA, frozenset({S.ATTESTERAD}), S.UNDER_BEREDNING, system=True),
    Transition(Action.AVSLUTA, frozenset({S.BESVARAD, S.AVSKRIVEN}), S.AVSLUTAD),
    Transition(Action.AVSKRIVA, frozenset({S.REGISTRERAD, S.UNDER_BEREDNING}), S.AVSKRIVEN),
)

#: The transitions that follow from the nämnder's steps (no user permission, `remiss.policy`).
SYSTEM_ACTIONS = system_actions(TRANSITIONS.values())

#: Statuses in which the case is still being worked on (shown in "Mina remisser").
OPEN_STATUSES = frozenset({S.REGISTRERAD, S.UNDER_BEREDNING, S.FOR_ATTEST, S.ATTESTERAD})
#: Statuses in which the tjänsteutlåtande's content may be edited. In the attest statuses an
#: edit must be confirmed, and it voids the attestations (remiss.services.attestering).
EDITABLE_STATUSES = frozenset({S.UNDER_BEREDNING, S.FOR_ATTEST, S.ATTESTERAD})
ATTEST_STATUSES = frozenset({S.FOR_ATTEST, S.ATTESTERAD})


class TransitionNotAllowed(overgangar.TransitionNotAllowed):
    """The remiss is not in a status from which the action may be taken."""

    foremal = "remissen"
    actions = Action
    statuses = Status


def target_of(action: Action, status: str) -> Status:
    """The status `action` leads to from `status`, or raise TransitionNotAllowed."""
    return Status(overgangar.target_of(TRANSITIONS, action, status, TransitionNotAllowed))
