"""The SHA-256 fingerprint of a tjänsteutlåtande's whole content, in named canonical forms.

A canonical form is the `Dokument` value (every section and its paragraphs or beslutspunkter,
head, Till, undertecknare, bilagor by their file hashes, beredning as written in its section)
as JSON with sorted keys, no insignificant white space and UTF-8 text, tagged with the form's
name. Two documents that say the same thing have the same fingerprint; any change to what the
document says changes it.

Every attestation and final version records the form it was taken in
(`fingeravtryck_format`), and `stammer` checks it in that same form, so a form never changes
once used: a new one gets a new name in `FORMATER`.

- ``remiss-tu/1`` (until migration 0005): the header as it was then derived from the
  organisation: förvaltning, diarienummer, handläggare, telefon, Till and the meeting date.
- ``remiss-tu/2``: also the header fields the document has stored since 0005 (enhet, the
  handläggare's titel and e-post, the document's date).
"""

import hashlib
import json
from collections.abc import Callable

from remiss.dokument import Dokument, dokument_for
from remiss.models import Tjansteutlatande

#: The form new fingerprints are taken in.
FORMAT = "remiss-tu/2"

#: The `Dokument` keys of remiss-tu/1, exactly as it hashed them. Never change this tuple.
_V1_NYCKLAR = (
    "forvaltning",
    "dokumenttyp",
    "diarienummer",
    "handlaggare",
    "telefon",
    "till",
    "sammantradesdatum",
    "rubrik",
    "underrubrik",
    "avsnitt",
    "undertecknare",
    "bilagor",
    "beredning",
)


def _json(format: str, dokument: dict) -> bytes:
    data = {"format": format, "dokument": dokument}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def _v1(dokument: Dokument) -> bytes:
    data = dokument.as_dict()
    return _json("remiss-tu/1", {key: data[key] for key in _V1_NYCKLAR})


def _v2(dokument: Dokument) -> bytes:
    return _json("remiss-tu/2", dokument.as_dict())


#: Every canonical form ever used, by the name stored with a fingerprint.
FORMATER: dict[str, Callable[[Dokument], bytes]] = {
    "remiss-tu/1": _v1,
    "remiss-tu/2": _v2,
}


def kanonisk_form(dokument: Dokument, format: str = FORMAT) -> bytes:
    return FORMATER[format](dokument)


def fingeravtryck(dokument: Dokument, format: str = FORMAT) -> str:
    return hashlib.sha256(kanonisk_form(dokument, format)).hexdigest()


def fingeravtryck_for(tu: Tjansteutlatande) -> str:
    """Read the document fresh from the database and fingerprint it (in `FORMAT`)."""
    return fingeravtryck(dokument_for(tu))


def stammer(dokument: Dokument, *, sha256: str, format: str) -> bool:
    """Does `dokument` read exactly as the content whose fingerprint `sha256` was taken in
    canonical form `format`? The one question attest validity and final versions ask.

    An unknown format never matches.
    """
    if format not in FORMATER:
        return False
    return fingeravtryck(dokument, format) == sha256
