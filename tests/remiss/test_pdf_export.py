"""`manage.py export_pdf DNR --out FILE`: by the förvaltning's or the sender's diarienummer."""

import io

import pytest
from django.core.management import CommandError, call_command

from remiss.models import Remiss, Slutversion
from tests.factories import (
    AvdelningFactory,
    ForvaltningFactory,
    NamndFactory,
    Roll,
    UserFactory,
)
from tests.remiss.pdf_verktyg import sidtexter

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    call_command("seed_demo", stdout=io.StringIO())
    return Remiss.objects.get(avsandarens_diarienummer="KS 2024/112")


def _export(dnr: str, out) -> str:
    stdout = io.StringIO()
    call_command("export_pdf", dnr, "--out", str(out), stdout=stdout)
    return stdout.getvalue()


@pytest.mark.parametrize("dnr", ["KS 2024/112", "SOF 2024/1", "sof  2024/1"])
def test_exports_the_stored_final_version_by_either_diarienummer(demo, tmp_path, dnr):
    out = tmp_path / "tu.pdf"
    meddelande = _export(dnr, out)
    slutversion = Slutversion.objects.get(tjansteutlatande__remiss=demo)
    with slutversion.fil.open("rb") as fil:
        assert out.read_bytes() == fil.read()
    assert "den slutliga versionen" in meddelande


def test_a_draft_is_rendered_now_and_marked_utkast(tu, tmp_path):
    out = tmp_path / "utkast.pdf"
    meddelande = _export(tu.remiss.diarienummer, out)
    assert all("UTKAST" in sida for sida in sidtexter(out.read_bytes()))
    assert "märkt UTKAST" in meddelande


def test_unknown_diarienummer_is_a_swedish_error(db, tmp_path):
    with pytest.raises(CommandError, match="Ingen remiss har diarienumret ”KS 1999/1”"):
        _export("KS 1999/1", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_a_remiss_without_tjansteutlatande_is_an_error(remiss, tmp_path):
    with pytest.raises(CommandError, match="har inget tjänsteutlåtande ännu"):
        _export(remiss.diarienummer, tmp_path / "x.pdf")


def test_a_sender_dnr_sent_to_several_forvaltningar_lists_them(registrera, tmp_path):
    """KS sends one remiss to many nämnder: the sender's number is then ambiguous, and the
    error names each förvaltning's own number to use instead."""
    forsta = registrera()
    avdelning = AvdelningFactory(
        forvaltning=ForvaltningFactory(namn="Stadsledningskontoret", kortnamn="SLK")
    )
    andra = registrera(
        user=UserFactory(roll=Roll.REGISTRATOR, avdelning=avdelning),
        handlaggare=UserFactory(roll=Roll.HANDLAGGARE, avdelning=avdelning),
        namnder=[NamndFactory(forvaltning=avdelning.forvaltning)],
    )
    with pytest.raises(CommandError) as exc:
        _export("KS 2024/112", tmp_path / "x.pdf")
    assert "finns på 2 remisser" in str(exc.value)
    assert f"{forsta.diarienummer} (Socialförvaltningen, Kommunen)" in str(exc.value)
    assert f"{andra.diarienummer} (Stadsledningskontoret, Kommunen)" in str(exc.value)
