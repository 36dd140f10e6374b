"""Just enough of the CSS cascade to compute which colours static/css/app.css gives an element.

The contrast test describes an element (tag, classes, attributes, state such as :hover, and
its ancestors) and asks for the colour and background the stylesheet gives it. Rules are
matched with their real specificity and source order, custom properties are resolved, `color`
is inherited and a transparent background shows the nearest ancestor's. Selectors this
stylesheet does not use (`+`, `~`, the attribute operators `~=` and `|=`) are not supported, and
`@media print` is skipped. `:has()` never matches: give such an element its background through
an ancestor instead.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "static" / "css" / "app.css"

HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?\b")


# --- Colour ---------------------------------------------------------------------------------


def rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return tuple(int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(colour: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(c * 255):02x}" for c in colour)


def luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The WCAG 2.1 contrast ratio of two colours, 1 to 21."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def blend(top: str, bottom: str, alpha: float) -> str:
    return _hex(
        tuple(alpha * t + (1 - alpha) * b for t, b in zip(rgb(top), rgb(bottom), strict=True))
    )


# --- Parsing --------------------------------------------------------------------------------


@dataclass
class Rule:
    selectors: list[str]
    declarations: dict[str, str]
    order: int


def _split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` outside parentheses and quotes."""
    parts, depth, quote, start = [], 0, "", 0
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _blocks(text: str):
    """(prelude, body) for every top-level block of `text`."""
    i, n = 0, len(text)
    while i < n:
        brace = text.find("{", i)
        if brace < 0:
            return
        depth, j = 1, brace + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            j += 1
        yield text[i:brace].strip(), text[brace + 1 : j - 1]
        i = j


def parse(css: str) -> tuple[list[Rule], dict[str, str]]:
    """The style rules in source order, and the custom properties declared on :root."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules: list[Rule] = []
    variables: dict[str, str] = {}

    def walk(text: str) -> None:
        for prelude, body in _blocks(text):
            if prelude.startswith("@media"):
                if "print" not in prelude:
                    walk(body)
                continue
            if prelude.startswith("@"):
                continue
            declarations = {}
            for decl in _split_top(body, ";"):
                name, _, value = decl.partition(":")
                declarations[name.strip()] = value.replace("!important", "").strip()
            selectors = _split_top(prelude, ",")
            if selectors == [":root"]:
                # Later :root blocks (inside @media min-width) only change sizes; keep the first
                # value of a colour so the test reads the tokens the comments document.
                for name, value in declarations.items():
                    variables.setdefault(name, value)
            rules.append(Rule(selectors, declarations, len(rules)))

    walk(css)
    return rules, variables


# --- Matching -------------------------------------------------------------------------------


@dataclass
class El:
    """An element as the cascade sees it. `states` are pseudo-classes without the colon."""

    tag: str
    classes: tuple[str, ...] = ()
    attrs: dict[str, str] = field(default_factory=dict)
    states: frozenset[str] = frozenset()
    pseudo: str = ""  # a pseudo-element such as "file-selector-button"
    parent: "El | None" = None

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


def el(spec: str, *states: str, parent: El | None = None, pseudo: str = "", **attrs) -> El:
    """`el("button.app-button.app-button--secondary", "hover")`."""
    tag, *classes = spec.split(".")
    return El(tag, tuple(classes), dict(attrs), frozenset(states), pseudo, parent)


def page(*specs: str) -> El:
    """The chain html > body > … as parents: `page("footer.app-footer")`."""
    node = el("html")
    node = el("body", parent=node)
    for spec in specs:
        node = el(spec, parent=node)
    return node


_TOKEN = re.compile(
    r"""(?P<tag>\*|[a-zA-Z][\w-]*)
      | \.(?P<cls>[\w-]+)
      | \[(?P<attr>[\w-]+)(?:(?P<op>[*^$]?=)"?(?P<val>[^"\]]*)"?)?\]
      | ::(?P<pe>[\w-]+)
      | :(?P<pc>[\w-]+)(?:\((?P<arg>(?:[^()]|\([^()]*\))*)\))?
    """,
    re.X,
)

_STRUCTURAL = {"last-child", "first-child", "last-of-type", "first-of-type"}


def _compound(compound: str, node: El):
    """(matches, (a, b, c)) for one compound selector such as `a.app-link:hover`.

    A pseudo-element (`::file-selector-button`) only counts towards specificity here; which
    pseudo-element a selector targets is checked once, for the whole selector.
    """
    spec = [0, 0, 0]
    ok = True
    pos = 0
    while pos < len(compound):
        m = _TOKEN.match(compound, pos)
        if m is None:
            raise ValueError(f"cannot parse selector {compound!r}")
        pos = m.end()
        if m["tag"]:
            if m["tag"] != "*":
                spec[2] += 1
                ok &= node.tag == m["tag"]
        elif m["cls"]:
            spec[1] += 1
            ok &= m["cls"] in node.classes
        elif m["attr"]:
            spec[1] += 1
            if m["attr"] == "class":
                have = " ".join(node.classes) or None
            else:
                have = node.attrs.get(m["attr"].replace("-", "_"), node.attrs.get(m["attr"]))
            ok &= have is not None and _attr_matches(have, m["op"], m["val"])
        elif m["pe"]:
            spec[2] += 1
        else:
            name, arg = m["pc"], m["arg"]
            if name in ("is", "where", "not"):
                results = [_complex(s, node) for s in _split_top(arg, ",")]
                hit = any(matched for matched, _ in results)
                ok &= not hit if name == "not" else hit
                if name != "where":  # :where() weighs nothing; :is()/:not() their heaviest
                    spec = _add(spec, max(s for _, s in results))
            elif name == "has":
                spec[1] += 1
                ok = False
            elif name == "root":
                spec[1] += 1
                ok &= node.tag == "html"
            else:
                spec[1] += 1
                ok &= name in node.states or (name in _STRUCTURAL and "only" in node.states)
    return ok, tuple(spec)


def _attr_matches(have: str, op: str | None, want: str | None) -> bool:
    if op is None:
        return True
    return {
        "=": have == want,
        "*=": want in have,
        "^=": have.startswith(want),
        "$=": have.endswith(want),
    }[op]


def _add(a, b):
    return [x + y for x, y in zip(a, b, strict=True)]


def _compounds(selector: str) -> list[str]:
    """`a > b:is(.x, .y)` → ["a", "b:is(.x, .y)"]: split on combinators outside parentheses."""
    flat, depth = [], 0
    for ch in selector:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        flat.append("\0" if depth == 0 and (ch.isspace() or ch == ">") else ch)
    return [c for c in "".join(flat).split("\0") if c]


def _selector_match(selector: str, node: El):
    """(matches, specificity) of a selector from a rule, pseudo-element included."""
    ok, spec = _complex(selector, node)
    last = _compounds(selector)[-1]
    target = re.search(r"::([\w-]+)", last)
    return ok and (target[1] if target else "") == node.pseudo, spec


def _complex(selector: str, node: El):
    """(matches, specificity) of a complex selector; `>` is treated as a descendant combinator."""
    compounds = _compounds(selector)
    total = [0, 0, 0]
    ok, spec = _compound(compounds[-1], node)
    total = _add(total, spec)
    ancestors = list(node.ancestors())
    for compound in reversed(compounds[:-1]):
        found = False
        while ancestors:
            candidate = ancestors.pop(0)
            matched, spec = _compound(compound, candidate)
            if matched:
                found = True
                break
        if not found:
            _, spec = _compound(compound, El("-"))
        total = _add(total, spec)
        ok &= found
    return ok, tuple(total)


# --- Computing ------------------------------------------------------------------------------


class Stylesheet:
    def __init__(self, css: str | None = None):
        self.rules, self.variables = parse(css if css is not None else CSS.read_text())

    def var(self, value: str) -> str:
        for _ in range(10):
            m = re.search(r"var\((--[\w-]+)(?:,\s*([^)]*))?\)", value)
            if m is None:
                return value
            value = value[: m.start()] + self.variables.get(m[1], m[2] or "") + value[m.end() :]
        raise ValueError(f"unresolved {value!r}")

    def declared(self, node: El, prop: str) -> str | None:
        """The cascaded value of `prop` on `node` itself (no inheritance), resolved."""
        best = None
        for rule in self.rules:
            if prop not in rule.declarations:
                continue
            for selector in rule.selectors:
                matched, spec = _selector_match(selector, node)
                if matched and (best is None or (spec, rule.order) >= best[0]):
                    best = ((spec, rule.order), rule.declarations[prop])
        return None if best is None else self.var(best[1])

    def colour(self, node: El) -> str:
        value = self.declared(node, "color")
        if value in (None, "inherit") or value.lower() == "currentcolor":
            return self.colour(node.parent) if node.parent is not None else "#000000"
        return _one_colour(value)

    def own_background(self, node: El) -> str | None:
        for prop in ("background-color", "background"):
            value = self.declared(node, prop)
            if value is None:
                continue
            if value.startswith("none") or value == "transparent":
                return None
            m = HEX.search(value)
            if m:
                return m[0].lower()
            if value.lower().startswith("currentcolor"):
                return self.colour(node)
        return None

    def background(self, node: El) -> str:
        """What shows behind the element's text: its own background or an ancestor's."""
        for candidate in (node, *node.ancestors()):
            own = self.own_background(candidate)
            if own is not None:
                return own
        return "#ffffff"

    def opacity(self, node: El) -> float:
        value = self.declared(node, "opacity")
        return float(value) if value else 1.0

    def pair(self, node: El) -> tuple[str, str]:
        """(text colour, background) as painted, opacity included."""
        fg, bg = self.colour(node), self.background(node)
        alpha = self.opacity(node)
        if alpha < 1:
            behind = self.background(node.parent) if node.parent is not None else "#ffffff"
            fg, bg = blend(fg, behind, alpha), blend(bg, behind, alpha)
        return fg, bg

    def colours_in(self, node: El, prop: str) -> list[str]:
        """Every colour named in `prop` (box-shadow, outline, border-…) on `node`."""
        value = self.declared(node, prop) or ""
        if "transparent" in value and not HEX.search(value):
            return []
        found = [c.lower() for c in HEX.findall(value)]
        if "currentcolor" in value.lower():
            found.append(self.colour(node))
        return found


def _one_colour(value: str) -> str:
    m = HEX.search(value)
    if m is None:
        raise ValueError(f"not a colour: {value!r}")
    return m[0].lower()
