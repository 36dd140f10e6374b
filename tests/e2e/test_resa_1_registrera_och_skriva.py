"""Journey 1: Maria registers a remiss, Karin drafts the tjänsteutlåtande in a real browser.

Registration (first with the errors an empty form gets), the beredning started with the
Stockholm mall, several sections written with "Spara och gå till nästa avsnitt", a second tab
saving the same section first (the lost-update conflict page), two beredningssteg and a real
PDF as bilaga. Every page and state on the way goes through `kontrollera_sida`.
"""

import datetime as dt
import hashlib
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from remiss.models import Remiss
from tests.e2e.sidkontroll import kontrollera_sida

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

MALL = "Stockholms stad – tjänsteutlåtande"
TEXTER = {
    "Sammanfattning": "Förvaltningen är positiv till programmet och föreslår två tillägg.",
    "Bakgrund": "Staden har haft riktlinjer för kommunikation sedan 1990-talet.",
    "Ärendet": "Programmet anger tre mål för stadens kommunikation med invånarna.",
}
SYNPUNKTER = "Förvaltningen instämmer i programmets mål och vill att klarspråk lyfts fram."


def bilaga_pdf(mapp) -> bytes:
    """A small real PDF with text in it, made by the app's own WeasyPrint."""
    from weasyprint import HTML

    sokvag = mapp / "kommunikationsprogram.pdf"
    HTML(
        string="<html lang='sv'><title>Kommunikationsprogram</title>"
        "<h1>Kommunikationsprogram för Stockholms stad</h1><p>Remissversion.</p></html>"
    ).write_pdf(sokvag)
    return sokvag


def registrera_remiss(sida, skarmbild, *, handlaggare: str) -> str:
    """Maria's part: the empty form's errors, then the remiss registered; its detail page URL."""
    sida.get_by_role("link", name="Registrera remiss").first.click()
    expect(sida.get_by_role("heading", level=1)).to_have_text("Registrera remiss")
    kontrollera_sida(sida, "Registrera remiss")

    sida.get_by_role("button", name="Registrera remissen").click()
    expect(sida).to_have_title(re.compile(r"^Fel: "))
    sammanfattning = sida.locator(".app-error-summary")
    expect(sammanfattning).to_be_focused()
    expect(sammanfattning).to_contain_text("Ange remissens rubrik.")
    kontrollera_sida(sida, "Registrera remiss, med fel")
    skarmbild(sida, "02-registrera-fel")
    # The summary's link takes the user to the field it names.
    sammanfattning.get_by_role("link", name="Ange remissens rubrik.").click()
    expect(sida.get_by_label("Rubrik", exact=True)).to_be_focused()

    sida.get_by_label("Avsändare", exact=True).fill("Kommunstyrelsen")
    sida.get_by_label("Avsändarens diarienummer").fill("KS 2024/112")
    sida.get_by_label("Avsändarens registratur (e-post)").fill("registrator@stockholm.se")
    sida.get_by_label("Rubrik", exact=True).fill(
        "Remiss av Kommunikationsprogram för Stockholms stad"
    )
    idag = timezone.localdate()
    sida.get_by_label("Inkom").fill(idag.isoformat())
    sida.get_by_label("Svarsdatum").fill((idag + dt.timedelta(days=45)).isoformat())
    sida.get_by_label("Socialnämnden").check()
    sida.get_by_label("Handläggare").select_option(label=handlaggare)
    skarmbild(sida, "03-registrera-ifyllt")
    sida.get_by_role("button", name="Registrera remissen").click()

    expect(sida.locator("#meddelanden")).to_contain_text("Remissen är registrerad som")
    kontrollera_sida(sida, "Remiss registrerad (ärendesida)")
    skarmbild(sida, "04-registrerad")
    return sida.url.split("#")[0]


def skriv_avsnitt(sida, skarmbild):
    """Karin writes three sections in a row, each saved with "Spara och gå till nästa"."""
    sida.get_by_role("link", name="Sammanfattning").click()
    for nummer, (rubrik, text) in enumerate(TEXTER.items()):
        rubriken = sida.locator("#avsnitt-rubrik")
        expect(rubriken).to_have_text(rubrik)
        if nummer == 0:
            kontrollera_sida(sida, "Avsnitt: Sammanfattning")
        sida.get_by_label(rubrik, exact=True).fill(text)
        sida.get_by_role("button", name="Spara och gå till nästa avsnitt").click()
        nasta = list(TEXTER)[nummer + 1] if nummer + 1 < len(TEXTER) else "Ärendets beredning"
        expect(rubriken).to_have_text(nasta)
        expect(sida.locator("#meddelanden, #tu-avsnitt")).not_to_have_count(0)
        kontrollera_sida(sida, f"Avsnitt: {nasta} (efter sparat {rubrik})")
    skarmbild(sida, "06-avsnitt-beredning")


def test_registrator_registers_and_handlaggare_drafts_with_beredning_and_bilaga(
    logga_in, maria, karin, lisa, veronica, socialnamnden, skarmbild, tmp_path
):
    """GIVEN Maria (registrator), Karin (handläggare) and the Socialnämnden
    WHEN Maria registers a remiss to Karin and Karin starts the beredning, writes sections
    (meeting a conflict from her own second tab), adds beredningssteg and a PDF bilaga
    THEN the document holds all of it, and every page on the way passes the page check
    """
    maria_sida = logga_in(maria)
    kontrollera_sida(maria_sida, "Startsida (registrator)")
    skarmbild(maria_sida, "01-startsida-registrator")
    arende_url = registrera_remiss(maria_sida, skarmbild, handlaggare=karin.get_full_name())
    remiss = Remiss.objects.get(avsandarens_diarienummer="KS 2024/112")
    assert remiss.handlaggare == karin
    assert list(remiss.namnder.all()) == [socialnamnden]

    # Karin finds the case on her start page.
    sida = logga_in(karin)
    kontrollera_sida(sida, "Startsida (handläggare, ny remiss)")
    sida.get_by_role("link", name=remiss.diarienummer).first.click()
    expect(sida).to_have_url(arende_url)
    sida.get_by_role("link", name="Påbörja beredning").click()
    kontrollera_sida(sida, "Påbörja beredning")
    sida.get_by_label(MALL).check()
    sida.get_by_role("button", name="Påbörja beredning").click()
    expect(sida.get_by_role("link", name="Sammanfattning")).to_be_visible()
    kontrollera_sida(sida, "Tjänsteutlåtande, nytt")
    skarmbild(sida, "05-tjansteutlatande-nytt")

    skriv_avsnitt(sida, skarmbild)

    # The same section open in a second tab, saved there first: the first tab's save meets the
    # conflict page with both texts, and saving again keeps Karin's text.
    sida.goto(f"{arende_url}tjansteutlatande/")
    sida.get_by_role("link", name="Förvaltningens synpunkter och förslag").click()
    flik = sida.context.new_page()
    flik.goto(sida.url)
    flik.get_by_label("Förvaltningens synpunkter och förslag", exact=True).fill(
        "Förvaltningen har inga synpunkter."
    )
    flik.get_by_role("button", name="Spara", exact=True).click()
    expect(flik.locator("#meddelanden")).to_contain_text("sparat", ignore_case=True)
    flik.close()
    sida.get_by_label("Förvaltningens synpunkter och förslag", exact=True).fill(SYNPUNKTER)
    sida.get_by_role("button", name="Spara", exact=True).click()
    expect(
        sida.get_by_role("heading", name="Texten har ändrats sedan du öppnade sidan")
    ).to_be_visible()
    kontrollera_sida(sida, "Avsnitt: konflikt (sparat i en annan flik)")
    skarmbild(sida, "07-konflikt")
    sida.get_by_role("button", name="Spara", exact=True).click()
    expect(sida.locator("#meddelanden")).to_contain_text("sparat", ignore_case=True)
    kontrollera_sida(sida, "Tjänsteutlåtande efter sparad konflikt")

    # Beredning: one step with an error first (no type), then two steps.
    sida.get_by_role("link", name="Beredningssteg").click()
    kontrollera_sida(sida, "Beredningssteg, inga ännu")
    sida.get_by_role("button", name="Lägg till steget").click()
    expect(sida).to_have_title(re.compile(r"^Fel: "))
    kontrollera_sida(sida, "Beredningssteg, med fel")
    for typ, motpart, datum in (
        ("Förvaltningsgruppen (MBL/samverkan)", "", "2024-03-20"),
        ("Samråd med annan förvaltning", "stadsbyggnadskontoret", "2024-03-25"),
    ):
        sida.get_by_label("Typ av beredning").select_option(label=typ)
        if motpart:
            sida.get_by_label("Vem").fill(motpart)
        sida.get_by_label("Datum").fill(datum)
        sida.get_by_role("button", name="Lägg till steget").click()
        expect(sida.get_by_role("table")).to_contain_text(typ)
    expect(sida.locator(".app-inset-text")).to_contain_text("stadsbyggnadskontoret")
    kontrollera_sida(sida, "Beredningssteg, två steg")
    skarmbild(sida, "08-beredningssteg")

    # Bilaga: the form's errors without a file, then a real PDF.
    sida.get_by_role("link", name="Tillbaka till tjänsteutlåtandet").click()
    sida.get_by_role("link", name="Bilagor").click()
    kontrollera_sida(sida, "Bilagor, inga ännu")
    sida.get_by_role("button", name=re.compile("Ladda upp|Lägg till")).click()
    expect(sida).to_have_title(re.compile(r"^Fel: "))
    kontrollera_sida(sida, "Bilagor, med fel")
    pdf = bilaga_pdf(tmp_path)
    sida.get_by_label("Titel").fill("Kommunikationsprogram för Stockholms stad")
    sida.get_by_label("Fil").set_input_files(pdf)
    sida.get_by_role("button", name=re.compile("Ladda upp|Lägg till")).click()
    expect(sida.get_by_role("table")).to_contain_text("Kommunikationsprogram för Stockholms stad")
    kontrollera_sida(sida, "Bilagor, en bilaga")
    skarmbild(sida, "09-bilaga")

    sida.get_by_role("link", name="Tillbaka till tjänsteutlåtandet").click()
    kontrollera_sida(sida, "Tjänsteutlåtande, utkast klart")
    skarmbild(sida, "10-utkast-klart")

    remiss.refresh_from_db()
    tu = remiss.tjansteutlatande
    texter = {a["rubrik"]: a["text"] for a in tu.avsnitt}
    assert {rubrik: texter[rubrik] for rubrik in TEXTER} == TEXTER
    assert texter["Förvaltningens synpunkter och förslag"] == SYNPUNKTER
    assert "stadsbyggnadskontoret" in texter["Ärendets beredning"]
    (bilaga,) = tu.bilagor.all()
    with bilaga.fil.open("rb") as fil:
        assert hashlib.sha256(fil.read()).digest() == hashlib.sha256(pdf.read_bytes()).digest()
