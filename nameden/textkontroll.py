"""The one rule for text typed into the system: which characters may be stored at all.

Every form (through `nameden.forms.AppFormMixin`) and every service that writes text applies
it, so a page and a management command refuse the same input with the same Swedish message.

- **Never stored:** control characters (C0 and C1; in multi-line text tab, line feed and
  carriage return are allowed), lone surrogates, Unicode noncharacters (U+FFFE, U+FDD0 …) and
  the explicit bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can
  make a text read differently from how it is stored. PostgreSQL refuses NUL outright, and
  none of them can be printed.
- **One-line text** (a rubrik, a name): line breaks, tabs and runs of white space (what
  `str.split` splits on) are folded into one space, as a browser does when it shows the value.
  Multi-line text keeps its lines; U+2028/U+2029 become a plain line break.
- **Text that reaches the document** must also be drawable in the PDF's font
  (`nameden.pdf.fonts.missing_characters`): refused when typed, not at the last attestation.
"""

import re
import unicodedata
from collections.abc import Iterable

from django.core.exceptions import ValidationError

#: Not controls, but line breaks all the same: a multi-line text gets a plain "\n" instead.
_RADBRYTNINGAR = {"\u2028": "\n", "\u2029": "\n"}


def _klass(intervall: list[tuple[int, int]]) -> re.Pattern:
    return re.compile(
        "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in intervall) + "]"
    )


_ALLTID = [
    (0xD800, 0xDFFF),  # lone surrogates: cannot even be encoded as UTF-8
    (0xFDD0, 0xFDEF),  # noncharacters …
    *((plan * 0x10000 + 0xFFFE, plan * 0x10000 + 0xFFFF) for plan in range(17)),
    (0x202A, 0x202E),  # bidi embeddings and overrides ("Trojan Source")
    (0x2066, 0x2069),  # bidi isolates
    (0xFFF9, 0xFFFB),  # interlinear annotation controls
]
#: Never stored in multi-line text: every control but tab, line feed and carriage return.
_OTILLATNA_STYCKEN = _klass([(0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F), *_ALLTID])
#: Never stored in one-line text: every control that `str.split` does not fold as white
#: space (tab, line breaks, the information separators U+001C–U+001F and NEL are folded).
_OTILLATNA_RAD = _klass([(0x00, 0x08), (0x0E, 0x1B), (0x7F, 0x84), (0x86, 0x9F), *_ALLTID])


def tecken_namn(c: str) -> str:
    """'U+0000', or '”😀” (U+1F600)' for a character that shows: how messages name one."""
    kod = f"U+{ord(c):04X}"
    if unicodedata.category(c)[0] in "CZ":
        return kod
    return f"”{c}” ({kod})"


def _plats(text: str, index: int) -> str:
    """Where in the text, in the words a user counts in: line (if several) and character."""
    rad = text.count("\n", 0, index) + 1
    kolumn = index - (text.rfind("\n", 0, index) + 1) + 1
    if rad == 1:
        return f"på plats {kolumn}"
    return f"på rad {rad}, plats {kolumn}"


def styrtecken_fel(text: str, *, etikett: str, flerradig: bool = False) -> str | None:
    """The Swedish message for the first character that may never be stored, or None."""
    monster = _OTILLATNA_STYCKEN if flerradig else _OTILLATNA_RAD
    forsta = monster.search(text)
    if forsta is None:
        return None
    fler = len(monster.findall(text, forsta.end()))
    tillagg = f" (och {fler} till)" if fler else ""
    return (
        f"”{etikett}” innehåller ett osynligt tecken som inte får sparas: "
        f"{tecken_namn(forsta.group())} {_plats(text, forsta.start())}{tillagg}. "
        "Ta bort det och försök igen."
    )


def typsnitt_fel(text: str, *, etikett: str) -> str | None:
    """The Swedish message if the PDF's font cannot draw some character of `text`, or None."""
    from nameden.pdf.fonts import missing_characters

    saknade = missing_characters(text)
    if not saknade:
        return None
    tecken = ", ".join(tecken_namn(c) for c in saknade[:10])
    if len(saknade) > 10:
        tecken += f" och {len(saknade) - 10} till"
    return (
        f"”{etikett}” innehåller tecken som inte finns i dokumentets typsnitt "
        f"(Liberation Sans) och inte kan skrivas ut: {tecken}. Ta bort eller ersätt dem."
    )


def vik_rad(text: str) -> str:
    """One line: every line break, tab and run of white space becomes one space."""
    return " ".join(text.split())


def kontrollera(text: str, *, etikett: str, flerradig: bool = False, dokument: bool = False) -> str:
    """`text` as it may be stored (one-line text folded), or ValidationError in Swedish.

    `dokument`: the text is printed in the tjänsteutlåtande, so the font must draw it.
    """
    # Checked as typed, so that the position in the message is where the user will look.
    fel = styrtecken_fel(text, etikett=etikett, flerradig=flerradig)
    if fel is None:
        if flerradig:
            for radbrytning, ersattning in _RADBRYTNINGAR.items():
                text = text.replace(radbrytning, ersattning)
        else:
            text = vik_rad(text)
        if dokument:
            fel = typsnitt_fel(text, etikett=etikett)
    if fel is not None:
        raise ValidationError(fel, code="tecken")
    return text


def fel_i(
    text: str, *, etikett: str, flerradig: bool = False, dokument: bool = False
) -> str | None:
    """The message `kontrollera` would raise for `text`, or None (for a model's `clean`)."""
    try:
        kontrollera(text or "", etikett=etikett, flerradig=flerradig, dokument=dokument)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def kontrollera_lista(texter: Iterable[str], *, etikett: str, dokument: bool = False) -> list[str]:
    """One-line texts in a numbered list (beslutspunkter): "<etikett>, punkt 2" names one."""
    resultat = []
    for nummer, text in enumerate(texter, start=1):
        resultat.append(kontrollera(text, etikett=f"{etikett}, punkt {nummer}", dokument=dokument))
    return resultat


class Textfel:
    """Collects field → message while a service checks several texts, then raises them all.

    fel = Textfel()
    rubrik = fel.rad("rubrik", rubrik, etikett="Rubrik", dokument=True)
    fel.raise_if_any()
    """

    def __init__(self) -> None:
        self.fel: dict[str, str] = {}

    def _check(self, falt: str, text, **kwargs):
        try:
            return kontrollera(str(text or ""), **kwargs)
        except ValidationError as exc:
            self.fel.setdefault(falt, exc.messages[0])
            return text

    def rad(self, falt: str, text: str, *, etikett: str, dokument: bool = False) -> str:
        return self._check(falt, text, etikett=etikett, dokument=dokument)

    def stycken(self, falt: str, text: str, *, etikett: str, dokument: bool = False) -> str:
        return self._check(falt, text, etikett=etikett, flerradig=True, dokument=dokument)

    def lista(self, falt: str, texter, *, etikett: str, dokument: bool = False) -> list[str]:
        try:
            return kontrollera_lista(texter, etikett=etikett, dokument=dokument)
        except ValidationError as exc:
            self.fel.setdefault(falt, exc.messages[0])
            return list(texter)

    def raise_if_any(self, extra: dict[str, str] | None = None) -> None:
        errors = {**self.fel, **(extra or {})}
        if errors:
            raise ValidationError(errors)
