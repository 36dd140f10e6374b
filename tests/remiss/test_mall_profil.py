"""A mall that prints the kommun's grafisk profil: the logotyp and the footer come from the
document's own copy of the profile, taken when it was created; Stockholm's mall prints
neither and copies nothing."""

import io

import pikepdf
import pytest
from PIL import Image
from pypdf import PdfReader

from nameden import grafiskprofil, logotyp
from remiss import fingeravtryck
from tests.factories import stockholm_mall
from tests.remiss.huvud_verktyg import dokument_fran_mall, mall_med_huvud, rendera

pytestmark = pytest.mark.django_db

SIDFOT = (
    "Postadress Box 300 00, 701 35 Örebro",
    "Besöksadress Stadshuset, Drottninggatan 5",
    "Telefon 019-21 10 00",
    "Org.nr 212000-1967",
)
AVSNITT = ({"nyckel": "arendet", "rubrik": "Ärendet", "standardtext": "Stycke.\n\n" * 60},)


def _png_logo() -> logotyp.Logotyp:
    bild = Image.new("RGB", (60, 20), (15, 76, 129))
    ut = io.BytesIO()
    bild.save(ut, format="PNG")
    return logotyp.sanera(ut.getvalue())


@pytest.fixture
def kommun(sof):
    """The förvaltning's kommun with a full profile: footer fields and a logotyp."""
    kommun = sof.kommun
    kommun.namn = "Örebro kommun"
    kommun.organisationsnummer = "212000-1967"
    kommun.postadress = "Box 300 00, 701 35 Örebro"
    kommun.besoksadress = "Stadshuset, Drottninggatan 5"
    kommun.telefon = "019-21 10 00"
    return grafiskprofil.kommun_spara(user=None, kommun=kommun, logotyp_ny=_png_logo())


@pytest.fixture
def med_profil(kommun, remiss, karin, lisa, veronica):
    mall = mall_med_huvud(avsnitt=AVSNITT, skriv_logotyp=True, skriv_sidfot=True)
    return dokument_fran_mall(mall, remiss=remiss, user=karin)


def _bilder(pdf: bytes, sida: int) -> list[tuple[int, int]]:
    with pikepdf.open(io.BytesIO(pdf)) as dok:
        xobjekt = dok.pages[sida].Resources.get("/XObject", {})
        return [
            (pikepdf.PdfImage(x).width, pikepdf.PdfImage(x).height)
            for x in xobjekt.values()
            if x.get("/Subtype") == "/Image"
        ]


def test_the_logo_and_footer_print_from_the_documents_copy(med_profil, karin):
    """GIVEN a mall that prints the kommun's logotyp and footer WHEN its document is
    rendered THEN every page has the footer and the first page the logo."""
    pdf = rendera(med_profil, karin).pdf

    sidor = [sida.extract_text() for sida in PdfReader(io.BytesIO(pdf)).pages]
    assert len(sidor) >= 2
    for text in sidor:
        assert "Örebro kommun" in text
        for del_ in SIDFOT:
            assert del_ in text, (del_, text)
    assert _bilder(pdf, 0) == [(60, 20)]


def test_a_kommun_edit_after_creation_changes_nothing(med_profil, kommun, karin):
    """GIVEN a document with its copy of the profile WHEN the kommun's telefon and logotyp
    change THEN the document renders to the same bytes and fingerprints the same."""
    fore = rendera(med_profil, karin).pdf
    sha = fingeravtryck.fingeravtryck_for(med_profil)

    kommun.telefon = "019-99 99 99"
    grafiskprofil.kommun_spara(user=None, kommun=kommun, ta_bort_logotyp=True)

    assert rendera(med_profil, karin).pdf == fore
    assert fingeravtryck.fingeravtryck_for(med_profil) == sha


def test_stockholms_mall_prints_no_profile_and_copies_none(kommun, tu, karin):
    """GIVEN a kommun with a full profile WHEN a document is made from Stockholm's mall THEN
    it holds no copy of the profile and prints neither logotyp nor footer."""
    assert not stockholm_mall().skriv_logotyp and not stockholm_mall().skriv_sidfot
    assert tu.profil == {}

    pdf = rendera(tu, karin).pdf

    text = " ".join(sida.extract_text() for sida in PdfReader(io.BytesIO(pdf)).pages)
    assert "Postadress" not in text and "Örebro kommun" not in text
    assert _bilder(pdf, 0) == []


def test_the_preview_shows_the_logo_and_footer(client, med_profil, karin):
    """GIVEN the document with the profile WHEN its page is shown THEN the preview has the
    logo (named by the kommun) and the footer's lines."""
    client.force_login(karin)

    html = client.get(f"/remisser/{med_profil.remiss_id}/tjansteutlatande/").content.decode()

    assert 'alt="Örebro kommun"' in html
    assert "Postadress Box 300 00, 701 35 Örebro" in html
