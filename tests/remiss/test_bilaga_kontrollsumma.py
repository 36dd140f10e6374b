"""A bilaga's SHA-256 is checked on every download, as the final PDF's is."""

import hashlib
import logging
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from remiss.services.bilagor import bilaga_ladda_upp

pytestmark = pytest.mark.django_db

# Every upload must parse as a PDF (nameden.filkontroll): a catalog, its page tree, a page.
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
ANDRAD = PDF.replace(b"Catalog", b"Katalog")


@pytest.fixture
def bilaga(tu, karin):
    fil = SimpleUploadedFile("program.pdf", PDF, content_type="application/pdf")
    return bilaga_ladda_upp(user=karin, tu=tu, fil=fil, titel="Kommunikationsprogram")


def _hamta(client, bilaga):
    url = reverse("remiss:bilaga_hamta", args=[bilaga.tjansteutlatande.remiss_id, bilaga.pk])
    return client.get(url)


def test_an_intact_bilaga_is_served(client, per, bilaga):
    """GIVEN a stored bilaga WHEN Per downloads it THEN he gets its bytes."""
    client.force_login(per)

    response = _hamta(client, bilaga)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


def test_a_changed_file_is_not_served_and_is_logged(client, per, bilaga, caplog):
    """GIVEN the stored file was changed behind the app's back WHEN Per downloads it THEN no
    byte of it is served, the error page answers instead, and an error names both hashes."""
    Path(bilaga.fil.path).write_bytes(ANDRAD)
    client.force_login(per)

    with caplog.at_level(logging.ERROR, logger="remiss.selectors.filer"):
        response = _hamta(client, bilaga)

    assert response.status_code == 500
    assert not response.streaming
    assert b"Katalog" not in response.content
    assert "Något gick fel" in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "remiss.selectors.filer"]
    assert record.levelno == logging.ERROR
    message = record.getMessage()
    assert hashlib.sha256(ANDRAD).hexdigest() in message
    assert bilaga.sha256 in message


def test_a_missing_file_is_not_served_and_is_logged(client, per, bilaga, caplog):
    """GIVEN the stored file is gone WHEN Per downloads the bilaga THEN the error page answers
    and the missing file is logged as an error."""
    Path(bilaga.fil.path).unlink()
    client.force_login(per)

    with caplog.at_level(logging.ERROR, logger="remiss.selectors.filer"):
        response = _hamta(client, bilaga)

    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.name == "remiss.selectors.filer"]
    assert record.levelno == logging.ERROR
    assert "cannot be read" in record.getMessage()
