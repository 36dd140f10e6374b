"""The tjänsteutlåtande read back as assistive technology reads it (issue 11): the preview
(UTKAST) and the final version of the reference KS 2024/112, and a Tjänsteskrivelse with
the kommun's logotyp. Tagged, in Swedish, titled; headings, lists and the attestation table
are the document's own, in reading order; nothing is drawn outside the tree except as a
pagination artifact; the logo has its alternative text. What they still lack for PDF/UA is
in docs/pdf-tillganglighet.md.
"""

import datetime as dt
import io
from pathlib import Path

import pikepdf
import pytest
from django.db import transaction
from django.test import override_settings
from PIL import Image

from nameden import grafiskprofil, logotyp
from remiss import mallfil, selectors
from remiss.demo.seed import seed_demo
from remiss.dokument import dokument_for
from remiss.mallfil_import import mallfil_importera
from remiss.pdf import render_tjansteutlatande, tjansteutlatande_pdf
from remiss.services.arbetsflode import remiss_paborja_beredning
from tests.nameden import pdf_taggar as t
from tests.reference import SEKTIONER, las_referens
from tests.remiss.pdf_verktyg import REFERENS_ATTESTER

pytestmark = pytest.mark.django_db

MALLAR = Path(__file__).resolve().parents[2] / "remiss" / "mallar"


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


@pytest.fixture(scope="module", params=["forhandsvisning", "slutlig"])
def las(request, demo_dokument):
    """(is final, the PDF read back: catalog checked by the test, content, tree)."""
    slutlig = request.param == "slutlig"
    rendered = render_tjansteutlatande(
        demo_dokument,
        attester=REFERENS_ATTESTER if slutlig else (),
        utkast=not slutlig,
        skapad=dt.date(2024, 4, 2),
        andrad=dt.datetime(2024, 4, 10, 15, 42, 7, tzinfo=dt.UTC),
    )
    with t.oppna(rendered.pdf) as pdf:
        innehall = t.las_innehall(pdf)
        trad = t.strukturtrad(pdf, innehall)
        katalog = t.katalog(pdf)
        utanfor = t.mcid_utanfor_tradet(pdf, innehall)
        sidor = len(pdf.pages)
    return {
        "slutlig": slutlig,
        "pdf": rendered.pdf,
        "katalog": katalog,
        "innehall": innehall,
        "trad": trad,
        "utanfor": utanfor,
        "sidor": sidor,
    }


def test_tagged_in_swedish_with_the_rubrik_as_its_shown_title(las, demo_dokument):
    """GIVEN the preview and the final version WHEN read back THEN /MarkInfo /Marked, /Lang sv,
    the rubrik as /Title in Info and XMP alike, and /DisplayDocTitle true."""
    k = las["katalog"]
    assert k["struct_tree"] and k["marked"]
    assert k["lang"] in ("sv", "sv-SE")
    assert k["displaydoctitle"]
    assert k["info_title"] == k["xmp_title"] == demo_dokument.rubrik


def test_headings_are_the_documents_own_in_document_order(las, demo_dokument):
    """GIVEN the reference WHEN its tree is read THEN the one H1 is the rubrik, then one H2
    per section of the mall in the reference's order, "Bilaga", and (final only) "Attesterat
    av": nothing else is a heading, and each sits in its own Sect."""
    vantat = [("H1", demo_dokument.rubrik)]
    vantat += [("H2", rubrik) for rubrik in SEKTIONER]
    vantat += [("H2", "Bilaga")]
    if las["slutlig"]:
        vantat += [("H2", "Attesterat av")]
    assert t.rubriker(las["trad"]) == vantat
    assert [a.rubrik for a in demo_dokument.huvudavsnitt()] == list(SEKTIONER)
    # Every H2 opens its Sect (a Sect continued on the next page opens with its P).
    sektioner = las["trad"].med_roll("Sect")
    oppnande = [s.barn[0] for s in sektioner if s.barn and s.barn[0].roll == "H2"]
    assert len(oppnande) == len(vantat) - 1


def test_beslutspunkter_and_bilagor_are_lists_item_by_item(las, demo_dokument):
    """GIVEN the reference WHEN read THEN the förslag till beslut and the bilagor are lists
    (L > LI > LBody), one item per beslutspunkt and per bilaga, each beginning with its
    number as the page prints it."""
    beslutspunkter, bilagor = t.listor(las["trad"])
    forslag = demo_dokument.huvudavsnitt()[0]
    assert beslutspunkter == [f"{n}. {p}" for n, p in enumerate(forslag.punkter, start=1)]
    assert bilagor == [f"{b.nummer}. {b.titel}" for b in demo_dokument.bilagor]
    assert bilagor == [f"{n}. {b}" for n, b in enumerate(las_referens().bilagor, start=1)]
    for lista in las["trad"].med_roll("L"):
        assert [b.roll for b in lista.barn] == ["LI"] * len(lista.barn)
        for post in lista.barn:
            assert [b.roll for b in post.barn] == ["LBody"]


def test_the_attestation_block_is_a_table_with_linked_headers(las):
    """GIVEN the final version WHEN read THEN "Attesterat av" is a Table with THead/TBody,
    TH Namn and Datum, one row per attestation newest first, and each TD's /Headers is
    the ID of its column's TH. The preview has no table at all."""
    tabeller = t.tabeller(las["trad"])
    if not las["slutlig"]:
        assert tabeller == []
        return
    (rader,) = tabeller
    assert rader == [
        [("TH", "Namn"), ("TH", "Datum")],
        *([("TD", f"{a.namn}, {a.titel}"), ("TD", a.datum.isoformat())] for a in REFERENS_ATTESTER),
    ]
    (tabell,) = las["trad"].med_roll("Table")
    assert [b.roll for b in tabell.barn] == ["THead", "TBody"]
    rubrik_for = {e.id: t.ihop(e.text) for e in tabell.med_roll("TH")}
    for rad in tabell.med_roll("TBody")[0].barn:
        assert [[rubrik_for[h] for h in c.headers] for c in rad.barn] == [["Namn"], ["Datum"]]


def test_reading_order_follows_the_reference(las):
    """GIVEN the reference WHEN the tree's text is read in order THEN every paragraph of
    the reference comes in the reference's order (a screen reader reads what the page
    shows, in the order it shows it)."""

    def utan_mellanrum(text: str) -> str:
        return "".join(text.split())

    text = utan_mellanrum(las["trad"].text)
    ref = las_referens()
    delar = [ref.rubrik, ref.underrubrik]
    for sektion in SEKTIONER:
        delar += [sektion, *ref.sektioner[sektion]]
    plats = -1
    for del_ in delar:
        # A paragraph split over a page break is two P elements: compare its start.
        ny = text.find(utan_mellanrum(del_)[:60], plats + 1)
        assert ny > plats, del_[:60]
        plats = ny


def test_every_text_is_tagged_or_a_pagination_artifact(las):
    """GIVEN either version WHEN every page's content stream is read THEN each text operator
    sits inside marked content with an MCID the tree reaches, or inside /Artifact: the
    running header (förvaltning, document type, Dnr, "Sida X (Y)") on every page."""
    innehall = las["innehall"]
    assert innehall.otaggat == []
    assert las["utanfor"] == []
    assert all(innehall.artefakter[i] >= 4 for i in range(las["sidor"])), innehall.artefakter


def test_the_draft_says_utkast_in_the_tree_on_every_page(las):
    """GIVEN the preview WHEN read THEN an UTKAST Div is in the tree once per page (the
    running header's UTKAST is an artifact); the final version has none."""
    utkast = [e for e in las["trad"].med_roll("Div") if t.ihop(e.text) == "UTKAST"]
    assert len(utkast) == (0 if las["slutlig"] else las["sidor"])


# --- A logotyp: a Figure with its alternative text ----------------------------------------


def _png() -> bytes:
    ut = io.BytesIO()
    Image.new("RGB", (120, 40), (0, 85, 140)).save(ut, format="PNG")
    return ut.getvalue()


@pytest.mark.usefixtures("lisa", "veronica")
def test_the_kommuns_logotyp_is_a_figure_with_the_kommuns_name_as_alt(sof, remiss, karin):
    """GIVEN SOF's kommun with a logotyp and a document from the shipped Tjänsteskrivelse
    (which prints it) WHEN read back THEN the logo is one Figure, first in reading order,
    with /Alt the kommun's name and a layout bounding box; and the profile's footer is an
    artifact like the running header, so nothing is outside the tree."""
    kommun = sof.kommun
    kommun.namn = "Upplands-Bro kommun"
    kommun.besoksadress = "Furuhällsplan 1, Kungsängen"
    kommun.telefon = "08-581 690 00"
    grafiskprofil.kommun_spara(user=None, kommun=kommun, logotyp_ny=logotyp.sanera(_png()))
    text = (MALLAR / "tjansteskrivelse.json").read_text("utf-8")
    mall = mallfil_importera(data=mallfil.las(text), ersatt=True, kalla="tjansteskrivelse").mall
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=mall)
    data = tjansteutlatande_pdf(selectors.tjansteutlatande_for(karin, remiss.pk)).pdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        innehall = t.las_innehall(pdf)
        trad = t.strukturtrad(pdf, innehall)
        assert innehall.otaggat == []
        assert t.mcid_utanfor_tradet(pdf, innehall) == []
        assert str(pdf.Root.Lang) == "sv"
    (figur,) = trad.med_roll("Figure")
    assert figur.alt == "Upplands-Bro kommun"
    assert "BBox" in figur.attribut
    # Before anything else in the document's content (only the UTKAST mark precedes it).
    roller = [r for r in trad.roller() if r not in ("StructTreeRoot", "Document", "Part")]
    assert next(r for r in roller if r not in ("Div", "Span")) == "Figure"
