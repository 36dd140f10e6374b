"""Export a remiss's tjänsteutlåtande as PDF: the stored final version in force, if any.

    python manage.py export_pdf "SOF 2024/1" --out tu.pdf
    python manage.py export_pdf "KS 2024/112" --out tu.pdf

DNR is the förvaltning's own diarienummer or the sender's. The command runs as an operator
with access to the database and storage, so it checks no user's permissions (there is no
user); keep it to people who may read every remiss anyway.

Only the final version in force (`selectors.gallande_slutversion`: not superseded, and its
content still the document's) is exported as final. A superseded final version is never
exported as final: the document is then rendered now, and the message says why.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from nameden.management.export import skriv_atomiskt
from nameden.pdf import PdfFel
from nameden.svenska import antal, datum_i_text
from remiss import attestlage, pdf, selectors
from remiss.models import Remiss, Slutversion, Tjansteutlatande


class Command(BaseCommand):
    help = (
        "Skriver tjänsteutlåtandet för en remiss som PDF/A. DNR är förvaltningens eller "
        "avsändarens diarienummer. Finns en gällande slutlig version skrivs den ut oförändrad; "
        "annars skapas PDF:en nu (märkt UTKAST om utlåtandet inte är attesterat). En upphävd "
        "slutversion skrivs aldrig ut som slutlig. Kontrollerar inga behörigheter: kommandot "
        "körs av driften."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "dnr", help="Diarienummer, till exempel ”SOF 2024/1” eller ”KS 2024/112”."
        )
        parser.add_argument("--out", required=True, help="Filen som PDF:en skrivs till.")

    def handle(self, *args, dnr: str, out: str, **options) -> None:
        remiss = remiss_for_dnr(dnr)
        try:
            tu = Tjansteutlatande.objects.select_related("sammantrade__namnd").get(remiss=remiss)
        except Tjansteutlatande.DoesNotExist as exc:
            raise CommandError(
                f"Remissen {remiss.diarienummer} har inget tjänsteutlåtande ännu."
            ) from exc
        tu.remiss = remiss
        slutversion = selectors.gallande_slutversion(tu)
        notis = ""
        try:
            if slutversion is not None:
                data = selectors.slutversion_fil(slutversion)
                vad = (
                    f"den slutliga versionen ({antal(slutversion.sidor, 'sida', 'sidor')}, SHA-256 "
                )
                vad += f"{slutversion.sha256[:12]}…)"
            else:
                rendered = pdf.tjansteutlatande_pdf(tu)
                data = rendered.pdf
                lage = "attesterad" if attestlage.ar_attesterad(tu) else "märkt UTKAST"
                vad = f"en ny PDF ({antal(rendered.sidor, 'sida', 'sidor')}, {lage})"
                notis = _ingen_gallande(tu)
        except (PdfFel, selectors.SlutversionSkadad) as exc:
            raise CommandError(str(exc)) from exc
        skriv_atomiskt(data, out)
        self.stdout.write(
            self.style.SUCCESS(f"{remiss.diarienummer}: skrev {vad} till {out}.{notis}")
        )


def _ingen_gallande(tu: Tjansteutlatande) -> str:
    """Why a document with final versions has none in force ("" if it never had one)."""
    senaste = Slutversion.objects.filter(tjansteutlatande=tu).first()
    if senaste is None:
        return ""
    if senaste.upphavd_at is not None:
        datum = datum_i_text(timezone.localdate(senaste.upphavd_at))
        orsak = f" ({senaste.upphavd_orsak})" if senaste.upphavd_orsak else ""
        return (
            f" Ingen slutversion gäller: den senaste upphävdes {datum}{orsak} och skrivs "
            "aldrig ut som slutlig. Den finns kvar i utlåtandets historik."
        )
    return (
        " Ingen slutversion gäller: den senaste stämmer inte med utlåtandets innehåll och "
        "skrevs inte ut."
    )


def _rad(remiss: Remiss) -> str:
    # The kommun too: with several kommuner two förvaltningar may share a name.
    forvaltning = remiss.forvaltning
    return (
        f"  {remiss.diarienummer} ({forvaltning.namn}, {forvaltning.kommun.namn}): {remiss.rubrik}"
    )


def remiss_for_dnr(dnr: str) -> Remiss:
    """The remiss with the förvaltning's own diarienummer `dnr`, or else the one remiss with
    it as the sender's; CommandError in Swedish otherwise (the other export commands too)."""
    dnr = " ".join(dnr.split())
    if not dnr:
        # "" would match every remiss whose sender has no number.
        raise CommandError("Ange ett diarienummer.")
    remisser = Remiss.objects.select_related("handlaggare", "forvaltning__kommun").prefetch_related(
        "namnder"
    )
    # A number is unique in its förvaltning's diarium; two diarier may share one.
    # A joint document is found by each deltagare's number too (remiss.samverkan).
    egna = list(
        remisser.filter(
            Q(diarienummer__iexact=dnr)
            | Q(medverkande__diarienummer__iexact=dnr, medverkande__borttagen_at__isnull=True)
        )
        .distinct()
        .order_by("forvaltning__kommun__namn", "forvaltning__namn")
    )
    if len(egna) == 1:
        return egna[0]
    if egna:
        rader = "\n".join(_rad(r) for r in egna)
        raise CommandError(
            f"Diarienumret ”{dnr}” finns i {len(egna)} förvaltningars diarier. Ange "
            f"avsändarens diarienummer i stället, om det skiljer remisserna åt:\n{rader}"
        )
    traffar = list(remisser.filter(avsandarens_diarienummer__iexact=dnr).order_by("diarienummer"))
    if not traffar:
        raise CommandError(
            f"Ingen remiss har diarienumret ”{dnr}”, varken som förvaltningens eller "
            "avsändarens diarienummer."
        )
    if len(traffar) > 1:
        rader = "\n".join(_rad(r) for r in traffar)
        raise CommandError(
            f"Avsändarens diarienummer ”{dnr}” finns på {len(traffar)} remisser. Ange "
            f"förvaltningens diarienummer i stället:\n{rader}"
        )
    return traffar[0]
