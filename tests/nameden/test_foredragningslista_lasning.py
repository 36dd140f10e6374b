"""Two changes to one föredragningslista at once are applied one after the other.

Every list service locks the sammanträde row first and re-reads the punkt under it
(`nameden.services.las`). The PostgreSQL test holds that lock, queues two moves of the same
punkt behind it, releases it, and checks both went through against the order as it then was:
the list stays 1, 2, 3 … with no place taken twice (without the lock, the second would read
the stale order and break the unique constraint or undo the first).

The threads need committed data and their own connections, hence `transaction=True`; with
`serialized_rollback=True` the role groups written after migrate are restored afterwards.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction

from nameden import selectors
from nameden.models import Punkt, Sammantrade
from nameden.services.foredragningslista import punkt_flytta, punkt_lagg_till
from nameden.services.sammantrade import sammantrade_skapa


def _blockerade() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND cardinality(pg_blocking_pids(pid)) > 0"
        )
        return cursor.fetchone()[0]


def _vanta_tills_blockerade(antal: int, trad: threading.Thread, timeout: float = 30) -> None:
    slut = time.monotonic() + timeout
    while _blockerade() < antal:
        assert trad.is_alive(), "the move finished instead of queueing on the sammanträde lock"
        assert time.monotonic() < slut, f"{antal} moves never queued on the lock"
        time.sleep(0.02)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_moves_keep_the_order_dense_and_unique(johan, socialnamnden):
    """GIVEN A, B, C on the list and the sammanträde locked WHEN two requests each move C up
    THEN both wait, then both go through in turn: C, A, B, numbered without gaps."""
    mote = sammantrade_skapa(
        user=johan, namnd=socialnamnden, datum=dt.date(2024, 4, 23), tid=dt.time(13), plats="X"
    )
    for rubrik in ("A", "B"):
        punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik=rubrik)
    c = punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik="C")
    utfall: dict[str, object] = {}

    def flytta(namn):
        try:
            utfall[namn] = punkt_flytta(user=johan, punkt=c, riktning="upp").ordning
        except Exception as exc:
            utfall[namn] = repr(exc)
        finally:
            connection.close()

    tradar = []
    with transaction.atomic():
        Sammantrade.objects.select_for_update().get(pk=mote.pk)
        for antal, namn in enumerate(("forsta", "andra"), start=1):
            trad = threading.Thread(target=flytta, args=(namn,))
            trad.start()
            tradar.append(trad)
            _vanta_tills_blockerade(antal, trad)
    for trad in tradar:
        trad.join(timeout=60)
        assert not trad.is_alive()

    assert utfall == {"forsta": 6, "andra": 5}
    lista = selectors.foredragningslista(mote)
    assert [p.ordning for p in lista] == [1, 2, 3, 4, 5, 6, 7]
    assert [p.rubrik for p in lista[4:]] == ["C", "A", "B"]
