"""Journey 2: the attest, returned once and then approved by both chefs with the keyboard alone.

Karin sends a complete draft for attest; Lisa (avdelningschef) returns it with a comment (after
first trying without one); Karin reads the comment, answers it in the text and sends it again;
Lisa and then Veronica (förvaltningschef) attest using only Tab, Enter and Space, with visible
focus asserted at every stop. Every page and state goes through `kontrollera_sida`.
"""

import pytest
from playwright.sync_api import expect

from remiss.attestlage import giltiga_attester
from remiss.models import Tjansteutlatande
from remiss.workflow import Status
from tests.e2e.sidkontroll import kontrollera_sida
from tests.e2e.tangentbord import assert_synligt_fokus, tabba_till

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KOMMENTAR = "Lägg till vad förvaltningen tycker om klarspråk i synpunkterna."
SVAR = "Förvaltningen instämmer och vill att klarspråk blir ett eget mål i programmet."
SYNPUNKTER = "Förvaltningens synpunkter och förslag"


def attestera_med_tangentbordet(sida, skarmbild, *, diarienummer: str, steg: str, vem: str):
    """From the start page to a recorded attest with Tab, Enter and Space only."""
    sida.goto("/")
    # The skip link first, then the menu's "Att attestera".
    el = tabba_till(sida, "Hoppa till huvudinnehållet")
    assert el["tagg"] == "a"
    tabba_till(sida, "Att attestera", tagg="a")
    sida.keyboard.press("Enter")
    expect(sida.get_by_role("heading", level=1)).to_have_text("Att attestera")
    kontrollera_sida(sida, f"Att attestera ({vem})")

    tabba_till(sida, diarienummer, tagg="a")
    sida.keyboard.press("Enter")
    expect(sida.get_by_role("heading", level=1)).to_have_text("Attest")
    kontrollera_sida(sida, f"Attest ({vem})")
    skarmbild(sida, f"{steg}-attest-{vem.lower()}")

    # The return form is behind a <details>: its summary takes focus, and Space would open
    # it; the approval button comes before it.
    tabba_till(sida, "Attestera", tagg="button")
    el = assert_synligt_fokus(sida)
    assert el["namn"] == "Attestera"
    skarmbild(sida, f"{steg}-attest-{vem.lower()}-fokus")
    sida.keyboard.press("Space")
    # The last attest also makes the final PDF, which takes a while on a busy machine.
    expect(sida.locator("#meddelanden")).to_contain_text(
        "Du har attesterat tjänsteutlåtandet", timeout=60_000
    )
    kontrollera_sida(sida, f"Attesterat ({vem})")


def test_returned_with_comment_answered_and_attested_by_both_chefs_by_keyboard(
    logga_in, klar, karin, lisa, veronica, skarmbild
):
    """GIVEN Karin's complete tjänsteutlåtande, with Lisa then Veronica in its attest chain
    WHEN Karin sends it, Lisa returns it with a comment, Karin answers in the text and sends
    it again, and both chefs attest with the keyboard alone
    THEN it is attested by both on the content as it reads, and every page passed the check
    """
    remiss = klar.remiss
    sida = logga_in(karin)
    sida.goto(f"/remisser/{remiss.pk}/tjansteutlatande/")
    kontrollera_sida(sida, "Tjänsteutlåtande, redo att skicka")
    sida.get_by_role("button", name="Skicka till attest").click()
    expect(sida.locator("#meddelanden")).to_contain_text("attest", ignore_case=True)
    kontrollera_sida(sida, "Tjänsteutlåtande, skickat till attest")
    skarmbild(sida, "01-skickat")

    # Lisa returns it: first without a comment (the error), then with one.
    chef = logga_in(lisa, kontrollera=False)
    kontrollera_sida(chef, "Startsida (avdelningschef)")
    chef.get_by_role("link", name="Att attestera").first.click()
    chef.get_by_role("link", name=remiss.diarienummer).click()
    kontrollera_sida(chef, "Attest (avdelningschef, före retur)")
    chef.get_by_text("Returnera till handläggaren").click()
    kontrollera_sida(chef, "Attest, returformuläret öppet")
    chef.get_by_role("button", name="Returnera").click()
    expect(chef.locator(".app-error-summary")).to_be_visible()
    kontrollera_sida(chef, "Attest, retur utan kommentar (fel)")
    skarmbild(chef, "02-retur-fel")
    chef.get_by_label("Kommentar till handläggaren").fill(KOMMENTAR)
    chef.get_by_role("button", name="Returnera").click()
    expect(chef.locator("#meddelanden")).to_contain_text("retur", ignore_case=True)
    kontrollera_sida(chef, "Returnerat (avdelningschef)")
    skarmbild(chef, "03-returnerat")

    # Karin reads the comment on the document, answers it in the text and sends again.
    sida.goto(f"/remisser/{remiss.pk}/tjansteutlatande/")
    expect(sida.get_by_role("status").filter(has_text=KOMMENTAR)).to_be_visible()
    kontrollera_sida(sida, "Tjänsteutlåtande, returnerat med kommentar")
    skarmbild(sida, "04-kommentar")
    sida.get_by_role("link", name=SYNPUNKTER).click()
    kontrollera_sida(sida, "Avsnitt efter retur")
    sida.get_by_label(SYNPUNKTER, exact=True).fill(SVAR)
    sida.get_by_role("button", name="Spara", exact=True).click()
    expect(sida.locator("#meddelanden")).to_contain_text("sparat", ignore_case=True)
    sida.get_by_role("button", name="Skicka till attest").click()
    expect(sida.locator("#meddelanden")).to_contain_text("attest", ignore_case=True)
    kontrollera_sida(sida, "Tjänsteutlåtande, skickat igen")

    # Both chefs attest with the keyboard alone, Lisa first (she sees what changed).
    attestera_med_tangentbordet(
        chef, skarmbild, diarienummer=remiss.diarienummer, steg="05", vem="Lisa"
    )
    direktor = logga_in(veronica, kontrollera=False)
    kontrollera_sida(direktor, "Startsida (förvaltningschef)")
    attestera_med_tangentbordet(
        direktor, skarmbild, diarienummer=remiss.diarienummer, steg="06", vem="Veronica"
    )
    # The confirmation is in the live region, so a screen reader announces it.
    expect(direktor.locator("#meddelanden")).to_have_attribute("aria-live", "polite")

    tu = Tjansteutlatande.objects.get(pk=klar.pk)
    assert tu.remiss.status == Status.ATTESTERAD
    # Newest first: Veronica's approval, then Lisa's, both on the content as it reads now.
    assert [rad.namn for rad in giltiga_attester(tu)] == [
        veronica.get_full_name(),
        lisa.get_full_name(),
    ]
    assert {a["rubrik"]: a["text"] for a in tu.avsnitt}[SYNPUNKTER] == SVAR

    sida.goto(f"/remisser/{remiss.pk}/tjansteutlatande/")
    expect(sida.get_by_text("Godkänt digitalt av")).to_contain_text("Veronica")
    kontrollera_sida(sida, "Tjänsteutlåtande, attesterat")
    skarmbild(sida, "07-attesterat")
