"""`manage.py export_handlingar --namnd NAMN --datum YYYY-MM-DD --out FILE [--offentlig]`:
the same build as the page, written atomically, with Swedish errors."""

import datetime as dt
import io

import pikepdf
import pytest
from django.core.management import CommandError, call_command

from nameden.models import Handlingspaket, Namnd
from nameden.roles import Roll
from tests.factories import AvdelningFactory, ForvaltningFactory, KommunFactory, UserFactory
from tests.nameden.conftest import skapa
from tests.nameden.fabriker_paket import anmal_med_handlingar, las_paket, sidtexter

pytestmark = pytest.mark.django_db


def _export(*args) -> str:
    ut = io.StringIO()
    call_command("export_handlingar", *args, stdout=ut)
    return ut.getvalue()


def test_builds_stores_and_writes_the_packet_then_reuses_it(johan, mote, tmp_path):
    """GIVEN no packet WHEN exported THEN it is built and stored and the file written is the
    stored one; exported again unchanged, the stored packet is written as it is."""
    anmal_med_handlingar(johan, mote, 1)
    ut = tmp_path / "ut" / "paket.pdf"
    ut.parent.mkdir()

    forsta = _export("--namnd", "socialnämnden", "--datum", "2024-04-23", "--out", str(ut))

    full = mote.handlingspaket.get(version=Handlingspaket.Version.FULLSTANDIG)
    assert ut.read_bytes() == las_paket(full)
    assert "skapades nu" in forsta
    with pikepdf.open(ut) as pdf:
        assert len(pdf.pages) == full.sidor
    andra = _export("--namnd", "Socialnämnden", "--datum", "2024-04-23", "--out", str(ut))
    assert "var aktuellt och skrevs ut oförändrat" in andra
    assert list(ut.parent.iterdir()) == [ut]  # no temporary file left behind


def test_the_public_version(johan, mote, tmp_path):
    anmal_med_handlingar(johan, mote, 1, sekretess=True, rubrik="Hemligt ärende")
    ut = tmp_path / "offentlig.pdf"

    _export("--namnd", "Socialnämnden", "--datum", "2024-04-23", "--offentlig", "--out", str(ut))

    text = " ".join(sidtexter(ut.read_bytes()))
    assert "Offentlig version" in text and "Hemligt ärende" not in text


@pytest.mark.parametrize(
    "namnd,datum,fel",
    [
        ("Kulturnämnden", "2024-04-23", "Det finns ingen nämnd som heter ”Kulturnämnden”"),
        ("Socialnämnden", "2024-04-24", "Socialnämnden har inget sammanträde 2024-04-24"),
        ("Socialnämnden", "2024-02-30", "Datumet ”2024-02-30” går inte att läsa"),
        ("Socialnämnden", "23/4", "Skriv det som ÅÅÅÅ-MM-DD"),
    ],
)
def test_swedish_errors(mote, tmp_path, namnd, datum, fel):
    ut = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match=fel):
        _export("--namnd", namnd, "--datum", datum, "--out", str(ut))
    assert not ut.exists()


def test_a_failed_build_is_an_error_and_writes_nothing(johan, mote, tmp_path):
    from nameden.services.foredragningslista import HandlingVarde, arende_anmal

    arende_anmal(
        user=johan,
        sammantrade=mote,
        kalla="remiss",
        referens="x",
        rubrik="Trasig",
        diarienummer="",
        forslag_till_beslut="",
        handlingar=[HandlingVarde("Trasig", b"%PDF-1.4 inte alls")],
    )
    ut = tmp_path / "x.pdf"
    with pytest.raises(CommandError, match="Handlingen ”Trasig”"):
        _export("--namnd", "Socialnämnden", "--datum", "2024-04-23", "--out", str(ut))
    assert not ut.exists()


def test_an_unwritable_target_is_a_swedish_error(johan, mote, tmp_path):
    with pytest.raises(CommandError, match="Kunde inte skriva"):
        _export(
            "--namnd",
            "Socialnämnden",
            "--datum",
            "2024-04-23",
            "--out",
            str(tmp_path / "saknas" / "x.pdf"),
        )


# --- Two kommuner with a nämnd of the same name: --kommun SLUG ----------------------------


@pytest.fixture
def solnas_mote(db):
    """Solna stad's own Socialnämnden, meeting the same day as Stockholm's."""
    solna = KommunFactory(namn="Solna stad", slug="solna")
    forvaltning = ForvaltningFactory(kommun=solna, namn="Socialförvaltningen", kortnamn="SOF")
    avdelning = AvdelningFactory(forvaltning=forvaltning)
    sekreterare = UserFactory(roll=Roll.NAMNDSEKRETERARE, avdelning=avdelning)
    namnd = Namnd.objects.create(namn="Socialnämnden", forvaltning=forvaltning)
    return skapa(sekreterare, namnd, dt.date(2024, 4, 23))


def test_two_kommuners_namnder_of_one_name_ask_for_the_kommun(mote, solnas_mote, tmp_path):
    """GIVEN Stockholm's and Solna's Socialnämnden meeting the same day WHEN exported by name
    alone THEN a Swedish error names both kommuner with their --kommun, and nothing is
    written."""
    ut = tmp_path / "x.pdf"
    with pytest.raises(CommandError) as exc:
        _export("--namnd", "Socialnämnden", "--datum", "2024-04-23", "--out", str(ut))

    fel = str(exc.value)
    assert "Flera nämnder heter ”Socialnämnden”" in fel and "Ange vilken kommun" in fel
    assert "Socialnämnden (Solna stad, --kommun solna)" in fel
    assert f"--kommun {mote.namnd.kommun.slug})" in fel
    assert not ut.exists()


def test_kommun_picks_that_kommuns_namnd(mote, solnas_mote, tmp_path):
    """GIVEN the same two nämnder WHEN exported with --kommun solna THEN Solna's sammanträde's
    packet is built and written; Stockholm's is untouched."""
    ut = tmp_path / "solna.pdf"

    _export(
        "--namnd", "Socialnämnden", "--datum", "2024-04-23", "--kommun", "SOLNA", "--out", str(ut)
    )

    paket = solnas_mote.handlingspaket.get(version=Handlingspaket.Version.FULLSTANDIG)
    assert ut.read_bytes() == las_paket(paket)
    assert not mote.handlingspaket.exists()


def test_an_unknown_kommun_is_a_swedish_error_for_both_commands(mote, solnas_mote, tmp_path):
    """GIVEN the kommuner kommunen and solna WHEN --kommun names neither THEN export_handlingar
    and export_protokoll both say so and list the kortadresser."""
    ut = tmp_path / "x.pdf"
    for kommando in ("export_handlingar", "export_protokoll"):
        with pytest.raises(CommandError) as exc:
            call_command(
                kommando,
                "--namnd",
                "Socialnämnden",
                "--datum",
                "2024-04-23",
                "--kommun",
                "taby",
                "--out",
                str(ut),
                stdout=io.StringIO(),
            )
        assert "Det finns ingen kommun med kortadressen ”taby”" in str(exc.value)
        assert "solna" in str(exc.value)
    assert not ut.exists()
