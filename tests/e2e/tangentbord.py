"""The keyboard alone: move with Tab, act with Enter or Space, and see where focus is.

WCAG 2.1.1 (everything works from the keyboard) and 2.4.7 (focus is visible). `tabba_till`
presses Tab until the element wanted has focus and, at every stop on the way, asserts that the
focused element shows it: a computed outline or box-shadow (the stylesheet's focus styles,
whose contrast `tests/nameden/test_kontrast.py` checks). No mouse event is sent.
"""

from __future__ import annotations

from playwright.sync_api import Page

#: Tab presses before giving up: a page with more stops than this is a finding of its own.
MAX_TABBAR = 80

_FOKUS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const s = getComputedStyle(el);
  const namn = (el.getAttribute('aria-label') || el.innerText || el.value || '').trim();
  return {
    tagg: el.tagName.toLowerCase(),
    namn: namn.replace(/\\s+/g, ' ').slice(0, 120),
    outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
      ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : '',
    skugga: s.boxShadow !== 'none' ? s.boxShadow : '',
  };
}
"""


def fokus(page: Page) -> dict | None:
    """The focused element: tag, accessible text, and its computed outline and box-shadow."""
    return page.evaluate(_FOKUS)


def assert_synligt_fokus(page: Page) -> dict:
    """Fail unless an element has focus and shows it (outline or box-shadow)."""
    el = fokus(page)
    assert el is not None, "inget element har fokus"
    assert el["outline"] or el["skugga"], (
        f"fokus syns inte på <{el['tagg']}> ”{el['namn']}”: varken outline eller box-shadow"
    )
    return el


def tabba_till(page: Page, namn: str, *, tagg: str | None = None, bakat: bool = False) -> dict:
    """Press Tab (Shift+Tab with `bakat`) until the focused element's text contains `namn`
    (and is a `tagg`, when given), asserting visible focus at every stop. Returns the element."""
    tangent = "Shift+Tab" if bakat else "Tab"
    besokta = []
    for _ in range(MAX_TABBAR):
        page.keyboard.press(tangent)
        el = assert_synligt_fokus(page)
        besokta.append(f"<{el['tagg']}> {el['namn'][:40]}")
        if namn in el["namn"] and (tagg is None or el["tagg"] == tagg):
            return el
    raise AssertionError(
        f"{namn!r} nåddes inte med {tangent} på {MAX_TABBAR} steg; fokus var på: "
        + " | ".join(besokta)
    )
