"""Each shipped mall, imported from its file, makes a document that prints its own header,
sections and layout: read back from the real PDF, in reading order. No code and no template
knows these mallar; the file is all there is.
"""

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from nameden import grafiskprofil, logotyp
from remiss import mallfil, pdf, selectors
from remiss.mallfil_import import mallfil_importera
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.remiss.pdf_verktyg import fulltext, oppna, sidtexter
from tests.remiss.test_samverkan_verktyg import (  # noqa: F401 (the joint case's fixtures)
    fixture_anna,
    fixture_bo,
    fixture_byggnadsnamnden,
    fixture_gemensam,
    fixture_plan,
    fixture_rut,
    fixture_sbk,
    fixture_sven,
)

pytestmark = pytest.mark.django_db

MALLAR = Path(__file__).resolve().parents[2] / "remiss" / "mallar"


def _mall(fil: str):
    text = (MALLAR / fil).read_text("utf-8")
    return mallfil_importera(data=mallfil.las(text), ersatt=True, kalla=fil).mall


def _dokument(remiss, karin, fil: str, texter: dict[str, str]):
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=_mall(fil))
    tu = selectors.tjansteutlatande_for(karin, remiss.pk)
    for nyckel, text in texter.items():
        tu = tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel=nyckel, text=text, bas_version=tu.version
        )
    return pdf.tjansteutlatande_pdf(selectors.tjansteutlatande_for(karin, remiss.pk)).pdf


def _i_ordning(text: str, delar: list[str]) -> None:
    """Every part is in `text`, each after the one before it."""
    plats = -1
    for del_ in delar:
        ny = text.find(del_, plats + 1)
        assert ny > plats, f"”{del_}” saknas efter ”{text[max(plats, 0) : plats + 40]}”"
        plats = ny


@pytest.fixture
def tjansteskrivelse(remiss, karin, lisa, veronica) -> bytes:
    return _dokument(
        remiss,
        karin,
        "tjansteskrivelse.json",
        {
            "sammanfattning": "Förvaltningen ställer sig bakom förslaget.",
            "beslutsunderlag": "- Tjänsteskrivelse daterad 2024-04-02\n- Remiss från "
            "kommunstyrelsen, KS 2024/112",
            "barnperspektiv": "Förslaget påverkar inte barn direkt.",
        },
    )


def test_tjansteskrivelse_prints_datum_var_and_er_beteckning_on_every_page(tjansteskrivelse):
    """GIVEN a document from the shipped Tjänsteskrivelse WHEN rendered THEN every page's
    running header has the document type, Datum, Vår beteckning with the förvaltning's
    number and Er beteckning with the sender's, and the page number without "Sida"."""
    for sida in sidtexter(tjansteskrivelse):
        assert "Tjänsteskrivelse" in sida
        _i_ordning(sida, ["Datum", "Vår beteckning", "SOF ", "Er beteckning", "KS 2024/112"])
        assert "Sida" not in sida and "Dnr" not in sida


def test_tjansteskrivelse_reads_in_its_own_order_with_beslut_sands_till_after_the_signatures(
    tjansteskrivelse,
):
    """GIVEN the same document WHEN its text is read back THEN the kontaktperson (name,
    titel, e-post) and the förvaltning come first, the addressed nämnd, the title, the
    sections in the mall's order with the dated Beslutsunderlag list, the signatories, and
    only then "Beslut sänds till" with its list."""
    _i_ordning(
        fulltext(tjansteskrivelse),
        [
            "Karin Wallander",
            "Kommunikatör",
            "karin@example.org",
            "Socialförvaltningen",
            "Socialnämnden",
            "Remiss av Kommunikationsprogram för Stockholms stad",
            "Förslag till beslut",
            "1. Socialnämnden godkänner tjänsteskrivelsen som sitt yttrande över remissen.",
            "Sammanfattning",
            "Beslutsunderlag",
            "Tjänsteskrivelse daterad 2024-04-02",
            "Remiss från kommunstyrelsen, KS 2024/112",
            "Barnperspektiv",
            "Förslaget påverkar inte barn direkt.",
            "Veronica Wolgast Carstorp",
            "Lisa Cadenius",
            "Beslut sänds till",
            "Diariet",
        ],
    )


def test_tjansteskrivelse_has_no_underrubrik_no_handlaggare_label_and_no_empty_arendet(
    tjansteskrivelse,
):
    """The layout the file chose: no underrubrik (null), the kontaktperson without a label,
    and the optional Ärendet left out, heading and all, because it is empty."""
    text = fulltext(tjansteskrivelse)
    assert "Svar på remiss från" not in text
    assert "Handläggare" not in text
    assert "Ärendet" not in text


def test_tjansteskrivelse_beslutsunderlag_is_a_tagged_list(tjansteskrivelse):
    with oppna(tjansteskrivelse) as dokument:
        typer = {
            str(obj.get("/S"))
            for obj in dokument.objects
            if hasattr(obj, "get") and obj.get("/Type") == "/StructElem"
        }
    assert {"/L", "/LI"} <= typer


@pytest.mark.usefixtures("lisa", "veronica", "anna", "bo")
def test_joint_svar_pa_remiss_prints_both_forvaltningar_numbers_contacts_and_namnder(
    gemensam, karin
):
    """GIVEN KS 2024/112 answered by SOF with SBK medverkande WHEN a document from the
    shipped Gemensamt svar på remiss is rendered THEN it names both förvaltningar in the
    running header with each one's diarienummer, both kontaktpersoner with telefon and
    e-post, both nämnder under Till, the joint underrubrik and the joint decision for both."""
    rendered = _dokument(gemensam, karin, "gemensamt-svar-pa-remiss.json", {})
    text = fulltext(rendered)
    _i_ordning(
        text,
        [
            "Kontaktpersoner",
            "Karin Wallander",
            "Socialförvaltningen",
            "Sven Strand",
            "sven@example.org",
            "Stadsbyggnadskontoret",
            "Datum",
            "Till",
            "Socialnämnden",
            "Stadsbyggnadsnämnden",
            "Gemensamt svar på remiss från kommunstyrelsen, Dnr KS 2024/112",
            "Förvaltningarnas förslag till beslut",
            "1. Socialnämnden och Stadsbyggnadsnämnden godkänner förvaltningarnas gemensamma "
            "tjänsteutlåtande som svar på remissen.",
            "Förvaltningarnas synpunkter och förslag",
        ],
    )
    for sida in sidtexter(rendered):
        _i_ordning(sida, ["Socialförvaltningen", "Stadsbyggnadskontoret", "Tjänsteutlåtande"])
        _i_ordning(
            sida, ["Dnr", "SOF ", "(Socialförvaltningen)", "SBK ", "(Stadsbyggnadskontoret)"]
        )
    assert "Ärendets beredning" not in text  # optional, empty, left out


def test_stockholm_file_prints_the_stockholm_header(remiss, karin, lisa, veronica):
    rendered = _dokument(remiss, karin, "stockholm-tjansteutlatande.json", {})
    _i_ordning(
        fulltext(rendered),
        [
            "Handläggare",
            "Karin Wallander",
            "Telefon:",
            "Till",
            "Socialnämnden",
            "Svar på remiss från kommunstyrelsen, Dnr KS 2024/112",
            "Förvaltningens förslag till beslut",
            "Ärendets beredning",
        ],
    )
    for sida in sidtexter(rendered):
        _i_ordning(sida, ["Socialförvaltningen", "Tjänsteutlåtande", "Dnr SOF ", "Sida 1 ("])


def test_no_mall_file_name_or_key_appears_in_templates_or_code():
    """The shipped mallar are data: nothing outside remiss/mallar knows their sections."""
    rot = MALLAR.parents[1]
    kallor = [
        *rot.glob("templates/**/*.html"),
        *rot.glob("remiss/**/*.py"),
        *rot.glob("nameden/**/*.py"),
    ]
    for kalla in kallor:
        innehall = kalla.read_text("utf-8")
        for nyckel in ("barnperspektiv", "beslut_sands_till", "beslutsunderlag"):
            assert nyckel not in innehall, (kalla, nyckel)
    assert json.loads((MALLAR / "tjansteskrivelse.json").read_text("utf-8"))["avsnitt"]


def _png() -> bytes:
    ut = io.BytesIO()
    Image.new("RGB", (120, 40), (0, 85, 140)).save(ut, format="PNG")
    return ut.getvalue()


@pytest.fixture
def profil(sof):
    """SOF's kommun with a grafisk profil: footer fields and a logotyp."""
    kommun = sof.kommun
    kommun.namn = "Upplands-Bro kommun"
    kommun.postadress = "Upplands-Bro kommun, 196 81 Kungsängen"
    kommun.besoksadress = "Furuhällsplan 1, Kungsängen"
    kommun.telefon = "08-581 690 00"
    kommun.webb = "https://www.upplands-bro.se"
    return grafiskprofil.kommun_spara(user=None, kommun=kommun, logotyp_ny=logotyp.sanera(_png()))


def _bilder(rendered: bytes, sida: int) -> list[tuple[int, int]]:
    """The sizes of the images drawn on page `sida` (index from 0)."""
    with oppna(rendered) as dokument:
        xobjekt = dokument.pages[sida].obj.get("/Resources", {}).get("/XObject", {})
        return [
            (int(x.Width), int(x.Height)) for x in xobjekt.values() if x.get("/Subtype") == "/Image"
        ]


@pytest.mark.usefixtures("lisa", "veronica")
def test_tjansteskrivelse_prints_the_kommuns_profile_footer_on_every_page_and_its_logo(
    profil, remiss, karin
):
    """GIVEN SOF's kommun has a grafisk profil WHEN a document from the shipped
    Tjänsteskrivelse (skriv_logotyp, skriv_sidfot) is rendered THEN every page ends with the
    kommun's footer and the first page carries the logotyp."""
    rendered = _dokument(remiss, karin, "tjansteskrivelse.json", {})
    for sida in sidtexter(rendered):
        assert "Furuhällsplan 1, Kungsängen" in sida and "08-581 690 00" in sida
    assert _bilder(rendered, 0) == [(120, 40)]


@pytest.mark.usefixtures("lisa", "veronica")
def test_the_stockholm_file_prints_no_profile_even_when_the_kommun_has_one(profil, remiss, karin):
    rendered = _dokument(remiss, karin, "stockholm-tjansteutlatande.json", {})
    assert "Furuhällsplan" not in fulltext(rendered)
    assert _bilder(rendered, 0) == []


@pytest.mark.usefixtures("lisa", "veronica")
def test_a_new_profile_from_a_file_changes_no_document_already_printed_with_the_old(
    profil, remiss, karin
):
    """GIVEN a Tjänsteskrivelse printed with the kommun's profile WHEN a mall file replaces
    the kommun's profile (--ersatt) THEN that document still prints the footer it was
    created with; the kommun now has the new one."""
    fore = _dokument(remiss, karin, "tjansteskrivelse.json", {})
    data = json.loads((MALLAR / "tjansteskrivelse.json").read_text("utf-8"))
    data["profil"] = {"namn": profil.namn, "sidfot": {"besoksadress": "Nya torget 1"}}

    assert mallfil_importera(data=mallfil.las(json.dumps(data)), ersatt=True).profil == "ersatt"

    efter = pdf.tjansteutlatande_pdf(selectors.tjansteutlatande_for(karin, remiss.pk)).pdf
    assert sidtexter(efter) == sidtexter(fore)
    assert "Furuhällsplan 1, Kungsängen" in fulltext(efter)
    profil.refresh_from_db()
    assert profil.besoksadress == "Nya torget 1" and not profil.logotyp_sha256
