"""The SHA-256 fingerprint of a tjänsteutlåtande's whole content.

Canonical form: the `Dokument` value (every section and its paragraphs or beslutspunkter,
head, Till, undertecknare, bilagor by their file hashes, beredning as written in its section)
as JSON with sorted keys, no insignificant white space and UTF-8 text. Two documents that say
the same thing have the same fingerprint; any change to what the document says changes it.
"""

import hashlib
import json

from remiss.dokument import Dokument, dokument_for
from remiss.models import Tjansteutlatande

#: Bump when the canonical form changes, so old fingerprints are never compared with new ones.
FORMAT = "remiss-tu/1"


def kanonisk_form(dokument: Dokument) -> bytes:
    data = {"format": FORMAT, "dokument": dokument.as_dict()}
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def fingeravtryck(dokument: Dokument) -> str:
    return hashlib.sha256(kanonisk_form(dokument)).hexdigest()


def fingeravtryck_for(tu: Tjansteutlatande) -> str:
    """Read the document fresh from the database and fingerprint it."""
    return fingeravtryck(dokument_for(tu))


def stammer(dokument: Dokument, *, sha256: str, format: str) -> bool:
    """Does `dokument` read exactly as the content whose fingerprint `sha256` was taken in
    canonical form `format`? The one question attest validity and final versions ask."""
    return format == FORMAT and fingeravtryck(dokument) == sha256
