"""What the pages read about a sammanträde's packet: each version's state, whether the stored
packet is still current (inaktuell otherwise), the progress of a running build, and the
stored file, read back only if its SHA-256 holds."""

import logging
from dataclasses import dataclass

from django.utils import timezone

from nameden.models import Handlingspaket, Paketframsteg, Sammantrade
from nameden.paket.delar import fil_sha256
from nameden.paket.underlag import underlag_for

logger = logging.getLogger(__name__)
V = Handlingspaket.Version


class PaketSkadat(Exception):
    """The stored packet is missing or no longer matches its SHA-256. Never served."""


@dataclass(frozen=True)
class Versionslage:
    version: str
    namn: str
    paket: Handlingspaket | None
    inaktuell: bool
    pagar: bool

    @property
    def status(self) -> str:
        return self.paket.get_status_display() if self.paket else "Inte skapad"

    @property
    def kan_hamtas(self) -> bool:
        return self.paket is not None and self.paket.har_fil

    @property
    def misslyckades(self) -> bool:
        return self.paket is not None and self.paket.status == Handlingspaket.Status.FEL


@dataclass(frozen=True)
class Paketlage:
    versioner: tuple[Versionslage, ...]
    framsteg: Paketframsteg | None

    @property
    def pagar(self) -> bool:
        return any(v.pagar for v in self.versioner)

    @property
    def finns(self) -> bool:
        return any(v.paket is not None for v in self.versioner)


def paketlage(sammantrade: Sammantrade) -> Paketlage:
    """Both versions' state (one query; two more to fingerprint the agenda when a packet is
    stored, and one for the progress while a build runs), whatever the agenda's length."""
    paket = {p.version: p for p in sammantrade.handlingspaket.all()}
    aktuellt = None
    if any(p.har_fil for p in paket.values()):
        aktuellt = underlag_for(sammantrade).fingeravtryck
    nu = timezone.now()
    versioner = tuple(
        Versionslage(
            version=version,
            namn=V(version).label,
            paket=paket.get(version),
            inaktuell=version in paket
            and paket[version].har_fil
            and paket[version].fingeravtryck != aktuellt,
            pagar=version in paket and paket[version].pagar(nu),
        )
        for version in V
    )
    framsteg = None
    if any(v.pagar for v in versioner):
        framsteg = Paketframsteg.objects.filter(sammantrade=sammantrade).first()
    return Paketlage(versioner=versioner, framsteg=framsteg)


def paket_for(sammantrade: Sammantrade, version: str) -> Handlingspaket | None:
    """The stored packet of `version` (None for an unknown version or none stored)."""
    if version not in V.values:
        return None
    return sammantrade.handlingspaket.filter(version=version).exclude(sha256="").first()


def paket_fil(paket: Handlingspaket):
    """The stored file, opened, after its SHA-256 was checked (read in chunks, never whole)."""
    try:
        faktisk = fil_sha256(paket.fil)
    except (OSError, ValueError) as exc:
        logger.error("Handlingspaket %s saknas i lagringen: %s", paket.pk, exc)
        raise PaketSkadat("Paketet saknas i lagringen.") from exc
    if faktisk != paket.sha256:
        logger.error(
            "Handlingspaket %s stämmer inte med sin SHA-256 (%s, lagrad %s)",
            paket.pk,
            faktisk,
            paket.sha256,
        )
        raise PaketSkadat("Paketet har ändrats i lagringen och lämnas inte ut.")
    return paket.fil.open("rb")
