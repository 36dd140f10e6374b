"""Bilagor: files attached to the tjänsteutlåtande, checked by content, hashed and numbered.

Every file here is built for real (a PDF written by pypdf, a DOCX and an ODT zipped with the
parts their formats require), so that the content check is tested against what Word and
LibreOffice produce, not against magic bytes alone.
"""

import hashlib
import io
import re
import zipfile
from pathlib import Path

import pypdf
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile

from nameden import settings as shipped
from remiss.models import Bilaga
from remiss.services.bilagor import bilaga_ladda_upp, bilaga_ta_bort

FEL_TYP = (
    "Filen måste vara PDF, Word (DOCX) eller OpenDocument-text (ODT). "
    "Typen avgörs av filens innehåll, inte av dess namn."
)
FEL_TOM = "Välj en fil att ladda upp. Filen får inte vara tom."


@pytest.fixture
def lagring(settings, tmp_path) -> Path:
    """Private storage in a fresh directory of this test, so it sees only its own files."""
    root = tmp_path / "privat"
    root.mkdir()
    settings.PRIVATE_MEDIA_ROOT = root
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root


# --- Real files -------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
DOCX_DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Kommunikationsprogram för Stockholms stad</w:t></w:r></w:p>"
    "</w:body></w:document>"
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", DOCX_CONTENT_TYPES)
        archive.writestr("_rels/.rels", DOCX_RELS)
        archive.writestr("word/document.xml", DOCX_DOCUMENT)
    return buffer.getvalue()


ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
ODT_CONTENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    "<office:body><office:text><text:p>Remissvar</text:p></office:text></office:body>"
    "</office:document-content>"
)
ODT_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_MIMETYPE}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def odt_bytes(*, mimetype_first: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        mimetype = (zipfile.ZipInfo("mimetype"), ODT_MIMETYPE)
        rest = [("META-INF/manifest.xml", ODT_MANIFEST), ("content.xml", ODT_CONTENT)]
        entries = [mimetype, *rest] if mimetype_first else [*rest, mimetype]
        for name, data in entries:
            archive.writestr(
                name,
                data,
                compress_type=zipfile.ZIP_STORED if name == mimetype[0] else zipfile.ZIP_DEFLATED,
            )
    return buffer.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def _zip_utan_delar() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "Ingen Word-fil.")
    return buffer.getvalue()


def fil(namn: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(namn, data, content_type="application/octet-stream")


def ladda_upp(tu, user, namn="bilaga.pdf", data=None, titel="Kommunikationsprogram"):
    return bilaga_ladda_upp(
        user=user, tu=tu, fil=fil(namn, pdf_bytes() if data is None else data), titel=titel
    )


def _filer(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


# --- Accepted ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("namn", "data", "filtyp"),
    [
        ("Kommunikationsprogram.pdf", pdf_bytes(), "pdf"),
        ("Kommunikationsprogram.docx", docx_bytes(), "docx"),
        ("Kommunikationsprogram.odt", odt_bytes(), "odt"),
    ],
    ids=["pdf", "docx", "odt"],
)
def test_real_document_is_accepted_with_its_type(tu, karin, lagring, namn, data, filtyp):
    """GIVEN a real PDF, DOCX or ODT WHEN uploaded THEN it is stored as that type, with its size
    and original name."""
    bilaga = ladda_upp(tu, karin, namn, data)

    bilaga.refresh_from_db()
    assert (bilaga.filtyp, bilaga.storlek, bilaga.original_filnamn) == (filtyp, len(data), namn)


def test_upload_stores_the_sha256_of_the_bytes(tu, karin, lagring):
    """GIVEN a PDF WHEN uploaded THEN the stored SHA-256 is that of its exact bytes, and the
    stored file has those bytes."""
    data = pdf_bytes()

    bilaga = ladda_upp(tu, karin, data=data)

    assert bilaga.sha256 == hashlib.sha256(data).hexdigest()
    assert Path(bilaga.fil.path).read_bytes() == data


def test_upload_records_event_and_history(tu, karin, lagring, remiss):
    """GIVEN a PDF WHEN Karin uploads it THEN the timeline names number and title, and the
    history row names her."""
    bilaga = ladda_upp(tu, karin, titel="Kommunikationsprogram för Stockholms stad")

    assert remiss.handelser.get(typ="bilaga_tillagd").text == (
        "Bilaga 1 lades till: Kommunikationsprogram för Stockholms stad."
    )
    row = bilaga.history.get()
    assert (row.history_change_reason, row.history_user) == ("Bilaga 1 laddades upp", karin)


# --- Refused ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("namn", "data"),
    [
        ("bild.pdf", PNG),
        ("text.docx", "Det här är bara text.\n".encode()),
        ("tom-zip.docx", _zip_utan_delar()),
        ("fel-ordning.odt", odt_bytes(mimetype_first=False)),
        ("trasig.docx", b"PK\x03\x04" + b"\x00" * 200),
    ],
    ids=[
        "png-named-pdf",
        "text-named-docx",
        "zip-without-parts",
        "odt-mimetype-not-first",
        "broken-zip",
    ],
)
def test_file_that_is_not_what_its_name_says_is_refused(tu, karin, lagring, namn, data):
    """GIVEN a file whose content is not an allowed document WHEN uploaded THEN refused with the
    allowed types, saying the content decides."""
    with pytest.raises(ValidationError) as exc:
        ladda_upp(tu, karin, namn, data)

    assert exc.value.message_dict == {"fil": [FEL_TYP]}


def test_empty_file_is_refused(tu, karin, lagring):
    """GIVEN an empty file WHEN uploaded THEN refused as empty."""
    with pytest.raises(ValidationError) as exc:
        ladda_upp(tu, karin, "tom.pdf", b"")

    assert exc.value.message_dict == {"fil": [FEL_TOM]}


def test_file_over_the_limit_is_refused_with_the_limit(tu, karin, lagring, settings):
    """GIVEN a limit of 1 MB WHEN a PDF one byte over it is uploaded THEN refused, naming the
    limit."""
    settings.BILAGA_MAX_BYTES = 1024 * 1024
    data = pdf_bytes()
    data += b"%" * (settings.BILAGA_MAX_BYTES + 1 - len(data))

    with pytest.raises(ValidationError) as exc:
        ladda_upp(tu, karin, "stor.pdf", data)

    assert exc.value.message_dict == {
        "fil": ["Filen är för stor. Största tillåtna storlek är 1 MB."]
    }


def test_file_at_the_limit_is_accepted(tu, karin, lagring, settings):
    """GIVEN a limit of 1 MB WHEN a PDF of exactly 1 MB is uploaded THEN accepted."""
    settings.BILAGA_MAX_BYTES = 1024 * 1024
    data = pdf_bytes()
    data += b"%" * (settings.BILAGA_MAX_BYTES - len(data))

    assert ladda_upp(tu, karin, "stor.pdf", data).storlek == settings.BILAGA_MAX_BYTES


def test_upload_without_title_is_refused(tu, karin, lagring):
    """GIVEN a PDF WHEN uploaded with a blank title THEN refused on titel."""
    with pytest.raises(ValidationError) as exc:
        ladda_upp(tu, karin, titel="   ")

    assert exc.value.message_dict == {
        "titel": ["Skriv bilagans titel som den ska stå i dokumentet."]
    }


@pytest.mark.parametrize(
    ("namn", "data"),
    [("bild.pdf", PNG), ("tom.pdf", b"")],
    ids=["wrong-type", "empty"],
)
def test_refused_upload_leaves_no_row_and_no_file(tu, karin, lagring, namn, data):
    """GIVEN a refused upload WHEN it fails THEN there is no Bilaga row and nothing in storage."""
    with pytest.raises(ValidationError):
        ladda_upp(tu, karin, namn, data)

    assert not Bilaga.objects.exists()
    assert _filer(lagring) == []


def test_unassigned_handlaggare_may_not_upload(tu, hugo, lagring):
    """GIVEN Karin's TU WHEN Hugo uploads a PDF THEN PermissionDenied, no row and no file."""
    with pytest.raises(PermissionDenied):
        ladda_upp(tu, hugo)

    assert not Bilaga.objects.exists()
    assert _filer(lagring) == []


def test_unassigned_handlaggare_may_not_remove(tu, karin, hugo, lagring):
    """GIVEN Karin's bilaga WHEN Hugo removes it THEN PermissionDenied and it stays."""
    bilaga = ladda_upp(tu, karin)

    with pytest.raises(PermissionDenied):
        bilaga_ta_bort(user=hugo, bilaga=bilaga)

    assert Bilaga.objects.filter(pk=bilaga.pk).exists()


# --- Where files go ---------------------------------------------------------------------------


def test_file_is_stored_in_private_storage_under_a_name_nobody_chose(tu, karin, lagring):
    """GIVEN an upload named like a path escape WHEN stored THEN the file lies inside private
    storage under a generated name that keeps nothing of the user's name."""
    bilaga = bilaga_ladda_upp(
        user=karin,
        tu=tu,
        # A plain File keeps the name exactly as given (an UploadedFile would strip the path),
        # so this proves the storage name does not come from it.
        fil=File(io.BytesIO(pdf_bytes()), name="../../etc/passwd.pdf"),
        titel="Lösenord",
    )

    stored = Path(bilaga.fil.path).resolve()
    assert stored.is_relative_to(lagring.resolve())
    assert re.fullmatch(rf"bilagor/{bilaga.sha256[:2]}/[0-9a-f]{{32}}\.pdf", bilaga.fil.name)
    assert _filer(lagring) == [stored]


def test_uploaded_file_is_not_under_any_web_root(tu, karin, lagring):
    """GIVEN an upload WHEN stored THEN it is under no directory the web server serves."""
    stored = Path(ladda_upp(tu, karin).fil.path).resolve()

    web_roots = [Path(django_settings.STATIC_ROOT), *map(Path, django_settings.STATICFILES_DIRS)]
    assert not any(stored.is_relative_to(root.resolve()) for root in web_roots)


def test_private_media_root_is_outside_every_web_root():
    """GIVEN the shipped settings (not the per-test override) WHEN the private media root is
    compared with the static directories THEN it is inside none of them, and none inside it,
    and the default storage writes there."""
    private = Path(shipped.PRIVATE_MEDIA_ROOT).resolve()
    web_roots = [Path(shipped.STATIC_ROOT), *map(Path, shipped.STATICFILES_DIRS)]

    for root in (r.resolve() for r in web_roots):
        assert not private.is_relative_to(root)
        assert not root.is_relative_to(private)
    assert shipped.STORAGES["default"]["OPTIONS"]["location"] == shipped.PRIVATE_MEDIA_ROOT


# --- Numbering --------------------------------------------------------------------------------


def test_bilagor_are_numbered_in_upload_order(tu, karin, lagring):
    """GIVEN three uploads WHEN numbered THEN they are 1, 2 and 3 in that order."""
    for titel in ("Program", "Handlingsplan", "Remisslista"):
        ladda_upp(tu, karin, titel=titel)

    assert list(Bilaga.objects.values_list("ordning", "titel")) == [
        (1, "Program"),
        (2, "Handlingsplan"),
        (3, "Remisslista"),
    ]


def test_removing_a_bilaga_renumbers_the_rest(tu, karin, lagring):
    """GIVEN bilagor 1, 2 and 3 WHEN number 2 is removed THEN the old number 3 becomes 2."""
    ladda_upp(tu, karin, titel="Program")
    andra = ladda_upp(tu, karin, titel="Handlingsplan")
    ladda_upp(tu, karin, titel="Remisslista")

    bilaga_ta_bort(user=karin, bilaga=andra)

    assert list(Bilaga.objects.values_list("ordning", "titel")) == [
        (1, "Program"),
        (2, "Remisslista"),
    ]


def test_renumbering_is_recorded_in_history(tu, karin, lagring):
    """GIVEN bilagor 1 and 2 WHEN number 1 is removed THEN the history of the former number 2
    says it was renumbered, by Karin."""
    forsta = ladda_upp(tu, karin, titel="Program")
    andra = ladda_upp(tu, karin, titel="Handlingsplan")

    bilaga_ta_bort(user=karin, bilaga=forsta)

    row = andra.history.latest("history_date")
    assert (row.history_change_reason, row.history_user, row.ordning) == (
        "Bilagan numrerades om till 1",
        karin,
        1,
    )


def test_next_upload_after_removal_takes_the_next_free_number(tu, karin, lagring):
    """GIVEN bilagor 1 and 2 and number 1 removed WHEN another is uploaded THEN it is number 2."""
    forsta = ladda_upp(tu, karin, titel="Program")
    ladda_upp(tu, karin, titel="Handlingsplan")
    bilaga_ta_bort(user=karin, bilaga=forsta)

    assert ladda_upp(tu, karin, titel="Remisslista").ordning == 2


def test_removed_bilagas_file_is_kept_for_history(tu, karin, lagring):
    """GIVEN an uploaded bilaga WHEN removed THEN its stored file remains, since earlier
    versions of the draft still point at it."""
    bilaga = ladda_upp(tu, karin)
    path = Path(bilaga.fil.path)

    bilaga_ta_bort(user=karin, bilaga=bilaga)

    assert path.exists()
