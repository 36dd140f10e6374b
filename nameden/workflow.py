"""A sammanträde's statuses and every allowed transition, as one table (like remiss.workflow).

Read it top to bottom: an action moves a sammanträde from one of its `sources` to its
`target`. Who may take it lives in `nameden.policy`; the service that carries it out is
`nameden.services.sammantrade.sammantrade_overga`. Justering is the protokoll's step and
belongs to the slice that builds the protokoll: it is in the table (so the statuses are
complete) but marked `system`, granted to no user yet.
"""

from django.db import models

from nameden import overgangar
from nameden.overgangar import Transition, tabell


class Status(models.TextChoices):
    PLANERAT = "planerat", "Planerat"
    KALLAT = "kallat", "Kallat"
    GENOMFORT = "genomfort", "Genomfört"
    JUSTERAT = "justerat", "Justerat"


class Action(models.TextChoices):
    """Everything a user can do to a sammanträde and its föredragningslista."""

    VISA = "visa", "Visa sammanträdet"
    SKAPA = "skapa", "Skapa sammanträde"
    ANDRA = "andra", "Ändra sammanträdet"
    ANDRA_LISTA = "andra_lista", "Ändra föredragningslistan"
    KALLA = "kalla", "Kalla till sammanträdet"
    GENOMFORA = "genomfora", "Markera sammanträdet som genomfört"
    #: The system step genomfört → justerat, taken when the protokoll's last justering is in.
    JUSTERA = "justera", "Justera protokollet"
    BYGGA_HANDLINGAR = "bygga_handlingar", "Skapa kallelse och handlingar"
    PROTOKOLLFORA = "protokollfora", "Föra protokoll"
    #: A förtroendevald's own justering (ordförande or justerare of this protokoll).
    JUSTERA_PROTOKOLL = "justera_protokoll", "Justera protokollet digitalt"
    ANSLA = "ansla", "Anslå protokollet"
    TA_UT_UTDRAG = "ta_ut_utdrag", "Ta ut protokollsutdrag"
    EXPEDIERA = "expediera", "Expediera beslut"


S = Status
TRANSITIONS: dict[Action, Transition] = tabell(
    Transition(Action.KALLA, frozenset({S.PLANERAT}), S.KALLAT),
    Transition(Action.GENOMFORA, frozenset({S.KALLAT}), S.GENOMFORT),
    # Justering is the protokoll's step (a later slice): never granted to a user yet.
    Transition(Action.JUSTERA, frozenset({S.GENOMFORT}), S.JUSTERAT, system=True),
)

#: Statuses in which the meeting has not been held: its details and its list may change, and
#: it may receive a bordlagd punkt or a newly anmält ärende.
KOMMANDE_STATUSES = frozenset({S.PLANERAT, S.KALLAT})
#: Statuses in which the protokoll is written: at the meeting and after it, until justerat.
PROTOKOLL_STATUSES = frozenset({S.KALLAT, S.GENOMFORT})
#: Statuses in which a beslut may be sent out: after the meeting (a paragraf justerad
#: omedelbart is sent before the whole protokoll is justerat).
UTSKICK_STATUSES = frozenset({S.GENOMFORT, S.JUSTERAT})


class TransitionNotAllowed(overgangar.TransitionNotAllowed):
    """The sammanträde is not in a status from which the action may be taken."""

    foremal = "sammanträdet"
    actions = Action
    statuses = Status


def target_of(action: Action, status: str) -> Status:
    """The status `action` leads to from `status`, or raise TransitionNotAllowed."""
    return Status(overgangar.target_of(TRANSITIONS, action, status, TransitionNotAllowed))
