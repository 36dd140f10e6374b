"""Shared fixtures: one förvaltning with a person in every role, and a remiss in progress.

The personas (Karin the handläggare, Lisa the avdelningschef, …) follow the reference
document, so a failing test reads like the process it proves.
"""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from nameden.models import Avdelning, Forvaltning, Namnd, Sammantrade
from nameden.roles import Roll
from remiss.models import Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_skicka
from remiss.services.registrering import remiss_registrera
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.factories import UserFactory, stockholm_mall


def pytest_collection_modifyitems(config, items):
    """Skip tests marked `postgres` unless the suite runs on PostgreSQL.

    They prove behaviour SQLite cannot show: row locks taken with SELECT … FOR UPDATE, which
    SQLite ignores (it locks the whole database per write transaction instead).
    """
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        return
    skip = pytest.mark.skip(
        reason="needs PostgreSQL (row locks, SELECT … FOR UPDATE): run with "
        "DATABASE_URL=postgres://…"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def clamd(tmp_path_factory):
    """A real clamd for the whole session (one per xdist worker: each is its own session),
    with the EICAR signature only (`nameden.clamd_lokal`): every upload is scanned, so every
    test that uploads needs it. Tests of a scanner that is down point CLAMD_SOCKET elsewhere
    with the `settings` fixture."""
    from django.conf import settings as django_settings

    from nameden import clamd_lokal

    lokal = clamd_lokal.starta(tmp_path_factory.mktemp("clamd"))
    tidigare = (django_settings.CLAMD_SOCKET, django_settings.CLAMD_HOST)
    django_settings.CLAMD_SOCKET, django_settings.CLAMD_HOST = str(lokal.socket), ""
    yield lokal
    django_settings.CLAMD_SOCKET, django_settings.CLAMD_HOST = tidigare
    lokal.stoppa()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """PBKDF2's many rounds cost a quarter second per persona; tests need no strong hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Every test stores uploaded and generated files in its own temporary folder."""
    location = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = location
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location},
        },
    }
    return location


@pytest.fixture
def migrator(django_db_serialized_rollback, transactional_db):
    """A migration executor on the test database (for the tests of data migrations) that
    leaves it fully migrated afterwards. With serialized rollback, as every other
    transactional test here: the flush after it then does not re-run post_migrate (which
    would recreate the role groups under new ids and collide with the next serialized
    test's restore)."""
    executor = MigrationExecutor(connection)
    senaste = executor.loader.graph.leaf_nodes()
    yield executor
    executor.loader.build_graph()
    executor.migrate(senaste)


@pytest.fixture
def sof(db) -> Forvaltning:
    return Forvaltning.objects.create(namn="Socialförvaltningen", kortnamn="SOF")


@pytest.fixture
def stab(sof) -> Avdelning:
    return Avdelning.objects.create(forvaltning=sof, namn="Stabsavdelningen")


@pytest.fixture
def socialnamnden(sof) -> Namnd:
    return Namnd.objects.create(namn="Socialnämnden", forvaltning=sof)


@pytest.fixture
def sammantrade(socialnamnden) -> Sammantrade:
    return Sammantrade.objects.create(namnd=socialnamnden, datum=dt.date(2024, 4, 23))


def _person(username, first, last, titel, roll, avdelning):
    return UserFactory(
        username=username,
        first_name=first,
        last_name=last,
        titel=titel,
        roll=roll,
        avdelning=avdelning,
    )


@pytest.fixture
def karin(stab):
    return _person("karin", "Karin", "Wallander", "Kommunikatör", Roll.HANDLAGGARE, stab)


@pytest.fixture
def hugo(stab):
    """Another handläggare in the same förvaltning, not assigned to the case."""
    return _person("hugo", "Hugo", "Berg", "Utredare", Roll.HANDLAGGARE, stab)


@pytest.fixture
def lisa(stab):
    person = _person("lisa", "Lisa", "Cadenius", "Avdelningschef", Roll.AVDELNINGSCHEF, stab)
    stab.chef = person
    stab.save()
    return person


@pytest.fixture
def veronica(stab, sof):
    person = _person(
        "veronica", "Veronica", "Wolgast Carstorp", "Socialdirektör", Roll.FORVALTNINGSCHEF, stab
    )
    sof.chef = person
    sof.save()
    return person


@pytest.fixture
def maria(stab):
    return _person("maria", "Maria", "Lind", "Registrator", Roll.REGISTRATOR, stab)


@pytest.fixture
def johan(stab):
    return _person("johan", "Johan", "Ek", "Nämndsekreterare", Roll.NAMNDSEKRETERARE, stab)


@pytest.fixture
def per(stab):
    return _person("per", "Per", "Holm", "Utredare", Roll.LASARE, stab)


@pytest.fixture
def utomstaende(db):
    """A handläggare of another förvaltning: must never see SOF's remisser."""
    from tests.factories import AvdelningFactory, ForvaltningFactory

    avdelning = AvdelningFactory(
        forvaltning=ForvaltningFactory(namn="Stadsledningskontoret", kortnamn="SLK")
    )
    return _person("olof", "Olof", "Utom", "Utredare", Roll.HANDLAGGARE, avdelning)


@pytest.fixture
def registrera(maria, karin, socialnamnden):
    """Register a remiss (KS 2024/112 unless told otherwise) as Maria, assigned to Karin.

    Tests register several remisser with the same avsändarens diarienummer, so the fixture
    confirms "Registrera ändå"; tests of that warning pass `registrera_anda=False`.
    """

    def _registrera(**overrides):
        data = {
            "registrera_anda": True,
            "user": maria,
            "avsandare": "Kommunstyrelsen",
            "avsandarens_diarienummer": "KS 2024/112",
            "rubrik": "Remiss av Kommunikationsprogram för Stockholms stad",
            "inkom_datum": dt.date(2024, 3, 1),
            "svarsdatum": dt.date(2024, 4, 30),
            "namnder": [socialnamnden],
            "handlaggare": karin,
        }
        data.update(overrides)
        return remiss_registrera(**data)

    return _registrera


@pytest.fixture
def remiss(registrera):
    return registrera()


@pytest.fixture
def tu(remiss, karin, lisa, veronica):
    """A remiss under beredning, with its tjänsteutlåtande from the Stockholm mall."""
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
    remiss.refresh_from_db()
    return remiss.tjansteutlatande


# --- Attest -------------------------------------------------------------------------------

TEXTER = {
    "sammanfattning": "Förvaltningen är positiv.",
    "bakgrund": "Staden har haft riktlinjer sedan 1990-talet.",
    "arendet": "Programmet anger tre mål.",
    "synpunkter": "Förvaltningen instämmer.",
}


def fyll_i(tu, user):
    """Fill every required section, so the document may be sent for attest."""
    for nyckel, text in TEXTER.items():
        tu = tjansteutlatande_spara_avsnitt(
            user=user, tu=tu, nyckel=nyckel, text=text, bas_version=tu.version
        )
    return tu


@pytest.fixture
def klar(tu, karin):
    """A complete draft, ready to send."""
    return fyll_i(tu, karin)


@pytest.fixture
def skickad(klar, karin):
    """Sent for attest: waiting for Lisa, then Veronica."""
    attest_skicka(user=karin, tu=klar)
    return Tjansteutlatande.objects.select_related("remiss").get(pk=klar.pk)
