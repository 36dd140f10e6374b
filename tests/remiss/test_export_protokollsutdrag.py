"""`manage.py export_protokollsutdrag DNR --out FILE`: the answering nämnd's paragraf, by either
diarienummer, through the same service as the page.

Only remiss knows both numbers of a case, so the command is remiss's; the last test calls it
by name, as an operator does.
"""

import datetime as dt
import hashlib
import io

import pypdf
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.models import Namnd, Paragraf, Protokollsutdrag
from nameden.workflow import Status as MS
from remiss.management.commands.export_protokollsutdrag import Command
from remiss.models import Remiss
from tests.nameden.fabriker_utskick import justera
from tests.remiss.namnd_verktyg import anmal, attestera, mote

pytestmark = pytest.mark.django_db


@pytest.fixture
def aldrenamnden(sof) -> Namnd:
    return Namnd.objects.create(namn="Äldrenämnden", forvaltning=sof)


@pytest.fixture
def remiss2(registrera, socialnamnden, aldrenamnden, karin, lisa, veronica) -> Remiss:
    return attestera(registrera(namnder=[socialnamnden, aldrenamnden]), karin, lisa, veronica)


def besluta_och_justera(johan, remiss, namnd, datum, nummer) -> Paragraf:
    """The remiss anmäld to `namnd`'s sammanträde on `datum`, decided there as § `nummer`
    (the meeting's own services are another part's: the paragraf is written directly) and
    the protokoll justerat."""
    sammantrade = mote(johan, namnd, datum)
    punkt = anmal(johan, remiss, sammantrade)
    paragraf = Paragraf(
        punkt=punkt,
        namnd=namnd,
        ar=datum.year,
        nummer=nummer,
        text="Kommunstyrelsen har remitterat ett förslag till kommunikationsprogram.",
        slag=Paragraf.Beslutsslag.BIFALL,
        beslutstext=f"{namnd} godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
        beslutat_at=timezone.now(),
        beslutat_av=johan,
    )
    save_tracked(paragraf, user=johan, reason="Testdata")
    sammantrade.status = MS.GENOMFORT
    save_tracked(sammantrade, user=johan, reason="Testdata")
    justera(
        sammantrade, johan, justerat_at=timezone.make_aware(dt.datetime.combine(datum, dt.time(15)))
    )
    return paragraf


def _export(dnr, out, *args) -> str:
    stdout = io.StringIO()
    call_command(Command(), dnr, "--out", str(out), *args, stdout=stdout)
    return stdout.getvalue()


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_a_new_utdrag_is_taken_out_then_the_stored_one_is_exported(
    remiss2, johan, socialnamnden, tmp_path
):
    """GIVEN Socialnämnden decided the remiss as § 45 and its protokoll is justerat WHEN the
    command runs with --anvandare THEN a new certified utdrag is made through the service and
    written; WHEN it runs again without THEN the very same stored file is written."""
    paragraf = besluta_och_justera(johan, remiss2, socialnamnden, dt.date(2024, 4, 23), 45)
    ut = tmp_path / "utdrag.pdf"

    meddelande = _export(remiss2.diarienummer, ut, "--anvandare", "johan")

    (utdrag,) = Protokollsutdrag.objects.filter(paragraf=paragraf)
    data = ut.read_bytes()
    assert hashlib.sha256(data).hexdigest() == utdrag.sha256
    assert utdrag.bestyrkt_av == johan
    assert "§ 45" in _text(data)
    assert "ett nytt bestyrkt protokollsutdrag ur Socialnämnden (§ 45, 2024-04-23)" in meddelande

    igen = tmp_path / "igen.pdf"
    meddelande = _export("KS 2024/112", igen)
    assert igen.read_bytes() == data
    assert Protokollsutdrag.objects.count() == 1
    assert f"SHA-256 {utdrag.sha256}" in meddelande


def test_several_namnder_need_namnd_and_the_error_lists_them(
    remiss2, johan, socialnamnden, aldrenamnden, tmp_path
):
    """GIVEN both nämnder decided WHEN the command runs without --namnd THEN a Swedish error
    listing each nämnd with § and date; with --namnd (any case) THEN that nämnd's utdrag; an
    unknown --namnd is refused with the list."""
    besluta_och_justera(johan, remiss2, socialnamnden, dt.date(2024, 4, 23), 45)
    aldre = besluta_och_justera(johan, remiss2, aldrenamnden, dt.date(2024, 4, 25), 12)

    with pytest.raises(CommandError) as exc:
        _export(remiss2.diarienummer, tmp_path / "a.pdf", "--anvandare", "johan")
    assert str(exc.value) == (
        f"Remissen {remiss2.diarienummer} är beslutad av flera nämnder: Socialnämnden "
        "(§ 45, 2024-04-23), Äldrenämnden (§ 12, 2024-04-25). Välj en med --namnd NAMN."
    )

    _export(
        remiss2.diarienummer, tmp_path / "b.pdf", "--namnd", "äldrenämnden", "--anvandare", "johan"
    )
    assert Protokollsutdrag.objects.get().paragraf == aldre

    with pytest.raises(CommandError, match="Kulturnämnden har inte beslutat remissen"):
        _export(remiss2.diarienummer, tmp_path / "c.pdf", "--namnd", "Kulturnämnden")


def test_without_a_beslut_there_is_nothing_to_export(remiss2, tmp_path):
    """GIVEN no nämnd has decided WHEN the command runs THEN a Swedish error, no file."""
    with pytest.raises(CommandError, match="Ingen nämnd har beslutat remissen"):
        _export(remiss2.diarienummer, tmp_path / "x.pdf")

    assert not (tmp_path / "x.pdf").exists()


def test_without_a_stored_utdrag_a_user_must_be_named(remiss2, johan, socialnamnden, tmp_path):
    """GIVEN a justerad paragraf without any utdrag WHEN the command runs without --anvandare
    THEN a Swedish error saying how to get one; with a läsare THEN refused by the policy,
    as on the page."""
    besluta_och_justera(johan, remiss2, socialnamnden, dt.date(2024, 4, 23), 45)

    with pytest.raises(CommandError, match="har inget protokollsutdrag än"):
        _export(remiss2.diarienummer, tmp_path / "x.pdf")
    with pytest.raises(CommandError, match="Det finns ingen aktiv användare"):
        _export(remiss2.diarienummer, tmp_path / "x.pdf", "--anvandare", "ingen")


def test_a_reader_may_not_take_out_an_utdrag(remiss2, johan, per, socialnamnden, tmp_path):
    """GIVEN a justerad paragraf WHEN a läsare is named to certify a new utdrag THEN the
    policy refuses, as on the page, and nothing is stored."""
    besluta_och_justera(johan, remiss2, socialnamnden, dt.date(2024, 4, 23), 45)

    with pytest.raises(CommandError, match="Du får inte"):
        _export(remiss2.diarienummer, tmp_path / "x.pdf", "--anvandare", "per")

    assert not Protokollsutdrag.objects.exists()


def test_an_unknown_diarienummer_is_refused(db, tmp_path):
    """GIVEN no remiss with the number WHEN the command runs THEN the export_pdf message."""
    with pytest.raises(CommandError, match="Ingen remiss har diarienumret"):
        _export("KS 1999/1", tmp_path / "x.pdf")


def test_the_command_is_found_by_its_name_and_takes_the_senders_number(
    remiss2, johan, socialnamnden, tmp_path
):
    """GIVEN Socialnämnden's justerat § 45 WHEN `manage.py export_protokollsutdrag` runs by
    name with the sender's diarienummer THEN remiss's command writes the certified utdrag."""
    besluta_och_justera(johan, remiss2, socialnamnden, dt.date(2024, 4, 23), 45)
    ut = tmp_path / "utdrag.pdf"

    call_command(
        "export_protokollsutdrag",
        "KS 2024/112",
        "--out",
        str(ut),
        "--anvandare",
        "johan",
        "--namnd",
        "Socialnämnden",
        stdout=io.StringIO(),
    )

    assert "Utdragsbestyrkande" in _text(ut.read_bytes())
