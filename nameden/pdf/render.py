"""Render our own HTML to PDF/A with WeasyPrint: one function, PDF bytes and page count back.

`render_pdf(html, stylesheet=…)` is the one way any document of the system becomes a PDF (the
tjänsteutlåtande in `remiss.pdf`, later the nämnd's kallelse and protokoll). Guarantees, each
enforced here rather than hoped for:

* **Safe.** Every URL goes through `StaticOnlyFetcher`; attachments are dropped before the
  PDF is written and any that remain stop the render; callers autoescape user text.
* **Fails loudly.** WeasyPrint logs and carries on when an image cannot be read or a URL is
  refused; here any such error (and any refused fetch) raises `PdfFel` instead, so a broken
  document is never produced.
* **Archival.** PDF/A-2b, tagged, every font embedded and every embedded font one of the
  Liberation Sans files from `settings.PDF_FONT_DIR` (checked byte for byte).
* **Deterministic.** Dates in the metadata come from the HTML, the file identifier is a
  hash of the content, nothing reads the clock: the same input gives the same bytes.

WeasyPrint is imported lazily. The parsed stylesheets and the font configuration are built
once per process and stylesheet, and reused (parsing CSS and loading fonts is most of a warm
render's fixed cost); a lock serialises this process's renders because that shared state is
not known to be thread-safe (Pango and fontconfig objects are shared through it). Previews do
not take it: `nameden.pdf.forhandsvisning` renders each one in a forked child with its own
copy of that state (and a fresh lock, see `_ny_las_i_barnet`), within a time limit, so one
preview never makes another wait.
"""

import atexit
import functools
import hashlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders

from nameden.pdf import fonts
from nameden.pdf.artefakter import marginalinnehall_som_artefakt
from nameden.pdf.metadata import splice_xmp

logger = logging.getLogger(__name__)

#: The stylesheet a render uses unless told otherwise (a static path).
DEFAULT_STYLESHEET = "pdf/tjansteutlatande.css"

#: What every document shares (page, font, resets, the running header): applied before the
#: document's own stylesheet, which then needs to hold only what is its own.
BASE_STYLESHEET = "pdf/bas.css"

#: PDF/A-2b: the archival level RA-FS 2009:2 and e-archives accept, with embedded fonts and no
#: embedded files other than PDF/A. Tagging is switched on separately (see docs/pdf.md for why
#: the document does not claim the accessible level 2a).
PDF_OPTIONS = {
    "pdf_variant": "pdf/a-2b",
    "pdf_tags": True,
    "attachments": None,
    "custom_metadata": False,
    "uncompressed_pdf": False,
}

_render_lock = threading.Lock()


def _ny_las_i_barnet() -> None:
    """A forked child starts with a copy of the lock as it was, possibly held by a thread
    that does not exist in the child: it gets a fresh one."""
    global _render_lock
    _render_lock = threading.Lock()


os.register_at_fork(after_in_child=_ny_las_i_barnet)


class PdfFel(Exception):
    """The PDF could not be made as it must be. The message is Swedish, for the user."""


class _FontFel(PdfFel):
    """A glyph came from a font other than the package's (fontconfig fell back)."""


@dataclass(frozen=True)
class RenderedPdf:
    html: str
    pdf: bytes
    sidor: int


def render_pdf(
    html: str, *, xmp: bytes = b"", stylesheet: str = DEFAULT_STYLESHEET
) -> tuple[bytes, int]:
    """Render our own HTML (resolved against the static directory) to PDF/A; (bytes, pages).

    `stylesheet` is a static path (parsed once per process), applied after `BASE_STYLESHEET`;
    `xmp` an rdf:Description the
    archive searches by (see `nameden.pdf.metadata`), spliced into the XMP packet.
    """
    del_ = render_pdf_del(html, xmp=xmp, stylesheet=stylesheet)
    return del_.pdf, del_.sidor


@dataclass(frozen=True)
class PdfDel:
    """A rendered PDF/A and what joining it to others needs: its pages and, in document
    order, the level of each bookmark it carries (WeasyPrint's `bookmark-level`: h1 = 1),
    which the PDF's outline tree alone does not tell for a piece that starts mid-document."""

    pdf: bytes
    sidor: int
    bokmarksnivaer: tuple[int, ...]
    #: The pages laid out, of which the first `sidor` were kept.
    utlagda: int = 0


def render_pdf_del(
    html: str,
    *,
    xmp: bytes = b"",
    stylesheet: str = DEFAULT_STYLESHEET,
    sidor: int | Callable[[list[frozenset[str]]], int | None] | None = None,
    taggad: bool = True,
) -> PdfDel | None:
    """`render_pdf`, keeping only the first `sidor` pages when given (a piece of a longer
    document: `nameden.pdf.merge`). The pages are laid out with everything after them still
    in the flow, so where they break is where it breaks in the whole document.

    `sidor` may be a function of the laid-out pages' ids (per page, the ids of the elements
    on it; one that runs over several pages is named on each): the pages to keep, decided
    from the one layout that is then drawn (None: keep nothing, draw nothing, return None).
    The ids are only read: no named destination is written for them. `taggad=False` writes
    no structure tree (a page overlay, `nameden.pdf.sidnummer`, which is an artifact and
    must not bring marked content of its own)."""
    from weasyprint import HTML

    resources = _current_resources(stylesheet)
    fetcher = url_fetcher()
    alternativ = PDF_OPTIONS if taggad else {**PDF_OPTIONS, "pdf_tags": False}
    with _render_lock, _ErrorCollector() as errors:
        document = HTML(string=html, base_url=resources.base_url, url_fetcher=fetcher).render(
            font_config=resources.font_config, stylesheets=resources.stylesheets, **alternativ
        )
        # Everything the document needs is loaded by now; a fetch while writing could only
        # be an attachment.
        fetcher.close()
        utlagda = len(document.pages)
        if callable(sidor):
            _raise_if_failed(fetcher, errors)
            sidor = sidor([frozenset(page.anchors) for page in document.pages])
            if sidor is None:
                return None
            for page in document.pages:
                page.anchors = {}
        if sidor is not None:
            document = document.copy(document.pages[:sidor])
        _drop_attachments(document)
        _raise_if_failed(fetcher, errors)
        try:
            pdf = document.write_pdf(
                finisher=functools.partial(_finish, resources=resources, xmp=xmp), **alternativ
            )
        except _FontFel as exc:
            saknade = fonts.missing_characters(html)
            if not saknade:
                raise
            tecken = ", ".join(f"”{c}” (U+{ord(c):04X})" for c in saknade[:10])
            raise PdfFel(
                f"PDF:en skapades inte: texten innehåller tecken som typsnittet Liberation Sans "
                f"saknar: {tecken}. Ta bort eller ersätt dem."
            ) from exc
        _raise_if_failed(fetcher, errors)
        nivaer = tuple(b[0] for page in document.pages for b in page.bookmarks)
    if alternativ["pdf_tags"]:
        # The running header and footer: pagination artifacts, not content outside the tree.
        pdf = marginalinnehall_som_artefakt(pdf)
    return PdfDel(pdf=pdf, sidor=len(document.pages), bokmarksnivaer=nivaer, utlagda=utlagda)


def url_fetcher():
    """A fresh `StaticOnlyFetcher` for the configured static and font directories: exactly the
    one each render uses."""
    from nameden.pdf.fetcher import StaticOnlyFetcher

    return StaticOnlyFetcher(_current_resources(DEFAULT_STYLESHEET).roots)


def base_url() -> str:
    """The URL relative references in our HTML resolve against: the first static directory."""
    return _current_resources(DEFAULT_STYLESHEET).base_url


def validate_pdfa(pdf: bytes) -> None:
    """Raise `PdfFel` unless pikepdf's PDF/A validator approves the bytes as written.

    An allowlist check (a denial may be a false alarm, an approval should never be), about
    50 ms for the reference: run once per final version, not on every preview.
    """
    import io

    import pikepdf.pdfa

    flavour = PDF_OPTIONS["pdf_variant"].removeprefix("pdf/a-")
    report = pikepdf.pdfa.validate_written(io.BytesIO(pdf), flavour)
    if not report.passed:
        detaljer = "; ".join(str(finding) for finding in report.findings[:3])
        raise PdfFel(f"PDF:en klarar inte arkivkontrollen (PDF/A-{flavour}): {detaljer}")


# --- Shared, parsed once per process ------------------------------------------------------


@dataclass(frozen=True)
class _Resources:
    roots: tuple
    base_url: str
    font_config: object
    stylesheets: tuple
    font_hashes: frozenset[str]


def _static_roots() -> tuple[str, ...]:
    roots = []
    for entry in settings.STATICFILES_DIRS:
        path = entry[1] if isinstance(entry, list | tuple) else entry
        roots.append(str(Path(path).resolve()))
    return tuple(roots)


def _current_resources(stylesheet: str) -> "_Resources":
    return _resources(str(fonts.font_dir()), _static_roots(), stylesheet)


@functools.lru_cache(maxsize=8)
def _resources(font_dir: str, static_roots: tuple[str, ...], stylesheet_path: str) -> _Resources:
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from nameden.pdf.fetcher import FONT_SUFFIXES, STATIC_SUFFIXES, StaticOnlyFetcher

    missing = fonts.missing_fonts()
    if missing:
        raise PdfFel(
            f"Typsnittet saknas: {', '.join(str(p) for p in missing)}. {fonts.INSTALL_HINT}"
        )
    paths = []
    for path in (BASE_STYLESHEET, stylesheet_path):
        found = finders.find(path)
        if not found:
            raise PdfFel(f"Stilmallen {path} finns inte bland de statiska filerna.")
        paths.append(Path(found).resolve())
    roots = (
        *((Path(root), STATIC_SUFFIXES) for root in static_roots),
        (Path(font_dir), FONT_SUFFIXES),
    )
    fetcher = StaticOnlyFetcher(roots)
    font_config = FontConfiguration()
    with _ErrorCollector() as errors:
        stylesheets = (
            CSS(string=fonts.font_face_css(), font_config=font_config, url_fetcher=fetcher),
            *(
                CSS(url=path.as_uri(), font_config=font_config, url_fetcher=fetcher)
                for path in paths
            ),
        )
    _raise_if_failed(fetcher, errors)
    return _Resources(
        roots=roots,
        base_url=Path(static_roots[0]).as_uri() + "/",
        font_config=font_config,
        stylesheets=stylesheets,
        font_hashes=frozenset(
            hashlib.sha256(path.read_bytes()).hexdigest() for path in fonts.font_paths()
        ),
    )


# Drop the font configuration before the interpreter tears down the modules its __del__ uses.
atexit.register(_resources.cache_clear)


# --- Checks -------------------------------------------------------------------------------


class _ErrorCollector(logging.Handler):
    """Collects WeasyPrint's errors (unreadable image, refused URL, …) during a render.

    Also the one warning that matters: an @font-face that could not be loaded.
    """

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or str(record.msg).startswith("Font-face"):
            self.records.append(record)

    def __enter__(self) -> list[logging.LogRecord]:
        logging.getLogger("weasyprint").addHandler(self)
        return self.records

    def __exit__(self, *exc) -> None:
        logging.getLogger("weasyprint").removeHandler(self)


def _raise_if_failed(fetcher, errors: list[logging.LogRecord]) -> None:
    if fetcher.refused:
        url, reason = fetcher.refused[0]
        raise PdfFel(f"PDF:en skapades inte. {reason}")
    if errors:
        record = errors[0]
        if str(record.msg).startswith("Failed to load image"):
            url = record.args[0] if record.args else "?"
            raise PdfFel(
                f"PDF:en skapades inte: bilden {_bildnamn(str(url))} kunde inte läsas "
                "(filen är skadad eller inte en bild)."
            )
        raise PdfFel(f"PDF:en skapades inte: {record.getMessage()}")


def _drop_attachments(document) -> None:
    """No file is ever embedded: not from <link rel=attachment>, not from <a rel=attachment>.

    Dropped before the PDF is written, so the file is not even read. (`_finish` checks the
    result again.)
    """
    if document.metadata.attachments:
        logger.warning("Ignoring %d <link rel=attachment>", len(document.metadata.attachments))
        document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]


def _finish(document, pdf, *, resources: _Resources, xmp: bytes) -> None:
    """WeasyPrint's finisher: the last look at the PDF objects before they are written."""
    from weasyprint.text.fonts import get_hb_object_data

    for font in document.fonts.values():
        # font.file_content is the subset by now; the face still holds the whole file.
        face = get_hb_object_data(font.hb_face)
        if hashlib.sha256(face).hexdigest() not in resources.font_hashes:
            raise _FontFel(
                f"Typsnittet ”{font.family}” kommer inte från {fonts.font_dir()}: "
                "PDF:en får bara innehålla Liberation Sans. Ett tecken i texten saknas "
                "troligen i typsnittet."
            )
    for obj in pdf.objects:
        if isinstance(obj, dict) and (
            obj.get("Type") == "/Filespec" or obj.get("Subtype") == "/FileAttachment"
        ):
            raise PdfFel("PDF:en skapades inte: den skulle ha innehållit en bifogad fil.")
    if "Names" in pdf.catalog and "EmbeddedFiles" in pdf.catalog["Names"]:
        raise PdfFel("PDF:en skapades inte: den skulle ha innehållit en bifogad fil.")
    for obj in pdf.objects:
        # WeasyPrint always writes /Pattern and /Shading, empty unless gradients are drawn.
        # Dropping the empty ones lets a strict allowlist validator (pikepdf.pdfa) judge us.
        if isinstance(obj, dict) and "ColorSpace" in obj:
            for key in ("Pattern", "Shading"):
                if key in obj and not obj[key]:
                    del obj[key]
    if xmp:
        metadata = pdf.objects[int(pdf.catalog["Metadata"].split()[0])]
        metadata.stream = [splice_xmp(b"".join(metadata.stream), xmp)]


def _bildnamn(url: str) -> str:
    """What a person can recognise: the file name of a file, the start of a data: URI."""
    if url.startswith("file:"):
        return "”" + unquote(url.rstrip("/").rsplit("/", 1)[-1]) + "”"
    return url if len(url) <= 60 else url[:60] + "…"
