"""Every read the committee side's views need, with their joins (the writes are services).

A sammanträde the user may not see is a 404 (`nameden.policy.visible_sammantraden`).
"""

import hashlib
import logging

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from nameden import policy, roles
from nameden.models import Handling, Namnd, Punkt, Sammantrade, SammantradeHandelse

logger = logging.getLogger(__name__)

#: Rows per page of the list of sammanträden and of the event log.
PER_SIDA = 50


def sida(rader, nummer, *, per_sida: int = PER_SIDA) -> Page:
    """The page `nummer` (as `?page=` gave it) of `rader`, sliced in SQL."""
    return Paginator(rader, per_sida).get_page(nummer)


def sammantraden_for(user) -> QuerySet[Sammantrade]:
    """Every sammanträde `user` may see, the latest first, with its nämnd and the number of
    punkter on its list (one query however many there are)."""
    return (
        policy.visible_sammantraden(user)
        .select_related("namnd")
        .annotate(
            antal_punkter=Count("punkter", filter=Q(punkter__status__in=Punkt.PA_LISTAN_STATUSES))
        )
        .order_by("-datum", "namnd__namn", "pk")
    )


def sammantrade_for(user, pk: int) -> Sammantrade:
    """One sammanträde `user` may see, with its nämnd; 404 otherwise."""
    return get_object_or_404(
        policy.visible_sammantraden(user).select_related("namnd__forvaltning"), pk=pk
    )


def punkt_for(user, sammantrade_pk: int, punkt_pk: int) -> Punkt:
    """A punkt of a sammanträde `user` may see; 404 for another sammanträde's punkt too."""
    sammantrade = sammantrade_for(user, sammantrade_pk)
    punkt = get_object_or_404(sammantrade.punkter.all(), pk=punkt_pk)
    punkt.sammantrade = sammantrade
    return punkt


def foredragningslista(sammantrade: Sammantrade) -> list[Punkt]:
    """The punkter on the list in their order, each with its ärende and number of handlingar."""
    return list(
        sammantrade.punkter.filter(status__in=Punkt.PA_LISTAN_STATUSES)
        .select_related("arende")
        .annotate(antal_handlingar=Count("handlingar"))
        .order_by("ordning")
    )


def tillbakadragna(sammantrade: Sammantrade) -> QuerySet[Punkt]:
    return sammantrade.punkter.filter(status=Punkt.Status.TILLBAKADRAGEN).order_by("pk")


def handelser(sammantrade: Sammantrade) -> QuerySet[SammantradeHandelse]:
    return sammantrade.handelser.select_related("anvandare").order_by("-tidpunkt", "-id")


def namnder_att_planera(user) -> QuerySet[Namnd]:
    """The nämnder `user` may create sammanträden for."""
    if not policy.holds(user, roles.SEKRETERARE_NAMND):
        return Namnd.objects.none()
    return policy.betjanade_namnder(user).order_by("namn")


class HandlingSkadad(Exception):
    """The stored handling is missing or no longer matches its SHA-256. Never served."""


def handling_innehall(handling: Handling) -> bytes:
    """The handling's bytes, read back from storage only if they match the recorded SHA-256."""
    try:
        with handling.fil.open("rb") as fil:
            innehall = fil.read()
    except OSError as exc:
        logger.error("Handling %s saknas i lagringen: %s", handling.pk, exc)
        raise HandlingSkadad(f"Handlingen ”{handling.titel}” saknas.") from exc
    if hashlib.sha256(innehall).hexdigest() != handling.sha256:
        logger.error("Handling %s stämmer inte med sin SHA-256", handling.pk)
        raise HandlingSkadad(f"Handlingen ”{handling.titel}” har ändrats och visas inte.")
    return innehall
