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

import pytest
from django.db import connection, transaction

from nameden import selectors
from nameden.models import Punkt, Sammantrade
from nameden.services.foredragningslista import punkt_flytta, punkt_lagg_till
from nameden.services.sammantrade import sammantrade_skapa
from tests.lasko import vanta_tills_blockerade


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
            vanta_tills_blockerade(antal, trad=trad)
    for trad in tradar:
        trad.join(timeout=60)
        assert not trad.is_alive()

    assert utfall == {"forsta": 6, "andra": 5}
    lista = selectors.foredragningslista(mote)
    assert [p.ordning for p in lista] == [1, 2, 3, 4, 5, 6, 7]
    assert [p.rubrik for p in lista[4:]] == ["C", "A", "B"]
