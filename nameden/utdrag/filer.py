"""Reading a stored protokollsutdrag back: only unchanged (its SHA-256 checked on every read).

A protokollsutdrag is an allmän handling: if its stored file is missing or no longer matches
its recorded hash, it is logged with both hashes and never served.
"""

import hashlib
import logging

from nameden.models import Protokollsutdrag

logger = logging.getLogger(__name__)


class UtdragSkadad(Exception):
    """The stored utdrag is missing or no longer matches its SHA-256. Never served."""


def utdrag_fil(utdrag: Protokollsutdrag) -> bytes:
    """The utdrag's bytes, read back from storage only if they match the recorded SHA-256."""
    try:
        with utdrag.fil.open("rb") as fil:
            data = fil.read()
    except (OSError, ValueError) as exc:
        logger.error("Protokollsutdrag %s: %s cannot be read: %s", utdrag.pk, utdrag.fil.name, exc)
        raise UtdragSkadad("Protokollsutdraget saknas i lagringen.") from exc
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 != utdrag.sha256:
        logger.error(
            "Protokollsutdrag %s: stored file %s has SHA-256 %s, recorded %s. Not served.",
            utdrag.pk,
            utdrag.fil.name,
            sha256,
            utdrag.sha256,
        )
        raise UtdragSkadad(
            "Protokollsutdraget stämmer inte med sin kontrollsumma och lämnas inte ut."
        )
    return data


def filnamn(utdrag: Protokollsutdrag) -> str:
    """'protokollsutdrag-2024-45.pdf': ASCII, from numbers only (never free text)."""
    return f"protokollsutdrag-{utdrag.paragraf.ar}-{utdrag.paragraf.nummer}.pdf"
