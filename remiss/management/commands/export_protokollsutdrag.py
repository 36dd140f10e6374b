"""Export the protokollsutdrag of a remiss's beslut: the answering nämnd's paragraf.

    python manage.py export_protokollsutdrag "SOF 2024/1" --out utdrag.pdf
    python manage.py export_protokollsutdrag "KS 2024/112" --out utdrag.pdf --namnd Socialnämnden
    python manage.py export_protokollsutdrag "SOF 2024/1" --out utdrag.pdf --anvandare johan.ek

DNR is the förvaltning's own diarienummer or the sender's (as `export_pdf` resolves it). The
paragraf is found through the committee side's ärende of each answering nämnd (kalla "remiss",
referens "<remiss>:<nämnd>"): its latest punkt with a beslut. When several nämnder have
decided, `--namnd` chooses. The latest stored protokollsutdrag is written, read back only if
its SHA-256 holds; if there is none, `--anvandare` names who takes one out and certifies it,
through the same service as the page (`nameden.services.utskick.protokollsutdrag_skapa`,
policy checked as that user).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from nameden import svenska
from nameden.management.export import skriv_atomiskt
from nameden.models import Paragraf, User
from nameden.services.utskick import protokollsutdrag_skapa
from nameden.utdrag import filer
from nameden.workflow import TransitionNotAllowed
from remiss import namndkoppling
from remiss.management.commands.export_pdf import remiss_for_dnr
from remiss.models import Remiss

#: A paragraf that is no answer (the nämnd only postponed it).
INGET_SVAR = {"", Paragraf.Beslutsslag.BORDLAGGNING}


def beslutade_paragrafer(remiss: Remiss) -> dict[str, Paragraf]:
    """Nämnd name → its latest paragraf with a beslut on `remiss`, by nämnd name."""
    referenser = {namndkoppling.referens_for(remiss, n) for n in remiss.namnder.all()}
    paragrafer = (
        Paragraf.objects.filter(
            punkt__arende__kalla=namndkoppling.NAMN, punkt__arende__referens__in=referenser
        )
        .exclude(slag__in=INGET_SVAR)
        .select_related("namnd", "punkt__sammantrade")
        .order_by("punkt__sammantrade__datum", "pk")
    )
    senaste = {p.namnd.namn: p for p in paragrafer}  # the latest wins
    return dict(sorted(senaste.items()))


def _beskriv(namn: str, paragraf: Paragraf) -> str:
    datum = svenska.datum_i_huvud(paragraf.punkt.sammantrade.datum)
    return f"{namn} ({paragraf}, {datum})"


def valj_paragraf(remiss: Remiss, namnd: str | None) -> Paragraf:
    """The one paragraf to export, or CommandError in Swedish listing the choices."""
    paragrafer = beslutade_paragrafer(remiss)
    if not paragrafer:
        raise CommandError(
            f"Ingen nämnd har beslutat remissen {remiss.diarienummer} än, så det finns inget "
            "protokollsutdrag."
        )
    lista = ", ".join(_beskriv(n, p) for n, p in paragrafer.items())
    if namnd:
        traff = {n.casefold(): p for n, p in paragrafer.items()}.get(namnd.strip().casefold())
        if traff is None:
            raise CommandError(
                f"{namnd.strip()} har inte beslutat remissen {remiss.diarienummer}. "
                f"Nämnder som har beslutat: {lista}."
            )
        return traff
    if len(paragrafer) > 1:
        raise CommandError(
            f"Remissen {remiss.diarienummer} är beslutad av flera nämnder: {lista}. Välj en "
            "med --namnd NAMN."
        )
    return next(iter(paragrafer.values()))


def _anvandare(username: str) -> User:
    user = User.objects.select_related("avdelning").filter(username=username).first()
    if user is None or not user.is_active:
        raise CommandError(f"Det finns ingen aktiv användare med användarnamnet ”{username}”.")
    return user


class Command(BaseCommand):
    help = (
        "Skriver protokollsutdraget för en remiss beslut som PDF/A. DNR är förvaltningens "
        "eller avsändarens diarienummer. Har flera nämnder beslutat väljer --namnd en av dem. "
        "Det senast bestyrkta utdraget skrivs ut; finns inget tas ett nytt ut och bestyrks av "
        "--anvandare, med samma behörighetskontroll som i appen."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "dnr", help="Diarienummer, till exempel ”SOF 2024/1” eller ”KS 2024/112”."
        )
        parser.add_argument("--out", required=True, help="Filen som utdraget skrivs till.")
        parser.add_argument("--namnd", help="Nämndens namn, när flera nämnder har beslutat.")
        parser.add_argument(
            "--anvandare",
            help="Användarnamnet på den som tar ut och bestyrker ett nytt utdrag, om inget finns.",
        )

    def handle(self, *args, dnr: str, out: str, namnd=None, anvandare=None, **options) -> None:
        remiss = remiss_for_dnr(dnr)
        paragraf = valj_paragraf(remiss, namnd)
        utdrag = paragraf.utdrag.order_by("-bestyrkt_at", "-pk").first()
        nytt = utdrag is None
        if nytt:
            if not anvandare:
                raise CommandError(
                    f"{paragraf} i {paragraf.namnd} har inget protokollsutdrag än. Ta ut ett i "
                    "appen, eller ange --anvandare ANVÄNDARNAMN för den som bestyrker det."
                )
            try:
                utdrag = protokollsutdrag_skapa(user=_anvandare(anvandare), paragraf=paragraf)
            except (PermissionDenied, TransitionNotAllowed) as exc:
                raise CommandError(str(exc)) from exc
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
        try:
            data = filer.utdrag_fil(utdrag)
        except filer.UtdragSkadad as exc:
            raise CommandError(str(exc)) from exc
        skriv_atomiskt(data, out)
        vad = "ett nytt bestyrkt protokollsutdrag" if nytt else "protokollsutdraget"
        self.stdout.write(
            self.style.SUCCESS(
                f"{remiss.diarienummer}: skrev {vad} ur {_beskriv(paragraf.namnd.namn, paragraf)} "
                f"till {out} ({len(data)} byte, SHA-256 {utdrag.sha256})."
            )
        )
