"""Structured logs: JSON lines carrying the request's id, the same id in X-Request-ID."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nameden import loggning

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def loggad():
    """A handler as production configures it (JsonFormatter, RequestIdFilter) on the root
    logger; yields a function returning the JSON lines written so far."""
    ut = io.StringIO()
    handler = logging.StreamHandler(ut)
    handler.setFormatter(loggning.JsonFormatter())
    handler.addFilter(loggning.RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(rad) for rad in ut.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_line_is_one_json_object_with_time_level_logger_and_plain_extras(loggad):
    """GIVEN a log call with extras WHEN formatted THEN one JSON object: UTC time, level,
    logger, message, request_id (- outside a request), plain extras kept, objects left out
    (their text could carry a session or a query string)."""
    logging.getLogger("nameden.prov").warning(
        "Bilaga %s saknas", 7, extra={"bilaga": 7, "objekt": object()}
    )

    (rad,) = loggad()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", rad.pop("time"))
    assert rad == {
        "level": "WARNING",
        "logger": "nameden.prov",
        "message": "Bilaga 7 saknas",
        "request_id": "-",
        "bilaga": 7,
    }


def test_an_exception_is_carried_in_the_line(loggad):
    try:
        raise ValueError("trasig")
    except ValueError:
        logging.getLogger("nameden.prov").exception("Det gick fel")

    (rad,) = loggad()
    assert rad["message"] == "Det gick fel"
    assert "ValueError: trasig" in rad["exception"]


@pytest.mark.django_db
def test_a_request_gets_an_id_in_its_answer_and_in_its_log_lines(client, loggad):
    """GIVEN no X-Request-ID WHEN a page that does not exist is asked for THEN the answer
    carries a fresh id (32 hex digits), Django's "Not Found" line carries the same, and a
    line written after the request carries none."""
    svar = client.get("/finns-inte/")
    logging.getLogger("nameden.prov").warning("efteråt")

    rid = svar["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", rid)
    rader = loggad()
    assert [(r["message"], r["request_id"]) for r in rader] == [
        ("Not Found: /finns-inte/", rid),
        ("efteråt", "-"),
    ]


@pytest.mark.django_db
def test_an_incoming_id_is_kept_and_reaches_lines_logged_after_the_view(
    client, loggad, settings, tmp_path
):
    """GIVEN X-Request-ID from the proxy WHEN /healthz answers 503 (a returned response,
    which Django logs after the middleware has finished) THEN the answer and every line of
    the request, the health check's own and Django's, carry that id."""
    settings.CLAMD_SOCKET = str(tmp_path / "borta.sock")

    svar = client.get("/healthz", headers={"X-Request-ID": "proxy-4711.a"})

    assert svar["X-Request-ID"] == "proxy-4711.a"
    rader = loggad()
    assert {r["logger"] for r in rader} == {"nameden.healthz", "django.request"}
    assert {r["request_id"] for r in rader} == {"proxy-4711.a"}


@pytest.mark.parametrize(
    "inkommande", ["a b", "x" * 129, 'a"b', "rad\\nFALSK rad", "åäö", ""], ids=repr
)
@pytest.mark.django_db
def test_an_id_that_is_not_a_plain_token_is_replaced(client, inkommande):
    """GIVEN an X-Request-ID with spaces, quotes, non-ASCII, too long, or empty WHEN asked
    THEN the answer carries a generated id instead: a log line cannot be forged with it."""
    svar = client.get("/healthz", headers={"X-Request-ID": inkommande})

    assert re.fullmatch(r"[0-9a-f]{32}", svar["X-Request-ID"])


@pytest.mark.django_db
def test_a_redirect_carries_the_id_too(client):
    """GIVEN an anonymous user WHEN a page needing login is asked for THEN the redirect to
    the login page carries X-Request-ID (the middleware is outermost)."""
    svar = client.get("/", headers={"X-Request-ID": "r-1"})

    assert svar.status_code == 302
    assert svar["X-Request-ID"] == "r-1"


def _logga_i_egen_process(**env) -> subprocess.CompletedProcess:
    kod = (
        "import django, logging; django.setup()\n"
        "logging.getLogger('nameden.prov').warning('Hej från %s', 'produktionen')\n"
    )
    miljo = {k: v for k, v in os.environ.items() if k != "LOG_FORMAT"}
    return subprocess.run(
        [sys.executable, "-c", kod],
        cwd=ROOT,
        env={**miljo, "SECRET_KEY": "t", "DJANGO_SETTINGS_MODULE": "nameden.settings", **env},
        capture_output=True,
        text=True,
    )


def test_log_format_json_makes_the_settings_write_json_lines():
    """GIVEN LOG_FORMAT=json (production) WHEN the app logs THEN stderr has one JSON line."""
    result = _logga_i_egen_process(LOG_FORMAT="json")

    assert result.returncode == 0, result.stderr
    rad = json.loads(result.stderr.strip().splitlines()[-1])
    assert (rad["logger"], rad["message"], rad["request_id"]) == (
        "nameden.prov",
        "Hej från produktionen",
        "-",
    )


def test_the_default_text_format_carries_the_request_id_slot_too():
    result = _logga_i_egen_process()

    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().endswith("WARNING nameden.prov [-] Hej från produktionen")


def test_an_unknown_log_format_is_refused_in_swedish():
    result = _logga_i_egen_process(LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT ska vara json eller text, inte 'xml'." in result.stderr
