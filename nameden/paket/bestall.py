"""Ordering the packet: the one write path a user takes (`paket_bestall`)."""

import functools
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from nameden import events, policy
from nameden.historik import save_tracked
from nameden.models import Handlingspaket, Paketframsteg, Sammantrade
from nameden.paket.bygg import paket_hel
from nameden.paket.underlag import underlag_for
from nameden.services.las import las_sammantrade
from nameden.tasks import bygg_handlingspaket_koa
from nameden.workflow import Action

V = Handlingspaket.Version
S = Handlingspaket.Status


@dataclass(frozen=True)
class Bestallning:
    """What an order came to: `koad` if a build was queued, and what to tell the user."""

    paket: dict[str, Handlingspaket]
    koad: bool
    meddelande: str


@transaction.atomic
def paket_bestall(*, user, sammantrade: Sammantrade) -> Bestallning:
    """Order the kallelse and handlingar of `sammantrade`: both versions, built by the worker
    after this transaction commits. Nothing is queued when the stored packet was built from
    exactly the agenda and handlingar there are now (and its files are intact), or while an
    order is already waiting or running."""
    sammantrade = las_sammantrade(sammantrade)
    policy.require(user, Action.BYGGA_HANDLINGAR, sammantrade)
    paket = {p.version: p for p in sammantrade.handlingspaket.all()}
    if any(p.pagar() for p in paket.values()):
        return Bestallning(
            paket,
            False,
            "Kallelse och handlingar håller redan på att skapas. Vänta tills det är klart.",
        )
    fingeravtryck = underlag_for(sammantrade).fingeravtryck
    if len(paket) == len(V) and all(
        p.har_fil and p.fingeravtryck == fingeravtryck and paket_hel(p) for p in paket.values()
    ):
        return Bestallning(
            paket,
            False,
            "Kallelse och handlingar är redan aktuella: ingenting har ändrats sedan de "
            "skapades, så inget behövde skapas om.",
        )
    nu = timezone.now()
    for version in V:
        p = paket.get(version) or Handlingspaket(sammantrade=sammantrade, version=version)
        p.status, p.bestalld_av, p.bestalld_at = S.KOAD, user, nu
        p.startad_at = p.klar_at = None
        p.felmeddelande = ""
        save_tracked(p, user=user, reason="Beställdes")
        paket[version] = p
    Paketframsteg.objects.update_or_create(
        sammantrade=sammantrade,
        defaults={
            "steg_klara": 0,
            "steg_totalt": 0,
            "steg_text": "Väntar på att arbetet ska börja",
            "uppdaterad_at": nu,
        },
    )
    events.record(sammantrade, "paket_bestallt", user=user)
    transaction.on_commit(functools.partial(_koa, sammantrade.pk))
    return Bestallning(
        paket,
        True,
        "Kallelse och handlingar skapas nu i bakgrunden. Sidan visar hur långt det har kommit.",
    )


def _koa(sammantrade_id: int) -> None:
    """Put the build on the queue (after commit: the worker must see the order's rows)."""
    bygg_handlingspaket_koa(sammantrade_id)
