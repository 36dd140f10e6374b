"""Structured text in the tjänsteutlåtande's sections: lists, sub-headings, emphasis, tables.

A document created since issue 9 writes its text sections in the markup of
`nameden.markering`; every older document keeps its plain paragraphs, even a paragraph that
begins with "1. ". A text that uses no markup reads, prints and fingerprints exactly as before,
so the reference (seed_demo, KS 2024/112) is byte for byte unchanged. The PDF, the editor's
preview and the overview's preview show one renderer's HTML (`Avsnitt.html`).
"""

import datetime as dt
import logging
import re

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from nameden import markering
from nameden.pdf.render import validate_pdfa
from remiss import fingeravtryck, selectors
from remiss.demo.seed import seed_demo
from remiss.diff import INSERT, diff_versions
from remiss.dokument import Avsnitt, Dokument, avsnitt_av, dokument_for
from remiss.models import Avsnittstyp, Tjansteutlatande
from remiss.pdf import render_tjansteutlatande
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.remiss.pdf_verktyg import fulltext, ihop, oppna

pytestmark = pytest.mark.django_db

SKAPAD = dt.date(2024, 4, 2)
ANDRAD = dt.datetime(2024, 4, 10, 15, 42, 7, tzinfo=dt.UTC)

#: Every construct of the markup, as a handläggare would write a section.
STRUKTURERAD = """Förvaltningen har gått igenom förslaget.

### Ekonomiska konsekvenser

Kostnaderna fördelas så här:

| År | Kostnad |
|---|---:|
| 2025 | 100 000 kr |
| 2026 | *40 000 kr* |

Förvaltningen föreslår att:

1. nämnden **godkänner** programmet,
2. uppföljning sker årligen.

### Beslutsunderlag

- Tjänsteutlåtande daterat 2024-04-10
- Protokoll från förvaltningsgruppen 2024-04-17

Se <script>alert(1)</script> och [länken](https://example.org) ![bild](file:///etc/passwd)."""

#: What the PDF's text says, in order (whitespace collapsed).
I_ORDNING = [
    "Förvaltningen har gått igenom förslaget.",
    "Ekonomiska konsekvenser",
    "Kostnaderna fördelas så här:",
    "År Kostnad",
    "2025 100 000 kr",
    "2026 40 000 kr",
    "Förvaltningen föreslår att:",
    "1. nämnden godkänner programmet,",
    "2. uppföljning sker årligen.",
    "Beslutsunderlag",
    "• Tjänsteutlåtande daterat 2024-04-10",
    "• Protokoll från förvaltningsgruppen 2024-04-17",
    "Se <script>alert(1)</script> och [länken](https://example.org) ![bild](file:///etc/passwd).",
]


def _spara(tu, user, nyckel, text):
    tu = Tjansteutlatande.objects.get(pk=tu.pk)
    return tjansteutlatande_spara_avsnitt(
        user=user, tu=tu, nyckel=nyckel, text=text, bas_version=tu.version
    )


def _som_fore_issue_9(tu) -> Tjansteutlatande:
    """The document as one written before the markup: its sections carry no "format"."""
    tu = Tjansteutlatande.objects.get(pk=tu.pk)
    tu.avsnitt = [{k: v for k, v in a.items() if k != "format"} for a in tu.avsnitt]
    tu.save(update_fields=["avsnitt"])
    return tu


def _avsnitt(dokument: Dokument, nyckel: str) -> Avsnitt:
    return next(a for a in dokument.avsnitt if a.nyckel == nyckel)


def _render(dokument):
    return render_tjansteutlatande(dokument, utkast=True, skapad=SKAPAD, andrad=ANDRAD)


def _roller(pdf: bytes) -> list[str]:
    """The structure tree's roles, depth first (the inline Span/NonStruct left out)."""
    roller = []

    def walk(node):
        if (roll := node.get("/S")) is not None and str(roll) not in ("/Span", "/NonStruct"):
            roller.append(str(roll))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                walk(kid)

    with oppna(pdf) as doc:
        walk(doc.Root.StructTreeRoot)
    return roller


# --- Which documents use the markup --------------------------------------------------------


def test_a_new_document_writes_its_text_sections_in_the_markup(tu):
    """GIVEN a document created from the Stockholm mall WHEN its sections are read THEN every
    text section is in the markup's format and the beslutspunkter are not text at all."""
    formats = {a["nyckel"]: a.get("format") for a in tu.avsnitt}

    assert formats.pop("forslag_till_beslut") is None
    assert set(formats.values()) == {markering.FORMAT}


def test_an_old_document_keeps_lines_that_look_like_markup_as_its_paragraphs(tu, karin):
    """GIVEN a document from before the markup whose paragraphs begin with "1. " and "- "
    WHEN it is read and printed THEN the same paragraphs as before, not a list."""
    _spara(tu, karin, "arendet", "1. Första\n2. Andra\n\n- punkt\n\n### inte rubrik")
    gammal = dokument_for(_som_fore_issue_9(tu))

    arendet = _avsnitt(gammal, "arendet")
    assert (arendet.textformat, arendet.text) == ("", "")
    assert arendet.stycken == ("1. Första 2. Andra", "- punkt", "### inte rubrik")
    assert arendet.html() == "<p>1. Första 2. Andra</p><p>- punkt</p><p>### inte rubrik</p>"
    assert "1. Första 2. Andra - punkt ### inte rubrik" in fulltext(_render(gammal).pdf)


def test_the_same_lines_in_a_new_document_are_a_list(tu, karin):
    _spara(tu, karin, "arendet", "1. Första\n2. Andra\n\n- punkt")

    arendet = _avsnitt(dokument_for(Tjansteutlatande.objects.get(pk=tu.pk)), "arendet")

    assert (arendet.textformat, arendet.stycken) == (markering.FORMAT, ())
    assert arendet.html().startswith('<ol class="numrerad">')
    assert "<ul>\n<li>punkt</li>\n</ul>" in arendet.html()


def test_a_text_without_markup_reads_as_plain_paragraphs_in_a_new_document(tu, karin):
    """GIVEN a new document whose text uses no markup WHEN read THEN plain paragraphs: the
    Dokument (and so its HTML and fingerprint) is what it would have been before."""
    _spara(tu, karin, "bakgrund", "Första stycket\nfortsätter här.\n\nAndra, med <b> & ”citat”.")
    ny = dokument_for(Tjansteutlatande.objects.get(pk=tu.pk))
    gammal = dokument_for(_som_fore_issue_9(tu))

    assert _avsnitt(ny, "bakgrund").stycken == (
        "Första stycket fortsätter här.",
        "Andra, med <b> & ”citat”.",
    )
    assert ny == gammal
    assert fingeravtryck.fingeravtryck(ny) == fingeravtryck.fingeravtryck(gammal)


# --- The reference, byte for byte ------------------------------------------------------------


@pytest.fixture(scope="module")
def referens(django_db_setup, django_db_blocker, tmp_path_factory):
    """The seeded KS 2024/112 document, with and without the markup's format on its sections
    (as created now, and as a document from before issue 9); the database is left as it was."""
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    storage["OPTIONS"] = {"location": tmp_path_factory.mktemp("private")}
    fast_hash = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(STORAGES={"default": storage}, PASSWORD_HASHERS=fast_hash),
        transaction.atomic(),
    ):
        remiss = seed_demo()
        tu = selectors.tjansteutlatande_for(remiss.handlaggare, remiss.pk)
        formats = [a.get("format") for a in tu.avsnitt]
        med = dokument_for(tu)
        utan = dokument_for(_som_fore_issue_9(tu))
        transaction.set_rollback(True)
    return formats, med, utan


def test_the_reference_is_created_in_the_markup_and_reads_as_before(referens):
    """GIVEN seed_demo's document, created with the markup's format WHEN read THEN it is the
    same value as the document without it: its text uses no markup."""
    formats, med, utan = referens

    assert formats.count(markering.FORMAT) == 5
    assert med == utan


def test_the_reference_html_and_fingerprints_are_unchanged(referens):
    """GIVEN the reference with and without the markup's format WHEN rendered and
    fingerprinted THEN the same HTML and PDF bytes and the same remiss-tu/1 and /2."""
    _, med, utan = referens
    a, b = _render(med), _render(utan)

    assert (a.html, a.pdf) == (b.html, b.pdf)
    for format in ("remiss-tu/1", "remiss-tu/2"):
        assert fingeravtryck.fingeravtryck(med, format) == fingeravtryck.fingeravtryck(utan, format)


def test_the_reference_sections_are_written_as_the_template_loop_wrote_them(referens):
    """GIVEN the reference WHEN each text section's HTML is written THEN byte for byte what
    `{% for stycke in avsnitt.stycken %}<p>{{ stycke }}</p>{% endfor %}` wrote, and the
    fingerprint's JSON has no key the markup added."""
    _, med, _ = referens
    loop = Template("{% for stycke in avsnitt.stycken %}<p>{{ stycke }}</p>{% endfor %}")

    for avsnitt in med.avsnitt:
        assert avsnitt.html() == loop.render(Context({"avsnitt": avsnitt})), avsnitt.rubrik
        if avsnitt.typ != Avsnittstyp.BESLUTSPUNKTER:
            assert avsnitt.html() in _render(med).html
    for avsnitt in med.as_dict()["avsnitt"]:
        assert set(avsnitt) == {"nyckel", "rubrik", "typ", "stycken", "punkter"}


# --- The fingerprint binds the markup -----------------------------------------------------------


def test_the_fingerprint_binds_the_written_markup_not_only_its_words(tu, karin):
    """GIVEN a two-item list WHEN it is rewritten as one paragraph with the same words THEN
    the fingerprint changes (the plain paragraphs of both would be the same "- a - b")."""
    _spara(tu, karin, "arendet", "- a\n- b")
    lista = dokument_for(Tjansteutlatande.objects.get(pk=tu.pk))
    _spara(tu, karin, "arendet", "- a - b")
    stycke = dokument_for(Tjansteutlatande.objects.get(pk=tu.pk))

    assert _avsnitt(lista, "arendet").text == "- a\n- b"
    assert fingeravtryck.fingeravtryck(lista) != fingeravtryck.fingeravtryck(stycke)


# --- In the PDF --------------------------------------------------------------------------------


@pytest.fixture
def strukturerad(tu, karin):
    _spara(tu, karin, "arendet", STRUKTURERAD)
    return dokument_for(Tjansteutlatande.objects.get(pk=tu.pk))


def test_every_construct_prints_in_order(strukturerad):
    """GIVEN a section with a sub-heading, a table, a numbered and a bulleted list WHEN
    printed and read back THEN every part is there in the order written, numbers and bullets
    in their place, the raw HTML and the link as the characters typed."""
    text = fulltext(_render(strukturerad).pdf)

    position = 0
    for del_ in I_ORDNING:
        found = text.find(ihop(del_), position)
        assert found >= 0, f"not found after {position}: {del_}"
        position = found + len(ihop(del_))


def test_lists_headings_and_tables_are_tagged_in_the_structure_tree(strukturerad):
    """GIVEN the structured section WHEN printed THEN its structure tree has the sub-heading
    as H3, the table as Table/THead/TBody/TR/TH/TD and both lists as L/LI/LBody, in order."""
    roller = _roller(_render(strukturerad).pdf)

    arendet = roller[roller.index("/H2", roller.index("/H2") + 1) :]  # after the decision
    ordning = [r for r in arendet if r in ("/H3", "/Table", "/L")]
    assert ordning[:5] == ["/H3", "/Table", "/L", "/H3", "/L"]
    for roll in ("/THead", "/TBody", "/TR", "/TH", "/TD", "/LI", "/LBody"):
        assert roll in arendet
    assert arendet.count("/TH") == 2 and arendet.count("/TD") == 4


def test_the_structured_pdf_is_pdfa_and_logs_no_warning(strukturerad, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        rendered = _render(strukturerad)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    validate_pdfa(rendered.pdf)


def test_no_link_image_or_script_reaches_the_pdf(strukturerad):
    """GIVEN a section with raw HTML, a link and an image in the markup WHEN printed THEN the
    HTML has none of them as elements and the PDF has no link annotation and no image."""
    rendered = _render(strukturerad)

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert not re.search(r"<(a|img|script)\b", rendered.html.split("<main>")[1])
    with oppna(rendered.pdf) as doc:
        for page in doc.pages:
            assert all(a.get("/Subtype") != "/Link" for a in page.obj.get("/Annots", []))
            xobjects = page.obj.get("/Resources", {}).get("/XObject", {})
            assert all(x.get("/Subtype") != "/Image" for x in xobjects.values())


# --- The previews show the PDF's HTML ------------------------------------------------------------


def test_the_editor_preview_is_the_pdfs_html_for_the_section(client, karin, tu, strukturerad):
    """GIVEN a structured section WHEN its editor is opened THEN the preview under the form
    is exactly the HTML the PDF prints for that section."""
    client.force_login(karin)

    html = client.get(reverse("remiss:tu_avsnitt", args=[tu.remiss_id, "arendet"])).content
    forhandsgranskning = re.search(
        r'<div class="app-document__avsnitt">(.*?)</div>\n      </article>', html.decode(), re.S
    ).group(1)

    pdf_html = _avsnitt(strukturerad, "arendet").html()
    assert forhandsgranskning == pdf_html
    assert pdf_html in _render(strukturerad).html


def test_the_overview_preview_is_the_pdfs_html_one_heading_level_down(
    client, karin, tu, strukturerad
):
    """GIVEN a structured section WHEN the overview is opened THEN its preview shows the PDF's
    HTML with the sub-headings as h4 (the overview's sections are h3)."""
    client.force_login(karin)

    html = client.get(reverse("remiss:tu", args=[tu.remiss_id])).content.decode()

    pdf_html = _avsnitt(strukturerad, "arendet").html()
    assert pdf_html.replace("h3>", "h4>") in html
    assert "<h4>Ekonomiska konsekvenser</h4>" in html


def test_forhandsgranska_shows_the_typed_text_and_saves_nothing(client, karin, tu):
    """GIVEN the editor WHEN Karin types a list and presses Förhandsgranska THEN the page
    shows the list as the document will print it, says it is not saved, and nothing is."""
    client.force_login(karin)
    url = reverse("remiss:tu_avsnitt", args=[tu.remiss_id, "arendet"])

    response = client.post(
        url, {"text": "- ett\n- två", "bas_version": tu.version, "forhandsgranska": "1"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<ul>\n<li>ett</li>\n<li>två</li>\n</ul>" in html
    assert "Den är inte sparad." in html
    assert '#forhandsgranskning"' in html  # the plain form lands on the preview's heading
    sparad = Tjansteutlatande.objects.get(pk=tu.pk)
    assert (sparad.version, sparad.get_avsnitt("arendet")["text"]) == (tu.version, "")


def test_forhandsgranska_applies_the_text_rule(client, karin, tu):
    """GIVEN a character the PDF's font lacks WHEN previewed THEN the field's error (400) and
    no preview of the typed text (only the saved one): the markup never bypasses the text
    rule."""
    client.force_login(karin)
    url = reverse("remiss:tu_avsnitt", args=[tu.remiss_id, "arendet"])

    response = client.post(url, {"text": "- 😀", "bas_version": tu.version, "forhandsgranska": "1"})

    assert response.status_code == 400
    assert "Liberation Sans" in response.content.decode()
    html = response.content.decode()
    assert "Den är inte sparad." not in html
    assert "😀" not in html.split('id="tu-forhandsgranskning"', 1)[1]


def test_forhandsgranska_of_the_longest_nested_text_answers(client, karin, tu):
    client.force_login(karin)
    url = reverse("remiss:tu_avsnitt", args=[tu.remiss_id, "arendet"])

    response = client.post(
        url, {"text": "- " * 25_000, "bas_version": tu.version, "forhandsgranska": "1"}
    )

    assert response.status_code == 200


def test_the_markup_help_is_offered_only_where_the_markup_applies(client, karin, tu):
    """GIVEN a new document and one from before the markup WHEN a text section's editor is
    opened THEN only the new one explains the markup and offers its preview as markup."""
    client.force_login(karin)
    url = reverse("remiss:tu_avsnitt", args=[tu.remiss_id, "arendet"])

    ny = client.get(url).content.decode()
    _som_fore_issue_9(tu)
    gammal = client.get(url).content.decode()

    assert "Så ger du texten struktur" in ny
    assert "Så ger du texten struktur" not in gammal


# --- The text rule and the diff work on the source --------------------------------------------


def test_the_text_rule_applies_to_the_markup_source(tu, karin):
    with pytest.raises(ValidationError) as exc:
        _spara(tu, karin, "arendet", "### Rubrik\n\n- 😀")
    assert "Liberation Sans" in exc.value.message_dict["text"][0]


def test_the_version_diff_compares_the_written_markup():
    """GIVEN a list that gained an item WHEN two versions are compared THEN the comparison is
    of the text as written, markup characters and all."""
    gammal = {"nyckel": "arendet", "rubrik": "Ärendet", "typ": "text", "text": "- ett"}
    ny = {**gammal, "text": "- ett\n- två", "format": markering.FORMAT}

    (rad,) = diff_versions([{**gammal, "format": markering.FORMAT}], [ny])

    assert (rad.gammal_text, rad.ny_text) == ("- ett", "- ett\n- två")
    assert [text for op, text in rad.segment if op == INSERT] == ["- två"]


def test_a_section_read_from_data_is_the_documents_section():
    """`avsnitt_av` is what `dokument_for` and the editor's preview both read a section with."""
    data = {"nyckel": "a", "rubrik": "A", "typ": "text", "text": "*x*", "format": markering.FORMAT}

    assert avsnitt_av(data) == Avsnitt("a", "A", "text", textformat=markering.FORMAT, text="*x*")
    assert avsnitt_av({**data, "format": "okänt/9"}).stycken == ("*x*",)
