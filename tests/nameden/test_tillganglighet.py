"""The accessibility statement is public, linked from every page, and says what DOS-lagen
asks in the order of DIGG's model: how accessible the service is, what to do, how to report,
supervision (with DIGG's link), the technical statement, what falls short, how it was tested
and when; with the kommuner's own contact details."""

import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse

from nameden.models import Kommun
from nameden.svenska import datum_i_text
from nameden.views.tillganglighet import SENAST_GRANSKAD, SENAST_TESTAD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

AVSNITT = [
    "Hur tillgänglig är webbplatsen?",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
    "Rapportera brister i webbplatsens tillgänglighet",
    "Tillsyn",
    "Teknisk information om webbplatsens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Hur vi testat webbplatsen",
]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def _rubriker(html: str, niva: int) -> list[str]:
    return [_text(h) for h in re.findall(rf"<h{niva}[^>]*>(.*?)</h{niva}>", html, re.S)]


def test_statement_is_public_with_digg_models_sections_in_order(client):
    """GIVEN no login WHEN the statement is opened THEN 200, one h1 naming it, and DIGG's
    model's sections as h2 in the model's order."""
    response = client.get(reverse("tillganglighet"))
    assert response.status_code == 200
    html = response.text
    assert _rubriker(html, 1) == ["Tillgänglighetsredogörelse för Remisshantering"]
    assert _rubriker(html, 2) == AVSNITT
    assert _rubriker(html, 3) == [
        "Bristande förenlighet med lagkraven",
        "Oskäligt betungande anpassning",
        "Innehåll som inte omfattas av lagkraven",
    ]
    assert "WCAG 2.1 nivå AA" in html


def test_it_names_digg_as_supervisor_with_a_link_to_report(client):
    html = client.get(reverse("tillganglighet")).text
    tillsyn = html.split(">Tillsyn</h2>")[1].split("<h2")[0]
    assert "Myndigheten för digital förvaltning (Digg)" in tillsyn
    assert 'href="https://www.digg.se/tdosanmalan"' in tillsyn


def test_it_lists_the_pdf_shortfalls_and_how_and_when_it_was_tested(client):
    """GIVEN the statement WHEN read THEN the shortfalls are the PDFs' (PDF/UA, list labels,
    page breaks, the packet's tree, no validator run), the tests are named (axe-core in
    Chromium on four journeys, keyboard, 320 px, forms, the PDFs' tagging), and the date
    of the last test and of the statement are printed in Swedish."""
    text = _text(client.get(reverse("tillganglighet")).text)
    brister = text.split("Innehåll som inte är tillgängligt Det innehåll")[1]
    brister = brister.split("Oskäligt betungande anpassning")[0]
    for brist in (
        "PDF/UA (ISO 14289-1)",
        "egen etikett",
        "sidbrytning",
        "kallelse och handlingar",
        "veraPDF",
    ):
        assert brist in brister, brist
    testat = text.split("Hur vi testat webbplatsen")[1]
    for metod in (
        "axe-core i webbläsaren Chromium",
        "WCAG 2.1 nivå A och AA",
        "fyra användarresor",
        "enbart tangentbord",
        "320 pixlars bredd",
        "etiketter",
        "Varje slags PDF-dokument",
    ):
        assert metod in testat, metod
    assert f"Testerna kördes senast den {datum_i_text(SENAST_TESTAD)}." in testat
    assert f"Redogörelsen uppdaterades senast den {datum_i_text(SENAST_GRANSKAD)}." in testat


def test_contact_details_come_from_each_kommuns_own_data(client):
    """GIVEN one kommun with e-post, telefon and webb and one with none WHEN the statement is
    read THEN the first is named with its details (e-post as a mailto link) where the page
    says what to do, and the one without details is not named at all."""
    Kommun.objects.create(
        namn="Upplands-Bro kommun",
        slug="upplands-bro",
        epost="kommun@upplands-bro.se",
        telefon="08-581 690 00",
        webb="https://www.upplands-bro.se",
    )
    Kommun.objects.create(namn="Tyst kommun", slug="tyst")
    html = client.get(reverse("tillganglighet")).text
    vad_gor_du = html.split("Vad kan du göra om du inte kan använda delar av webbplatsen?")[1]
    vad_gor_du = vad_gor_du.split("<h2")[0]
    assert 'href="mailto:kommun@upplands-bro.se"' in vad_gor_du
    assert (
        "Upplands-Bro kommun: e-post kommun@upplands-bro.se, telefon 08-581 690 00, "
        "webbplats https://www.upplands-bro.se"
    ) in _text(vad_gor_du)
    assert "Tyst kommun" not in html


def test_without_any_contact_details_it_still_says_whom_to_ask(client):
    """GIVEN no kommun with contact details (the migration's "Kommunen" has none) WHEN read
    THEN the page says whom to ask instead of printing an empty address."""
    assert not Kommun.objects.exclude(epost="", telefon="", webb="").exists()
    html = client.get(reverse("tillganglighet")).text
    assert "Kontakta kommunens registratur eller den förvaltning" in html
    assert "mailto:" not in html


def test_the_statement_and_the_pdf_document_name_the_same_shortfalls():
    """The public statement and docs/pdf-tillganglighet.md are kept in step: each shortfall
    the statement lists for the PDFs is in the document too."""
    doc = (ROOT / "docs" / "pdf-tillganglighet.md").read_text("utf-8")
    for ord_ in (
        "PDF/UA",
        "Lbl",
        "page break",
        "Untagged bilagor stay untagged",
        "veraPDF",
        "screen readers",
    ):
        assert ord_ in doc, ord_


def test_every_page_links_to_it(client):
    response = client.get(reverse("login"))
    assert f'href="{reverse("tillganglighet")}"' in response.text
