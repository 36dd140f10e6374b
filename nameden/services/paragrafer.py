"""Paragraph numbers (§ N): handed out per nämnd and year, in agenda order, never twice.

Design: a punkt gets its § when the sekreterare starts keeping the protokoll of its
sammanträde (`protokollforing_oppna` in `nameden.services.motet`): every punkt then on the
list (not tillbakadragen), in the list's order. A punkt added to the list later (during the
meeting) gets the next free number of the series the next time numbers are handed out
(the same button, "Ge nya punkter paragrafnummer"). A number once given stays with its
punkt: moving or withdrawing the punkt later never frees it, and no paragraph is renumbered.

The series is `Paragrafserie(namnd, year of the meeting's date)`. Whoever hands out numbers
locks that row (SELECT … FOR UPDATE), so two sammanträden of one nämnd numbered at the same
moment queue on it: the second reads the number the first left. The row is created on first
use inside a savepoint; if another transaction created it at the same moment, PostgreSQL
makes this INSERT wait for that one and then refuse it (unique constraint), and we read and
lock the row it made. On SQLite the IMMEDIATE transactions (see settings) serialise every
writer anyway. The unique constraint on (nämnd, år, nummer) backs all of it.
"""

from django.db import IntegrityError, transaction

from nameden.historik import save_tracked
from nameden.models import Paragraf, Paragrafserie, Punkt, Sammantrade


def las_serie(*, namnd, ar: int, user) -> Paragrafserie:
    """The nämnd's series for `ar`, created if need be, locked until the transaction ends.
    Must run inside the caller's transaction, after the sammanträde's lock (one lock order:
    sammanträde rows, then the series)."""
    rader = Paragrafserie.objects.select_for_update()
    serie = rader.filter(namnd=namnd, ar=ar).first()
    if serie is not None:
        return serie
    try:
        # A savepoint: losing the race to create the row leaves our transaction usable.
        with transaction.atomic():
            serie = Paragrafserie(namnd=namnd, ar=ar, senaste=0)
            save_tracked(serie, user=user, reason=f"Paragrafserie för {ar}")
    except IntegrityError:
        serie = rader.get(namnd=namnd, ar=ar)
    return serie


def onumrerade(sammantrade: Sammantrade) -> list[Punkt]:
    """The punkter on the list that have no § yet, in the list's order."""
    return list(
        sammantrade.punkter.filter(
            status__in=Punkt.PA_LISTAN_STATUSES, paragraf__isnull=True
        ).order_by("ordning")
    )


def numrera(sammantrade: Sammantrade, *, user) -> list[Paragraf]:
    """Give every punkt on `sammantrade`'s list that has no § the next numbers of its
    nämnd's series, in agenda order; return the new paragrafer (none if all had one).

    The caller holds the sammanträde's lock and has checked the policy (a building block of
    the services in `nameden.services.motet`, not a service of its own)."""
    punkter = onumrerade(sammantrade)
    if not punkter:
        return []
    ar = sammantrade.datum.year
    serie = las_serie(namnd=sammantrade.namnd, ar=ar, user=user)
    nya = []
    for punkt in punkter:
        serie.senaste += 1
        paragraf = Paragraf(punkt=punkt, namnd_id=sammantrade.namnd_id, ar=ar, nummer=serie.senaste)
        save_tracked(paragraf, user=user, reason=f"Fick § {paragraf.nummer}")
        nya.append(paragraf)
    save_tracked(serie, user=user, reason=f"Delade ut § {nya[0].nummer}–{nya[-1].nummer}")
    return nya
