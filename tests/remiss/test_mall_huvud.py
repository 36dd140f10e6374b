"""A mall's header as data: the fields, labels, placement and order an administrator chose
are what the document prints (PDF read back, and the preview), copied when the document is
created; Stockholm's header is unchanged, byte for byte."""

import datetime as dt

import pytest
from django.urls import reverse

from remiss import fingeravtryck, selectors
from remiss.dokument import Dokument, dokument_for
from remiss.huvudlayout import STANDARDLAYOUT, layout_av
from remiss.models import MallHuvudfalt, Tjansteutlatande
from remiss.models.mallhuvud import STANDARDHUVUD
from remiss.models.remiss import INGET_AVSANDARDIARIENUMMER
from remiss.pdf import render_tjansteutlatande
from tests.factories import stockholm_mall
from tests.remiss.huvud_verktyg import (
    andra_dokumentet,
    dokument_fran_mall,
    mall_med_huvud,
    rendera,
)
from tests.remiss.pdf_verktyg import fulltext, sidtexter

pytestmark = pytest.mark.django_db

#: A "Tjänsteskrivelse" header as many kommuner print it: förvaltning and enhet at the top
#: left; type, Datum, Vår beteckning and "Sidan X (Y)" at the top right; the kontaktperson
#: with titel, telefon and e-post on the first page, Till beside it, Er beteckning under.
HUVUD = (
    {"falt": "forvaltning", "placering": "sidhuvud_vanster"},
    {"falt": "enhet", "placering": "sidhuvud_vanster"},
    {"falt": "dokumenttyp", "placering": "sidhuvud_hoger"},
    {"falt": "datum", "placering": "sidhuvud_hoger", "etikett": "Datum", "etikettform": "fore"},
    {
        "falt": "diarienummer",
        "placering": "sidhuvud_hoger",
        "etikett": "Vår beteckning",
        "etikettform": "fore",
    },
    {"falt": "sida", "placering": "sidhuvud_hoger", "etikett": "Sidan", "etikettform": "fore"},
    {
        "falt": "kontaktperson",
        "placering": "forsta_vanster",
        "etikett": "Kontaktperson",
        "med_titel": True,
        "med_telefon": True,
        "med_epost": True,
    },
    {"falt": "till", "placering": "forsta_hoger", "etikett": "Till"},
    {"falt": "er_beteckning", "placering": "forsta_under", "etikett": "Er beteckning"},
)
AVSNITT = ({"nyckel": "arendet", "rubrik": "Ärendet"},)
DATUM = dt.date(2024, 4, 10)


@pytest.fixture
def mall(db):
    return mall_med_huvud(HUVUD, avsnitt=AVSNITT, dokumenttyp="Tjänsteskrivelse")


@pytest.fixture
def skrivelse(mall, remiss, karin, lisa, veronica):
    tu = dokument_fran_mall(mall, remiss=remiss, user=karin)
    return andra_dokumentet(tu, karin, datum=DATUM, handlaggare_telefon="08-508 250 00")


def _i_ordning(text: str, *delar: str) -> bool:
    platser = [text.index(del_) for del_ in delar]
    return platser == sorted(platser)


def test_a_mall_made_as_data_prints_its_own_fields_labels_and_order(skrivelse, karin):
    """GIVEN a mall whose header is only rows in the database WHEN its document is rendered
    THEN every page's running header has its fields in its order with its labels, and the
    first page its kontaktperson, Till and Er beteckning, none of Stockholm's labels."""
    sidor = sidtexter(rendera(skrivelse, karin).pdf)
    dnr = skrivelse.diarienummer

    forsta = sidor[0]
    assert _i_ordning(
        forsta,
        "Socialförvaltningen",
        "Stabsavdelningen",
        "Tjänsteskrivelse",
        "Datum 2024-04-10",
        f"Vår beteckning {dnr}",
        "Sidan 1 (",
    )
    assert _i_ordning(
        forsta,
        "Kontaktperson",
        "Karin Wallander",
        "Kommunikatör",
        "Telefon: 08-508 250 00",
        f"E-post: {karin.email}",
        "Till",
        "Socialnämnden",
        "Er beteckning",
        "KS 2024/112",
        skrivelse.rubrik,
    )
    for stockholms in ("Handläggare", f"Dnr {dnr}", "Sida 1"):
        assert stockholms not in forsta
    for nummer, sida in enumerate(sidor, start=1):
        assert f"Vår beteckning {dnr}" in sida and f"Sidan {nummer} ({len(sidor)})" in sida


def test_er_beteckning_says_when_the_sender_has_no_diarienummer(
    mall, registrera, karin, lisa, veronica
):
    """GIVEN a remiss from a sender without a diarienummer WHEN its document's header has
    Er beteckning THEN it says the sender has none."""
    remiss = registrera(avsandarens_diarienummer="")
    tu = dokument_fran_mall(mall, remiss=remiss, user=karin)

    text = fulltext(rendera(tu, karin).pdf)

    assert f"Er beteckning {INGET_AVSANDARDIARIENUMMER}" in text


def test_two_kontaktpersoner_two_diarienummer_and_two_namnder_with_their_dates(skrivelse, karin):
    """GIVEN a joint document's header: a second kontaktperson and diarienummer, and two
    nämnder meeting on different days WHEN rendered THEN each person with their lines and
    förvaltning, each diarienummer with its förvaltning, each nämnd with its date."""
    dnr = skrivelse.diarienummer
    tu = andra_dokumentet(
        skrivelse,
        karin,
        ovriga_kontaktpersoner=[
            {
                "namn": "Sven Ek",
                "titel": "Planarkitekt",
                "telefon": "08-508 270 00",
                "epost": "sven.ek@example.org",
                "forvaltning": "Stadsbyggnadskontoret",
            }
        ],
        ovriga_beteckningar=[
            {"forvaltning": "Stadsbyggnadskontoret", "diarienummer": "SBK 2024/7"}
        ],
        till=["Socialnämnden", "Stadsbyggnadsnämnden"],
        till_datum=["2024-04-23", "2024-04-25"],
    )

    text = fulltext(rendera(tu, karin).pdf)

    assert _i_ordning(
        text,
        f"Vår beteckning {dnr} (Socialförvaltningen)",
        "SBK 2024/7 (Stadsbyggnadskontoret)",
    )
    assert _i_ordning(
        text,
        "Karin Wallander",
        "Telefon: 08-508 250 00",
        "Socialförvaltningen",
        "Sven Ek",
        "Planarkitekt",
        "Telefon: 08-508 270 00",
        "E-post: sven.ek@example.org",
        "Stadsbyggnadskontoret",
        "Till",
        "Socialnämnden 2024-04-23 Stadsbyggnadsnämnden 2024-04-25",
    )
    dokument = dokument_for(tu)
    assert [p.namn for p in dokument.kontaktpersoner] == ["Karin Wallander", "Sven Ek"]
    assert [b.diarienummer for b in dokument.beteckningar] == [dnr, "SBK 2024/7"]


def test_the_document_copies_the_header_and_later_mall_edits_change_nothing(mall, skrivelse, karin):
    """GIVEN a document made from the mall WHEN the mall's header rows and layout are edited
    afterwards (a label, a row removed, a row added, the bilagor moved) THEN the document
    renders to the same bytes and fingerprints the same."""
    fore = rendera(skrivelse, karin)
    sha = fingeravtryck.fingeravtryck_for(skrivelse)

    diarienummer = mall.huvudfalt.get(falt="diarienummer")
    diarienummer.etikett = "Dnr"
    diarienummer.save()
    mall.huvudfalt.get(falt="datum").delete()
    MallHuvudfalt.objects.create(mall=mall, ordning=99, falt="datum", placering="forsta_under")
    mall.bilagor_placering = "overst"
    mall.save()

    efter = rendera(skrivelse, karin)
    assert efter.pdf == fore.pdf
    assert fingeravtryck.fingeravtryck_for(skrivelse) == sha
    assert layout_av(Tjansteutlatande.objects.get(pk=skrivelse.pk).layout).huvud[3].etikett == (
        "Datum"
    )


def test_the_stockholm_mall_has_the_standard_header_as_rows(db):
    """GIVEN the shipped Stockholm mall (migration 0011 gave it its header as rows) THEN its
    rows are the standard header, which a document without a copy prints."""
    rader = [rad.som_rad() for rad in stockholm_mall().huvudfalt.order_by("ordning")]

    assert rader == list(STANDARDHUVUD)
    assert tuple(layout_av({"huvud": rader}).huvud) == STANDARDLAYOUT.huvud


def test_a_stockholm_document_renders_and_fingerprints_as_one_made_before_the_copy(tu, karin):
    """GIVEN a document made from the Stockholm mall (with its copy of the header) and the
    same document without any copy (as every document before issue 9) WHEN both are
    rendered and fingerprinted THEN the same HTML, the same PDF bytes, the same SHA-256."""
    kopia = selectors.tjansteutlatande_for(karin, tu.remiss_id)
    assert kopia.layout  # it has its copy
    utan = Tjansteutlatande.objects.get(pk=tu.pk)
    utan.layout = {}
    utan.avsandarens_diarienummer = ""

    varden = {"utkast": True, "skapad": DATUM, "andrad": DATUM}
    med_kopia = render_tjansteutlatande(dokument_for(kopia), **varden)
    utan_kopia = render_tjansteutlatande(dokument_for(utan), **varden)

    assert med_kopia.html == utan_kopia.html
    assert med_kopia.pdf == utan_kopia.pdf
    assert dokument_for(kopia).layout == STANDARDLAYOUT
    kopia.avsandarens_diarienummer = ""
    assert fingeravtryck.fingeravtryck(dokument_for(kopia)) == fingeravtryck.fingeravtryck(
        dokument_for(utan)
    )


#: The keys of `Dokument.as_dict` before issue 9's header (remiss-tu/2 as it was hashed).
NYCKLAR_FORE = {
    "forvaltning",
    "dokumenttyp",
    "diarienummer",
    "handlaggare",
    "telefon",
    "till",
    "sammantradesdatum",
    "rubrik",
    "underrubrik",
    "avsnitt",
    "undertecknare",
    "bilagor",
    "beredning",
    "enhet",
    "titel",
    "epost",
    "datum",
}


def _dokument(**falt) -> Dokument:
    bas = {
        "forvaltning": "Socialförvaltningen",
        "dokumenttyp": "Tjänsteutlåtande",
        "diarienummer": "SOF 2024/1",
        "handlaggare": "Karin Wallander",
        "telefon": "",
        "till": ("Socialnämnden",),
        "sammantradesdatum": None,
        "rubrik": "Remiss",
        "underrubrik": "",
        "avsnitt": (),
        "undertecknare": (),
        "bilagor": (),
    }
    return Dokument(**{**bas, **falt})


def test_an_old_document_hashes_only_the_keys_it_always_had():
    """GIVEN a document with no header copy and no lists (every document before issue 9)
    THEN its canonical form has exactly the keys it had, so its fingerprint is unchanged;
    a new value of any of the new keys is bound."""
    gammal = _dokument()
    sha = fingeravtryck.fingeravtryck(gammal)

    assert set(gammal.as_dict()) == NYCKLAR_FORE
    for falt, varde in [
        ("avsandarens_diarienummer", "KS 2024/112"),
        ("till_datum", (dt.date(2024, 4, 23),)),
        ("layout", layout_av({"huvud": [{"falt": "datum", "placering": "forsta_hoger"}]})),
    ]:
        ny = _dokument(**{falt: varde})
        assert falt in ny.as_dict()
        assert not fingeravtryck.stammer(ny, sha256=sha, format=fingeravtryck.FORMAT)


def test_the_preview_shows_the_header_as_the_pdf_does(client, skrivelse, karin):
    """GIVEN the document of a mall with its own header WHEN its page is shown THEN the
    preview has the mall's labels and values in the PDF's order, and none of Stockholm's."""
    client.force_login(karin)

    html = client.get(reverse("remiss:tu", args=[skrivelse.remiss_id])).content.decode()

    forhandsgranskning = html[html.index('class="app-document"') :]
    assert _i_ordning(
        forhandsgranskning,
        "Socialförvaltningen",
        "Tjänsteskrivelse",
        "Datum 2024-04-10",
        "Vår beteckning",
        "Kontaktperson",
        "E-post:",
        "Er beteckning",
        skrivelse.rubrik,
    )
    assert "Handläggare<br>" not in forhandsgranskning
