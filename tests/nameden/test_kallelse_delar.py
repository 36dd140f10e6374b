"""A long kallelse laid out in pieces (`nameden.paket.kallelsedelar`) and joined into one
tagged PDF/A (`nameden.pdf.merge`), read back with pypdf and pikepdf: the same pages as the
kallelse rendered in one pass, "Sida X (Y)" right on every page, one valid structure tree.

The piece size is forced small (`punkter_per_del`) so that a short agenda makes several
pieces; the same agenda rendered with a piece size above its length is the one-pass render
it must equal.
"""

import datetime as dt
import io
import itertools

import pikepdf
import pikepdf.pdfa
import pypdf
import pytest

from nameden.paket.kallelse import kallelse_render
from nameden.paket.kallelsedelar import Enhet, delplan, enheter
from nameden.paket.underlag import underlag_for
from tests.nameden.fabriker_paket import anmal_med_handlingar

SKAPAD = dt.datetime(2024, 4, 2, 9, 30, tzinfo=dt.UTC)
ETT_SVEP = 10_000


def _sidor(pdf: bytes) -> list[str]:
    return [s.extract_text() for s in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _kallelser(mote, *, offentlig=False, per_del=8):
    underlag = underlag_for(mote)
    delad = kallelse_render(underlag, offentlig=offentlig, skapad=SKAPAD, punkter_per_del=per_del)
    hel = kallelse_render(underlag, offentlig=offentlig, skapad=SKAPAD, punkter_per_del=ETT_SVEP)
    return delad, hel


@pytest.fixture
def lang_lista(johan, mote):
    """24 ärenden after the 4 opening punkter: about five pages of föredragningslista."""
    for nummer in range(1, 25):
        anmal_med_handlingar(johan, mote, nummer, sidor=(1,))
    return mote


@pytest.mark.django_db
def test_the_pieces_make_the_same_pages_as_one_pass(lang_lista):
    """GIVEN 28 punkter WHEN the kallelse is laid out 8 punkter at a time THEN it is made of
    several pieces and has exactly the pages of the one-pass render: the same count, the same
    text on each page (no half-empty page at a seam), every rubrik once and in order."""
    delad, hel = _kallelser(lang_lista)

    assert delad.delar >= 3 and hel.delar == 1
    sidor = _sidor(delad.pdf)
    assert len(sidor) == delad.sidor == hel.sidor
    assert sidor == _sidor(hel.pdf)
    text = "\n".join(sidor)
    platser = [text.index(f"Ärende nummer {n}\n") for n in range(1, 25)]
    assert platser == sorted(platser)
    assert all(text.count(f"Ärende nummer {n}\n") == 1 for n in range(1, 25))


@pytest.mark.django_db
def test_every_page_says_sida_x_of_the_whole(lang_lista):
    """GIVEN a kallelse in pieces WHEN read back THEN page n says "Sida n (Y)" with Y the
    page count of the whole document, on every page of every piece."""
    delad, _ = _kallelser(lang_lista)

    sidor = _sidor(delad.pdf)
    for n, sida in enumerate(sidor, start=1):
        assert f"Sida {n} ({len(sidor)})" in sida


@pytest.mark.django_db
def test_the_joined_kallelse_is_one_tagged_pdfa(lang_lista):
    """GIVEN a kallelse in pieces WHEN read back with pikepdf THEN it passes the PDF/A-2b
    validation, has one language, title, XMP and output intent, one /Document under the
    structure tree root with a part per page, and a ParentTree whose keys are exactly the
    pages' StructParents, each mapping to elements on that page."""
    delad, hel = _kallelser(lang_lista)

    assert pikepdf.pdfa.validate_written(io.BytesIO(delad.pdf), "2b").passed
    with pikepdf.open(io.BytesIO(delad.pdf)) as pdf:
        assert [f for f in pdf.check_pdf_syntax() if f.startswith("ERROR")] == []
        assert str(pdf.Root.Lang) == "sv"
        assert len(pdf.Root.OutputIntents) == 1
        assert str(pdf.docinfo.Title) == "Kallelse – Socialnämnden 2024-04-23"
        rot = pdf.Root.StructTreeRoot
        assert len(rot.K) == 1 and rot.K[0].S == "/Document"
        dokument = rot.K[0]
        assert dokument.P.objgen == rot.objgen
        assert len(dokument.K) == len(pdf.pages)
        assert all(part.P.objgen == dokument.objgen for part in dokument.K)
        nums = list(rot.ParentTree.Nums)
        trad = dict(zip((int(n) for n in nums[::2]), nums[1::2], strict=True))
        nycklar = [int(s.obj.StructParents) for s in pdf.pages]
        assert sorted(nycklar) == sorted(trad) == list(range(len(pdf.pages)))
        for sida in pdf.pages:
            element = [e for e in trad[int(sida.obj.StructParents)] if e is not None]
            assert element
            assert all(e.Pg.objgen == sida.obj.objgen for e in element if "/Pg" in e)
            for e in element:  # each reaches the one /Document
                while e.objgen != dokument.objgen:
                    e = e.P
        typsnitt = {str(f.BaseFont) for s in pdf.pages for f in s.Resources.Font.values()}
        antal = {f.objgen for s in pdf.pages for f in s.Resources.Font.values()}
        assert len(typsnitt) == len(antal)  # each piece's subset has its own name
    with (
        pikepdf.open(io.BytesIO(hel.pdf)) as pdf,
        pikepdf.open(io.BytesIO(delad.pdf)) as ut,
        pdf.open_outline() as a,
        ut.open_outline() as b,
    ):
        assert _bokmarken(b.root) == _bokmarken(a.root)


def _bokmarken(poster, niva=0):
    return [x for p in poster for x in [(niva, p.title), *_bokmarken(p.children, niva + 1)]]


@pytest.mark.django_db
def test_the_public_version_in_pieces_lacks_the_sekretess_punkter(johan, mote):
    """GIVEN 20 ärenden of which two are under sekretess WHEN the public kallelse is laid
    out in pieces THEN it lists them as "Sekretess" without rubrik or diarienummer, and
    equals the public one-pass render page by page."""
    for nummer in range(1, 21):
        anmal_med_handlingar(
            johan,
            mote,
            nummer,
            sidor=(1,),
            sekretess=nummer in (7, 15),
            rubrik=f"Hemligt ärende {nummer}" if nummer in (7, 15) else f"Ärende nummer {nummer}",
            diarienummer=f"SOF 2024/{900 + nummer}" if nummer in (7, 15) else f"SOF 2024/{nummer}",
        )

    delad, hel = _kallelser(mote, offentlig=True, per_del=6)

    assert delad.delar >= 3
    text = "\n".join(_sidor(delad.pdf))
    assert "Hemligt" not in text and "SOF 2024/907" not in text and "SOF 2024/915" not in text
    assert text.count("Sekretess\n") == 2
    assert _sidor(delad.pdf) == _sidor(hel.pdf)


@pytest.mark.django_db
def test_a_punkt_longer_than_a_page_neither_loops_nor_leaves_a_gap(johan, mote):
    """GIVEN a punkt whose förslag runs over two pages among short ones WHEN laid out two
    punkter at a time THEN the plan still ends, and the pages are those of one pass."""
    for nummer in range(1, 9):
        forslag = (
            "\n".join(
                f"Stycke {i} av det långa förslaget till beslut, med text." for i in range(90)
            )
            if nummer == 4
            else f"Nämnden beslutar i ärende {nummer}."
        )
        anmal_med_handlingar(johan, mote, nummer, sidor=(1,), forslag=forslag)

    delad, hel = _kallelser(mote, per_del=2)

    assert delad.delar >= 2
    assert _sidor(delad.pdf) == _sidor(hel.pdf)


@pytest.mark.django_db
def test_a_short_kallelse_takes_the_one_pass_path(johan, mote):
    """GIVEN 2 ärenden (6 punkter) WHEN rendered with the default piece size THEN it is one
    piece: the plain render, its pages numbered by WeasyPrint itself."""
    anmal_med_handlingar(johan, mote, 1)
    anmal_med_handlingar(johan, mote, 2)

    kallelse = kallelse_render(underlag_for(mote), offentlig=False, skapad=SKAPAD)

    assert kallelse.delar == 1
    assert "Sida 1 (" in _sidor(kallelse.pdf)[0]


# --- The plan alone, with a layout of known heights ----------------------------------------


def _layout(hojder: dict[str, int], sida: int = 10):
    """A stand-in for WeasyPrint: each enhet takes `hojder[id]` lines (1 by default),
    pages hold `sida` lines, an enhet never shares a page it does not fit on (like
    `break-inside: avoid`) unless it is taller than a page, then it runs over."""

    def ankare_for(enh, forsta, slut):
        sidor, rad = [set()], 0
        if forsta == 0:
            sidor[0].add("inledning")
            rad = 2
        for e in enh[forsta:slut]:
            h = hojder.get(e.id, 1)
            if rad + h > sida and h <= sida and rad:
                sidor.append(set())
                rad = 0
            while h > 0:
                sidor[-1].add(e.id)
                tar = min(h, sida - rad)
                h -= tar
                rad += tar
                if rad >= sida and h > 0:
                    sidor.append(set())
                    rad = 0
        return [frozenset(s) for s in sidor]

    return ankare_for


def _plan(enh, hojder, per_del, sida=10):
    lagda = []
    layout = _layout(hojder, sida)

    def lagg_ut(forsta, slut, behall):
        lagda.append((forsta, slut))
        behall(layout(enh, forsta, slut))

    def sista_for(forsta):
        lagda.append((forsta, len(enh)))
        return len(layout(enh, forsta, len(enh)))

    return delplan(enh, punkter_per_del=per_del, lagg_ut=lagg_ut, sista_for=sista_for), lagda


def test_each_piece_starts_at_the_first_enhet_of_the_page_it_did_not_keep():
    """GIVEN 2 avsnitt of 12 punkter, 10 lines a page, the opening 2 lines WHEN planned 8
    punkter a piece THEN each piece keeps its full pages and the next starts at the enhet
    that opened the page it dropped; the pieces' pages add up to the one-pass count."""
    enh = enheter([12, 12])

    plan, _ = _plan(enh, {}, per_del=8)

    ett_svep = len(_layout({})(enh, 0, len(enh)))
    assert sum(d.sidor for d in plan) == ett_svep
    assert plan[0].forsta == 0 and plan[-1].slut == len(enh)
    for fore, efter in itertools.pairwise(plan):
        assert efter.forsta == fore.nasta > fore.forsta
    assert plan[0].nasta == 8  # page 1: the opening + 8 enheter; page 2 starts at enhet 8


def test_a_punkt_taller_than_a_page_doubles_the_piece_instead_of_looping():
    """GIVEN a punkt of 25 lines (two and a half pages) WHEN planned 2 punkter a piece THEN
    the piece holding it is laid out again with more punkter until a page begins with an
    enhet's start, and the plan covers every enhet once."""
    enh = enheter([10])
    lang = Enhet(0, 2).id

    plan, lagda = _plan(enh, {lang: 25}, per_del=2)

    assert sum(d.sidor for d in plan) == len(_layout({lang: 25})(enh, 0, len(enh)))
    assert any(slut - forsta > 3 for forsta, slut in lagda)  # a doubled piece
    tackta = [i for d in plan for i in range(d.forsta, d.nasta)]
    assert tackta == list(range(len(enh)))


def test_each_piece_is_laid_out_once():
    """GIVEN 3 avsnitt of 12 punkter, 10 lines a page WHEN planned 12 punkter a piece (more
    than a page, so every piece finds a cut) THEN every piece is laid out exactly once (the
    layout that finds its cut is the one drawn): one layout per piece, from its first enhet."""
    enh = enheter([12, 12, 12])

    plan, lagda = _plan(enh, {}, per_del=12)

    assert len(plan) >= 4
    assert [forsta for forsta, _ in lagda] == [d.forsta for d in plan]
