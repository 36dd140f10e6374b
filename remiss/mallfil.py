"""Mallar as files: the `remiss-mall/1` format, read and written (docs/mallar.md).

A kommun shares its dokumentmall (header, layout, sections, attest chain, optionally its
grafisk profil) as one JSON file; `manage.py mall_export` writes it, `manage.py mall_import`
reads it. This module is the file itself, with no database: parsing, every check that needs
only the file (the published schema, read by `remiss.mallfil_schema`, then what a schema
cannot say, such as two sections with the same key), and the one canonical way to write it,
so that export → import → export gives the same bytes.

What the database must say (a name already taken, a label the PDF font cannot draw, a logo
the sanitiser refuses) is checked by the import (`remiss.mallfil_import`), which reports in
the same form: every error with its place in the file, `avsnitt[3].rubrik: …`.
"""

import json
from dataclasses import dataclass

from remiss import mallfil_schema

FORMAT = "remiss-mall/1"

#: The order fields are written in: what a reader meets first comes first.
ORDNING = (
    "format",
    "namn",
    "dokumenttyp",
    "underrubrik",
    "attestkedja",
    "huvud",
    "layout",
    "avsnitt",
    "profil",
)
AVSNITT_ORDNING = (
    "nyckel",
    "rubrik",
    "typ",
    "obligatorisk",
    "efter_undertecknare",
    "hjalptext",
    "standardtext",
)
HUVUD_ORDNING = (
    "falt",
    "etikett",
    "etikettform",
    "placering",
    "med_titel",
    "med_telefon",
    "med_epost",
)


@dataclass
class Mallfilfel(Exception):
    """The file cannot be imported: every problem found, each with its place in the file."""

    fel: list[tuple[str, str]]

    def __str__(self) -> str:
        rader = [f"{plats}: {text}" if plats else text for plats, text in self.fel]
        return "\n".join(rader)


def _utan_dubbletter(par: list[tuple[str, object]]) -> dict:
    """json's object hook: a key written twice would silently keep the last value."""
    data: dict = {}
    for nyckel, varde in par:
        if nyckel in data:
            raise _DubbelNyckel(nyckel)
        data[nyckel] = varde
    return data


class _DubbelNyckel(ValueError):
    def __init__(self, nyckel: str):
        super().__init__(nyckel)
        self.nyckel = nyckel


def tolka(text: str) -> dict:
    """The file's JSON as data; Mallfilfel if it is not one JSON object."""
    try:
        data = json.loads(text, object_pairs_hook=_utan_dubbletter)
    except _DubbelNyckel as exc:
        raise Mallfilfel(
            [("", f"Fältet ”{exc.nyckel}” står två gånger i samma objekt. Ta bort det ena.")]
        ) from exc
    except json.JSONDecodeError as exc:
        raise Mallfilfel(
            [("", f"Filen är inte giltig JSON: rad {exc.lineno}, kolumn {exc.colno}: {exc.msg}.")]
        ) from exc
    except RecursionError as exc:  # thousands of nested [ or {: no mall looks like that
        raise Mallfilfel([("", "Filen är för djupt nästlad för att vara en mallfil.")]) from exc
    if not isinstance(data, dict):
        raise Mallfilfel([("", "Filen ska innehålla ett JSON-objekt ({…}).")])
    return data


def granska(data: dict) -> None:
    """Raise Mallfilfel with every problem the file alone shows; return if there is none.

    The format version is checked first and alone: a file of another version would break
    most other rules too, and the one useful message is which version it is.
    """
    version = data.get("format")
    if version != FORMAT:
        if version is None:
            text = f'saknas. Filen ska börja med "format": "{FORMAT}".'
        else:
            text = (
                f"filen har formatet {json.dumps(version, ensure_ascii=False)}; "
                f"den här versionen läser bara ”{FORMAT}”."
            )
        raise Mallfilfel([("format", text)])
    fel = mallfil_schema.granska(data) + _regler_utover_schemat(data)
    if fel:
        raise Mallfilfel(fel)


def _dubbletter(poster: list[dict], *, lista: str, falt: str, text: str) -> list:
    fel = []
    forsta: dict[str, int] = {}
    for index, post in enumerate(poster if isinstance(poster, list) else []):
        varde = post.get(falt) if isinstance(post, dict) else None
        if not isinstance(varde, str):
            continue  # the schema says what is wrong with it
        if varde in forsta:
            fel.append(
                (
                    f"{lista}[{index}].{falt}",
                    f"”{varde}” finns redan i {lista}[{forsta[varde]}]. {text}",
                )
            )
        else:
            forsta[varde] = index
    return fel


def _regler_utover_schemat(data: dict) -> list[tuple[str, str]]:
    """What JSON Schema cannot say: keys unique among the sections, each header field once,
    each role once in the chain."""
    fel = _dubbletter(
        data.get("avsnitt"),
        lista="avsnitt",
        falt="nyckel",
        text="Varje avsnitt behöver en egen nyckel.",
    )
    fel += _dubbletter(
        data.get("huvud", []),
        lista="huvud",
        falt="falt",
        text="Varje fält får stå en gång i sidhuvudet.",
    )
    roller = data.get("attestkedja")
    roller = roller if isinstance(roller, list) else []
    for index, roll in enumerate(roller):
        if isinstance(roll, str) and roll in roller[:index]:
            fel.append((f"attestkedja[{index}]", f"”{roll}” står redan tidigare i kedjan."))
    return fel


def med_standardvarden(data: dict) -> dict:
    """The (checked) file with every field it left out set to the schema's default: what the
    import stores, and what an export of the imported mall writes."""
    return mallfil_schema.med_standardvarden(data)


def las(text: str) -> dict:
    """A file's text as checked data with defaults filled in; Mallfilfel otherwise."""
    data = tolka(text)
    granska(data)
    return med_standardvarden(data)


def _ordnad(data: dict, ordning: tuple[str, ...]) -> dict:
    forst = {namn: data[namn] for namn in ordning if namn in data}
    return forst | {namn: varde for namn, varde in data.items() if namn not in forst}


def skriv(data: dict) -> str:
    """The canonical text of a mall file: fixed field order, two-space indent, UTF-8 as is
    (å, ä, ö written as themselves), one newline at the end."""
    data = _ordnad(data, ORDNING)
    data["avsnitt"] = [_ordnad(a, AVSNITT_ORDNING) for a in data["avsnitt"]]
    if "huvud" in data:
        data["huvud"] = [_ordnad(rad, HUVUD_ORDNING) for rad in data["huvud"]]
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
