"""Two sekreterare creating a sammanträde of one nämnd on the same day at once: the second
gets the same Swedish message as when the first is already saved, never a 500.

The check in the service cannot see a row another transaction has not committed; the unique
constraint then refuses the insert. The test builds exactly that race on PostgreSQL: it
inserts the first meeting in its own open transaction, lets a thread call the service (its
insert queues on the unique index), then commits, so the thread's insert fails.
"""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from nameden.models import Sammantrade
from nameden.services.sammantrade import sammantrade_skapa
from tests.lasko import vanta_tills_blockerade

DAG = dt.date(2024, 9, 10)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_concurrent_meeting_on_the_same_day_is_refused_with_a_message(johan, socialnamnden):
    """GIVEN a meeting on DAG being inserted, not yet committed WHEN the service creates another
    on DAG THEN it waits, and once the first commits it refuses with the day in Swedish."""
    utfall: dict[str, object] = {}

    def skapa():
        try:
            sammantrade_skapa(
                user=johan, namnd=socialnamnden, datum=DAG, tid=dt.time(13), plats="Sal B"
            )
            utfall["svar"] = "skapat"
        except ValidationError as exc:
            utfall["svar"] = exc.message_dict
        except Exception as exc:
            utfall["svar"] = repr(exc)
        finally:
            connection.close()

    with transaction.atomic():
        Sammantrade.objects.create(namnd=socialnamnden, datum=DAG, tid=dt.time(9), plats="Sal A")
        trad = threading.Thread(target=skapa)
        trad.start()
        vanta_tills_blockerade(1, trad=trad)
    trad.join(timeout=60)
    assert not trad.is_alive()

    assert utfall["svar"] == {
        "datum": [f"{socialnamnden} har redan ett sammanträde den 2024-09-10."]
    }
    assert list(Sammantrade.objects.filter(datum=DAG).values_list("plats", flat=True)) == ["Sal A"]
