"""Fifty people pressing "Attestera" for the same step at once produce one attestation."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from nameden.models import Ersattare, User
from nameden.roles import Roll
from remiss.models import Attestering, Tjansteutlatande
from remiss.services.attestering import attest_godkann, attest_skicka
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.factories import UserFactory

N = 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_attest_requests_make_exactly_one_attestation(tu, karin, lisa):
    """GIVEN a document waiting for the avdelningschef, who has 4 deputies
    WHEN 50 requests from them arrive at the same moment
    THEN exactly one attestation is recorded and every other request is refused cleanly."""
    import datetime as dt

    for nyckel in ("sammanfattning", "bakgrund", "arendet", "synpunkter"):
        tu = tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel=nyckel, text="Text.", bas_version=tu.version
        )
    deputies = [
        UserFactory(username=f"deputy{i}", roll=Roll.AVDELNINGSCHEF, avdelning=lisa.avdelning)
        for i in range(4)
    ]
    for deputy in deputies:
        Ersattare.objects.create(ordinarie=lisa, ersattare=deputy, fran=dt.date(2020, 1, 1))
    attest_skicka(user=karin, tu=tu)
    user_ids = [[lisa, *deputies][i % 5].pk for i in range(N)]

    barrier = threading.Barrier(N)
    results: list[str] = []
    lock = threading.Lock()

    def attempt(user_id: int) -> None:
        try:
            user = User.objects.get(pk=user_id)
            doc = Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)
            barrier.wait(timeout=30)
            attest_godkann(user=user, tu=doc)
            outcome = "ok"
        except (PermissionDenied, ValidationError):
            outcome = "refused"
        except Exception as exc:  # anything else is a defect: report it
            outcome = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(results) == N
    assert [r for r in results if r.startswith("error")] == []
    assert results.count("ok") == 1
    assert Attestering.objects.count() == 1
