"""WCAG 2.1 contrast between two colours, for colours an administrator types in.

The design system's own stylesheet is checked by tests/nameden/test_kontrast.py with its own
copy of this arithmetic (it runs the CSS cascade, which the app never needs). This module is
what the app uses at run time: a kommun's grafisk profil (`nameden.grafiskprofil`) is data, so
its colours are checked when they are saved, not by a test.

Colours are sRGB hex, "#rrggbb" (or the short "#rgb"); the formulas are WCAG 2.1's relative
luminance and contrast ratio (1.4.3: text needs 4.5:1).
"""

import re

#: What WCAG 2.1 AA asks of normal-size text (1.4.3).
TEXT_KONTRAST = 4.5

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def ar_hexfarg(text: str) -> bool:
    """Is `text` a colour this module reads: "#rgb" or "#rrggbb"?"""
    return bool(_HEX.fullmatch(text or ""))


def normalisera(text: str) -> str:
    """The colour as "#rrggbb" in lower case (one spelling per colour, so a stored profile
    and its fingerprint do not depend on how it was typed). ValueError if it is no colour."""
    if not ar_hexfarg(text):
        raise ValueError(f"not a hex colour: {text!r}")
    h = text[1:].lower()
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return f"#{h}"


def _kanal(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminans(farg: str) -> float:
    """WCAG's relative luminance of `farg`, 0 (black) to 1 (white)."""
    h = normalisera(farg)[1:]
    r, g, b = (_kanal(int(h[i : i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def kontrast(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours, 1 to 21 (the order does not matter)."""
    ljus, mork = sorted((luminans(a), luminans(b)), reverse=True)
    return (ljus + 0.05) / (mork + 0.05)


def racker_for_text(a: str, b: str, *, krav: float = TEXT_KONTRAST) -> bool:
    """Can text in one colour be read on the other (at least `krav`:1)?

    Compared unrounded: 4.49:1 does not pass as "4.5:1"."""
    return kontrast(a, b) >= krav
