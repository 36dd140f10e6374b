"""Previews with bounded cost: rendered once per content, within a time limit, in parallel.

A preview ("Förhandsgranska som PDF") is asked for by anyone who can read the document, as
often as they like, and a large document takes WeasyPrint a long time to lay out. Three
bounds, each for a reason:

* **Once per content.** The result is kept in Django's default cache under a fingerprint
  of everything the PDF is made from (the HTML, the XMP, the stylesheets' bytes and the time
  limit), for `settings.PDF_FORHANDSVISNING_CACHE_SEKUNDER`. The same content asked for
  again is served from the cache without rendering; any change to the content is a new key,
  so a stale PDF is never served. (With several worker processes, configure a shared cache
  for the hits to be shared too; the default local-memory cache is per process.)
* **Within a time limit.** Python cannot interrupt WeasyPrint inside a thread, so the render
  runs in a forked child process, which is killed when it has not answered within
  `settings.PDF_FORHANDSVISNING_SEKUNDER`; the user gets `ForLangTid`'s Swedish message. A
  document that is too slow is remembered as too slow (under the same key), so asking again
  does not tie up another minute. The child is forked from the warm process: it inherits the
  imported WeasyPrint and the parsed stylesheets and fonts (`nameden.pdf.render._resources`,
  built here before the fork), so a fork costs milliseconds, not the 0.8 s of a fresh
  interpreter. It never touches the database (the HTML is built by the caller) and ends with
  `os._exit`, so the parent's connections are left alone.
* **No waiting on others.** Each preview has its own process, so one document's render never
  makes another's wait (the process-wide lock in `nameden.pdf.render` guards the shared
  WeasyPrint state of *one* process; a child has its own copy, and the lock is reset in the
  child in case another thread held it at the fork). Requests for the *same* content wait for
  the one render in flight (per-fingerprint single flight), at most its time limit, and then
  take its answer, so they never render one after another.
"""

import functools
import hashlib
import logging
import multiprocessing
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache

from nameden.pdf import render
from nameden.pdf.render import DEFAULT_STYLESHEET, PdfFel

logger = logging.getLogger(__name__)

#: A PDF larger than this is served but not kept: the cache stays bounded too.
STORSTA_CACHADE = 10 * 1024 * 1024

#: Part of every key: bump it when the rendering itself changes in a way the inputs do not show.
VERSION = "1"


class ForLangTid(PdfFel):
    """The render did not finish within the time limit and was stopped."""


def meddelande_for_lang_tid(sekunder: float) -> str:
    return (
        f"Förhandsvisningen avbröts: PDF:en tog längre tid än {sekunder:g} sekunder att skapa. "
        "Dokumentet är för stort för att förhandsgranskas. Korta texten eller lägg långa "
        "delar i en bilaga, och försök igen."
    )


def render_forhandsvisning(
    html: str, *, xmp: bytes = b"", stylesheet: str = DEFAULT_STYLESHEET
) -> tuple[bytes, int]:
    """`render_pdf`'s (bytes, pages), from the cache when the same content was rendered before,
    else rendered in a child process within the time limit. Raises `PdfFel` (`ForLangTid`
    when too slow)."""
    sekunder = float(settings.PDF_FORHANDSVISNING_SEKUNDER)
    nyckel = fingeravtryck(html, xmp=xmp, stylesheet=stylesheet, sekunder=sekunder)
    with _en_i_taget(nyckel) as post:
        # Inside the single flight: a request that waited for the render in flight takes its
        # answer (whatever it was, so waiters never render one after another), else the cache.
        svar = post.svar or cache.get(nyckel)
        if svar is None:
            svar = _render_med_tidsgrans(html, xmp=xmp, stylesheet=stylesheet, sekunder=sekunder)
            # A failure other than the time limit is not kept: it may be passing (fonts
            # being installed) and is cheap to meet again.
            if svar[0] == "for_lang" or (svar[0] == "ok" and len(svar[1]) <= STORSTA_CACHADE):
                cache.set(nyckel, svar, settings.PDF_FORHANDSVISNING_CACHE_SEKUNDER)
        post.svar = svar
    if svar[0] == "ok":
        return svar[1], svar[2]
    if svar[0] == "for_lang":
        raise ForLangTid(svar[1])
    raise PdfFel(svar[1])


def fingeravtryck(html: str, *, xmp: bytes, stylesheet: str, sekunder: float) -> str:
    """The cache key: everything the PDF is made from, hashed."""
    h = hashlib.sha256()
    for part in (VERSION, stylesheet, _stilmallar(stylesheet), repr(sekunder)):
        h.update(part.encode() + b"\0")
    h.update(xmp + b"\0")
    h.update(html.encode())
    return f"pdf-forhandsvisning:{h.hexdigest()}"


@functools.lru_cache(maxsize=16)
def _stilmallar(stylesheet: str) -> str:
    """The bytes of the stylesheets a render applies (read once per process): a changed
    stylesheet after a deploy is a new key, never a stale preview."""
    h = hashlib.sha256()
    for path in (render.BASE_STYLESHEET, stylesheet):
        found = finders.find(path)
        h.update(open(found, "rb").read() if found else path.encode())  # noqa: SIM115
    return h.hexdigest()


# --- Single flight per fingerprint --------------------------------------------------------


@dataclass
class _Post:
    """One fingerprint in flight: its lock, how many requests hold or wait for it, and the
    answer the first one got."""

    las: threading.Lock = field(default_factory=threading.Lock)
    antal: int = 0
    svar: tuple | None = None


_i_taget: dict[str, _Post] = {}
#: Held only while the table above is read or changed, never during a render.
_tabellas = threading.Lock()


@contextmanager
def _en_i_taget(nyckel: str):
    """One render per fingerprint at a time in this process; other fingerprints never wait.
    A waiter waits at most for one render, which is itself bounded by the time limit."""
    with _tabellas:
        post = _i_taget.setdefault(nyckel, _Post())
        post.antal += 1
    try:
        with post.las:
            yield post
    finally:
        with _tabellas:
            post.antal -= 1
            if post.antal == 0:
                del _i_taget[nyckel]


def renderingar_i_taget() -> int:
    """How many fingerprints are being rendered (or waited for) now (tests, monitoring)."""
    with _tabellas:
        return len(_i_taget)


# --- The render in a child process --------------------------------------------------------


def _render_med_tidsgrans(html: str, *, xmp: bytes, stylesheet: str, sekunder: float) -> tuple:
    """("ok", pdf, pages), ("fel", message) or ("for_lang", message)."""
    # Built once in this process, inherited by every child (see the module docstring).
    render._current_resources(stylesheet)
    ctx = multiprocessing.get_context("fork")
    mottagare, sandare = ctx.Pipe(duplex=False)
    barn = ctx.Process(target=_i_barnet, args=(sandare, html, xmp, stylesheet), daemon=True)
    barn.start()
    sandare.close()
    try:
        if not mottagare.poll(sekunder):
            logger.warning("Preview render stopped after %s s (pid %s)", sekunder, barn.pid)
            return ("for_lang", meddelande_for_lang_tid(sekunder))
        return mottagare.recv()
    except EOFError:
        logger.error("Preview render process %s ended without an answer", barn.pid)
        return ("fel", "PDF:en kunde inte skapas: förhandsvisningen avbröts oväntat.")
    finally:
        if barn.is_alive():
            barn.kill()
        barn.join()
        mottagare.close()


def _i_barnet(sandare, html: str, xmp: bytes, stylesheet: str) -> None:
    try:
        pdf, sidor = render.render_pdf(html, xmp=xmp, stylesheet=stylesheet)
        svar = ("ok", pdf, sidor)
    except PdfFel as exc:
        svar = ("fel", str(exc))
    except Exception:
        logger.exception("Preview render failed")
        svar = ("fel", "PDF:en kunde inte skapas på grund av ett internt fel.")
    sandare.send(svar)
    sandare.close()
