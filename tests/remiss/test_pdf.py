"""The tjänsteutlåtande PDF says what the reference says, looks like it, and is archival.

The demo case (seed_demo, KS 2024/112) is rendered with the reference's two attestations and
read back with pypdf. The document is a plain value (`remiss.dokument.Dokument`), so it is
read from the database once for the module and the seeded rows are rolled back.
"""

import datetime as dt
import io
import logging
import time

import pikepdf
import pikepdf.pdfa
import pytest
from django.db import transaction
from django.test import override_settings

from remiss import pdf, selectors
from remiss.demo.seed import seed_demo
from remiss.dokument import dokument_for
from remiss.models import Avsnittstyp
from remiss.pdf import render_tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.factories import DokumentmallFactory, MallAvsnittFactory
from tests.reference import las_referens
from tests.remiss.pdf_verktyg import REFERENS_ATTESTER, fulltext, ihop, oppna, sidtexter

# Every test is a database test, so pytest-django runs them before the transactional tests
# that flush the database (and with it the Stockholm mall the seed needs).
pytestmark = pytest.mark.django_db

SKAPAD = dt.date(2024, 4, 2)
ANDRAD = dt.datetime(2024, 4, 10, 15, 42, 7, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def demo_dokument(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded KS 2024/112 document as a value; the database is left as it was."""
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    storage["OPTIONS"] = {"location": tmp_path_factory.mktemp("private")}
    fast_hash = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES={"default": storage}, PASSWORD_HASHERS=fast_hash),
        transaction.atomic(),
    ):
        remiss = seed_demo()
        dokument = dokument_for(selectors.tjansteutlatande_for(remiss.handlaggare, remiss.pk))
        transaction.set_rollback(True)
    return dokument


def _render(dokument, *, attester=REFERENS_ATTESTER, utkast=False):
    return render_tjansteutlatande(
        dokument, attester=attester, utkast=utkast, skapad=SKAPAD, andrad=ANDRAD
    )


@pytest.fixture(scope="module")
def slutlig(demo_dokument):
    return _render(demo_dokument)


@pytest.fixture(scope="module")
def utkast(demo_dokument):
    return _render(demo_dokument, attester=(), utkast=True)


# --- Faithful to the reference ------------------------------------------------------------


def test_every_paragraph_of_the_reference_is_in_the_pdf_in_order(slutlig):
    """GIVEN the demo case WHEN rendered and read back THEN every paragraph of the
    reference (headings, beslutspunkter, body) appears, in the reference's order."""
    ref = las_referens()
    text = fulltext(slutlig.pdf)
    position = 0
    for rubrik, stycken in ref.sektioner.items():
        for del_ in (rubrik, *stycken):
            found = text.find(ihop(del_), position)
            assert found >= 0, f"not found after position {position}: {del_[:60]}…"
            position = found + len(ihop(del_))


def test_every_page_carries_forvaltning_document_type_dnr_and_page_x_of_y(slutlig):
    sidor = sidtexter(slutlig.pdf)
    assert len(sidor) == slutlig.sidor
    for nummer, sida in enumerate(sidor, start=1):
        assert "Socialförvaltningen" in sida
        assert "Tjänsteutlåtande" in sida
        assert "Dnr SOF 2024/1" in sida
        assert f"Sida {nummer} ({len(sidor)})" in sida


def test_three_pages_like_the_reference(slutlig):
    assert slutlig.sidor == 3


def test_first_page_has_handlaggare_till_rubrik_and_beslutspunkt(slutlig):
    ref = las_referens()
    forsta = sidtexter(slutlig.pdf)[0]
    for text in (
        f"Handläggare {ref.handlaggare} Telefon: {ref.telefon}",
        f"Till {ref.till} {ref.datum}",
        ref.rubrik,
        ref.underrubrik,
        "1. Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
    ):
        assert text in forsta


def test_signatories_bilaga_and_attestation_close_the_document(slutlig):
    """GIVEN two attestations WHEN rendered THEN the end reads as the reference's end:
    signatories, the numbered Bilaga list, and the "Attesterat av" block newest first."""
    ref = las_referens()
    slut = [
        *(" ".join(person) for person in ref.undertecknare),
        "Bilaga",
        "1. Kommunikationsprogram för Stockholms stad",
        "Attesterat av",
        "Detta dokument har godkänts digitalt av följande personer:",
        "Namn Datum",
        "Veronica Wolgast Carstorp, Socialdirektör 2024-04-12",
        "Lisa Cadenius, Avdelningschef 2024-04-11",
    ]
    text = fulltext(slutlig.pdf)
    position = text.find(ihop(ref.sektioner["Förvaltningens synpunkter och förslag"][-1]))
    assert position > 0
    for del_ in slut:
        found = text.find(del_, position)
        assert found >= 0, del_
        position = found + len(del_)


def test_attestations_are_printed_in_the_order_given(demo_dokument):
    pdf = _render(demo_dokument, attester=tuple(reversed(REFERENS_ATTESTER))).pdf
    text = fulltext(pdf)
    assert text.index("Lisa Cadenius, Avdelningschef") < text.index(
        "Veronica Wolgast Carstorp, Socialdirektör"
    )


def test_draft_is_marked_utkast_on_every_page_and_final_is_not(utkast, slutlig):
    assert all("UTKAST" in sida for sida in sidtexter(utkast.pdf))
    assert not any("UTKAST" in sida for sida in sidtexter(slutlig.pdf))


def test_without_attestations_there_is_no_attest_block(utkast):
    assert "Attesterat av" not in fulltext(utkast.pdf)
    assert "Attesterat av" not in utkast.html


def test_another_mall_renders_its_own_document_type_and_sections(remiss, karin):
    """GIVEN a mall "Tjänsteskrivelse" with Beslutsunderlag and Barnperspektiv, made as data
    WHEN its document is rendered THEN the PDF shows that type and those sections, in the
    mall's order, with no change to the template."""
    mall = DokumentmallFactory(
        namn="Upplands-Bro – tjänsteskrivelse", dokumenttyp="Tjänsteskrivelse"
    )
    delar = [
        ("forslag", "Förslag till beslut", Avsnittstyp.BESLUTSPUNKTER),
        ("sammanfattning", "Sammanfattning", Avsnittstyp.TEXT),
        ("beslutsunderlag", "Beslutsunderlag", Avsnittstyp.TEXT),
        ("barnperspektiv", "Barnperspektiv", Avsnittstyp.TEXT),
    ]
    for ordning, (nyckel, rubrik, typ) in enumerate(delar, start=1):
        MallAvsnittFactory(mall=mall, ordning=ordning, nyckel=nyckel, rubrik=rubrik, typ=typ)
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=mall)
    tu = selectors.tjansteutlatande_for(karin, remiss.pk)
    tu = tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=tu,
        nyckel="forslag",
        punkter=["Nämnden tillstyrker."],
        bas_version=tu.version,
    )
    texter = {
        "sammanfattning": "Kort om förslaget.",
        "beslutsunderlag": "Tjänsteskrivelse daterad 2024-04-02.",
        "barnperspektiv": "Förslaget påverkar barn och unga i kommunen.",
    }
    for nyckel, text in texter.items():
        tu = tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel=nyckel, text=text, bas_version=tu.version
        )

    rendered = pdf.tjansteutlatande_pdf(selectors.tjansteutlatande_for(karin, remiss.pk))

    sidor = sidtexter(rendered.pdf)
    assert all("Tjänsteskrivelse" in sida and "UTKAST" in sida for sida in sidor)
    text = fulltext(rendered.pdf)
    assert "Tjänsteutlåtande" not in text
    ordning = [text.index(rubrik) for _, rubrik, _ in delar]
    assert ordning == sorted(ordning)
    assert "1. Nämnden tillstyrker." in text
    assert texter["barnperspektiv"] in text


# --- Archival ---------------------------------------------------------------------------


def test_pdf_is_valid_pdfa_2b(slutlig):
    """pikepdf's allowlist validator approves the file as written, not just its claim."""
    report = pikepdf.pdfa.validate_written(io.BytesIO(slutlig.pdf), "2b")
    assert report.passed, report.findings
    with oppna(slutlig.pdf) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"


def test_every_font_is_embedded_liberation_sans(slutlig):
    with oppna(slutlig.pdf) as pdf:
        fonts = [font for page in pdf.pages for font in page.Resources.Font.values()]
        assert fonts
        for font in fonts:
            descriptor = (font.get("/DescendantFonts") or [font])[0].FontDescriptor
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font
            # The family is ours ("Remiss Sans" → Liberation Sans), never a system fallback.
            assert "Remiss-Sans" in str(font.BaseFont)


def test_xmp_metadata_has_title_diarienummer_forvaltning_and_document_dates(slutlig):
    with oppna(slutlig.pdf) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Remiss av Kommunikationsprogram för Stockholms stad"
        assert meta["dc:identifier"] == "SOF 2024/1"
        assert meta["dc:publisher"] == {"Socialförvaltningen"}
        assert meta["dc:type"] == {"Tjänsteutlåtande"}
        assert "SOF 2024/1" in meta["pdf:Keywords"]
        assert "Socialförvaltningen" in meta["pdf:Keywords"]
        assert meta["xmp:CreateDate"] == "2024-04-02"
        # Stockholm time, to the second: the document's own modification time.
        assert meta["xmp:ModifyDate"] == "2024-04-10T17:42:07+02:00"
        assert str(pdf.docinfo["/ModDate"]) == "D:20240410174207+02'00"


def test_pdf_is_tagged_in_swedish(slutlig):
    with oppna(slutlig.pdf) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.Root.Lang) == "sv"


def test_rendering_logs_no_warning(demo_dokument, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        _render(demo_dokument)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


# --- Deterministic -------------------------------------------------------------------------


def test_same_content_renders_to_the_same_bytes_whatever_the_clock(demo_dokument, slutlig):
    """GIVEN one document WHEN rendered again, a second later THEN the bytes are identical
    (no date, identifier or font name comes from the clock or chance)."""
    assert _render(demo_dokument).pdf == slutlig.pdf
    time.sleep(1.1)
    assert _render(demo_dokument).pdf == slutlig.pdf


def test_html_is_returned_for_inspection(slutlig):
    assert slutlig.html.startswith("<!DOCTYPE html>")
    assert '<html lang="sv">' in slutlig.html
