"""The committee side's PDFs read back as assistive technology reads them (issue 11): the
kallelse with its handlingar (the packet, full and public), the protokoll (full and public)
and the protokollsutdrag are tagged, in Swedish, titled, with a structure tree whose
headings, lists and tables are the document's own, in reading order, and no text drawn
outside the tree except as an artifact. What they still lack for PDF/UA is in
docs/pdf-tillganglighet.md; the tests below name it where they meet it.
"""

import io

import pikepdf
import pytest

from nameden.models import Handlingspaket
from nameden.paket.bygg import paket_bygg
from nameden.protokoll.innehall import protokoll_innehall
from nameden.protokoll.pdf import protokoll_pdf
from nameden.services.protokoll import protokoll_for
from nameden.services.utskick import protokollsutdrag_skapa
from nameden.utdrag import filer as utdragsfiler
from tests.nameden import fabriker_utskick as f
from tests.nameden import pdf_taggar as t
from tests.nameden.fabriker_paket import anmal_med_handlingar, las_paket
from tests.nameden.fabriker_protokoll import halla_mote_med_protokoll

pytestmark = pytest.mark.django_db
V = Handlingspaket.Version


def _las(data: bytes):
    """(pdf, innehåll, träd) of the bytes; the caller closes the pdf."""
    pdf = pikepdf.open(io.BytesIO(data))
    innehall = t.las_innehall(pdf)
    return pdf, innehall, t.strukturtrad(pdf, innehall)


def _allt_taggat(innehall: t.Innehall) -> None:
    assert innehall.otaggat == [], "text utanför både taggar och artefakter"


# --- Kallelse och handlingar --------------------------------------------------------------


@pytest.fixture
def paket(mote, johan, settings):
    """Three ärenden, the second secret, with the kallelse laid out two punkter at a time so
    that it is joined from pieces with "Sida X (Y)" drawn as an artifact afterwards (the
    machinery of a long kallelse, `nameden.pdf.sidnummer`)."""
    settings.KALLELSE_PUNKTER_PER_DEL = 2
    forslag = "\n".join(["Nämnden godkänner förvaltningens förslag i alla delar. " * 8] * 4)
    for nummer, rubrik, sekretess in (
        (1, "Remiss av kommunikationsprogram", False),
        (2, "Ansökan om bistånd", True),
        (3, "Budget 2025", False),
    ):
        anmal_med_handlingar(
            johan, mote, nummer, sidor=(1,), rubrik=rubrik, sekretess=sekretess, forslag=forslag
        )
    resultat = paket_bygg(sammantrade=mote)
    return {v: las_paket(p) for v, p in resultat.paket.items()}


def _kallelsesidor(pdf: pikepdf.Pdf) -> range:
    return range(sum(1 for s in pdf.pages if s.label.startswith("Kallelse ")))


@pytest.mark.parametrize("version", [V.FULLSTANDIG, V.OFFENTLIG])
def test_the_kallelse_with_handlingar_reads_as_tagged_swedish_in_agenda_order(paket, mote, version):
    """GIVEN a built packet WHEN read back THEN it is marked, /Lang sv, its title (in Info and
    XMP alike) is shown instead of the file name; the kallelse has one H1, the
    Föredragningslista as H2 with its groups as H3, the Tid/Plats table has row headers, and
    every punkt is a list item (L > LI) in agenda order with its number and rubrik (the
    public version: "Sekretess" without the rubrik); on the kallelse's pages every text
    operator is inside marked content with an MCID or inside /Artifact (the "Sida X (Y)"
    drawn over the joined pieces)."""
    titel = f"Kallelse och handlingar – {mote.namnd.namn} {mote.datum:%Y-%m-%d}"
    if version == V.OFFENTLIG:
        titel += " (offentlig version)"
    with t.oppna(paket[version]) as pdf:
        t.kontrollera_katalog(pdf, titel)
        sidor = _kallelsesidor(pdf)
        assert len(sidor) >= 2
        innehall = t.las_innehall(pdf, sidor)
        _allt_taggat(innehall)
        assert all(innehall.artefakter[i] >= 1 for i in sidor), innehall.artefakter
        trad = t.strukturtrad(pdf, innehall)

    rubriker = t.rubriker(trad)
    assert rubriker[0] == ("H1", f"Kallelse till sammanträde med {mote.namnd.namn}")
    assert [r for r in rubriker if r[0] == "H1"] == rubriker[:1]
    assert ("H2", "Föredragningslista") in rubriker
    assert {r[0] for r in rubriker} <= {"H1", "H2", "H3"}, rubriker

    tid = t.tabeller(trad)[0][0]
    assert tid[0] == ("TH", "Tid") and tid[1][0] == "TD"
    assert trad.med_roll("TD")[0].headers == (trad.med_roll("TH")[0].id,)

    for lista in trad.med_roll("L"):
        assert {b.roll for b in lista.barn} == {"LI"}, lista.roller()
    punkter = [p for lista in t.listor(trad) for p in lista if p[:1].isdigit()]
    vantade = ["Remiss av kommunikationsprogram", "Ansökan om bistånd", "Budget 2025"]
    if version == V.OFFENTLIG:
        vantade[1] = "Sekretess"
        assert not any("Ansökan om bistånd" in p for p in punkter)
    plats = -1
    for rubrik in vantade:
        traff = next((i for i, p in enumerate(punkter) if rubrik in p), None)
        assert traff is not None and traff > plats, (rubrik, punkter)
        plats = traff
    assert "Ledamöter och ersättare kallas" in t.ihop(trad.text)


# --- Protokoll ---------------------------------------------------------------------------


@pytest.fixture
def motet(mote, johan):
    return halla_mote_med_protokoll(mote, johan)


@pytest.fixture(params=[False, True], ids=["fullstandig", "offentlig"])
def protokollet(request, motet):
    offentlig = request.param
    protokoll = protokoll_for(motet.sammantrade)
    rendered = protokoll_pdf(motet.sammantrade, protokoll, offentlig=offentlig)
    return offentlig, protokoll_innehall(motet.sammantrade, protokoll), rendered


def test_the_protokoll_reads_as_tagged_swedish_heading_by_heading(protokollet, motet):
    """GIVEN a held meeting's protokoll (full and public) WHEN read back THEN it is tagged,
    /Lang sv, titled; its headings are, in order, H1 Protokoll, H2 Närvarande with an H3 per
    group, H2 Justering, H2 Underskrifter, then one H2 per § as the protokoll holds them
    (public: "Sekretess enligt OSL" for the secret §) with H3 for its parts; each närvaro
    group is a list of the people in it; UTKAST is in the tree; and every text is tagged
    or an artifact."""
    offentlig, innehall, rendered = protokollet
    titel = f"Protokoll {motet.sammantrade.namnd.namn} {motet.sammantrade.datum:%Y-%m-%d}"
    pdf, sidinnehall, trad = _las(rendered.pdf)
    with pdf:
        t.kontrollera_katalog(pdf, titel + (" (offentlig version)" if offentlig else ""))
        _allt_taggat(sidinnehall)

    rubriker = t.rubriker(trad)
    assert rubriker[0] == ("H1", f"Protokoll {innehall.namnd}")
    h2 = [text for roll, text in rubriker if roll == "H2"]
    paragrafer = [
        f"§ {p.nummer} Sekretess enligt OSL" if offentlig and p.sekretess else p.rubrik_med_nummer
        for p in innehall.paragrafer
    ]
    assert h2 == ["Närvarande", "Justering", "Underskrifter", *paragrafer]
    h3 = [text for roll, text in rubriker if roll == "H3"]
    assert h3[:3] == [
        "Tjänstgörande ledamöter och ersättare",
        "Ej tjänstgörande ersättare",
        "Övriga närvarande",
    ]
    assert {"Yrkanden", "Omröstning 1", "Beslut", "Reservationer"} <= set(h3)

    tjanstgorande, ej_tjanstgorande, ovriga = t.listor(trad)[:3]
    assert tjanstgorande[0] == "Anna Ordförande (S), ordförande"
    assert "David Ersättare (V), ersättare, för Cecilia Ledamot (V)" in tjanstgorande
    assert len(tjanstgorande) == len(innehall.tjanstgorande)
    assert ej_tjanstgorande == ["Eva Ersättare (L)"]
    assert ovriga == ["Johan Ek, nämndsekreterare"]
    assert "UTKAST" in [t.ihop(e.text) for e in trad.med_roll("Div")]


def test_the_vote_is_a_table_whose_every_cell_names_its_member_and_alternative(motet):
    """GIVEN § 5's named vote WHEN its table is read THEN it is a Table with a header row
    (TH Ledamot, Ja, Nej, Avstår), one row per member headed by the member's name (TH,
    scope row), the Summa row; and every TD's /Headers point at its row's and its column's
    TH: a screen reader says "Fredrik Ledamot (KD), Nej" for the cross."""
    rendered = protokoll_pdf(motet.sammantrade, protokoll_for(motet.sammantrade))
    with t.oppna(rendered.pdf) as pdf:
        trad = t.strukturtrad(pdf)
        tabell = next(
            e for e in trad.med_roll("Table") if t.ihop(e.text).startswith("Omröstning 1")
        )
        rader = t.tabeller(tabell)[0]
        assert rader[0] == [("TH", "Ledamot"), ("TH", "Ja"), ("TH", "Nej"), ("TH", "Avstår")]
        assert rader[-1][0] == ("TH", "Summa")
        assert all(rad[0][0] == "TH" and {c[0] for c in rad[1:]} == {"TD"} for rad in rader[1:])
        assert "Caption" in tabell.roller()
    # Each cell's /Headers are the IDs of its row's and its column's TH.
    rubrik_for = {e.id: t.ihop(e.text) for e in tabell.med_roll("TH")}
    rader_i_tradet = tabell.med_roll("TR")
    for rad in rader_i_tradet[1:]:
        namn, *celler = [c for c in rad.barn if c.roll in ("TH", "TD")]
        for cell, kolumn in zip(celler, ("Ja", "Nej", "Avstår"), strict=True):
            assert [rubrik_for[h] for h in cell.headers] == [t.ihop(namn.text), kolumn]
    fredrik = next(r for r in rader_i_tradet if t.ihop(r.text).startswith("Fredrik"))
    nej = fredrik.med_roll("TD")[1]
    assert t.ihop(nej.text) == "X"


# --- Protokollsutdrag --------------------------------------------------------------------


@pytest.fixture
def utdraget(monkeypatch, mote, johan):
    f.registrera_kalla(monkeypatch, f.ProvKalla())
    paragraf = f.paragraf(mote, johan)
    f.med_votering(paragraf, johan)
    f.justera(mote, johan)
    utdrag = protokollsutdrag_skapa(user=johan, paragraf=paragraf)
    return paragraf, utdragsfiler.utdrag_fil(utdrag)


def test_the_utdrag_is_tagged_titled_and_reads_in_order(utdraget, mote):
    """GIVEN a stored protokollsutdrag of a justerad § with a vote WHEN read back THEN it is
    tagged, in Swedish, titled; H1 Protokollsutdrag, the § as H2, its parts as H3; its
    header table has row headers; every text is tagged or an artifact, and nothing is
    tagged content that the tree does not reach: the running header (nämnd, document type,
    "Sida X (Y)") is a pagination artifact (WeasyPrint leaves it as marked content outside
    the tree; `nameden.pdf.artefakter` makes it an artifact)."""
    paragraf, data = utdraget
    pdf, innehall, trad = _las(data)
    with pdf:
        t.kontrollera_katalog(
            pdf,
            f"Protokollsutdrag {mote.namnd.namn} {mote.datum:%Y-%m-%d} § {paragraf.nummer}",
        )
        _allt_taggat(innehall)
        assert t.mcid_utanfor_tradet(pdf, innehall) == []
        assert innehall.artefakter[0] >= 1
    rubriker = t.rubriker(trad)
    assert rubriker[0] == ("H1", "Protokollsutdrag")
    assert rubriker[1] == ("H2", f"§ {paragraf.nummer} {paragraf.punkt.rubrik}")
    assert {"Beslut", "Omröstning"} <= {text for roll, text in rubriker if roll == "H3"}
    forsta = t.tabeller(trad)[0]
    assert forsta[0] == [("TH", "Nämnd"), ("TD", mote.namnd.namn)]
