"""Production settings pass Django's deployment check, with the environment production sets.

The environment is read from the files that set it, not restated here: `.env.example` (the
`.env` docker compose loads) and the Dockerfile's ENV, with a fresh random SECRET_KEY (the
one value the example leaves for the operator). The check runs in its own process, as
production would import the settings.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def _env_example() -> dict[str, str]:
    env = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            env[key.strip()] = value.strip()
    return env


def _dockerfile_env() -> dict[str, str]:
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    block = re.search(r"^ENV (.*?)(?<!\\)\n", text, flags=re.S | re.M).group(1)
    return dict(re.findall(r"(\w+)=(\S+)", block))


def produktion(**overrides) -> dict[str, str]:
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    env.update(_env_example())
    env.update(_dockerfile_env())
    env["SECRET_KEY"] = secrets.token_urlsafe(50)
    env.update(overrides)
    return {k: v for k, v in env.items() if v is not None}


def _kor(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_the_deploy_check_passes_with_production_settings():
    """GIVEN the environment of .env.example and the Dockerfile WHEN `manage.py check
    --deploy --fail-level WARNING` runs THEN it passes with no issue at all."""
    result = _kor("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=produktion())

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_example_environment_runs_with_debug_off_and_secure_on():
    """GIVEN .env.example WHEN read THEN DEBUG is off and SECURE on, so the check above is
    about what production runs."""
    env = _env_example()

    assert (env["DEBUG"], env["SECURE"]) == ("0", "1")


def test_without_secure_the_check_names_hsts_and_the_ssl_redirect():
    """GIVEN production settings with SECURE unset WHEN checked THEN it fails on W004 (no
    HSTS) and W008 (no SSL redirect): the two warnings the attack found, and what SECURE=1
    answers."""
    result = _kor(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=produktion(SECURE=None)
    )

    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def _sakra_installningar() -> dict:
    kod = (
        "import json, nameden.settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SECURE_HSTS_PRELOAD', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE']}))"
    )
    result = _kor("-c", kod, env=produktion())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def sakra():
    return _sakra_installningar()


def test_secure_turns_on_redirect_hsts_for_a_year_and_secure_cookies(sakra):
    """GIVEN SECURE=1 WHEN the settings are imported THEN SSL redirect, HSTS for a year with
    subdomains and preload, and cookies only over HTTPS."""
    assert sakra == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


@pytest.mark.django_db
def test_with_those_settings_http_is_redirected_and_https_carries_hsts(client, sakra):
    """GIVEN the SECURE=1 values WHEN the login page is asked for over http THEN 301 to the
    same page over https; over https THEN 200 with the Strict-Transport-Security header."""
    with override_settings(**sakra):
        http = client.get("/logga-in/")
        https = client.get("/logga-in/", secure=True)

    assert http.status_code == 301
    assert http["Location"] == "https://testserver/logga-in/"
    assert https.status_code == 200
    assert https["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
