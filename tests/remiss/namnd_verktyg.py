"""Helpers for the nämnd's part of a remiss: an attested case, sammanträden, a beslut and an
expediering as the committee side reports them (`nameden.arendekallor` values)."""

import datetime as dt
import hashlib

from django.utils import timezone

from nameden.arendekallor import Beslut, Beslutsslag, ExpedieradFil, Expediering
from nameden.models import Namnd, Sammantrade
from nameden.services.sammantrade import sammantrade_overga, sammantrade_skapa
from nameden.workflow import Action as MoteAction
from remiss.models import Remiss, Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_godkann, attest_skicka
from remiss.services.namnd import remiss_anmal_till_sammantrade
from tests.conftest import fyll_i
from tests.factories import stockholm_mall

BESLUTSTEXT = "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."
REGISTRATUR = "registrator@kommunstyrelsen.example.se"


def las_tu(remiss: Remiss) -> Tjansteutlatande:
    return Tjansteutlatande.objects.select_related("remiss").get(remiss_id=remiss.pk)


def attestera_igen(remiss: Remiss, karin, lisa, veronica) -> Remiss:
    """Send the document for attest and have Lisa and Veronica approve it."""
    attest_skicka(user=karin, tu=las_tu(remiss))
    attest_godkann(user=lisa, tu=las_tu(remiss))
    attest_godkann(user=veronica, tu=las_tu(remiss))
    return Remiss.objects.get(pk=remiss.pk)


def attestera(remiss: Remiss, karin, lisa, veronica) -> Remiss:
    """Beredning, every section filled, sent and attested by Lisa and Veronica."""
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
    fyll_i(las_tu(remiss), karin)
    return attestera_igen(remiss, karin, lisa, veronica)


def mote(johan, namnd: Namnd, datum: dt.date = dt.date(2024, 4, 23)) -> Sammantrade:
    return sammantrade_skapa(
        user=johan, namnd=namnd, datum=datum, tid=dt.time(13, 0), plats="Stadshuset"
    )


def halla(johan, sammantrade: Sammantrade) -> Sammantrade:
    """Kalla to the sammanträde and mark it held (genomfört)."""
    sammantrade_overga(user=johan, sammantrade=sammantrade, action=MoteAction.KALLA)
    return sammantrade_overga(user=johan, sammantrade=sammantrade, action=MoteAction.GENOMFORA)


def anmal(johan, remiss: Remiss, sammantrade: Sammantrade):
    return remiss_anmal_till_sammantrade(user=johan, remiss=remiss, sammantrade=sammantrade)


def beslut(
    slag: Beslutsslag = Beslutsslag.BIFALL,
    text: str = BESLUTSTEXT,
    paragraf: str = "§ 45",
    datum: dt.date | None = dt.date(2024, 4, 23),
) -> Beslut:
    return Beslut(slag=slag, text=text, paragraf=paragraf, sammantradesdatum=datum)


def fil(titel: str, innehall: bytes, filnamn: str) -> ExpedieradFil:
    return ExpedieradFil(
        titel=titel,
        filnamn=filnamn,
        sha256=hashlib.sha256(innehall).hexdigest(),
        storlek=len(innehall),
    )


UTDRAG = fil("Protokollsutdrag § 45", b"%PDF-1.7 utdrag", "protokollsutdrag-45.pdf")
TU = fil("Tjänsteutlåtande", b"%PDF-1.7 tjansteutlatande", "tjansteutlatande.pdf")


def expediering(mottagare=(REGISTRATUR,), filer=(UTDRAG, TU), skickat_at=None) -> Expediering:
    return Expediering(
        mottagare=tuple(mottagare),
        skickat_at=skickat_at or timezone.now(),
        filer=tuple(filer),
    )
