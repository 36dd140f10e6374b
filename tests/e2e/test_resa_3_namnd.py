"""Journey 3: the nämnd's work, from an attested remiss to the answer in the sender's inbox.

The nämndsekreterare (Johan) creates the sammanträde, anmäler the attested remiss (attested
through the services here: journey 2 does it in the browser), adds a punkt and reorders the
agenda with the keyboard alone, orders kallelse och handlingar and follows the progress while
a real `manage.py db_worker` process builds them, calls the meeting, keeps the protokoll
(närvaro, a vote, every beslut), marks it held and names who justerar. The ordförande and the
justerare log in and justera, Johan puts the protokoll up on the anslagstavla and expedierar
the beslut, which arrives at a real SMTP server with attachments whose SHA-256 are the ones
the case records.
"""

import re

import pytest
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from nameden.models import Expediering, Handling, Handlingspaket, Punkt, Sammantrade, User
from remiss import selectors
from remiss.models import Namndbehandling, Remiss
from tests.e2e.namnd_hjalp import (
    BESLUT,
    JUSTERARE,
    ORDFORANDE,
    REGISTRATUR,
    arbetare,
    attesterad_remiss,
    bilagor,
    idag,
    ledamoter,
    sha256,
    synligt_fokus,
    tabba_till,
    vanta_pa_brev,
)
from tests.e2e.sidkontroll import kontrollera_sida

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

EXTRA = "Yttrande över regional cykelplan"


@pytest.fixture
def remissen(registrera, karin, lisa, veronica, socialnamnden) -> Remiss:
    ledamoter(socialnamnden)
    return attesterad_remiss(registrera, karin, lisa, veronica)


def _rubrik(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text(text)


def _skapa_sammantrade(page, skarmbild) -> Sammantrade:
    page.goto("/namnd/sammantraden/")
    kontrollera_sida(page, "Sammanträden")
    page.get_by_role("link", name="Nytt sammanträde").click()
    kontrollera_sida(page, "Nytt sammanträde")
    # Sent empty: the error summary and each field's error, linked to the field.
    page.get_by_role("button", name="Skapa sammanträdet").click()
    sammanfattning = page.get_by_role("alert")
    expect(sammanfattning).to_contain_text("Välj nämnd.")
    lank = sammanfattning.get_by_role("link", name="Ange var sammanträdet hålls.")
    plats_id = page.get_by_label("Plats").get_attribute("id")
    expect(lank).to_have_attribute("href", f"#{plats_id}")
    beskrivning = page.get_by_label("Plats").get_attribute("aria-describedby") or ""
    assert f"{plats_id}-error" in beskrivning.split()
    kontrollera_sida(page, "Nytt sammanträde, med fel")
    skarmbild(page, "01-nytt-sammantrade-fel")
    page.get_by_label("Nämnd").select_option(label="Socialnämnden")
    page.get_by_label("Datum").fill(idag().isoformat())
    page.get_by_label("Tid").fill("13:00")
    page.get_by_label("Plats").fill("Stadshuset, sammanträdesrum 1")
    page.get_by_role("button", name="Skapa sammanträdet").click()
    _rubrik(page, "Sammanträde")
    expect(page.locator("main")).to_contain_text("är skapat med de inledande punkterna")
    kontrollera_sida(page, "Sammanträdet, skapat")
    return Sammantrade.objects.get(datum=idag())


def _anmal(page, remiss: Remiss, mote: Sammantrade, skarmbild) -> None:
    page.goto(f"/remisser/{remiss.pk}/")
    kontrollera_sida(page, "Remissen (attesterad)")
    page.get_by_role("link", name="Anmäl till sammanträde").first.click()
    _rubrik(page, "Anmäl till sammanträde")
    kontrollera_sida(page, "Anmäl till sammanträde")
    val = page.get_by_role("group", name="Sammanträde").get_by_role("radio")
    expect(val).to_have_count(1)
    val.check()
    page.get_by_role("button", name="Anmäl till sammanträde").click()
    expect(page.locator("main")).to_contain_text("Remissen är anmäld till")
    kontrollera_sida(page, "Remissen, anmäld")
    skarmbild(page, "02-anmald")


def _lagg_till_punkt(page, mote: Sammantrade) -> None:
    page.goto(f"/namnd/sammantraden/{mote.pk}/")
    page.get_by_role("link", name="Lägg till punkt").click()
    kontrollera_sida(page, "Ny punkt")
    page.get_by_role("button", name=re.compile("Lägg till")).click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv punktens rubrik.")
    kontrollera_sida(page, "Ny punkt, med fel")
    page.get_by_label("Beslutsärende").check()
    page.get_by_label("Rubrik").fill(EXTRA)
    page.get_by_label("Diarienummer").fill("SOF 2026/88")
    page.get_by_label("Förslag till beslut").fill("Socialnämnden avger yttrande enligt förslaget.")
    page.get_by_role("button", name=re.compile("Lägg till")).click()
    expect(page.locator("main")).to_contain_text(EXTRA)
    kontrollera_sida(page, "Sammanträdet, med ny punkt")


def _beslutsarenden(mote: Sammantrade) -> list[str]:
    return list(
        Punkt.objects.filter(sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, status="pa_listan")
        .order_by("ordning")
        .values_list("rubrik", flat=True)
    )


def _flytta_med_tangentbordet(page, mote: Sammantrade, remiss: Remiss, skarmbild) -> None:
    """Move the new punkt above the remiss with Tab and Enter only; focus visible throughout."""
    assert _beslutsarenden(mote) == [remiss.rubrik, EXTRA]
    page.goto(f"/namnd/sammantraden/{mote.pk}/")
    page.locator("body").focus()
    fokus = tabba_till(page, f"Flytta upp ”{EXTRA}”")
    assert fokus["synligt"], f"Fokus syns inte på knappen: {fokus}"
    skarmbild(page, "03-flytta-upp-fokus")
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text(f"Punkten ”{EXTRA}” är nu punkt")
    assert _beslutsarenden(mote) == [EXTRA, remiss.rubrik]
    # The new order on the page too, and the keyboard still has a visible place to be.
    punkter = page.locator(".app-agenda__item strong").all_inner_texts()
    rubriker = [p.split(". ", 1)[1] for p in punkter if ". " in p]
    assert rubriker.index(EXTRA) < rubriker.index(remiss.rubrik)
    page.keyboard.press("Tab")
    fokus = synligt_fokus(page)
    assert fokus["tag"] != "BODY" and fokus["synligt"], f"Fokus efter flytten: {fokus}"
    kontrollera_sida(page, "Sammanträdet, efter flytt med tangentbordet")


def _bygg_handlingar(page, mote: Sammantrade, lagring, skarmbild) -> None:
    page.goto(f"/namnd/sammantraden/{mote.pk}/")
    page.get_by_role("button", name="Skapa kallelse och handlingar").click()
    _rubrik(page, "Kallelse och handlingar")
    status = page.locator("#paket-status")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("Kallelse och handlingar skapas.")
    kontrollera_sida(page, "Kallelse och handlingar, pågår")
    skarmbild(page, "04-handlingar-pagar")
    assert set(mote.handlingspaket.values_list("status", flat=True)) == {Handlingspaket.Status.KOAD}
    with arbetare(lagring):
        # htmx asks for the status region every few seconds and puts it in place.
        expect(status.get_by_role("link", name="Hämta fullständig version (PDF)")).to_be_visible(
            timeout=180_000
        )
    expect(page.locator("[data-pagar]")).to_have_attribute("data-pagar", "0")
    expect(status).not_to_contain_text("skapas.")
    uppgift = DBTaskResult.objects.get()
    assert uppgift.status == "SUCCESSFUL", uppgift.traceback
    kontrollera_sida(page, "Kallelse och handlingar, klara")
    skarmbild(page, "05-handlingar-klara")
    paket = {p.version: p for p in mote.handlingspaket.all()}
    assert {p.status for p in paket.values()} == {Handlingspaket.Status.KLAR}
    full = paket[Handlingspaket.Version.FULLSTANDIG]
    svar = page.context.request.get(f"/namnd/sammantraden/{mote.pk}/handlingar/fullstandig.pdf")
    assert svar.status == 200
    assert sha256(svar.body()) == full.sha256
    expect(status).to_contain_text(full.sha256)


def _status_knapp(page, mote: Sammantrade, knapp: str, namn: str) -> None:
    page.goto(f"/namnd/sammantraden/{mote.pk}/")
    page.get_by_role("button", name=knapp).click()
    expect(page.locator("main")).to_contain_text("Sammanträdet har nu status")
    kontrollera_sida(page, namn)


def _narvaro(page, mote: Sammantrade, skarmbild) -> None:
    page.goto(f"/namnd/sammantraden/{mote.pk}/")
    page.get_by_role("button", name="Börja föra protokoll").click()
    _rubrik(page, "Protokollföring")
    kontrollera_sida(page, "Protokollföring")
    # Jonas Berg is away; the ersättare Peter Ek serves for him.
    page.get_by_role("link", name="Ändra närvaro för Jonas Berg").click()
    kontrollera_sida(page, "Närvaro för en ledamot")
    page.get_by_role("group", name="Närvaro").get_by_label("Inte närvarande").check()
    page.get_by_role("button", name="Spara närvaro").click()
    expect(page.locator("main")).to_contain_text("Närvaron för Jonas Berg är sparad.")
    page.get_by_role("link", name="Ändra närvaro för Peter Ek").click()
    page.get_by_role("group", name="Närvaro").get_by_label("Närvarande", exact=True).check()
    page.get_by_label("Tjänstgör för").select_option(label="Jonas Berg (V)")
    page.get_by_role("button", name="Spara närvaro").click()
    rad = page.get_by_role("row").filter(has_text="Peter Ek")
    expect(rad).to_contain_text("Tjänstgör för Jonas Berg")
    kontrollera_sida(page, "Protokollföring, närvaro sparad")
    skarmbild(page, "06-narvaro")


def _besluta(page, mote: Sammantrade, rubrik: str, slag: str, text: str = "") -> None:
    page.goto(f"/namnd/sammantraden/{mote.pk}/protokollforing/")
    page.get_by_role("link", name=rubrik, exact=True).click()
    _rubrik(page, rubrik)
    beslut = page.locator("form[action$='/beslut/']")
    beslut.get_by_label(slag).check()
    if text:
        beslut.get_by_label("Beslutets lydelse").fill(text)
    beslut.get_by_role("button", name="Spara beslutet").click()
    expect(page.locator("main")).to_contain_text("Beslutet är registrerat.")


def _omrostning(page, mote: Sammantrade, remiss: Remiss, skarmbild) -> None:
    page.goto(f"/namnd/sammantraden/{mote.pk}/protokollforing/")
    page.get_by_role("link", name=remiss.rubrik, exact=True).click()
    kontrollera_sida(page, "Paragraf")
    form = page.locator("form[action$='/omrostning/']")
    form.get_by_role("button", name="Registrera omröstningen").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv ja-propositionen.")
    kontrollera_sida(page, "Paragraf, omröstning med fel")
    skarmbild(page, "07-omrostning-fel")
    form = page.locator("form[action$='/omrostning/']")
    form.get_by_label("Ja-proposition").fill("Bifall till förvaltningens förslag")
    form.get_by_label("Nej-proposition").fill("Avslag")
    grupper = form.get_by_role("group", name=re.compile("^Röst: "))
    for i in range(grupper.count()):
        grupp = grupper.nth(i)
        namn = grupp.locator("legend").inner_text()
        grupp.get_by_label("Nej" if "Erik Lindqvist" in namn else "Ja", exact=True).check()
    form.get_by_role("button", name="Registrera omröstningen").click()
    expect(page.locator("main")).to_contain_text("Omröstningen är registrerad.")
    expect(page.locator("main")).to_contain_text("Erik Lindqvist (M): Nej")
    kontrollera_sida(page, "Paragraf, omröstning registrerad")
    skarmbild(page, "08-omrostning")


def _protokollet(page, mote: Sammantrade, remiss: Remiss, skarmbild) -> None:
    inledande = Punkt.objects.filter(sammantrade=mote, typ=Punkt.Typ.INLEDANDE).order_by("ordning")
    for punkt in inledande:
        _besluta(page, mote, punkt.rubrik, "Noterat (läggs till handlingarna)", "Noterades.")
    _besluta(page, mote, EXTRA, "Bifall till förslaget")
    _omrostning(page, mote, remiss, skarmbild)
    _besluta(page, mote, remiss.rubrik, "Bifall till förslaget", BESLUT)
    kontrollera_sida(page, "Paragraf, beslut registrerat")
    page.goto(f"/namnd/sammantraden/{mote.pk}/protokollforing/")
    expect(page.locator("main")).not_to_contain_text("Inget beslut än")
    kontrollera_sida(page, "Protokollföring, alla beslut")


def _protokollets_uppgifter(page, mote: Sammantrade) -> None:
    page.goto(f"/namnd/sammantraden/{mote.pk}/")
    page.get_by_role("link", name="Protokollets uppgifter").click()
    kontrollera_sida(page, "Protokollets uppgifter")
    page.get_by_label("Ordförande").select_option(label="Maria Sandberg (S)")
    page.get_by_role("group", name="Justerare").get_by_label(re.compile("Lars Holm")).check()
    page.get_by_label("Dag för justering").fill(idag().isoformat())
    page.get_by_label("Plats för justering").fill("Digitalt i systemet")
    page.get_by_label("Förvaringsplats").fill("Socialförvaltningens kansli")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("main")).to_contain_text("Protokollets uppgifter är sparade.")
    kontrollera_sida(page, "Sammanträdet, protokollets uppgifter sparade")


def _andra_beskrivningen(page, mote: Sammantrade) -> None:
    """Johan corrects an ärendebeskrivning while the ordförande reads the protokoll."""
    page.goto(f"/namnd/sammantraden/{mote.pk}/protokollforing/")
    page.get_by_role("link", name=EXTRA, exact=True).click()
    form = page.locator("form[action$='/text/']")
    form.get_by_label("Ärendebeskrivning").fill("Regionen har remitterat en cykelplan.")
    form.get_by_role("button", name="Spara ärendebeskrivningen").click()
    expect(page.locator("main")).to_contain_text("Ärendebeskrivningen är sparad.")


def _justera(logga_in, person, mote: Sammantrade, skarmbild, steg: str, *, under=None) -> None:
    """`person` justerar from their "Att justera" list. `under(…)` runs while the justera
    page is open: a change then meets the conflict page, which shows what now stands."""
    page = logga_in(person)
    page.goto("/namnd/att-justera/")
    kontrollera_sida(page, f"Att justera ({person.username})")
    page.get_by_role("link", name=re.compile(str(mote.datum.year))).first.click()
    _rubrik(page, "Justera protokollet")
    kontrollera_sida(page, f"Justera protokollet ({person.username})")
    if under is not None:
        under()
        page.get_by_role("button", name="Justera protokollet").click()
        expect(page.get_by_role("alert")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Regionen har remitterat en cykelplan.")
        kontrollera_sida(page, f"Justera protokollet, konflikt ({person.username})")
        skarmbild(page, f"{steg}-konflikt")
    page.get_by_role("button", name="Justera protokollet").click()
    expect(page.locator("main")).to_contain_text("Du har justerat protokollet")
    kontrollera_sida(page, f"Efter justeringen ({person.username})")
    skarmbild(page, steg)


def _ansla(page, mote: Sammantrade, skarmbild) -> None:
    page.goto(f"/namnd/sammantraden/{mote.pk}/")
    page.get_by_role("link", name="Anslå protokollet").click()
    kontrollera_sida(page, "Anslå protokollet")
    datum = page.get_by_label("Datum då anslaget sätts upp")
    if not datum.input_value():
        datum.fill(idag().isoformat())
    plats = page.get_by_label("Förvaringsplats")
    if not plats.input_value():
        plats.fill("Socialförvaltningens kansli")
    page.get_by_role("button", name="Anslå").click()
    expect(page.locator("main")).to_contain_text("Protokollet är anslaget.")
    kontrollera_sida(page, "Sammanträdet, anslaget")
    skarmbild(page, "11-anslaget")
    page.goto("/anslagstavla/")
    expect(page.locator("main")).to_contain_text("Socialnämnden, sammanträde")


def _expediera(page, mote: Sammantrade, remiss: Remiss, skarmbild) -> Expediering:
    page.goto(f"/namnd/sammantraden/{mote.pk}/")
    page.get_by_role("link", name=re.compile(re.escape(remiss.rubrik))).last.click()
    kontrollera_sida(page, "Utskick för paragrafen")
    page.get_by_role("link", name="Expediera", exact=True).click()
    _rubrik(page, "Expediera beslutet")
    expect(page.locator("main")).to_contain_text(REGISTRATUR)
    kontrollera_sida(page, "Expediera beslutet")
    page.get_by_role("button", name="Expediera", exact=True).click()
    expect(page.locator("main")).to_contain_text(f"är expedierat till {REGISTRATUR}")
    kontrollera_sida(page, "Utskick, expedierat")
    skarmbild(page, "12-expedierat")
    return Expediering.objects.get(paragraf__punkt__sammantrade=mote)


def test_namndsekreteraren_tar_arendet_fran_anmalan_till_expedierat_svar(
    logga_in, remissen, johan, socialnamnden, skarmbild, smtp_inkorg, private_storage
):
    """GIVEN an attested remiss and Socialnämnden's people WHEN the sekreterare, the
    ordförande and the justerare take every step in the browser THEN the remiss is besvarad
    and the answer arrives by SMTP at the sender's registry with the protokollsutdrag and the
    tjänsteutlåtande, each attachment's SHA-256 the one the case records; every page and state
    passes axe, reflow and landmarks."""
    page = logga_in(johan)
    mote = _skapa_sammantrade(page, skarmbild)
    _anmal(page, remissen, mote, skarmbild)
    _lagg_till_punkt(page, mote)
    _flytta_med_tangentbordet(page, mote, remissen, skarmbild)
    _bygg_handlingar(page, mote, private_storage, skarmbild)
    _status_knapp(page, mote, "Kalla till sammanträdet", "Sammanträdet, kallat")
    _narvaro(page, mote, skarmbild)
    _protokollet(page, mote, remissen, skarmbild)
    _status_knapp(page, mote, "Markera sammanträdet som genomfört", "Sammanträdet, genomfört")
    skarmbild(page, "09-genomfort")
    _protokollets_uppgifter(page, mote)
    _justera(
        logga_in,
        User.objects.get(username=ORDFORANDE),
        mote,
        skarmbild,
        "10a-ordforande",
        under=lambda: _andra_beskrivningen(page, mote),
    )
    _justera(logga_in, User.objects.get(username=JUSTERARE), mote, skarmbild, "10b-justerare")
    mote.refresh_from_db()
    assert mote.status == "justerat"
    _ansla(page, mote, skarmbild)
    expediering = _expediera(page, mote, remissen, skarmbild)

    # The answer as it arrived: to the registry, the files the case records, byte for byte.
    brev = [
        b
        for b in vanta_pa_brev(smtp_inkorg)
        if REGISTRATUR in (b["To"] or "") or REGISTRATUR in (b["Cc"] or "")
    ]
    assert len(brev) == 1, [b["To"] for b in smtp_inkorg.messages]
    filer = bilagor(brev[0])
    inspelat = {f["filnamn"]: f["sha256"] for f in expediering.filer}
    behandling = Namndbehandling.objects.get(remiss=remissen, namnd=socialnamnden)
    assert {f["filnamn"]: f["sha256"] for f in behandling.filer} == inspelat
    assert set(filer) == set(inspelat)
    assert {namn: sha256(data) for namn, data in filer.items()} == inspelat
    # What was sent is what the case holds: the protokollsutdrag as bestyrkt, and the
    # handlingar the remiss put on the list (the tjänsteutlåtande's final PDF first).
    handlingar = Handling.objects.filter(punkt=expediering.paragraf.punkt).order_by("ordning")
    assert {h.sha256 for h in handlingar} | {expediering.utdrag.sha256} == set(inspelat.values())
    slutversion = selectors.gallande_slutversion(remissen.tjansteutlatande)
    assert handlingar.first().sha256 == slutversion.sha256
    assert len(filer) >= 2
    assert all(data.startswith(b"%PDF-") for data in filer.values())
    assert Remiss.objects.get(pk=remissen.pk).status == "besvarad"
