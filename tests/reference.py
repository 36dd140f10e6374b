"""Read the reference tjänsteutlåtande (tests/fixtures) into its parts, for comparisons.

The text was extracted from Stockholm's PDF, so a paragraph that ran over a page break is
split in two; such a piece is recognised by not ending a sentence and is joined again.
"""

from dataclasses import dataclass, field
from pathlib import Path

REFERENCE = Path(__file__).parent / "fixtures" / "tjansteutlatande-KS-2024-112.txt"

SEKTIONER = (
    "Förvaltningens förslag till beslut",
    "Sammanfattning",
    "Bakgrund",
    "Ärendet",
    "Ärendets beredning",
    "Förvaltningens synpunkter och förslag",
)


@dataclass
class Referens:
    handlaggare: str
    telefon: str
    till: str
    datum: str
    rubrik: str
    underrubrik: str
    sektioner: dict[str, list[str]] = field(default_factory=dict)
    undertecknare: list[tuple[str, str, str]] = field(default_factory=list)
    bilagor: list[str] = field(default_factory=list)
    attester: list[tuple[str, str]] = field(default_factory=list)


def _join_page_breaks(blocks: list[str]) -> list[str]:
    joined: list[str] = []
    for block in blocks:
        if joined and not joined[-1].endswith((".", ":", "!", "?")):
            joined[-1] = f"{joined[-1]} {block}"
        else:
            joined.append(block)
    return joined


def las_referens(path: Path = REFERENCE) -> Referens:
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    it = iter(blocks)
    handlaggare_block = next(it).splitlines()  # Handläggare / name / Telefon: …
    till_block = next(it).splitlines()  # Till / nämnd / date
    ref = Referens(
        handlaggare=handlaggare_block[1],
        telefon=handlaggare_block[2].removeprefix("Telefon:").strip(),
        till=till_block[1],
        datum=till_block[2],
        rubrik=next(it),
        underrubrik=next(it),
    )
    current: list[str] | None = None
    rest = list(it)
    i = 0
    while i < len(rest):
        block = rest[i]
        if block in SEKTIONER:
            current = ref.sektioner.setdefault(block, [])
        elif block == "Bilaga":
            current = None
            i += 1
            while i < len(rest) and rest[i][:1].isdigit():
                ref.bilagor.append(rest[i].split(". ", 1)[1])
                i += 1
            continue
        elif block == "Attesterat av":
            for line in rest[i + 2].splitlines()[1:]:
                namn, datum = line.split("\t")
                ref.attester.append((namn, datum))
            break
        elif (
            len(block.splitlines()) == 3
            and current is not None
            and i + 1 < len(rest)
            and (rest[i + 1] == "Bilaga" or len(rest[i + 1].splitlines()) == 3)
        ):
            ref.undertecknare.append(tuple(block.splitlines()))
        elif current is not None:
            current.append(block)
        i += 1
    ref.sektioner = {k: _join_page_breaks(v) for k, v in ref.sektioner.items()}
    return ref
