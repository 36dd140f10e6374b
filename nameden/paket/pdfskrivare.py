"""A PDF written as it goes: each source document's objects are copied into the file and the
source is closed before the next one is opened, so joining N documents holds one of them in
memory, never N.

Why not pikepdf's own joining (`pages.extend`, then `save`): qpdf keeps every copied page,
and every source it came from, in the destination document until it is saved, so the
worker's peak memory grew with the packet (about 0.8 MB per punkt of 23 pages). Here what
stays in memory per object written is its 7-byte cross-reference entry, and per page its
object number.

The source documents are read with pikepdf: `unparse` gives an object's PDF syntax with its
references as "12 0 R", which are renumbered here (a reference met for the first time gets
the next free number and its object is queued to be copied, so only what the pages reach is
copied), and streams are copied as their raw bytes, never decoded. The file is PDF 1.7 with
small objects packed in compressed object streams and a cross-reference stream, as
`pikepdf.save(object_stream_mode=generate)` writes it.
"""

import hashlib
import re
import zlib
from collections.abc import Callable
from typing import BinaryIO

import pikepdf

#: A literal string as qpdf writes it (its parentheses and backslashes escaped), which is
#: copied unchanged, or a reference "12 0 R" standing as a token of its own.
_TOKEN = re.compile(
    rb"(\((?:[^\\)]|\\.)*\))"
    rb"|(?<![^\s()<>\[\]{}/%])(\d+ \d+) R(?![^\s()<>\[\]{}/%])",
    re.S,
)
#: A reference alone, where no string can stand (`Kopia.referenser`).
_REF = re.compile(rb"(\d+ \d+) R")
#: Attributes a page may inherit from its page tree nodes (ISO 32000-1, 7.7.3.4): set on
#: the page itself, since the page tree is written anew.
_ARVDA = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")


class Skrivare:
    """The output file: objects are numbered with `nummer` and written with `objekt` or
    `strom`; `avsluta` writes the cross-reference stream and the trailer."""

    #: Small objects per object stream: enough to compress well, few enough to hold.
    PER_OBJEKTSTROM = 200

    def __init__(self, fil: BinaryIO):
        self._fil, self._pos = fil, 0
        # Entry 0 is the head of the free list (type 0, generation 65535).
        self._xref = bytearray(b"\x00\x00\x00\x00\x00\xff\xff")
        self._vantar: list[tuple[int, bytes]] = []
        self._md5 = hashlib.md5(usedforsecurity=False)
        self._skriv(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def nummer(self) -> int:
        """A new object number (its object is written later)."""
        self._xref += bytes(7)
        return len(self._xref) // 7 - 1

    def objekt(self, nummer: int, data: bytes) -> None:
        """A non-stream object: it goes into the next object stream."""
        self._vantar.append((nummer, data))
        if len(self._vantar) >= self.PER_OBJEKTSTROM:
            self._objektstrom()

    def strom(self, nummer: int, poster: bytes, data: bytes) -> None:
        """A stream object: `poster` are its dictionary's entries except /Length."""
        self._post(nummer, 1, self._pos, 0)
        self._skriv(b"%d 0 obj\n<<%s /Length %d >>\nstream\n" % (nummer, poster, len(data)))
        self._skriv(data)
        self._skriv(b"\nendstream\nendobj\n")

    def avsluta(self, *, rot: int, info: int) -> None:
        """The last object stream, the cross-reference stream (its own entry included) and
        the trailer. The file's ID is the MD5 of what was written before it."""
        self._objektstrom()
        nummer, plats = self.nummer(), self._pos
        self._post(nummer, 1, plats, 0)
        id_ = self._md5.hexdigest().encode()
        self.strom(
            nummer,
            b" /Type /XRef /Size %d /W [ 1 4 2 ] /Root %d 0 R /Info %d 0 R /ID [ <%s> <%s> ]"
            b" /Filter /FlateDecode" % (len(self._xref) // 7, rot, info, id_, id_),
            zlib.compress(bytes(self._xref)),
        )
        self._skriv(b"startxref\n%d\n%%%%EOF\n" % plats)

    def _objektstrom(self) -> None:
        if not self._vantar:
            return
        nummer = self.nummer()
        huvud, kropp, plats = [], [], 0
        for index, (n, data) in enumerate(self._vantar):
            self._post(n, 2, nummer, index)
            huvud.append(b"%d %d" % (n, plats))
            kropp.append(data)
            plats += len(data) + 1
        forst = b" ".join(huvud) + b"\n"
        innehall = zlib.compress(forst + b"\n".join(kropp) + b"\n")
        self._vantar = []
        self.strom(
            nummer,
            b" /Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(huvud), len(forst)),
            innehall,
        )

    def _post(self, nummer: int, typ: int, falt2: int, falt3: int) -> None:
        self._xref[nummer * 7 : nummer * 7 + 7] = (
            bytes((typ,)) + falt2.to_bytes(4, "big") + falt3.to_bytes(2, "big")
        )

    def _skriv(self, data: bytes) -> None:
        self._fil.write(data)
        self._md5.update(data)
        self._pos += len(data)


class Kopia:
    """Copying from one open source document into a `Skrivare`.

    `fasta` maps source objects to numbers decided beforehand: its page tree nodes to the
    packet's page tree, its catalog to the packet's (or to None: written as null, so a
    stray reference never drags a part's catalog along)."""

    def __init__(self, skrivare: Skrivare, pdf: pikepdf.Pdf, fasta: dict):
        self._s, self._pdf = skrivare, pdf
        # Source objects by "12 0" (as a reference reads, so renumbering parses no ints),
        # to the reference that replaces it ("345 0 R", or "null" for a catalog).
        self._nya: dict[bytes, bytes] = {_nyckel(k): _referens(v) for k, v in fasta.items()}
        self._ko: list[tuple[bytes, int]] = []
        #: Called with each non-stream object and its PDF syntax before it is written; gives
        #: the syntax to write (`nameden.paket.struktur`: a handling's element IDs made its
        #: own). It is called for every object, so it should look at the bytes first.
        self.forandra: Callable[[pikepdf.Object, bytes, int], bytes] | None = None

    def fast(self, objgen: tuple[int, int], nummer: int | None) -> None:
        """Decide the packet's number for a source object before anything references it."""
        if _nyckel(objgen) in self._nya:
            raise ValueError(f"Objekt {objgen} har redan ett nummer i paketet.")
        self._nya[_nyckel(objgen)] = _referens(nummer)

    def ref(self, obj: pikepdf.Object) -> int:
        """The packet's number for an indirect source object (copied by `kopiera`)."""
        return int(self._ref(_nyckel(obj.objgen)).split()[0])

    def sida(self, sida: pikepdf.Dictionary) -> int:
        """The packet's number for a source page (copied by `kopiera`)."""
        for nyckel in _ARVDA:
            if nyckel not in sida:
                nod = sida.get("/Parent")
                while isinstance(nod, pikepdf.Dictionary):
                    if nyckel in nod:
                        sida[nyckel] = nod[nyckel]
                        break
                    nod = nod.get("/Parent")
        return int(self._ref(_nyckel(sida.objgen)).split()[0])

    def omnumrera(self, data: bytes) -> bytes:
        """`data` (PDF syntax from `unparse`) with the packet's object numbers."""
        return _TOKEN.sub(self._ersatt, data)

    def referenser(self, data: bytes) -> bytes:
        """`omnumrera` for syntax that holds references and no strings (a /ParentTree
        entry: one reference per marked-content id, most of them the same few): each
        distinct reference is looked up once."""
        tabell = {k: self._nya.get(k) or self._ref(k) for k in set(_REF.findall(data))}
        return _REF.sub(lambda traff: tabell[traff[1]], data)

    def poster(self, ordbok: pikepdf.Dictionary, *, utom=frozenset()) -> bytes:
        """A dictionary's entries, renumbered, without the keys in `utom`."""
        return self.omnumrera(
            b"".join(
                b" " + pikepdf.Name(nyckel).unparse() + b" " + ordbok.get_raw(nyckel).unparse()
                for nyckel in ordbok
                if nyckel not in utom
            )
        )

    def kopiera(self) -> None:
        """Write every object reached so far, and what they reach. (The inner loop of the
        join: a tagged handling brings an object per structure element.)"""
        ko, forandra, ersatt = self._ko, self.forandra, self._ersatt
        while ko:
            nyckel, nummer = ko.pop()
            obj = self._pdf.get_object(tuple(map(int, nyckel.split())))
            if isinstance(obj, pikepdf.Stream):
                poster = self.poster(obj.stream_dict, utom={"/Length"})
                self._s.strom(nummer, poster, obj.read_raw_bytes())
            else:
                data = obj.unparse(resolved=True)
                if forandra is not None:
                    data = forandra(obj, data, nummer)
                self._s.objekt(nummer, _TOKEN.sub(ersatt, data))

    def _ersatt(self, traff: re.Match) -> bytes:
        # A literal string (group 1) is never empty: it has its parentheses.
        return traff[1] or self._nya.get(traff[2]) or self._ref(traff[2])

    def _ref(self, nyckel: bytes) -> bytes:
        referens = self._nya.get(nyckel)
        if referens is None:
            nummer = self._s.nummer()
            self._nya[nyckel] = referens = b"%d 0 R" % nummer
            self._ko.append((nyckel, nummer))
        return referens


def _nyckel(objgen: tuple[int, int]) -> bytes:
    return b"%d %d" % objgen


def _referens(nummer: int | None) -> bytes:
    return b"null" if nummer is None else b"%d 0 R" % nummer


def sidtradets_noder(pdf: pikepdf.Pdf):
    """The source's page tree nodes (not its pages), by object id."""
    stack = [pdf.Root.Pages]
    while stack:
        nod = stack.pop()
        yield nod.objgen
        stack.extend(k for k in nod.get("/Kids", ()) if "/Kids" in k)
