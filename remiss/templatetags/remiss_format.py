"""Template filters about the remiss itself: status colours and whether a case is open.

The Swedish date and number filters are `nameden`'s `svensk_format`.
"""

from django import template

from remiss.models import Namndbehandling
from remiss.workflow import OPEN_STATUSES, Status

register = template.Library()

#: Status → tag colour. The text carries the meaning; the colour only supports it.
STATUS_FARG = {
    Status.REGISTRERAD: "grey",
    Status.UNDER_BEREDNING: "blue",
    Status.FOR_ATTEST: "yellow",
    Status.ATTESTERAD: "green",
    Status.BESLUTAD: "purple",
    Status.BESVARAD: "green",
    Status.AVSLUTAD: "grey",
    Status.AVSKRIVEN: "grey",
}


@register.filter
def status_farg(status: str) -> str:
    return STATUS_FARG.get(status, "grey")


NB = Namndbehandling.Status
#: A nämnd's handling → tag colour (as the remiss's: decided purple, sent green).
NAMND_FARG = {
    NB.ANMALD: "blue",
    NB.BESLUTAD: "purple",
    NB.ATERREMITTERAD: "yellow",
    NB.EXPEDIERAD: "green",
}


@register.filter
def namnd_farg(status: str) -> str:
    return NAMND_FARG.get(status, "grey")


@register.filter
def oppen(remiss) -> bool:
    """Still being worked on (so days left mean something)."""
    return remiss.status in OPEN_STATUSES
