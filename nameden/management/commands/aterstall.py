"""Restore a backup from `sakerhetskopiera` into an empty database and storage, or check one.

    python manage.py aterstall --fran /srv/backup/remiss-2026-12-01 --kontrollera
    python manage.py aterstall --fran /srv/backup/remiss-2026-12-01

`--kontrollera` reads the backup alone: the dump and every file against the manifest's
SHA-256, and every document's recorded hash against its file. Without it the backup is
checked the same way first, then restored into the configured database and default storage,
which must both be empty, and the restored site is checked against the manifest: every file
read back through the storage, every document, the rows of every table. Any mismatch ends
with exit status 1 (`nameden.sakerhetskopia`).
"""

from django.core.management.base import BaseCommand, CommandError

from nameden import sakerhetskopia
from nameden.management.commands.sakerhetskopiera import storlek
from nameden.svenska import antal


class Command(BaseCommand):
    help = (
        "Återställer en säkerhetskopia (från sakerhetskopiera) till en tom databas och en tom "
        "lagring och kontrollerar resultatet mot manifestet; med --kontrollera kontrolleras "
        "bara säkerhetskopian."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--fran", required=True, help="Säkerhetskopians mapp.")
        parser.add_argument(
            "--kontrollera",
            action="store_true",
            help="Kontrollera säkerhetskopian mot manifestet utan att återställa något.",
        )

    def handle(self, *args, fran: str, kontrollera: bool, **options):
        try:
            if kontrollera:
                resultat = sakerhetskopia.kontrollera(fran)
            else:
                resultat = sakerhetskopia.aterstall(fran)
        except sakerhetskopia.SakerhetskopiaFel as exc:
            raise CommandError(str(exc)) from exc
        vad = (
            f"Säkerhetskopian i {fran}"
            if kontrollera
            else f"Databasen och lagringen, återställda från {fran},"
        )
        figurer = (
            f"{antal(resultat.filer, 'fil', 'filer')} ({storlek(resultat.byte)}), "
            f"{antal(resultat.dokument, 'dokument', 'dokument')}, "
            f"{antal(resultat.rader, 'rad', 'rader')}"
        )
        if resultat.avvikelser:
            for fel in resultat.avvikelser:
                self.stderr.write(fel)
            raise CommandError(
                f"{vad} stämmer inte med manifestet: "
                f"{antal(len(resultat.avvikelser), 'avvikelse', 'avvikelser')} (se ovan)."
            )
        self.stdout.write(self.style.SUCCESS(f"{vad} stämmer med manifestet: {figurer}."))
