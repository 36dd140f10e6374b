"""Paragraph numbers (§ N): per nämnd and year, in agenda order, never handed out twice.

The concurrency tests need committed data and their own connections per thread, hence
`transaction=True`; `serialized_rollback=True` restores the role groups afterwards. On
PostgreSQL a third connection holds the series row (or the uncommitted INSERT that creates
it) while two requests numbering two sammanträden of the same nämnd queue behind it; on
SQLite two threads start at once and the IMMEDIATE transactions serialise them.
"""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction

from nameden.models import Paragraf, Paragrafserie, Punkt, User
from nameden.services.foredragningslista import punkt_dra_tillbaka, punkt_lagg_till
from nameden.services.motet import protokollforing_oppna
from tests.factories import NamndFactory
from tests.lasko import vanta_tills_blockerade
from tests.nameden.fabriker_motet import kallat, namnden  # noqa: F401 (fixtures)


def nummer(mote) -> list[tuple[int, str]]:
    return list(
        Paragraf.objects.filter(punkt__sammantrade=mote)
        .order_by("nummer")
        .values_list("nummer", "punkt__rubrik")
    )


@pytest.mark.django_db
def test_numbers_follow_the_agenda_order(johan, socialnamnden):
    """GIVEN the opening punkter and two ärenden WHEN the protokollföring starts THEN § 1–6
    in the list's order."""
    mote = kallat(johan, socialnamnden, dt.date(2024, 4, 23), punkter=2)

    protokollforing_oppna(user=johan, sammantrade=mote)

    assert nummer(mote) == [
        (1, "Upprop"),
        (2, "Val av justerare och tid för justering"),
        (3, "Fastställande av föredragningslistan"),
        (4, "Anmälan av jäv"),
        (5, "Ärende 1"),
        (6, "Ärende 2"),
    ]
    assert mote.handelser.filter(typ="paragrafer_numrerade", text__contains="§ 1–6").exists()


@pytest.mark.django_db
def test_the_series_continues_in_the_year_restarts_next_year_and_is_per_namnd(johan, socialnamnden):
    """GIVEN Socialnämnden's April meeting numbered § 1–5 WHEN its May meeting is numbered
    THEN § 6–10; its first meeting of 2025 starts at § 1 again, and so does another nämnd's
    (served by the same förvaltning) in 2024."""
    april = kallat(johan, socialnamnden, dt.date(2024, 4, 23))
    maj = kallat(johan, socialnamnden, dt.date(2024, 5, 21))
    januari = kallat(johan, socialnamnden, dt.date(2025, 1, 14))
    annan = kallat(johan, NamndFactory(forvaltning=socialnamnden.forvaltning), dt.date(2024, 4, 23))

    for mote in (april, maj, januari, annan):
        protokollforing_oppna(user=johan, sammantrade=mote)

    assert [n for n, _ in nummer(april)] == [1, 2, 3, 4, 5]
    assert [n for n, _ in nummer(maj)] == [6, 7, 8, 9, 10]
    assert [n for n, _ in nummer(januari)] == [1, 2, 3, 4, 5]
    assert [n for n, _ in nummer(annan)] == [1, 2, 3, 4, 5]
    assert Paragrafserie.objects.get(namnd=socialnamnden, ar=2024).senaste == 10


@pytest.mark.django_db
def test_a_number_is_never_reused_and_a_punkt_added_later_gets_the_next(johan, socialnamnden):
    """GIVEN § 1–6 WHEN withdrawing § 6's punkt is tried and a new punkt is added to the list
    THEN the withdrawal is refused (a numbered punkt keeps its §), the new one gets § 7; a
    punkt withdrawn before numbering gets none."""
    mote = kallat(johan, socialnamnden, dt.date(2024, 4, 23), punkter=3)
    punkt_dra_tillbaka(user=johan, punkt=mote.punkter.get(rubrik="Ärende 3"))
    protokollforing_oppna(user=johan, sammantrade=mote)
    with pytest.raises(ValidationError, match="redan § 6 i protokollet"):
        punkt_dra_tillbaka(user=johan, punkt=mote.punkter.get(rubrik="Ärende 2"))

    punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik="Ny")
    oppnad = protokollforing_oppna(user=johan, sammantrade=mote)

    assert [(p.nummer, p.punkt.rubrik) for p in oppnad.paragrafer] == [(7, "Ny")]
    assert nummer(mote)[-2:] == [(6, "Ärende 2"), (7, "Ny")]
    assert not Paragraf.objects.filter(punkt__rubrik="Ärende 3").exists()


@pytest.mark.django_db
def test_the_database_refuses_two_paragraphs_with_one_number(johan, socialnamnden):
    mote = kallat(johan, socialnamnden, dt.date(2024, 4, 23))
    protokollforing_oppna(user=johan, sammantrade=mote)
    ny = punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik="X")

    with pytest.raises(IntegrityError), transaction.atomic():
        Paragraf.objects.create(punkt=ny, namnd=socialnamnden, ar=2024, nummer=5)


# --- At the same time ------------------------------------------------------------------------


@pytest.fixture
def rollerna(transactional_db):
    """The role groups and their permissions, as after migrate. A flush between transactional
    tests restores only what the migrated apps serialised, which without migrations
    (`--no-migrations`) is nothing: post_migrate's handlers put them back (a no-op when they
    are there)."""
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def _numrera_i_trad(johan, mote, utfall, namn):
    def kor():
        try:
            oppnad = protokollforing_oppna(user=User.objects.get(pk=johan.pk), sammantrade=mote)
            utfall[namn] = [p.nummer for p in oppnad.paragrafer]
        except Exception as exc:
            utfall[namn] = repr(exc)
        finally:
            connection.close()

    return threading.Thread(target=kor, name=namn)


def _alla_nummer(namnd) -> list[int]:
    return sorted(Paragraf.objects.filter(namnd=namnd, ar=2024).values_list("nummer", flat=True))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sammantraden_numbered_at_once_queue_on_the_series(rollerna, johan, socialnamnden):
    """GIVEN two sammanträden of Socialnämnden in 2024 and the series row locked by a third
    connection WHEN both are numbered at once THEN both wait on the row, then run one after
    the other: one gets § 1–5, the other § 6–10, no number twice, no error."""
    april = kallat(johan, socialnamnden, dt.date(2024, 4, 23))
    maj = kallat(johan, socialnamnden, dt.date(2024, 5, 21))
    Paragrafserie.objects.create(namnd=socialnamnden, ar=2024)
    utfall: dict[str, object] = {}

    tradar = []
    with transaction.atomic():
        Paragrafserie.objects.select_for_update().get(namnd=socialnamnden, ar=2024)
        for antal, (namn, mote) in enumerate((("april", april), ("maj", maj)), start=1):
            trad = _numrera_i_trad(johan, mote, utfall, namn)
            trad.start()
            tradar.append(trad)
            vanta_tills_blockerade(antal, trad=trad)
    for trad in tradar:
        trad.join(timeout=60)
        assert not trad.is_alive()

    assert utfall == {"april": [1, 2, 3, 4, 5], "maj": [6, 7, 8, 9, 10]}
    assert _alla_nummer(socialnamnden) == list(range(1, 11))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_series_created_at_the_same_moment_is_created_once(rollerna, johan, socialnamnden):
    """GIVEN no series for 2024 yet, and a third connection inserting it (not committed)
    WHEN two sammanträden are numbered at once THEN both wait on that INSERT, then lock the
    one row it made: § 1–10 without a gap or a duplicate, one series row, no error."""
    april = kallat(johan, socialnamnden, dt.date(2024, 4, 23))
    maj = kallat(johan, socialnamnden, dt.date(2024, 5, 21))
    utfall: dict[str, object] = {}

    tradar = []
    with transaction.atomic():
        Paragrafserie.objects.create(namnd=socialnamnden, ar=2024)
        for antal, (namn, mote) in enumerate((("april", april), ("maj", maj)), start=1):
            trad = _numrera_i_trad(johan, mote, utfall, namn)
            trad.start()
            tradar.append(trad)
            vanta_tills_blockerade(antal, trad=trad)
    for trad in tradar:
        trad.join(timeout=60)
        assert not trad.is_alive()

    assert sorted(utfall.values()) == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]
    assert _alla_nummer(socialnamnden) == list(range(1, 11))
    assert Paragrafserie.objects.filter(namnd=socialnamnden, ar=2024).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_numbering_at_once_never_share_a_number(rollerna, johan, socialnamnden):
    """GIVEN three sammanträden of Socialnämnden in 2024, no series yet WHEN three threads
    number them at the same moment THEN every one succeeds and § 1–15 are handed out once
    each, each meeting's numbers in a row (on SQLite the IMMEDIATE transactions serialise
    them; on PostgreSQL the series lock does)."""
    moten = [kallat(johan, socialnamnden, dt.date(2024, m, 10)) for m in (4, 5, 6)]
    utfall: dict[str, object] = {}
    start = threading.Barrier(len(moten))

    def kor(namn, mote):
        try:
            start.wait(timeout=10)
            oppnad = protokollforing_oppna(user=User.objects.get(pk=johan.pk), sammantrade=mote)
            utfall[namn] = [p.nummer for p in oppnad.paragrafer]
        except Exception as exc:
            utfall[namn] = repr(exc)
        finally:
            connection.close()

    tradar = [threading.Thread(target=kor, args=(f"mote{i}", m)) for i, m in enumerate(moten)]
    for trad in tradar:
        trad.start()
    for trad in tradar:
        trad.join(timeout=60)
        assert not trad.is_alive()

    assert all(isinstance(v, list) for v in utfall.values()), utfall
    for numren in utfall.values():
        assert numren == list(range(numren[0], numren[0] + 5))
    assert _alla_nummer(socialnamnden) == list(range(1, 16))
