"""The demo's committee side: Socialnämnden's members, KS 2024/112 through the sammanträde of
2024-04-23 to the answer sent, last week's sammanträde anslaget today (so the anslagstavla
shows it), and a coming sammanträde with a punkt waiting for its beslut.

Every step goes through the services the pages use, as the nämndsekreterare (Johan), the
ordförande and the justerare would take them, with the dates of the real case passed as
`tidpunkt` (as the attestations in `remiss.demo.seed` are).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.test.utils import override_settings
from django.utils import timezone

from nameden.models import Fortroendevald, Namnd, Paragraf, Punkt, Sammantrade, Uppdrag, User
from nameden.paket.bygg import paket_bygg
from nameden.roles import Roll, group_name
from nameden.services.anslag import protokoll_ansla
from nameden.services.foredragningslista import punkt_lagg_till
from nameden.services.motet import protokollforing_oppna
from nameden.services.motet_beslut import paragraf_besluta
from nameden.services.protokoll import protokoll_andra, protokoll_justera
from nameden.services.sammantrade import sammantrade_overga, sammantrade_skapa
from nameden.services.utskick import expediera
from nameden.workflow import Action, Status
from remiss.models import Remiss
from remiss.services.namnd import remiss_anmal_till_sammantrade

#: The mandate period 2023–2026.
MANDAT = (dt.date(2023, 1, 1), dt.date(2026, 12, 31))
R = Uppdrag.Roll


@dataclass(frozen=True)
class Ledamot:
    namn: str
    parti: str
    roll: Uppdrag.Roll
    #: A login for the förtroendevalda who justera in the demo.
    username: str = ""


#: Socialnämnden in the demo (invented people).
LEDAMOTER = [
    Ledamot("Maria Sandberg", "S", R.ORDFORANDE, "maria.sandberg"),
    Ledamot("Erik Lindqvist", "M", R.VICE_ORDFORANDE),
    Ledamot("Fatima Ahmadi", "S", R.LEDAMOT),
    Ledamot("Jonas Berg", "V", R.LEDAMOT),
    Ledamot("Karin Åström", "MP", R.LEDAMOT),
    Ledamot("Lars Holm", "M", R.LEDAMOT, "lars.holm"),
    Ledamot("Sara Nilsson", "L", R.LEDAMOT),
    Ledamot("Peter Ek", "S", R.ERSATTARE),
    Ledamot("Lena Björk", "M", R.ERSATTARE),
]
#: The two logins (role Förtroendevald): the ordförande and the justerare of 2024-04-23.
ORDFORANDE, JUSTERARE = "maria.sandberg", "lars.holm"

#: Kommunstyrelsen's registry, where the answer is expedierat.
KS_REGISTRATUR = "registrator.kommunstyrelsen@example.org"
BESLUT = "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."
#: What the nämnd noted in each opening punkt, as the protokoll words it.
INLEDANDE = {
    "Upprop": "Upprop förrättades. Närvarande framgår av närvarolistan.",
    "Val av justerare och tid för justering": "Socialnämnden utser Lars Holm (M) att jämte "
    "ordföranden justera protokollet. Justeringen sker digitalt.",
    "Fastställande av föredragningslistan": "Socialnämnden fastställer föredragningslistan.",
    "Anmälan av jäv": "Ingen anmälde jäv.",
}
#: Justering a week after the meeting, anslag the day after.
JUSTERAD = dt.datetime(2024, 4, 30, 10)
ANSLAGEN = dt.datetime(2024, 5, 2, 9)
EXPEDIERAD = dt.datetime(2024, 5, 2, 11)


def _kl(tid: dt.datetime) -> dt.datetime:
    return timezone.make_aware(tid)


def ledamoter(namnd: Namnd, *, password: str) -> dict[str, Fortroendevald]:
    """Socialnämnden's förtroendevalda and uppdrag; a login for the ordförande and one
    justerare (in the Förtroendevald role, without a förvaltning)."""
    personer = {}
    for ledamot in LEDAMOTER:
        person, _ = Fortroendevald.objects.get_or_create(
            namn=ledamot.namn, defaults={"parti": ledamot.parti}
        )
        Uppdrag.objects.get_or_create(
            namnd=namnd,
            fortroendevald=person,
            defaults={"roll": ledamot.roll, "fran": MANDAT[0], "till": MANDAT[1]},
        )
        if ledamot.username and person.user_id is None:
            fornamn, efternamn = ledamot.namn.split(" ", 1)
            user, created = User.objects.get_or_create(
                username=ledamot.username,
                defaults={
                    "first_name": fornamn,
                    "last_name": efternamn,
                    "email": f"{ledamot.username}@example.org",
                },
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=group_name(Roll.FORTROENDEVALD)))
            person.user = user
            person._change_reason = "Demodata"
            person.save()
        personer[ledamot.namn] = person
    return personer


def _mail_stannar_i_demon():
    """The demo sends its expediering nowhere: without a real mail server configured, the
    console backend would print the attachments into the terminal."""
    if settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        return override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    return override_settings()


PLATS = "Socialförvaltningen, Swedenborgsgatan 20, sammanträdesrum 1"
DELEGATIONSBESLUT = {
    "typ": Punkt.Typ.ANMALNINGSARENDE,
    "rubrik": "Anmälan av delegationsbeslut",
    "forslag_till_beslut": "Socialnämnden lägger anmälan till handlingarna.",
}


def _kallat(johan, namnd: Namnd, datum: dt.date, punkter: list[dict]) -> Sammantrade:
    """A sammanträde on `datum` with the opening punkter and `punkter`, kallat."""
    mote = sammantrade_skapa(user=johan, namnd=namnd, datum=datum, tid=dt.time(13, 0), plats=PLATS)
    for punkt in punkter:
        punkt_lagg_till(user=johan, sammantrade=mote, **punkt)
    return sammantrade_overga(user=johan, sammantrade=mote, action=Action.KALLA)


def _hall_motet(johan, mote: Sammantrade, personer: dict, *, justering: dt.date) -> Sammantrade:
    """The meeting held: upprop and § numbers, each punkt decided (an anmält ärende bifall
    with the reference's wording, the others noted), genomfört, and the protokoll's
    ordförande and justerare set."""
    protokollforing_oppna(user=johan, sammantrade=mote)
    for paragraf in Paragraf.objects.filter(punkt__sammantrade=mote).select_related("punkt"):
        if paragraf.punkt.arende_id is not None:
            slag, text = Paragraf.Beslutsslag.BIFALL, BESLUT
        else:
            slag, text = Paragraf.Beslutsslag.NOTERAT, INLEDANDE.get(paragraf.punkt.rubrik, "")
        paragraf_besluta(user=johan, paragraf=paragraf, slag=slag, beslutstext=text)
    mote = sammantrade_overga(user=johan, sammantrade=mote, action=Action.GENOMFORA)
    protokoll_andra(
        user=johan,
        sammantrade=mote,
        ordforande=personer["Maria Sandberg"],
        justerare=[personer["Lars Holm"]],
        justering_tid=justering,
        justering_plats="Socialförvaltningen, Swedenborgsgatan 20",
    )
    return mote


def _justera(mote: Sammantrade, tidpunkt: dt.datetime) -> Sammantrade:
    """The ordförande and the justerare justera, in that order, at `tidpunkt`."""
    for username in (ORDFORANDE, JUSTERARE):
        protokoll_justera(
            user=User.objects.get(username=username), sammantrade=mote, tidpunkt=tidpunkt
        )
    mote.refresh_from_db()
    return mote


def ks_2024_112_i_namnden(org: dict, remiss: Remiss, personer: dict) -> None:
    """KS 2024/112 on Socialnämnden's 2024-04-23 list, decided, justerat, anslaget and the
    answer expedierat to the Kommunstyrelsen's registry: the remiss is besvarad. Each step
    is taken only if the one before it left the sammanträde there (seeding again changes
    nothing)."""
    johan = org["johan.ek"]
    sammantrade = org["sammantrade"]
    if sammantrade.status == Status.PLANERAT:
        remiss_anmal_till_sammantrade(user=johan, remiss=remiss, sammantrade=sammantrade)
        sammantrade = sammantrade_overga(user=johan, sammantrade=sammantrade, action=Action.KALLA)
        paket_bygg(sammantrade=sammantrade, user=johan)
    if sammantrade.status == Status.KALLAT:
        sammantrade = _hall_motet(johan, sammantrade, personer, justering=JUSTERAD.date())
    if sammantrade.status == Status.GENOMFORT:
        sammantrade = _justera(sammantrade, _kl(JUSTERAD))
    if sammantrade.status == Status.JUSTERAT and not hasattr(sammantrade.protokoll, "anslag"):
        protokoll_ansla(user=johan, sammantrade=sammantrade, tidpunkt=_kl(ANSLAGEN))
    remiss.refresh_from_db()
    if remiss.status == "beslutad":
        paragraf = Paragraf.objects.get(punkt__sammantrade=sammantrade, punkt__arende__isnull=False)
        with _mail_stannar_i_demon():
            expediera(user=johan, paragraf=paragraf, tidpunkt=_kl(EXPEDIERAD))


def senaste_sammantrade(org: dict, personer: dict) -> Sammantrade:
    """Socialnämnden's latest sammanträde, last week's Tuesday: held, justerat yesterday and
    anslaget today, so the public anslagstavla has a protokoll up while the demo runs."""
    johan, namnd = org["johan.ek"], org["namnd"]
    idag = timezone.localdate()
    datum = idag - dt.timedelta(days=7 + (idag.weekday() - 1) % 7)
    if (befintligt := namnd.sammantraden.filter(datum=datum).first()) is not None:
        return befintligt
    ekonomi = {"typ": Punkt.Typ.NAMNDENS_FRAGOR, "rubrik": "Information om förvaltningens ekonomi"}
    mote = _kallat(johan, namnd, datum, [DELEGATIONSBESLUT, ekonomi])
    igar = idag - dt.timedelta(days=1)
    mote = _hall_motet(johan, mote, personer, justering=igar)
    mote = _justera(mote, timezone.make_aware(dt.datetime.combine(igar, dt.time(10))))
    protokoll_ansla(user=johan, sammantrade=mote)
    return mote


def kommande_sammantrade(org: dict) -> Sammantrade:
    """Socialnämnden's next sammanträde, a Tuesday three to four weeks ahead, kallat, with a
    beslutsärende that waits for the nämnd's beslut and an anmälningsärende."""
    johan, namnd = org["johan.ek"], org["namnd"]
    idag = timezone.localdate()
    if (befintligt := namnd.sammantraden.filter(datum__gt=idag).first()) is not None:
        return befintligt
    datum = idag + dt.timedelta(days=21)
    datum += dt.timedelta(days=(1 - datum.weekday()) % 7)
    utemiljo = Remiss.objects.filter(avsandarens_diarienummer="SBN 2026/77").first()
    remissvar = {
        "typ": Punkt.Typ.BESLUTSARENDE,
        "rubrik": "Remiss av riktlinjer för tillgänglig utemiljö",
        "diarienummer": utemiljo.diarienummer if utemiljo is not None else "",
        "foredragande": "Karin Wallander",
        "forslag_till_beslut": "1. Socialnämnden godkänner förvaltningens tjänsteutlåtande som "
        "svar på remissen.",
    }
    return _kallat(johan, namnd, datum, [remissvar, DELEGATIONSBESLUT])
