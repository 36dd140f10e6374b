"""The one font family the PDFs use: Liberation Sans, from the Debian package fonts-liberation2.

Liberation Sans is metric-compatible with Arial, which Stockholm's documents use, so lines
break where they would in the city's own templates. The files are loaded with explicit
@font-face rules (see `font_face_css`), never found through fontconfig, so a machine with
other fonts installed renders the same bytes. `nameden.checks` refuses to start without them.
"""

import functools
from pathlib import Path

from django.conf import settings

#: The family name used in the CSS. Deliberately not "Liberation Sans" or "Arial": no system
#: font can answer to it, so a missing @font-face shows up as an error, not as a fallback.
FAMILY = "Remiss Sans"

#: (font-weight, font-style) → file name in `settings.PDF_FONT_DIR`.
FONT_FILES: dict[tuple[str, str], str] = {
    ("normal", "normal"): "LiberationSans-Regular.ttf",
    ("bold", "normal"): "LiberationSans-Bold.ttf",
    ("normal", "italic"): "LiberationSans-Italic.ttf",
    ("bold", "italic"): "LiberationSans-BoldItalic.ttf",
}

INSTALL_HINT = "Kör .ci/install-system-deps (installerar fonts-liberation2)."


def font_dir() -> Path:
    return Path(settings.PDF_FONT_DIR)


def font_paths() -> list[Path]:
    return [font_dir() / name for name in FONT_FILES.values()]


def missing_fonts() -> list[Path]:
    return [path for path in font_paths() if not path.is_file()]


def font_face_css() -> str:
    """@font-face rules pointing at the package's files (file:// URLs the fetcher allows)."""
    rules = []
    for (weight, style), name in FONT_FILES.items():
        url = (font_dir() / name).resolve().as_uri()
        rules.append(
            f'@font-face {{ font-family: "{FAMILY}"; src: url("{url}"); '
            f"font-weight: {weight}; font-style: {style}; }}"
        )
    return "\n".join(rules)


@functools.lru_cache(maxsize=4)
def _codepoints(path: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path, lazy=True).getBestCmap())


@functools.lru_cache(maxsize=4)
def _drawable(paths: tuple[str, ...]) -> frozenset[str]:
    """The characters every style of the family can draw, read once per process.

    As a set of one-character strings, so a check is `set(text) - drawable`: a 50,000
    character section costs well under a millisecond.
    """
    return frozenset(map(chr, frozenset.intersection(*(_codepoints(p) for p in paths))))


def missing_characters(text: str) -> list[str]:
    """Characters of `text` that Liberation Sans cannot draw (emoji, most non-Latin scripts).

    White space is left out: it is laid out, not drawn. A character counts as drawable only
    when all four styles have it, since any text may be set in bold or italic.
    """
    drawable = _drawable(tuple(str(path) for path in font_paths()))
    return sorted(c for c in set(text) - drawable if not c.isspace())
