"""Hostile files are refused at upload with a clear Swedish message, and nothing is stored.

Every file here is built for real: PDFs by pikepdf with the active content a reader would run,
DOCX and ODT as ZIP archives byte by byte where zipfile would not write the hostile thing
(a lying size, a bomb). Each goes through the bilaga service, the one write path, and the
one check it calls (`nameden.filkontroll`); clamd is the session's real daemon (conftest).
"""

import functools
import io
import struct
import warnings
import zipfile
import zlib
from pathlib import Path

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nameden import filkontroll, filkontroll_arkiv, filkontroll_pdf, virusskanning
from nameden.clamd_lokal import EICAR, SIGNATUR
from remiss.models import Bilaga
from remiss.services.bilagor import bilaga_ladda_upp
from tests.remiss.test_bilagor import (
    DOCX_CONTENT_TYPES,
    DOCX_DOCUMENT,
    DOCX_RELS,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
P = filkontroll_pdf


# --- Builders ---------------------------------------------------------------------------------


def pdf_med(andra) -> bytes:
    """A one-page PDF that pikepdf writes after `andra(pdf)` has added something to it."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    andra(pdf)
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


def _js(pdf):
    return pdf.make_indirect(
        pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    )


def _openaction_js(pdf):
    pdf.Root.OpenAction = _js(pdf)


def _dokument_js(pdf):
    pdf.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("start"), _js(pdf)]))
    )


def _annotering(pdf, **falt):
    annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Rect=[0, 0, 100, 100], **falt)
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))


def _launch(pdf):
    handling = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
    _annotering(pdf, Subtype=pikepdf.Name.Link, A=handling)


def _bifogad(pdf):
    pdf.attachments["lista.txt"] = pikepdf.AttachedFileSpec(pdf, b"Hemlig lista\n")


def _filannotering(pdf):
    spec = pikepdf.AttachedFileSpec(pdf, b"MZ", filename="program.exe")
    _annotering(pdf, Subtype=pikepdf.Name.FileAttachment, FS=spec.obj)


def _xfa(pdf):
    pdf.Root.AcroForm = pikepdf.Dictionary(
        Fields=pikepdf.Array(), XFA=pdf.make_stream(b"<xdp:xdp xmlns:xdp='x'/>")
    )


def _richmedia(pdf):
    _annotering(
        pdf,
        Subtype=pikepdf.Name.RichMedia,
        RichMediaContent=pikepdf.Dictionary(Assets=pikepdf.Dictionary()),
    )


def pdf_js_i_objektstrom() -> bytes:
    """Document JavaScript inside a compressed object stream: `JavaScript` is nowhere in the
    bytes, only in what pikepdf reads out of them."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    _dokument_js(pdf)
    buffer = io.BytesIO()
    pdf.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    data = buffer.getvalue()
    assert b"JavaScript" not in data
    return data


# The name /JavaScript written with a #xx escape, as hand-made PDFs hide it from grep.
PDF_HEX_NAMN = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"4 0 obj << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def pdf_krypterad() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    pdf.save(buffer, encryption=pikepdf.Encryption(user="hemligt", owner="agare"))
    return buffer.getvalue()


def zip_med(poster, *, metod=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name; that is the point
        with zipfile.ZipFile(buffer, "w", metod) as archive:
            for namn, data in poster:
                archive.writestr(zipfile.ZipInfo(namn) if isinstance(namn, str) else namn, data)
    return buffer.getvalue()


DOCX_DELAR = [
    ("[Content_Types].xml", DOCX_CONTENT_TYPES),
    ("_rels/.rels", DOCX_RELS),
    ("word/document.xml", DOCX_DOCUMENT),
]


def docx_med(*extra, dokument=DOCX_DOCUMENT, metod=zipfile.ZIP_DEFLATED) -> bytes:
    delar = [*DOCX_DELAR[:2], ("word/document.xml", dokument), *extra]
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w", metod) as archive:
            for namn, data in delar:
                info = zipfile.ZipInfo(namn)
                info.compress_type = metod
                archive.writestr(info, data)
    return buffer.getvalue()


def raw_zip(poster) -> bytes:
    """A ZIP written header by header: (name, method, compressed bytes, crc, size).

    zipfile would compress the data itself; a bomb's gigabytes are never held here, only
    their deflate stream.
    """
    ut, katalog = io.BytesIO(), io.BytesIO()
    for namn, metod, data, crc, storlek in poster:
        offset = ut.tell()
        namn_b = namn.encode()
        ut.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                20,
                0,
                metod,
                0,
                0x21,
                crc,
                len(data),
                storlek,
                len(namn_b),
                0,
            )
        )
        ut.write(namn_b + data)
        katalog.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                metod,
                0,
                0x21,
                crc,
                len(data),
                storlek,
                len(namn_b),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + namn_b
        )
    start, cd = ut.tell(), katalog.getvalue()
    ut.write(cd)
    ut.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(poster), len(poster), len(cd), start, 0)
    )
    return ut.getvalue()


def _deflaterad(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


@functools.cache
def nollor_deflaterade(megabyte: int) -> tuple[bytes, int]:
    """A raw deflate stream of `megabyte` MB of zeros and its CRC, built from one repeated
    fully flushed block (about 1 kB per MB) without ever holding the zeros."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    noll = b"\0" * MB
    block = c.compress(noll) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabyte):
        crc = zlib.crc32(noll, crc)
    return block * megabyte + c.flush(), crc


def zippost(namn: str, data: bytes, metod=zipfile.ZIP_DEFLATED):
    packat = _deflaterad(data) if metod == zipfile.ZIP_DEFLATED else data
    return (namn, metod, packat, zlib.crc32(data), len(data))


@functools.cache
def odt_mimetypbomb() -> bytes:
    """The ODT from the attack: its first entry, `mimetype`, expands to 1.5 GB."""
    data, crc = nollor_deflaterade(1536)
    mimetype = ("mimetype", zipfile.ZIP_DEFLATED, data, crc, 1536 * MB)
    return raw_zip([mimetype, zippost("content.xml", b"<office:document-content/>")])


@functools.cache
def docx_zipbomb() -> bytes:
    """A DOCX whose word/document.xml expands to 1 GB (about 1,000:1)."""
    data, crc = nollor_deflaterade(1024)
    return raw_zip(
        [
            zippost("[Content_Types].xml", DOCX_CONTENT_TYPES.encode()),
            zippost("_rels/.rels", DOCX_RELS.encode()),
            ("word/document.xml", zipfile.ZIP_DEFLATED, data, crc, 1024 * MB),
        ]
    )


def docx_fel_crc() -> bytes:
    data = docx_med(dokument=DOCX_DOCUMENT, metod=zipfile.ZIP_STORED)
    return data.replace(b"Kommunikationsprogram", b"Kommunikationsprogran", 1)


def docx_for_manga_delar() -> bytes:
    extra = [(f"word/media/bild{n}.xml", "<a/>") for n in range(filkontroll_arkiv.MAX_POSTER)]
    return docx_med(*extra)


# --- The hostile files --------------------------------------------------------------------------

FIENTLIGA = [
    (
        "openaction-js.pdf",
        lambda: pdf_med(_openaction_js),
        P.fel_aktivt_innehall([P.JAVASCRIPT, P.OPENACTION]),
    ),
    ("dokument-js.pdf", lambda: pdf_med(_dokument_js), P.fel_aktivt_innehall([P.JAVASCRIPT])),
    ("js-i-objektstrom.pdf", pdf_js_i_objektstrom, P.fel_aktivt_innehall([P.JAVASCRIPT])),
    ("js-hexnamn.pdf", lambda: PDF_HEX_NAMN, P.fel_aktivt_innehall([P.JAVASCRIPT, P.OPENACTION])),
    ("launch.pdf", lambda: pdf_med(_launch), P.fel_aktivt_innehall([P.LAUNCH])),
    ("bifogad-fil.pdf", lambda: pdf_med(_bifogad), P.fel_aktivt_innehall([P.INBADDADE])),
    ("filannotering.pdf", lambda: pdf_med(_filannotering), P.fel_aktivt_innehall([P.INBADDADE])),
    ("xfa.pdf", lambda: pdf_med(_xfa), P.fel_aktivt_innehall([P.XFA])),
    ("richmedia.pdf", lambda: pdf_med(_richmedia), P.fel_aktivt_innehall([P.RICHMEDIA])),
    ("krypterad.pdf", pdf_krypterad, P.FEL_LOSENORD),
    ("skrap.pdf", lambda: b"%PDF-1.7\nskrap som inte ar en pdf\n", P.FEL_OLASBAR),
    (
        "eicar.pdf",
        lambda: pdf_bytes() + b"%" + EICAR + b"\n",
        virusskanning.fel_virus(f"{SIGNATUR}.UNOFFICIAL"),
    ),
    (
        "eicar.docx",
        lambda: docx_med(dokument=DOCX_DOCUMENT + EICAR.decode()),
        virusskanning.fel_virus(f"{SIGNATUR}.UNOFFICIAL"),
    ),
    ("program.exe.pdf", lambda: b"MZ\x90\x00" + b"\x00" * 100 + pdf_bytes(), filkontroll.FEL_TYP),
    (
        "sida.html.pdf",
        lambda: b"<!DOCTYPE html><html><body>" + pdf_bytes() + b"</body></html>",
        filkontroll.FEL_TYP,
    ),
    ("arkiv.zip.pdf", lambda: zip_med([("handling.pdf", pdf_bytes())]), filkontroll.FEL_TYP),
    ("polyglot-zip.pdf", lambda: pdf_bytes() + zip_med([("x.txt", "hej")]), P.FEL_POLYGLOT),
    (
        "polyglot-html.pdf",
        lambda: b"%PDF-1.4\n%<html><script>alert(1)</script>\n" + pdf_bytes()[9:],
        P.FEL_POLYGLOT,
    ),
    ("zipbomb.docx", docx_zipbomb, filkontroll_arkiv.FEL_BOMB),
    ("mimetypbomb.odt", odt_mimetypbomb, filkontroll_arkiv.FEL_BOMB),
    (
        "zip-slip.docx",
        lambda: docx_med(("../../../etc/cron.d/remiss", "* * * * * root sh")),
        filkontroll_arkiv.FEL_SOKVAG,
    ),
    (
        "absolut-sokvag.docx",
        lambda: docx_med(("/etc/passwd", "root:x:0:0")),
        filkontroll_arkiv.FEL_SOKVAG,
    ),
    (
        "bakstreck.docx",
        lambda: docx_med(("..\\..\\start.bat", "del *")),
        filkontroll_arkiv.FEL_SOKVAG,
    ),
    (
        "makro.docx",
        lambda: docx_med(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")),
        filkontroll_arkiv.FEL_MAKRO,
    ),
    ("makro.odt", lambda: _odt_med_makro(), filkontroll_arkiv.FEL_MAKRO),
    ("for-manga-delar.docx", docx_for_manga_delar, filkontroll_arkiv.FEL_FOR_MANGA),
    ("fel-kontrollsumma.docx", docx_fel_crc, filkontroll_arkiv.FEL_SKADAD),
    (
        "dubbla-namn.docx",
        lambda: docx_med(("word/document.xml", "<annan/>")),
        filkontroll_arkiv.FEL_SKADAD,
    ),
    ("tom.pdf", lambda: b"", filkontroll.FEL_TOM),
]


def _odt_med_makro() -> bytes:
    data = odt_bytes()
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("Basic/Standard/Module1.xml", "<script:module/>")
    return buffer.getvalue()


def _filer(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


@pytest.mark.parametrize(("namn", "bygg", "meddelande"), FIENTLIGA, ids=[f[0] for f in FIENTLIGA])
def test_a_hostile_file_is_refused_with_its_reason_and_nothing_is_stored(
    tu, karin, private_storage, namn, bygg, meddelande
):
    """GIVEN a hostile file WHEN Karin uploads it as a bilaga THEN it is refused on the file
    field with the Swedish message for what it is, and there is no row and no stored file."""
    fil = SimpleUploadedFile(namn, bygg(), content_type="application/pdf")

    with pytest.raises(ValidationError) as exc:
        bilaga_ladda_upp(user=karin, tu=tu, fil=fil, titel="Fientlig")

    assert exc.value.message_dict == {"fil": [meddelande]}
    assert not Bilaga.objects.exists()
    assert _filer(private_storage) == []


def test_there_are_at_least_twenty_kinds_of_hostile_file():
    """GIVEN the list of hostile files WHEN counted THEN there are at least 20, as the issue
    asks, each with its own name."""
    assert len({namn for namn, _, _ in FIENTLIGA}) >= 20


def test_too_large_a_file_is_refused_before_it_is_read(tu, karin, private_storage, settings):
    """GIVEN a limit of 1 MB WHEN a PDF over it is uploaded THEN refused naming the limit,
    nothing stored."""
    settings.BILAGA_MAX_BYTES = MB
    data = pdf_bytes() + b"%" * MB

    with pytest.raises(ValidationError) as exc:
        bilaga_ladda_upp(user=karin, tu=tu, fil=SimpleUploadedFile("stor.pdf", data), titel="Stor")

    assert exc.value.message_dict == {
        "fil": ["Filen är för stor. Största tillåtna storlek är 1 MB."]
    }
    assert _filer(private_storage) == []


@pytest.mark.parametrize(
    "bygg",
    [pdf_bytes, docx_bytes, odt_bytes, lambda: pdf_med(lambda pdf: None)],
    ids=["pypdf", "docx", "odt", "pikepdf"],
)
def test_real_documents_pass_the_check(bygg):
    """GIVEN a clean PDF, DOCX or ODT WHEN checked THEN it passes with its type and hash."""
    data = bygg()

    granskad = filkontroll.kontrollera(io.BytesIO(data))

    assert granskad.storlek == len(data)
    assert granskad.filtyp in {"pdf", "docx", "odt"}


def test_a_pdf_that_opens_on_a_page_is_not_an_action():
    """GIVEN a PDF whose OpenAction is a destination (which page to show), not an action
    WHEN checked THEN it passes: only actions run anything."""

    def _till_forsta_sidan(pdf):
        pdf.Root.OpenAction = pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])

    assert filkontroll.kontrollera(io.BytesIO(pdf_med(_till_forsta_sidan))).filtyp == "pdf"


def test_the_page_shows_the_reason_and_keeps_the_title(client, karin, tu):
    """GIVEN the upload page WHEN Karin sends a PDF with JavaScript THEN 400, the Swedish
    reason is on the page by the file field, her title is kept and nothing is stored."""
    client.force_login(karin)
    fil = SimpleUploadedFile("program.pdf", pdf_med(_openaction_js), content_type="application/pdf")

    response = client.post(
        reverse("remiss:bilagor", args=[tu.remiss_id]), {"titel": "Programmet", "fil": fil}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "PDF-filen innehåller JavaScript och en åtgärd som körs när filen öppnas" in html
    assert 'value="Programmet"' in html
    assert not Bilaga.objects.exists()


@pytest.mark.parametrize("namn", ["../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf"])
def test_a_path_in_the_uploaded_name_is_dropped(tu, karin, private_storage, namn):
    """GIVEN a file whose name climbs out of its folder WHEN uploaded THEN the name kept (and
    offered on download) is the last part only, and the file lies under a generated name
    inside private storage."""
    bilaga = bilaga_ladda_upp(
        user=karin, tu=tu, fil=File(io.BytesIO(pdf_bytes()), name=namn), titel="Sökväg"
    )

    assert bilaga.original_filnamn == namn.replace("\\", "/").rsplit("/", 1)[-1]
    assert Path(bilaga.fil.path).resolve().is_relative_to(private_storage.resolve())
    assert ".." not in bilaga.fil.name
