"""Build the demo: Stockholm's Socialförvaltningen, one person per role, KS 2024/112 from
registration to the answer sent (its committee part in `remiss.demo.namnd`), and more cases.

Everything goes through the same service functions the UI uses, so the demo case has the
history and timeline a real one would, and each document its own header (copied from the
organisation below when it is created, as in the UI). Running it again changes nothing.
"""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from nameden.models import Avdelning, Forvaltning, Kommun, Namnd, Sammantrade
from nameden.roles import Roll
from nameden.services.sammantrade import sammantrade_skapa
from remiss import selectors
from remiss.demo import ks_2024_112 as ks
from remiss.demo import namnd as namnd_demo
from remiss.demo import samverkan as samverkan_demo
from remiss.demo.personer import DEMO_PASSWORD, Person, satt_chef, skapa_personer
from remiss.models import Remiss
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_godkann, attest_skicka
from remiss.services.beredning import beredningssteg_lagg_till
from remiss.services.bilagor import bilaga_ladda_upp
from remiss.services.registrering import remiss_registrera
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from remiss.services.tjansteutlatande_huvud import tjansteutlatande_spara_huvud

STOCKHOLM_MALL = "Stockholms stad – tjänsteutlåtande"


STAB, LEDNING = "Stabsavdelningen", "Förvaltningsledningen"
PERSONER = [
    Person(
        "karin.wallander",
        "Karin",
        "Wallander",
        "Kommunikatör",
        "08-50825023",
        Roll.HANDLAGGARE,
        STAB,
    ),
    Person(
        "lisa.cadenius",
        "Lisa",
        "Cadenius",
        "Avdelningschef",
        "08-50825000",
        Roll.AVDELNINGSCHEF,
        STAB,
    ),
    Person(
        "veronica.wolgast",
        "Veronica",
        "Wolgast Carstorp",
        "Socialdirektör",
        "08-50825001",
        Roll.FORVALTNINGSCHEF,
        LEDNING,
    ),
    Person(
        "johan.ek", "Johan", "Ek", "Nämndsekreterare", "08-50825010", Roll.NAMNDSEKRETERARE, STAB
    ),
    Person("maria.lind", "Maria", "Lind", "Registrator", "08-50825011", Roll.REGISTRATOR, STAB),
    Person("per.holm", "Per", "Holm", "Utredare", "08-50825012", Roll.LASARE, STAB),
    Person("admin", "Ada", "Administratör", "Systemförvaltare", "", None, STAB),
]

#: More open remisser for Karin, due relative to today, so "Mina remisser" has something to
#: sort; the one marked True is drafted and waits in Lisa's "Att attestera".
OVRIGA_REMISSER = [
    ("Trafikverket", "TRV 2026/4411", "Remiss av nationell plan för transportsystemet", -3, False),
    (
        "Kommunstyrelsen",
        "KS 2026/845",
        "Remiss av Stockholms stads program för ökad trygghet",
        9,
        True,
    ),
    (
        "Stadsbyggnadsnämnden",
        "SBN 2026/77",
        "Remiss av riktlinjer för tillgänglig utemiljö",
        30,
        False,
    ),
]

#: A short draft for the remiss that waits for attest.
TRYGGHET = {
    "sammanfattning": "Förvaltningen ställer sig bakom programmets inriktning och föreslår att "
    "socialtjänstens förebyggande arbete lyfts fram tydligare.",
    "bakgrund": "Kommunstyrelsen har remitterat ett förslag till program för ökad trygghet.",
    "arendet": "Programmet samlar stadens mål och insatser för trygghet i offentlig miljö.",
    "synpunkter": "Förvaltningen tillstyrker förslaget med de synpunkter som framgår ovan.",
}


def _demo_pdf(titel: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": titel})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


#: The demo's kommun. Its profile is data for mallar that print one; Stockholm's
#: tjänsteutlåtande (the reference) prints none of it.
STOCKHOLM = {
    "namn": "Stockholms stad",
    "organisationsnummer": "212000-0142",
    "postadress": "105 35 Stockholm",
    "besoksadress": "Stadshuset, Hantverkargatan 1",
    "telefon": "08-508 290 00",
    "webb": "https://start.stockholm",
}


def _organisation() -> dict:
    kommun, _ = Kommun.objects.get_or_create(slug="stockholm", defaults=STOCKHOLM)
    sof, _ = Forvaltning.objects.get_or_create(
        kommun=kommun, kortnamn="SOF", defaults={"namn": "Socialförvaltningen"}
    )
    avdelningar = {
        namn: Avdelning.objects.get_or_create(forvaltning=sof, namn=namn)[0]
        for namn in (STAB, LEDNING)
    }
    people = skapa_personer(PERSONER, avdelningar)
    satt_chef(avdelningar[STAB], people["lisa.cadenius"])
    satt_chef(avdelningar[LEDNING], people["veronica.wolgast"])
    satt_chef(sof, people["veronica.wolgast"])
    namnd, _ = Namnd.objects.get_or_create(
        kommun=kommun, namn="Socialnämnden", defaults={"forvaltning": sof}
    )
    sammantrade = Sammantrade.objects.filter(namnd=namnd, datum=ks.SAMMANTRADE).first()
    if sammantrade is None:
        # Through the service, as a nämndsekreterare would: its föredragningslista opens with
        # the standard punkter. Socialnämnden meets in Stockholm's stadshus, 13.00.
        sammantrade = sammantrade_skapa(
            user=people["johan.ek"],
            namnd=namnd,
            datum=ks.SAMMANTRADE,
            tid=dt.time(13, 0),
            plats="Socialförvaltningen, Swedenborgsgatan 20, sammanträdesrum 1",
        )
    # Stockholm's own default mall: names are unique within a kommun, not across kommuner.
    mall = selectors.mallar_for(sof).get(namn=STOCKHOLM_MALL)
    return {
        "kommun": kommun,
        "sof": sof,
        "namnd": namnd,
        "sammantrade": sammantrade,
        "mall": mall,
        **people,
    }


def _ks_2024_112(org: dict) -> Remiss:
    karin, maria = org["karin.wallander"], org["maria.lind"]
    remiss = remiss_registrera(
        user=maria,
        avsandare=ks.AVSANDARE,
        avsandarens_diarienummer=ks.AVSANDARENS_DNR,
        avsandare_epost=namnd_demo.KS_REGISTRATUR,
        rubrik=ks.RUBRIK,
        inkom_datum=ks.INKOM,
        svarsdatum=ks.SVARSDATUM,
        namnder=[org["namnd"]],
        handlaggare=karin,
        registrerad_at=_kl(ks.INKOM, 9),
    )
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=org["mall"])
    tu = remiss.tjansteutlatande
    tu = tjansteutlatande_spara_huvud(
        user=karin,
        tu=tu,
        bas_version=tu.version,
        rubrik=ks.RUBRIK,
        underrubrik=tu.underrubrik,
        sammantrade=org["sammantrade"],
        undertecknare=[org["veronica.wolgast"], org["lisa.cadenius"]],
        datum=ks.DATUM,
    )
    tu = tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=tu,
        nyckel="forslag_till_beslut",
        punkter=ks.BESLUTSPUNKTER,
        bas_version=tu.version,
    )
    for nyckel, text in ks.AVSNITT.items():
        tu = tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel=nyckel, text=text, bas_version=tu.version
        )
    for typ, motpart, datum, utfall in ks.BEREDNINGSSTEG:
        beredningssteg_lagg_till(
            user=karin, tu=tu, typ=typ, motpart=motpart, datum=datum, utfall=utfall
        )
    for titel in ks.BILAGOR:
        fil = SimpleUploadedFile(f"{titel}.pdf", _demo_pdf(titel), "application/pdf")
        bilaga_ladda_upp(user=karin, tu=tu, fil=fil, titel=titel)
    attest_skicka(user=karin, tu=tu, tidpunkt=_kl(ks.DATUM, 16))
    for username, datum in ks.ATTESTER:
        attest_godkann(user=org[username], tu=tu, tidpunkt=_kl(datum, 10))
    return remiss


def _kl(datum: dt.date, timme: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(datum, dt.time(timme)))


def _ovriga(org: dict) -> None:
    today = timezone.localdate()
    for avsandare, dnr, rubrik, dagar, till_attest in OVRIGA_REMISSER:
        if Remiss.objects.filter(forvaltning=org["sof"], avsandarens_diarienummer=dnr).exists():
            continue
        svarsdatum = today + dt.timedelta(days=dagar)
        remiss = remiss_registrera(
            user=org["maria.lind"],
            avsandare=avsandare,
            avsandarens_diarienummer=dnr,
            rubrik=rubrik,
            inkom_datum=min(today, svarsdatum) - dt.timedelta(days=30),
            svarsdatum=svarsdatum,
            namnder=[org["namnd"]],
            handlaggare=org["karin.wallander"],
        )
        if till_attest:
            _utkast_till_attest(org, remiss)


def _utkast_till_attest(org: dict, remiss: Remiss) -> None:
    karin = org["karin.wallander"]
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=org["mall"])
    tu = remiss.tjansteutlatande
    for nyckel, text in TRYGGHET.items():
        tu = tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel=nyckel, text=text, bas_version=tu.version
        )
    attest_skicka(user=karin, tu=tu)


@transaction.atomic
def seed_demo() -> Remiss:
    """Create (or find) the demo data; return the KS 2024/112 remiss."""
    org = _organisation()
    remiss = Remiss.objects.filter(
        forvaltning=org["sof"], avsandarens_diarienummer=ks.AVSANDARENS_DNR
    ).first()
    if remiss is None:
        remiss = _ks_2024_112(org)
    _ovriga(org)
    personer = namnd_demo.ledamoter(org["namnd"], password=DEMO_PASSWORD)
    namnd_demo.ks_2024_112_i_namnden(org, remiss, personer)
    namnd_demo.senaste_sammantrade(org, personer)
    sn_kommande = namnd_demo.kommande_sammantrade(org)
    sbk = samverkan_demo.stadsbyggnadskontoret(org["kommun"])
    samverkan_demo.gemensam_remiss(org, sbk, sn_kommande=sn_kommande)
    remiss.refresh_from_db()
    return remiss
