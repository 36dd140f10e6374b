"""Migrations 0008/0009: the per-nämnd rows for remisser anmälda or decided before them.

The data step (`fyll_i`) is run with the current models (its `apps.get_model` calls take any
registry): the lead regenerates nameden's migrations, so the test does not depend on
migrating nameden back and forth. The graph test reads 0008 and 0009 as files.
"""

import importlib

import pytest
from django.apps import apps as django_apps

from nameden.models import Namnd
from nameden.sparmanager import untracked_writes
from remiss import events
from remiss.models import Namndbehandling, Remiss
from remiss.workflow import Status
from tests.remiss.namnd_verktyg import BESLUTSTEXT, anmal, attestera, mote

pytestmark = pytest.mark.django_db

steg = importlib.import_module("remiss.migrations.0009_namndbehandling_fran_tidigare")


@pytest.fixture
def aldrenamnden(sof) -> Namnd:
    return Namnd.objects.create(namn="Äldrenämnden", forvaltning=sof)


def _som_fore_0008(remiss: Remiss, status: Status | None = None) -> None:
    """Test setup: no per-nämnd rows (as before 0008), optionally the status the old
    interface moved the whole remiss to, and its old beslut event."""
    Namndbehandling.history.model.objects.all().delete()
    with untracked_writes("test set-up: the rows as before migration 0008"):
        Namndbehandling.objects.all().delete()
    if status is not None:
        with untracked_writes("test set-up: the rows as before migration 0008"):
            Remiss.objects.filter(pk=remiss.pk).update(status=status)
        events.Handelse.objects.create(
            remiss=remiss,
            typ="beslut_fattat",
            text="Nämndens beslut: förvaltningens förslag med ändringar.",
            kommentar=BESLUTSTEXT,
        )


def test_an_anmald_remiss_gets_its_namnds_row(
    registrera, karin, lisa, veronica, johan, socialnamnden
):
    """GIVEN a remiss anmäld to Socialnämnden's sammanträde before 0008 WHEN the data step runs
    THEN Socialnämnden's row is anmäld to that sammanträde, with a history row saying why."""
    remiss = attestera(registrera(), karin, lisa, veronica)
    sammantrade = mote(johan, socialnamnden)
    anmal(johan, remiss, sammantrade)
    _som_fore_0008(remiss)

    steg.fyll_i(django_apps, None)

    rad = Namndbehandling.objects.get()
    assert (rad.remiss, rad.namnd, rad.status, rad.sammantrade, rad.anmald_av) == (
        remiss,
        socialnamnden,
        Namndbehandling.Status.ANMALD,
        sammantrade,
        johan,
    )
    assert steg.ORSAK in {h.history_change_reason for h in rad.history.all()}


def test_a_besvarad_remiss_gets_an_expedierad_row_per_namnd(
    registrera, karin, lisa, veronica, socialnamnden, aldrenamnden
):
    """GIVEN a remiss of two nämnder that the old interface moved to besvarad WHEN the data
    step runs THEN each nämnd is expedierad with the beslut's kind and wording from the
    timeline; reversing removes the rows."""
    remiss = attestera(registrera(namnder=[socialnamnden, aldrenamnden]), karin, lisa, veronica)
    _som_fore_0008(remiss, Status.BESVARAD)

    steg.fyll_i(django_apps, None)

    rader = Namndbehandling.objects.order_by("namnd__namn")
    assert [(r.namnd, r.status, r.beslut_slag, r.beslut_text) for r in rader] == [
        (socialnamnden, "expedierad", "andrat", BESLUTSTEXT),
        (aldrenamnden, "expedierad", "andrat", BESLUTSTEXT),
    ]
    # The live registry stands in for the migration's state here; in a real migration the
    # historical models have Django's plain manager (nameden.sparmanager).
    with untracked_writes("test: a data migration run with the live models"):
        steg.tom(django_apps, None)
    assert not Namndbehandling.objects.exists()


def test_0009_follows_0008_which_adds_the_model_and_the_field():
    """GIVEN the migration files WHEN read THEN 0008 adds the address and the model after
    0007, and 0009 is one data step after 0008."""
    schema = importlib.import_module("remiss.migrations.0008_namndbehandling_avsandare_epost")
    schema, data = schema.Migration, steg.Migration

    assert ("remiss", "0007_slutversion_en_gallande_per_innehall") in schema.dependencies
    assert {type(op).__name__ for op in schema.operations} == {"AddField", "CreateModel"}
    assert ("remiss", "0008_namndbehandling_avsandare_epost") in data.dependencies
    assert [type(op).__name__ for op in data.operations] == ["RunPython"]
