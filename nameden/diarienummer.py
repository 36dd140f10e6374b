"""The diarienummer pattern language: how a förvaltning's numbers are written.

A förvaltning's format is data an administrator types into the admin, so it is parsed here,
never given to `str.format`. The language is small on purpose:

- placeholders: ``{kortnamn}`` (the förvaltning's kortnamn), ``{klass}`` (the case's code in
  the förvaltning's klassificeringsstruktur), ``{ar}`` / ``{ar2}`` (the diarium year in four
  or two digits), ``{lopnummer}`` and ``{lopnummer:N}`` (the löpnummer zero-padded to N
  digits; ``{lopnummer4}``, from before widths existed, means ``{lopnummer:4}``);
- everything else is literal: letters, digits, space, ``-``, ``/`` and ``.``. A literal prefix
  such as the ``T`` of ``T2012-050-05828`` is just text.

So ``{kortnamn}-{ar}/{lopnummer}.{klass}`` writes KS-2014/742.912,
``{kortnamn} {ar2}/{lopnummer:4}`` SN 18/0098, ``{klass}-{lopnummer:4}/{ar}`` 1.6-0463/2024
and ``T{ar}-{klass}-{lopnummer:5}`` T2012-050-05828. The default, ``{kortnamn} {ar}/{lopnummer}``,
writes exactly the numbers the system always wrote.

A format must make a number that is unique in the förvaltning's diarium and fits the field:
the löpnummer is unique within a year's series, so the format needs the löpnummer and the
year, and ``{klass}`` may not run into the löpnummer without a separator (klass 1 with
löpnummer 23 and klass 12 with löpnummer 3 would both read 123).

`granska` says what is wrong with a format (for `Forvaltning.clean`, so the admin shows it on
the field); `fyll_i` writes a number and raises `Formatfel` for a format saved before these
rules, never anything unexpected.
"""

import itertools
import re
import unicodedata
from dataclasses import dataclass

#: Placeholder → what it stands for (the admin's help text lists them).
PLATSHALLARE: dict[str, str] = {
    "kortnamn": "förvaltningens kortnamn",
    "klass": "ärendets klassificering",
    "ar": "året med fyra siffror",
    "ar2": "året med två siffror",
    "lopnummer": "löpnumret",
}
#: The widths ``{lopnummer:N}`` may ask for.
MINSTA_BREDD, STORSTA_BREDD = 2, 9

_MOJLIGA = "{kortnamn}, {klass}, {ar}, {ar2}, {lopnummer} och {lopnummer:4}"
_PLATSHALLARE_RE = re.compile(r"([a-z][a-z0-9]*)(?::(\d{1,2}))?")
_TILLATET_RE = re.compile(r"[A-Za-zÅÄÖåäö0-9 \-/.]")


class Formatfel(ValueError):
    """The format cannot make a number; `str(exc)` is the reason, in Swedish."""


@dataclass(frozen=True)
class Del:
    """One piece of a format: literal `text`, or the placeholder `namn` (with `bredd`)."""

    text: str = ""
    namn: str | None = None
    bredd: int | None = None


def tecken_namn(tecken: str) -> str:
    """A character as an error message names it: ”#”, or U+0001 for one that is not seen."""
    if tecken.isprintable() and not tecken.isspace():
        return f"”{tecken}”"
    return f"U+{ord(tecken):04X} ({unicodedata.name(tecken, 'styrtecken').lower()})"


def _platshallare(innehall: str) -> Del:
    match = _PLATSHALLARE_RE.fullmatch(innehall)
    if match is None:
        raise Formatfel(
            f"”{{{innehall}}}” är ingen platshållare: skriv bara namnet inom klamrar, och för "
            f"löpnumret eventuellt en bredd som {{lopnummer:4}}. Möjliga: {_MOJLIGA}."
        )
    namn, bredd = match.group(1), match.group(2)
    if namn == "lopnummer4" and bredd is None:
        return Del(namn="lopnummer", bredd=4)
    if namn not in PLATSHALLARE:
        raise Formatfel(f"Okänd platshållare {{{namn}}}. Möjliga: {_MOJLIGA}.")
    if bredd is None:
        return Del(namn=namn)
    if namn != "lopnummer":
        raise Formatfel(
            f"Bara löpnumret kan få en bredd, som {{lopnummer:4}}. "
            f"Skriv {{{namn}}} utan ”:{bredd}”."
        )
    if not MINSTA_BREDD <= int(bredd) <= STORSTA_BREDD:
        raise Formatfel(
            f"Löpnumrets bredd kan vara {MINSTA_BREDD} till {STORSTA_BREDD} siffror, till "
            "exempel {lopnummer:4} för 0007."
        )
    return Del(namn=namn, bredd=int(bredd))


def _text(text: str) -> Del:
    for tecken in text:
        if not _TILLATET_RE.fullmatch(tecken):
            raise Formatfel(
                f"Tecknet {tecken_namn(tecken)} kan inte stå i ett diarienummer. Utanför "
                "platshållarna får formatet bara ha bokstäver, siffror, mellanslag, - / och ."
            )
    return Del(text=text)


def tolka(format_: str) -> list[Del]:
    """The format's pieces in order; Formatfel for anything outside the language."""
    delar: list[Del] = []
    # Odd items are "{…}" (no brace inside), even items the literal text around them.
    for i, bit in enumerate(re.split(r"(\{[^{}]*\})", format_)):
        if i % 2:
            delar.append(_platshallare(bit[1:-1]))
        elif "{" in bit or "}" in bit:
            raise Formatfel(
                "Formatet har en klammer utan sin motsvarighet. Skriv platshållare som "
                "{lopnummer}; klamrar kan inte stå i diarienumret."
            )
        elif bit:
            delar.append(_text(bit))
    return delar


def anvander(format_: str, namn: str) -> bool:
    """Whether `format_` has the placeholder `namn` (False for a format that cannot be read)."""
    try:
        return any(del_.namn == namn for del_ in tolka(format_))
    except Formatfel:
        return False


def _varde(del_: Del, *, kortnamn: str, klass: str, ar: int, lopnummer: int) -> str:
    if del_.namn is None:
        return del_.text
    if del_.namn == "lopnummer":
        return f"{lopnummer:0{del_.bredd or 1}d}"
    return {"kortnamn": kortnamn, "klass": klass, "ar": f"{ar:04d}", "ar2": f"{ar % 100:02d}"}[
        del_.namn
    ]


def _skriv(delar: list[Del], **varden) -> str:
    return "".join(_varde(del_, **varden) for del_ in delar)


def fyll_i(format_: str, *, kortnamn: str, klass: str = "", ar: int, lopnummer: int) -> str:
    """The diarienummer `format_` writes for these values; Formatfel if it cannot make one
    (a format stored before `granska` checked it, or {klass} with no klass given)."""
    delar = tolka(format_)
    # The rules that keep numbers unique hold for a format that never passed `granska` too.
    if (fel := _unikhetsfel(delar)) is not None:
        raise Formatfel(fel)
    if not klass and any(del_.namn == "klass" for del_ in delar):
        raise Formatfel("Diarienumret innehåller klassificeringen, men ingen är vald.")
    return _skriv(delar, kortnamn=kortnamn, klass=klass, ar=ar, lopnummer=lopnummer)


def _saknas(anvanda: set[str]) -> str | None:
    if "lopnummer" not in anvanda:
        return (
            "Formatet måste innehålla löpnumret, {lopnummer} (eller {lopnummer:4} med "
            "inledande nollor), så att två ärenden aldrig får samma diarienummer."
        )
    if not anvanda & {"ar", "ar2"}:
        return (
            "Formatet måste innehålla året, {ar} eller {ar2}: löpnumret börjar om varje år, "
            "så utan året kan två ärenden få samma diarienummer."
        )
    return None


def _ihop_med_lopnumret(delar: list[Del]) -> bool:
    """Whether {klass} and the löpnummer follow each other with no separator between them
    (digits are no separator: a klass code may begin or end with one)."""
    platser = [i for i, del_ in enumerate(delar) if del_.namn is not None]
    for forra, nasta in itertools.pairwise(platser):
        if {delar[forra].namn, delar[nasta].namn} != {"klass", "lopnummer"}:
            continue
        mellan = "".join(del_.text for del_ in delar[forra + 1 : nasta])
        if not re.search(r"\D", mellan):
            return True
    return False


def _unikhetsfel(delar: list[Del]) -> str | None:
    if (fel := _saknas({del_.namn for del_ in delar if del_.namn})) is not None:
        return fel
    if _ihop_med_lopnumret(delar):
        return (
            "Skilj {klass} och löpnumret åt med ett skiljetecken (mellanslag, - / eller .), "
            "annars kan två ärenden få samma diarienummer (klass 1 med löpnummer 23 och klass "
            "12 med löpnummer 3 blir båda 123)."
        )
    return None


def granska(
    format_: str, *, kortnamn_langd: int, klass_langd: int, max_langd: int, lopnummer: int
) -> str | None:
    """What is wrong with `format_` (a Swedish sentence), or None.

    The length is checked with the longest values the placeholders can take: a kortnamn of
    `kortnamn_langd` characters, a klass code of `klass_langd`, the löpnummer `lopnummer`."""
    if not format_.strip():
        return "Ange ett format, till exempel {kortnamn} {ar}/{lopnummer}."
    try:
        delar = tolka(format_)
    except Formatfel as exc:
        return str(exc)
    if format_ != format_.strip() or "  " in format_:
        return "Formatet får inte börja eller sluta med mellanslag, eller ha två mellanslag i rad."
    if (fel := _unikhetsfel(delar)) is not None:
        return fel
    langd = len(
        _skriv(
            delar,
            kortnamn="X" * kortnamn_langd,
            klass="X" * klass_langd,
            ar=9999,
            lopnummer=lopnummer,
        )
    )
    if langd > max_langd:
        return (
            f"Med de längsta möjliga värdena blir diarienumret {langd} tecken långt, men högst "
            f"{max_langd} tecken får plats. Korta formatet."
        )
    return None


def text_fel(text: str, *, etikett: str) -> str | None:
    """Why `text` (a kortnamn or a klass code, written into numbers) cannot stand in a
    diarienummer, or None: the format's literal characters only, starting and ending with a
    letter or digit."""
    for tecken in text:
        if not _TILLATET_RE.fullmatch(tecken):
            return (
                f"{etikett} skrivs in i diarienumret och kan inte innehålla tecknet "
                f"{tecken_namn(tecken)}. Använd bokstäver, siffror, mellanslag, - / och ."
            )
    if text and not (text[0].isalnum() and text[-1].isalnum()):
        return f"{etikett} ska börja och sluta med en bokstav eller siffra."
    return None
