"""A tagged handling's structure tree, kept in its processed part (`nameden.paket.delar`).

A handling is an uploaded file, so its tree is not copied as it is: copying it would drag
along whatever its elements reference (a catalog with JavaScript, embedded files in /AF,
removed annotations). It is rebuilt instead, element by element, from what a reader uses:

- each element's role (/S) and its text properties (/T, /Lang, /Alt, /E, /ActualText, /ID),
  classes (/C), revision (/R) and attributes (/A: names, numbers, strings, booleans only);
- its content: marked-content ids on a page of the part (an integer or an /MCR), and links
  to an annotation the part still has (/OBJR); content in a form XObject (/MCR with /Stm)
  is left out, as is anything that is neither;
- the role map, resolved so that each custom role names the standard type it ends in
  (a map of a standard type is left out: PDF/UA forbids it, and merged into the packet it
  would remap every element of that type);
- the class map, with the same plain attribute values.

The /ParentTree is made anew from the rebuilt tree, not read from the file: each page with
marked content gets the next key and an array of its elements by MCID, each linked
annotation a key of its own, so keys run 0 … n-1 (`/ParentTreeNextKey` n) and the join
(`nameden.paket.struktur`) only offsets them. A single /Document at the top is unwrapped:
the packet has one /Document, and the handling's elements go under a /Part of their own.
A file with a tree that marks no content keeps no tree, as an untagged file.
"""

import re

import pikepdf

#: The standard structure types of PDF 1.7 (ISO 32000-1, 14.8.4).
# fmt: off
STANDARDTYPER = frozenset({
    "Document", "Part", "Art", "Sect", "Div", "BlockQuote", "Caption", "TOC", "TOCI", "Index",
    "NonStruct", "Private", "P", "H", "H1", "H2", "H3", "H4", "H5", "H6", "L", "LI", "Lbl",
    "LBody", "Table", "TR", "TH", "TD", "THead", "TBody", "TFoot", "Span", "Quote", "Note",
    "Reference", "BibEntry", "Code", "Link", "Annot", "Ruby", "RB", "RT", "RP", "Warichu", "WT",
    "WP", "Figure", "Formula", "Form",
})
# fmt: on
#: An element's text properties, copied as strings.
TEXTNYCKLAR = ("/T", "/Lang", "/Alt", "/E", "/ActualText", "/ID")
#: An MCID above this is not linked (a page's array in the ParentTree holds one entry per
#: MCID up to the highest: a hostile file must not make it huge).
STORSTA_MCID = 65535
#: Deeper than this, elements are left out (the tree is walked recursively).
STORSTA_DJUP = 200
_SPRAK = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")


def sprak(varde) -> str | None:
    """A language tag ("sv", "sv-SE") from an untrusted /Lang, or None."""
    if isinstance(varde, pikepdf.String):
        text = str(varde).strip()
        if _SPRAK.match(text):
            return text
    return None


def behall_struktur(kalla: pikepdf.Pdf, ren: pikepdf.Pdf, annoteringar: dict) -> bool:
    """Rebuild `kalla`'s structure tree in `ren`, whose pages are `kalla`'s copied in order
    and cleaned; `annoteringar` maps a source annotation's objgen to its kept copy. Sets
    the pages' /StructParents and the annotations' /StructParent, the catalog's
    /StructTreeRoot, /MarkInfo and /Lang. False (and nothing set) if there is no tree that
    marks content."""
    for obj in ren.objects:  # form XObjects' keys would point into the packet's tree
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
            for nyckel in ("/StructParents", "/StructParent"):
                if nyckel in obj:
                    del obj[nyckel]
    rot = kalla.Root.get("/StructTreeRoot")
    if not isinstance(rot, pikepdf.Dictionary) or "/K" not in rot:
        return False
    bygge = _Bygge(kalla, ren, annoteringar, _rollkarta(rot.get("/RoleMap")))
    nytt = ren.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    topp = _lista(rot.K)
    lang = sprak(kalla.Root.get("/Lang"))
    if len(topp) == 1 and bygge.roll(topp[0]) == "/Document":
        lang = lang or sprak(topp[0].get("/Lang"))
        topp = _lista(topp[0].get("/K"))
    # WeasyPrint's /Part per page is layout, not structure: under the handling's own /Part
    # its content stands directly (fewer objects for the join to copy, too).
    topp = [k for e in topp for k in (_lista(e.get("/K")) if _bar_sida(bygge, e) else [e])]
    barn = [e for e in (bygge.element(k, nytt, None, 0) for k in topp) if e is not None]
    if not barn or not (bygge.mcid or bygge.objr):
        return False
    nytt.K = pikepdf.Array(barn)
    nums = []
    for sida in ren.pages:
        element = bygge.mcid.get(sida.obj.objgen)
        if element:
            sida.obj.StructParents = len(nums) // 2
            nums += [len(nums) // 2, pikepdf.Array(element.get(i) for i in range(max(element) + 1))]
    for annot, element in bygge.objr:
        annot.StructParent = len(nums) // 2
        nums += [len(nums) // 2, element]
    nytt.ParentTree = ren.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
    nytt.ParentTreeNextKey = len(nums) // 2
    if bygge.rollkarta:
        nytt.RoleMap = pikepdf.Dictionary(
            {"/" + k: pikepdf.Name("/" + v) for k, v in sorted(bygge.rollkarta.items())}
        )
    klasser = rot.get("/ClassMap")
    if isinstance(klasser, pikepdf.Dictionary):
        karta = {k: v for k, v in ((k, _attribut(v)) for k, v in klasser.items()) if v is not None}
        if karta:
            nytt.ClassMap = pikepdf.Dictionary(karta)
    ren.Root.StructTreeRoot = nytt
    ren.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    if lang:
        ren.Root.Lang = pikepdf.String(lang)
    return True


class _Bygge:
    """One tree being rebuilt: the source's pages and kept annotations by objgen, and what
    the new elements mark (per new page: MCID → element; (annotation, element) pairs)."""

    def __init__(self, kalla, ren, annoteringar, rollkarta):
        self.sidor = {k.obj.objgen: r.obj for k, r in zip(kalla.pages, ren.pages, strict=True)}
        self.annoteringar, self.rollkarta = annoteringar, rollkarta
        self.ren = ren
        self.mcid: dict[tuple[int, int], dict[int, pikepdf.Dictionary]] = {}
        self.objr: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]] = []
        self._sedda: set[tuple[int, int]] = set()

    def roll(self, obj) -> str | None:
        """The standard type an element's role ends in, if any."""
        s = obj.get("/S") if isinstance(obj, pikepdf.Dictionary) else None
        if not isinstance(s, pikepdf.Name):
            return None
        return "/" + self.rollkarta.get(str(s)[1:], str(s)[1:])

    def element(self, obj, foralder, sida, djup: int):
        """The new element for source element `obj` (None if it is not one), its kids
        rebuilt; `sida` is the new page its content is on, inherited from the parent."""
        if not isinstance(obj, pikepdf.Dictionary) or djup > STORSTA_DJUP:
            return None
        s = obj.get("/S")
        if not isinstance(s, pikepdf.Name) or obj.get("/Type") in ("/MCR", "/OBJR"):
            return None
        if obj.is_indirect:
            if obj.objgen in self._sedda:  # a cycle, or an element in two places
                return None
            self._sedda.add(obj.objgen)
        nytt = self.ren.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name(str(s)), P=foralder)
        )
        for nyckel in TEXTNYCKLAR:
            if isinstance(obj.get(nyckel), pikepdf.String):
                nytt[nyckel] = pikepdf.String(bytes(obj[nyckel]))
        klass = obj.get("/C")
        if isinstance(klass, pikepdf.Name):
            nytt.C = pikepdf.Name(str(klass))
        elif isinstance(klass, pikepdf.Array):
            nytt.C = pikepdf.Array(
                pikepdf.Name(str(c)) for c in klass if isinstance(c, pikepdf.Name)
            )
        if isinstance(obj.get("/R"), int):
            nytt.R = int(obj.R)
        if (attribut := _attribut(obj.get("/A"))) is not None:
            nytt.A = attribut
        if "/Pg" in obj and (sida := self._sida(obj, sida)) is not None:
            nytt.Pg = sida
        barn = []
        for k in _lista(obj.get("/K")):
            if self._bara_innehall(k):  # a bare Span: its content is its parent's
                spansida = self._sida(k, sida)
                barn += [self._innehall(m, nytt, spansida, sida) for m in _lista(k.get("/K"))]
                if k.is_indirect:
                    self._sedda.add(k.objgen)
            else:
                barn.append(self._barn(k, nytt, sida, djup))
        if barn := [b for b in barn if b is not None]:
            nytt.K = pikepdf.Array(barn)
            if sida is not None and "/Pg" not in nytt and any(isinstance(b, int) for b in barn):
                nytt.Pg = sida  # an MCID is on the element's own page
        return nytt

    def _bara_innehall(self, k) -> bool:
        """Is `k` a Span with nothing of its own but marked content? WeasyPrint wraps every
        line in one; folded into its parent, the part copies a tenth of the objects (the
        join's cost is per object) and reads the same."""
        return (
            isinstance(k, pikepdf.Dictionary)
            and not (k.is_indirect and k.objgen in self._sedda)
            and set(k.keys()) <= {"/Type", "/S", "/P", "/Pg", "/K"}
            and self.roll(k) == "/Span"
            and all(
                isinstance(m, int)
                or (isinstance(m, pikepdf.Dictionary) and m.get("/Type") == "/MCR")
                for m in _lista(k.get("/K"))
            )
        )

    def _sida(self, obj, sida):
        pg = obj.get("/Pg")
        if isinstance(pg, pikepdf.Dictionary):
            return self.sidor.get(pg.objgen) if pg.is_indirect else None
        return sida

    def _innehall(self, k, nytt, sida, foralderns):
        """Marked content `k` (an MCID on `sida`, or an /MCR) as a kid of `nytt`, whose
        content is on `foralderns` page: an integer there, an /MCR elsewhere."""
        if isinstance(k, pikepdf.Dictionary):
            if "/Stm" in k or not isinstance(k.get("/MCID"), int):
                return None
            sida, k = self._sida(k, sida), int(k.MCID)
        if self._markerat(int(k), nytt, sida) is None:
            return None
        if sida is not None and foralderns is not None and sida.objgen == foralderns.objgen:
            return int(k)
        return pikepdf.Dictionary(Type=pikepdf.Name.MCR, MCID=int(k), Pg=sida)

    def _barn(self, k, nytt, sida, djup):
        if isinstance(k, int):
            return self._markerat(int(k), nytt, sida)
        if not isinstance(k, pikepdf.Dictionary):
            return None
        typ = k.get("/Type")
        if typ == "/MCR":
            return self._innehall(k, nytt, sida, None)
        if typ == "/OBJR":
            mal = k.get("/Obj")
            annot = (
                self.annoteringar.get(mal.objgen)
                if isinstance(mal, pikepdf.Object) and mal.is_indirect
                else None
            )
            if annot is None:
                return None
            self.objr.append((annot, nytt))
            objr = pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Obj=annot)
            if sida is not None:
                objr.Pg = sida
            return objr
        return self.element(k, nytt, sida, djup + 1)

    def _markerat(self, mcid: int, nytt, sida):
        if sida is None or not 0 <= mcid <= STORSTA_MCID:
            return None
        per_sida = self.mcid.setdefault(sida.objgen, {})
        if mcid in per_sida:  # two elements claim it: the first keeps it
            return None
        per_sida[mcid] = nytt
        return mcid


def _bar_sida(bygge: "_Bygge", obj) -> bool:
    """A /Part with nothing of its own but its kids (WeasyPrint's page)."""
    return (
        isinstance(obj, pikepdf.Dictionary)
        and bygge.roll(obj) == "/Part"
        and set(obj.keys()) <= {"/Type", "/S", "/P", "/Pg", "/K"}
    )


def _lista(k) -> list:
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _rollkarta(karta) -> dict[str, str]:
    """Custom role → the standard type its chain of mappings ends in (names without "/")."""
    if not isinstance(karta, pikepdf.Dictionary):
        return {}
    direkt = {str(k)[1:]: str(v)[1:] for k, v in karta.items() if isinstance(v, pikepdf.Name)}
    ut = {}
    for roll in direkt:
        if roll in STANDARDTYPER:
            continue
        mal, sedda = roll, set()
        while mal in direkt and mal not in STANDARDTYPER and mal not in sedda:
            sedda.add(mal)
            mal = direkt[mal]
        if mal in STANDARDTYPER:
            ut[roll] = mal
    return ut


def _attribut(varde, djup: int = 0):
    """A plain copy of an attribute object (or an array of them with revision numbers):
    names, numbers, strings and booleans only, no references out."""
    if djup > 4:
        return None
    if isinstance(varde, pikepdf.Dictionary):
        ut = {}
        for k, v in varde.items():
            if (kopia := _attribut(v, djup + 1)) is not None:
                ut[k] = kopia
        return pikepdf.Dictionary(ut)
    if isinstance(varde, pikepdf.Array):
        return pikepdf.Array(v for v in (_attribut(x, djup + 1) for x in varde) if v is not None)
    if isinstance(varde, pikepdf.Name):
        return pikepdf.Name(str(varde))
    if isinstance(varde, pikepdf.String):
        return pikepdf.String(bytes(varde))
    if isinstance(varde, bool | int | float) or type(varde).__name__ == "Decimal":
        return varde
    return None
