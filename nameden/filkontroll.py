"""The one check every uploaded file passes before anything is stored.

A file is judged by its bytes, never by its name or the type the browser claims:

- the type is read at offset 0: `%PDF-` for PDF, a ZIP local header for DOCX and ODT. A file
  that only carries `%PDF-` further in (an .exe, an HTML page, a ZIP) is some other format
  that a PDF reader happens to tolerate, and is refused;
- a PDF must parse (pikepdf) and carry nothing that acts when it is opened: JavaScript,
  OpenAction, Launch, embedded files, XFA forms, RichMedia (`nameden.filkontroll_pdf`);
- DOCX and ODT are read as streams with bounds on entries, total uncompressed size and
  compression ratio, counted while decompressing (`nameden.filkontroll_arkiv`), so a zip bomb
  is refused after a bounded amount of work;
- every file that passes is then scanned by clamd (`nameden.virusskanning`); when the scanner
  cannot answer, the upload fails closed.

Each refusal is a `ValidationError` with a Swedish message that says what to do. The caller
stores nothing unless `kontrollera` returns.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from nameden import filkontroll_arkiv, filkontroll_pdf, virusskanning

FILTYPER = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}

TILLATNA_TEXT = "PDF, Word (DOCX) eller OpenDocument-text (ODT)"

FEL_TOM = "Välj en fil att ladda upp. Filen får inte vara tom."
FEL_TYP = f"Filen måste vara {TILLATNA_TEXT}. Typen avgörs av filens innehåll, inte av dess namn."

PDF_MAGI = b"%PDF-"
ZIP_MAGI = b"PK\x03\x04"


@dataclass(frozen=True)
class Granskad:
    """What the check learnt about a file that passed: the caller stores these values."""

    filtyp: str
    sha256: str
    storlek: int


def storlek_text(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    return f"{max(1, round(n / 1024))} kB"


def _storlek(fil) -> int:
    size = getattr(fil, "size", None)
    if size is None:
        fil.seek(0, 2)
        size = fil.tell()
    return size


def typ_av_innehall(fil) -> str | None:
    """'pdf', 'docx' or 'odt' when the bytes are of that type, else None.

    Only structure is read here (the ZIP's directory, an ODT's short `mimetype` entry);
    `kontrollera` does the bounded full read. The file is left at position 0.
    """
    fil.seek(0)
    head = fil.read(len(PDF_MAGI))
    fil.seek(0)
    if head.startswith(PDF_MAGI):
        return "pdf"
    if head.startswith(ZIP_MAGI):
        try:
            return filkontroll_arkiv.kontorstyp(fil)
        finally:
            fil.seek(0)
    return None


def _sha256(fil) -> str:
    digest = hashlib.sha256()
    fil.seek(0)
    while chunk := fil.read(64 * 1024):
        digest.update(chunk)
    fil.seek(0)
    return digest.hexdigest()


def kontrollera(fil, *, max_bytes: int | None = None) -> Granskad:
    """Check an uploaded file (a Django `File` or any seekable binary stream).

    Raises `ValidationError` with a Swedish message on the first reason to refuse it; returns
    its type, SHA-256 and size when it may be stored. The file is left at position 0.
    """
    max_bytes = settings.BILAGA_MAX_BYTES if max_bytes is None else max_bytes
    if fil is None:
        raise ValidationError(FEL_TOM, code="tom")
    storlek = _storlek(fil)
    if storlek == 0:
        raise ValidationError(FEL_TOM, code="tom")
    if storlek > max_bytes:
        raise ValidationError(
            f"Filen är för stor. Största tillåtna storlek är {storlek_text(max_bytes)}.",
            code="for_stor",
        )
    filtyp = typ_av_innehall(fil)
    if filtyp is None:
        raise ValidationError(FEL_TYP, code="filtyp")
    try:
        if filtyp == "pdf":
            filkontroll_pdf.granska(fil)
        else:
            filkontroll_arkiv.granska(fil, filtyp=filtyp)
    finally:
        fil.seek(0)
    virusskanning.kontrollera(fil)
    return Granskad(filtyp=filtyp, sha256=_sha256(fil), storlek=storlek)
