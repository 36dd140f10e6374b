"""Read a PDF's accessibility back as a reader would: the structure tree with each element's
text, and every text-showing operator that is neither tagged content nor an artifact.

No library here reads marked content with its text, so this does it from the file itself:
the content streams are parsed with pikepdf, each font's /ToUnicode CMap decodes the shown
strings, and the structure tree's marked-content ids (MCIDs, per page) are joined to the text
they mark. Only what our documents (WeasyPrint's Type0/Identity-H fonts) and an ordinary
reader need: two-byte codes, bfchar and bfrange.
"""

import io
import re
from dataclasses import dataclass, field

import pikepdf

#: The operators that draw text (ISO 32000-1, 9.4.3).
TEXTOPERATORER = frozenset({"Tj", "TJ", "'", '"'})


def oppna(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))


@dataclass
class Element:
    """A structure element: its role (/S), its text in content order, its children."""

    roll: str
    text: str = ""
    barn: list["Element"] = field(default_factory=list)
    alt: str | None = None
    attribut: dict = field(default_factory=dict)
    #: A TH's /ID, and a cell's /Headers (the IDs of the TH that head it).
    id: str | None = None
    headers: tuple[str, ...] = ()

    def alla(self):
        """This element and every descendant, in document (reading) order."""
        yield self
        for barn in self.barn:
            yield from barn.alla()

    def roller(self) -> list[str]:
        return [e.roll for e in self.alla()]

    def med_roll(self, *roller: str) -> list["Element"]:
        return [e for e in self.alla() if e.roll in roller]


@dataclass
class Innehall:
    """A file's content read back: per (page, MCID) its text; what is drawn untagged."""

    mcid_text: dict[tuple[int, int], str]
    #: (page index, text) of every text drawn outside both tagged content and artifacts.
    otaggat: list[tuple[int, str]]
    #: The number of text operators inside an /Artifact, per page.
    artefakter: dict[int, int]


def las_innehall(pdf: pikepdf.Pdf, sidor: range | None = None) -> Innehall:
    mcid_text: dict[tuple[int, int], str] = {}
    otaggat: list[tuple[int, str]] = []
    artefakter: dict[int, int] = {}
    for index in sidor if sidor is not None else range(len(pdf.pages)):
        sida = pdf.pages[index]
        artefakter[index] = 0
        _las_strom(
            sida.obj,
            sida.obj.get("/Resources", pikepdf.Dictionary()),
            index,
            [],
            mcid_text,
            otaggat,
            artefakter,
            djup=0,
        )
    return Innehall(mcid_text=mcid_text, otaggat=otaggat, artefakter=artefakter)


def _las_strom(strom, resurser, sida, stack, mcid_text, otaggat, artefakter, *, djup) -> None:
    """Walk one content stream. `stack` holds, per open marked-content sequence, "artifact",
    an MCID, or None (a tag without either)."""
    typsnitt = None
    tabeller: dict = {}
    for operander, operator in pikepdf.parse_content_stream(strom):
        op = str(operator)
        if op == "BMC":
            stack.append("artifact" if str(operander[0]) == "/Artifact" else None)
        elif op == "BDC":
            tagg, egenskaper = operander
            if str(tagg) == "/Artifact":
                stack.append("artifact")
            else:
                if isinstance(egenskaper, pikepdf.Name):
                    egenskaper = resurser.get("/Properties", {}).get(egenskaper, {})
                mcid = None
                if isinstance(egenskaper, pikepdf.Dictionary):
                    mcid = egenskaper.get("/MCID")
                stack.append(int(mcid) if mcid is not None else None)
        elif op == "EMC":
            stack.pop()
        elif op == "Tf":
            namn = operander[0]
            typsnitt = resurser.Font[namn]
            if namn not in tabeller:
                tabeller[namn] = _tounicode(typsnitt)
            typsnitt = tabeller[namn]
        elif op in TEXTOPERATORER:
            text = _avkoda(operander, typsnitt or {})
            if "artifact" in stack:
                artefakter[sida] += 1
                continue
            mcid = next((m for m in reversed(stack) if isinstance(m, int)), None)
            if mcid is None:
                if text.strip():
                    otaggat.append((sida, text))
            elif djup == 0:
                mcid_text[(sida, mcid)] = mcid_text.get((sida, mcid), "") + text
        elif op == "Do":
            xobjekt = resurser.get("/XObject", {}).get(operander[0])
            if xobjekt is not None and xobjekt.get("/Subtype") == "/Form":
                _las_strom(
                    xobjekt,
                    xobjekt.get("/Resources", resurser),
                    sida,
                    list(stack),
                    mcid_text,
                    otaggat,
                    artefakter,
                    djup=djup + 1,
                )


def _avkoda(operander, tabell: dict) -> str:
    strangar = []
    for operand in operander:
        if isinstance(operand, pikepdf.String):
            strangar.append(bytes(operand))
        elif isinstance(operand, pikepdf.Array):
            strangar.extend(bytes(d) for d in operand if isinstance(d, pikepdf.String))
    text = []
    for data in strangar:
        for i in range(0, len(data) - 1, 2):
            text.append(tabell.get(int.from_bytes(data[i : i + 2], "big"), "\ufffd"))
    return "".join(text)


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>|\[([^\]]*)\]")


def _text(hexa: bytes) -> str:
    return bytes.fromhex(hexa.decode()).decode("utf-16-be")


def _tounicode(typsnitt) -> dict[int, str]:
    """The font's /ToUnicode CMap as code → text."""
    if "/ToUnicode" not in typsnitt:
        return {}
    cmap = typsnitt.ToUnicode.read_bytes()
    tabell: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        varden = [m[0] for m in _HEX.findall(block)]
        for kod, text in zip(varden[::2], varden[1::2], strict=True):
            tabell[int(kod, 16)] = _text(text)
    for block in _BFRANGE.findall(cmap):
        delar = _HEX.findall(block)
        for i in range(0, len(delar) - 2, 3):
            start, slut = int(delar[i][0], 16), int(delar[i + 1][0], 16)
            mal = delar[i + 2]
            if mal[1]:
                for j, text in enumerate(re.findall(rb"<([0-9A-Fa-f]*)>", mal[1])):
                    tabell[start + j] = _text(text)
            else:
                bas = int(mal[0], 16)
                for j in range(slut - start + 1):
                    tabell[start + j] = chr(bas + j)
    return tabell


def strukturtrad(pdf: pikepdf.Pdf, innehall: Innehall | None = None) -> Element:
    """The structure tree from /StructTreeRoot, with each element's text from `innehall`."""
    innehall = innehall or las_innehall(pdf)
    sidnummer = {sida.obj.objgen: i for i, sida in enumerate(pdf.pages)}
    rot = Element(roll="StructTreeRoot")

    def bygg(obj, sida: int | None) -> tuple[list[Element], str]:
        if isinstance(obj, int):
            return [], innehall.mcid_text.get((sida, obj), "")
        if isinstance(obj, pikepdf.Array):
            # Pieces are joined with a space, as a reader joins lines: WeasyPrint marks each
            # line of a paragraph on its own, without the space the line break replaced.
            barn, texter = [], []
            for k in obj:
                b, t = bygg(k, sida)
                barn += b
                texter.append(t)
            return barn, " ".join(texter)
        if not isinstance(obj, pikepdf.Dictionary):
            return [], ""
        if "/Pg" in obj:
            sida = sidnummer.get(obj.Pg.objgen, sida)
        typ = obj.get("/Type")
        if typ == "/MCR":
            return [], innehall.mcid_text.get((sida, int(obj.MCID)), "")
        if typ == "/OBJR":
            return [], ""
        element = Element(roll=str(obj.get("/S", "/?"))[1:])
        if "/Alt" in obj:
            element.alt = str(obj.Alt)
        attribut = obj.get("/A")
        if isinstance(attribut, pikepdf.Dictionary):
            element.attribut = {str(k)[1:]: v for k, v in attribut.items()}
            element.headers = tuple(str(h) for h in attribut.get("/Headers", ()))
        if "/ID" in obj:
            element.id = str(obj.ID)
        if "/K" in obj:
            element.barn, element.text = bygg(obj.K, sida)
        return [element], element.text

    rot.barn, rot.text = bygg(pdf.Root.StructTreeRoot.get("/K", pikepdf.Array()), None)
    return rot


def ihop(text: str) -> str:
    return " ".join(text.split())


def rubriker(trad: Element) -> list[tuple[str, str]]:
    """(H1…H6, text) in reading order."""
    return [(e.roll, ihop(e.text)) for e in trad.alla() if re.fullmatch(r"H[1-6]", e.roll)]


def listor(trad: Element) -> list[list[str]]:
    """Each list (`L`) as the texts of its items (`LI`), in reading order."""
    return [
        [ihop(post.text) for post in lista.barn if post.roll == "LI"]
        for lista in trad.med_roll("L")
    ]


def tabeller(trad: Element) -> list[list[list[tuple[str, str]]]]:
    """Each table as rows of cells (TH or TD, text), in reading order."""
    resultat = []
    for tabell in trad.med_roll("Table"):
        rader = []
        for rad in tabell.med_roll("TR"):
            rader.append([(c.roll, ihop(c.text)) for c in rad.barn if c.roll in ("TH", "TD")])
        resultat.append(rader)
    return resultat


def katalog(pdf: pikepdf.Pdf) -> dict:
    """What a reader looks at before the content: tagged, language, title shown."""
    vp = pdf.Root.get("/ViewerPreferences", {})
    meta = pdf.open_metadata()
    return {
        "marked": bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)),
        "lang": str(pdf.Root.get("/Lang", "")),
        "displaydoctitle": bool(vp.get("/DisplayDocTitle", False)),
        "info_title": str(pdf.docinfo.get("/Title", "")),
        "xmp_title": meta.get("dc:title", ""),
        "struct_tree": "/StructTreeRoot" in pdf.Root,
    }


def mcid_utanfor_tradet(pdf: pikepdf.Pdf, innehall: Innehall) -> list[tuple[int, str]]:
    """(page, text) of marked content with an MCID that no element of the tree reaches:
    tagged as content, yet invisible to a reader that follows the structure tree."""
    sidnummer = {sida.obj.objgen: i for i, sida in enumerate(pdf.pages)}
    natt: set[tuple[int, int]] = set()

    def ga(obj, sida):
        if isinstance(obj, int):
            natt.add((sida, obj))
        elif isinstance(obj, pikepdf.Array):
            for k in obj:
                ga(k, sida)
        elif isinstance(obj, pikepdf.Dictionary):
            if "/Pg" in obj:
                sida = sidnummer.get(obj.Pg.objgen, sida)
            if obj.get("/Type") == "/MCR":
                natt.add((sida, int(obj.MCID)))
            elif "/K" in obj:
                ga(obj.K, sida)

    ga(pdf.Root.StructTreeRoot.get("/K", pikepdf.Array()), None)
    return [
        (sida, text)
        for (sida, mcid), text in sorted(innehall.mcid_text.items())
        if (sida, mcid) not in natt and text.strip()
    ]


def kontrollera_katalog(pdf: pikepdf.Pdf, titel: str) -> None:
    """Tagged, in Swedish, with `titel` as its title in Info and XMP, and shown as such."""
    k = katalog(pdf)
    assert k["struct_tree"] and k["marked"], k
    assert k["lang"] in ("sv", "sv-SE"), k
    assert k["displaydoctitle"], k
    assert k["info_title"] == k["xmp_title"] == titel, k
