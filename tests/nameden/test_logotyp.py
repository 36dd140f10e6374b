"""The logotyp sanitiser: a PNG is re-encoded from its pixels alone, an SVG rebuilt from an
allow-list, and every hostile file is refused with a Swedish message before anything is
stored. No database: `nameden.logotyp` is plain functions."""

import hashlib
import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from PIL import Image, ImageCms, PngImagePlugin

from nameden import logotyp

# --- Files to feed it -----------------------------------------------------------------------


def png(bredd=40, hojd=20, *, text: dict | None = None, icc: bytes | None = None) -> bytes:
    """A real PNG, optionally with text chunks and an ICC profile (what must not survive)."""
    bild = Image.new("RGBA", (bredd, hojd), (15, 76, 129, 255))
    info = PngImagePlugin.PngInfo()
    for nyckel, varde in (text or {}).items():
        info.add_text(nyckel, varde)
    ut = io.BytesIO()
    bild.save(ut, format="PNG", pnginfo=info, **({"icc_profile": icc} if icc else {}))
    return ut.getvalue()


def _chunk(typ: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + typ + data + struct.pack(">I", zlib.crc32(typ + data))


def png_med_falsk_storlek(bredd: int, hojd: int) -> bytes:
    """A tiny file whose header claims a huge image: what a decompression bomb looks like
    to a reader that trusts the header."""
    ihdr = struct.pack(">IIBBBBB", bredd, hojd, 8, 6, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return (
        logotyp.PNG_SIGNATUR + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b"")
    )


def svg(inre: str, *, rot: str = 'viewBox="0 0 100 40"', fore: str = "") -> bytes:
    return (
        f'{fore}<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" {rot}>{inre}</svg>'
    ).encode()


def fel(data: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as exc:
        logotyp.sanera(data)
    return exc.value


def _chunktyper(data: bytes) -> list[bytes]:
    typer, i = [], len(logotyp.PNG_SIGNATUR)
    while i < len(data):
        (langd,) = struct.unpack(">I", data[i : i + 4])
        typer.append(data[i + 4 : i + 8])
        i += 12 + langd
    return typer


# --- PNG ------------------------------------------------------------------------------------


def test_a_png_comes_back_as_the_same_pixels_without_its_metadata():
    """GIVEN a PNG with text chunks (an author, a comment) and an ICC profile WHEN sanitised
    THEN the stored PNG has the same pixels and none of those chunks, and its SHA-256 is of
    the stored bytes."""
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    original = png(text={"Author": "Hemlig person", "Comment": "<script>"}, icc=icc)
    assert b"Hemlig person" in original and b"iCCP" in original

    ren = logotyp.sanera(original)

    assert ren.mime == "image/png"
    assert b"Hemlig person" not in ren.data and b"script" not in ren.data
    assert set(_chunktyper(ren.data)) <= {b"IHDR", b"IDAT", b"IEND"}
    with Image.open(io.BytesIO(ren.data)) as bild, Image.open(io.BytesIO(original)) as fore:
        assert bild.size == fore.size
        assert bild.convert("RGBA").tobytes() == fore.convert("RGBA").tobytes()
    assert ren.sha256 == hashlib.sha256(ren.data).hexdigest()
    assert ren.data_uri.startswith("data:image/png;base64,")


def test_sanitising_twice_gives_the_same_bytes():
    """GIVEN a sanitised PNG and SVG WHEN sanitised again THEN the bytes are the same (so a
    stored logo can be checked by sanitising it again, `kontrollera_lagrad`)."""
    for data in (png(), svg('<rect width="10" height="10" fill="#0f4c81"/>')):
        forsta = logotyp.sanera(data)
        assert logotyp.sanera(forsta.data) == forsta


@pytest.mark.parametrize(
    ("bredd", "hojd", "kod", "i_texten"),
    [
        (100_000, 100_000, "bomb", "orimligt stor bild"),  # past Pillow's own limit
        (5000, 5000, "for_manga_pixlar", "5000 × 5000 bildpunkter"),  # past ours only
    ],
)
def test_a_header_that_claims_a_huge_image_is_refused_before_decoding(bredd, hojd, kod, i_texten):
    """GIVEN a 100-byte PNG whose header claims a huge image (a decompression bomb) WHEN
    sanitised THEN it is refused from the header alone (the IDAT holds 64 bytes, so any
    decoding would fail as truncated instead), with a Swedish message."""
    exc = fel(png_med_falsk_storlek(bredd, hojd))
    assert exc.code == kod
    assert i_texten in exc.messages[0]


def test_too_many_pixels_within_the_side_limit_are_refused():
    """GIVEN a real 3000 × 3000 PNG (9 Mpx, each side within bounds, compressing to a few
    kilobytes) WHEN sanitised THEN it is refused for its pixel count."""
    data = png(3000, 3000)
    assert len(data) < logotyp.MAX_BYTES
    assert fel(data).code == "for_manga_pixlar"


def test_pillows_own_bomb_guard_is_an_error_not_a_warning(monkeypatch):
    """GIVEN Pillow's decompression-bomb limit lower than ours WHEN a PNG over it is
    sanitised THEN its warning is a refusal, not a log line."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)
    assert fel(png(20, 10)).code == "bomb"


@pytest.mark.parametrize(
    "data",
    [
        b"GIF89a\x01\x00\x01\x00\x00\x00\x00;",
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
        b"%PDF-1.7\n",
        b"Detta \xe4r ingen bild",
        b"MZ\x90\x00",
    ],
    ids=["gif", "jpeg", "pdf", "text", "exe"],
)
def test_bytes_that_are_no_png_or_svg_are_refused_whatever_the_name(data):
    """GIVEN a file named logo.png whose content is GIF, JPEG, PDF, text or a program WHEN
    sanitised THEN it is refused: the type comes from the content."""
    exc = fel(data)
    assert exc.code == "filtyp"
    assert "oavsett vad filen heter" in exc.messages[0]


def test_a_truncated_png_is_refused():
    """GIVEN the signature and header of a PNG and then nothing WHEN sanitised THEN it is
    refused as unreadable."""
    assert fel(png()[:40]).code == "trasig"


def test_an_empty_or_oversized_file_is_refused():
    assert fel(b"").code == "tom"
    exc = fel(logotyp.PNG_SIGNATUR + b"\x00" * logotyp.MAX_BYTES)
    assert exc.code == "for_stor" and "högst 1024 kB" in exc.messages[0]


# --- SVG: refused ---------------------------------------------------------------------------

HOSTILE = {
    "script": (svg("<script>alert(1)</script>"), "aktivt_innehall", "<script>"),
    "onload": (svg("", rot='viewBox="0 0 1 1" onload="alert(1)"'), "handelse", "onload"),
    "onclick on a shape": (svg('<rect onclick="alert(1)" width="1" height="1"/>'), "handelse", ""),
    "javascript: href": (
        svg('<use href="javascript:alert(1)"/>'),
        "extern_referens",
        "javascript:alert(1)",
    ),
    "external xlink:href": (
        svg('<use xlink:href="https://example.org/x.svg#a"/>'),
        "extern_referens",
        "https://example.org",
    ),
    "file href": (svg('<use href="file:///etc/passwd#a"/>'), "extern_referens", ""),
    "image": (
        svg('<image href="file:///etc/passwd" width="1" height="1"/>'),
        "aktivt_innehall",
        "",
    ),
    "foreignObject": (
        svg('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>'),
        "aktivt_innehall",
        "<foreignObject>",
    ),
    "link": (
        svg('<a href="https://example.org"><rect width="1" height="1"/></a>'),
        "aktivt_innehall",
        "",
    ),
    "animation that sets href": (
        svg('<set attributeName="href" to="javascript:alert(1)"/>'),
        "aktivt_innehall",
        "",
    ),
    "external url() in fill": (
        svg('<rect fill="url(https://example.org/g.svg#g)" width="1" height="1"/>'),
        "extern_referens",
        "",
    ),
    "external url() in style": (
        svg('<rect style="fill:url(http://127.0.0.1:8000/x)" width="1" height="1"/>'),
        "extern_referens",
        "",
    ),
    "@import in <style>": (
        svg('<style>@import url("https://example.org/a.css");</style>'),
        "stilmall",
        "@import",
    ),
    "data: in a value": (
        svg('<rect fill="url(data:image/png;base64,AAAA)" width="1" height="1"/>'),
        "farligt_varde",
        "",
    ),
    "DTD": (
        svg(
            "",
            fore='<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
            '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">',
        ),
        "dtd",
        "DOCTYPE",
    ),
    "external entity (XXE)": (
        svg(
            "<text>&xxe;</text>", fore='<!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        ),
        "dtd",
        "",
    ),
    "billion laughs": (
        svg(
            "<text>&lol9;</text>",
            fore='<!DOCTYPE svg [<!ENTITY lol "lol">'
            + "".join(
                f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                for i in range(1, 10)
            )
            + "]>",
        ),
        "dtd",
        "",
    ),
    "use of its own ancestor": (
        svg('<g id="a"><use href="#a"/></g>'),
        "use_slinga",
        "<use>",
    ),
    "use of a use (exponential)": (
        svg(
            '<defs><rect id="r" width="1" height="1"/><g id="b"><use href="#r"/>'
            '<use href="#r"/></g></defs><use href="#b"/>'
        ),
        "use_slinga",
        "",
    ),
    "use of nothing": (svg('<use href="#finns-inte"/>'), "use_slinga", "#finns-inte"),
    "not svg at all": (b"<html><body>svg</body></html>", "filtyp", ""),
    "xml but not svg": (b'<?xml version="1.0"?><svgx xmlns="urn:x"/>', "inte_svg", ""),
    "broken xml": (b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>', "trasig", ""),
    "no size": (svg("<rect/>", rot=""), "storlek", "viewBox"),
}


@pytest.mark.parametrize("namn", HOSTILE)
def test_a_hostile_svg_is_refused_with_a_swedish_message(namn):
    """GIVEN an SVG with active content, an outside reference, a DTD or entities WHEN
    sanitised THEN it is refused (nothing comes back to be stored) with a message in
    Swedish that names what was found."""
    data, kod, i_texten = HOSTILE[namn]
    exc = fel(data)
    assert exc.code == kod, exc.messages
    assert i_texten in exc.messages[0]
    assert any(ord(c) > 127 for c in "".join(exc.messages)) or "SVG" in exc.messages[0]


def test_an_svg_too_complex_to_rebuild_is_refused():
    """GIVEN an SVG of 6000 rectangles WHEN sanitised THEN it is refused for its size."""
    data = svg('<rect width="1" height="1"/>' * 6000)
    assert len(data) < logotyp.MAX_BYTES
    assert fel(data).code == "for_komplex"


# --- SVG: rebuilt ---------------------------------------------------------------------------

INKSCAPE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<!-- Created with Inkscape -->\n"
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
    b'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
    b'width="120" height="40" viewBox="0 0 120 40" inkscape:version="1.3">'
    b'<sodipodi:namedview id="nv" pagecolor="#ffffff"/>'
    b"<metadata><rdf:RDF><rdf:Description>Hemlig metadata</rdf:Description></rdf:RDF></metadata>"
    b"<style>.cls-1{fill:#e30613;behavior:url(x.htc)} rect[fill]{fill:red} "
    b".cls-2{stroke:#000}</style>"
    b'<defs><linearGradient id="g"><stop offset="0" stop-color="#0f4c81"/></linearGradient>'
    b'<rect id="ruta" width="10" height="10"/></defs>'
    b'<g id="lager" inkscape:label="Lager 1" data-x="1">'
    b'<rect class="cls-1" width="40" height="40" fill="url(#g)" style="stroke:#000;cursor:url(x)"/>'
    b'<use href="#ruta" x="50"/>'
    b'<text x="60" y="30" font-family="Liberation Sans">Kommunen <tspan>AB</tspan> &amp; co</text>'
    b"</g></svg>"
)


def test_an_editors_svg_keeps_its_drawing_and_loses_its_metadata():
    """GIVEN an SVG as Inkscape or Illustrator writes it (metadata, editor namespaces, a
    <style> with classes, a gradient, a local <use>, text) WHEN sanitised THEN the drawing is
    kept: shapes, the class rule, url(#g), href="#ruta", the text; and the editor's
    metadata, namespaces, comments and unknown properties are gone."""
    ren = logotyp.sanera(INKSCAPE)
    text = ren.data.decode()

    assert ren.mime == "image/svg+xml"
    assert text.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    for kvar in (
        'viewBox="0 0 120 40"',
        ".cls-1{fill:#e30613}",
        ".cls-2{stroke:#000}",
        'fill="url(#g)"',
        'href="#ruta"',
        'style="stroke:#000"',
        "Kommunen <tspan>AB</tspan> &amp; co",
        'stop-color="#0f4c81"',
    ):
        assert kvar in text, kvar
    for borta in (
        "inkscape",
        "sodipodi",
        "Hemlig metadata",
        "Created with",
        "behavior",
        "cursor",
        "rect[fill]",
        "data-x",
        "xlink",
    ):
        assert borta not in text, borta


def test_a_sanitised_svg_renders_in_a_pdf_without_fetching_anything():
    """GIVEN the sanitised editor SVG WHEN it is put in a PDF as a data: URI THEN the PDF
    renders (the safe fetcher refuses any other fetch, and a refused fetch fails the
    render)."""
    from nameden.pdf.render import render_pdf

    ren = logotyp.sanera(INKSCAPE)
    pdf, sidor = render_pdf(
        f'<html lang="sv"><body><img src="{ren.data_uri}" alt="Logotyp"></body></html>'
    )
    assert sidor == 1 and pdf.startswith(b"%PDF")


def test_a_stored_logo_that_was_changed_is_caught():
    """GIVEN a sanitised logo WHEN its stored bytes or hash no longer agree, or the bytes
    are not what the sanitiser makes THEN `kontrollera_lagrad` refuses it."""
    ren = logotyp.sanera(png())
    assert logotyp.kontrollera_lagrad(mime=ren.mime, data=ren.data, sha256=ren.sha256) == ren
    with pytest.raises(ValidationError, match="kontrollsumma"):
        logotyp.kontrollera_lagrad(mime=ren.mime, data=ren.data + b"x", sha256=ren.sha256)
    osanerad = png(text={"Author": "x"})
    with pytest.raises(ValidationError, match="inte sanerad"):
        logotyp.kontrollera_lagrad(
            mime="image/png", data=osanerad, sha256=hashlib.sha256(osanerad).hexdigest()
        )
