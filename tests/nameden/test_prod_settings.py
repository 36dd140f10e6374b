"""The production stack as `make prod-local` runs it: gunicorn with gunicorn.conf.py, hashed
static files from whitenoise, JSON logs with request ids, persistent database connections.

The server test starts the real gunicorn on a free port of 127.0.0.1 against this test
session's database (PostgreSQL or SQLite, whichever the suite runs on) and its clamd.
"""

import gzip
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from django.conf import settings as django_settings

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _miljo(**env) -> dict[str, str]:
    bort = {"DATABASE_URL", "SQLITE_PATH", "LOG_FORMAT", "STATIC_MANIFEST", "DB_POOL"}
    ren = {k: v for k, v in os.environ.items() if k not in bort and not k.startswith("DB_")}
    return {**ren, "SECRET_KEY": "t", "DJANGO_SETTINGS_MODULE": "nameden.settings", **env}


def _databas_miljo() -> dict[str, str]:
    """The environment that points a process at this test session's database."""
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        anvandare = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return {
            "DATABASE_URL": f"postgres://{anvandare}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        }
    return {"SQLITE_PATH": str(db["NAME"])}


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _hamta(url: str, **headers):
    begaran = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(begaran, timeout=10) as svar:
            return svar.status, dict(svar.headers), svar.read()
    except urllib.error.HTTPError as fel:
        return fel.code, dict(fel.headers), fel.read()


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker, clamd, tmp_path_factory):
    """collectstatic and gunicorn as `make prod-local` runs them; yields (base url, logs)."""
    tmp = tmp_path_factory.mktemp("prod")
    env = _miljo(
        **_databas_miljo(),
        STATIC_MANIFEST="1",
        STATIC_ROOT=str(tmp / "static"),
        PRIVATE_MEDIA_ROOT=str(tmp / "privat"),
        LOG_FORMAT="json",
        DB_CONN_MAX_AGE="60",
        CLAMD_SOCKET=str(clamd.socket),
        CLAMD_HOST="",
        GUNICORN_BIND=f"127.0.0.1:{_ledig_port()}",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
    )
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collect.returncode == 0, collect.stderr
    ut, fel = (tmp / "gunicorn.out").open("w+"), (tmp / "gunicorn.err").open("w+")
    process = subprocess.Popen([str(GUNICORN)], cwd=ROOT, env=env, stdout=ut, stderr=fel)
    bas = f"http://{env['GUNICORN_BIND']}"
    try:
        slut = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp / "gunicorn.err").read_text()
            try:
                if _hamta(f"{bas}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < slut, (tmp / "gunicorn.err").read_text()
            time.sleep(0.3)
        yield bas, tmp
    finally:
        process.terminate()
        process.wait(timeout=30)
        ut.close()
        fel.close()


def _json_rader(path: Path) -> list[dict]:
    return [json.loads(rad) for rad in path.read_text().splitlines() if rad.strip()]


def test_gunicorn_answers_the_health_check(server):
    bas, _ = server
    status, _, body = _hamta(f"{bas}/healthz")

    assert status == 200
    assert json.loads(body)["checks"] == {"database": "ok", "storage": "ok", "scanner": "ok"}


def test_pages_link_hashed_static_files_served_compressed_and_cached_for_a_year(server):
    """GIVEN STATIC_MANIFEST=1 after collectstatic WHEN the login page is read THEN it
    links app.css by its hashed name, and whitenoise serves that gzip-compressed (for a
    client that accepts it) and immutable with a year's max-age."""
    bas, _ = server
    _, _, sida = _hamta(f"{bas}/logga-in/")
    (href,) = re.findall(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', sida.decode())

    status, headers, body = _hamta(f"{bas}{href}", **{"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    assert b"--" in gzip.decompress(body)  # the stylesheet's custom properties


def test_the_access_line_is_json_with_the_request_id_the_app_answered(server):
    """GIVEN a request with X-Request-ID WHEN gunicorn logs it THEN its access line on
    stdout is JSON with method, path, status, duration and that id; every line gunicorn
    writes to stderr is JSON too."""
    bas, tmp = server
    status, headers, _ = _hamta(f"{bas}/logga-in/?q=personnummer", **{"X-Request-ID": "prov-1"})
    assert (status, headers["X-Request-ID"]) == (200, "prov-1")

    slut = time.monotonic() + 10
    while not (
        rader := [r for r in _json_rader(tmp / "gunicorn.out") if r.get("request_id") == "prov-1"]
    ):
        assert time.monotonic() < slut
        time.sleep(0.2)
    (rad,) = rader
    assert rad["logger"] == "gunicorn.access"
    assert (rad["method"], rad["path"], rad["status"]) == ("GET", "/logga-in/", 200)
    assert rad["duration_ms"] > 0
    assert "personnummer" not in json.dumps(rad)  # no query string in the log
    assert any(r["logger"] == "gunicorn.error" for r in _json_rader(tmp / "gunicorn.err"))


# --- Static files in development and tests -----------------------------------------------------


@pytest.mark.django_db
def test_without_the_manifest_static_files_are_served_from_the_source(client):
    """GIVEN tests' settings (no STATIC_MANIFEST, DEBUG off, nothing collected) WHEN the
    stylesheet is asked for THEN whitenoise serves it from static/ as it is."""
    svar = client.get("/static/css/app.css")

    assert svar.status_code == 200
    assert b"".join(svar.streaming_content) == (ROOT / "static/css/app.css").read_bytes()


# --- Database connections ----------------------------------------------------------------------


def _installningar(**env) -> subprocess.CompletedProcess:
    kod = (
        "import json, nameden.settings as s; d = s.DATABASES['default']; "
        "print(json.dumps({'CONN_MAX_AGE': d['CONN_MAX_AGE'], "
        "'CONN_HEALTH_CHECKS': d['CONN_HEALTH_CHECKS'], 'OPTIONS': d.get('OPTIONS') or {}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", kod], cwd=ROOT, env=_miljo(**env), capture_output=True, text=True
    )


URL = "postgres://remiss:remiss@db:5432/remiss"


def test_without_settings_every_request_opens_its_own_connection():
    result = _installningar(DATABASE_URL=URL)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "OPTIONS": {},
    }


def test_conn_max_age_keeps_connections_and_checks_them_before_reuse():
    result = _installningar(DATABASE_URL=URL, DB_CONN_MAX_AGE="600")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {},
    }


def test_the_pool_is_sized_by_its_own_settings_or_gunicorns_threads():
    result = _installningar(DATABASE_URL=URL, DB_POOL="1", GUNICORN_THREADS="6")

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["OPTIONS"] == {
        "pool": {"min_size": 1, "max_size": 6, "timeout": 10.0}
    }
    assert json.loads(result.stdout)["CONN_MAX_AGE"] == 0


def test_pool_and_conn_max_age_together_are_refused_in_swedish():
    result = _installningar(DATABASE_URL=URL, DB_POOL="1", DB_CONN_MAX_AGE="60")

    assert result.returncode != 0
    assert "DB_POOL och DB_CONN_MAX_AGE kan inte användas samtidigt" in result.stderr


@pytest.mark.postgres
def test_the_pool_serves_queries_from_threads_on_postgresql(django_db_setup):
    """PostgreSQL only (Django's pool is psycopg's). GIVEN DB_POOL=1 with at most 2
    connections WHEN 6 threads each run a query and close THEN all succeed and the pool
    never opened more than 2 connections."""
    kod = (
        "import django, threading; django.setup()\n"
        "from django.db import connection\n"
        "svar = []\n"
        "def fraga():\n"
        "    with connection.cursor() as c:\n"
        "        c.execute('SELECT 1'); svar.append(c.fetchone()[0])\n"
        "    connection.close()\n"
        "tradar = [threading.Thread(target=fraga) for _ in range(6)]\n"
        "[t.start() for t in tradar]; [t.join() for t in tradar]\n"
        "print(sum(svar), connection.pool.get_stats()['pool_size'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", kod],
        cwd=ROOT,
        env=_miljo(**_databas_miljo(), DB_POOL="1", DB_POOL_MIN="1", DB_POOL_MAX="2"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    antal, storlek = map(int, result.stdout.split())
    assert antal == 6
    assert 1 <= storlek <= 2


# --- The same processes with and without containers -----------------------------------------------


def test_compose_runs_the_services_prod_local_runs():
    """GIVEN docker-compose.yml WHEN read THEN it has PostgreSQL, the web app under gunicorn
    (gunicorn.conf.py), the db_worker, clamd and S3-compatible storage, and the web and
    worker services store on that S3 with JSON logs, hashed static files and persistent
    connections, as `make prod-local` does."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    tjanster = compose["services"]

    assert set(tjanster) >= {"db", "web", "worker", "clamd", "minio"}
    assert "gunicorn" in tjanster["web"]["command"]
    assert "db_worker" in tjanster["worker"]["command"]
    for namn in ("web", "worker"):
        miljo = tjanster[namn]["environment"]
        assert miljo["S3_BUCKET"] and miljo["S3_ENDPOINT_URL"].startswith("http://minio:")
    dry = subprocess.run(
        ["make", "-n", "prod-local"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    for steg in ("migrate", "collectstatic", "clamd_lokal", "db_worker", "gunicorn"):
        assert steg in dry, steg
    for variabel in ("STATIC_MANIFEST=1", "LOG_FORMAT=json", "DB_CONN_MAX_AGE="):
        assert variabel in dry, variabel
