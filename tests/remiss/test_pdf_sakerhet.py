"""The PDF renderer reads only the app's static files, its fonts and data: URIs.

WeasyPrint's own fetcher would read any local file, reach any host and embed files named by
<link rel=attachment>. These tests attack the fetcher directly, then the whole render with
hostile user text and hostile template markup.
"""

import datetime as dt
import http.server
import threading
from pathlib import Path

import pytest
from django.conf import settings

from nameden.pdf import PdfFel, render_pdf
from nameden.pdf.fetcher import STATIC_SUFFIXES, FetchRefused, StaticOnlyFetcher
from nameden.pdf.render import base_url, url_fetcher
from remiss.dokument import Avsnitt, BilagaRad, Dokument, Person
from remiss.pdf import render_tjansteutlatande
from tests.remiss.pdf_verktyg import alla_strommar, fulltext, inbaddade_filer

STATIC = Path(settings.BASE_DIR, "static").resolve()
PASSWD = b"root:x:0:0"


@pytest.fixture
def fetcher() -> StaticOnlyFetcher:
    """The fetcher exactly as the renderer configures it."""
    return url_fetcher()


# --- The fetcher, attacked directly --------------------------------------------------------


def test_serves_the_stylesheet_a_font_and_data_uris(fetcher):
    css = fetcher.fetch((STATIC / "pdf" / "tjansteutlatande.css").as_uri())
    assert css.content_type == "text/css"
    assert b"@page" in css.read()
    font = Path(settings.PDF_FONT_DIR, "LiberationSans-Regular.ttf").as_uri()
    assert fetcher.fetch(font).read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain;base64,SGVq").read() == b"Hej"
    assert fetcher.fetch("data:,Hej%20d%C3%A5").read() == "Hej då".encode()
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://evil.example.org/etc/passwd",
        (Path(settings.BASE_DIR) / "nameden" / "settings.py").as_uri(),
        (Path(settings.BASE_DIR) / "pyproject.toml").as_uri(),
        # Inside static, but not a kind of file a PDF needs.
        (STATIC / "js" / "app.js").as_uri(),
        # The font directory serves fonts only.
        Path(settings.PDF_FONT_DIR, "..", "..", "..", "..", "..", "etc", "passwd").as_uri(),
        STATIC.as_uri() + "/",
    ],
)
def test_refuses_files_outside_static_and_fonts(fetcher, url):
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused[0][0] == url


@pytest.mark.parametrize(
    "path",
    [
        "/pdf/../../nameden/settings.py",
        "/pdf/%2e%2e/%2e%2e/nameden/settings.py",
        "/pdf/%2E%2E/%2E%2E/nameden/settings.py",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/pdf/..%2f..%2f..%2fnameden%2fsettings.py",
    ],
)
def test_refuses_path_traversal_also_percent_encoded(fetcher, path):
    with pytest.raises(FetchRefused):
        fetcher.fetch(STATIC.as_uri() + path)


def test_relative_traversal_in_the_document_resolves_outside_and_is_refused(fetcher):
    """What WeasyPrint does with src="../nameden/settings.py": join it to the base URL."""
    from weasyprint.urls import url_join

    url = url_join(base_url(), "../nameden/settings.py", False, None)
    assert url.endswith("/nameden/settings.py")
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)


def test_refuses_symlinks_out_of_static(tmp_path):
    root = tmp_path / "static"
    root.mkdir()
    (root / "losenord.png").symlink_to("/etc/passwd")
    (root / "installningar.css").symlink_to(Path(settings.BASE_DIR) / "nameden" / "settings.py")
    (root / "katalog").symlink_to("/etc", target_is_directory=True)
    (root / "ok.css").write_text("p {}")
    fetcher = StaticOnlyFetcher([(root, STATIC_SUFFIXES)])
    for name in ("losenord.png", "installningar.css", "katalog/passwd"):
        with pytest.raises(FetchRefused):
            fetcher.fetch((root / name).as_uri())
    assert fetcher.fetch((root / "ok.css").as_uri()).read() == b"p {}"


@pytest.mark.parametrize(
    "url",
    ["https://example.org/logo.png", "ftp://example.org/x", "gopher://example.org/", "jar:x"],
)
def test_refuses_the_network(fetcher, url):
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)


@pytest.fixture
def lokal_server():
    """A web server on 127.0.0.1 that records every request it gets."""
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"hemligt")

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_never_reaches_localhost(fetcher, lokal_server):
    """GIVEN a server on 127.0.0.1 WHEN the fetcher or a whole render asks for it THEN it is
    refused and the server receives no request at all."""
    adress, requests = lokal_server
    with pytest.raises(FetchRefused):
        fetcher.fetch(f"{adress}/admin/")
    html = (
        f'<html lang="sv"><title>x</title><style>@import url("{adress}/a.css");</style>'
        f'<p style="background: url({adress}/b.png)">x</p><img alt="x" src="{adress}/c.png"></html>'
    )
    with pytest.raises(PdfFel, match="får inte hämtas"):
        render_pdf(html)
    assert requests == []


def test_a_closed_fetcher_refuses_everything(fetcher):
    fetcher.close()
    with pytest.raises(FetchRefused, match="bifogad fil"):
        fetcher.fetch((STATIC / "pdf" / "tjansteutlatande.css").as_uri())


# --- The whole render ---------------------------------------------------------------------

ELAK = (
    '<link rel="attachment" href="file:///etc/passwd"> '
    '<img src="file:///etc/passwd"> <script>alert("x")</script> '
    '<a rel="attachment" href="file:///etc/passwd">bilaga</a>'
)


def _dokument(text: str) -> Dokument:
    return Dokument(
        forvaltning="Socialförvaltningen",
        dokumenttyp="Tjänsteutlåtande",
        diarienummer="SOF 2024/9",
        handlaggare="Karin Wallander",
        telefon="08-50825023",
        till=("Socialnämnden",),
        sammantradesdatum=dt.date(2024, 4, 23),
        rubrik=f"Rubrik {text}",
        underrubrik="Svar på remiss",
        avsnitt=(
            Avsnitt("forslag", "Förslag till beslut", "beslutspunkter", punkter=(text,)),
            Avsnitt("arendet", f"Ärendet {text}", "text", stycken=(text, "Vanlig text.")),
        ),
        undertecknare=(Person(text, "Socialdirektör", "Socialförvaltningen"),),
        bilagor=(BilagaRad(1, text, "0" * 64),),
    )


def _utan_mellanrum(text: str) -> str:
    return "".join(text.split())


def test_user_text_is_escaped_and_shown_literally_never_fetched(caplog):
    """GIVEN user text with <link rel=attachment>, <img>, <a rel=attachment> and <script>
    WHEN rendered THEN the text is printed as written, nothing is fetched or embedded, and
    /etc/passwd appears nowhere in the file."""
    rendered = render_tjansteutlatande(
        _dokument(ELAK), utkast=True, skapad=dt.date(2024, 4, 2), andrad=dt.date(2024, 4, 2)
    )
    assert "<link rel=" not in rendered.html.split("</head>")[1]
    assert "&lt;link rel=&quot;attachment&quot;" in rendered.html
    assert "<script" not in rendered.html
    assert _utan_mellanrum(ELAK) in _utan_mellanrum(fulltext(rendered.pdf))
    assert inbaddade_filer(rendered.pdf) == []
    assert PASSWD not in alla_strommar(rendered.pdf)
    assert "Failed to load" not in caplog.text


def test_template_attachments_are_never_embedded():
    """Even our own markup cannot embed a file: <link rel=attachment> and <a rel=attachment>
    pointing at an allowed static file are dropped before anything is read."""
    html = (
        '<html lang="sv"><head><title>x</title>'
        '<link rel="attachment" href="pdf/tjansteutlatande.css" title="stil">'
        '<link rel="attachment" href="file:///etc/passwd"></head>'
        '<body><p><a rel="attachment" href="pdf/tjansteutlatande.css">bilaga</a></p></body></html>'
    )
    pdf, _ = render_pdf(html)
    assert inbaddade_filer(pdf) == []
    strommar = alla_strommar(pdf)
    assert b"utkast-vattenmarke" not in strommar
    assert PASSWD not in strommar


def test_a_refused_resource_in_the_template_stops_the_render():
    with pytest.raises(PdfFel, match="utanför de kataloger"):
        render_pdf('<html lang="sv"><title>x</title><img alt="x" src="../nameden/settings.py">')


@pytest.fixture
def egen_static(settings, tmp_path):
    """A second static directory (as an app's static folder would be) with a broken image."""
    root = tmp_path / "static2"
    root.mkdir()
    (root / "trasig.png").write_bytes(b"detta ar ingen bild")
    (root / "tom.svg").write_bytes(b"")
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, root]
    return root


@pytest.mark.parametrize("namn", ["trasig.png", "tom.svg"])
def test_a_static_file_that_is_not_an_image_gives_a_clear_error(egen_static, namn):
    html = (
        f'<html lang="sv"><title>x</title><img alt="logga" src="{(egen_static / namn).as_uri()}">'
    )
    with pytest.raises(PdfFel, match=f"bilden ”{namn}” kunde inte läsas"):
        render_pdf(html)


@pytest.mark.parametrize(
    "src", ["data:image/png;base64,iVBORw0KGgoAAAAAAAAA", "data:image/png;base64,!!inte-base64!!"]
)
def test_a_garbage_data_uri_image_gives_a_clear_error(src):
    with pytest.raises(PdfFel, match="kunde inte läsas"):
        render_pdf(f'<html lang="sv"><title>x</title><img alt="logga" src="{src}">')


def test_a_valid_data_uri_image_renders():
    gif = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
    pdf, sidor = render_pdf(f'<html lang="sv"><title>x</title><img alt="punkt" src="{gif}">')
    assert sidor == 1 and pdf.startswith(b"%PDF-1.7")


def test_a_character_the_font_lacks_is_named_instead_of_falling_back():
    """No system font may slip in: an emoji would need one, so the render stops and says which
    character it is."""
    with pytest.raises(PdfFel, match=r"U\+1F600"):
        render_tjansteutlatande(
            _dokument("Bra jobbat 😀"),
            utkast=True,
            skapad=dt.date(2024, 4, 2),
            andrad=dt.date(2024, 4, 2),
        )


def test_system_check_fails_without_the_font_package(settings, tmp_path):
    from nameden.checks import check_pdf_fonts

    settings.PDF_FONT_DIR = tmp_path
    (fel,) = check_pdf_fonts()
    assert fel.id == "nameden.E001"
    assert ".ci/install-system-deps" in fel.hint
    settings.PDF_FONT_DIR = "/usr/share/fonts/truetype/liberation2"
    assert check_pdf_fonts() == []
