"""The protokoll's content, its fingerprint and its PDF/A: every part of the content changes
the fingerprint; the PDF reads back with närvaro, §§, beslut, the vote table, the reservation
and the justering block; the public version leaves the sekretess § out."""

import datetime as dt

import pytest

from nameden.historik import save_tracked
from nameden.models import Jav, OvrigNarvarande, Paragraf, Rost
from nameden.pdf import validate_pdfa
from nameden.protokoll import fingeravtryck as fa
from nameden.protokoll.innehall import protokoll_innehall
from nameden.protokoll.pdf import protokoll_pdf
from nameden.services.protokoll import protokoll_for
from tests.nameden.fabriker_protokoll import andra, halla_mote_med_protokoll
from tests.remiss.pdf_verktyg import fulltext

pytestmark = pytest.mark.django_db


@pytest.fixture
def motet(mote, johan):
    return halla_mote_med_protokoll(mote, johan)


def _fa(motet) -> str:
    return fa.fingeravtryck(protokoll_innehall(motet.sammantrade, protokoll_for(motet.sammantrade)))


def _rost(motet):
    return Rost.objects.get(fortroendevald=motet.fredrik)


ANDRINGAR = {
    "sammanträdets plats": lambda m, j: andra(m.sammantrade, plats="Annan sal"),
    "sammanträdets tid": lambda m, j: andra(m.sammantrade, tid=dt.time(9, 0)),
    "närvaro": lambda m, j: andra(m.sammantrade.narvaro.get(fortroendevald=m.eva), tjanstgor=True),
    "övrig närvarande": lambda m, j: OvrigNarvarande.objects.create(
        sammantrade=m.sammantrade, namn="Gäst Gästsson"
    ),
    "paragrafens text": lambda m, j: andra(m.beslut, text="Ny beskrivning."),
    "beslutets lydelse": lambda m, j: andra(m.beslut, beslutstext="Ny lydelse."),
    "beslutets slag": lambda m, j: andra(m.beslut, slag=Paragraf.Beslutsslag.ANDRAT),
    "rubrik": lambda m, j: andra(m.beslut.punkt, rubrik="Ny rubrik"),
    "diarienummer": lambda m, j: andra(m.beslut.punkt, diarienummer="SOF 2024/13"),
    "sekretess": lambda m, j: andra(m.anmalan.punkt, sekretess=True),
    "omedelbar justering": lambda m, j: andra(m.beslut, omedelbar_justering=True),
    "yrkande": lambda m, j: andra(m.beslut.yrkanden.get(ordning=2), text="Återremiss."),
    "röst": lambda m, j: andra(_rost(m), val=Rost.Val.AVSTAR),
    "omröstningens resultat": lambda m, j: andra(m.beslut.omrostningar.get(), utslagsrost=True),
    "reservation": lambda m, j: andra(m.beslut.reservationer.get(), text="Annat skäl."),
    "jäv": lambda m, j: Jav.objects.create(paragraf=m.beslut, fortroendevald=m.fredrik),
    "ordförande": lambda m, j: andra(protokoll_for(m.sammantrade), ordforande=m.fredrik),
    "justerare": lambda m, j: protokoll_for(m.sammantrade).justerare.add(m.david),
    "dag för justering": lambda m, j: andra(
        protokoll_for(m.sammantrade), justering_tid=dt.date(2024, 5, 2)
    ),
    "plats för justering": lambda m, j: andra(
        protokoll_for(m.sammantrade), justering_plats="Digitalt"
    ),
}


@pytest.mark.parametrize("del_", list(ANDRINGAR))
def test_every_part_of_the_content_changes_the_fingerprint(del_, motet, johan):
    """GIVEN a protokoll's fingerprint WHEN one part of its content changes THEN the
    fingerprint changes."""
    fore = _fa(motet)
    ANDRINGAR[del_](motet, johan)
    assert _fa(motet) != fore


def test_the_same_content_has_the_same_fingerprint_and_a_named_form(motet):
    """GIVEN an unchanged protokoll WHEN fingerprinted twice THEN the same SHA-256, from a
    canonical form that names itself; the förvaringsplats (the anslag's) is not content."""
    fore = _fa(motet)
    andra(protokoll_for(motet.sammantrade), forvaringsplats="Arkivet")
    innehall = protokoll_innehall(motet.sammantrade, protokoll_for(motet.sammantrade))
    assert fa.fingeravtryck(innehall) == fore
    assert fa.kanonisk_form(innehall).startswith(b'{"format":"nameden-protokoll/1"')
    assert fa.stammer(innehall, sha256=fore, format=fa.FORMAT)
    assert not fa.stammer(innehall, sha256=fore, format="nameden-protokoll/0")


def test_a_paragraf_fingerprint_follows_its_paragraf_only(motet):
    """GIVEN § 5's own fingerprint WHEN § 7 changes THEN it stays; WHEN § 5 changes THEN it
    changes."""

    def par_fa():
        innehall = protokoll_innehall(motet.sammantrade, protokoll_for(motet.sammantrade))
        return fa.paragraf_fingeravtryck(innehall, motet.beslut.pk)

    fore = par_fa()
    andra(motet.anmalan, beslutstext="Annat.")
    assert par_fa() == fore
    andra(motet.beslut, beslutstext="Annat.")
    assert par_fa() != fore


def test_the_content_is_read_in_a_constant_number_of_queries(motet, django_assert_max_num_queries):
    """GIVEN a meeting WHEN its content is read, with more paragrafer, votes and närvaro THEN
    the number of queries does not grow."""
    protokoll = protokoll_for(motet.sammantrade)
    with django_assert_max_num_queries(12):
        protokoll_innehall(motet.sammantrade, protokoll)
    for nummer in range(8, 20):
        punkt = motet.beslut.punkt
        punkt.pk, punkt.ordning, punkt.arende = None, nummer, None
        save_tracked(punkt, user=None, reason="test")
        kopia = Paragraf.objects.get(pk=motet.beslut.pk)
        kopia.pk, kopia.punkt, kopia.nummer = None, punkt, nummer
        save_tracked(kopia, user=None, reason="test")
        Jav.objects.create(paragraf=kopia, fortroendevald=motet.fredrik)
    with django_assert_max_num_queries(12):
        innehall = protokoll_innehall(motet.sammantrade, protokoll)
    assert len(innehall.paragrafer) == 19


def test_the_pdf_reads_back_with_everything_the_protokoll_must_say(motet):
    """GIVEN a held meeting WHEN its protokoll is rendered THEN it is valid PDF/A-2b and its
    text holds the header, närvaro (ersättare for whom, ej tjänstgörande, övriga), §§ with
    beslut, yrkanden, the vote table, the reservation, jäv, the justering block and UTKAST."""
    rendered = protokoll_pdf(motet.sammantrade, protokoll_for(motet.sammantrade))
    validate_pdfa(rendered.pdf)
    text = fulltext(rendered.pdf)

    for del_ in (
        "Protokoll Socialnämnden",
        "Datum 2024-04-23",
        "Plats Stadshuset",
        "§§ 1–7",
        "Anna Ordförande (S), ordförande",
        "David Ersättare (V), ersättare, för Cecilia Ledamot (V)",
        "Ej tjänstgörande ersättare Eva Ersättare (L)",
        "Övriga närvarande Johan Ek, nämndsekreterare",
        "Justerare Bertil Justerare (M)",
        "Justeringens plats och tid Stadshuset, 2024-04-30",
        "Underskrifter",
        "Sekreterare Johan Ek",
        "Ordförande Anna Ordförande (S) Ej justerad",
        "§ 5 Remiss av kommunikationsprogram",
        "Dnr SOF 2024/12",
        "Fredrik Ledamot (KD) yrkar: Avslag på förvaltningens förslag. (avslaget)",
        "Omröstning 1: 3 ja, 1 nej, 0 avstår",
        "Ledamot Ja Nej Avstår",
        "Summa 3 1 0",
        "Resultat: Ja-propositionen vann",
        "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
        "Fredrik Ledamot (KD) reserverar sig mot beslutet: Programmet saknar barnperspektiv.",
        "Jäv: Bertil Justerare (M)",
        "§ 6 Ansökan om bistånd",
        "Hemlig Person",
        "UTKAST",
    ):
        assert del_ in text, del_
    assert "Anslagsbevis" not in text


def test_the_public_version_leaves_the_sekretess_paragraf_out(motet):
    """GIVEN § 6 is a sekretess punkt WHEN the public version is rendered THEN it says
    "§ 6 Sekretess enligt OSL" and nothing of its rubrik, text or beslut; § 5 is there."""
    rendered = protokoll_pdf(motet.sammantrade, protokoll_for(motet.sammantrade), offentlig=True)
    validate_pdfa(rendered.pdf)
    text = fulltext(rendered.pdf)

    assert "§ 6 Sekretess enligt OSL" in text
    assert "Hemlig Person" not in text and "Ansökan om bistånd" not in text
    assert "§ 5 Remiss av kommunikationsprogram" in text
    assert "offentlig version" in text


def test_user_text_is_escaped_in_the_pdf(motet):
    """GIVEN a paragraf text with markup WHEN rendered THEN it is printed as text."""
    andra(motet.beslut, text='<link rel="attachment" href="file:///etc/passwd"> <b>fet</b>')
    rendered = protokoll_pdf(motet.sammantrade, protokoll_for(motet.sammantrade))
    assert "<b>fet</b>" in rendered.html.replace("&lt;", "<").replace("&gt;", ">")
    assert "&lt;b&gt;" in rendered.html
