"""Every upload is scanned by clamd; without a verdict, uploads fail closed.

The clamd is real (Debian's daemon, the session's fixture in tests/conftest.py) with a
signature file that knows only EICAR; "down" is a socket path where nothing listens, or a
listener that is not clamd.
"""

import io
import logging
import socket
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nameden import virusskanning
from nameden.clamd_lokal import EICAR, SIGNATUR
from remiss.models import Bilaga
from remiss.services.bilagor import bilaga_ladda_upp
from tests.remiss.test_bilagor import pdf_bytes

FUNNEN = f"{SIGNATUR}.UNOFFICIAL"


def _filer(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_the_eicar_string_is_found_by_its_signature():
    """GIVEN the session's clamd WHEN the EICAR test string is streamed to it THEN it names
    the signature."""
    assert virusskanning.skanna(io.BytesIO(EICAR)) == FUNNEN


def test_a_clean_pdf_is_clean():
    """GIVEN a real PDF WHEN scanned THEN clamd finds nothing, and the file is back at 0."""
    fil = io.BytesIO(pdf_bytes())

    assert virusskanning.skanna(fil) is None
    assert fil.tell() == 0


def test_a_file_larger_than_one_chunk_is_streamed_whole():
    """GIVEN EICAR after 1 MB of clean bytes (many INSTREAM chunks) WHEN scanned THEN found:
    every chunk reached clamd."""
    assert virusskanning.skanna(io.BytesIO(b"a" * (1024 * 1024) + EICAR)) == FUNNEN


def test_clamd_answers_ping():
    """GIVEN the session's clamd WHEN pinged THEN it answers."""
    assert virusskanning.ping()


@pytest.mark.django_db
def test_an_infected_pdf_is_refused_and_nothing_is_stored(tu, karin, private_storage, caplog):
    """GIVEN a real PDF with the EICAR string in it WHEN Karin uploads it THEN refused with
    the Swedish message naming what was found, logged, no row and no file."""
    fil = SimpleUploadedFile("program.pdf", pdf_bytes() + b"%" + EICAR + b"\n")

    with (
        caplog.at_level(logging.WARNING, logger="nameden.virusskanning"),
        pytest.raises(ValidationError) as exc,
    ):
        bilaga_ladda_upp(user=karin, tu=tu, fil=fil, titel="Programmet")

    assert exc.value.message_dict == {"fil": [virusskanning.fel_virus(FUNNEN)]}
    assert "Virussökningen hittade skadlig kod i filen" in exc.value.message_dict["fil"][0]
    assert f"clamd found {FUNNEN}" in caplog.text
    assert not Bilaga.objects.exists()
    assert _filer(private_storage) == []


@pytest.mark.django_db
def test_a_clean_pdf_is_accepted(tu, karin):
    """GIVEN a clean PDF WHEN uploaded THEN stored: scanning lets it through."""
    bilaga = bilaga_ladda_upp(
        user=karin, tu=tu, fil=SimpleUploadedFile("program.pdf", pdf_bytes()), titel="Programmet"
    )

    assert bilaga.filtyp == "pdf"


@pytest.mark.django_db
def test_with_clamd_unreachable_uploads_fail_closed(
    tu, karin, private_storage, settings, tmp_path, caplog
):
    """GIVEN CLAMD_SOCKET where nothing listens WHEN Karin uploads a clean PDF THEN refused
    with the message that the scanner does not answer, logged as an error, nothing stored."""
    settings.CLAMD_SOCKET = str(tmp_path / "ingen.sock")

    with (
        caplog.at_level(logging.ERROR, logger="nameden.virusskanning"),
        pytest.raises(ValidationError) as exc,
    ):
        bilaga_ladda_upp(user=karin, tu=tu, fil=SimpleUploadedFile("a.pdf", pdf_bytes()), titel="A")

    assert exc.value.message_dict == {"fil": [virusskanning.FEL_OTILLGANGLIG]}
    assert "virus scanner gave no verdict" in caplog.text
    assert not Bilaga.objects.exists()
    assert _filer(private_storage) == []


@pytest.fixture
def inte_clamd(tmp_path):
    """A Unix socket whose listener reads the request and hangs up without a verdict."""
    path = tmp_path / "fel.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)

    def svara():
        conn, _ = server.accept()
        with conn:
            conn.recv(16)
            conn.sendall(b"UNKNOWN COMMAND\x00")

    thread = threading.Thread(target=svara, daemon=True)
    thread.start()
    yield path
    thread.join(timeout=5)
    server.close()


def test_an_answer_that_is_no_verdict_fails_closed(settings, inte_clamd):
    """GIVEN a listener that answers something other than OK or FOUND WHEN a file is checked
    THEN refused as unscanned: only clamd's clean verdict lets a file through."""
    settings.CLAMD_SOCKET = str(inte_clamd)

    with pytest.raises(ValidationError) as exc:
        virusskanning.kontrollera(io.BytesIO(pdf_bytes()))

    assert exc.value.messages == [virusskanning.FEL_OTILLGANGLIG]


def test_over_tcp_a_closed_port_fails_closed(settings):
    """GIVEN CLAMD_HOST and a port where nothing listens WHEN a file is checked THEN refused
    as unscanned (the TCP path, as docker compose's clamd is reached)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.CLAMD_HOST, settings.CLAMD_PORT = "127.0.0.1", port

    with pytest.raises(ValidationError) as exc:
        virusskanning.kontrollera(io.BytesIO(pdf_bytes()))

    assert exc.value.messages == [virusskanning.FEL_OTILLGANGLIG]
