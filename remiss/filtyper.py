"""Which files may be attached, decided by their content, never by their name.

PDF has its `%PDF-` header within the first kilobyte (the PDF specification lets readers
accept leading bytes there, as Acrobat does); DOCX and ODT are ZIP containers that must hold
the parts their formats require (an ODT's first entry is an uncompressed `mimetype` naming the
format). A file renamed to look like another type is refused, as is anything else.
"""

import io
import zipfile

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

FILTYPER = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}

TILLATNA_TEXT = "PDF, Word (DOCX) eller OpenDocument-text (ODT)"


def detect(head: bytes, fileobj) -> str | None:
    """Return 'pdf', 'docx' or 'odt' for an allowed file, else None.

    `head` is the first kilobyte; `fileobj` is seekable and is left at position 0.
    """
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            names = archive.namelist()
            if (
                names
                and names[0] == "mimetype"
                and archive.read("mimetype").strip() == ODT_MIMETYPE
            ):
                return "odt" if "content.xml" in names else None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return None
    finally:
        fileobj.seek(0)
    return None


def detect_bytes(data: bytes) -> str | None:
    return detect(data[:1024], io.BytesIO(data))
