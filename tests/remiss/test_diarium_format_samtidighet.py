"""A configured format under load: registrators at once, each with a klass, never share a number.

The format `{kortnamn} {ar2}/{lopnummer:4}.{klass}` has both a klass code and a two-digit
year: the klass makes numbers of a year differ in text, but it is still the one series per
förvaltning and year, taken under the row lock (PostgreSQL) or the IMMEDIATE transaction
(SQLite), that keeps them apart. Like `test_diarium_samtidighet`, these tests commit for
real; run them on both databases.
"""

import datetime as dt
import re
import threading

import pytest
from django.db import connection

from nameden.models import Klassificering, Namnd, User
from remiss.models import Diarieserie, Remiss
from remiss.services.registrering import remiss_registrera
from tests.remiss.diarium_verktyg import STOCKHOLM, diarium

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

N = 12
FORMAT = "{kortnamn} {ar2}/{lopnummer:4}.{klass}"
KLASSER = {"912": "Yttranden", "050": "Trafik", "1.6": "Remisser"}


def _registrera_i_egen_trad(*, pks, kod, nummer, barrier, resultat, fel):
    try:
        # Each thread reads its own objects through its own connection, as a request would.
        registrator = User.objects.select_related("avdelning__forvaltning").get(
            pk=pks["registrator"]
        )
        handlaggare = User.objects.get(pk=pks["handlaggare"])
        namnd = Namnd.objects.get(pk=pks["namnd"])
        klass = Klassificering.objects.get(forvaltning_id=pks["forvaltning"], kod=kod)
        barrier.wait(timeout=30)
        remiss = remiss_registrera(
            user=registrator,
            avsandare="Kommunstyrelsen",
            avsandarens_diarienummer=f"KS 2018/{100 + nummer}",
            rubrik=f"Remiss nummer {nummer}",
            inkom_datum=dt.date(2018, 3, 1),
            svarsdatum=dt.date(2018, 4, 30),
            namnder=[namnd],
            handlaggare=handlaggare,
            registrerad_at=dt.datetime(2018, 3, 4, 9, 0, tzinfo=STOCKHOLM),
            klass=klass,
        )
        resultat.append((kod, remiss.diarienummer))
    except Exception as exc:  # collected and asserted on in the main thread
        fel.append(exc)
    finally:
        connection.close()


def test_simultaneous_registrations_with_klass_and_two_digit_year_get_distinct_numbers():
    """GIVEN 12 registrators of SN starting at the same instant, in three klasser, with the
    format {kortnamn} {ar2}/{lopnummer:4}.{klass} WHEN each registers a remiss in 2018 THEN
    all succeed, the löpnummer 1..12 are each used once whatever the klass, every number
    reads SN 18/NNNN.<its klass>, and the series stands at 12."""
    d = diarium(kortnamn="SN", format_=FORMAT, klasser=KLASSER)
    pks = {
        "registrator": d.registrator.pk,
        "handlaggare": d.handlaggare.pk,
        "namnd": d.namnd.pk,
        "forvaltning": d.forvaltning.pk,
    }
    koder = list(KLASSER)
    barrier = threading.Barrier(N)
    resultat: list[tuple[str, str]] = []
    fel: list[Exception] = []
    tradar = [
        threading.Thread(
            target=_registrera_i_egen_trad,
            kwargs={
                "pks": pks,
                "kod": koder[nummer % len(koder)],
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
    assert len({nummer for _, nummer in resultat}) == N
    lopnummer = []
    for kod, nummer in resultat:
        match = re.fullmatch(r"SN 18/(\d{4})\.(.+)", nummer)
        assert match is not None, nummer
        assert match.group(2) == kod
        lopnummer.append(int(match.group(1)))
    assert sorted(lopnummer) == list(range(1, N + 1))
    assert sorted(Remiss.objects.values_list("dnr_lopnummer", flat=True)) == list(range(1, N + 1))
    assert Diarieserie.objects.get(forvaltning=d.forvaltning, ar=2018).senaste == N
