"""What journeys 3 and 4 share: the nämnd's people (with logins for those who justera), an
attested remiss made through the services (journey 2 does it in the browser), a real
`manage.py db_worker` process against the live server's test database, a real SMTP server,
and a few keyboard and reading steps.

The browser fixtures (page, live_server, login, screenshots, `kontrollera_sida`) are
`tests/e2e/conftest.py` and `tests/e2e/sidkontroll.py`; this module only adds what the
committee side needs.
"""

import contextlib
import datetime as dt
import email
import hashlib
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.utils import timezone

from nameden.models import Fortroendevald, Namnd, Paragraf, Punkt, Uppdrag, User
from nameden.roles import Roll
from nameden.services.anslag import protokoll_ansla
from nameden.services.foredragningslista import punkt_lagg_till
from nameden.services.motet import protokollforing_oppna
from nameden.services.motet_beslut import paragraf_besluta
from nameden.services.protokoll import protokoll_andra, protokoll_justera
from nameden.services.sammantrade import sammantrade_overga, sammantrade_skapa
from nameden.workflow import Action
from tests.factories import UserFactory
from tests.remiss.namnd_verktyg import attestera

ROT = Path(__file__).resolve().parents[2]
#: The password UserFactory gives every user.
LOSENORD = "losenord-123"
#: Kommunstyrelsen's registry: the remiss's sender, where the answer is expedierat.
REGISTRATUR = "registrator@kommunstyrelsen.example.se"
MANDAT = (dt.date(2023, 1, 1), dt.date(2099, 12, 31))
R = Uppdrag.Roll


@dataclass(frozen=True)
class Ledamot:
    namn: str
    parti: str
    roll: str
    username: str = ""


#: Socialnämnden in the journeys: the ordförande and one justerare log in and justera.
LEDAMOTER = (
    Ledamot("Maria Sandberg", "S", R.ORDFORANDE, "maria.sandberg"),
    Ledamot("Erik Lindqvist", "M", R.VICE_ORDFORANDE),
    Ledamot("Fatima Ahmadi", "S", R.LEDAMOT),
    Ledamot("Jonas Berg", "V", R.LEDAMOT),
    Ledamot("Lars Holm", "M", R.LEDAMOT, "lars.holm"),
    Ledamot("Peter Ek", "S", R.ERSATTARE),
)
ORDFORANDE, JUSTERARE = "maria.sandberg", "lars.holm"


def ledamoter(namnd: Namnd) -> dict[str, Fortroendevald]:
    """The nämnd's förtroendevalda and uppdrag; logins (role Förtroendevald, no förvaltning)
    for the ordförande and the justerare."""
    personer = {}
    for ledamot in LEDAMOTER:
        user = None
        if ledamot.username:
            fornamn, efternamn = ledamot.namn.split(" ", 1)
            user = UserFactory(
                username=ledamot.username,
                first_name=fornamn,
                last_name=efternamn,
                roll=Roll.FORTROENDEVALD,
                avdelning=None,
            )
        person = Fortroendevald.objects.create(namn=ledamot.namn, parti=ledamot.parti, user=user)
        Uppdrag.objects.create(
            namnd=namnd, fortroendevald=person, roll=ledamot.roll, fran=MANDAT[0], till=MANDAT[1]
        )
        personer[ledamot.namn] = person
    return personer


def attesterad_remiss(registrera, karin, lisa, veronica):
    """KS 2024/112 registered with the sender's registry address, drafted and attested by
    both chefs through the services: its final PDF is what the nämnd gets."""
    return attestera(registrera(avsandare_epost=REGISTRATUR), karin, lisa, veronica)


def idag() -> dt.date:
    return timezone.localdate()


PLATS = "Stadshuset, sammanträdesrum 1"
BESLUT = "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."


def anslaget_sammantrade(johan, namnd: Namnd, personer: dict[str, Fortroendevald]):
    """A sammanträde of last week, held, justerat by the ordförande and the justerare today
    and anslaget today, every step through the services the pages use (journey 3 takes them
    in the browser): what the public anslagstavla shows while the test runs."""
    datum = idag() - dt.timedelta(days=7)
    mote = sammantrade_skapa(user=johan, namnd=namnd, datum=datum, tid=dt.time(13), plats=PLATS)
    punkt_lagg_till(
        user=johan,
        sammantrade=mote,
        typ=Punkt.Typ.BESLUTSARENDE,
        rubrik="Remiss av Kommunikationsprogram för Stockholms stad",
        diarienummer="SOF 2026/7",
        forslag_till_beslut=BESLUT,
    )
    sammantrade_overga(user=johan, sammantrade=mote, action=Action.KALLA)
    protokollforing_oppna(user=johan, sammantrade=mote)
    for paragraf in Paragraf.objects.filter(punkt__sammantrade=mote).select_related("punkt"):
        beslutsarende = paragraf.punkt.typ == Punkt.Typ.BESLUTSARENDE
        paragraf_besluta(
            user=johan,
            paragraf=paragraf,
            slag=Paragraf.Beslutsslag.BIFALL if beslutsarende else Paragraf.Beslutsslag.NOTERAT,
            beslutstext=BESLUT if beslutsarende else "Noterades.",
        )
    mote = sammantrade_overga(user=johan, sammantrade=mote, action=Action.GENOMFORA)
    protokoll_andra(
        user=johan,
        sammantrade=mote,
        ordforande=personer["Maria Sandberg"],
        justerare=[personer["Lars Holm"]],
        justering_tid=idag(),
        justering_plats="Digitalt i systemet",
        forvaringsplats="Socialförvaltningens kansli",
    )
    for username in (ORDFORANDE, JUSTERARE):
        protokoll_justera(user=User.objects.get(username=username), sammantrade=mote)
    mote.refresh_from_db()
    return protokoll_ansla(
        user=johan, sammantrade=mote, forvaringsplats="Socialförvaltningens kansli"
    )


# --- The worker -------------------------------------------------------------------------------


def databasmiljo() -> dict[str, str]:
    """The environment that points a new process at the test database the live server uses.

    On PostgreSQL pytest-django's database is `test_<name>` on the same server; on SQLite the
    settings name the test database as a file beside SQLITE_PATH (`test-<name>`), so a worker
    given that file as its SQLITE_PATH opens the very same database."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.postgresql":
        anvandare = db["USER"] or "postgres"
        losen = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        port = f":{db['PORT']}" if db["PORT"] else ""
        url = f"postgres://{anvandare}{losen}@{db['HOST'] or '127.0.0.1'}{port}/{db['NAME']}"
        return {"DATABASE_URL": url}
    namn = str(db["NAME"])
    if namn.startswith("file:") or namn == ":memory:":
        raise RuntimeError("En SQLite-databas i minnet kan inte delas med en annan process.")
    return {"DATABASE_URL": "", "SQLITE_PATH": namn}


@contextlib.contextmanager
def arbetare(lagring: Path):
    """A real `manage.py db_worker` process on the live server's database and file storage
    (`lagring`, the test's private folder), stopped (SIGTERM, then kill) when the block ends;
    its output is printed if it exits on its own."""
    env = {
        **os.environ,
        **databasmiljo(),
        "PRIVATE_MEDIA_ROOT": str(lagring),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "e2e",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    logg = lagring.parent / "db_worker.log"
    with open(logg, "wb") as ut:
        process = subprocess.Popen(
            [
                sys.executable,
                str(ROT / "manage.py"),
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
                "-v",
                "2",
            ],
            cwd=ROT,
            env=env,
            stdout=ut,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
            # Shown with the test's output when it fails.
            print(f"db_worker (pid {process.pid}):\n{logg.read_text(errors='replace')[-3000:]}")


# --- Mail -------------------------------------------------------------------------------------


def vanta_pa_brev(inbox, antal: int = 1, sekunder: float = 20.0) -> list:
    """The messages the SMTP server has received, once there are `antal` of them."""
    slut = time.monotonic() + sekunder
    while len(inbox.messages) < antal and time.monotonic() < slut:
        time.sleep(0.1)
    assert len(inbox.messages) >= antal, f"{len(inbox.messages)} brev kom fram, väntade {antal}"
    return list(inbox.messages)


def bilagor(message) -> dict[str, bytes]:
    """A received message's attachments by filename, as bytes."""
    if not isinstance(message, email.message.Message):
        message = email.message_from_bytes(bytes(message))
    return {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.walk()
        if part.get_filename()
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- The keyboard -----------------------------------------------------------------------------


def synligt_fokus(page) -> dict:
    """The focused element and how its focus shows: its outline or box-shadow (computed), so
    a test can assert that keyboard focus is visible."""
    return page.evaluate(
        r"""() => {
        const el = document.activeElement;
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        const skugga = s.boxShadow && s.boxShadow !== 'none';
        const text = (el.getAttribute('aria-label') || el.textContent || el.value || '');
        return {tag: el.tagName, text: text.replace(/\s+/g, ' ').trim(),
                outline: s.outlineStyle + ' ' + s.outlineWidth, boxShadow: s.boxShadow,
                synligt: outline || !!skugga};
    }"""
    )


def tabba_till(page, text: str, *, max_steg: int = 200) -> dict:
    """Press Tab until the focused element's text (its aria-label, or its text content with
    the visually hidden part, whitespace collapsed) contains `text`;
    return its focus style. Fails if it is never reached."""
    for _ in range(max_steg):
        page.keyboard.press("Tab")
        fokus = synligt_fokus(page)
        if text in fokus["text"]:
            return fokus
    raise AssertionError(f"Tab nådde aldrig ”{text}”.")
