"""The mall file's JSON Schema, read and applied: the schema in docs/ IS the import's check.

`jsonschema` is not a dependency, and a second, hand-written structural check would drift
from the published schema. So the importer interprets the published file itself
(docs/schemas/remiss-mall-1.schema.json), with a deliberately small subset of JSON Schema
2020-12: the keywords in `KANDA_NYCKELORD`. A keyword outside that subset makes loading the
schema fail (`SchemaFel`), so the schema can never say something the importer silently
ignores: what the schema accepts is what the import accepts, by construction.

Errors are (place, Swedish message) pairs; the place is written as in jq
(`avsnitt[3].rubrik`, index from 0) so an administrator can find it in the file.
"""

import copy
import functools
import json
import re
from pathlib import Path

from django.conf import settings

SCHEMAFIL = Path(settings.BASE_DIR) / "docs" / "schemas" / "remiss-mall-1.schema.json"

#: What the interpreter applies (validation) or may safely ignore (annotations).
VALIDERANDE = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "minItems",
    "maxItems",
    "enum",
    "const",
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "$ref",
}
ANNOTERANDE = {"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"}
KANDA_NYCKELORD = VALIDERANDE | ANNOTERANDE

_TYPNAMN = {
    "object": "ett objekt ({…})",
    "array": "en lista ([…])",
    "string": "en text",
    "boolean": "sant eller falskt (true/false)",
    "integer": "ett heltal",
    "null": "null",
}


class SchemaFel(Exception):
    """The schema file itself uses something the interpreter does not apply (a bug)."""


def _granska_schema(schema, plats: str = "#") -> None:
    if isinstance(schema, bool):
        return
    if not isinstance(schema, dict):
        raise SchemaFel(f"{plats}: ett schema ska vara ett objekt.")
    if okanda := set(schema) - KANDA_NYCKELORD:
        raise SchemaFel(f"{plats}: nyckelord som tolken inte tillämpar: {sorted(okanda)}")
    for namn, del_ in schema.get("properties", {}).items():
        _granska_schema(del_, f"{plats}/properties/{namn}")
    for namn, del_ in schema.get("$defs", {}).items():
        _granska_schema(del_, f"{plats}/$defs/{namn}")
    for nyckel in ("items", "additionalProperties"):
        if nyckel in schema:
            _granska_schema(schema[nyckel], f"{plats}/{nyckel}")


@functools.cache
def schema() -> dict:
    """The published schema, checked once to use only what `granska` applies."""
    data = json.loads(SCHEMAFIL.read_text(encoding="utf-8"))
    _granska_schema(data)
    return data


def _typ_av(varde) -> str:
    if varde is None:
        return "null"
    if isinstance(varde, bool):
        return "boolean"
    if isinstance(varde, int):
        return "integer"
    if isinstance(varde, str):
        return "string"
    if isinstance(varde, list):
        return "array"
    if isinstance(varde, dict):
        return "object"
    return "okänd"


def _las_ref(rot: dict, ref: str) -> dict:
    if not ref.startswith("#/$defs/"):
        raise SchemaFel(f"Bara lokala $ref till #/$defs stöds: {ref}")
    return rot["$defs"][ref.removeprefix("#/$defs/")]


def _visa(varde) -> str:
    """A value as the message quotes it: texts in Swedish quotation marks, short."""
    text = f"”{varde}”" if isinstance(varde, str) else json.dumps(varde, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…”"


def granska(data, *, rot: dict | None = None) -> list[tuple[str, str]]:
    """Every place in `data` where it breaks the schema, with a Swedish message."""
    rot = rot if rot is not None else schema()
    fel: list[tuple[str, str]] = []
    _granska(data, rot, "", rot, fel)
    return fel


def _under(plats: str, namn: str) -> str:
    return f"{plats}.{namn}" if plats else namn


def _granska(varde, del_, plats: str, rot: dict, fel: list) -> None:
    if del_ is True:
        return
    if del_ is False:
        fel.append((plats, "får inte finnas här."))
        return
    if "$ref" in del_:
        _granska(varde, _las_ref(rot, del_["$ref"]), plats, rot, fel)
    typer = del_.get("type")
    if typer is not None:
        typer = [typer] if isinstance(typer, str) else typer
        if _typ_av(varde) not in typer:
            onskat = " eller ".join(_TYPNAMN[t] for t in typer)
            fel.append((plats or "filen", f"ska vara {onskat}, inte {_visa(varde)}."))
            return
    if "const" in del_ and varde != del_["const"]:
        fel.append((plats, f"ska vara {_visa(del_['const'])}, inte {_visa(varde)}."))
        return
    if "enum" in del_ and varde not in del_["enum"]:
        tillatna = ", ".join(_visa(v) for v in del_["enum"])
        fel.append((plats, f"{_visa(varde)} är inte tillåtet. Tillåtna värden: {tillatna}."))
        return
    if isinstance(varde, str):
        _granska_text(varde, del_, plats, fel)
    elif isinstance(varde, int) and not isinstance(varde, bool):
        if "minimum" in del_ and varde < del_["minimum"]:
            fel.append((plats, f"får vara minst {del_['minimum']}."))
        if "maximum" in del_ and varde > del_["maximum"]:
            fel.append((plats, f"får vara högst {del_['maximum']}."))
    elif isinstance(varde, list):
        _granska_lista(varde, del_, plats, rot, fel)
    elif isinstance(varde, dict):
        _granska_objekt(varde, del_, plats, rot, fel)


def _granska_text(varde: str, del_: dict, plats: str, fel: list) -> None:
    if "minLength" in del_ and len(varde) < del_["minLength"]:
        fel.append(
            (
                plats,
                "får inte vara tom."
                if del_["minLength"] == 1
                else f"ska vara minst {del_['minLength']} tecken.",
            )
        )
    elif "maxLength" in del_ and len(varde) > del_["maxLength"]:
        fel.append((plats, f"får vara högst {del_['maxLength']} tecken (är {len(varde)})."))
    elif "pattern" in del_ and not re.search(del_["pattern"], varde):
        forklaring = del_.get("description", "")
        fel.append((plats, f"{_visa(varde)} har fel form. {forklaring}".strip()))


def _granska_lista(varde: list, del_: dict, plats: str, rot: dict, fel: list) -> None:
    if "minItems" in del_ and len(varde) < del_["minItems"]:
        fel.append(
            (
                plats,
                f"ska ha minst {del_['minItems']} {'post' if del_['minItems'] == 1 else 'poster'}.",
            )
        )
    if "maxItems" in del_ and len(varde) > del_["maxItems"]:
        fel.append((plats, f"får ha högst {del_['maxItems']} poster (har {len(varde)})."))
    if "items" in del_:
        for index, post in enumerate(varde):
            _granska(post, del_["items"], f"{plats}[{index}]", rot, fel)


def _granska_objekt(varde: dict, del_: dict, plats: str, rot: dict, fel: list) -> None:
    egenskaper = del_.get("properties", {})
    for namn in del_.get("required", []):
        if namn not in varde:
            fel.append((_under(plats, namn), "saknas. Fältet måste finnas."))
    ovriga = del_.get("additionalProperties", True)
    for namn, post in varde.items():
        if namn in egenskaper:
            _granska(post, egenskaper[namn], _under(plats, namn), rot, fel)
        elif ovriga is False:
            mojliga = ", ".join(egenskaper)
            fel.append((_under(plats, namn), f"okänt fält. Möjliga fält här: {mojliga}."))
        else:
            _granska(post, ovriga, _under(plats, namn), rot, fel)


def med_standardvarden(data, *, rot: dict | None = None):
    """`data` (already valid) with every field the file left out set to the schema's
    "default": the schema is the one place a file's defaults are written down."""
    rot = rot if rot is not None else schema()
    return _fyll_i(copy.deepcopy(data), rot, rot)


def _fyll_i(varde, del_, rot: dict):
    if not isinstance(del_, dict):
        return varde
    if "$ref" in del_:
        varde = _fyll_i(varde, _las_ref(rot, del_["$ref"]), rot)
    if isinstance(varde, dict):
        for namn, egenskap in del_.get("properties", {}).items():
            if namn not in varde and isinstance(egenskap, dict) and "default" in egenskap:
                varde[namn] = copy.deepcopy(egenskap["default"])
            if namn in varde:
                varde[namn] = _fyll_i(varde[namn], egenskap, rot)
    elif isinstance(varde, list) and "items" in del_:
        varde = [_fyll_i(post, del_["items"], rot) for post in varde]
    return varde
