"""Write a dokumentmall as a `remiss-mall/1` file (docs/mallar.md).

    python manage.py mall_export "Stockholms stad – tjänsteutlåtande" --out stockholm.json
    python manage.py mall_export "Tjänsteskrivelse" --out ts.json --med-profil

The file holds the mall's dokumenttyp, underrubrik, header, layout, sections and attest
chain; with --med-profil also the grafisk profil of the kommun the mall belongs to.
"""

from django.core.management.base import BaseCommand, CommandError

from nameden.management.export import skriv_atomiskt
from remiss.mallfil import Mallfilfel
from remiss.mallfil_export import mall_som_fil, profilens_kommun
from remiss.models import Dokumentmall


class Command(BaseCommand):
    help = (
        "Skriver en dokumentmall som fil i formatet remiss-mall/1 (docs/mallar.md), med "
        "sidhuvud, layout, avsnitt och attestkedja; med --med-profil även kommunens grafiska "
        "profil."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("namn", help="Mallens namn, som det står i administrationen.")
        parser.add_argument("--out", required=True, help="Filen som mallen skrivs till.")
        parser.add_argument(
            "--med-profil",
            action="store_true",
            help="Ta med kommunens grafiska profil (namn, färger, sidfot, logotyp).",
        )
        parser.add_argument(
            "--kommun",
            default="",
            help="Vilken kommuns profil (med --med-profil). Utan: mallens förvaltnings kommun, "
            "eller installationens enda kommun.",
        )

    def handle(self, *args, namn: str, out: str, med_profil: bool, kommun: str, **options) -> None:
        mall = Dokumentmall.objects.filter(namn=namn.strip()).first()
        if mall is None:
            finns = "; ".join(Dokumentmall.objects.values_list("namn", flat=True)[:20])
            raise CommandError(f"Det finns ingen mall som heter ”{namn}”. Mallar: {finns}.")
        profil = None
        if med_profil:
            try:
                profil = profilens_kommun(mall, namn=kommun)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        elif kommun:
            raise CommandError("--kommun gäller bara tillsammans med --med-profil.")
        try:
            text = mall_som_fil(mall, profil=profil)
        except Mallfilfel as exc:
            raise CommandError(f"Mallen ”{mall.namn}” går inte att skriva som fil:\n{exc}") from exc
        skriv_atomiskt(text.encode("utf-8"), out)
        med = f" med {profil.namn}s grafiska profil" if profil else ""
        self.stdout.write(self.style.SUCCESS(f"Skrev mallen ”{mall.namn}”{med} till {out}."))
