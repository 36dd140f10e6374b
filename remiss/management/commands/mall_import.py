"""Read a `remiss-mall/1` file into a dokumentmall (docs/mallar.md), all or nothing.

    python manage.py mall_import remiss/mallar/tjansteskrivelse.json
    python manage.py mall_import min-mall.json --ersatt

A mall whose name is taken is replaced only with --ersatt. Documents already created never
change: they hold their own copy of what the mall said when they were made.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nameden.svenska import antal
from remiss import mallfil
from remiss.mallfil import Mallfilfel
from remiss.mallfil_import import importens_kommun, mallfil_importera

#: A mall file is a few kilobytes; a logo in it at most a few hundred. Anything far larger
#: is not a mall file, and is refused before it is read into memory.
STORSTA_FIL = 5 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "Läser in en dokumentmall från en fil i formatet remiss-mall/1 (docs/mallar.md). "
        "Allt eller inget: vid fel ändras ingenting. En mall med samma namn ersätts bara med "
        "--ersatt, och dokument som redan skapats ändras aldrig."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("fil", help="Mallfilen (JSON).")
        parser.add_argument(
            "--ersatt",
            action="store_true",
            help="Ersätt en befintlig mall med samma namn (skapade dokument ändras inte).",
        )
        parser.add_argument(
            "--kommun",
            default="",
            help="Kommunen som mallen är till för. Behövs bara när installationen har flera.",
        )
        parser.add_argument(
            "--alla-kommuner",
            action="store_true",
            help="En mall som alla kommuner i installationen får använda.",
        )

    def handle(
        self, *args, fil: str, ersatt: bool, kommun: str, alla_kommuner: bool, **options
    ) -> None:
        try:
            mallens_kommun = importens_kommun(namn=kommun, alla=alla_kommuner)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        sokvag = Path(fil)
        try:
            if sokvag.stat().st_size > STORSTA_FIL:
                raise CommandError(f"{fil} är större än 5 MB och är ingen mallfil.")
            text = sokvag.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"Filen {fil} finns inte.") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{fil} är inte en textfil i UTF-8.") from exc
        except OSError as exc:
            raise CommandError(f"Kunde inte läsa {fil}: {exc.strerror or exc}.") from exc
        try:
            data = mallfil.las(text)
            resultat = mallfil_importera(
                data=data, ersatt=ersatt, kalla=sokvag.name, kommun=mallens_kommun
            )
        except Mallfilfel as exc:
            raise CommandError(f"{fil} importerades inte. Ingenting har ändrats.\n{exc}") from exc
        vad = "Ersatte" if resultat.ersatt else "Skapade"
        profil = {
            "": "",
            "skapad": " Kommunen med profilen skapades.",
            "ersatt": " Kommunens grafiska profil ersattes.",
            "oförändrad": " Kommunens grafiska profil var redan densamma.",
        }[resultat.profil]
        self.stdout.write(
            self.style.SUCCESS(
                f"{vad} mallen ”{resultat.mall.namn}” "
                f"({antal(resultat.antal_avsnitt, 'avsnitt', 'avsnitt')}).{profil}"
            )
        )
