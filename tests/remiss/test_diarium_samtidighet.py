"""The diarium under load: many registrators at once never share or skip a number.

These tests commit for real (`transaction=True`): the other threads open their own database
connections and can only see committed rows. They must pass on PostgreSQL (row lock on the
series) and on SQLite (IMMEDIATE transactions on a file database, see settings).
"""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from nameden.models import Namnd, User
from remiss.models import Diarieserie, Remiss
from remiss.services.diarium import next_diarienummer
from remiss.services.registrering import remiss_registrera

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

N = 20
MARS_2024 = dt.datetime(2024, 3, 4, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


def _registrera_i_egen_trad(*, maria_pk, karin_pk, namnd_pk, nummer, barrier, resultat, fel):
    try:
        # Each thread reads its own objects through its own connection, as a request would.
        maria = User.objects.select_related("avdelning__forvaltning").get(pk=maria_pk)
        karin = User.objects.get(pk=karin_pk)
        namnd = Namnd.objects.get(pk=namnd_pk)
        barrier.wait(timeout=30)
        remiss = remiss_registrera(
            user=maria,
            avsandare="Kommunstyrelsen",
            avsandarens_diarienummer=f"KS 2024/{100 + nummer}",
            rubrik=f"Remiss nummer {nummer}",
            inkom_datum=dt.date(2024, 3, 1),
            svarsdatum=dt.date(2024, 4, 30),
            namnder=[namnd],
            handlaggare=karin,
            registrerad_at=MARS_2024,
        )
        resultat.append(remiss.diarienummer)
    except Exception as exc:  # collected and asserted on in the main thread
        fel.append(exc)
    finally:
        connection.close()


def test_simultaneous_registrations_get_distinct_numbers_without_gaps(maria, karin, socialnamnden):
    """GIVEN 20 registrators starting at the same instant WHEN each registers a remiss THEN all
    succeed with the numbers 1..20, each once, and the series stands at 20."""
    barrier = threading.Barrier(N)
    resultat: list[str] = []
    fel: list[Exception] = []
    tradar = [
        threading.Thread(
            target=_registrera_i_egen_trad,
            kwargs={
                "maria_pk": maria.pk,
                "karin_pk": karin.pk,
                "namnd_pk": socialnamnden.pk,
                "nummer": nummer,
                "barrier": barrier,
                "resultat": resultat,
                "fel": fel,
            },
        )
        for nummer in range(N)
    ]
    for trad in tradar:
        trad.start()
    for trad in tradar:
        trad.join(timeout=120)

    assert not any(trad.is_alive() for trad in tradar)
    assert fel == []
    assert sorted(resultat, key=lambda d: int(d.rsplit("/", 1)[1])) == [
        f"SOF 2024/{i}" for i in range(1, N + 1)
    ]
    assert sorted(Remiss.objects.values_list("dnr_lopnummer", flat=True)) == list(range(1, N + 1))
    assert Diarieserie.objects.get(forvaltning__kortnamn="SOF", ar=2024).senaste == N


def test_next_diarienummer_outside_a_transaction_is_a_programming_error(sof):
    """GIVEN no open transaction WHEN a number is taken THEN RuntimeError: a number taken
    outside the registering transaction could not be given back if registration failed."""
    with pytest.raises(RuntimeError):
        next_diarienummer(forvaltning=sof, ar=2024)

    assert not Diarieserie.objects.exists()
