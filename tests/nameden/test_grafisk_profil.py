"""A kommun's grafisk profil as data: organisationsnummer with its check digit, colours
within WCAG's 4.5:1, the profile value a document copies, and the PDF partials that print
it (read back from a real PDF)."""

import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.template import engines
from PIL import Image
from pypdf import PdfReader

from nameden import grafiskprofil, kontrast, logotyp
from nameden.models import Kommun
from nameden.pdf.render import render_pdf, validate_pdfa
from nameden.sparmanager import untracked_writes
from tests.factories import KommunFactory

# --- Organisationsnummer --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("skrivet", "lagrat"),
    [
        ("212000-0142", "212000-0142"),  # Stockholms stad
        ("2120001355", "212000-1355"),  # Göteborgs stad, typed without the hyphen
        (" 222000-0315 ", "222000-0315"),  # with spaces around, as pasted
    ],
)
def test_a_valid_organisationsnummer_is_stored_with_its_hyphen(skrivet, lagrat):
    """GIVEN ten digits whose last is the Luhn check digit WHEN checked THEN they are
    accepted and written NNNNNN-NNNN."""
    assert grafiskprofil.organisationsnummer(skrivet) == lagrat


def test_a_wrong_check_digit_is_refused_in_swedish():
    """GIVEN Stockholm's number with its last digit changed WHEN checked THEN it is refused,
    saying the check digit is wrong."""
    with pytest.raises(ValidationError) as exc:
        grafiskprofil.organisationsnummer("212000-0143")
    assert exc.value.code == "orgnr_kontrollsiffra"
    assert "kontrollsiffran" in exc.value.messages[0]


@pytest.mark.parametrize(
    "skrivet", ["21200-0142", "212000-01420", "2120-000142", "abcdef-ghij", ""]
)
def test_a_number_in_the_wrong_form_is_refused(skrivet):
    with pytest.raises(ValidationError) as exc:
        grafiskprofil.organisationsnummer(skrivet)
    assert exc.value.messages == [grafiskprofil.ORGNR_FORMAT_FEL]


def test_luhn_by_hand():
    """The rule itself: 212000014 gives check digit 2, and every other last digit fails."""
    assert grafiskprofil.luhn_giltig("2120000142")
    assert [d for d in "0123456789" if grafiskprofil.luhn_giltig("212000014" + d)] == ["2"]


# --- Colours --------------------------------------------------------------------------------


def test_contrast_is_wcags():
    """Black on white is 21:1, a colour on itself 1:1, and #767676 is the lightest grey
    that passes 4.5:1 on white while #777777 fails."""
    assert kontrast.kontrast("#000", "#ffffff") == pytest.approx(21)
    assert kontrast.kontrast("#0f4c81", "#0F4C81") == pytest.approx(1)
    assert kontrast.racker_for_text("#767676", "#ffffff")
    assert not kontrast.racker_for_text("#777777", "#ffffff")


def test_readable_colours_are_accepted_and_normalised(db):
    """GIVEN a dark accent with white text WHEN the kommun is checked THEN it is accepted,
    and the colours are stored in one spelling (#rrggbb, lower case)."""
    kommun = Kommun(
        namn="Exempelkommunen", slug="exempel", accentfarg="#0F4C81", text_pa_accent="#FFF"
    )
    kommun.full_clean()
    assert (kommun.accentfarg, kommun.text_pa_accent) == ("#0f4c81", "#ffffff")


@pytest.mark.parametrize(
    ("accent", "text", "falt", "i_texten"),
    [
        ("#ffcc00", "#000000", "accentfarg", "mot vit bakgrund (1,51:1"),
        ("#777777", "#000000", "accentfarg", "(4,47:1, minst 4,5:1"),
        ("#0f4c81", "#1d5b8f", "text_pa_accent", "syns för dåligt på accentfärgen"),
        ("blå", "#ffffff", "accentfarg", "hexadecimal färg"),
        ("#0f4c81", "#ggg", "text_pa_accent", "hexadecimal färg"),
    ],
)
def test_colours_below_four_and_a_half_to_one_are_refused(accent, text, falt, i_texten):
    """GIVEN an accent too light for text on white paper, or a text colour that does not
    stand out on the accent, or no colour at all WHEN checked THEN the field gets a Swedish
    message with the ratio, rounded down so that a failing pair never reads as 4,5:1."""
    fel = grafiskprofil.fargfel(accent, text)
    assert list(fel) == [falt]
    assert i_texten in fel[falt]


# --- The profile value and the PDF ---------------------------------------------------------


def _png_logo() -> logotyp.Logotyp:
    bild = Image.new("RGB", (60, 20), (15, 76, 129))
    ut = io.BytesIO()
    bild.save(ut, format="PNG")
    return logotyp.sanera(ut.getvalue())


@pytest.fixture
def orebro(db) -> Kommun:
    kommun = KommunFactory.build(
        namn="Örebro kommun",
        slug="orebro",
        organisationsnummer="212000-1967",
        postadress="Box 300 00, 701 35 Örebro",
        besoksadress="Stadshuset, Drottninggatan 5",
        telefon="019-21 10 00",
        webb="https://www.orebro.se",
        epost="orebro.kommun@orebro.se",
    )
    return grafiskprofil.kommun_spara(user=None, kommun=kommun, logotyp_ny=_png_logo())


def test_the_profile_value_has_its_stable_keys(orebro):
    """GIVEN a kommun with a logo and a full footer WHEN its profile value is taken THEN it
    is JSON-ready with the documented keys, the logo inline with its SHA-256."""
    import json

    varde = grafiskprofil.profil_varde(orebro)

    assert json.loads(json.dumps(varde)) == varde
    assert list(varde) == ["format", "namn", "organisationsnummer", "logotyp", "farger", "sidfot"]
    assert varde["format"] == "grafisk-profil/1"
    assert varde["logotyp"]["mime"] == "image/png"
    assert varde["logotyp"]["sha256"] == orebro.logotyp_sha256
    assert varde["logotyp"]["data_uri"].startswith("data:image/png;base64,")
    assert varde["farger"] == {"accent": "#0f4c81", "text_pa_accent": "#ffffff"}
    assert varde["sidfot"] == {
        "postadress": "Box 300 00, 701 35 Örebro",
        "besoksadress": "Stadshuset, Drottninggatan 5",
        "telefon": "019-21 10 00",
        "webb": "https://www.orebro.se",
        "epost": "orebro.kommun@orebro.se",
        "organisationsnummer": "212000-1967",
    }


def test_a_kommun_without_a_logo_has_none(db):
    assert grafiskprofil.profil_varde(KommunFactory())["logotyp"] is None


def test_a_logo_changed_in_the_database_never_reaches_a_document(orebro):
    """GIVEN a kommun whose stored logo bytes were changed behind the app's back WHEN its
    profile value is taken THEN it is refused (the SHA-256 no longer matches)."""
    with untracked_writes("test: a change made behind the app's back"):
        Kommun.objects.filter(pk=orebro.pk).update(logotyp=b"\x89PNG\r\n\x1a\nannat")
    orebro.refresh_from_db()
    with pytest.raises(ValidationError, match="kontrollsumma"):
        grafiskprofil.profil_varde(orebro)


def test_a_hostile_logo_cannot_be_saved_by_setting_the_fields(db):
    """GIVEN logo fields set by hand to an unsanitised SVG with its correct SHA-256 WHEN the
    kommun is saved through the service THEN it is refused and nothing is stored."""
    import hashlib

    data = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>x</script></svg>'
    kommun = KommunFactory.build(
        logotyp=data, logotyp_mime="image/svg+xml", logotyp_sha256=hashlib.sha256(data).hexdigest()
    )
    with pytest.raises(ValidationError, match="script"):
        grafiskprofil.kommun_spara(user=None, kommun=kommun)
    assert not Kommun.objects.filter(slug=kommun.slug).exists()


MALL = engines["django"].from_string(
    '<html lang="sv"><head><title>Prov</title></head><body>'
    '{% include "pdf/_profil_sidfot.html" %}{% include "pdf/_profil_logo.html" %}'
    '{% for i in sidor %}<p style="break-before: page">Sida med innehåll {{ i }}</p>{% endfor %}'
    "</body></html>"
)


def _pdf(profil: dict) -> bytes:
    pdf, _ = render_pdf(
        MALL.render({"profil": profil, "sidor": [1, 2]}), stylesheet="pdf/profil.css"
    )
    return pdf


def test_the_partials_print_the_footer_on_every_page_and_embed_the_logo(orebro):
    """GIVEN Örebro's profile value WHEN a two-page PDF is rendered with the partials THEN
    every page's text holds the footer (name, addresses, telefon, webb, e-post, org.nr with
    their labels) and the first page holds the logo as an image of its own size; the PDF
    still passes the PDF/A check."""
    pdf = _pdf(grafiskprofil.profil_varde(orebro))
    validate_pdfa(pdf)

    sidor = [sida.extract_text() for sida in PdfReader(io.BytesIO(pdf)).pages]
    assert len(sidor) == 3  # the logo's page, then the two content pages
    for text in sidor:
        for del_ in (
            "Örebro kommun",
            "Postadress Box 300 00, 701 35 Örebro",
            "Besöksadress Stadshuset, Drottninggatan 5",
            "Telefon 019-21 10 00",
            "Webb https://www.orebro.se",
            "E-post orebro.kommun@orebro.se",
            "Org.nr 212000-1967",
        ):
            assert del_ in text, (del_, text)
    with pikepdf.open(io.BytesIO(pdf)) as dok:
        bilder = [
            pikepdf.PdfImage(x)
            for x in dok.pages[0].Resources.XObject.values()
            if x.get("/Subtype") == "/Image"
        ]
    assert [(b.width, b.height) for b in bilder] == [(60, 20)]


def test_empty_footer_fields_leave_out_their_label(db):
    """GIVEN a kommun with only a telefon WHEN its footer is printed THEN no other label is
    (no "Postadress" followed by nothing), and there is no image."""
    pdf = _pdf(
        grafiskprofil.profil_varde(KommunFactory(namn="Lilla kommunen", telefon="0123-100 00"))
    )
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Lilla kommunen" in text and "Telefon 0123-100 00" in text
    for etikett in ("Postadress", "Besöksadress", "Webb", "E-post", "Org.nr"):
        assert etikett not in text
    with pikepdf.open(io.BytesIO(pdf)) as dok:
        xobjekt = dok.pages[0].Resources.get("/XObject", {})
        assert not [x for x in xobjekt.values() if x.get("/Subtype") == "/Image"]


def test_a_profile_copied_before_an_edit_prints_as_it_was(orebro):
    """GIVEN a document's copy of the profile WHEN the kommun's telefon changes THEN the copy
    (and what it prints) does not: the profile is a value, not a reference."""
    kopia = grafiskprofil.profil_varde(orebro)
    orebro.telefon = "019-00 00 00"
    grafiskprofil.kommun_spara(user=None, kommun=orebro)
    assert "Telefon 019-21 10 00" in PdfReader(io.BytesIO(_pdf(kopia))).pages[0].extract_text()
