"""The machinery of a transition table, for every workflow of the system.

A workflow (`remiss.workflow`, `nameden.workflow`) names its statuses and actions and lists
its transitions as `Transition` rows; this module says what a row means and refuses a step
the table does not have, in Swedish, naming the object ("remissen", "sammanträdet").
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    """`action` moves an object from one of `sources` to `target`."""

    action: str
    sources: frozenset[str]
    target: str
    #: Taken by the system (the committee side, a later step), never granted to a user.
    system: bool = False


def tabell(*transitions: Transition) -> dict[str, Transition]:
    """The table as a lookup by action (one row per action)."""
    rader = {t.action: t for t in transitions}
    if len(rader) != len(transitions):
        raise ValueError("one transition per action")
    return rader


class TransitionNotAllowed(Exception):
    """The object is not in a status from which the action may be taken.

    Each workflow subclasses it with its own `foremal` and choices, so views can tell a
    remiss's refusal from a sammanträde's and the message names the right thing.
    """

    foremal = "ärendet"
    actions: type = str
    statuses: type = str

    def __init__(self, action, status: str):
        self.action = action
        self.status = status
        super().__init__(
            f"”{self.actions(action).label}” går inte när {self.foremal} har status "
            f"”{self.statuses(status).label.lower()}”."
        )


def target_of(
    transitions: Mapping[str, Transition], action, status: str, fel: type[TransitionNotAllowed]
) -> str:
    """The status `action` leads to from `status`, or raise `fel`.

    An action that is no transition at all (e.g. editing) is refused like any other
    forbidden step, not with a KeyError.
    """
    transition = transitions.get(action)
    if transition is None or status not in transition.sources:
        raise fel(action, status)
    return transition.target


def system_actions(transitions: Iterable[Transition]) -> frozenset:
    return frozenset(t.action for t in transitions if t.system)
