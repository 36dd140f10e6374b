"""Status transitions of a remiss, one service function per transition in `remiss.workflow`."""

from django.core.exceptions import ValidationError
from django.db import transaction

from remiss import events, validering
from remiss.models import Dokumentmall, Remiss
from remiss.services.las import las_arende
from remiss.services.overgang import apply_transition, byt_status
from remiss.services.tjansteutlatande import tjansteutlatande_skapa
from remiss.workflow import TRANSITIONS, Action

__all__ = [
    "apply_transition",
    "byt_status",
    "las_arende",
    "remiss_avskriva",
    "remiss_avsluta",
    "remiss_besluta",
    "remiss_expediera",
    "remiss_paborja_beredning",
]

#: A beslut's wording is a paragraph of the protokoll, longer than a comment but bounded.
BESLUTSTEXT_MAX_TECKEN = 20_000


@transaction.atomic
def remiss_paborja_beredning(*, user, remiss: Remiss, mall: Dokumentmall) -> Remiss:
    """Start drafting: the tjänsteutlåtande is created from `mall`."""
    remiss = las_arende(remiss)
    apply_transition(user=user, remiss=remiss, action=Action.PABORJA_BEREDNING)
    tjansteutlatande_skapa(user=user, remiss=remiss, mall=mall)
    events.record(remiss, "beredning_paborjad", user=user, mall=mall.namn)
    return remiss


@transaction.atomic
def remiss_avskriva(*, user, remiss: Remiss, kommentar: str) -> Remiss:
    """Close a remiss without answering it; the reason is required and kept in the timeline."""
    kommentar = validering.kommentar(kommentar)
    if not kommentar:
        raise ValidationError({"kommentar": "Skriv varför remissen avskrivs."})
    remiss = las_arende(remiss)
    return apply_transition(user=user, remiss=remiss, action=Action.AVSKRIVA, kommentar=kommentar)


@transaction.atomic
def remiss_avsluta(*, user, remiss: Remiss, kommentar: str = "") -> Remiss:
    """Close the case: answered (besvarad) or avskriven earlier. The registrator's or the
    handläggare's step (remiss.policy); the case then leaves every working list."""
    kommentar = validering.kommentar(kommentar)
    remiss = las_arende(remiss)
    return apply_transition(user=user, remiss=remiss, action=Action.AVSLUTA, kommentar=kommentar)


# --- System transitions: they follow from the nämnder's steps (services.namndbehandling) ----


def _systemovergang(*, remiss: Remiss, action: Action, user, kommentar: str = "") -> Remiss:
    """Move `remiss` along a system transition of the workflow table.

    No user permission is asked for: no one is granted these steps (remiss.policy), they
    follow when the nämnder have acted. Everything else is as for any transition: the remiss
    row is locked first, the table decides whether the step exists from the status, and the
    change is saved with history and recorded in the timeline. `user` is the
    nämndsekreterare who recorded the step, or None for the system itself.
    """
    if not TRANSITIONS[action].system:
        raise ValueError(f"{action!r} is not a system transition; use apply_transition")
    remiss = las_arende(remiss)
    return byt_status(user=user, remiss=remiss, action=action, kommentar=kommentar)


@transaction.atomic
def remiss_besluta(*, remiss: Remiss, user=None, kommentar: str = "") -> Remiss:
    """Every answering nämnd has decided: the remiss is beslutad. Each nämnd's beslut is its
    own row and timeline entry (`remiss.services.namndbehandling.namnd_beslut`), which calls
    this after the last one."""
    kommentar = validering.kommentar(kommentar)
    return _systemovergang(remiss=remiss, action=Action.BESLUTA, user=user, kommentar=kommentar)


@transaction.atomic
def remiss_expediera(*, remiss: Remiss, user=None, kommentar: str = "") -> Remiss:
    """Every nämnd's decision has been sent to the avsändare: the remiss is besvarad
    (called by `remiss.services.namndbehandling.namnd_expedierad` after the last one)."""
    kommentar = validering.kommentar(kommentar)
    return _systemovergang(remiss=remiss, action=Action.EXPEDIERA, user=user, kommentar=kommentar)
