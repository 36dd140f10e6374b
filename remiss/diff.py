"""Word-level comparison of two versions of a tjänsteutlåtande, as plain data.

Pure functions: no database, no HTML. The templates mark the segments with <ins>/<del> and
Django's autoescaping keeps the user's text text. Words and punctuation marks are compared
without their spacing, so a changed line break alone is not reported as a change; the output
keeps the spacing of the side it was taken from, so paragraphs stay paragraphs.
"""

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

# A word or a single punctuation mark, with the whitespace after it.
_TOKEN = re.compile(r"(\w+|[^\w\s])(\s*)")


#: (op, text): op is EQUAL, INSERT or DELETE.
Segment = tuple[str, str]


def _tokens(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Leading whitespace, then (word, whitespace after it) pairs."""
    lead = text[: len(text) - len(text.lstrip())]
    return lead, _TOKEN.findall(text)


def _join(tokens: Iterable[tuple[str, str]]) -> str:
    return "".join(word + space for word, space in tokens)


def word_diff(a: str, b: str) -> list[Segment]:
    """Segments that turn `a` into `b`: equal runs, deletions (from a) and insertions (into b)."""
    _, ta = _tokens(a or "")
    lead_b, tb = _tokens(b or "")
    matcher = difflib.SequenceMatcher(None, [w for w, _ in ta], [w for w, _ in tb], autojunk=False)
    segments: list[Segment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1][0] == op:
            segments[-1] = (op, segments[-1][1] + text)
        else:
            segments.append((op, text))

    add(EQUAL, lead_b)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, _join(tb[j1:j2]))
        else:
            if tag in ("delete", "replace"):
                add(DELETE, _join(ta[i1:i2]))
            if tag in ("insert", "replace"):
                add(INSERT, _join(tb[j1:j2]))
    return segments


# --- Whole versions ----------------------------------------------------------------------------

OFORANDRAD = "oforandrad"
ANDRAD = "andrad"
TILLAGD = "tillagd"
BORTTAGEN = "borttagen"


@dataclass(frozen=True)
class DiffRad:
    """One part of the document (rubrik, undertecknare or a section) compared across versions."""

    nyckel: str
    rubrik: str
    status: str
    gammal_text: str
    ny_text: str
    segment: list[Segment] = field(default_factory=list)

    @property
    def andrad(self) -> bool:
        return self.status != OFORANDRAD

    @property
    def etikett(self) -> str:
        """What happened to the part, as the comparison's heading says it."""
        return ETIKETT[self.status]


#: A part's status → the word shown after its heading in a comparison.
ETIKETT = {OFORANDRAD: "oförändrat", ANDRAD: "ändrat", TILLAGD: "nytt", BORTTAGEN: "borttaget"}


def avsnitt_text(avsnitt: dict) -> str:
    """A section as comparable text: numbered lines for beslutspunkter, else its text."""
    if "punkter" in avsnitt and avsnitt.get("typ") == "beslutspunkter":
        return "\n".join(f"{i}. {p}" for i, p in enumerate(avsnitt["punkter"], start=1))
    return avsnitt.get("text", "")


def undertecknare_text(undertecknare: Sequence[dict]) -> str:
    return "\n".join(
        ", ".join(part for part in (u.get("namn", ""), u.get("titel", "")) if part)
        for u in undertecknare
    )


def _rad(nyckel: str, rubrik: str, gammal: str | None, ny: str | None) -> DiffRad:
    if gammal is None:
        status = TILLAGD
    elif ny is None:
        status = BORTTAGEN
    elif gammal == ny:
        status = OFORANDRAD
    else:
        status = ANDRAD
    gammal, ny = gammal or "", ny or ""
    segment = [] if status == OFORANDRAD else word_diff(gammal, ny)
    return DiffRad(nyckel, rubrik, status, gammal, ny, segment)


def diff_versions(
    old_avsnitt: Sequence[dict],
    new_avsnitt: Sequence[dict],
    *,
    old_huvud: dict[str, str] | None = None,
    new_huvud: dict[str, str] | None = None,
) -> list[DiffRad]:
    """Compare two versions part by part.

    `old_huvud`/`new_huvud` map a heading (e.g. "Rubrik", "Undertecknare") to its text and
    come first; then every section by `nyckel`, in the new version's order, followed by
    sections that only the old version had.
    """
    old_huvud, new_huvud = old_huvud or {}, new_huvud or {}
    rader = [
        _rad(f"huvud-{i}", namn, old_huvud.get(namn), new_huvud.get(namn))
        for i, namn in enumerate(dict.fromkeys([*new_huvud, *old_huvud]), start=1)
    ]
    gamla = {a["nyckel"]: a for a in old_avsnitt}
    nya = {a["nyckel"]: a for a in new_avsnitt}
    for nyckel, avsnitt in nya.items():
        gammal = gamla.get(nyckel)
        rader.append(
            _rad(
                nyckel,
                avsnitt["rubrik"],
                avsnitt_text(gammal) if gammal is not None else None,
                avsnitt_text(avsnitt),
            )
        )
    for nyckel, avsnitt in gamla.items():
        if nyckel not in nya:
            rader.append(_rad(nyckel, avsnitt["rubrik"], avsnitt_text(avsnitt), None))
    return rader
