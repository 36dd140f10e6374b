"""The check every page and every state a journey reaches goes through: `kontrollera_sida`.

WCAG 2.1 AA is shown, not claimed: axe-core (pinned in `tests/e2e/package.json`, installed by
`make e2e` with `npm ci`) runs on the rendered page at A and AA; the page is laid out at 320 CSS
pixels (WCAG 1.4.10 Reflow, which is also 1280 px at 400 % zoom, so 200 % is covered) and must
not scroll sideways; the landmarks and the one h1 a screen reader jumps by must be there; and
no script error or Content-Security-Policy violation may have happened on the page. Each check
names the page in its failure message, and every page checked is recorded in `SIDOR`, which the
session writes to `var/e2e/sidor.txt` (`conftest.pytest_sessionfinish`).
"""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page

#: axe-core, from the npm registry (`npm ci` in tests/e2e).
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
#: The rule sets of WCAG 2.0 and 2.1 at levels A and AA.
AXE_TAGGAR = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: WCAG 1.4.10: content reflows at a width of 320 CSS pixels.
REFLOW_BREDD = 320

#: "name — path" of every page and state that passed the check in this session, in order.
SIDOR: list[str] = []

# Elements that carry text; each must fit within the viewport at 320 px. An element inside a
# container that scrolls on its own (a wide data table in `overflow-x: auto`) is exempt, as
# WCAG 1.4.10 exempts content that needs two dimensions; the page itself still may not scroll.
_FOR_BREDA = """
(bredd) => {
  const urval = 'p, h1, h2, h3, h4, h5, h6, li, dt, dd, label, legend, a, button, th, td, '
    + 'span, strong, em, small, caption, summary, input, select, textarea, pre, code';
  const egenRullning = (el) => {
    for (let n = el.parentElement; n && n !== document.body; n = n.parentElement) {
      const ox = getComputedStyle(n).overflowX;
      if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
    }
    return false;
  };
  const fel = [];
  for (const el of document.querySelectorAll(urval)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const stil = getComputedStyle(el);
    if (stil.visibility === 'hidden' || stil.position === 'absolute' && r.width <= 1) continue;
    if ((r.right > bredd + 1 || r.left < -1) && !egenRullning(el)) {
      const id = el.id ? '#' + el.id : '';
      const klass = el.className && typeof el.className === 'string'
        ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
      fel.push(`${el.tagName.toLowerCase()}${id}${klass} [${Math.round(r.left)}..`
        + `${Math.round(r.right)}]: ${(el.innerText || el.value || '').trim().slice(0, 60)}`);
    }
  }
  return fel;
}
"""

_LANDMARKEN = """
() => {
  const synlig = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const alla = (sel) => [...document.querySelectorAll(sel)].filter(synlig);
  // A header is a banner only outside article/aside/main/nav/section (HTML-AAM).
  const banner = alla('header, [role=banner]').filter(
    (el) => el.getAttribute('role') === 'banner'
      || !el.parentElement.closest('article, aside, main, nav, section, [role=main]'));
  return {
    main: alla('main, [role=main]').length,
    banner: banner.length,
    h1: alla('h1').map((el) => el.innerText.trim()),
    lang: document.documentElement.lang,
    title: document.title,
  };
}
"""


def bevaka_fel(page: Page) -> None:
    """Collect script errors and CSP violations on the page (read by `kontrollera_sida`)."""
    page._e2e_fel = []  # type: ignore[attr-defined]

    def _konsol(meddelande):
        text = meddelande.text
        if meddelande.type == "error" and "Content Security Policy" in text:
            page._e2e_fel.append(f"CSP: {text}")  # type: ignore[attr-defined]

    page.on("console", _konsol)
    page.on("pageerror", lambda fel: page._e2e_fel.append(f"Skriptfel: {fel}"))  # type: ignore[attr-defined]


def axe_kor(page: Page) -> list[dict]:
    """Run axe-core on the page as it stands; returns the violations (WCAG 2.x A and AA)."""
    if not AXE.exists():
        raise AssertionError(f"axe-core saknas ({AXE}): kör `npm ci` i tests/e2e (`make e2e`).")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Playwright adds the file's text as a script element; the page's CSP allows only
        # 'self' scripts, so the element would be refused: evaluate the same text instead,
        # which runs in the page like a script from the debugger and leaves the CSP in force
        # for everything the page itself loads.
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    resultat = page.evaluate(
        """async (taggar) => {
             const r = await axe.run(document, {runOnly: {type: 'tag', values: taggar},
                                                resultTypes: ['violations']});
             return r.violations.map((v) => ({
               id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
               targets: v.nodes.map((n) => n.target.join(' ')),
               summaries: v.nodes.map((n) => n.failureSummary),
             }));
           }""",
        AXE_TAGGAR,
    )
    return resultat


def _beskriv(overtradelser: list[dict]) -> str:
    rader = []
    for v in overtradelser:
        rader.append(f"- {v['id']} ({v['impact']}): {v['help']} — {v['helpUrl']}")
        for mal, sammanfattning in zip(v["targets"], v["summaries"], strict=False):
            rader.append(f"    {mal}: {(sammanfattning or '').splitlines()[-1:]}")
    return "\n".join(rader)


def kontrollera_sida(page: Page, namn: str) -> None:
    """Check the page as it stands now (after a load, a validation error, a conflict …).

    Fails with every problem found at once: axe's violations (id, impact, targets, help URL),
    sideways scrolling at 320 px, missing landmarks or h1, script errors or CSP violations.
    """
    page.wait_for_load_state("load")
    problem: list[str] = []

    overtradelser = axe_kor(page)
    if overtradelser:
        problem.append(f"axe ({len(overtradelser)} regler):\n{_beskriv(overtradelser)}")

    landmarken = page.evaluate(_LANDMARKEN)
    if landmarken["main"] != 1:
        problem.append(f"{landmarken['main']} main-landmärken (ska vara ett)")
    if landmarken["banner"] < 1:
        problem.append("inget banner-landmärke (header)")
    if len(landmarken["h1"]) != 1:
        problem.append(f"{len(landmarken['h1'])} h1 (ska vara en): {landmarken['h1']}")
    if landmarken["lang"] != "sv":
        problem.append(f"html lang={landmarken['lang']!r} (ska vara 'sv')")

    storlek = page.viewport_size
    page.set_viewport_size({"width": REFLOW_BREDD, "height": 800})
    try:
        matt = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        if matt[0] > matt[1]:
            problem.append(
                f"rullar i sidled vid {REFLOW_BREDD} px: scrollWidth {matt[0]} > {matt[1]}"
            )
        breda = page.evaluate(_FOR_BREDA, REFLOW_BREDD)
        if breda:
            problem.append(f"bredare än {REFLOW_BREDD} px:\n    " + "\n    ".join(breda[:15]))
    finally:
        if storlek:
            page.set_viewport_size(storlek)

    fel = getattr(page, "_e2e_fel", [])
    if fel:
        problem.append("fel i webbläsaren:\n    " + "\n    ".join(fel))
        fel.clear()

    sokvag = page.evaluate("() => location.pathname + location.search")
    if not problem:
        SIDOR.append(f"{namn} — {sokvag}")
    else:
        raise AssertionError(
            f"Sidkontrollen underkände {namn!r} ({sokvag}):\n"
            + "\n".join(problem)
            + "\n(titel: "
            + json.dumps(landmarken["title"], ensure_ascii=False)
            + ")"
        )
