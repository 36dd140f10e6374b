"""The base every browser journey stands on: Debian's Chromium driven by Playwright, the app on
pytest-django's live server, logins through the real login form, screenshots, a real SMTP server.

Why a real browser at all: the template tests read HTML, but only a browser lays it out, runs
axe-core against the rendered page, moves focus with Tab and shows whether a 320 px wide screen
scrolls sideways (`sidkontroll.kontrollera_sida`).

How the pieces fit:

- Every test in this folder is marked `e2e` (the hook below adds it), and `make test` runs with
  `-m "not e2e"`, so the ordinary suite never needs Chromium; `make e2e` runs these alone.
- Each test uses `live_server`, which commits for real, so every module here sets
  `pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True,
  serialized_rollback=True)]`: the serialized rollback puts back what the data migrations wrote
  (the role groups, the Stockholm mall) after the flush.
- The live server runs in a thread of this process, so the `settings` fixture (and the session's
  clamd from `tests/conftest.py`, and `private_storage`) apply to the pages the browser opens.
- Playwright's sync API keeps an event loop running in the main thread, and Django refuses ORM
  calls from a thread with a running loop; the `browser` fixture sets
  `DJANGO_ALLOW_ASYNC_UNSAFE` for exactly as long as the browser lives (nothing here is async:
  the loop only carries Playwright's messages).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from tests.e2e import sidkontroll
from tests.nameden.fabriker_utskick import smtp_server

#: Debian's package (`.ci/install-system-deps`); Playwright downloads no browser of its own.
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
#: The factories' password (`tests/factories.UserFactory`).
LOSENORD = "losenord-123"
#: Where screenshots and the list of checked pages go (`make clean` removes var/).
UTDATA = Path(__file__).resolve().parents[2] / "var" / "e2e"
#: How long a step or an `expect` may wait for the page (ms): generous, the machine is shared.
VANTETID_MS = 15_000
expect.set_options(timeout=VANTETID_MS)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder `e2e` before `-m` selects, so none can be forgotten."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


def pytest_sessionfinish(session, exitstatus):
    """Write the pages every journey checked to var/e2e/sidor.txt (the closing note lists them)."""
    if sidkontroll.SIDOR:
        UTDATA.mkdir(parents=True, exist_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER")
        namn = f"sidor-{worker}.txt" if worker else "sidor.txt"
        (UTDATA / namn).write_text(
            "".join(f"{rad}\n" for rad in sidkontroll.SIDOR), encoding="utf-8"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so `ny_kontext` knows whether the test failed."""
    rapport = yield
    setattr(item, f"e2e_{rapport.when}", rapport)
    return rapport


@pytest.fixture(scope="session")
def browser() -> Browser:
    """Headless Chromium for the whole session (one start costs about a second)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium saknas ({CHROMIUM}): kör `make e2e`, som installerar Debians chromium "
            "via .ci/install-system-deps."
        )
    tidigare = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            webblasare = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
            yield webblasare
            webblasare.close()
    finally:
        if tidigare is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = tidigare


@pytest.fixture(autouse=True)
def _e2e_settings(settings):
    """The live server speaks plain http: cookies marked Secure would never come back."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture
def ny_kontext(browser, live_server, request):
    """Open a fresh browser context (its own cookies: one per person) in Swedish, Stockholm time.

    `ny_kontext()` returns a Page; all are closed after the test. CSP violations and script
    errors are collected on the page (`sidkontroll` fails the check when any occurred). When
    the test fails, every open page is saved as it stood (PNG and HTML) in
    var/e2e/fel/<test>/, which is what one needs to see why.
    """
    kontexter: list[BrowserContext] = []

    def _ny() -> Page:
        kontext = browser.new_context(
            base_url=live_server.url,
            locale="sv-SE",
            timezone_id="Europe/Stockholm",
            viewport={"width": 1280, "height": 900},
        )
        kontext.set_default_timeout(VANTETID_MS)
        kontexter.append(kontext)
        sida = kontext.new_page()
        sidkontroll.bevaka_fel(sida)
        return sida

    yield _ny
    rapport = getattr(request.node, "e2e_call", None)
    if rapport is not None and rapport.failed:
        mapp = UTDATA / "fel" / re.sub(r"[^\w.-]+", "_", request.node.name)
        mapp.mkdir(parents=True, exist_ok=True)
        for k, kontext in enumerate(kontexter):
            for s, sida in enumerate(kontext.pages):
                with contextlib.suppress(Exception):  # a page that died says nothing more
                    sida.screenshot(path=str(mapp / f"{k}-{s}.png"), full_page=True)
                    (mapp / f"{k}-{s}.html").write_text(sida.content(), encoding="utf-8")
    for kontext in kontexter:
        kontext.close()


@pytest.fixture
def page(ny_kontext) -> Page:
    """One anonymous page (a member of the public, or a login still to come)."""
    return ny_kontext()


@pytest.fixture
def logga_in(ny_kontext):
    """Log a person in through the real login form, in a context of their own; returns the page.

    Through the form, not `force_login`, so django-axes' backend and the session middleware run
    as for a real user. The start page after login is checked like every other page.
    """

    def _logga_in(user, *, losenord: str = LOSENORD, kontrollera: bool = True) -> Page:
        sida = ny_kontext()
        sida.goto("/logga-in/")
        if kontrollera:
            sidkontroll.kontrollera_sida(sida, "Inloggning")
        sida.get_by_label("Användarnamn").fill(user.username)
        sida.get_by_label("Lösenord").fill(losenord)
        sida.get_by_role("button", name="Logga in").click()
        expect(sida).not_to_have_url(re.compile(r"/logga-in/"))
        return sida

    return _logga_in


_TOMDA_MAPPAR: set[Path] = set()


@pytest.fixture
def skarmbild(request):
    """`skarmbild(page, "01-registrera")` saves var/e2e/screenshots/<journey>/01-registrera.png.

    The journey is the test module's name without `test_`, so each journey has its own folder.
    """
    resa = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    mapp = UTDATA / "screenshots" / resa
    if mapp not in _TOMDA_MAPPAR:  # once per session: no picture left from an older run
        shutil.rmtree(mapp, ignore_errors=True)
        _TOMDA_MAPPAR.add(mapp)

    def _skarmbild(sida: Page, steg: str) -> Path:
        mapp.mkdir(parents=True, exist_ok=True)
        sokvag = mapp / f"{steg}.png"
        sida.screenshot(path=str(sokvag), full_page=True)
        return sokvag

    return _skarmbild


@pytest.fixture
def smtp_inkorg(settings):
    """A real SMTP server (aiosmtpd) with Django's SMTP backend pointed at it; its inbox.

    The messages are `email.message.Message`s in `.messages`; the live server sends after
    commit in its own thread, so a test waits for them to arrive before it reads them.
    """
    with smtp_server(settings) as inkorg:
        yield inkorg
