"""Status transitions of a remiss, one service function per transition in `remiss.workflow`."""

from django.core.exceptions import ValidationError
from django.db import transaction

from remiss import events
from remiss.models import Dokumentmall, Remiss
from remiss.services.las import las_arende
from remiss.services.overgang import apply_transition, byt_status
from remiss.services.tjansteutlatande import tjansteutlatande_skapa
from remiss.workflow import Action

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
    if not kommentar.strip():
        raise ValidationError({"kommentar": "Skriv varför remissen avskrivs."})
    remiss = las_arende(remiss)
    return apply_transition(
        user=user, remiss=remiss, action=Action.AVSKRIVA, kommentar=kommentar.strip()
    )


@transaction.atomic
def remiss_besluta(*, user, remiss: Remiss, kommentar: str = "") -> Remiss:
    remiss = las_arende(remiss)
    return apply_transition(user=user, remiss=remiss, action=Action.BESLUTA, kommentar=kommentar)


@transaction.atomic
def remiss_expediera(*, user, remiss: Remiss, kommentar: str = "") -> Remiss:
    remiss = las_arende(remiss)
    return apply_transition(user=user, remiss=remiss, action=Action.EXPEDIERA, kommentar=kommentar)


@transaction.atomic
def remiss_avsluta(*, user, remiss: Remiss, kommentar: str = "") -> Remiss:
    remiss = las_arende(remiss)
    return apply_transition(user=user, remiss=remiss, action=Action.AVSLUTA, kommentar=kommentar)
