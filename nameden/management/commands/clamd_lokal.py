"""`manage.py clamd_lokal`: run a clamd of our own for `make run` (EICAR signature only).

`make run` starts it beside runserver and the worker and points `CLAMD_SOCKET` at its socket,
so uploads in the demo are scanned for real on a fresh machine without freshclam's database.
With `--vanta` it only waits until that clamd answers (the Makefile seeds the demo, which
uploads bilagor, after that). See `nameden.clamd_lokal`.
"""

import signal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from nameden import clamd_lokal


class Command(BaseCommand):
    help = "Kör en lokal clamd (endast EICAR-signaturen) för utveckling och demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--katalog",
            default=str(Path(settings.BASE_DIR) / "var" / "clamd"),
            help="Katalog för konfiguration, signaturfil, logg och socket.",
        )
        parser.add_argument(
            "--vanta", action="store_true", help="Vänta bara tills clamd i katalogen svarar."
        )

    def handle(self, *args, katalog, vanta, **options):
        katalog = Path(katalog).resolve()
        try:
            if vanta:
                clamd_lokal.vanta_pa(katalog / "clamd.sock", timeout=60)
                return
            lokal = clamd_lokal.starta(katalog)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"clamd svarar på {lokal.socket} (endast EICAR-signaturen).")

        def stopp(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stopp)
        try:
            lokal.process.wait()
        except KeyboardInterrupt:
            pass
        finally:
            lokal.stoppa()
