"""Templates with placeholders that an administrator writes: "Svar på remiss från {avsandare}".

Such a template is data typed into the admin, so it is never given to `str.format`: that
would let "{kortnamn.__class__}" read attributes, "{0}" or "{x}" raise, and
"{lopnummer:>999999}" make a million-character number. Here a template is parsed with
`string.Formatter().parse` and only ``{name}`` of a known name is accepted: no attribute or
index access, no conversion (``!r``), no format spec (``:>9``). "{{" and "}}" stand for a brace.

`granska` says what is wrong with a template (for a model's `clean`, so the admin shows it on
the field); `fyll_i` fills one in, and raises `Mallfel` rather than anything unexpected when
a template stored before these rules is bad. (Diarienummer formats have their own, stricter
language with widths: `nameden.diarienummer`.)
"""

import string
from collections.abc import Iterable, Mapping


class Mallfel(ValueError):
    """The template cannot be filled in; `str(exc)` is the reason, in Swedish."""


def _lista(namn: Iterable[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in namn)


def _delar(mall: str, tillatna: Iterable[str]) -> list[tuple[str, str | None]]:
    """(literal text, placeholder name or None) pairs; Mallfel for anything but {name}."""
    tillatna = list(tillatna)
    try:
        parsed = list(string.Formatter().parse(mall))
    except ValueError as exc:
        raise Mallfel(
            "Mallen har en klammer utan sin motsvarighet. Skriv platshållare som "
            f"{_lista(tillatna[:1])}, och {{{{ eller }}}} för en klammer i texten."
        ) from exc
    delar = []
    for literal, namn, format_spec, konvertering in parsed:
        if namn is not None:
            if not namn.isidentifier():
                raise Mallfel(
                    f"”{{{namn}}}” är ingen platshållare: skriv bara namnet inom klamrar. "
                    f"Möjliga: {_lista(tillatna)}."
                )
            if namn not in tillatna:
                raise Mallfel(f"Okänd platshållare {{{namn}}}. Möjliga: {_lista(tillatna)}.")
            if format_spec or konvertering:
                raise Mallfel(
                    f"Skriv platshållaren som {{{namn}}}, utan tillägg efter namnet "
                    "(format och konverteringar som ”:>5” eller ”!r” används inte)."
                )
        delar.append((literal, namn))
    return delar


def fyll_i(mall: str, varden: Mapping[str, object]) -> str:
    """`mall` with each placeholder replaced by its value from `varden`, or Mallfel."""
    return "".join(
        literal + ("" if namn is None else str(varden[namn]))
        for literal, namn in _delar(mall, varden)
    )


def fyll_i_utan(mall: str, varden: Mapping[str, object], *, namn: str, ersattning: str) -> str:
    """`mall` filled in for a value that is missing: the placeholder `namn` is replaced by
    `ersattning`, and so is its label, the text after the last comma before it.

    "Svar på remiss från {avsandare}, Dnr {avsandarens_diarienummer}" without a number reads
    "Svar på remiss från Kommunstyrelsen, avsändaren har inget diarienummer". With no comma
    between it and the placeholder before it, only the placeholder is replaced."""
    delar = []
    for literal, del_namn in _delar(mall, varden):
        if del_namn != namn:
            delar.append(literal + ("" if del_namn is None else str(varden[del_namn])))
            continue
        komma = literal.rfind(",")
        if komma != -1:
            literal = literal[: komma + 1] + " "
        if not (delar or literal.strip()):
            ersattning = ersattning[:1].upper() + ersattning[1:]  # the sentence starts here
        delar.append(literal + ersattning)
    return "".join(delar)


def granska(
    mall: str,
    *,
    langsta: Mapping[str, object],
    kravs: Iterable[tuple[str, ...]] = (),
    varfor_kravs: str = "",
    max_langd: int | None = None,
) -> str | None:
    """What is wrong with `mall` (a Swedish sentence), or None.

    `langsta`: every allowed placeholder with its longest possible value, so the filled-in
    text can be checked against `max_langd`. `kravs`: groups of which one placeholder must
    appear (e.g. ("lopnummer", "lopnummer4")), for the reason `varfor_kravs` gives.
    """
    try:
        delar = _delar(mall, langsta)
    except Mallfel as exc:
        return str(exc)
    anvanda = {namn for _, namn in delar if namn is not None}
    for grupp in kravs:
        if not anvanda & set(grupp):
            krav = " eller ".join(f"{{{n}}}" for n in grupp)
            return f"Mallen måste innehålla {krav}{varfor_kravs}."
    if max_langd is not None:
        langd = len(fyll_i(mall, langsta))
        if langd > max_langd:
            return (
                f"Med de längsta möjliga värdena blir texten {langd} tecken lång, men högst "
                f"{max_langd} tecken får plats. Korta mallen."
            )
    return None
