"""One tagged PDF/A from pieces of one document rendered separately (`render_pdf_del`).

Why pieces at all: WeasyPrint lays a whole document out before it writes a byte, so its
memory grows with the page count (about 1 MB per page of the kallelse). A long document laid
out in bounded pieces and joined here needs the memory of one piece
(`nameden.paket.kallelsedelar` plans the pieces so that the pages are the ones the whole
document would have had).

What the result keeps, so it is one document and not a stack of them:

- the first piece's catalog: language, XMP metadata (one, with its PDF/A claim), output
  intent, viewer preferences, document information and MarkInfo;
- one structure tree: WeasyPrint tags each page as a /Part of the /Document element, so the
  later pieces' parts are appended to the first piece's /Document (a list or table cut at a
  seam is two elements, as it already is at a page break), and every page's /StructParents
  (and an annotation's /StructParent) is offset so that the merged /ParentTree maps each
  key to that page's marked content;
- one outline: every piece's bookmarks in document order, nested by their levels
  (`PdfDel.bokmarksnivaer`), so a heading in a later piece hangs under the heading it
  belongs to;
- each piece's own font subsets, renamed (WeasyPrint derives the six-letter subset tag from
  the font's name only, so two pieces' different subsets would share a name).

The file is written deterministically (its ID from its content), like every PDF here.
"""

import hashlib
import io
import re
from collections.abc import Sequence

import pikepdf

from nameden.pdf.render import PdfDel

_SUBSET_TAG = re.compile(r"^/([A-Z]{6})\+")


def merge_tagged(delar: Sequence[PdfDel]) -> bytes:
    """The pieces, in order, as one PDF (the first piece's catalog)."""
    if len(delar) == 1:
        return delar[0].pdf
    with pikepdf.open(io.BytesIO(delar[0].pdf)) as bas:
        rot = bas.Root.StructTreeRoot
        dokument = dokumentet(rot)
        nums = list(rot.ParentTree.Nums)
        nasta = _nasta_nyckel(nums)
        bokmarken = _bokmarken(bas, delar[0].bokmarksnivaer, till=None)
        for index, del_ in enumerate(delar[1:], start=1):
            with pikepdf.open(io.BytesIO(del_.pdf)) as kalla:
                byt_namn_pa_typsnitt(kalla, index)
                srot = kalla.Root.StructTreeRoot
                sdokument = dokumentet(srot)
                parter = list(sdokument.K)
                i_k = {part.objgen for part in parter}
                ovriga = [e for e in barn(kalla, sdokument) if e.objgen not in i_k]
                for elem in parter + ovriga:
                    del elem["/P"]  # so copying it does not drag the piece's tree root along
                forsta = len(bas.pages)
                bas.pages.extend(kalla.pages)
                forskjutning = nasta
                for sida in bas.pages[forsta:]:
                    forskjut_strukturforaldrar(sida, forskjutning)
                for part in parter:
                    kopia = _kopia(bas, part)
                    kopia.P = dokument
                    dokument.K.append(kopia)
                for elem in ovriga:
                    _kopia(bas, elem).P = dokument
                snums = list(srot.ParentTree.Nums)
                for nyckel, varde in zip(snums[::2], snums[1::2], strict=True):
                    nums.extend([int(nyckel) + forskjutning, _kopia(bas, varde)])
                nasta = _nasta_nyckel(nums)
                bokmarken += _bokmarken(kalla, del_.bokmarksnivaer, till=bas)
        rot.ParentTree = bas.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
        if "/ParentTreeNextKey" in rot:
            rot.ParentTreeNextKey = nasta
        _skriv_outline(bas, bokmarken)
        ut = io.BytesIO()
        bas.save(
            ut,
            deterministic_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return ut.getvalue()


def dokumentet(rot: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The tree's one /Document element (WeasyPrint writes /K as an array holding it)."""
    k = rot.K
    dokument = k[0] if isinstance(k, pikepdf.Array) else k
    if dokument.get("/S") != "/Document" or (isinstance(k, pikepdf.Array) and len(k) != 1):
        raise ValueError("Strukturträdet har inte ett enda /Document-element.")
    return dokument


def barn(pdf: pikepdf.Pdf, dokument: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Every structure element whose parent is `dokument`: its /K (the pages' parts) and
    the running header's /NonStruct elements, which WeasyPrint parents to the /Document
    without listing them in its /K (upstream issue #1836)."""
    ut = []
    for obj in pdf.objects:
        if (
            isinstance(obj, pikepdf.Dictionary)
            and obj.get("/Type") == "/StructElem"
            and obj.get("/P") is not None
            and obj.get("/P").is_indirect
            and obj.P.objgen == dokument.objgen
        ):
            ut.append(obj)
    return ut


def _nasta_nyckel(nums: list) -> int:
    return max((int(n) for n in nums[::2]), default=-1) + 1


def forskjut_strukturforaldrar(sida: pikepdf.Page, forskjutning: int) -> None:
    obj = sida.obj
    if "/StructParents" in obj:
        obj.StructParents = int(obj.StructParents) + forskjutning
    for annot in obj.get("/Annots", ()):
        if "/StructParent" in annot:
            annot.StructParent = int(annot.StructParent) + forskjutning


def byt_namn_pa_typsnitt(pdf: pikepdf.Pdf, index: int | str) -> None:
    """Give piece `index`'s font subsets tags of their own (same font, other glyphs).
    Also used by `nameden.paket.sammanfoga`, which joins the pieces into the packet."""
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary):
            continue
        for nyckel in ("/BaseFont", "/FontName"):
            namn = obj.get(nyckel)
            if isinstance(namn, pikepdf.Name) and (traff := _SUBSET_TAG.match(str(namn))):
                obj[nyckel] = pikepdf.Name("/" + _ny_tagg(traff[1], index) + str(namn)[7:])


def _ny_tagg(tagg: str, index: int | str) -> str:
    digest = hashlib.md5(f"{tagg}/{index}".encode(), usedforsecurity=False).digest()
    return "".join(chr(65 + b % 26) for b in digest[:6])


def _kopia(till: pikepdf.Pdf, obj):
    """`obj` from another piece as an object of `till` (qpdf copies only indirect objects:
    a direct array or dictionary is rebuilt around its copied references)."""
    if isinstance(obj, pikepdf.Object) and obj.is_indirect:
        return till.copy_foreign(obj)
    if isinstance(obj, pikepdf.Array):
        return pikepdf.Array([_kopia(till, x) for x in obj])
    if isinstance(obj, pikepdf.Dictionary):
        return pikepdf.Dictionary({k: _kopia(till, v) for k, v in obj.items()})
    return obj


def _bokmarken(pdf: pikepdf.Pdf, nivaer: tuple[int, ...], *, till) -> list[tuple]:
    """A piece's bookmarks in document order: (level, title, destination, closed)."""
    with pdf.open_outline() as outline:
        platt = []
        stack = list(reversed(outline.root))
        while stack:
            post = stack.pop()
            platt.append(post)
            stack.extend(reversed(post.children))
        if len(platt) != len(nivaer):
            raise ValueError("Bokmärkena stämmer inte med deras nivåer.")
        ut = []
        for niva, post in zip(nivaer, platt, strict=True):
            mal = post.destination
            if till is not None and mal is not None:
                mal = _kopia(till, mal)
            ut.append((niva, post.title, mal, post.is_closed))
        return ut


def _skriv_outline(pdf: pikepdf.Pdf, bokmarken: list[tuple]) -> None:
    rotter: list[pikepdf.OutlineItem] = []
    stack: list[tuple[int, pikepdf.OutlineItem]] = []
    for niva, titel, mal, stangd in bokmarken:
        post = pikepdf.OutlineItem(titel, destination=mal)
        post.is_closed = stangd
        while stack and stack[-1][0] >= niva:
            stack.pop()
        (stack[-1][1].children if stack else rotter).append(post)
        stack.append((niva, post))
    with pdf.open_outline() as outline:
        outline.root[:] = rotter
