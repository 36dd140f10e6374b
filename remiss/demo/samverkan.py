"""The demo's joint document: Socialförvaltningen and Stadsbyggnadskontoret answer one remiss
from Kommunstyrelsen together, each with its own diarienummer, kontaktperson, nämnd and
attest chain.

It stands under attest with Stadsbyggnadskontoret's first step done, so the attest page
shows two chains, Lisa (SOF) and Helena (SBK) each have it in "Att attestera" in turn, and
"Till" names both nämnder, Socialnämnden with its coming sammanträde's date and
Stadsbyggnadsnämnden with none yet (`remiss.dokumenthuvud.gemensam_adressering`).

Built through the services the pages use; running it again finds the remiss and changes
nothing. KS 2024/112 is untouched: this remiss is registered after it, in this year's series.
"""

import datetime as dt

from django.utils import timezone

from nameden.models import Avdelning, Forvaltning, Namnd, Sammantrade
from nameden.roles import Roll
from nameden.services.sammantrade import sammantrade_skapa
from remiss import selectors
from remiss.demo.personer import Person, satt_chef, skapa_personer
from remiss.models import Remiss
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_godkann, attest_skicka
from remiss.services.registrering import remiss_registrera
from remiss.services.samverkan import medverkan_registrera
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from remiss.services.tjansteutlatande_huvud import tjansteutlatande_spara_huvud

PLAN, SBK_LEDNING = "Planavdelningen", "Förvaltningsledningen"

#: Stadsbyggnadskontoret's demo people (the same Person rows as SOF's, `remiss.demo.seed`).
SBK_PERSONER = [
    Person(*rad)
    for rad in [
        ("elin.berg", "Elin", "Berg", "Planarkitekt", "08-50827011", Roll.HANDLAGGARE, PLAN),
        (
            "anders.sjoberg",
            "Anders",
            "Sjöberg",
            "Avdelningschef",
            "08-50827000",
            Roll.AVDELNINGSCHEF,
            PLAN,
        ),
        (
            "helena.lund",
            "Helena",
            "Lund",
            "Stadsbyggnadsdirektör",
            "08-50827001",
            Roll.FORVALTNINGSCHEF,
            SBK_LEDNING,
        ),
        ("oskar.nyberg", "Oskar", "Nyberg", "Registrator", "08-50827010", Roll.REGISTRATOR, PLAN),
        (
            "sofia.dahl",
            "Sofia",
            "Dahl",
            "Nämndsekreterare",
            "08-50827012",
            Roll.NAMNDSEKRETERARE,
            PLAN,
        ),
    ]
]

AVSANDARE = "Kommunstyrelsen"
AVSANDARENS_DNR = "KS 2026/1290"
RUBRIK = "Remiss av program för bostäder för personer med särskilda behov"

TEXTER = {
    "sammanfattning": "Socialförvaltningen och stadsbyggnadskontoret tillstyrker programmet och "
    "föreslår att behovet av bostäder med särskild service planeras in tidigt i "
    "detaljplanearbetet.",
    "bakgrund": "Kommunstyrelsen har remitterat ett förslag till program för bostäder för "
    "personer med särskilda behov till socialnämnden och stadsbyggnadsnämnden.",
    "arendet": "Programmet anger hur många bostäder med särskild service staden behöver fram "
    "till 2030 och hur de ska fördelas över stadsdelarna.",
    "synpunkter": "Förvaltningarna ser positivt på att behoven samlas i ett program. Tidiga "
    "markanvisningar och samråd mellan förvaltningarna behövs för att målen ska nås.",
}


def stadsbyggnadskontoret(kommun) -> dict:
    """Stadsbyggnadskontoret with its avdelningar, people, chefs and Stadsbyggnadsnämnden."""
    forvaltning, _ = Forvaltning.objects.get_or_create(
        kommun=kommun, kortnamn="SBK", defaults={"namn": "Stadsbyggnadskontoret"}
    )
    avdelningar = {
        namn: Avdelning.objects.get_or_create(forvaltning=forvaltning, namn=namn)[0]
        for namn in (PLAN, SBK_LEDNING)
    }
    people = skapa_personer(SBK_PERSONER, avdelningar)
    satt_chef(avdelningar[PLAN], people["anders.sjoberg"])
    satt_chef(avdelningar[SBK_LEDNING], people["helena.lund"])
    satt_chef(forvaltning, people["helena.lund"])
    namnd, _ = Namnd.objects.get_or_create(
        kommun=kommun, namn="Stadsbyggnadsnämnden", defaults={"forvaltning": forvaltning}
    )
    return {"sbk": forvaltning, "namnd": namnd, **people}


def _sbn_kommande(sbk: dict) -> Sammantrade:
    """Stadsbyggnadsnämndens next sammanträde, a Thursday four weeks ahead (planned)."""
    idag = timezone.localdate()
    if (befintligt := sbk["namnd"].sammantraden.filter(datum__gt=idag).first()) is not None:
        return befintligt
    datum = idag + dt.timedelta(days=28)
    datum += dt.timedelta(days=(3 - datum.weekday()) % 7)
    return sammantrade_skapa(
        user=sbk["sofia.dahl"],
        namnd=sbk["namnd"],
        datum=datum,
        tid=dt.time(16, 0),
        plats="Stadsbyggnadskontoret, Fleminggatan 4",
    )


def gemensam_remiss(org: dict, sbk: dict, *, sn_kommande: Sammantrade) -> Remiss:
    """The joint remiss, registered by SOF, SBK medverkande, under attest (see the module)."""
    befintlig = Remiss.objects.filter(
        forvaltning=org["sof"], avsandarens_diarienummer=AVSANDARENS_DNR
    ).first()
    if befintlig is not None:
        return befintlig
    _sbn_kommande(sbk)
    karin = org["karin.wallander"]
    idag = timezone.localdate()
    remiss = remiss_registrera(
        user=org["maria.lind"],
        avsandare=AVSANDARE,
        avsandarens_diarienummer=AVSANDARENS_DNR,
        rubrik=RUBRIK,
        inkom_datum=idag - dt.timedelta(days=12),
        svarsdatum=idag + dt.timedelta(days=40),
        namnder=[org["namnd"]],
        handlaggare=karin,
    )
    # SBK's registrator registers its part in SBK's own diarium before the document is made,
    # so its header names both förvaltningar from the start.
    medverkan_registrera(
        user=sbk["oskar.nyberg"],
        remiss=remiss,
        kontaktperson=sbk["elin.berg"],
        namnder=[sbk["namnd"]],
    )
    mall = selectors.mallar_for(org["sof"]).get(namn=org["mall"].namn)
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=mall)
    tu = Remiss.objects.get(pk=remiss.pk).tjansteutlatande
    tu = tjansteutlatande_spara_huvud(
        user=karin,
        tu=tu,
        bas_version=tu.version,
        rubrik=tu.rubrik,
        underrubrik=tu.underrubrik,
        sammantrade=sn_kommande,
        # Signed by both förvaltningar, as every joint document is by default.
        undertecknare=[
            org["veronica.wolgast"],
            org["lisa.cadenius"],
            sbk["helena.lund"],
            sbk["anders.sjoberg"],
        ],
    )
    for nyckel, text in TEXTER.items():
        tu = tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel=nyckel, text=text, bas_version=tu.version
        )
    attest_skicka(user=karin, tu=tu)
    attest_godkann(user=sbk["anders.sjoberg"], tu=tu)
    return Remiss.objects.get(pk=remiss.pk)
