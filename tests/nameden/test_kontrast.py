"""Every text in the design system meets WCAG 2.1 AA contrast, in every state.

The table below names each component state as markup would produce it (tag, classes, state,
what it sits on); `stilmall` runs the stylesheet's cascade to find the colour and background
it gets, and the test computes the WCAG ratio. Text needs 4.5:1 (all of it is checked as
normal-size text, the stricter case). Focus indicators and the edges that show a control need
3:1 against what is next to them (WCAG 1.4.11).
"""

import pytest

from tests.nameden.stilmall import El, Stylesheet, contrast, el, page

CSS = Stylesheet()
TEXT = 4.5
UI = 3.0


def _in(spec: str, *states: str, parent: El | None = None, **attrs) -> El:
    return el(spec, *states, parent=parent or page(), **attrs)


def _buttons():
    """Every variant × every state, on <button> and on <a>."""
    for variant in ("", ".app-button--secondary", ".app-button--warning"):
        name = variant.removeprefix(".app-button--") or "primary"
        for states in ((), ("hover",), ("active",), ("focus-visible",), ("focus-visible", "hover")):
            label = "+".join(states) or "rest"
            yield f"button {name} {label}", _in(f"button.app-button{variant}", *states)
            yield f"link button {name} {label}", _in(f"a.app-button{variant}", "link", *states)
        yield f"link button {name} visited", _in(f"a.app-button{variant}", "visited")
        for states in (("disabled",), ("disabled", "hover"), ("disabled", "active")):
            label = "+".join(states)
            yield f"button {name} {label}", _in(f"button.app-button{variant}", *states)
        yield (
            f"link button {name} aria-disabled",
            _in(f"a.app-button{variant}", "link", aria_disabled="true"),
        )
        yield (
            f"link button {name} aria-disabled+hover",
            _in(f"a.app-button{variant}", "link", "hover", aria_disabled="true"),
        )
    yield "link-button rest", _in("button.app-link-button")
    yield "link-button hover", _in("button.app-link-button", "hover")
    yield "link-button focus", _in("button.app-link-button", "focus-visible")
    yield (
        "file chooser button",
        el(
            "input.app-file-upload",
            pseudo="file-selector-button",
            parent=page("div.app-form-group"),
        ),
    )


def _table_row(*states):
    return el("tr", *states, parent=el("tbody", parent=page("table.app-table")))


def _links():
    on = {
        "white": page(),
        "grey (footer)": page("footer.app-footer"),
        "service nav": page("nav.app-service-nav"),
        "table row hover": el("td", parent=_table_row("hover")),
    }
    for where, parent in on.items():
        for states in (("link",), ("visited",), ("link", "hover"), ("link", "active")):
            yield f"link on {where} {'+'.join(states)}", el("a", *states, parent=parent)
        yield f"link on {where} focus", el("a", "link", "focus-visible", parent=parent)
    header = page("header.app-header")
    yield "service name", el("a.app-header__service-name", "link", parent=header)
    yield "service name focus", el("a.app-header__service-name", "focus-visible", parent=header)
    yield "inverse link", el("a.app-link--inverse", "link", parent=header)
    nav = page("nav.app-service-nav")
    yield "nav link", el("a.app-service-nav__link", "link", parent=nav)
    yield "nav link current", el("a.app-service-nav__link", "link", parent=nav, aria_current="page")
    yield "nav link focus", el("a.app-service-nav__link", "focus-visible", parent=nav)
    yield "footer link", el("a.app-footer__link", "link", parent=page("footer.app-footer"))
    yield "breadcrumb link", _in("a.app-breadcrumbs__link", "link")
    yield "skip link focus", _in("a.app-skip-link", "link", "focus")
    yield "details summary", _in("summary.app-details__summary")
    yield "error summary link", el("a", "link", parent=page("ul.app-error-summary__list"))


def _texts():
    grey = {
        "white": page(),
        "table row hover": el("td", parent=_table_row("hover")),
        "service nav": page("nav.app-service-nav"),
        "document viewer": page("div.app-document-viewer", "article.app-document"),
    }
    for where, parent in grey.items():
        yield f"secondary text on {where}", el("span.app-secondary-text", parent=parent)
        yield f"body text on {where}", el("p", parent=parent)
    yield "footer text", page("footer.app-footer", "p.app-footer__text")
    yield "caption", _in("span.app-caption")
    yield "hint", _in("div.app-hint")
    yield "radio hint", _in("div.app-radios__hint")
    yield "task list hint", _in("span.app-task-list__hint")
    yield "task list muted status", _in("div.app-task-list__status--muted")
    yield "timeline meta", _in("p.app-timeline__meta")
    yield "pagination status", _in("li.app-pagination__status")
    yield "document header", page("article.app-document", "div.app-document__header")
    yield "error message", _in("p.app-error-message")
    yield "error summary text", _in("div.app-error-summary")
    yield "disabled field", el("input.app-input", "disabled", parent=page("div.app-form-group"))
    yield "field text", el("input.app-input", parent=page("div.app-form-group"))
    for variant in ("", ".app-notification-banner--success", ".app-notification-banner--error"):
        banner = page(f"div.app-notification-banner{variant}")
        yield f"banner{variant} title", el("h2.app-notification-banner__title", parent=banner)
        yield f"banner{variant} content", el("div.app-notification-banner__content", parent=banner)
    yield "inset text", page("div.app-inset-text", "p")
    yield "warning text icon", _in("span.app-warning-text__icon")
    yield "warning text", page("div.app-warning-text", "strong.app-warning-text__text")
    for colour in ("", ".app-tag--grey", ".app-tag--blue", ".app-tag--green", ".app-tag--yellow",
                   ".app-tag--red", ".app-tag--purple"):  # fmt: skip
        yield f"tag{colour}", _in(f"strong.app-tag{colour}")
        yield (
            f"tag{colour} in a hovered row",
            el(f"strong.app-tag{colour}", parent=el("td", parent=_table_row("hover"))),
        )
    yield "overdue", _in("strong.app-overdue")
    yield "diff header", page("div.app-diff", "div.app-diff__header")
    yield "diff legend", page("div.app-diff", "p.app-diff__legend")
    yield "diff inserted", page("div.app-diff", "div.app-diff__body", "ins")
    yield "diff deleted", page("div.app-diff", "div.app-diff__body", "del")


TEXT_PAIRS = [*_buttons(), *_links(), *_texts()]


@pytest.mark.parametrize(("name", "node"), TEXT_PAIRS, ids=[name for name, _ in TEXT_PAIRS])
def test_text_meets_aa(name, node):
    """GIVEN a component state WHEN the stylesheet colours it THEN its text has at least
    4.5:1 against its background."""
    fg, bg = CSS.pair(node)

    assert contrast(fg, bg) >= TEXT, f"{name}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"


#: (name, element, property holding the indicator, what it sits on)
INDICATORS = [
    ("button focus", _in("button.app-button", "focus-visible"), "box-shadow", "#ffffff"),
    ("link focus", _in("a", "link", "focus-visible"), "box-shadow", "#ffffff"),
    ("link focus on grey", _in("a", "link", "focus-visible"), "box-shadow", "#f3f3f2"),
    (
        "nav link focus",
        el("a.app-service-nav__link", "focus-visible", parent=page("nav.app-service-nav")),
        "border-bottom-color",
        "#eef3f9",
    ),
    ("field focus", _in("input.app-input", "focus"), "box-shadow", "#ffffff"),
    ("textarea focus", _in("textarea.app-textarea", "focus"), "box-shadow", "#ffffff"),
    ("select focus", _in("select.app-select", "focus"), "box-shadow", "#ffffff"),
    (
        "checkbox focus",
        el("input", "focus-visible", type="checkbox", parent=page("div.app-checkboxes")),
        "outline",
        "#ffffff",
    ),
    ("file upload focus", _in("input.app-file-upload", "focus-visible"), "box-shadow", "#ffffff"),
    ("error summary focus", _in("div.app-error-summary", "focus"), "outline", "#ffffff"),
    ("banner focus", _in("div.app-notification-banner", "focus"), "outline", "#ffffff"),
    ("table region focus", _in("div.app-table-wrapper", "focus-visible"), "outline", "#ffffff"),
    ("field border", _in("input.app-input"), "border", "#ffffff"),
    ("field error border", _in("input.app-input.app-input--error"), "border-color", "#ffffff"),
    ("secondary button edge", _in("button.app-button--secondary"), "box-shadow", "#ffffff"),
    ("secondary button edge on grey", _in("button.app-button--secondary"), "box-shadow", "#f3f3f2"),
    ("disabled button edge", _in("button.app-button", "disabled"), "box-shadow", "#ffffff"),
    ("error group bar", _in("div.app-form-group--error"), "border-left", "#ffffff"),
]


@pytest.mark.parametrize(
    ("name", "node", "prop", "beside"), INDICATORS, ids=[i[0] for i in INDICATORS]
)
def test_focus_indicators_and_control_edges_meet_3_to_1(name, node, prop, beside):
    """GIVEN a focused control or a control's edge WHEN drawn THEN some colour of it has at
    least 3:1 against what it sits on."""
    colours = CSS.colours_in(node, prop)

    assert colours, f"{name}: no colour in {prop}"
    best = max(contrast(c, beside) for c in colours)
    assert best >= UI, f"{name}: {colours} beside {beside} reach only {best:.2f}:1"


# --- The checker itself ----------------------------------------------------------------------

OLD_SECONDARY = """
:root { --app-text: #0b0c0c; --app-white: #ffffff; --app-grey-2: #e3e5e6; }
body { color: var(--app-text); background-color: var(--app-white); }
button { color: inherit; }
.app-button { color: var(--app-white); background-color: #1d4f91; }
.app-button:link, .app-button:visited, .app-button:hover { color: var(--app-white); }
.app-button--secondary { background-color: var(--app-grey-2); }
.app-button--secondary:link, .app-button--secondary:hover { color: var(--app-text); }
.app-button:disabled { opacity: 0.5; }
"""


def test_checker_finds_the_white_on_grey_secondary_button():
    """GIVEN the rules that made "Filtrera" white on grey WHEN checked THEN the ratio is the
    1.3:1 users saw, while the same button as a link or hovered reads well."""
    css = Stylesheet(OLD_SECONDARY)

    rest = css.pair(_in("button.app-button.app-button--secondary"))
    hover = css.pair(_in("button.app-button.app-button--secondary", "hover"))
    link = css.pair(_in("a.app-button.app-button--secondary", "link"))

    assert rest == ("#ffffff", "#e3e5e6")
    assert round(contrast(*rest), 2) == 1.26
    assert contrast(*hover) > 15 and contrast(*link) > 15


def test_checker_counts_opacity():
    """GIVEN a faded disabled button WHEN checked THEN text and background are blended with the
    page, as they are painted."""
    fg, bg = Stylesheet(OLD_SECONDARY).pair(_in("button.app-button", "disabled"))

    assert (fg, bg) == ("#ffffff", "#8ea7c8")


def test_checker_weighs_specificity_before_source_order():
    """GIVEN a later rule with a lighter selector WHEN both match THEN the heavier one wins, and
    :where() weighs nothing."""
    css = Stylesheet(
        ".a.b { color: #111111; } .b { color: #222222; } :where(.a.b) { color: #333333; }"
    )

    assert css.colour(_in("p.a.b")) == "#111111"
    assert css.colour(_in("p.b")) == "#222222"


def test_wcag_ratio_of_known_pairs():
    """GIVEN black/white and the accent WHEN computed THEN the ratios WCAG's formula gives."""
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#1d4f91", "#ffffff"), 2) == 8.14
