"""The kallelse's pieces written into the packet as one tagged document, one piece open at a
time.

A long kallelse is rendered in pieces (`nameden.paket.kallelse`) so that WeasyPrint's memory
is bounded; joining them first into one PDF (`nameden.pdf.merge`, the standalone kallelse)
and then opening that in the packet's join would hold the whole kallelse in memory twice
(about 4 MB more for 17 pages than for 3, measured). Here each piece is opened, its objects
written by `pdfskrivare.Kopia` and the piece closed, as the handlingar are. What the
pieces' structure trees need to become one is kept as object numbers only:

- every piece's /Document maps to the packet's one /Document, and every piece's tree root
  to the packet's one root, so their kids' /P point at them when copied;
- the /Document's kids (a /Part per page) are collected in order and written last, with
  the /ParentTree: each piece's entries with their keys offset by the keys before it, as
  each page's /StructParents (and an annotation's /StructParent) are before it is copied;
- the first piece gives the catalog (language, metadata, output intent) and the document
  information; the later pieces' font subsets get tags of their own.
"""

from array import array
from pathlib import Path

import pikepdf

from nameden.paket.pdfskrivare import Kopia, Skrivare, sidtradets_noder
from nameden.pdf.merge import byt_namn_pa_typsnitt, dokumentet, forskjut_strukturforaldrar


def kopiera_kallelsen(
    skrivare: Skrivare,
    filer: list[Path],
    *,
    katalog: int,
    sidtrad: int,
    sidor: array,
    forbered,
    utom: frozenset[str],
) -> tuple[bytes, int]:
    """Write the pieces' pages (appending their numbers to `sidor`) and one structure tree;
    (the first piece's catalog entries but those in `utom`, renumbered; the document
    information's number). `forbered(pdf)` adjusts the first piece before it is copied."""
    strukturrot, dokument = skrivare.nummer(), skrivare.nummer()
    parter: list[bytes] = []
    nums: list[bytes] = []
    nasta = 0
    katalogposter, info, dokposter, rotposter = b"", 0, b"", b""
    for index, fil in enumerate(filer):
        with pikepdf.open(fil) as pdf:
            if index == 0:
                forbered(pdf)
            else:
                byt_namn_pa_typsnitt(pdf, index)
            rot = pdf.Root.StructTreeRoot
            sdok = dokumentet(rot)
            skift = nasta
            for sida in pdf.pages:
                forskjut_strukturforaldrar(sida, skift)
            kopia = Kopia(
                skrivare,
                pdf,
                {
                    **dict.fromkeys(sidtradets_noder(pdf), sidtrad),
                    pdf.Root.objgen: katalog if index == 0 else None,
                    rot.objgen: strukturrot,
                    sdok.objgen: dokument,
                },
            )
            sidor.extend(kopia.sida(sida.obj) for sida in pdf.pages)
            parter.extend(kopia.omnumrera(part.unparse()) for part in sdok.K)
            tree = list(rot.ParentTree.Nums)
            for nyckel, varde in zip(tree[::2], tree[1::2], strict=True):
                nums.append(b"%d %s" % (int(nyckel) + skift, kopia.omnumrera(varde.unparse())))
                nasta = max(nasta, int(nyckel) + skift + 1)
            if index == 0:
                katalogposter = kopia.poster(pdf.Root, utom=utom)
                dokposter = kopia.poster(sdok, utom={"/K", "/P"})
                rotposter = kopia.poster(rot, utom={"/K", "/ParentTree", "/ParentTreeNextKey"})
                info = skrivare.nummer()
                skrivare.objekt(info, kopia.omnumrera(pdf.docinfo.unparse(resolved=True)))
            kopia.kopiera()
    skrivare.objekt(
        dokument, b"<<%s /P %d 0 R /K [ %s ] >>" % (dokposter, strukturrot, b" ".join(parter))
    )
    skrivare.objekt(
        strukturrot,
        b"<<%s /K [ %d 0 R ] /ParentTree << /Nums [ %s ] >> /ParentTreeNextKey %d >>"
        % (rotposter, dokument, b" ".join(nums), nasta),
    )
    return katalogposter, info
