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

from django.core.management.base import BaseCommand, CommandError

from nameden.management.export import sammantrade_for, sammantradesargument, skriv_atomiskt
from nameden.models import Handlingspaket, Sammantrade
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
        sammantradesargument(parser)
        parser.add_argument(
            "--offentlig",
            action="store_true",
            help="Den offentliga versionen (utan punkter med sekretess).",
        )

    def handle(
        self, *args, namnd: str, datum: str, kommun: str, out: str, offentlig: bool, **options
    ):
        sammantrade = sammantrade_for(namnd, datum, kommun=kommun)
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
                skriv_atomiskt(fil, out)
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


def _aktuellt(paket: Handlingspaket, sammantrade: Sammantrade) -> bool:
    return (
        paket.har_fil
        and paket.fingeravtryck == underlag_for(sammantrade).fingeravtryck
        and paket_hel(paket)
    )
