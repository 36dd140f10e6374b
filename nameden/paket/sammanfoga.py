"""Putting one version of the packet together: the kallelse, then each punkt's handlingar.

The kallelse (PDF/A from WeasyPrint) is the base document, so the packet keeps its metadata
and language; the processed parts (`nameden.paket.delar`) are appended in agenda order. The
packet gets:

- an outline: "Kallelse och föredragningslista", then one entry per punkt with handlingar
  ("5. Remiss av …"), with one child per handling;
- page labels: the kallelse's pages "Kallelse 1", "Kallelse 2" …, each punkt's pages
  "5:1", "5:2" … (its number, then the page within the punkt), so "gå till sidan 5:3" works
  in any reader.

Memory does not grow with the number of punkter: the packet is written as it goes
(`nameden.paket.pdfskrivare`). The kallelse is opened and written first; then each part is
opened from its file, its pages and what they reach are written with new object numbers,
and it is closed before the next one is opened. Only the page numbers, the bookmarks' texts
and a 7-byte cross-reference entry per object are kept until the end, where the page tree,
the outline, the page labels and the catalog are written. Streams are copied as they are,
never decoded. The packet no longer claims PDF/A: it joins documents that may not be PDF/A,
and is a reading copy; the archival documents are the parts themselves.

The packet is one tagged document (`nameden.paket.struktur`): one /Document holding the
kallelse's parts (a long kallelse comes as pieces, written one at a time, their trees made
one), then a /Part per tagged handling with its title, its own tree under it. An untagged
bilaga adds pages but no elements.
"""

from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from nameden.models import Handling
from nameden.paket.pdfskrivare import Kopia, Skrivare, sidtradets_noder
from nameden.paket.struktur import Strukturtrad
from nameden.pdf.merge import byt_namn_pa_typsnitt

KALLELSE_BOKMARKE = "Kallelse och föredragningslista"
#: The kallelse's catalog entries the packet writes anew.
NYA_I_KATALOGEN = frozenset(
    {"/Type", "/Pages", "/Outlines", "/PageLabels", "/PageMode", "/StructTreeRoot", "/MarkInfo"}
)


@dataclass(frozen=True)
class Avsnitt:
    """One punkt's part of the packet: its bookmark text, label prefix and handlingar, each
    with the local path of its processed file."""

    rubrik: str
    prefix: str
    handlingar: tuple[tuple[Handling, Path], ...]


@dataclass
class _Bokmarke:
    titel: str
    sida: int  # the page's object number in the packet
    barn: list["_Bokmarke"]


def sammanfoga(
    kallelse: Path | Sequence[Path], avsnitt: Iterable[Avsnitt], *, ut: Path, titel: str
) -> int:
    """Write the packet to `ut`; its page count. `kallelse` is the kallelse's file, or the
    files of its pieces in order (`nameden.paket.kallelse.kallelse_delar`), which are
    joined here into one tagged kallelse: the first piece gives the catalog (language,
    metadata, output intent) and the document information, the later pieces' font subsets
    get tags of their own."""
    kallelser = [kallelse] if isinstance(kallelse, Path) else list(kallelse)
    with ut.open("wb") as fil:
        skrivare = Skrivare(fil)
        katalog, sidtrad, outline = skrivare.nummer(), skrivare.nummer(), skrivare.nummer()
        trad = Strukturtrad(skrivare)
        sidor = array("L")  # the packet's pages, by object number
        for index, delfil in enumerate(kallelser):
            with pikepdf.open(delfil) as pdf:
                if index == 0:
                    _utan_pdfa_ansprak(pdf, titel=titel)
                else:
                    byt_namn_pa_typsnitt(pdf, index)
                kopia = Kopia(
                    skrivare,
                    pdf,
                    {
                        **dict.fromkeys(sidtradets_noder(pdf), sidtrad),
                        pdf.Root.objgen: katalog if index == 0 else None,
                    },
                )
                trad.kallelse(pdf, kopia, index=index)
                sidor.extend(kopia.sida(sida.obj) for sida in pdf.pages)
                if index == 0:
                    katalogposter = kopia.poster(pdf.Root, utom=NYA_I_KATALOGEN)
                    info = skrivare.nummer()
                    skrivare.objekt(info, kopia.omnumrera(pdf.docinfo.unparse(resolved=True)))
                kopia.kopiera()
                trad.kopierad(kopia)
        etiketter = [(0, "Kallelse ")]
        bokmarken = [_Bokmarke(KALLELSE_BOKMARKE, sidor[0], [])]
        for del_ in avsnitt:
            if not del_.handlingar:
                continue
            etiketter.append((len(sidor), del_.prefix))
            punkt = _Bokmarke(del_.rubrik, 0, [])
            for handling, delfil in del_.handlingar:
                forsta = len(sidor)
                _lagg_till(
                    skrivare, delfil, titel=handling.titel, trad=trad, sidtrad=sidtrad, sidor=sidor
                )
                punkt.barn.append(_Bokmarke(handling.titel, sidor[min(forsta, len(sidor) - 1)], []))
            punkt.sida = punkt.barn[0].sida
            bokmarken.append(punkt)
        skrivare.objekt(
            sidtrad,
            b"<< /Type /Pages /Count %d /Kids [ %s ] >>"
            % (len(sidor), b" ".join(b"%d 0 R" % n for n in sidor)),
        )
        _outline(skrivare, outline, bokmarken)
        trad.avsluta()
        skrivare.objekt(
            katalog,
            b"<<%s /Type /Catalog /Pages %d 0 R /Outlines %d 0 R /PageLabels %s"
            b" /PageMode /UseOutlines /StructTreeRoot %d 0 R /MarkInfo << /Marked true >> >>"
            % (katalogposter, sidtrad, outline, _etiketter(etiketter), trad.rot),
        )
        skrivare.avsluta(rot=katalog, info=info)
    return len(sidor)


def _lagg_till(
    skrivare: Skrivare, fil: Path, *, titel: str, trad: Strukturtrad, sidtrad: int, sidor: array
) -> None:
    """Write one part's pages (and what they reach) and, if it is tagged, its elements
    under a /Part titled `titel`; then close it: one part open at a time."""
    with pikepdf.open(fil) as pdf:
        kopia = Kopia(
            skrivare, pdf, {**dict.fromkeys(sidtradets_noder(pdf), sidtrad), pdf.Root.objgen: None}
        )
        trad.handling(pdf, kopia, titel=titel)
        for sida in pdf.pages:
            sidor.append(kopia.sida(sida.obj))
            kopia.kopiera()
        trad.kopierad(kopia)


def _outline(skrivare: Skrivare, rot: int, bokmarken: list[_Bokmarke]) -> None:
    """The bookmarks, every level open (as pikepdf writes them: /Count is the number of
    visible descendants)."""

    def niva(poster: list[_Bokmarke], foralder: int) -> tuple[int, int, int]:
        nummer = [skrivare.nummer() for _ in poster]
        synliga = 0
        for i, (post, n) in enumerate(zip(poster, nummer, strict=True)):
            delar = [
                b"/Title " + pikepdf.String(post.titel).unparse(),
                b"/Parent %d 0 R" % foralder,
            ]
            delar.append(b"/Dest [ %d 0 R /Fit ]" % post.sida)
            if i:
                delar.append(b"/Prev %d 0 R" % nummer[i - 1])
            if i + 1 < len(nummer):
                delar.append(b"/Next %d 0 R" % nummer[i + 1])
            antal = 0
            if post.barn:
                forsta, sista, antal = niva(post.barn, n)
                delar.append(b"/First %d 0 R /Last %d 0 R" % (forsta, sista))
            delar.append(b"/Count %d" % antal)
            skrivare.objekt(n, b"<< " + b" ".join(delar) + b" >>")
            synliga += 1 + antal
        return nummer[0], nummer[-1], synliga

    forsta, sista, antal = niva(bokmarken, rot)
    skrivare.objekt(
        rot, b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (forsta, sista, antal)
    )


def _etiketter(etiketter: list[tuple[int, str]]) -> bytes:
    """/PageLabels: from each start page, the prefix and the page within ("5:1", "5:2")."""
    return pikepdf.Dictionary(
        Nums=pikepdf.Array(x for start, prefix in etiketter for x in (start, _etikett(prefix)))
    ).unparse()


def _etikett(prefix: str) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(S=pikepdf.Name.D, P=pikepdf.String(prefix), St=1)


def _utan_pdfa_ansprak(paket: pikepdf.Pdf, *, titel: str) -> None:
    """Drop the kallelse's PDF/A claim (it does not hold for the joined pages) and name the
    packet as a whole."""
    with paket.open_metadata(set_pikepdf_as_editor=False) as meta:
        for nyckel in ("pdfaid:part", "pdfaid:conformance"):
            if nyckel in meta:
                del meta[nyckel]
        meta["dc:title"] = titel
    paket.docinfo["/Title"] = titel
