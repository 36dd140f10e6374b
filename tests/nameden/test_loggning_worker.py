"""The request id goes with a task into the worker: a packet ordered in a request is built by
the real database worker (`db_worker`), and the worker's log lines for that build carry the
id of the request that ordered it."""

import logging

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from nameden.loggning import RequestIdFilter, request_id
from nameden.models import Handlingspaket
from tests.nameden.fabriker_paket import anmal_med_handlingar, kor_arbetaren

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RID = "bestallning-4711"


@pytest.fixture(autouse=True)
def _rollgrupper(transactional_db):
    """As in test_paket_bygg: a flush leaves no role groups behind; make them again."""
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


@pytest.fixture
def loggrader(caplog):
    """The log records at INFO and up, each with the request id the filter gives it (the
    same filter the settings put on every handler)."""
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.INFO)
    return caplog


def test_a_packet_ordered_in_a_request_is_built_with_that_requests_id_in_the_log(
    client, mote, johan, loggrader
):
    """GIVEN an ärende on the list
    WHEN Johan orders the packet in a request with X-Request-ID "bestallning-4711" and the
    real database worker then runs the queue
    THEN the queued task carries that id, the worker's log lines for the build carry it, the
    build succeeds, and once the task is done the worker's lines carry no request id."""
    anmal_med_handlingar(johan, mote, 1)
    client.force_login(johan)
    svar = client.post(
        reverse("namnd:handlingar_skapa", args=[mote.pk]), headers={"X-Request-ID": RID}
    )
    assert svar.status_code == 302 and svar["X-Request-ID"] == RID
    uppgift = DBTaskResult.objects.get()
    assert uppgift.args_kwargs["kwargs"] == {"request_id": RID}

    loggrader.clear()
    kor_arbetaren()
    logging.getLogger("nameden.tasks").info("efter arbetet")

    uppgift.refresh_from_db()
    assert uppgift.status == "SUCCESSFUL"
    assert {p.status for p in mote.handlingspaket.all()} == {Handlingspaket.Status.KLAR}
    bygget = [r for r in loggrader.records if r.name == "nameden.tasks"]
    assert [r.request_id for r in bygget] == [RID, RID, "-"]
    assert "Bygger kallelse och handlingar för sammanträde" in bygget[0].getMessage()
    assert request_id() is None


def test_a_task_enqueued_outside_a_request_runs_without_an_id(mote, johan, loggrader):
    """GIVEN a packet ordered outside any request (a management command, the shell)
    WHEN the worker builds it
    THEN the task's lines carry no request id ("-"), never a stale one."""
    from nameden.paket.bestall import paket_bestall

    paket_bestall(user=johan, sammantrade=mote)
    assert DBTaskResult.objects.get().args_kwargs["kwargs"] == {"request_id": None}
    loggrader.clear()
    kor_arbetaren()
    bygget = [r for r in loggrader.records if r.name == "nameden.tasks"]
    assert bygget and {r.request_id for r in bygget} == {"-"}
