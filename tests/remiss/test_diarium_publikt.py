"""The public diary (OSL 5 kap. 1–2 §): no login, a kommun's registered remisser, sender and
subject hidden where a secret handling's paragraph lets the diary hide them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nameden.models import OslParagraf
from nameden.services.sekretess import sekretess_hava, sekretess_markera
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.bilagor import bilaga_ladda_upp
from tests.factories import stockholm_mall

pytestmark = pytest.mark.django_db

DOLD = "<td>Uppgift sekretessbelagd</td>"
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def privat_lagring(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def _diarium(client, sof, **params):
    return client.get(reverse("diarium:lista", args=[sof.kommun.slug]), params)


def _under_beredning(registrera, karin, **data):
    remiss = registrera(**data)
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
    remiss.refresh_from_db()
    return remiss.tjansteutlatande


def test_the_diary_is_public_and_lists_the_minimum(client, remiss, sof):
    """GIVEN a registered remiss WHEN someone without login opens the kommun's diary THEN 200
    with its diarienummer, date, sender and subject."""
    sida = _diarium(client, sof).content.decode()
    for text in (remiss.diarienummer, "2024-03-01", "Kommunstyrelsen", "Kommunikationsprogram"):
        assert text in sida


def test_an_unknown_kommun_is_404(client, db):
    """GIVEN no such kommun THEN 404."""
    assert client.get(reverse("diarium:lista", args=["finns-inte"])).status_code == 404


def test_socialtjanst_secrecy_hides_sender_and_subject(client, registrera, karin, sof):
    """GIVEN a remiss whose tjänsteutlåtande is secret under OSL 26:1 (5:2 applies) THEN the
    diary keeps its number and date and hides sender and subject; lifted, they show again."""
    tu = _under_beredning(registrera, karin, avsandare="Familjen Svensson", rubrik="Orosanmälan")
    paragraf = OslParagraf.objects.get(kapitel=26, paragraf=1)
    sekretess_markera(user=karin, handling=tu, paragraf=paragraf, skal="Enskilds förhållanden.")
    sida = _diarium(client, sof).content.decode()
    assert tu.remiss.diarienummer in sida and sida.count(DOLD) == 2
    assert "Familjen Svensson" not in sida and "Orosanmälan" not in sida
    sekretess_hava(user=karin, handling=tu, skal="Avidentifierat.")
    sida = _diarium(client, sof).content.decode()
    assert "Familjen Svensson" in sida and "Orosanmälan" in sida


def test_a_secret_bilaga_hides_them_too(client, registrera, karin, sof):
    """GIVEN a bilaga secret under OSL 25:1 THEN the remiss's sender and subject are hidden."""
    tu = _under_beredning(registrera, karin, avsandare="Region Stockholm", rubrik="Patientärende")
    fil = SimpleUploadedFile("journal.pdf", PDF, content_type="application/pdf")
    bilaga = bilaga_ladda_upp(user=karin, tu=tu, fil=fil, titel="Journalutdrag")
    paragraf = OslParagraf.objects.get(kapitel=25, paragraf=1)
    sekretess_markera(user=karin, handling=bilaga, paragraf=paragraf, skal="Hälsa.")
    sida = _diarium(client, sof).content.decode()
    assert "Region Stockholm" not in sida and "Patientärende" not in sida


def test_secrecy_the_diary_may_not_hide_leaves_the_row_as_it_is(client, registrera, karin, sof):
    """GIVEN a document secret under OSL 19:3 (anbud: 5:2 does not apply) THEN the diary
    shows sender and subject."""
    tu = _under_beredning(registrera, karin, avsandare="Upphandlingsenheten", rubrik="Anbud X")
    paragraf = OslParagraf.objects.get(kapitel=19, paragraf=3)
    sekretess_markera(user=karin, handling=tu, paragraf=paragraf, skal="Anbud.")
    sida = _diarium(client, sof).content.decode()
    assert "Upphandlingsenheten" in sida and "Anbud X" in sida and DOLD not in sida


def test_the_diary_is_paginated_with_a_constant_query_count(client, registrera, karin, sof):
    """GIVEN 3, then 60 remisser (some secret) THEN a page costs the same queries and shows 50."""
    paragraf = OslParagraf.objects.get(kapitel=26, paragraf=1)
    for _ in range(3):
        tu = _under_beredning(registrera, karin)
        sekretess_markera(user=karin, handling=tu, paragraf=paragraf, skal="S.")
    _diarium(client, sof)
    with CaptureQueriesContext(connection) as fa:
        _diarium(client, sof)
    for _ in range(57):
        registrera()
    with CaptureQueriesContext(connection) as manga:
        sida = _diarium(client, sof).content.decode()
    assert len(manga) == len(fa)
    assert "Sida 1 av 2" in sida
