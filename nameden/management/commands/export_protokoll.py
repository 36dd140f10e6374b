"""Export a sammanträde's protokoll as PDF/A: the stored justerat version if there is one.

    python manage.py export_protokoll --namnd Socialnämnden --datum 2024-04-23 --out p.pdf
    python manage.py export_protokoll --namnd Socialnämnden --datum 2024-04-23 --out p.pdf \
        --offentlig

The sammanträde is chosen and the file written atomically as `export_handlingar` does
(`nameden.management.export`). The same code as the pages: a justerat protokoll is read back
from storage, hash-checked (`nameden.protokoll.filer`; with its Anslagsbevis once anslaget);
otherwise it is rendered now and marked UTKAST (`nameden.protokoll.pdf`). `--offentlig` gives
the public version, without the sekretess punkter's paragrafer. The command runs as an
operator with access to the database and storage, so it checks no user's permissions.
"""

from django.core.management.base import BaseCommand, CommandError

from nameden.management.export import sammantrade_for, sammantradesargument, skriv_atomiskt
from nameden.pdf import PdfFel
from nameden.protokoll import filer
from nameden.protokoll.pdf import protokoll_pdf
from nameden.services.protokoll import protokoll_for
from nameden.svenska import antal


class Command(BaseCommand):
    help = (
        "Skriver protokollet från ett sammanträde som PDF/A. Är protokollet justerat skrivs "
        "den lagrade versionen ut oförändrad (kontrollerad mot sin SHA-256); annars skapas "
        "PDF:en nu, märkt UTKAST. Kontrollerar inga behörigheter: kommandot körs av driften."
    )

    def add_arguments(self, parser) -> None:
        sammantradesargument(parser)
        parser.add_argument(
            "--offentlig",
            action="store_true",
            help="Den offentliga versionen (utan sekretessparagrafernas innehåll).",
        )

    def handle(
        self, *args, namnd: str, datum: str, kommun: str, out: str, offentlig: bool, **options
    ):
        sammantrade = sammantrade_for(namnd, datum, kommun=kommun)
        protokoll = protokoll_for(sammantrade)
        version = "offentliga versionen av " if offentlig else ""
        try:
            fil = filer.lagrad_fil(protokoll, offentlig=offentlig) if protokoll else None
            if fil is not None:
                data = fil.innehall
                vad = (
                    f"det justerade protokollet ({version}lagrad PDF/A, SHA-256 {fil.sha256[:12]}…)"
                )
                if fil.version == "anslaget":
                    vad += " med anslagsbevis"
            else:
                rendered = protokoll_pdf(sammantrade, protokoll, offentlig=offentlig, utkast=True)
                data = rendered.pdf
                vad = (
                    f"ett utkast av {version}protokollet ({antal(rendered.sidor, 'sida', 'sidor')}"
                    ", märkt UTKAST: protokollet är inte justerat)"
                )
        except (PdfFel, filer.ProtokollfilSkadad) as exc:
            raise CommandError(str(exc)) from exc
        skriv_atomiskt(data, out)
        self.stdout.write(self.style.SUCCESS(f"{sammantrade}: skrev {vad} till {out}."))
