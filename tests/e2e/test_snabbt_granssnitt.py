"""The quick interface in a real browser (issue 11): the htmx flows as a user meets them.

Karin writes a section and moves on without a page load (the next section's form swapped in,
"sparat" announced in the live region, focus on the new heading, the section list showing the
section done), sees the live preview follow her typing, gets a conflict swapped in when someone
saved first, and the form's errors when the text is refused; she marks a section done from the
keyboard, with htmx (the button's region swapped, focus kept, the live region announcing it,
her unsaved text untouched) and as a plain form without htmx (a post and back). Johan reorders the
agenda with the keyboard alone, focus staying on the moved punkt's button, and watches the
packet's progress update itself and stop. Every state goes through `kontrollera_sida` (axe-core at
WCAG 2.1 A and AA, reflow at 320 px, landmarks, no script error or CSP violation).
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from nameden.models import Paketframsteg, Punkt
from nameden.services.foredragningslista import punkt_lagg_till
from nameden.services.sammantrade import sammantrade_skapa
from remiss.models import Tjansteutlatande
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.e2e.namnd_hjalp import arbetare
from tests.e2e.sidkontroll import kontrollera_sida
from tests.e2e.tangentbord import assert_synligt_fokus, tabba_till
from tests.nameden.fabriker_paket import anmal_med_handlingar

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _avsnitt(tu, nyckel: str) -> str:
    return f"/remisser/{tu.remiss_id}/tjansteutlatande/avsnitt/{nyckel}/"


def _fokus_id(page) -> str:
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def test_a_section_saved_and_the_next_one_swapped_in(logga_in, karin, tu, skarmbild):
    """GIVEN Karin on Sammanfattning WHEN she types, waits, saves and goes on THEN the preview
    shows her text unsaved; then Bakgrund's form replaces the page's part without a load, at
    Bakgrund's address, focus on its heading, "sparat" in the live region and Sammanfattning
    "Ifylld" in the section list; each state passes the page check."""
    page = logga_in(karin)
    page.goto(_avsnitt(tu, "sammanfattning"))
    kontrollera_sida(page, "Avsnitt (htmx), före")
    page.evaluate("() => { window.__ingen_omladdning = true; }")

    page.get_by_label("Sammanfattning", exact=True).fill("Förvaltningen är positiv.")
    forhandsgranskning = page.locator("#tu-forhandsgranskning")
    expect(forhandsgranskning).to_contain_text("Den är inte sparad.")
    expect(forhandsgranskning.locator(".app-document__avsnitt")).to_have_text(
        "Förvaltningen är positiv."
    )
    expect(
        page.get_by_label("Sammanfattning", exact=True)
    ).to_be_focused()  # typing goes on undisturbed
    kontrollera_sida(page, "Avsnitt (htmx), levande förhandsgranskning")
    skarmbild(page, "01-levande-forhandsgranskning")

    page.get_by_role("button", name="Spara och gå till nästa avsnitt").click()

    rubrik = page.locator("#avsnitt-rubrik")
    expect(rubrik).to_have_text("Bakgrund")
    expect(rubrik).to_be_focused()
    expect(page).to_have_url(re.compile(re.escape(_avsnitt(tu, "bakgrund")) + "$"))
    expect(page).to_have_title(re.compile(r"^Bakgrund – "))
    expect(page.locator("#meddelanden [role=status]")).to_contain_text(
        "Avsnittet ”Sammanfattning” är sparat."
    )
    lista = page.locator("#tu-avsnittslista")
    expect(lista.locator("li", has_text="Sammanfattning")).to_contain_text("Ifylld")
    expect(lista.locator("[aria-current=page]")).to_have_text("Bakgrund")
    assert page.evaluate("() => window.__ingen_omladdning === true"), "sidan laddades om"
    kontrollera_sida(page, "Avsnitt (htmx), nästa avsnitt inbytt")
    skarmbild(page, "02-nasta-avsnitt")
    sparat = Tjansteutlatande.objects.get(pk=tu.pk).get_avsnitt("sammanfattning")["text"]
    assert sparat == "Förvaltningen är positiv."


def test_a_conflict_and_form_errors_are_swapped_in_and_announced(logga_in, karin, tu, skarmbild):
    """GIVEN Karin on Bakgrund WHEN someone saves it first and she then saves THEN the conflict
    panel is swapped in, focused, with an alert in the live region and her text kept; WHEN she
    then saves a refused character THEN the error summary is swapped in and focused."""
    page = logga_in(karin)
    page.goto(_avsnitt(tu, "bakgrund"))
    tu = Tjansteutlatande.objects.get(pk=tu.pk)
    tjansteutlatande_spara_avsnitt(
        user=karin, tu=tu, nyckel="bakgrund", bas_version=tu.version, text="Någon annans text."
    )

    page.get_by_label("Bakgrund", exact=True).fill("Min text.")
    page.get_by_role("button", name="Spara och gå till nästa avsnitt").click()

    konflikt = page.locator(".app-error-summary", has_text="Texten har ändrats")
    expect(konflikt).to_be_focused()
    expect(page.locator("#meddelanden [role=alert]")).to_contain_text("Din text är inte sparad.")
    expect(page.get_by_label("Bakgrund", exact=True)).to_have_value("Min text.")
    expect(page.locator("#avsnitt-rubrik")).to_have_text("Bakgrund")
    kontrollera_sida(page, "Avsnitt (htmx), konflikt")
    skarmbild(page, "03-konflikt")

    page.get_by_label("Bakgrund", exact=True).fill("Fel\x01tecken")
    page.get_by_role("button", name="Spara", exact=True).click()

    sammanfattning = page.locator(".app-error-summary", has_text="Det finns problem")
    expect(sammanfattning).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Fel: "))
    sammanfattning.get_by_role("link").first.click()
    expect(page.get_by_label("Bakgrund", exact=True)).to_be_focused()
    kontrollera_sida(page, "Avsnitt (htmx), fel i formuläret")
    skarmbild(page, "04-fel")


def test_a_section_marked_done_from_the_keyboard_with_htmx(logga_in, karin, tu, skarmbild):
    """GIVEN Karin on Bakgrund with a text typed but not saved WHEN she tabs to "Markera som
    klar" and presses Enter THEN without a page load the button turns "Ångra klar" and keeps
    (visible) focus, the live region says the section is done, the section list shows it
    "Klar" and her text is still in the field; Enter again takes the mark back."""
    page = logga_in(karin)
    page.goto(_avsnitt(tu, "bakgrund"))
    page.evaluate("() => { window.__ingen_omladdning = true; }")
    falt = page.get_by_label("Bakgrund", exact=True)
    falt.fill("Inte sparad än.")

    tabba_till(page, "Markera som klar", tagg="button")
    page.keyboard.press("Enter")

    knapp = page.locator("#tu-avsnitt-klar button")
    expect(knapp).to_have_text("Ångra klar")
    expect(knapp).to_be_focused()
    assert_synligt_fokus(page)
    expect(page.locator("#meddelanden [role=status]")).to_contain_text(
        "Avsnittet ”Bakgrund” är markerat som klart."
    )
    lista = page.locator("#tu-avsnittslista")
    expect(lista.locator("li", has_text="Bakgrund")).to_contain_text("Klar")
    expect(falt).to_have_value("Inte sparad än.")
    assert page.evaluate("() => window.__ingen_omladdning === true"), "sidan laddades om"
    kontrollera_sida(page, "Avsnitt (htmx), markerat som klart")
    skarmbild(page, "06-avsnitt-klart")
    assert Tjansteutlatande.objects.get(pk=tu.pk).klara_avsnitt == ["bakgrund"]

    page.keyboard.press("Enter")

    expect(knapp).to_have_text("Markera som klar")
    expect(knapp).to_be_focused()
    expect(page.locator("#meddelanden [role=status]")).to_contain_text(
        "inte längre markerat som klart"
    )
    assert Tjansteutlatande.objects.get(pk=tu.pk).klara_avsnitt == []


def test_a_section_marked_done_as_a_plain_form(logga_in, karin, tu, skarmbild):
    """GIVEN Karin in a browser where htmx never loads (the script answers empty) WHEN she
    presses "Markera som klar" on Sammanfattning from the keyboard THEN the plain form posts
    and the section's page comes back with the message and "Ångra klar"; the overview then
    reads "1 av 6 avsnitt klart" and names the sections not done.

    Not a context with JavaScript switched off: the page check (axe) runs as a script in the
    page, and Playwright's evaluate waits forever where scripts may not run. Without htmx
    every form on the page is a plain one, which is what is proven here."""
    page = logga_in(karin)
    page.context.route(
        "**/htmx.min.js",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
    )
    page.goto(_avsnitt(tu, "sammanfattning"))
    assert page.evaluate("() => typeof window.htmx === 'undefined'"), "htmx laddades"

    page.get_by_role("button", name="Markera som klar").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(re.escape(_avsnitt(tu, "sammanfattning")) + "$"))
    expect(page.locator("#meddelanden")).to_contain_text(
        "Avsnittet ”Sammanfattning” är markerat som klart."
    )
    expect(page.locator("#tu-avsnitt-klar button")).to_have_text("Ångra klar")
    kontrollera_sida(page, "Avsnitt utan htmx, markerat som klart")
    skarmbild(page, "07-avsnitt-klart-utan-htmx")

    page.goto(f"/remisser/{tu.remiss_id}/tjansteutlatande/")
    expect(page.locator("#tu-framsteg")).to_have_text("1 av 6 avsnitt klart.")
    expect(page.locator("#tu-ej-klara")).to_contain_text("Du kan ändå skicka")
    kontrollera_sida(page, "Tjänsteutlåtandet, ett avsnitt klart")
    skarmbild(page, "08-oversikt-framsteg")


def test_the_agenda_reordered_with_the_keyboard_keeps_focus(logga_in, johan, socialnamnden):
    """GIVEN A, B, C on the list WHEN Johan tabs to "Flytta upp ”C”" and presses Enter twice
    THEN the list is swapped in place each time, focus stays on C's "Flytta upp" (visible),
    the live region says where C is, and when C reaches the top its "Flytta ner" has focus."""
    mote = sammantrade_skapa(
        user=johan, namnd=socialnamnden, datum=dt.date(2026, 4, 23), tid=dt.time(13), plats="Rum"
    )
    for rubrik in "ABC":
        punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik=rubrik)
    c = Punkt.objects.get(sammantrade=mote, rubrik="C")
    page = logga_in(johan)
    page.goto(f"/namnd/sammantraden/{mote.pk}/")
    page.locator("body").focus()

    tabba_till(page, "Flytta upp ”C”", tagg="button")
    page.keyboard.press("Enter")

    expect(page.locator("#meddelanden")).to_contain_text("Punkten ”C” är nu punkt")
    expect(page.locator(f"#punkt-{c.pk}-upp")).to_be_focused()
    assert_synligt_fokus(page)
    kontrollera_sida(page, "Föredragningslistan (htmx), efter flytt")

    page.keyboard.press("Enter")

    expect(page.locator(f"#punkt-{c.pk}-ner")).to_be_focused()
    assert_synligt_fokus(page)
    rubriker = page.locator(".app-agenda__item strong").all_inner_texts()
    beslut = [m[1] for r in rubriker if (m := re.fullmatch(r"\d+\. ([ABC])", r.strip()))]
    assert beslut == ["C", "A", "B"]
    kontrollera_sida(page, "Föredragningslistan (htmx), punkten överst")


def test_the_packet_progress_updates_itself_and_stops(
    logga_in, johan, socialnamnden, private_storage, skarmbild
):
    """GIVEN Johan ordering the packet WHEN the worker reports a step and then finishes THEN
    the live region shows the step without a reload, then the finished packet, after which
    the polling has stopped and the button is enabled again."""
    mote = sammantrade_skapa(
        user=johan, namnd=socialnamnden, datum=dt.date(2026, 5, 21), tid=dt.time(13), plats="Rum"
    )
    anmal_med_handlingar(johan, mote, 1)
    page = logga_in(johan)
    page.goto(f"/namnd/sammantraden/{mote.pk}/handlingar/")
    page.get_by_role("button", name="Skapa kallelse och handlingar").click()
    status = page.locator("#paket-status")
    expect(status).to_contain_text("Kallelse och handlingar skapas.")
    page.evaluate("() => { window.__ingen_omladdning = true; }")
    kontrollera_sida(page, "Kallelse och handlingar (htmx), köad")

    framsteg = Paketframsteg.objects.get(sammantrade=mote)
    framsteg.steg_klara, framsteg.steg_totalt, framsteg.steg_text = 1, 4, "Kallelsen"
    framsteg.save()
    expect(status).to_contain_text("Steg 1 av 4: Kallelsen", timeout=10_000)
    assert page.evaluate("() => window.__ingen_omladdning === true"), "sidan laddades om"
    kontrollera_sida(page, "Kallelse och handlingar (htmx), pågår")

    with arbetare(private_storage):
        expect(page.locator("#paket-status-innehall")).to_have_attribute(
            "data-pagar", "0", timeout=120_000
        )
    expect(status.get_by_role("link", name="Hämta fullständig version (PDF)")).to_be_visible()
    expect(page.locator("#paket-status-innehall")).not_to_have_attribute(
        "hx-trigger", re.compile(".")
    )
    expect(page.get_by_role("button", name="Skapa kallelse och handlingar igen")).to_be_enabled()
    assert page.evaluate("() => window.__ingen_omladdning === true"), "sidan laddades om"
    kontrollera_sida(page, "Kallelse och handlingar (htmx), klara")
    skarmbild(page, "05-handlingar-klara")
