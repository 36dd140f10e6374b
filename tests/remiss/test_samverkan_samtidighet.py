"""SBK's diarium under load: its registrator's own remisser and its participations in SOF's
joint documents, registered at the same instant, never share or skip a number.

Commits for real (`transaction=True`): the other threads open their own connections and see
only committed rows.
"""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from nameden.models import Namnd, User
from remiss.models import Diarieserie, MedverkandeForvaltning, Remiss
from remiss.services.registrering import remiss_registrera
from remiss.services.samverkan import medverkan_registrera
from tests.remiss.test_samverkan_verktyg import (  # noqa: F401 (fixtures)
    fixture_byggnadsnamnden,
    fixture_plan,
    fixture_rut,
    fixture_sbk,
    fixture_sven,
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # SQLite serialises every write transaction of the database; the row lock on the series
    # that makes the threads queue is PostgreSQL's SELECT … FOR UPDATE.
    pytest.mark.postgres,
]

N = 16


def _i_egen_trad(*, nummer, rut_pk, sven_pk, namnd_pk, remiss_pk, barrier, resultat, fel):
    try:
        rut = User.objects.select_related("avdelning__forvaltning").get(pk=rut_pk)
        sven = User.objects.get(pk=sven_pk)
        namnd = Namnd.objects.get(pk=namnd_pk)
        barrier.wait(timeout=30)
        if remiss_pk is None:
            remiss = remiss_registrera(
                user=rut,
                avsandare="Länsstyrelsen",
                avsandarens_diarienummer="",
                rubrik=f"SBK:s remiss {nummer}",
                inkom_datum=timezone.localdate(),
                svarsdatum=timezone.localdate(),
                namnder=[namnd],
                handlaggare=sven,
            )
            resultat.append(remiss.diarienummer)
        else:
            medverkan = medverkan_registrera(
                user=rut,
                remiss=Remiss.objects.get(pk=remiss_pk),
                kontaktperson=sven,
                namnder=[namnd],
            )
            resultat.append(medverkan.diarienummer)
    except Exception as exc:  # collected and asserted on in the main thread
        fel.append(exc)
    finally:
        connection.close()


def test_own_remisser_and_participations_share_one_series_under_concurrency(
    registrera, rut, sven, byggnadsnamnden
):
    """GIVEN 8 SOF remisser WHEN at the same instant SBK's registrator registers 8 remisser of
    SBK's own and SBK's participation in each of the 8 THEN all 16 succeed with SBK's numbers
    1..16, each once, split between the two tables, and the series stands at 16."""
    sof_remisser = [registrera(rubrik=f"SOF:s remiss {i}").pk for i in range(N // 2)]
    barrier = threading.Barrier(N)
    resultat: list[str] = []
    fel: list[Exception] = []
    tradar = [
        threading.Thread(
            target=_i_egen_trad,
            kwargs={
                "nummer": i,
                "rut_pk": rut.pk,
                "sven_pk": sven.pk,
                "namnd_pk": byggnadsnamnden.pk,
                "remiss_pk": sof_remisser[i // 2] if i % 2 else None,
                "barrier": barrier,
                "resultat": resultat,
                "fel": fel,
            },
        )
        for i in range(N)
    ]
    for trad in tradar:
        trad.start()
    for trad in tradar:
        trad.join(timeout=120)

    assert not any(trad.is_alive() for trad in tradar)
    assert fel == []
    ar = timezone.localdate().year
    assert sorted(resultat, key=lambda d: int(d.rsplit("/", 1)[1])) == [
        f"SBK {ar}/{i}" for i in range(1, N + 1)
    ]
    egna = set(
        Remiss.objects.filter(forvaltning__kortnamn="SBK").values_list("dnr_lopnummer", flat=True)
    )
    medverkan = set(MedverkandeForvaltning.objects.values_list("dnr_lopnummer", flat=True))
    assert len(egna) == len(medverkan) == N // 2
    assert egna | medverkan == set(range(1, N + 1))
    assert Diarieserie.objects.get(forvaltning__kortnamn="SBK", ar=ar).senaste == N
