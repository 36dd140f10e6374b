"""`/healthz` tries the database, the storage and the scanner for real, needs no login, and
says which part failed without saying why (the why goes to the log)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]
ALLA_OK = {"database": "ok", "storage": "ok", "scanner": "ok"}

pytestmark = pytest.mark.django_db


def test_all_parts_working_answer_200_without_login(client, private_storage):
    """GIVEN a working database, storage and clamd WHEN an anonymous client asks THEN 200,
    JSON naming each part ok, never cached, and the storage probe leaves no file behind."""
    svar = client.get("/healthz")

    assert svar.status_code == 200
    assert svar["Content-Type"] == "application/json"
    assert svar.json() == {"status": "ok", "checks": ALLA_OK}
    assert "no-store" in svar["Cache-Control"]
    assert not [p for p in private_storage.rglob("*") if p.is_file()]


def test_a_scanner_that_does_not_answer_is_named_and_its_socket_is_not(client, settings, tmp_path):
    """GIVEN clamd's socket pointing nowhere WHEN asked THEN 503, scanner failed and the
    others ok; the socket's path is not in the answer."""
    settings.CLAMD_SOCKET = str(tmp_path / "finns-inte.sock")

    svar = client.get("/healthz")

    assert svar.status_code == 503
    assert svar.json() == {"status": "fail", "checks": {**ALLA_OK, "scanner": "fail"}}
    assert "finns-inte" not in svar.content.decode()


def test_storage_that_cannot_be_written_is_named(client, settings, tmp_path):
    """GIVEN file storage whose folder is under a plain file (cannot be created) WHEN asked
    THEN 503 with storage failed."""
    (tmp_path / "fil").write_text("inte en mapp")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "fil" / "privat"},
        },
    }

    svar = client.get("/healthz")

    assert svar.status_code == 503
    assert svar.json()["checks"] == {**ALLA_OK, "storage": "fail"}


def test_the_failure_is_logged_with_its_detail(client, settings, tmp_path, caplog):
    """GIVEN the scanner down WHEN asked THEN the log (not the answer) says what failed."""
    settings.CLAMD_SOCKET = str(tmp_path / "borta.sock")

    client.get("/healthz")

    assert any(r.name == "nameden.healthz" and "scanner" in r.getMessage() for r in caplog.records)


def test_head_is_answered_and_post_is_not_allowed(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_with_ssl_redirect_on_the_probe_over_http_is_not_redirected(client):
    """GIVEN production's SSL redirect WHEN a probe asks over plain http THEN 200, while
    any other page is redirected to https."""
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz").status_code == 200
        assert client.get("/logga-in/").status_code == 301


def _healthz_i_egen_process(tmp_path, clamd, **env) -> tuple[int, dict]:
    miljo = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}},
        "SECRET_KEY": "t",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "privat"),
        "CLAMD_SOCKET": str(clamd.socket),
        "CLAMD_HOST": "",
        **env,
    }
    kod = (
        "import json, django; django.setup()\n"
        "from django.test import Client\n"
        "svar = Client(HTTP_HOST='localhost').get('/healthz')\n"
        "print(json.dumps([svar.status_code, svar.json()]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", kod],
        cwd=ROOT,
        env={**miljo, "DJANGO_SETTINGS_MODULE": "nameden.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, body = json.loads(result.stdout.strip().splitlines()[-1])
    return status, body


@pytest.mark.parametrize(
    "databas",
    [
        # PostgreSQL on a port where nothing listens.
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:9/remiss"},
        # SQLite in a folder that does not exist: the file cannot be opened.
        {"SQLITE_PATH": "/finns-inte/remiss.sqlite3"},
    ],
    ids=["postgresql", "sqlite"],
)
def test_a_database_that_cannot_be_reached_is_named(tmp_path, clamd, databas):
    """GIVEN the app started against a database it cannot reach WHEN asked THEN 503 with
    database failed, storage and scanner ok: a 503, never a 500."""
    status, body = _healthz_i_egen_process(tmp_path, clamd, **databas)

    assert status == 503
    assert body == {"status": "fail", "checks": {**ALLA_OK, "database": "fail"}}
