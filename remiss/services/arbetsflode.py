"""Status transitions of a remiss, one service function per transition in `remiss.workflow`."""

from django.core.exceptions import ValidationError
from django.db import transaction

from nameden.arendekallor import Beslut, Beslutsslag
from remiss import events, validering
from remiss.models import Dokumentmall, Remiss
from remiss.services.las import las_arende
from remiss.services.overgang import apply_transition, byt_status
from remiss.services.tjansteutlatande import tjansteutlatande_skapa
from remiss.workflow import TRANSITIONS, Action

#: A beslut's wording is a paragraph of the protokoll, longer than a comment but bounded.
BESLUTSTEXT_MAX_TECKEN = 20_000

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


# --- System transitions: the committee side takes them (remiss.namndkoppling) ----------------


def _systemovergang(*, remiss: Remiss, action: Action, user, kommentar: str = "") -> Remiss:
    """Move `remiss` along a system transition of the workflow table.

    No user permission is asked for: no one is granted these steps (remiss.policy), the
    committee side takes them when the nämnd has acted. Everything else is as for any
    transition: the remiss row is locked first, the table decides whether the step exists
    from the status, and the change is saved with history and recorded in the timeline.
    `user` is the nämndsekreterare who recorded the step, or None for the system itself.
    """
    if not TRANSITIONS[action].system:
        raise ValueError(f"{action!r} is not a system transition; use apply_transition")
    remiss = las_arende(remiss)
    return byt_status(user=user, remiss=remiss, action=action, kommentar=kommentar)


@transaction.atomic
def remiss_besluta(*, remiss: Remiss, beslut: Beslut, user=None) -> Remiss:
    """The nämnd has decided: the remiss is beslutad, and the timeline keeps the decision's
    kind and wording."""
    text = validering.kommentar(
        beslut.text, falt="text", etikett="Beslutets text", max_tecken=BESLUTSTEXT_MAX_TECKEN
    )
    if not text:
        raise ValidationError({"text": "Beslutet saknar text."})
    slag = Beslutsslag(beslut.slag)
    remiss = _systemovergang(remiss=remiss, action=Action.BESLUTA, user=user)
    events.record(remiss, "beslut_fattat", user=user, kommentar=text, slag=slag.label.lower())
    return remiss


@transaction.atomic
def remiss_expediera(*, remiss: Remiss, user=None, kommentar: str = "") -> Remiss:
    """The decision has been sent to the avsändare: the remiss is besvarad."""
    kommentar = validering.kommentar(kommentar)
    return _systemovergang(remiss=remiss, action=Action.EXPEDIERA, user=user, kommentar=kommentar)


@transaction.atomic
def remiss_avsluta(*, remiss: Remiss, user=None, kommentar: str = "") -> Remiss:
    """The case is closed (answered, or avskriven earlier)."""
    kommentar = validering.kommentar(kommentar)
    return _systemovergang(remiss=remiss, action=Action.AVSLUTA, user=user, kommentar=kommentar)
