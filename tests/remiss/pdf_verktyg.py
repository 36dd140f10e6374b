"""Helpers for the PDF tests: read a PDF back as text, and the reference's attestations."""

import datetime as dt
import io

import pikepdf
from pypdf import PdfReader

from remiss.dokument import AttestRad

#: The "Attesterat av" lines of the reference, newest first as it prints them.
REFERENS_ATTESTER = (
    AttestRad("Veronica Wolgast Carstorp", "Socialdirektör", dt.date(2024, 4, 12)),
    AttestRad("Lisa Cadenius", "Avdelningschef", dt.date(2024, 4, 11)),
)


def ihop(text: str) -> str:
    """Whitespace collapsed to single spaces: line breaks in the PDF are not in the source."""
    return " ".join(text.split())


def sidtexter(pdf: bytes) -> list[str]:
    """Each page's text (pypdf), whitespace collapsed."""
    return [ihop(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def fulltext(pdf: bytes) -> str:
    return " ".join(sidtexter(pdf))


def oppna(pdf: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(pdf))


def inbaddade_filer(pdf: bytes) -> list[str]:
    """Every way a file can be embedded: the EmbeddedFiles name tree, /AF, file annotations
    and Filespec objects anywhere in the file."""
    found = []
    with oppna(pdf) as doc:
        names = doc.Root.get("/Names")
        if names is not None and "/EmbeddedFiles" in names:
            found.append("/Names/EmbeddedFiles")
        if "/AF" in doc.Root:
            found.append("/AF")
        for number, page in enumerate(doc.pages, start=1):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/FileAttachment":
                    found.append(f"FileAttachment on page {number}")
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Filespec":
                found.append("Filespec")
    return found


def alla_strommar(pdf: bytes) -> bytes:
    """Every stream of the file, decoded: to search the PDF for content that must not be there."""
    parts = []
    with oppna(pdf) as doc:
        for obj in doc.objects:
            if isinstance(obj, pikepdf.Stream):
                try:
                    parts.append(obj.read_bytes())
                except pikepdf.PdfError:
                    parts.append(obj.read_raw_bytes())
    return b"\n".join(parts)
