"""A mall's layout choices: where the signatories and the bilagor list stand, sections that
follow the signatures, empty optional sections left out, no underrubrik; the same order in
the PDF (read back) and in the preview, and the PDF tagged as headings and lists."""

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from remiss.dokument import dokument_for
from remiss.huvudlayout import Layout
from remiss.services.bilagor import bilaga_ladda_upp
from tests.remiss.huvud_verktyg import dokument_fran_mall, mall_med_huvud, rendera, skriv
from tests.remiss.pdf_verktyg import fulltext, oppna
from tests.remiss.test_bilagor import fil, pdf_bytes

pytestmark = pytest.mark.django_db

#: A "Tjänsteskrivelse": förslag, ärendet, an optional Barnperspektiv, and "Beslut sänds
#: till" after the signatures.
AVSNITT = (
    {"nyckel": "forslag", "rubrik": "Förslag till beslut", "typ": "beslutspunkter"},
    {"nyckel": "arendet", "rubrik": "Ärendet"},
    {"nyckel": "barnperspektiv", "rubrik": "Barnperspektiv", "obligatorisk": False},
    {"nyckel": "sands_till", "rubrik": "Beslut sänds till", "efter_undertecknare": True},
)
TEXTER = {
    "forslag": ["Nämnden tillstyrker förslaget."],
    "arendet": "Förslaget gäller riktlinjer för kommunikation.",
    "sands_till": "Kommunstyrelsen",
}


@pytest.fixture
def skapa(remiss, karin, lisa, veronica):
    """A document from a mall with `AVSNITT` and the layout fields given, written."""

    def _skapa(**falt):
        mall = mall_med_huvud(avsnitt=AVSNITT, dokumenttyp="Tjänsteskrivelse", **falt)
        return skriv(dokument_fran_mall(mall, remiss=remiss, user=karin), karin, **TEXTER)

    return _skapa


def _bilaga(tu, karin):
    bilaga_ladda_upp(user=karin, tu=tu, fil=fil("bilaga.pdf", pdf_bytes()), titel="Riktlinjer")


def _i_ordning(text: str, *delar: str) -> bool:
    platser = [text.index(del_) for del_ in delar]
    return platser == sorted(platser)


def _forhandsgranskning(client, karin, tu) -> str:
    client.force_login(karin)
    html = client.get(reverse("remiss:tu", args=[tu.remiss_id])).content.decode()
    return html[html.index('class="app-document"') :]


def test_a_section_marked_to_follow_the_signatures_stands_after_them(skapa, karin, client):
    """GIVEN a mall whose "Beslut sänds till" follows the signatures WHEN rendered THEN the
    signatories stand between the sections and it, in the PDF and in the preview."""
    tu = skapa()

    text = fulltext(rendera(tu, karin).pdf)

    assert _i_ordning(text, "Ärendet", "Veronica Wolgast Carstorp", "Beslut sänds till")
    assert _i_ordning(text, "Beslut sänds till", "Kommunstyrelsen")
    preview = _forhandsgranskning(client, karin, tu)
    assert _i_ordning(preview, "Ärendet", "Veronica Wolgast Carstorp", "Beslut sänds till")


def test_bilagor_at_the_top_stand_after_the_underrubrik(skapa, karin, client):
    """GIVEN a mall with the bilagor list at the top WHEN the document has a bilaga THEN the
    list stands after the underrubrik and before the first section, in the PDF and the
    preview."""
    tu = skapa(bilagor_placering="overst")
    _bilaga(tu, karin)

    text = fulltext(rendera(tu, karin).pdf)

    assert _i_ordning(text, tu.underrubrik, "Bilaga", "1. Riktlinjer", "Förslag till beslut")
    preview = _forhandsgranskning(client, karin, tu)
    assert _i_ordning(preview, "Bilaga", "Riktlinjer", "Förslag till beslut")


def test_bilagor_at_the_end_follow_the_sections_after_the_signatures(skapa, karin):
    """GIVEN a mall with the bilagor list last THEN it follows "Beslut sänds till"."""
    tu = skapa(bilagor_placering="sist")
    _bilaga(tu, karin)

    text = fulltext(rendera(tu, karin).pdf)

    assert _i_ordning(text, "Veronica Wolgast Carstorp", "Beslut sänds till", "1. Riktlinjer")


def test_signatories_after_the_bilagor_list(skapa, karin):
    """GIVEN a mall whose signatories stand after the bilagor list THEN they do."""
    tu = skapa(undertecknare_placering="efter_bilagor")
    _bilaga(tu, karin)

    text = fulltext(rendera(tu, karin).pdf)

    assert _i_ordning(text, "Ärendet", "1. Riktlinjer", "Veronica Wolgast Carstorp")


def test_an_empty_optional_section_is_left_out_with_its_heading(skapa, karin, client):
    """GIVEN a mall that leaves out empty optional sections WHEN Barnperspektiv is empty THEN
    neither its heading nor anything of it is printed or previewed; once written, it is."""
    tu = skapa(utelamna_tomma_avsnitt=True)

    assert "Barnperspektiv" not in fulltext(rendera(tu, karin).pdf)
    assert "Barnperspektiv" not in _forhandsgranskning(client, karin, tu)

    tu = skriv(tu, karin, barnperspektiv="Barn berörs inte.")

    assert _i_ordning(fulltext(rendera(tu, karin).pdf), "Barnperspektiv", "Barn berörs inte.")


def test_without_the_choice_an_empty_optional_section_keeps_its_heading(skapa, karin):
    """GIVEN a mall that does not leave out empty sections (Stockholm's way) THEN the empty
    optional section's heading is printed, as before."""
    tu = skapa()

    assert "Barnperspektiv" in fulltext(rendera(tu, karin).pdf)


def test_a_mall_without_underrubrik_gives_a_document_without_one(skapa, karin):
    """GIVEN a mall with no underrubrik template WHEN its document is created THEN it has no
    underrubrik, and the PDF goes from the rubrik straight to the first section."""
    tu = skapa(underrubrik_mall="")

    assert tu.underrubrik == ""
    text = fulltext(rendera(tu, karin).pdf)
    assert "Svar på remiss" not in text
    assert _i_ordning(text, tu.rubrik, "Förslag till beslut")


def test_the_layout_is_copied_and_later_mall_edits_leave_the_document(skapa, karin):
    """GIVEN a document WHEN its mall moves the bilagor and starts leaving out empty
    sections THEN the document keeps its own layout."""
    tu = skapa()
    mall = tu.mall
    mall.bilagor_placering = "overst"
    mall.utelamna_tomma_avsnitt = True
    mall.save()

    dokument = dokument_for(tu)

    assert dokument.layout.bilagor == "efter_undertecknare"
    assert "Barnperspektiv" in [a.rubrik for a in dokument.avsnitt]


def test_the_pdf_tags_the_sections_after_the_signatures_as_headings_and_lists(skapa, karin):
    """GIVEN a document with bilagor at the top and a section after the signatures WHEN
    rendered THEN the structure tree has its headings and the numbered lists."""
    tu = skapa(bilagor_placering="overst")
    _bilaga(tu, karin)

    typer: list[str] = []

    def samla(objekt):
        if isinstance(objekt, pikepdf.Array):
            for barn in objekt:
                samla(barn)
        elif isinstance(objekt, pikepdf.Dictionary):
            if "/S" in objekt:
                typer.append(str(objekt.S))
            if "/K" in objekt:
                samla(objekt.K)

    with oppna(rendera(tu, karin).pdf) as pdf:
        samla(pdf.Root.StructTreeRoot.K)
    assert typer.count("/H2") >= 4  # Bilaga, three sections, Beslut sänds till
    assert "/L" in typer and "/LI" in typer


def test_signatories_after_bilagor_needs_the_bilagor_after_the_sections(db):
    """GIVEN a mall with signatories after the bilagor list and the list at the top WHEN
    checked THEN refused in Swedish on the signatories' field."""
    mall = mall_med_huvud(undertecknare_placering="efter_bilagor", bilagor_placering="overst")

    with pytest.raises(ValidationError) as exc:
        mall.clean()

    assert "bilageförteckningen bara när den står efter avsnitten" in " ".join(
        exc.value.message_dict["undertecknare_placering"]
    )


@pytest.mark.parametrize(
    ("bilagor", "undertecknare", "ordning"),
    [
        ("efter_undertecknare", "efter_avsnitten", "avsnitt undertecknare bilagor avsnitt_efter"),
        ("overst", "efter_avsnitten", "bilagor avsnitt undertecknare avsnitt_efter"),
        ("sist", "efter_avsnitten", "avsnitt undertecknare avsnitt_efter bilagor"),
        ("efter_undertecknare", "efter_bilagor", "avsnitt bilagor undertecknare avsnitt_efter"),
    ],
)
def test_block_order_per_choice(bilagor, undertecknare, ordning):
    """GIVEN the layout choices THEN the body's blocks stand in this reading order."""
    layout = Layout(huvud=(), bilagor=bilagor, undertecknare=undertecknare)

    assert layout.blockordning == tuple(ordning.split())
