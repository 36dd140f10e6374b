"""Where a long kallelse is cut into pieces laid out one at a time, so that WeasyPrint's
memory is bounded by a piece, not by the agenda (`docs/handlingar.md`, "Performance").

The föredragningslista is a row of *enheter*: each avsnitt's heading and each punkt, in
reading order (the opening text always goes with the first piece). A piece is laid out from
its first enhet with a bounded number of punkter after it; its complete pages are kept and
the next piece starts at the first enhet that began on the first page not kept. So every
kept page was laid out with what follows it still in the flow, and breaks where the whole
document would break: the same pages, no half-empty page at a seam.

Where an enhet stands comes from the layout itself: each enhet carries an id, and
`render_pdf_del` names the ids on each page (an enhet that runs over a page break is named
on both). A cut is sound only where a page begins with an enhet's start, not with the rest
of one that began before. A punkt longer than a page can leave no such page in a piece:
then the piece is laid out again with twice the punkter, so the plan always advances and
the last piece, which runs to the end, keeps all its pages.

Each piece is laid out once: the layout that finds the cut is the one drawn, its kept pages
only. The document's page total is not known until the last piece is drawn, so the pieces
carry no page numbers; "Sida X (Y)" is put on afterwards (`nameden.pdf.sidnummer`). What is
laid out twice is only the page after each cut, which opens the next piece.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: The id of the opening text (the first piece's, before the first enhet).
INLEDNING = "inledning"


@dataclass(frozen=True)
class Enhet:
    """An avsnitt's heading (`rad` None) or its `rad`-th punkt; `id` names it in the
    layout."""

    avsnitt: int
    rad: int | None

    @property
    def id(self) -> str:
        return f"avsnitt-{self.avsnitt}" if self.rad is None else f"punkt-{self.avsnitt}-{self.rad}"


@dataclass(frozen=True)
class Del:
    """A piece: the enheter `forsta`…`slut` (exclusive) are laid out and the first `sidor`
    pages kept; the next piece starts at `nasta` (the enhet opening the first page not
    kept; `slut` for the last piece)."""

    forsta: int
    slut: int
    sidor: int
    nasta: int


def enheter(avsnitt_rader: Sequence[int]) -> list[Enhet]:
    """The enheter of a föredragningslista whose avsnitt hold these numbers of punkter."""
    ut = []
    for avsnitt, rader in enumerate(avsnitt_rader):
        ut.append(Enhet(avsnitt, None))
        ut.extend(Enhet(avsnitt, rad) for rad in range(rader))
    return ut


def delplan(
    enheter: Sequence[Enhet],
    *,
    punkter_per_del: int,
    lagg_ut: Callable[[int, int, Callable[[list[frozenset[str]]], int | None]], None],
    sista_for: Callable[[int], int],
) -> list[Del]:
    """The pieces, in order, each laid out once. `lagg_ut(forsta, slut, behall)` lays those
    enheter out (the opening text too when `forsta` is 0), calls `behall` with the ids on
    each page and draws the first pages it answers (nothing when it answers None: then the
    piece is laid out again with twice the punkter). The last piece, which runs to the end
    and keeps every page, is drawn by `sista_for(forsta)`, which gives its page count."""
    if punkter_per_del < 1:
        raise ValueError("punkter_per_del must be at least 1")
    delar: list[Del] = []
    forsta = 0
    while True:
        storlek = punkter_per_del
        while True:
            slut = _slut(enheter, forsta, storlek)
            if slut >= len(enheter):
                delar.append(Del(forsta, len(enheter), sista_for(forsta), len(enheter)))
                return delar
            snitt: list[tuple[int, int] | None] = []

            def behall(sidor, forsta=forsta, slut=slut, snitt=snitt) -> int | None:
                snitt.append(_snitt(enheter, forsta, slut, sidor))
                return None if snitt[0] is None else snitt[0][1]

            lagg_ut(forsta, slut, behall)
            if snitt and snitt[0] is not None:
                nasta, behallna = snitt[0]
                delar.append(Del(forsta, slut, behallna, nasta))
                forsta = nasta
                break
            storlek *= 2


def _slut(enheter: Sequence[Enhet], forsta: int, punkter: int) -> int:
    """The end of a piece from `forsta` holding `punkter` punkter (headings come free)."""
    i, antal = forsta, 0
    while i < len(enheter) and antal < punkter:
        antal += enheter[i].rad is not None
        i += 1
    return max(i, forsta + 1)


def _snitt(
    enheter: Sequence[Enhet], forsta: int, slut: int, sidor: list[frozenset[str]]
) -> tuple[int, int] | None:
    """(the enhet starting the next piece, the pages kept), or None if no page of this
    piece after its first begins with an enhet's start."""
    index = {enheter[i].id: i for i in range(forsta, slut)}
    for behallna in range(len(sidor) - 1, 0, -1):
        senare = set().union(*sidor[behallna:])
        if INLEDNING in senare:
            continue
        pa_senare = [index[a] for a in senare if a in index]
        if not pa_senare:
            continue
        nasta = min(pa_senare)
        borjar = min(s for s, ids in enumerate(sidor) if enheter[nasta].id in ids)
        if nasta > forsta and borjar == behallna:
            return nasta, behallna
    return None
