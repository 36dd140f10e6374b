"""Each handling as it goes into a packet: checked, cleaned, normalised once, then reused.

`bearbeta` is the processing of one handling's bytes (read with
`nameden.selectors.handling_innehall`, so its SHA-256 is checked first):

1. a PDF is opened with pikepdf and checked the way `qpdf --check` does (structure, every
   stream decoded, every page's content parsed); an encrypted, unreadable or broken file
   stops the build with a Swedish message naming the handling;
2. only its pages are kept (no catalog: no OpenAction, JavaScript, embedded files, forms,
   outlines or page labels of its own), and from the pages their actions and any annotation
   that could run or carry something (JavaScript, launch, file attachments, media);
3. a tagged handling keeps its structure tree, rebuilt from what a reader uses
   (`nameden.paket.delstruktur`: roles, text properties, attributes, marked content, links
   to kept annotations, role and class maps, its /Lang), with a /ParentTree made anew, so
   that the packet can carry its tags (`nameden.paket.struktur`); an untagged one keeps
   none, and no page or form keeps a link into a tree it does not have;
4. it is written anew with every stream recompressed and objects in object streams.

A handling that is no PDF (a Word bilaga) becomes one page saying so, so it still has its
place and bookmark in the packet. The result is stored as a `Handlingsdel` keyed by the
handling's SHA-256 and `VERSION`: the same bytes, on any sammanträde, are processed once.
Before every use the part's own SHA-256 is checked; a part that fails it is made again.
"""

import hashlib
import io
import logging

import pikepdf
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from nameden import selectors
from nameden.models import Handling, Handlingsdel
from nameden.paket.delstruktur import behall_struktur
from nameden.pdf import render_pdf
from nameden.svenska import antal

logger = logging.getLogger(__name__)

#: The processing's version: raise it when `bearbeta` changes, and parts are made anew.
#: 2: a tagged handling keeps its structure tree (before, every part was untagged).
VERSION = 2

#: Annotations a handling may not bring into the packet: they run code, launch programs,
#: carry files or media. Links, form fields' appearances and markup annotations stay.
FARLIGA_ANNOTERINGAR = frozenset(
    {"/FileAttachment", "/Movie", "/Sound", "/Screen", "/RichMedia", "/3D"}
)
#: Link actions that do something other than go to a place or a web address.
FARLIGA_ATGARDER = frozenset(
    {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/Rendition"}
)


class DelFel(Exception):
    """A handling cannot go into the packet as it is. The message is Swedish, for the user."""


def bearbeta(innehall: bytes, *, titel: str) -> tuple[bytes, int, bool]:
    """Process one handling's bytes: (the part's PDF, its pages, was the handling a PDF).
    One handling at a time is held in memory, never the packet."""
    if innehall.lstrip()[:5] != b"%PDF-":
        return (*_ingen_pdf(innehall), False)
    try:
        kalla = pikepdf.open(io.BytesIO(innehall))
    except pikepdf.PasswordError as exc:
        raise DelFel(
            f"Handlingen ”{titel}” är lösenordsskyddad och kan inte tas med i paketet."
        ) from exc
    except pikepdf.PdfError as exc:
        raise DelFel(f"Handlingen ”{titel}” är ingen läsbar PDF: {exc}") from exc
    with kalla:
        try:
            fel = [p for p in kalla.check_pdf_syntax() if p.startswith("ERROR")]
        except pikepdf.PdfError as exc:
            fel = [str(exc)]
        if fel:
            raise DelFel(f"Handlingen ”{titel}” är skadad och kan inte tas med: {fel[0]}")
        with pikepdf.new() as ren:
            ren.pages.extend(kalla.pages)
            annoteringar = {}
            for kallsida, sida in zip(kalla.pages, ren.pages, strict=True):
                fore = list(zip(_annoteringar(kallsida.obj), _annoteringar(sida.obj), strict=True))
                _rensa(sida.obj)
                kvar = {a.objgen for a in _annoteringar(sida.obj) if a.is_indirect}
                annoteringar.update(
                    (k.objgen, r) for k, r in fore if k.is_indirect and r.objgen in kvar
                )
            _behall_struktur_eller_inget(kalla, ren, annoteringar, titel)
            ut = io.BytesIO()
            ren.save(
                ut,
                compress_streams=True,
                stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                recompress_flate=True,
                object_stream_mode=pikepdf.ObjectStreamMode.generate,
            )
            return ut.getvalue(), len(ren.pages), True


def _behall_struktur_eller_inget(kalla, ren, annoteringar: dict, titel: str) -> None:
    """Carry the handling's tags, or none at all: a tree that is syntactically valid but
    strange enough to break the rebuild must not stop the sammanträde's packet, which
    then reads the handling as untagged pages (logged, so it can be looked at)."""
    try:
        behall_struktur(kalla, ren, annoteringar)
    except (pikepdf.PdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        logger.warning("Handlingens struktur kunde inte tas med: %s", titel, exc_info=True)
        for sida in ren.pages:
            if "/StructParents" in sida.obj:
                del sida.obj["/StructParents"]
            for annot in _annoteringar(sida.obj):
                if isinstance(annot, pikepdf.Dictionary) and "/StructParent" in annot:
                    del annot["/StructParent"]
        for nyckel in ("/StructTreeRoot", "/MarkInfo"):
            if nyckel in ren.Root:
                del ren.Root[nyckel]


def _annoteringar(sida: pikepdf.Dictionary) -> list:
    annots = sida.get("/Annots")
    return list(annots) if isinstance(annots, pikepdf.Array) else []


def _rensa(sida: pikepdf.Dictionary) -> None:
    for nyckel in ("/AA", "/StructParents", "/PieceInfo"):
        if nyckel in sida:
            del sida[nyckel]
    if "/Annots" not in sida:
        return
    kvar = pikepdf.Array()
    for annot in sida.Annots:
        if not isinstance(annot, pikepdf.Dictionary):
            continue
        if annot.get("/Subtype") in FARLIGA_ANNOTERINGAR:
            continue
        atgard = annot.get("/A")
        if isinstance(atgard, pikepdf.Dictionary) and atgard.get("/S") in FARLIGA_ATGARDER:
            continue
        for nyckel in ("/AA", "/StructParent", "/P"):  # a kept link gets its own again
            if nyckel in annot:
                del annot[nyckel]
        kvar.append(annot)
    sida.Annots = kvar


def _ingen_pdf(innehall: bytes) -> tuple[bytes, int]:
    """One page in the handling's place, saying it is not a PDF (it is kept in the ärende).
    It says nothing the handling's bytes do not decide, so it can be cached by their hash."""
    html = render_to_string(
        "pdf/kallelse_ingen_pdf.html",
        {"typ": _filtyp(innehall), "storlek": _kb(len(innehall))},
    )
    return render_pdf(html, stylesheet="pdf/kallelse.css")


def _filtyp(innehall: bytes) -> str:
    if innehall[:4] == b"PK\x03\x04":
        if b"word/" in innehall[:4000]:
            return "ett Word-dokument"
        if b"opendocument" in innehall[:4000]:
            return "ett OpenDocument-dokument"
        return "en zip-fil"
    return "en fil som inte är en PDF"


def _kb(storlek: int) -> str:
    return antal(max(1, round(storlek / 1024)), "kB", "kB")


# --- The cache ------------------------------------------------------------------------------


def fil_sha256(fil) -> str:
    """SHA-256 of a stored file, read in chunks (a packet or part is never held whole)."""
    summa = hashlib.sha256()
    with fil.open("rb") as f:
        for bit in iter(lambda: f.read(1 << 20), b""):
            summa.update(bit)
    return summa.hexdigest()


def sparade_delar(handlingar: list[Handling]) -> dict[str, Handlingsdel]:
    """The parts already made for these handlingar, by SHA-256 (one query)."""
    shas = {h.sha256 for h in handlingar}
    return {d.sha256: d for d in Handlingsdel.objects.filter(sha256__in=shas, version=VERSION)}


def del_hel(del_: Handlingsdel) -> bool:
    """Is the stored part still the file it was (its SHA-256)?"""
    try:
        return fil_sha256(del_.fil) == del_.fil_sha256
    except OSError:
        return False


def del_skapa(handling: Handling, *, gammal: Handlingsdel | None = None) -> Handlingsdel:
    """Process `handling` (read back only if its SHA-256 holds) and store the part; `gammal`
    is a stored part of the same bytes whose file failed its check, replaced here.

    Two builds that process the same bytes at once both store a file; the unique
    constraint keeps one row, and the other build uses it."""
    innehall = selectors.handling_innehall(handling)  # HandlingSkadad if changed
    pdf, sidor, ar_pdf = bearbeta(innehall, titel=handling.titel)
    del innehall
    del_ = gammal or Handlingsdel(sha256=handling.sha256, version=VERSION)
    del_.fil_sha256 = hashlib.sha256(pdf).hexdigest()
    del_.storlek, del_.sidor, del_.ar_pdf = len(pdf), sidor, ar_pdf
    del_.fil.save(
        f"{handling.sha256[:2]}/{handling.sha256}-v{VERSION}.pdf", ContentFile(pdf), save=False
    )
    try:
        with transaction.atomic():
            del_.save()
    except IntegrityError:
        logger.info("Handlingsdel %s skapades samtidigt av ett annat bygge", handling.sha256)
        return Handlingsdel.objects.get(sha256=handling.sha256, version=VERSION)
    return del_
