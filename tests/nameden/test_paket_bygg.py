"""Kallelse och handlingar built through the real database queue and the real worker
(`db_worker`), read back with pikepdf: pages, bookmarks, page labels, the public version.

The order is enqueued when its transaction commits and the worker needs committed rows and
runs its own transactions, hence `transaction=True`; `serialized_rollback=True` restores what
migrate wrote (role groups, the shipped mall).
"""

import pikepdf
import pytest
from django.core.management.sql import emit_post_migrate_signal
from django_tasks_db.models import DBTaskResult

from nameden.models import Handlingspaket, SammantradeHandelse
from nameden.paket.bestall import paket_bestall
from tests.nameden.fabriker_paket import anmal_med_handlingar, kor_arbetaren, las_paket, sidtexter

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
V = Handlingspaket.Version


@pytest.fixture(autouse=True)
def _rollgrupper(transactional_db):
    """With --no-migrations nothing is serialized, so a flush leaves no role groups behind
    for the next test: make them again (post_migrate; nothing happens when they exist)."""
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")


def _byggt(mote, johan):
    paket_bestall(user=johan, sammantrade=mote)
    kor_arbetaren()
    return {p.version: p for p in mote.handlingspaket.all()}


def test_the_worker_builds_both_versions_from_the_queue(mote, johan):
    """GIVEN two ärenden with a 3-page TU and a 2-page bilaga each WHEN the packet is ordered
    THEN the order waits in the database queue until the worker runs, which builds both
    versions: kallelse pages plus all 10 pages of handlingar, stored with their SHA-256."""
    anmal_med_handlingar(johan, mote, 1)
    anmal_med_handlingar(johan, mote, 2)

    bestallning = paket_bestall(user=johan, sammantrade=mote)

    assert bestallning.koad
    uppgift = DBTaskResult.objects.get()
    assert uppgift.task_path == "nameden.tasks.bygg_handlingspaket"
    assert {p.status for p in mote.handlingspaket.all()} == {Handlingspaket.Status.KOAD}

    kor_arbetaren()

    uppgift.refresh_from_db()
    assert uppgift.status == "SUCCESSFUL"
    paket = {p.version: p for p in mote.handlingspaket.all()}
    full = paket[V.FULLSTANDIG]
    assert full.status == Handlingspaket.Status.KLAR
    with pikepdf.open(full.fil.path) as pdf:
        kallelse = sum(1 for s in pdf.pages if s.label.startswith("Kallelse"))
        assert kallelse >= 1
        assert len(pdf.pages) == kallelse + 10 == full.sidor
        with pdf.open_outline() as outline:
            titlar = [i.title for i in outline.root]
            barn = [[c.title for c in i.children] for i in outline.root]
    assert titlar == ["Kallelse och föredragningslista", "5. Ärende nummer 1", "6. Ärende nummer 2"]
    assert barn[1:] == [["Tjänsteutlåtande 1", "Bilaga 1"], ["Tjänsteutlåtande 2", "Bilaga 2"]]
    text = sidtexter(las_paket(full))
    assert "Arende 1 TU sida 1" in text[kallelse]
    assert SammantradeHandelse.objects.filter(typ="paket_klart").exists()


def test_page_labels_name_the_kallelse_and_each_punkts_pages(mote, johan):
    """GIVEN ärenden as punkt 5 (3 + 2 pages) and 6 (1 page) WHEN built THEN the kallelse's
    pages read "Kallelse 1" …, punkt 5's "5:1" to "5:5" and punkt 6's "6:1"; the kallelse
    names where each handling starts."""
    anmal_med_handlingar(johan, mote, 1)
    anmal_med_handlingar(johan, mote, 2, sidor=(1,))

    full = _byggt(mote, johan)[V.FULLSTANDIG]

    with pikepdf.open(full.fil.path) as pdf:
        etiketter = [s.label for s in pdf.pages]
    kallelse = [e for e in etiketter if e.startswith("Kallelse ")]
    assert kallelse == [f"Kallelse {n}" for n in range(1, len(kallelse) + 1)]
    assert etiketter[len(kallelse) :] == ["5:1", "5:2", "5:3", "5:4", "5:5", "6:1"]
    forsta = " ".join(sidtexter(las_paket(full))[: len(kallelse)])
    assert "Tjänsteutlåtande 1 (sid 5:1–5:3)" in forsta
    assert "Bilaga 1 (sid 5:4–5:5)" in forsta
    assert "Tjänsteutlåtande 2 (sid 6:1)" in forsta


def test_the_public_version_lacks_the_sekretess_punkts_pages_and_details(mote, johan):
    """GIVEN punkt 6 under sekretess WHEN built THEN the full version has all pages and
    names it; the public one lists punkt 6 only as "Sekretess", without its rubrik,
    diarienummer, förslag, bookmark or any of its pages."""
    anmal_med_handlingar(johan, mote, 1)
    anmal_med_handlingar(
        johan,
        mote,
        2,
        rubrik="Ansökan om bistånd för Anna",
        diarienummer="SOF 2024/99",
        sekretess=True,
    )

    paket = _byggt(mote, johan)
    full, offentlig = paket[V.FULLSTANDIG], paket[V.OFFENTLIG]

    full_text = " ".join(sidtexter(las_paket(full)))
    off_sidor = sidtexter(las_paket(offentlig))
    off_text = " ".join(off_sidor)
    assert "Ansökan om bistånd för Anna" in full_text and "Arende 2 TU sida 1" in full_text
    for hemligt in ("Ansökan om bistånd", "SOF 2024/99", "ärende 2", "Arende 2"):
        assert hemligt not in off_text
    assert "Sekretess" in off_text and "Arende 1 bilaga sida 2" in off_text
    assert full.sidor - offentlig.sidor == 5
    with pikepdf.open(offentlig.fil.path) as pdf:
        with pdf.open_outline() as outline:
            assert [i.title for i in outline.root][1:] == ["5. Ärende nummer 1"]
        assert "/pdfaid" not in str(pdf.open_metadata())


def test_the_packet_is_a_sound_pdf_with_the_kallelse_tagged_and_links_kept(mote, johan):
    """GIVEN a handling whose first page links to its second WHEN the packet is written
    object by object (one part open at a time) THEN pikepdf finds no syntax error, every
    page hangs in the one page tree, the kallelse keeps its language and structure tree, and
    the link still lands on the handling's own second page."""
    from nameden.services.foredragningslista import HandlingVarde, arende_anmal
    from tests.nameden.fabriker_paket import pdf_med_lank

    anmal_med_handlingar(johan, mote, 1)
    arende_anmal(
        user=johan,
        sammantrade=mote,
        kalla="remiss",
        referens="lank",
        rubrik="Med länk",
        diarienummer="SOF 2024/9",
        forslag_till_beslut="",
        handlingar=[HandlingVarde("Bilaga med länk", pdf_med_lank("Lankad"))],
    )

    full = _byggt(mote, johan)[V.FULLSTANDIG]

    with pikepdf.open(full.fil.path) as pdf:
        assert [f for f in pdf.check_pdf_syntax() if f.startswith("ERROR")] == []
        rot = pdf.Root.Pages
        assert all(s.obj.Parent.objgen == rot.objgen for s in pdf.pages)
        assert rot.Count == len(pdf.pages) == full.sidor
        assert str(pdf.Root.Lang) == "sv" and "/StructTreeRoot" in pdf.Root
        lankad = [i for i, s in enumerate(pdf.pages) if s.label.startswith("6:")]
        lank = pdf.pages[lankad[0]].Annots[0]
        assert lank.Dest[0].objgen == pdf.pages[lankad[1]].obj.objgen
    assert sidtexter(las_paket(full))[lankad[1]].strip() == "Lankad sida 2"


def test_nothing_changed_means_nothing_is_rebuilt(mote, johan):
    """GIVEN a built packet WHEN it is ordered again with nothing changed THEN nothing is
    queued, the user is told so, and the stored files stay the same."""
    anmal_med_handlingar(johan, mote, 1)
    fore = _byggt(mote, johan)

    bestallning = paket_bestall(user=johan, sammantrade=mote)

    assert not bestallning.koad
    assert "redan aktuella" in bestallning.meddelande
    assert DBTaskResult.objects.count() == 1
    efter = {p.version: p for p in mote.handlingspaket.all()}
    assert {v: p.sha256 for v, p in efter.items()} == {v: p.sha256 for v, p in fore.items()}


def test_a_new_agenda_order_makes_it_inaktuell_and_the_rebuild_reuses_every_handling(mote, johan):
    """GIVEN a built packet WHEN two punkter swap places THEN the packet is inaktuell; a new
    order rebuilds it in the new order, every handling taken from the part cache."""
    from nameden.paket.lage import paketlage
    from nameden.services.foredragningslista import punkt_flytta

    anmal_med_handlingar(johan, mote, 1)
    andra = anmal_med_handlingar(johan, mote, 2)
    fore = _byggt(mote, johan)[V.FULLSTANDIG]
    assert (fore.delar_nya, fore.delar_ateranvanda) == (4, 0)

    punkt_flytta(user=johan, punkt=andra, riktning="upp")

    assert all(v.inaktuell for v in paketlage(mote).versioner)
    efter = _byggt(mote, johan)[V.FULLSTANDIG]
    assert (efter.delar_nya, efter.delar_ateranvanda) == (0, 4)
    assert efter.sha256 != fore.sha256 and efter.fingeravtryck != fore.fingeravtryck
    assert not any(v.inaktuell for v in paketlage(mote).versioner)
    with pikepdf.open(efter.fil.path) as pdf, pdf.open_outline() as outline:
        assert [i.title for i in outline.root][1:] == ["5. Ärende nummer 2", "6. Ärende nummer 1"]


def test_a_changed_handling_makes_it_inaktuell(mote, johan):
    """GIVEN a built packet WHEN a handling of a punkt is another document (a new SHA-256)
    THEN the packet is inaktuell, and the rebuild processes only that handling."""
    from nameden.historik import save_tracked
    from nameden.paket.lage import paketlage
    from tests.nameden.fabriker_paket import pdf_med_sidor

    punkt = anmal_med_handlingar(johan, mote, 1)
    _byggt(mote, johan)
    handling = punkt.handlingar.get(ordning=2)
    ny = pdf_med_sidor("Ny bilaga", 4)
    import hashlib

    from django.core.files.base import ContentFile

    handling.fil.save("ny-bilaga", ContentFile(ny), save=False)
    handling.sha256, handling.storlek = hashlib.sha256(ny).hexdigest(), len(ny)
    save_tracked(handling, user=johan, reason="Ny version av bilagan")

    assert all(v.inaktuell for v in paketlage(mote).versioner)
    efter = _byggt(mote, johan)[V.FULLSTANDIG]
    assert (efter.delar_nya, efter.delar_ateranvanda) == (1, 1)
    assert "Ny bilaga sida 4" in " ".join(sidtexter(las_paket(efter)))


def test_a_corrupt_handling_fails_in_swedish_and_keeps_the_previous_packet(mote, johan):
    """GIVEN a built packet WHEN an ärende with a broken PDF is added and the packet ordered
    THEN both versions record "fel" with a Swedish message naming the handling, the worker's
    task still ends, and the previous packet is kept and served unchanged."""
    from nameden.paket.lage import paket_fil
    from nameden.services.foredragningslista import HandlingVarde, arende_anmal

    anmal_med_handlingar(johan, mote, 1)
    fore = _byggt(mote, johan)[V.FULLSTANDIG]
    arende_anmal(
        user=johan,
        sammantrade=mote,
        kalla="remiss",
        referens="trasig",
        rubrik="Trasig",
        diarienummer="SOF 2024/7",
        forslag_till_beslut="",
        handlingar=[HandlingVarde("Trasig bilaga", b"%PDF-1.7\nskrap som inte ar en pdf")],
    )

    efter = _byggt(mote, johan)

    for p in efter.values():
        assert p.status == Handlingspaket.Status.FEL
        assert "Handlingen ”Trasig bilaga”" in p.felmeddelande
    full = efter[V.FULLSTANDIG]
    assert (full.sha256, full.sidor, full.fingeravtryck) == (
        fore.sha256,
        fore.sidor,
        fore.fingeravtryck,
    )
    with paket_fil(full) as fil:
        assert fil.read() == las_paket(fore)
    handelse = SammantradeHandelse.objects.get(typ="paket_fel")
    assert handelse.text.startswith("Kallelse och handlingar kunde inte skapas: Handlingen")


def test_a_handling_changed_in_storage_is_not_used(mote, johan):
    """GIVEN a handling whose stored bytes no longer match its SHA-256 WHEN the packet is
    built THEN it fails with the selector's message: a changed document is never sent out."""
    punkt = anmal_med_handlingar(johan, mote, 1)
    handling = punkt.handlingar.get(ordning=1)
    with open(handling.fil.path, "wb") as fil:
        fil.write(b"%PDF-1.7 manipulerad")

    paket = _byggt(mote, johan)

    assert paket[V.FULLSTANDIG].status == Handlingspaket.Status.FEL
    assert "har ändrats" in paket[V.FULLSTANDIG].felmeddelande
    assert not paket[V.FULLSTANDIG].har_fil


def test_a_handling_that_is_no_pdf_gets_a_page_saying_so(mote, johan):
    """GIVEN a Word bilaga WHEN built THEN it has one page in the packet that says it is a
    Word document kept in the ärende, with its bookmark."""
    from nameden.services.foredragningslista import HandlingVarde, arende_anmal

    arende_anmal(
        user=johan,
        sammantrade=mote,
        kalla="remiss",
        referens="docx",
        rubrik="Med Word",
        diarienummer="SOF 2024/8",
        forslag_till_beslut="",
        handlingar=[HandlingVarde("Bilaga i Word", b"PK\x03\x04" + b"word/document.xml" * 10)],
    )

    full = _byggt(mote, johan)[V.FULLSTANDIG]

    assert full.status == Handlingspaket.Status.KLAR
    sista = sidtexter(las_paket(full))[-1]
    assert "Handlingen ingår inte i paketet" in sista and "Word-dokument" in sista


def test_a_long_kallelse_is_joined_from_its_pieces_into_one_tagged_kallelse(mote, johan, settings):
    """GIVEN 16 ärenden and the kallelse laid out 6 punkter at a time WHEN the worker builds
    the packet THEN the kallelse's pieces make one kallelse in it: "Sida n (N)" on each of
    its N pages (labelled "Kallelse n"), every rubrik once and in order, one /Document with
    a part per kallelse page, and a ParentTree whose keys are those pages' StructParents,
    each mapping to elements on its own page."""
    import datetime as dt

    from nameden.paket.kallelse import kallelse_delar
    from nameden.paket.underlag import underlag_for

    settings.KALLELSE_PUNKTER_PER_DEL = 6
    for nummer in range(1, 17):
        anmal_med_handlingar(johan, mote, nummer, sidor=(1,))
    delar = kallelse_delar(underlag_for(mote), offentlig=False, skapad=dt.datetime.now(dt.UTC))
    assert len(delar.delar) >= 3

    full = _byggt(mote, johan)[V.FULLSTANDIG]

    texter = sidtexter(las_paket(full))
    with pikepdf.open(full.fil.path) as pdf:
        etiketter = [s.label for s in pdf.pages]
        antal = sum(1 for e in etiketter if e.startswith("Kallelse "))
        assert etiketter[:antal] == [f"Kallelse {n}" for n in range(1, antal + 1)]
        assert [f for f in pdf.check_pdf_syntax() if f.startswith("ERROR")] == []
        assert antal == delar.sidor
        rot = pdf.Root.StructTreeRoot
        assert len(rot.K) == 1
        dokument = rot.K[0]
        assert dokument.S == "/Document" and dokument.P.objgen == rot.objgen
        assert len(dokument.K) == antal
        nums = list(rot.ParentTree.Nums)
        trad = dict(zip((int(n) for n in nums[::2]), nums[1::2], strict=True))
        kallelsesidor = list(pdf.pages)[:antal]
        assert sorted(int(s.obj.StructParents) for s in kallelsesidor) == sorted(trad)
        for sida in kallelsesidor:
            element = [e for e in trad[int(sida.obj.StructParents)] if e is not None]
            assert element and all(e.Pg.objgen == sida.obj.objgen for e in element if "/Pg" in e)
        with pdf.open_outline() as outline:
            assert len(list(outline.root)) == 1 + 16
    for n, text in enumerate(texter[:antal], start=1):
        assert f"Sida {n} ({antal})" in text
    kallelsen = "\n".join(texter[:antal])
    platser = [kallelsen.index(f"Ärende nummer {n}\n") for n in range(1, 17)]
    assert platser == sorted(platser)
    assert all(kallelsen.count(f"Ärende nummer {n}\n") == 1 for n in range(1, 17))
    assert "Arende 1 TU sida 1" in texter[antal]
