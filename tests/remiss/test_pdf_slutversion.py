"""The final PDF is rendered once when the document is fully attested, stored with its
SHA-256, never regenerated, and served only to those who may see the remiss, unchanged."""

import hashlib
import io
import logging

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from nameden.models import User
from nameden.pdf import PdfFel, RenderedPdf
from remiss import pdf, selectors
from remiss.fingeravtryck import fingeravtryck_for
from remiss.models import Handelse, Remiss, Slutversion
from remiss.services import slutversion as service
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.remiss.pdf_verktyg import REFERENS_ATTESTER, fulltext, sidtexter

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    """The KS 2024/112 case, attested by Lisa and Veronica through the attest service."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    call_command("seed_demo", stdout=io.StringIO())
    return Remiss.objects.get(avsandarens_diarienummer="KS 2024/112")


@pytest.fixture
def renderingar(monkeypatch):
    """Count the renders the service makes."""
    anrop = []
    original = service.render_tjansteutlatande

    def raknande(*args, **kwargs):
        anrop.append(kwargs)
        return original(*args, **kwargs)

    monkeypatch.setattr(service, "render_tjansteutlatande", raknande)
    return anrop


def _las(slutversion: Slutversion) -> bytes:
    with slutversion.fil.open("rb") as fil:
        return fil.read()


def test_last_attestation_stores_the_final_pdf_with_its_sha256(demo):
    """GIVEN seed_demo, whose last attestation goes through the attest service
    THEN one final version exists: its file matches its SHA-256, size and page count, it
    binds to the attested content, and the timeline says so."""
    slutversion = Slutversion.objects.get(tjansteutlatande__remiss=demo)
    data = _las(slutversion)
    assert hashlib.sha256(data).hexdigest() == slutversion.sha256
    assert (slutversion.storlek, slutversion.sidor) == (len(data), 3)
    assert slutversion.fingeravtryck == fingeravtryck_for(demo.tjansteutlatande)
    assert slutversion.fil.name.startswith(f"slutversioner/{slutversion.sha256[:2]}/")
    assert slutversion.skapad_av.username == "veronica.wolgast"
    text = fulltext(data)
    assert "Veronica Wolgast Carstorp, Socialdirektör 2024-04-12" in text
    assert "Lisa Cadenius, Avdelningschef 2024-04-11" in text
    assert not any("UTKAST" in sida for sida in sidtexter(data))
    handelse = Handelse.objects.get(remiss=demo, typ="slutversion_skapad")
    assert handelse.text == f"Slutlig PDF skapades (3 sidor, SHA-256 {slutversion.sha256[:12]})."
    assert slutversion.history.count() == 1


def test_a_second_call_returns_the_stored_version_without_rendering(demo, renderingar):
    slutversion = Slutversion.objects.get(tjansteutlatande__remiss=demo)
    fore = _las(slutversion)

    igen = service.slutversion_skapa(
        user=User.objects.get(username="veronica.wolgast"),
        tu=demo.tjansteutlatande,
        attester=REFERENS_ATTESTER,
        fingeravtryck=slutversion.fingeravtryck,
    )

    assert igen.pk == slutversion.pk
    assert renderingar == []
    assert _las(igen) == fore
    assert igen.history.count() == 1
    assert Slutversion.objects.count() == 1


def test_service_renders_once_final_and_with_the_attestations(tu, veronica, renderingar):
    """GIVEN a document with no final version WHEN the service runs THEN it renders once,
    not as a draft, with the attestations it was given."""
    slutversion = service.slutversion_skapa(
        user=veronica, tu=tu, attester=REFERENS_ATTESTER, fingeravtryck=fingeravtryck_for(tu)
    )
    assert len(renderingar) == 1
    assert renderingar[0]["utkast"] is False
    assert list(renderingar[0]["attester"]) == list(REFERENS_ATTESTER)
    assert hashlib.sha256(_las(slutversion)).hexdigest() == slutversion.sha256


def test_no_final_version_when_the_content_changed_since_attest(tu, karin, veronica):
    attesterat = fingeravtryck_for(tu)
    tjansteutlatande_spara_avsnitt(
        user=karin, tu=tu, nyckel="sammanfattning", text="Ny text.", bas_version=tu.version
    )
    with pytest.raises(ValidationError, match="ändrats sedan det attesterades"):
        service.slutversion_skapa(
            user=veronica, tu=tu, attester=REFERENS_ATTESTER, fingeravtryck=attesterat
        )
    assert not Slutversion.objects.exists()


def test_no_final_version_without_attestations(tu, veronica):
    with pytest.raises(ValidationError, match="attesterat"):
        service.slutversion_skapa(
            user=veronica, tu=tu, attester=[], fingeravtryck=fingeravtryck_for(tu)
        )
    assert not Slutversion.objects.exists()


# --- Download -------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["karin.wallander", "per.holm"])
def test_anyone_who_can_see_the_remiss_downloads_the_stored_file(client, demo, username):
    """Karin (handläggare) and Per (läsare) get the stored bytes, as an attachment."""
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("remiss:pdf_slutversion", args=[demo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"
    slutversion = Slutversion.objects.get(tjansteutlatande__remiss=demo)
    assert response.content == _las(slutversion)


def test_someone_from_another_forvaltning_gets_404(client, demo, utomstaende):
    client.force_login(utomstaende)
    assert client.get(reverse("remiss:pdf_slutversion", args=[demo.pk])).status_code == 404
    assert client.get(reverse("remiss:pdf_forhandsgranska", args=[demo.pk])).status_code == 404


def test_no_final_version_answers_404(client, tu, karin):
    client.force_login(karin)
    assert client.get(reverse("remiss:pdf_slutversion", args=[tu.remiss.pk])).status_code == 404


def test_a_tampered_final_pdf_is_refused_and_logged(client, demo, caplog):
    """GIVEN the stored file changed behind the app's back WHEN it is downloaded THEN nothing
    is served (500) and the mismatch is logged: a finalised document never changes silently."""
    slutversion = Slutversion.objects.get(tjansteutlatande__remiss=demo)
    path = slutversion.fil.path
    with open(path, "r+b") as fil:
        fil.seek(-20, io.SEEK_END)
        fil.write(b"%% andrad i efterhand")
    client.force_login(User.objects.get(username="per.holm"))
    with caplog.at_level(logging.ERROR, logger="remiss.selectors.filer"):
        response = client.get(reverse("remiss:pdf_slutversion", args=[demo.pk]))
    assert response.status_code == 500
    assert b"%PDF" not in response.content
    assert slutversion.sha256 in caplog.text
    with pytest.raises(selectors.SlutversionSkadad):
        selectors.slutversion_fil(slutversion)


# --- Preview --------------------------------------------------------------------------------


def test_preview_of_a_draft_is_marked_utkast(client, tu, karin):
    client.force_login(karin)
    response = client.get(reverse("remiss:pdf_forhandsgranska", args=[tu.remiss.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert all("UTKAST" in sida for sida in sidtexter(response.content))


def test_preview_of_the_attested_document_equals_its_final_version(client, demo):
    """Rendered now, in another request, the attested document is byte for byte the stored
    final version: the renderer depends on the content only."""
    client.force_login(User.objects.get(username="per.holm"))
    response = client.get(reverse("remiss:pdf_forhandsgranska", args=[demo.pk]))
    slutversion = Slutversion.objects.get(tjansteutlatande__remiss=demo)
    assert response.content == _las(slutversion)


def test_preview_selector_uses_the_document_dates_not_the_clock(demo):
    tu = selectors.tjansteutlatande_for(demo.handlaggare, demo.pk)
    skapad, andrad = pdf.pdf_datum(tu)
    assert skapad == tu.history.earliest("history_date").history_date
    assert andrad == tu.andrad_at


def test_a_pdf_that_fails_the_pdfa_check_is_not_stored(tu, veronica, monkeypatch):
    """GIVEN a renderer that (hypothetically) produced a plain PDF WHEN the final version
    is made THEN the PDF/A check refuses it and nothing is stored."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    monkeypatch.setattr(
        service,
        "render_tjansteutlatande",
        lambda *args, **kwargs: RenderedPdf(html="", pdf=buffer.getvalue(), sidor=1),
    )
    with pytest.raises(PdfFel, match="PDF/A-2b"):
        service.slutversion_skapa(
            user=veronica, tu=tu, attester=REFERENS_ATTESTER, fingeravtryck=fingeravtryck_for(tu)
        )
    assert not Slutversion.objects.exists()


def test_preview_that_cannot_be_made_explains_why(client, tu, karin, monkeypatch):
    def fel(tu):
        raise PdfFel("PDF:en skapades inte: testfel.")

    monkeypatch.setattr(pdf, "tjansteutlatande_pdf", fel)
    client.force_login(karin)
    response = client.get(reverse("remiss:pdf_forhandsgranska", args=[tu.remiss.pk]), follow=True)
    assert response.redirect_chain[0][0] == reverse("remiss:tu", args=[tu.remiss.pk])
    assert "PDF:en skapades inte: testfel." in response.content.decode()


def test_the_file_name_keeps_the_diarienummers_numbers_apart(client, tu, karin):
    """GIVEN the remiss SOF 2024/1 (its förvaltning's number) WHEN the preview is fetched
    THEN the file is named tjansteutlatande-sof-2024-1-forhandsgranskning.pdf: ASCII, the
    slash a hyphen, so 2024/1 never reads as 20241."""
    client.force_login(karin)
    response = client.get(reverse("remiss:pdf_forhandsgranska", args=[tu.remiss.pk]))
    dnr = tu.remiss.diarienummer.lower().replace(" ", "-").replace("/", "-")
    assert (
        f'filename="tjansteutlatande-{dnr}-forhandsgranskning.pdf"'
        in (response["Content-Disposition"])
    )
    assert "/" in tu.remiss.diarienummer


def test_svenska_antal_says_one_page_in_the_singular():
    """GIVEN counts of pages WHEN written in Swedish THEN '1 sida' and '3 sidor'."""
    from nameden.svenska import antal

    assert (antal(1, "sida", "sidor"), antal(3, "sida", "sidor")) == ("1 sida", "3 sidor")


def test_svenska_genitiv():
    """GIVEN names WHEN put in the genitive THEN an s, except after s, x or z."""
    from nameden.svenska import genitiv

    assert [genitiv(n) for n in ("Socialnämnden", "Kommunstyrelsens", "Fax")] == [
        "Socialnämndens",
        "Kommunstyrelsens",
        "Fax",
    ]
