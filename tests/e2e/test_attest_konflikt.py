"""Journey 2, the attest conflict: the document changes while the chef has the attest page open.

Lisa (avdelningschef) opens the attest page; meanwhile Karin, in her own browser, changes a
section (confirming that the attest is voided) and sends the document again. Lisa's "Attestera"
carries the fingerprint of the text she read, so it is refused (`InnehalletAndrat`, 409): she
sees why in the focused error summary (an alert), with what changed, and nothing is recorded.
She loads the page again and attests the new version with the keyboard alone. A second test
covers the other way the ground moves: Karin recalls the document while Lisa reads it.

The section-save lost-update conflict ("Texten har ändrats sedan du öppnade sidan") is already
a browser state in `test_resa_1_registrera_och_skriva.py` (plain form) and
`test_snabbt_granssnitt.py` (htmx), so it is not repeated here.

Screenshots go to var/e2e/screenshots/resa_2_attest/ beside journey 2's (`konflikt_*`).
"""

import re
import shutil

import pytest
from playwright.sync_api import expect

from remiss.fingeravtryck import fingeravtryck_for
from remiss.models import Attestering, Attestrunda, Tjansteutlatande
from remiss.services.attestering import attest_aterkalla
from remiss.workflow import Status
from tests.e2e import conftest as e2e_conftest
from tests.e2e.sidkontroll import kontrollera_sida
from tests.e2e.tangentbord import assert_synligt_fokus, tabba_till

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SYNPUNKTER = "Förvaltningens synpunkter och förslag"
NY_TEXT = "Förvaltningen instämmer, men vill att programmet får en uppföljning varje år."
ANDRAT = "Tjänsteutlåtandet har ändrats sedan du öppnade det."
BEKRAFTA = "Jag förstår att attesten upphävs och att tjänsteutlåtandet måste attesteras igen"


@pytest.fixture
def skarmbild():
    """Journey 2's screenshot folder (`resa_2_attest`), not one named after this module.

    Emptied once per session like conftest's `skarmbild` does, through the same record of
    emptied folders, so journey 2 running after this module keeps these pictures."""
    mapp = e2e_conftest.UTDATA / "screenshots" / "resa_2_attest"
    if mapp not in e2e_conftest._TOMDA_MAPPAR:
        shutil.rmtree(mapp, ignore_errors=True)
        e2e_conftest._TOMDA_MAPPAR.add(mapp)

    def _skarmbild(sida, steg: str):
        mapp.mkdir(parents=True, exist_ok=True)
        sokvag = mapp / f"konflikt_{steg}.png"
        sida.screenshot(path=str(sokvag), full_page=True)
        return sokvag

    return _skarmbild


def _felsammanfattning_meddelar(sida, text: str) -> None:
    """The error summary names `text`, sits in an alert (announced when it appears) and has
    focus, so a screen reader user hears why before anything else."""
    sammanfattning = sida.locator(".app-error-summary")
    expect(sammanfattning).to_contain_text(text)
    expect(sammanfattning).to_be_focused()
    expect(sida.get_by_role("alert").filter(has_text=text)).to_be_visible()
    # A link in the summary leads to its field: none may point at something not on the page.
    saknas = sida.evaluate(
        """() => [...document.querySelectorAll('.app-error-summary a[href^="#"]')]
                 .map((a) => a.getAttribute('href'))
                 .filter((h) => !document.getElementById(h.slice(1)))"""
    )
    assert saknas == [], f"felsammanfattningen länkar till fält som inte finns: {saknas}"


def test_a_change_under_the_chefs_eyes_refuses_her_attest_and_she_attests_the_new_version(
    logga_in, skickad, karin, lisa, skarmbild
):
    """GIVEN Karin's document sent for attest and Lisa reading its attest page
    WHEN Karin changes a section (confirming the void) and sends it again, and Lisa then attests
    THEN Lisa's attest is refused with a focused, announced message, the change is shown and
    nothing is recorded; WHEN she loads the page again and attests with the keyboard alone
    THEN her attest is recorded on the new content
    """
    remiss = skickad.remiss
    attest_url = f"/remisser/{remiss.pk}/attest/"
    chef = logga_in(lisa, kontrollera=False)
    chef.goto(attest_url)
    expect(chef.get_by_role("heading", level=1)).to_have_text("Attest")
    kontrollera_sida(chef, "Attest (avdelningschef, före ändringen)")
    gammalt = fingeravtryck_for(skickad)

    # Karin, in her own browser, changes the text and sends it again.
    sida = logga_in(karin, kontrollera=False)
    sida.goto(f"/remisser/{remiss.pk}/tjansteutlatande/")
    sida.get_by_role("link", name=SYNPUNKTER).click()
    sida.get_by_label(SYNPUNKTER, exact=True).fill(NY_TEXT)
    sida.get_by_label(BEKRAFTA).check()
    sida.get_by_role("button", name="Spara", exact=True).click()
    expect(sida.locator("#meddelanden")).to_contain_text("sparat", ignore_case=True)
    sida.get_by_role("button", name="Skicka till attest").click()
    expect(sida.locator("#meddelanden")).to_contain_text("attest", ignore_case=True)
    tu = Tjansteutlatande.objects.get(pk=skickad.pk)
    assert tu.remiss.status == Status.FOR_ATTEST
    assert fingeravtryck_for(tu) != gammalt

    # Lisa decides on the page she opened before the change.
    chef.get_by_role("button", name="Attestera", exact=True).click()
    _felsammanfattning_meddelar(chef, ANDRAT)
    andrat = chef.get_by_role("region", name="Ändrat sedan du läste senast")
    expect(andrat).to_contain_text(SYNPUNKTER)
    expect(chef).to_have_title(re.compile(r"^Fel: Attest – "))
    kontrollera_sida(chef, "Attest, konflikt: innehållet ändrat")
    skarmbild(chef, "01-innehallet-andrat")
    # Nothing recorded: no approval by Lisa, and the new round still waits for step 1.
    assert not Attestering.objects.filter(attestant=lisa).exists()
    runda = Attestrunda.objects.get(tjansteutlatande=tu, status=Attestrunda.Status.PAGAR)
    assert runda.vantar_pa_id == lisa.pk

    # She loads the page again and attests the version that now reads, keyboard alone.
    chef.goto(attest_url)
    expect(chef.locator(".app-error-summary")).to_have_count(0)
    expect(chef.get_by_text(NY_TEXT)).to_be_visible()
    tabba_till(chef, "Attestera", tagg="button")
    el = assert_synligt_fokus(chef)
    assert el["namn"] == "Attestera"
    skarmbild(chef, "02-ny-version-fokus")
    chef.keyboard.press("Space")
    expect(chef.locator("#meddelanden")).to_contain_text("Du har attesterat tjänsteutlåtandet")
    expect(chef.locator("#meddelanden")).to_have_attribute("aria-live", "polite")
    kontrollera_sida(chef, "Attesterat efter konflikt (avdelningschef)")
    skarmbild(chef, "03-attesterat")

    attestering = Attestering.objects.get(attestant=lisa)
    assert attestering.beslut == Attestering.Beslut.GODKAND
    assert attestering.ogiltig_at is None
    assert attestering.runda_id == runda.pk
    assert attestering.fingeravtryck == fingeravtryck_for(tu)


def test_a_recall_under_the_chefs_eyes_refuses_her_attest_with_a_clear_message(
    logga_in, skickad, karin, lisa, skarmbild
):
    """GIVEN Lisa reading the attest page of Karin's document
    WHEN Karin recalls it from attest (the service, as her recall button calls it) and Lisa
    then attests
    THEN Lisa is told, focused and announced, that it no longer waits for attest, no decision
    form is offered, and nothing is recorded
    """
    remiss = skickad.remiss
    chef = logga_in(lisa, kontrollera=False)
    chef.goto(f"/remisser/{remiss.pk}/attest/")
    kontrollera_sida(chef, "Attest (avdelningschef, före återkallandet)")

    attest_aterkalla(user=karin, tu=skickad, kommentar="Jag behöver lägga till en bilaga.")

    chef.get_by_role("button", name="Attestera", exact=True).click()
    _felsammanfattning_meddelar(chef, "Utlåtandet väntar inte på attest.")
    expect(chef.get_by_role("button", name="Attestera", exact=True)).to_have_count(0)
    kontrollera_sida(chef, "Attest, konflikt: återkallat")
    skarmbild(chef, "04-aterkallat")

    assert not Attestering.objects.filter(attestant=lisa).exists()
    tu = Tjansteutlatande.objects.get(pk=skickad.pk)
    assert tu.remiss.status == Status.UNDER_BEREDNING
