"""Structured text in a document's sections: a small plain-text markup, rendered and sanitised.

What a handläggare can learn in a minute (docs/markering.md; the editor shows the same list):

- a blank line between paragraphs (as before);
- ``- `` at the start of a line: a bulleted list; ``1. `` a numbered list;
- ``### Underrubrik``: a sub-heading, one level under the section's heading (``#`` and ``##``
  make the same single level: a section has no other);
- ``*kursiv*`` and ``**fet**``;
- a simple table: a row of ``|``-separated headings, a ``|---|---|`` line, then the rows.

Parsed by markdown-it-py (CommonMark) with only those rules switched on: raw HTML, links,
images, code, quotes, rules and entities are not markup here, so ``<script>`` or
``[text](url)`` print as the characters typed. The HTML is then sanitised with nh3 to an
allow-list of tags with no attributes but the two fixed classes of the numbered list, so
even a bug in the parser cannot let a tag, a link or a style through.

Numbered lists carry their number as text (`<span class="numrerad__nr">3.</span>`), like the
document's beslutspunkter: it is read and copied with the sentence, and it keeps a list
that starts at 3 numbered from 3 in the PDF, which honours no ``start`` attribute.

Which texts are read as markup at all is the caller's decision (`FORMAT`, see
`remiss.dokument`): a document written before the markup existed keeps its plain
paragraphs, even where a line happens to begin with "1. " or "- ".
"""

from functools import lru_cache

import nh3
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.rules_inline import emphasis
from markdown_it.token import Token

#: The name of the markup's first (and so far only) version, stored with a section's text.
FORMAT = "markering/1"

#: Every tag the markup can produce, but the sub-heading (its level is the caller's).
TAGGAR = frozenset(
    {"p", "ul", "ol", "li", "em", "strong", "table", "thead", "tbody", "tr", "th", "td", "span"}
)
#: The only attribute values that survive sanitising: the numbered list's own classes.
ATTRIBUTVARDEN = {"ol": {"class": {"numrerad"}}, "span": {"class": {"numrerad__nr"}}}

#: The sub-heading's level: one under the section's <h2> in the PDF.
RUBRIKNIVA = 3
#: Levels a caller may ask for (a page that shows the document under its own headings).
RUBRIKNIVAER = (3, 4, 5)

_REGLER = ["list", "heading", "table", "emphasis", "escape", "newline"]


def _bara_asterisk(state, silent: bool) -> bool:
    """Emphasis with ``*`` only: ``_`` stays an underscore (file_names, __ in forms)."""
    if state.src[state.pos] != "*":
        return False
    return emphasis.tokenize(state, silent)


def _parser() -> MarkdownIt:
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    md.enable(_REGLER)
    md.inline.ruler.at("emphasis", _bara_asterisk)
    md.add_render_rule("listnummer", _render_listnummer)
    md.add_render_rule("ordered_list_open", _render_ol)
    return md


def _render_listnummer(self, tokens, idx, options, env) -> str:
    return f'<span class="numrerad__nr">{tokens[idx].content}</span> '


def _render_ol(self, tokens, idx, options, env) -> str:
    return '<ol class="numrerad">\n'


_MD = _parser()


def _numrera(tokens: list[Token]) -> None:
    """Put each numbered item's number, as text, before its first line."""
    listor: list[list[int]] = []  # per open list: [next number] for ol, [] for ul
    vantar: list[str | None] = []  # per open item: the number still to place, or None
    for token in tokens:
        if token.type == "ordered_list_open":
            listor.append([int(token.attrs.get("start", 1))])
        elif token.type == "bullet_list_open":
            listor.append([])
        elif token.type in ("ordered_list_close", "bullet_list_close"):
            listor.pop()
        elif token.type == "list_item_open":
            lista = listor[-1]
            if lista:
                vantar.append(f"{lista[0]}.")
                lista[0] += 1
            else:
                vantar.append(None)
        elif token.type == "list_item_close":
            vantar.pop()
        elif token.type == "inline" and vantar and vantar[-1] is not None:
            nummer = Token("listnummer", "", 0)
            nummer.content = vantar[-1]
            token.children = [nummer, *(token.children or [])]
            vantar[-1] = None


def _en_rubrikniva(tokens: list[Token], niva: int) -> None:
    """Every heading, whatever its number of #, is the section's one sub-heading level."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{niva}"


def _radbrytningar(tokens: list[Token]) -> None:
    """A hard line break (a backslash at the end of a line) is a plain line break: the
    document has no <br>, paragraphs are what separates text."""
    for token in tokens:
        for child in token.children or []:
            if child.type == "hardbreak":
                child.type = "softbreak"


def _tokens(text: str, niva: int) -> list[Token]:
    tokens = _MD.parse(text)
    _en_rubrikniva(tokens, niva)
    _radbrytningar(tokens)
    _numrera(tokens)
    return tokens


def stycken(text: str) -> tuple[str, ...]:
    """Plain paragraphs: blocks separated by a blank line, inner line breaks folded to spaces.

    The text format of every section written before the markup, and of any section whose
    text uses none of it.
    """
    blocks = (" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n"))
    return tuple(block for block in blocks if block)


def stycken_html(stycken: tuple[str, ...]) -> SafeString:
    """Plain paragraphs as HTML: ``<p>…</p>`` each, escaped as Django's templates escape."""
    return format_html_join("", "<p>{}</p>", ((stycke,) for stycke in stycken))


@lru_cache(maxsize=512)
def anvander_markering(text: str) -> bool:
    """Does the text use the markup? False when, read as markup, it is exactly its plain
    paragraphs (`stycken`): then it renders, prints and fingerprints as plain text did."""
    tokens = _tokens(text, RUBRIKNIVA)
    lasta: list[str] = []
    for token in tokens:
        if token.type in ("paragraph_open", "paragraph_close"):
            continue
        if token.type != "inline":
            return True
        delar = []
        for child in token.children or []:
            if child.type == "text":
                delar.append(child.content)
            elif child.type == "softbreak":
                delar.append(" ")
            else:
                return True
        lasta.append(" ".join("".join(delar).split()))
    return tuple(lasta) != stycken(text)


def _sanera(html: str, niva: int) -> str:
    """Only the allow-list: the second line of defence, should the parser ever emit more."""
    return nh3.clean(
        html,
        tags=set(TAGGAR | {f"h{niva}"}),
        attributes={},
        tag_attribute_values=ATTRIBUTVARDEN,
        url_schemes=set(),
        link_rel=None,
        strip_comments=True,
    ).strip()


@lru_cache(maxsize=512)
def _sanerad(text: str, niva: int) -> str:
    return _sanera(_MD.renderer.render(_tokens(text, niva), _MD.options, {}), niva)


def html(text: str, *, rubrikniva: int = RUBRIKNIVA) -> SafeString:
    """The text, read as markup, as sanitised HTML; sub-headings at `rubrikniva`."""
    if rubrikniva not in RUBRIKNIVAER:
        raise ValueError(f"rubrikniva must be one of {RUBRIKNIVAER}")
    return mark_safe(_sanerad(text, rubrikniva))  # sanitised by nh3 in _sanerad
