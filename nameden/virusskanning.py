"""Virus scanning of every upload by clamd, over its socket with the INSTREAM protocol.

A small client of our own (clamd's protocol is a few lines: `zINSTREAM\\0`, chunks prefixed
with their length as 4 bytes big-endian, a zero-length chunk, one answer ending in NUL), so
no extra package and no temporary file: the bytes go from the upload to the scanner.

Settings: `CLAMD_SOCKET` (a Unix socket, Debian's `/run/clamav/clamd.ctl` by default) or
`CLAMD_HOST` and `CLAMD_PORT` (TCP, as docker compose's clamd service listens), and
`CLAMD_TIMEOUT` in seconds. When clamd cannot be reached or does not answer as it should,
the upload fails closed: an unscanned file is never stored.

Production keeps clamd's signature database current with freshclam. The tests and `make run`
start their own clamd with a one-line signature file for the EICAR test string
(`nameden.clamd_lokal`), since the database cannot be downloaded everywhere.
"""

import logging
import socket
import struct

from django.conf import settings
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)

BIT = 64 * 1024

FEL_OTILLGANGLIG = (
    "Filen kunde inte kontrolleras mot virus eftersom virussökningen inte svarar just nu. "
    "Ingenting har sparats. Försök igen om en stund, och kontakta IT-supporten om det inte "
    "går."
)


def fel_virus(signatur: str) -> str:
    return (
        f"Virussökningen hittade skadlig kod i filen ({signatur}). Filen har inte sparats. "
        "Kontakta IT-supporten om du tror att det är fel."
    )


class SkannerOtillganglig(Exception):
    """clamd could not be reached or gave no valid answer."""


def _anslut() -> socket.socket:
    timeout = float(getattr(settings, "CLAMD_TIMEOUT", 30))
    host = getattr(settings, "CLAMD_HOST", "")
    if host:
        return socket.create_connection((host, int(settings.CLAMD_PORT)), timeout=timeout)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(str(settings.CLAMD_SOCKET))
    except OSError:
        sock.close()
        raise
    return sock


def _svar(sock: socket.socket) -> str:
    data = b""
    while not data.endswith(b"\x00"):
        bit = sock.recv(4096)
        if not bit:
            break
        data += bit
        if len(data) > 64 * 1024:
            break
    return data.rstrip(b"\x00").decode("utf-8", "replace").strip()


def ping() -> bool:
    """True when clamd answers PONG (for health checks and for waiting on a fresh clamd)."""
    try:
        with _anslut() as sock:
            sock.sendall(b"zPING\x00")
            return _svar(sock) == "PONG"
    except OSError:
        return False


def skanna(fil) -> str | None:
    """Stream the file to clamd; None when clean, the signature's name when infected.

    Raises SkannerOtillganglig when there is no valid verdict (unreachable, timeout, an
    error such as clamd's own size limit). The file is left at position 0.
    """
    fil.seek(0)
    try:
        with _anslut() as sock:
            sock.sendall(b"zINSTREAM\x00")
            while bit := fil.read(BIT):
                sock.sendall(struct.pack("!L", len(bit)) + bit)
            sock.sendall(struct.pack("!L", 0))
            svar = _svar(sock)
    except OSError as exc:
        raise SkannerOtillganglig(str(exc)) from exc
    finally:
        fil.seek(0)
    # "stream: OK", "stream: <signature> FOUND", or "<message> ERROR".
    if svar == "stream: OK":
        return None
    if svar.startswith("stream: ") and svar.endswith(" FOUND"):
        return svar.removeprefix("stream: ").removesuffix(" FOUND")
    raise SkannerOtillganglig(f"clamd answered {svar!r}")


def kontrollera(fil) -> None:
    """Raise a Swedish ValidationError when the file is infected or cannot be scanned."""
    try:
        signatur = skanna(fil)
    except SkannerOtillganglig as exc:
        logger.error("Upload refused: the virus scanner gave no verdict (%s)", exc)
        raise ValidationError(FEL_OTILLGANGLIG, code="skanner_otillganglig") from exc
    if signatur is not None:
        logger.warning("Upload refused: clamd found %s", signatur)
        raise ValidationError(fel_virus(signatur), code="virus")
