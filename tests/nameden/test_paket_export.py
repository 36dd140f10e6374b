"""`manage.py export_handlingar --namnd NAMN --datum YYYY-MM-DD --out FILE [--offentlig]`:
the same build as the page, written atomically, with Swedish errors."""

import io

import pikepdf
import pytest
from django.core.management import CommandError, call_command

from nameden.models import Handlingspaket
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
