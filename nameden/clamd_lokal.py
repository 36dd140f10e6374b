"""A clamd of our own, for the tests and `make run`: Debian's daemon with one signature.

clamd's real database comes from freshclam, which needs the network; without any database
clamd will not start. Here it loads a one-line signature file that finds the EICAR test
string anywhere in a stream (also inside a PDF or a ZIP, which clamd unpacks), so scanning is
real end to end: the same daemon, protocol and verdicts as in production, with a signature
set that only knows the test virus. Production runs clamd with freshclam's database instead
(docker compose's `clamd` service).
"""

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

# The EICAR anti-virus test file (68 bytes), joined at run time so that neither this source
# nor its compiled .pyc holds it whole (a scanner would flag the app's own files).
EICAR = b"".join([b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-", b"ANTIVIRUS-TEST-FILE!$H+H*"])
SIGNATUR = "Eicar-Test-Signature-Lokal"
# An extended signature (.ndb): name, any target type (0), at any offset (*), the bytes in hex.
NDB = f"{SIGNATUR}:0:*:{EICAR.hex()}\n"


@dataclass
class LokalClamd:
    katalog: Path
    socket: Path
    process: subprocess.Popen

    def stoppa(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def clamd_binar() -> str | None:
    return shutil.which("clamd") or next(
        (p for p in ("/usr/sbin/clamd", "/usr/bin/clamd") if Path(p).exists()), None
    )


def skriv_konfiguration(katalog: Path) -> Path:
    """Write the signature file and clamd.conf into `katalog`; return the config's path."""
    katalog.mkdir(parents=True, exist_ok=True)
    (katalog / "eicar.ndb").write_text(NDB, encoding="ascii")
    sock = katalog / "clamd.sock"
    conf = katalog / "clamd.conf"
    conf.write_text(
        "\n".join(
            [
                "Foreground yes",
                f"LocalSocket {sock}",
                "LocalSocketMode 660",
                f"DatabaseDirectory {katalog}",
                f"LogFile {katalog / 'clamd.log'}",
                f"PidFile {katalog / 'clamd.pid'}",
                # Above the largest upload (BILAGA_MAX_BYTES, 25 MB by default).
                "StreamMaxLength 64M",
                "MaxThreads 4",
                "SelfCheck 3600",
                "",
            ]
        ),
        encoding="ascii",
    )
    return conf


def vanta_pa(sock: Path, *, process: subprocess.Popen | None = None, timeout: float = 30) -> None:
    """Wait until clamd answers PING on `sock` (it loads its database before listening)."""
    import socket as _socket

    slut = time.monotonic() + timeout
    while time.monotonic() < slut:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"clamd avslutades med kod {process.returncode}")
        try:
            with _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM) as s:
                s.settimeout(2)
                s.connect(str(sock))
                s.sendall(b"zPING\x00")
                if s.recv(16).startswith(b"PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"clamd svarade inte på {sock} inom {timeout:.0f} sekunder")


def _do_med_foraldern() -> None:
    """In the child, before exec: ask Linux to end clamd when the process that started it
    dies, so a test run that is killed leaves no daemon behind (a no-op elsewhere)."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def starta(katalog: Path) -> LokalClamd:
    """Start clamd in the foreground of a child process, serving `katalog`/clamd.sock."""
    binar = clamd_binar()
    if binar is None:
        raise RuntimeError(
            "clamd saknas. Installera Debians clamav-daemon: bash .ci/install-system-deps"
        )
    conf = skriv_konfiguration(katalog)
    sock = katalog / "clamd.sock"
    sock.unlink(missing_ok=True)
    process = subprocess.Popen(
        [binar, "--config-file", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_do_med_foraldern,
    )
    try:
        vanta_pa(sock, process=process)
    except RuntimeError:
        process.kill()
        process.wait()
        raise
    return LokalClamd(katalog=katalog, socket=sock, process=process)
