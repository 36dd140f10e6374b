"""One lock order for every change to a föredragningslista: the sammanträde rows first.

Every service that changes a sammanträde or its punkter starts with `las_sammantraden`, so
two changes to the same list queue on the sammanträde row and the second reads the order the
first left (the punkter are only ever changed by whoever holds it). A bordläggning changes
two lists: both rows are locked in the order of their ids, so two bordläggningar in opposite
directions cannot deadlock. On SQLite (no row locks) the IMMEDIATE transaction serialises
writers instead.
"""

from nameden.models import Sammantrade


def las_sammantraden(*sammantraden: Sammantrade) -> list[Sammantrade]:
    """Re-read each sammanträde (with its nämnd) under a row lock, the lowest id first, and
    return them in the order given. Must run inside the caller's transaction."""
    ids = [s.pk for s in sammantraden]
    lasta = {
        s.pk: s
        for s in Sammantrade.objects.select_for_update(of=("self",))
        .select_related("namnd")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    return [lasta[pk] for pk in ids]


def las_sammantrade(sammantrade: Sammantrade) -> Sammantrade:
    return las_sammantraden(sammantrade)[0]
