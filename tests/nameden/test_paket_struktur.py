"""The packet's structure tree holds the handlingar's trees (issue 11): under its one
/Document, the kallelse's parts, then one /Part per tagged handling, titled, in the packet's
order; the ParentTree is rebuilt so every page's marked content resolves to elements on that
page; untagged bilagor stay untagged; the public version carries no sekretess punkt's tags.

The tjänsteutlåtanden are real WeasyPrint renders (`nameden.pdf.render_pdf`, tagged as every
document here is); the bilaga is a pikepdf-made PDF without tags (`fabriker_paket`).
"""

import io
from pathlib import Path

import pikepdf
import pytest
from django.core.files.base import ContentFile

from nameden.models import Handling, Handlingsdel, Handlingspaket
from nameden.paket import delar
from nameden.paket.bygg import paket_bygg
from nameden.paket.sammanfoga import Avsnitt, sammanfoga
from nameden.pdf import render_pdf
from nameden.services.foredragningslista import HandlingVarde
from tests.nameden import pdf_taggar as t
from tests.nameden.fabriker_paket import anmal_med_handlingar, las_paket, pdf_med_sidor

V = Handlingspaket.Version


def _tjansteutlatande(rubrik: str, avsnitt: tuple[str, ...]) -> bytes:
    """A tagged tjänsteutlåtande: H1, an H2 per avsnitt with a paragraph, a list and a
    table with row and column headers (WeasyPrint gives its TH an /ID, its TD /Headers)."""
    delar_ = "".join(
        f"<h2>{a}</h2><p>{'Förvaltningen föreslår att nämnden beslutar enligt förslaget. ' * 12}"
        "</p>"
        for a in avsnitt
    )
    html = (
        f'<html lang="sv"><head><meta charset="utf-8"><title>{rubrik}</title></head><body><main>'
        f"<h1>{rubrik}</h1>{delar_}<h2>Beslutspunkter</h2><ol><li>Nämnden godkänner svaret.</li>"
        "<li>Paragrafen justeras omedelbart.</li></ol><table><thead><tr><th scope='col'>Roll</th>"
        "<th scope='col'>Namn</th></tr></thead><tbody><tr><th scope='row'>Handläggare</th>"
        f"<td>Anna Handläggare</td></tr></tbody></table></main></body></html>"
    )
    return render_pdf(html)[0]


def _anmal(johan, mote, referens, rubrik, handlingar, *, sekretess=False):
    return anmal_med_handlingar(
        johan, mote, int(referens), rubrik=rubrik, handlingar=handlingar, sekretess=sekretess
    )


@pytest.fixture
def byggt(mote, johan, settings):
    """Punkt 5: a tagged tjänsteutlåtande and an untagged bilaga; punkt 6 under sekretess:
    a tagged tjänsteutlåtande of its own. The kallelse is laid out two punkter at a time,
    so its tree comes from pieces too."""
    settings.KALLELSE_PUNKTER_PER_DEL = 2
    _anmal(
        johan,
        mote,
        "1",
        "Remiss av kommunikationsprogram",
        [
            HandlingVarde(
                "Tjänsteutlåtande 1",
                _tjansteutlatande("Svar på remiss om kommunikation", ("Bakgrund", "Bedömning")),
            ),
            HandlingVarde("Bilaga 1", pdf_med_sidor("Arende 1 bilaga", 2)),
        ],
    )
    _anmal(
        johan,
        mote,
        "2",
        "Ansökan om bistånd",
        [HandlingVarde("Tjänsteutlåtande 2", _tjansteutlatande("Hemlig utredning", ("Anna",)))],
        sekretess=True,
    )
    resultat = paket_bygg(sammantrade=mote)
    return resultat, {v: las_paket(p) for v, p in resultat.paket.items()}


def _grupper(pdf: pikepdf.Pdf) -> tuple[pikepdf.Dictionary, list, list]:
    """(the /Document, its kids without /T: the kallelse's, its kids with /T: handlingar)."""
    rot = pdf.Root.StructTreeRoot
    assert len(rot.K) == 1
    dokument = rot.K[0]
    assert dokument.S == "/Document" and dokument.P.objgen == rot.objgen
    barn = list(dokument.K)
    handlingar = [b for b in barn if "/T" in b]
    kallelsen = barn[: len(barn) - len(handlingar)]
    assert barn[len(kallelsen) :] == handlingar, "the kallelse's parts come first"
    return dokument, kallelsen, handlingar


def _element(obj):
    """Every structure element under `obj`, each once, with its parent."""
    stack, sedda = [(k, obj) for k in _lista(obj.get("/K"))], set()
    while stack:
        elem, foralder = stack.pop()
        if not isinstance(elem, pikepdf.Dictionary) or elem.get("/Type") in ("/MCR", "/OBJR"):
            continue
        assert elem.objgen not in sedda, "an element in two places"
        sedda.add(elem.objgen)
        yield elem, foralder
        stack.extend((k, elem) for k in _lista(elem.get("/K")))


def _lista(k):
    return [] if k is None else list(k) if isinstance(k, pikepdf.Array) else [k]


@pytest.mark.django_db
def test_the_full_packets_tree_holds_the_kallelse_then_each_tagged_handling(byggt):
    """GIVEN the packet WHEN read back THEN its /Document holds the kallelse's parts, then
    one /Part per tagged handling (/T its title, /Lang sv) in the packet's order, the
    untagged bilaga none; each tjänsteutlåtande's headings, list and table are in its part
    with their text, its pages have no text outside the tree; the bilaga's pages stay
    untagged text (as in the file itself); /MarkInfo /Marked is true; the file is sound."""
    _, filer = byggt
    with t.oppna(filer[V.FULLSTANDIG]) as pdf:
        assert [f for f in pdf.check_pdf_syntax() if f.startswith("ERROR")] == []
        assert bool(pdf.Root.MarkInfo.Marked) and str(pdf.Root.Lang) == "sv"
        _, kallelsen, handlingar = _grupper(pdf)
        antal = sum(1 for s in pdf.pages if s.label.startswith("Kallelse "))
        assert len(kallelsen) == antal  # a /Part per kallelse page, from its pieces
        assert [(str(h.S), str(h.T), str(h.Lang)) for h in handlingar] == [
            ("/Part", "Tjänsteutlåtande 1", "sv"),
            ("/Part", "Tjänsteutlåtande 2", "sv"),
        ]
        innehall = t.las_innehall(pdf)
        trad = t.strukturtrad(pdf, innehall)
        punkt5 = [i for i, s in enumerate(pdf.pages) if s.label.startswith("5:")]
        tu_sidor = punkt5[:-2] + [i for i, s in enumerate(pdf.pages) if s.label.startswith("6:")]
        bilaga = punkt5[-2:]
    delar_ = trad.barn[0].barn[antal:]
    assert [t.rubriker(d) for d in delar_] == [
        [
            ("H1", "Svar på remiss om kommunikation"),
            ("H2", "Bakgrund"),
            ("H2", "Bedömning"),
            ("H2", "Beslutspunkter"),
        ],
        [("H1", "Hemlig utredning"), ("H2", "Anna"), ("H2", "Beslutspunkter")],
    ]
    assert t.listor(delar_[0]) == [
        ["1. Nämnden godkänner svaret.", "2. Paragrafen justeras omedelbart."]
    ]
    assert t.tabeller(delar_[0]) == [
        [[("TH", "Roll"), ("TH", "Namn")], [("TH", "Handläggare"), ("TD", "Anna Handläggare")]]
    ]
    assert "Förvaltningen föreslår att nämnden beslutar" in t.ihop(delar_[0].text)
    assert not [(s, x) for s, x in innehall.otaggat if s in tu_sidor]
    assert not [(s, x) for s, x in t.mcid_utanfor_tradet(pdf, innehall) if s in tu_sidor]
    assert {s for s, _ in innehall.otaggat} == set(bilaga)  # its text, not in the tree


@pytest.mark.django_db
@pytest.mark.parametrize("version", [V.FULLSTANDIG, V.OFFENTLIG])
def test_every_key_resolves_to_elements_on_its_own_page_and_nothing_dangles(byggt, version):
    """GIVEN either version WHEN its ParentTree is read THEN its keys are unique and below
    /ParentTreeNextKey; every page with /StructParents has an entry whose elements all
    have that page as /Pg, and every key is a page's or a linked annotation's; every
    element's /P is the element it hangs under and its /Pg one of the packet's pages;
    every ID is unique, in the /IDTree, and every TD's /Headers names IDs of its table."""
    _, filer = byggt
    with t.oppna(filer[version]) as pdf:
        rot = pdf.Root.StructTreeRoot
        nums = list(rot.ParentTree.Nums)
        nycklar = [int(n) for n in nums[::2]]
        assert len(nycklar) == len(set(nycklar)) and max(nycklar) < rot.ParentTreeNextKey
        trad = dict(zip(nycklar, nums[1::2], strict=True))
        sidor = {s.obj.objgen for s in pdf.pages}
        anvanda = set()
        for sida in pdf.pages:
            if "/StructParents" not in sida.obj:
                continue
            nyckel = int(sida.obj.StructParents)
            anvanda.add(nyckel)
            element = [e for e in trad[nyckel] if e is not None]
            assert element and all(e.Pg.objgen == sida.obj.objgen for e in element)
            for annot in sida.obj.get("/Annots", ()):
                if "/StructParent" in annot:
                    anvanda.add(int(annot.StructParent))
                    assert trad[int(annot.StructParent)].get("/Type") == "/StructElem"
        assert anvanda == set(nycklar)
        idn = []
        for elem, foralder in _element(rot):
            assert elem.P.objgen == foralder.objgen
            assert "/Pg" not in elem or elem.Pg.objgen in sidor
            if "/ID" in elem:
                idn.append(bytes(elem.ID))
        assert len(idn) == len(set(idn)) >= 4
        idtrad = {bytes(k): v.objgen for blad in rot.IDTree.Kids for k, v in _par(blad.Names)}
        assert set(idtrad) == set(idn)
        for td in [e for e, _ in _element(rot) if e.S == "/TD"]:
            assert {bytes(h) for h in td.A.Headers} <= set(idtrad)


def _par(names):
    names = list(names)
    return zip(names[::2], names[1::2], strict=True)


@pytest.mark.django_db
def test_the_public_packet_carries_no_tag_of_the_sekretess_punkt(byggt):
    """GIVEN punkt 6 under sekretess WHEN the public version is read THEN its tree has the
    kallelse's parts and only Tjänsteutlåtande 1's part: no element, title or text from the
    secret tjänsteutlåtande."""
    _, filer = byggt
    with t.oppna(filer[V.OFFENTLIG]) as pdf:
        _, _, handlingar = _grupper(pdf)
        assert [str(h.T) for h in handlingar] == ["Tjänsteutlåtande 1"]
        trad = t.strukturtrad(pdf)
        titlar = [str(e.get("/T", "")) for e, _ in _element(pdf.Root.StructTreeRoot)]
    text = t.ihop(trad.text)
    assert "Hemlig utredning" not in text and "Anna" not in text.replace("Anna Handläggare", "")
    assert "Tjänsteutlåtande 2" not in titlar
    assert "Svar på remiss om kommunikation" in text


@pytest.mark.django_db
def test_a_part_from_the_previous_processing_is_made_again(mote, johan):
    """GIVEN a cached part of the tjänsteutlåtande from processing VERSION 1 (untagged)
    WHEN the packet is built THEN that part is not used: the handling is processed anew
    under the current VERSION, which keeps its tags, and the packet carries them."""
    tu = _tjansteutlatande("Svar på remiss", ("Bakgrund",))
    _anmal(johan, mote, "1", "Remiss", [HandlingVarde("Tjänsteutlåtande", tu)])
    handling = Handling.objects.get(titel="Tjänsteutlåtande")
    gammal, sidor, _ = _utan_taggar(tu)

    del_ = Handlingsdel(
        sha256=handling.sha256, version=1, fil_sha256="0" * 64, storlek=len(gammal), sidor=sidor
    )
    del_.fil.save(f"gammal-{handling.sha256}.pdf", ContentFile(gammal), save=True)
    assert delar.VERSION > 1

    resultat = paket_bygg(sammantrade=mote)

    assert resultat.nya == 1 and resultat.ateranvanda == 0
    ny = Handlingsdel.objects.get(sha256=handling.sha256, version=delar.VERSION)
    with ny.fil.open("rb") as f, pikepdf.open(io.BytesIO(f.read())) as pdf:
        assert "/StructTreeRoot" in pdf.Root
    with t.oppna(las_paket(resultat.paket[V.FULLSTANDIG])) as pdf:
        _, _, handlingar = _grupper(pdf)
        assert [str(h.T) for h in handlingar] == ["Tjänsteutlåtande"]


def _utan_taggar(pdf: bytes) -> tuple[bytes, int, bool]:
    """The part as VERSION 1 made it: the pages without their tree."""
    with pikepdf.open(io.BytesIO(pdf)) as kalla, pikepdf.new() as ren:
        ren.pages.extend(kalla.pages)
        for sida in ren.pages:
            del sida.obj["/StructParents"]
        ut = io.BytesIO()
        ren.save(ut)
        return ut.getvalue(), len(ren.pages), True


def _med_roll(pdf: bytes, fran: str, till: str, rollkarta: dict) -> bytes:
    """`pdf` with every `fran` element renamed `till` and `rollkarta` as its RoleMap."""
    with pikepdf.open(io.BytesIO(pdf)) as p:
        for obj in p.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == fran:
                obj.S = pikepdf.Name(till)
        p.Root.StructTreeRoot.RoleMap = pikepdf.Dictionary(
            {k: pikepdf.Name(v) for k, v in rollkarta.items()}
        )
        ut = io.BytesIO()
        p.save(ut)
        return ut.getvalue()


def test_role_maps_merge_without_remapping_a_standard_type_or_each_other(tmp_path: Path):
    """GIVEN two handlingar that both name their heading /Rubrik, one mapping it to H1 and
    the other to H2, and the second also mapping the standard /P to /H1 WHEN joined THEN
    the packet maps /Rubrik → H1 (the first), the second's headings are written as /H2
    (what they meant), its paragraphs stay /P, and no standard type is in the RoleMap."""
    tu = _tjansteutlatande("Rubriken", ("Avsnitt",))
    forsta = _med_roll(tu, "/H1", "/Rubrik", {"/Rubrik": "/H1"})
    andra = _med_roll(tu, "/H2", "/Rubrik", {"/Rubrik": "/H2", "/P": "/H1"})
    filer = []
    for namn, data in (("kallelse", tu), ("a", forsta), ("b", andra)):
        if namn != "kallelse":
            data = delar.bearbeta(data, titel=namn)[0]
        filer.append(tmp_path / f"{namn}.pdf")
        filer[-1].write_bytes(data)
    sammanfoga(
        filer[0],
        [
            Avsnitt(
                rubrik="5. Punkt",
                prefix="5:",
                handlingar=((Handling(titel="A"), filer[1]), (Handling(titel="B"), filer[2])),
            )
        ],
        ut=tmp_path / "paket.pdf",
        titel="Paket",
    )
    with pikepdf.open(tmp_path / "paket.pdf") as pdf:
        rot = pdf.Root.StructTreeRoot
        assert {str(k): str(v) for k, v in rot.RoleMap.items()} == {"/Rubrik": "/H1"}
        _, _, (a, b) = _grupper(pdf)
        roller_a = [str(e.S) for e, _ in _element(a)]
        roller_b = [str(e.S) for e, _ in _element(b)]
    assert "/Rubrik" in roller_a and "/H1" not in roller_a
    assert "/Rubrik" not in roller_b and roller_b.count("/H2") == 2
    assert "/H1" in roller_b and "/P" in roller_b


def test_a_tree_that_breaks_the_rebuild_leaves_the_part_untagged_not_the_build_stopped(
    monkeypatch, caplog
):
    """Fault injection: whatever in a valid but strange tree makes the rebuild fail, the
    handling still goes into the packet, as untagged pages with no dangling keys, and the
    failure is logged with the handling's title."""

    def trasig(*args, **kwargs):
        raise pikepdf.PdfError("konstigt strukturträd")

    monkeypatch.setattr(delar, "behall_struktur", trasig)
    innehall = _tjansteutlatande("Trasigt träd", ("Bakgrund",))
    data, sidor, _ = delar.bearbeta(innehall, titel="Tjänsteutlåtande med konstigt träd")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == sidor >= 1
        assert "/StructTreeRoot" not in pdf.Root
        assert "/MarkInfo" not in pdf.Root
        assert all("/StructParents" not in sida.obj for sida in pdf.pages)
    assert "Tjänsteutlåtande med konstigt träd" in caplog.text
