"""Export a sammanträde's kallelse and handlingar as one PDF.

    python manage.py export_handlingar --namnd Socialnämnden --datum 2024-04-23 --out fil.pdf
    python manage.py export_handlingar --namnd Socialnämnden --datum 2024-04-23 --offentlig \\
        --out offentlig.pdf

Runs the same code as the page: if the stored packet was built from the agenda and handlingar
as they are now (and its file is intact) it is written out unchanged; otherwise it is built
now, by the worker's own steps (`nameden.paket.bygg.paket_bygg`), stored, and written out.
The file is written atomically: a temporary file in the same folder, renamed into place.
Runs as an operator with access to the database and storage: it checks no user's permissions.
"""

import datetime as dt
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nameden.models import Handlingspaket, Namnd, Sammantrade
from nameden.paket.bygg import paket_bygg, paket_hel
from nameden.paket.lage import PaketSkadat, paket_fil
from nameden.paket.underlag import underlag_for
from nameden.svenska import antal

V = Handlingspaket.Version


class Command(BaseCommand):
    help = (
        "Skriver kallelse och handlingar för ett sammanträde som en PDF. Är det lagrade "
        "paketet aktuellt skrivs det ut oförändrat; annars skapas det nu och lagras. "
        "Kontrollerar inga behörigheter: kommandot körs av driften."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--namnd", required=True, help="Nämndens namn, t.ex. Socialnämnden.")
        parser.add_argument("--datum", required=True, help="Sammanträdets datum, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--out", required=True, help="Filen som PDF:en skrivs till.")
        parser.add_argument(
            "--offentlig",
            action="store_true",
            help="Den offentliga versionen (utan punkter med sekretess).",
        )

    def handle(self, *args, namnd: str, datum: str, out: str, offentlig: bool, **options):
        sammantrade = _sammantrade(namnd, datum)
        version = V.OFFENTLIG if offentlig else V.FULLSTANDIG
        paket = sammantrade.handlingspaket.filter(version=version).first()
        nytt = paket is None or not _aktuellt(paket, sammantrade)
        if nytt:
            resultat = paket_bygg(sammantrade=sammantrade)
            paket = resultat.paket[version]
            if paket.status == Handlingspaket.Status.FEL:
                raise CommandError(paket.felmeddelande)
        try:
            with paket_fil(paket) as fil:
                _skriv_atomiskt(fil, Path(out))
        except PaketSkadat as exc:
            raise CommandError(str(exc)) from exc
        vad = "skapades nu" if nytt else "var aktuellt och skrevs ut oförändrat"
        self.stdout.write(
            self.style.SUCCESS(
                f"{sammantrade}: kallelse och handlingar ({V(version).label.lower()} version, "
                f"{antal(paket.sidor, 'sida', 'sidor')}, SHA-256 {paket.sha256[:12]}…) {vad}; "
                f"skrevs till {out}."
            )
        )


def _sammantrade(namnd: str, datum: str) -> Sammantrade:
    try:
        dag = dt.date.fromisoformat(datum.strip())
    except ValueError as exc:
        raise CommandError(
            f"Datumet ”{datum}” går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD, t.ex. 2024-04-23."
        ) from exc
    namn = " ".join(namnd.split())
    hittad = Namnd.objects.filter(namn__iexact=namn).first()
    if hittad is None:
        finns = ", ".join(Namnd.objects.order_by("namn").values_list("namn", flat=True)[:20])
        raise CommandError(
            f"Det finns ingen nämnd som heter ”{namn}”." + (f" Nämnder: {finns}." if finns else "")
        )
    sammantrade = (
        Sammantrade.objects.select_related("namnd__forvaltning")
        .filter(namnd=hittad, datum=dag)
        .first()
    )
    if sammantrade is None:
        raise CommandError(f"{hittad.namn} har inget sammanträde {dag.isoformat()}.")
    return sammantrade


def _aktuellt(paket: Handlingspaket, sammantrade: Sammantrade) -> bool:

    return (
        paket.har_fil
        and paket.fingeravtryck == underlag_for(sammantrade).fingeravtryck
        and paket_hel(paket)
    )


def _skriv_atomiskt(kalla, mal: Path) -> None:
    """Write `kalla` to `mal` so that `mal` is either the old file or the whole new one."""
    mapp = mal.parent if str(mal.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{mal.name}.", suffix=".tmp", dir=mapp)
    except OSError as exc:
        raise CommandError(f"Kunde inte skriva {mal}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, "wb") as ut:
            for bit in iter(lambda: kalla.read(1 << 20), b""):
                ut.write(bit)
            ut.flush()
            os.fsync(ut.fileno())
        os.replace(tmp, mal)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CommandError(f"Kunde inte skriva {mal}: {exc.strerror or exc}.") from exc
