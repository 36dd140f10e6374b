"""Migration 0005 gives every existing document its own header without voiding an attestation.

Each test builds an attested case with today's code, turns its approvals into ones made before
0005 (remiss-tu/1 fingerprints; the test for that format pins it to the old code's output),
migrates remiss back to 0004 (the header columns go) and forward again, so that the data step
fills the header from the organisation as it stands.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from remiss import attestlage, fingeravtryck
from remiss.dokument import dokument_for
from remiss.models import Attestering, Remiss, Slutversion, Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_godkann, attest_skicka
from tests.conftest import fyll_i
from tests.factories import stockholm_mall
from tests.remiss.huvud_verktyg import huvud_spara

stockholm_migration = importlib.import_module("remiss.migrations.0002_stockholm_mall")

FORE = [("remiss", "0004_slutversion")]
EFTER = [("remiss", "0005_dokumenthuvud")]


def _migrera(executor, target):
    executor.loader.build_graph()
    executor.migrate(target)


def _las(pk) -> Tjansteutlatande:
    return Tjansteutlatande.objects.get(pk=pk)


@pytest.fixture
def attesterad_fore_0005(migrator, registrera, karin, lisa, veronica, sammantrade):
    """Karin's document for the meeting of 23 April, attested by Lisa and Veronica with
    remiss-tu/1 fingerprints, as an attestation made before 0005 is stored. Returns its pk."""
    # A transactional test before this one may have flushed the mall migration 0002 ships.
    stockholm_migration.create_mall(django_apps, None)
    remiss = registrera()
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
    tu = fyll_i(Remiss.objects.get(pk=remiss.pk).tjansteutlatande, karin)
    tu = huvud_spara(tu, karin, sammantrade=sammantrade, undertecknare=[veronica, lisa])
    attest_skicka(user=karin, tu=tu)
    attest_godkann(user=lisa, tu=_las(tu.pk))
    attest_godkann(user=veronica, tu=_las(tu.pk))
    v1 = fingeravtryck.fingeravtryck(dokument_for(_las(tu.pk)), "remiss-tu/1")
    # Test setup: the rows as the code before 0005 wrote them (it knew only remiss-tu/1).
    for rad in [*Attestering.objects.all(), *Slutversion.objects.all()]:
        rad.fingeravtryck, rad.fingeravtryck_format = v1, "remiss-tu/1"
        rad.save()
    assert attestlage.ar_attesterad(_las(tu.pk))
    return tu.pk


def test_the_migration_fills_the_header_from_today_and_the_attestation_holds(
    migrator, attesterad_fore_0005, karin, stab
):
    """GIVEN an attested document from before 0005 WHEN Karin's titel, e-post and unit change
    (nothing the document printed then) and the migration runs THEN the header holds today's
    values, the attestation still holds, and no version or history row was added."""
    pk = attesterad_fore_0005
    tu = _las(pk)
    fore = (tu.version, tu.andrad_at, Tjansteutlatande.history.count())
    migrator.migrate(FORE)
    karin.titel, karin.email = "Kommunikationsstrateg", "karin.ny@example.org"
    karin.save()
    stab.namn = "Kommunikationsavdelningen"
    stab.save()

    _migrera(migrator, EFTER)
    historisk = migrator.loader.project_state(EFTER).apps
    rader = historisk.get_model("remiss", "HistoricalTjansteutlatande").objects.filter(id=pk)
    _migrera(migrator, migrator.loader.graph.leaf_nodes())

    tu = _las(pk)
    assert (
        tu.diarienummer,
        tu.forvaltning_namn,
        tu.enhet,
        tu.handlaggare_namn,
        tu.handlaggare_titel,
        tu.handlaggare_telefon,
        tu.handlaggare_epost,
        tu.till,
        tu.sammantradesdatum.isoformat(),
        tu.datum,
    ) == (
        tu.remiss.diarienummer,
        "Socialförvaltningen",
        "Kommunikationsavdelningen",
        "Karin Wallander",
        "Kommunikationsstrateg",
        karin.telefon,
        "karin.ny@example.org",
        ["Socialnämnden"],
        "2024-04-23",
        timezone.localdate(tu.history.earliest("history_date").history_date),
    )
    assert attestlage.ar_attesterad(tu)
    assert {a.fingeravtryck_format for a in Attestering.objects.all()} == {"remiss-tu/1"}
    assert (tu.version, tu.andrad_at, Tjansteutlatande.history.count()) == fore
    # Every saved version says the same header, so comparing versions shows no false change.
    assert {(r.handlaggare_namn, r.enhet, tuple(r.till)) for r in rader} == {
        ("Karin Wallander", "Kommunikationsavdelningen", ("Socialnämnden",))
    }


def test_an_attestation_void_before_the_migration_stays_void(migrator, attesterad_fore_0005, sof):
    """GIVEN an attested document from before 0005 WHEN the förvaltning is renamed (so the
    document, which printed the förvaltning's name, no longer reads as attested) and the
    migration runs THEN the header has the new name and the attestation is still void."""
    pk = attesterad_fore_0005
    migrator.migrate(FORE)
    sof.namn = "Socialförvaltningen i Stockholms stad"
    sof.save()

    _migrera(migrator, migrator.loader.graph.leaf_nodes())

    tu = _las(pk)
    assert tu.forvaltning_namn == "Socialförvaltningen i Stockholms stad"
    assert not attestlage.ar_attesterad(tu)
