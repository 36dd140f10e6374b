"""The stored protokoll PDFs, read back only if they still match their SHA-256.

A justerat protokoll is an allmän handling and never changes silently: a file that is missing
or no longer matches its recorded hash is logged and never served (`ProtokollfilSkadad`).
Once anslaget, the newest version is the one with the Anslagsbevis (`Anslag.fil`); the
justerat files of the `Protokoll` stay as they were.
"""

import hashlib
import logging
from dataclasses import dataclass

from nameden.models import Anslag, Protokoll

logger = logging.getLogger(__name__)


class ProtokollfilSkadad(Exception):
    """The stored file is missing or no longer matches its SHA-256. Never served."""


@dataclass(frozen=True)
class Protokollfil:
    innehall: bytes
    sha256: str
    filnamn: str
    #: "justerat" or "anslaget" (with the Anslagsbevis).
    version: str


def _anslag(protokoll: Protokoll) -> Anslag | None:
    try:
        return protokoll.anslag
    except Anslag.DoesNotExist:
        return None


def lagrad_fil(protokoll: Protokoll, *, offentlig: bool = False) -> Protokollfil | None:
    """The newest stored version (full or public) of a justerat protokoll; None before
    justering. Raises ProtokollfilSkadad rather than serve a changed file."""
    if protokoll.justerat_at is None:
        return None
    anslag = _anslag(protokoll)
    kalla = anslag if anslag is not None else protokoll
    fil = kalla.offentlig_fil if offentlig else kalla.fil
    sha256 = kalla.offentlig_sha256 if offentlig else kalla.sha256
    try:
        with fil.open("rb") as f:
            innehall = f.read()
    except (OSError, ValueError) as exc:
        logger.error("Protokollfilen %s saknas: %s", fil.name, exc)
        raise ProtokollfilSkadad("Den lagrade protokollfilen saknas.") from exc
    faktisk = hashlib.sha256(innehall).hexdigest()
    if faktisk != sha256:
        logger.error("Protokollfilen %s har SHA-256 %s, lagrad %s", fil.name, faktisk, sha256)
        raise ProtokollfilSkadad("Den lagrade protokollfilen har ändrats och visas inte.")
    datum = f"{protokoll.sammantrade.datum:%Y-%m-%d}"
    filnamn = f"protokoll-{datum}{'-offentlig' if offentlig else ''}.pdf"
    return Protokollfil(
        innehall=innehall,
        sha256=sha256,
        filnamn=filnamn,
        version="anslaget" if anslag is not None else "justerat",
    )
