"""The only way the PDF renderer reaches anything outside the HTML it is given.

WeasyPrint's default fetcher follows any URL in the document: `<img src="file:///etc/passwd">`,
CSS `url()`, fonts, SVG references, `http://127.0.0.1:…` and `<link rel=attachment>`, which
embeds the whole file in the PDF. This fetcher answers exactly two kinds of request:

* ``data:`` URIs, decoded here (no urllib handler is involved);
* ``file:`` URLs naming a file that, after every symlink is resolved, lies inside one of the
  allowed roots (the app's static directories, the PDF font directory) and has a suffix that
  root allows.

Everything else is refused with `FetchRefused`: other schemes (http, https, ftp, …), file URLs
with a host, paths containing ``..`` (also percent-encoded), symlinks leading out of a root,
directories and missing files. Every refusal is also kept in `refused`, so the renderer can
fail loudly even where WeasyPrint would only log and carry on.

After layout, `close()` refuses every further request: the only fetches WeasyPrint makes
while writing the PDF are for attachments, and a tjänsteutlåtande never embeds a file.
"""

import base64
import binascii
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

#: Suffixes served from the static directories: stylesheets, images and fonts.
STATIC_SUFFIXES = frozenset(
    {".css", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ttf", ".otf", ".woff", ".woff2"}
)
FONT_SUFFIXES = frozenset({".ttf", ".otf", ".woff", ".woff2"})

#: Content types by suffix, fixed here rather than read from the machine's mime.types.
CONTENT_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}

#: A data: URI larger than this is refused (an image in a letterhead is a few kilobytes).
MAX_DATA_URI_BYTES = 5 * 1024 * 1024


class FetchRefused(ValueError):
    """The renderer asked for something outside what the PDF may contain."""


class StaticOnlyFetcher(URLFetcher):
    """Serves data: URIs and files inside the allowed roots; refuses everything else."""

    def __init__(self, roots: Iterable[tuple[Path, frozenset[str]]]):
        # No timeout or protocol handling is needed: nothing here goes through urllib.
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self._roots = [(Path(root).resolve(), frozenset(suffixes)) for root, suffixes in roots]
        self.refused: list[tuple[str, str]] = []
        self.closed = False

    def close(self) -> None:
        """Refuse every request from now on (called once layout is done)."""
        self.closed = True

    def fetch(self, url, headers=None):
        try:
            return self._fetch(url)
        except FetchRefused as exc:
            self.refused.append((url, str(exc)))
            raise

    def open(self, url, data=None, timeout=None):
        # urllib's OpenerDirector API; route it through the same checks.
        return self.fetch(getattr(url, "full_url", url))

    def _fetch(self, url: str) -> URLFetcherResponse:
        if self.closed:
            raise FetchRefused(
                "Dokumentet försökte hämta en resurs efter sidlayouten (en bifogad fil). "
                "Bifogade filer bäddas aldrig in i tjänsteutlåtandet."
            )
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._file(url)
        raise FetchRefused(
            f"Adressen {_short(url)} får inte hämtas: PDF:en får bara använda appens egna "
            "statiska filer och data:-adresser."
        )

    def _data(self, url: str) -> URLFetcherResponse:
        header, sep, payload = url[len("data:") :].partition(",")
        if not sep:
            raise ValueError("Ogiltig data:-adress (kommatecken saknas).")
        if len(payload) > MAX_DATA_URI_BYTES * 4 // 3 + 4:
            raise FetchRefused("data:-adressen är för stor.")
        media_type = header
        if header.lower().endswith(";base64"):
            media_type = header[: -len(";base64")]
            try:
                body = base64.b64decode(unquote_to_bytes(payload), validate=True)
            except (binascii.Error, ValueError) as exc:
                raise ValueError("Ogiltig base64 i data:-adressen.") from exc
        else:
            body = unquote_to_bytes(payload)
        media_type = media_type or "text/plain;charset=US-ASCII"
        return URLFetcherResponse(url, body, {"Content-Type": media_type})

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise FetchRefused(f"Filadressen {_short(url)} pekar på en annan dator.")
        raw_path = unquote(parts.path)
        if "\x00" in raw_path or not raw_path.startswith("/"):
            raise FetchRefused(f"Ogiltig filadress {_short(url)}.")
        if ".." in PurePosixPath(raw_path).parts:
            raise FetchRefused(f"Filadressen {_short(url)} går uppåt i katalogträdet (..).")
        try:
            path = Path(raw_path).resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            raise FetchRefused(f"Filen {_short(url)} finns inte.") from exc
        for root, suffixes in self._roots:
            if path.is_relative_to(root) and path.suffix.lower() in suffixes:
                break
        else:
            raise FetchRefused(
                f"Filen {_short(url)} ligger utanför de kataloger PDF:en får läsa från."
            )
        if not path.is_file():
            raise FetchRefused(f"{_short(url)} är inte en vanlig fil.")
        content_type = CONTENT_TYPES.get(path.suffix.lower(), "application/octet-stream")
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[:limit] + "…"
