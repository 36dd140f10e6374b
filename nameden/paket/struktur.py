"""The packet's one structure tree, written as it goes (`nameden.paket.sammanfoga`).

The packet is tagged as one document: one /StructTreeRoot with one /Document, whose kids
are the kallelse's parts (WeasyPrint tags each page as a /Part; a kallelse laid out in
pieces gives the parts of every piece, in order), then one /Part per tagged handling, in
the packet's order, with /T the handling's title and /Lang its own (or "sv"), holding that
handling's top-level elements. An untagged handling (an uploaded bilaga without tags)
adds no element: its pages stay untagged content, as they are in the file itself.

Each source (a kallelse piece or a processed part, `nameden.paket.delar`) is opened once,
its objects copied by `pdfskrivare.Kopia` and closed, as the pages are. What the tree needs
from it afterwards is held as object numbers only:

- its tree root maps to the packet's /Document (a kallelse piece's /Document too) or to the
  handling's new /Part, so the /P of its top-level elements points there when copied;
- every page's /StructParents and annotation's /StructParent is offset by the keys before
  it; each /ParentTree entry is written at once as an object of its own, so only (key,
  object number) pairs are held until the /ParentTree is written at the end;
- role maps are merged; a custom role that another source maps to a different standard
  type is written as its own source's standard type instead (`_Andringar`), so nothing is
  remapped silently, and a standard type is never mapped (`delstruktur` drops such
  entries). Class maps likewise: a class whose attributes differ is renamed;
- element IDs (a TH's /ID, a TD's /Headers) are made unique per handling ("h3-44-0-1"):
  WeasyPrint numbers them per document, so the kallelse and a tjänsteutlåtande may share
  one; each source's IDs are written as a leaf of the /IDTree as soon as it is copied.
"""

from array import array
from dataclasses import dataclass, field

import pikepdf

from nameden.paket.pdfskrivare import Kopia, Skrivare
from nameden.pdf.merge import dokumentet, forskjut_strukturforaldrar

#: A handling's language when its part names none.
SPRAK = "sv"


@dataclass
class _Andringar:
    """What one source's elements are changed in as they are copied."""

    prefix: bytes = b""  # before each /ID and /Headers entry
    roller: dict[str, pikepdf.Name] = field(default_factory=dict)  # /S → standard type
    klasser: dict[str, pikepdf.Name] = field(default_factory=dict)  # /C → its new name
    id: list[tuple[bytes, int]] = field(default_factory=list)  # (ID, element) written

    def __call__(self, obj: pikepdf.Object, data: bytes, nummer: int) -> bytes:
        """`obj`'s syntax `data` as it is written: the bytes are looked at first, since
        this runs for every object of the source (a pikepdf lookup costs ~10 µs)."""
        if b"/StructElem" not in data or not (
            b"/ID" in data or b"/Headers" in data or self.roller or self.klasser
        ):
            return data
        if self.roller and (ny := self.roller.get(str(obj.get("/S")))) is not None:
            obj.S = ny
        if self.klasser and "/C" in obj:
            klass = obj.C
            if isinstance(klass, pikepdf.Name):
                obj.C = self.klasser.get(str(klass), klass)
            else:
                obj.C = pikepdf.Array(self.klasser.get(str(c), c) for c in klass)
        if "/ID" in obj:
            obj.ID = pikepdf.String(self.prefix + bytes(obj.ID))
            self.id.append((bytes(obj.ID), nummer))
        a = obj.get("/A")  # only direct ones: a shared object would be changed twice
        if isinstance(a, pikepdf.Dictionary | pikepdf.Array) and not a.is_indirect:
            for attribut in a if isinstance(a, pikepdf.Array) else [a]:
                if (
                    isinstance(attribut, pikepdf.Dictionary)
                    and not attribut.is_indirect
                    and "/Headers" in attribut
                ):
                    attribut.Headers = pikepdf.Array(
                        pikepdf.String(self.prefix + bytes(h)) for h in attribut.Headers
                    )
        return obj.unparse(resolved=True)


class Strukturtrad:
    """The packet's tree: `kallelse` and `handling` for each source as it is copied,
    `avsluta` at the end (its root's number is `rot`, for the catalog)."""

    def __init__(self, skrivare: Skrivare):
        self._s = skrivare
        self.rot, self.dokument = skrivare.nummer(), skrivare.nummer()
        self._barn = array("L")  # the /Document's kids
        self._nycklar, self._varden = array("L"), array("L")  # the /ParentTree
        self._nasta = 0
        self._roller: dict[str, str] = {}
        self._klasser: dict[str, bytes] = {}
        self._idblad: list[tuple[bytes, bytes, int]] = []  # (first, last, leaf)
        self._handlingar = 0
        self._dokposter = b""

    def kallelse(self, pdf: pikepdf.Pdf, kopia: Kopia, *, index: int) -> None:
        """Piece `index` of the kallelse (before its pages are copied): its /Document's
        kids go straight into the packet's /Document; the first piece gives its entries.
        Each piece is a render of its own, so its IDs get a prefix too ("k2-")."""
        rot = pdf.Root.StructTreeRoot
        sdok = dokumentet(rot)
        kopia.fast(rot.objgen, self.rot)
        kopia.fast(sdok.objgen, self.dokument)
        if index == 0:
            self._dokposter = kopia.poster(sdok, utom={"/K", "/P"})
        andringar = _Andringar(prefix=b"k%d-" % (index + 1))
        self._barn.extend(self._kalla(pdf, kopia, rot, sdok.K, andringar))

    def handling(self, pdf: pikepdf.Pdf, kopia: Kopia, *, titel: str) -> bool:
        """A processed part (before its pages are copied): under a /Part of its own if it
        is tagged (True), else nothing."""
        rot = pdf.Root.get("/StructTreeRoot")
        if rot is None or "/ParentTree" not in rot:
            return False
        self._handlingar += 1
        grupp = self._s.nummer()
        kopia.fast(rot.objgen, grupp)
        andringar = _Andringar(prefix=b"h%d-" % self._handlingar)
        barn = self._kalla(pdf, kopia, rot, rot.K, andringar)
        lang = str(pdf.Root.get("/Lang", SPRAK))
        self._s.objekt(
            grupp,
            b"<< /Type /StructElem /S /Part /T %s /Lang %s /P %d 0 R /K [ %s ] >>"
            % (
                pikepdf.String(titel).unparse(),
                pikepdf.String(lang).unparse(),
                self.dokument,
                b" ".join(b"%d 0 R" % n for n in barn),
            ),
        )
        self._barn.append(grupp)
        return True

    def kopierad(self, kopia: Kopia) -> None:
        """After a source's objects are copied: its element IDs as a leaf of the /IDTree."""
        andringar = kopia.forandra
        if isinstance(andringar, _Andringar) and andringar.id:
            poster = sorted(dict(reversed(andringar.id)).items())  # an ID twice: the first
            blad = self._s.nummer()
            self._s.objekt(
                blad,
                b"<< /Limits [ %s %s ] /Names [ %s ] >>"
                % (
                    pikepdf.String(poster[0][0]).unparse(),
                    pikepdf.String(poster[-1][0]).unparse(),
                    b" ".join(pikepdf.String(i).unparse() + b" %d 0 R" % n for i, n in poster),
                ),
            )
            self._idblad.append((poster[0][0], poster[-1][0], blad))
        kopia.forandra = None

    def avsluta(self) -> None:
        """The /Document, the /ParentTree, the /IDTree and the root."""
        self._s.objekt(
            self.dokument,
            b"<<%s /P %d 0 R /K [ %s ] >>"
            % (self._dokposter, self.rot, b" ".join(b"%d 0 R" % n for n in self._barn)),
        )
        foraldrar = self._s.nummer()
        self._s.objekt(
            foraldrar,
            b"<< /Nums [ %s ] >>"
            % b" ".join(
                b"%d %d 0 R" % par for par in sorted(zip(self._nycklar, self._varden, strict=True))
            ),
        )
        poster = [b"/ParentTree %d 0 R /ParentTreeNextKey %d" % (foraldrar, self._nasta)]
        if self._roller:
            poster.append(
                b"/RoleMap "
                + pikepdf.Dictionary(
                    {"/" + k: pikepdf.Name("/" + v) for k, v in sorted(self._roller.items())}
                ).unparse()
            )
        if self._klasser:
            poster.append(
                b"/ClassMap << %s >>"
                % b" ".join(
                    pikepdf.Name(k).unparse() + b" " + v for k, v in sorted(self._klasser.items())
                )
            )
        if self._idblad:
            idtrad = self._s.nummer()
            self._s.objekt(
                idtrad,
                b"<< /Kids [ %s ] >>"
                % b" ".join(b"%d 0 R" % blad for _, _, blad in sorted(self._idblad)),
            )
            poster.append(b"/IDTree %d 0 R" % idtrad)
        self._s.objekt(
            self.rot,
            b"<< /Type /StructTreeRoot /K [ %d 0 R ] %s >>" % (self.dokument, b" ".join(poster)),
        )

    def _kalla(self, pdf, kopia: Kopia, rot, k, andringar: _Andringar) -> list[int]:
        """Offset the source's keys, write its /ParentTree entries, merge its maps; the
        numbers of the elements in `k` (queued for copying)."""
        skift = self._nasta
        for sida in pdf.pages:
            forskjut_strukturforaldrar(sida, skift)
        nasta = int(rot.get("/ParentTreeNextKey", 0))
        trad = rot.ParentTree
        if "/Kids" in trad:
            poster = pikepdf.NumberTree(trad).items()
        else:  # flat, as WeasyPrint and `delstruktur` write it: read in one go
            nums = list(trad.Nums)
            poster = zip(nums[::2], nums[1::2], strict=True)
        for nyckel, varde in poster:
            nasta = max(nasta, int(nyckel) + 1)
            if isinstance(varde, pikepdf.Object) and varde.is_indirect:
                nummer = kopia.ref(varde)
            elif isinstance(varde, pikepdf.Array):
                nummer = self._s.nummer()
                self._s.objekt(nummer, kopia.referenser(varde.unparse()))
            else:
                continue
            self._nycklar.append(int(nyckel) + skift)
            self._varden.append(nummer)
        self._nasta = skift + nasta
        self._kartor(rot, kopia, andringar)
        kopia.forandra = andringar
        barn = []
        for element in k if isinstance(k, pikepdf.Array) else [k]:
            if isinstance(element, pikepdf.Dictionary) and element.is_indirect:
                nummer = kopia.ref(element)
            elif isinstance(element, pikepdf.Dictionary):
                nummer = self._s.nummer()
                self._s.objekt(nummer, kopia.omnumrera(element.unparse()))
            else:
                continue
            barn.append(nummer)
        return barn

    def _kartor(self, rot, kopia: Kopia, andringar: _Andringar) -> None:
        """Merge the source's role and class maps into the packet's (see the module)."""
        for roll, typ in rot.get("/RoleMap", {}).items():
            namn, mal = str(roll)[1:], str(typ)[1:]
            if self._roller.setdefault(namn, mal) != mal:
                andringar.roller[str(roll)] = pikepdf.Name(typ)
        for klass, attribut in rot.get("/ClassMap", {}).items():
            namn, varde = str(klass)[1:], kopia.omnumrera(attribut.unparse(resolved=True))
            if self._klasser.setdefault(namn, varde) != varde:
                nytt = f"{namn}_{andringar.prefix.decode().rstrip('-')}"
                self._klasser[nytt] = varde
                andringar.klasser[str(klass)] = pikepdf.Name("/" + nytt)
