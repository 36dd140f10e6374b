"""Back up the database and every stored file into a new directory (docs/drift.md).

    python manage.py sakerhetskopiera --out /srv/backup/remiss-2026-12-01

The directory holds the database dump (pg_dump -Fc, or a SQLite copy), the files of the
default storage (the file system or S3) and `manifest.json`, written last, with every file's
size and SHA-256, the rows per table and every document's recorded hash
(`nameden.sakerhetskopia`). The command fails (exit status 1) when a document's file is
missing or differs from its recorded hash: the backup is still written, as the site is.
"""

from django.core.management.base import BaseCommand, CommandError

from nameden.sakerhetskopia import SakerhetskopiaFel, sakerhetskopiera
from nameden.svenska import antal


def storlek(byte: int) -> str:
    """'3,4 MB', as the operator reads it."""
    return f"{byte / 1024 / 1024:.1f} MB".replace(".", ",")


class Command(BaseCommand):
    help = (
        "Säkerhetskopierar databasen och alla lagrade filer till en ny mapp, med ett manifest "
        "(SHA-256 för varje fil) som skrivs sist. Återställ med aterstall --fran MAPP."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--out", required=True, help="En ny (eller tom) mapp som säkerhetskopian skrivs till."
        )

    def handle(self, *args, out: str, **options):
        try:
            resultat = sakerhetskopiera(out)
        except SakerhetskopiaFel as exc:
            raise CommandError(str(exc)) from exc
        sammanfattning = (
            f"databasen ({antal(resultat.rader, 'rad', 'rader')}) och "
            f"{antal(resultat.filer, 'fil', 'filer')} ({storlek(resultat.byte)}), "
            f"{antal(resultat.dokument, 'dokument', 'dokument')} med SHA-256"
        )
        if resultat.avvikelser:
            for fel in resultat.avvikelser:
                self.stderr.write(fel)
            raise CommandError(
                f"Säkerhetskopian i {out} är skriven ({sammanfattning}), men "
                f"{antal(len(resultat.avvikelser), 'dokument stämmer', 'dokument stämmer')} "
                "inte med sina filer (se ovan)."
            )
        self.stdout.write(self.style.SUCCESS(f"Säkerhetskopian i {out} är klar: {sammanfattning}."))
