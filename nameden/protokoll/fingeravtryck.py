"""The SHA-256 fingerprint of a protokoll's content, and of one paragraf's, in named forms.

As for the tjänsteutlåtande (`remiss/fingeravtryck.py`): the canonical form is the content
value (`nameden.protokoll.innehall.ProtokollInnehall`) as JSON with sorted keys, no
insignificant white space and UTF-8 text, tagged with the form's name. Every justering
stores the form it was taken in, and `stammer` checks it in that same form, so a form never
changes once used: a new one gets a new name in `FORMATER`.

- ``nameden-protokoll/1``: the whole protokoll: header (nämnd, förvaltning, datum, tid,
  plats), närvaro, övriga närvarande, every § (rubrik, diarienummer, sekretess, text, beslut,
  yrkanden, omröstningar with each röst, reservationer, jäv, omedelbar justering), the
  ordförande, the justerare, the sekreterare, and the time and place of justering.
- ``nameden-paragraf/1``: one § for omedelbar justering: the header, the närvaro rows that
  cover the §, and the § itself. A later change elsewhere in the protokoll (another §, an
  övrig närvarande, the justering's time) leaves it alone; the justerare who justerade it
  are recorded on the justering itself.
"""

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable

from nameden.protokoll.innehall import ParagrafInnehall, ProtokollInnehall

FORMAT = "nameden-protokoll/1"
PARAGRAF_FORMAT = "nameden-paragraf/1"


def _varde(obj):
    if isinstance(obj, dt.date | dt.time):
        return obj.isoformat()
    raise TypeError(f"{type(obj).__name__} har ingen kanonisk form")


def _json(format: str, data: dict) -> bytes:
    return json.dumps(
        {"format": format, "innehall": data},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=_varde,
    ).encode()


def _huvud(innehall: ProtokollInnehall) -> dict:
    return {
        "namnd": innehall.namnd,
        "forvaltning": innehall.forvaltning,
        "datum": innehall.datum,
        "tid": innehall.tid,
        "plats": innehall.plats,
    }


def _protokoll_v1(innehall: ProtokollInnehall) -> bytes:
    return _json(FORMAT, dataclasses.asdict(innehall))


def _paragraf_v1(innehall: ProtokollInnehall, paragraf: ParagrafInnehall) -> bytes:
    data = {
        **_huvud(innehall),
        "narvaro": [dataclasses.asdict(r) for r in innehall.narvaro_for(paragraf)],
        "paragraf": dataclasses.asdict(paragraf),
    }
    return _json(PARAGRAF_FORMAT, data)


FORMATER: dict[str, Callable[[ProtokollInnehall], bytes]] = {FORMAT: _protokoll_v1}
PARAGRAF_FORMATER: dict[str, Callable[[ProtokollInnehall, ParagrafInnehall], bytes]] = {
    PARAGRAF_FORMAT: _paragraf_v1
}


def kanonisk_form(innehall: ProtokollInnehall, format: str = FORMAT) -> bytes:
    return FORMATER[format](innehall)


def fingeravtryck(innehall: ProtokollInnehall, format: str = FORMAT) -> str:
    return hashlib.sha256(kanonisk_form(innehall, format)).hexdigest()


def paragraf_fingeravtryck(
    innehall: ProtokollInnehall, paragraf_pk: int, format: str = PARAGRAF_FORMAT
) -> str:
    paragraf = innehall.paragraf_med_pk(paragraf_pk)
    return hashlib.sha256(PARAGRAF_FORMATER[format](innehall, paragraf)).hexdigest()


def stammer(
    innehall: ProtokollInnehall, *, sha256: str, format: str, paragraf_pk: int | None = None
) -> bool:
    """Does the content read exactly as it did when `sha256` was taken in `format` (the whole
    protokoll, or the § `paragraf_pk`)? An unknown format, or a § no longer there, never
    matches."""
    if paragraf_pk is None:
        return format in FORMATER and fingeravtryck(innehall, format) == sha256
    if format not in PARAGRAF_FORMATER or all(p.pk != paragraf_pk for p in innehall.paragrafer):
        return False
    return paragraf_fingeravtryck(innehall, paragraf_pk, format) == sha256
