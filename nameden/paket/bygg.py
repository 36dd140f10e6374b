"""Building both versions of a sammanträde's packet: what the worker (and the export command)
runs.

The build never holds a transaction or the sammanträde's lock while it works: it takes the
lock briefly to claim the order (köad → bygger), reads its snapshot (`underlag_for`), does
the slow part outside any transaction (processing handlingar into the part cache, rendering
the two kallelser, in pieces when long, joining), and takes the lock again to store the
result. A failure is recorded as "fel" with a Swedish message, and the packet stored before
stays as it was.

Steps, with progress written to `Paketframsteg` as they go: every handling the packet
carries (from the cache, or processed now), then per version the kallelse and the joining,
then storing.
"""

import hashlib
import logging
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from nameden import events, selectors
from nameden.historik import save_tracked
from nameden.models import Handlingsdel, Handlingspaket, Paketframsteg, Sammantrade
from nameden.paket import delar as delmodul
from nameden.paket.kallelse import kallelse_delar
from nameden.paket.sammanfoga import Avsnitt, sammanfoga
from nameden.paket.underlag import PunktUnderlag, Underlag, underlag_for
from nameden.pdf import PdfFel
from nameden.services.las import las_sammantrade

logger = logging.getLogger(__name__)

V = Handlingspaket.Version
S = Handlingspaket.Status
#: Failures the build explains to the user as they are; any other is a fault of ours.
KANDA_FEL = (delmodul.DelFel, selectors.HandlingSkadad, PdfFel)
OVANTAT_FEL = (
    "Kallelse och handlingar kunde inte skapas på grund av ett oväntat fel. Försök igen; "
    "kvarstår felet, kontakta förvaltningens it-stöd."
)


@dataclass(frozen=True)
class Byggresultat:
    paket: dict[str, Handlingspaket]
    byggt: bool
    nya: int = 0
    ateranvanda: int = 0


def paket_bygg_bestallt(sammantrade_id: int) -> Byggresultat | None:
    """Build the sammanträde's ordered packet, if an order waits (None if none does: another
    worker took it, or it was built meanwhile)."""
    with transaction.atomic():
        sammantrade = las_sammantrade(Sammantrade(pk=sammantrade_id))
        paket = _paket(sammantrade)
        if not any(p.status in Handlingspaket.PAGAR for p in paket.values()):
            return None
        user = next((p.bestalld_av for p in paket.values() if p.bestalld_av_id), None)
        _bygger(paket, user=user)
    return _bygg(sammantrade, paket, user=user)


def paket_bygg(*, sammantrade: Sammantrade, user=None) -> Byggresultat:
    """Build the packet now, without the queue (the export command): the same steps."""
    with transaction.atomic():
        sammantrade = las_sammantrade(sammantrade)
        paket = _paket(sammantrade, skapa=True, user=user)
        _bygger(paket, user=user)
    return _bygg(sammantrade, paket, user=user)


def _paket(sammantrade, *, skapa: bool = False, user=None) -> dict[str, Handlingspaket]:
    paket = {p.version: p for p in sammantrade.handlingspaket.select_related("bestalld_av")}
    for version in V if skapa else ():
        if version not in paket:
            paket[version] = Handlingspaket(
                sammantrade=sammantrade, version=version, status=S.KOAD, bestalld_av=user
            )
    return paket


def _bygger(paket: dict[str, Handlingspaket], *, user) -> None:
    nu = timezone.now()
    for p in paket.values():
        p.status, p.startad_at, p.felmeddelande = S.BYGGER, nu, ""
        p.bestalld_at = p.bestalld_at or nu
        save_tracked(p, user=user, reason="Skapas")


def _bygg(sammantrade: Sammantrade, paket: dict[str, Handlingspaket], *, user) -> Byggresultat:
    underlag = underlag_for(sammantrade)
    if _redan_aktuellt(paket, underlag):
        return _oforandrat(sammantrade, user=user)
    steg = _Framsteg(sammantrade, totalt=len(underlag.handlingar) + 2 * len(V) + 1)
    try:
        with tempfile.TemporaryDirectory(prefix="handlingar-") as tmp:
            tmp = Path(tmp)
            filer, nya, ateranvanda = _delar(underlag, tmp=tmp, steg=steg)
            utfall = {v: _version(underlag, v, filer, tmp=tmp, steg=steg) for v in V}
            steg.nu("Sparar kallelse och handlingar")
            resultat = _spara(sammantrade, utfall, underlag, nya, ateranvanda, user=user)
        steg.klart()
        return resultat
    except Exception as exc:
        kant = isinstance(exc, KANDA_FEL)
        if not kant:
            logger.exception("Kallelse och handlingar för sammanträde %s", sammantrade.pk)
        _misslyckat(sammantrade, str(exc) if kant else OVANTAT_FEL, user=user)
        steg.klart("Misslyckades")
        if not kant:
            raise
        return Byggresultat(paket=_paket(sammantrade), byggt=False)


def _redan_aktuellt(paket: dict[str, Handlingspaket], underlag: Underlag) -> bool:
    return len(paket) == len(V) and all(
        p.har_fil and p.fingeravtryck == underlag.fingeravtryck and paket_hel(p)
        for p in paket.values()
    )


def paket_hel(paket: Handlingspaket) -> bool:
    """Is the stored packet still the file it was built as (its SHA-256)?"""
    try:
        return delmodul.fil_sha256(paket.fil) == paket.sha256
    except (OSError, ValueError):
        return False


def _delar(underlag: Underlag, *, tmp: Path, steg: "_Framsteg"):
    """Every handling's processed file, by SHA-256: from the cache, or processed now."""
    sparade = delmodul.sparade_delar(underlag.handlingar)
    filer: dict[str, tuple[Handlingsdel, Path]] = {}
    nya = ateranvanda = 0
    antal = len(underlag.handlingar)
    for nummer, handling in enumerate(underlag.handlingar, start=1):
        steg.nu(f"Handling {nummer} av {antal}: ”{handling.titel}”")
        if handling.sha256 in filer:
            ateranvanda += 1
            continue
        del_ = sparade.get(handling.sha256)
        if del_ is not None and delmodul.del_hel(del_):
            ateranvanda += 1
        else:
            if del_ is not None:
                logger.warning("Handlingsdel %s stämmer inte med sin SHA-256: görs om", del_.pk)
            del_ = delmodul.del_skapa(handling, gammal=del_)
            nya += 1
        filer[handling.sha256] = (del_, _lokal(del_.fil, tmp=tmp))
    return filer, nya, ateranvanda


def _lokal(fil, *, tmp: Path) -> Path:
    """A local path to a stored file: its own on the file system, else a copy in `tmp`."""
    with suppress(NotImplementedError, AttributeError):
        return Path(fil.path)
    kopia = tmp / f"kopia-{hashlib.sha256(fil.name.encode()).hexdigest()}.pdf"
    with fil.open("rb") as kalla, kopia.open("wb") as ut:
        for bit in iter(lambda: kalla.read(1 << 20), b""):
            ut.write(bit)
    return kopia


def _version(underlag: Underlag, version: str, filer, *, tmp: Path, steg: "_Framsteg"):
    """Render the kallelse of `version` and join it with its handlingar: (path, pages)."""
    offentlig = version == V.OFFENTLIG
    punkter = underlag.punkter_i(offentlig=offentlig)
    namn = V(version).label.lower()
    steg.nu(f"Skapar kallelsen ({namn} version)")
    kallelse = kallelse_delar(
        underlag,
        offentlig=offentlig,
        skapad=timezone.now(),
        sidhanvisningar=sidhanvisningar(punkter, filer),
    )
    kallelsefiler = []
    for nummer, del_ in enumerate(kallelse.delar, start=1):
        kallelsefiler.append(tmp / f"kallelse-{version}-{nummer}.pdf")
        kallelsefiler[-1].write_bytes(del_.pdf)
    del kallelse
    steg.nu(f"Sätter ihop den {'offentliga' if offentlig else 'fullständiga'} versionen")
    ut = tmp / f"paket-{version}.pdf"
    sammantrade = underlag.sammantrade
    titel = f"Kallelse och handlingar – {sammantrade.namnd.namn} {sammantrade.datum.isoformat()}"
    sidor = sammanfoga(
        kallelsefiler,
        [
            Avsnitt(
                rubrik=f"{p.ordning}. {p.punkt.rubrik}",
                prefix=f"{p.ordning}:",
                handlingar=tuple((h, filer[h.sha256][1]) for h in p.handlingar),
            )
            for p in punkter
        ],
        ut=ut,
        titel=titel + (" (offentlig version)" if offentlig else ""),
    )
    return ut, sidor


def sidhanvisningar(punkter: tuple[PunktUnderlag, ...], filer) -> dict[int, str]:
    """Where each handling stands, by the packet's page labels: "5:1–5:3", "5:4"."""
    ut = {}
    for p in punkter:
        forsta = 1
        for handling in p.handlingar:
            sidor = filer[handling.sha256][0].sidor
            sista = forsta + sidor - 1
            ut[handling.pk] = (
                f"{p.ordning}:{forsta}"
                if sidor == 1
                else f"{p.ordning}:{forsta}–{p.ordning}:{sista}"
            )
            forsta = sista + 1
    return ut


def _spara(sammantrade, utfall, underlag, nya, ateranvanda, *, user) -> Byggresultat:
    with transaction.atomic():
        sammantrade = las_sammantrade(sammantrade)
        paket = _paket(sammantrade)
        nu = timezone.now()
        for version, (fil, sidor) in utfall.items():
            p = paket[version]
            with fil.open("rb") as f:
                p.sha256 = hashlib.file_digest(f, "sha256").hexdigest()
                f.seek(0)
                p.fil.save(f"{sammantrade.pk}-{version}-{p.sha256[:12]}.pdf", File(f), save=False)
            p.storlek, p.sidor = fil.stat().st_size, sidor
            p.fingeravtryck, p.byggt_at = underlag.fingeravtryck, nu
            p.delar_nya, p.delar_ateranvanda = nya, ateranvanda
            p.status, p.klar_at, p.felmeddelande = S.KLAR, nu, ""
            save_tracked(p, user=user, reason=f"Skapades: {sidor} sidor")
        full, offentlig = paket[V.FULLSTANDIG], paket[V.OFFENTLIG]
        events.record(
            sammantrade,
            "paket_klart",
            user=user,
            sidor=full.sidor,
            offentliga=offentlig.sidor,
            sha=full.sha256[:12],
            nya=nya,
            ateranvanda=ateranvanda,
        )
    return Byggresultat(paket=paket, byggt=True, nya=nya, ateranvanda=ateranvanda)


def _oforandrat(sammantrade, *, user) -> Byggresultat:
    """Nothing changed since the stored packet was built: it stays, nothing is rebuilt."""
    with transaction.atomic():
        sammantrade = las_sammantrade(sammantrade)
        paket = _paket(sammantrade)
        for p in paket.values():
            p.status, p.klar_at = S.KLAR, timezone.now()
            save_tracked(p, user=user, reason="Oförändrat: skapades inte om")
    return Byggresultat(paket=paket, byggt=False)


def _misslyckat(sammantrade, text: str, *, user) -> None:
    with transaction.atomic():
        sammantrade = las_sammantrade(sammantrade)
        for p in _paket(sammantrade).values():
            p.status, p.klar_at, p.felmeddelande = S.FEL, timezone.now(), text
            save_tracked(p, user=user, reason="Misslyckades")
        events.record(sammantrade, "paket_fel", user=user, fel=text.rstrip("."))


class _Framsteg:
    """Progress of one build, written to its row at most every `INTERVALL` seconds."""

    INTERVALL = 0.3

    def __init__(self, sammantrade: Sammantrade, *, totalt: int):
        self.pk, self.totalt, self.klara, self._skrivet = sammantrade.pk, totalt, -1, 0.0
        Paketframsteg.objects.update_or_create(
            sammantrade=sammantrade,
            defaults={"steg_klara": 0, "steg_totalt": totalt, "steg_text": "Läser underlaget"},
        )

    def nu(self, text: str) -> None:
        """The previous step is done; `text` is the one now running."""
        self.klara += 1
        if time.monotonic() - self._skrivet >= self.INTERVALL:
            self._skriv(text)

    def klart(self, text: str = "Klart") -> None:
        self.klara = self.totalt
        self._skriv(text)

    def _skriv(self, text: str) -> None:
        self._skrivet = time.monotonic()
        Paketframsteg.objects.filter(pk=self.pk).update(
            steg_klara=max(0, min(self.klara, self.totalt)),
            steg_totalt=self.totalt,
            steg_text=text[:300],
            uppdaterad_at=timezone.now(),
        )
