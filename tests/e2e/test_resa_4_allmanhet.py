"""Journey 4: a member of the public, not logged in, reads the digital anslagstavla, opens the
anslaget protokoll (its public version) and reads the tillgänglighetsredogörelse.

The anslag is set up through the services (journey 3 takes the same steps in the browser):
last week's sammanträde, justerat and anslaget today, so it is up on the board now.
"""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from nameden.models import Anslag
from tests.e2e.namnd_hjalp import anslaget_sammantrade, ledamoter, sha256
from tests.e2e.sidkontroll import kontrollera_sida

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def anslag(johan, socialnamnden) -> Anslag:
    return anslaget_sammantrade(johan, socialnamnden, ledamoter(socialnamnden))


def test_allmanheten_laser_anslagstavlan_protokollet_och_tillganglighetsredogorelsen(
    page, anslag, registrera, skarmbild
):
    """GIVEN Socialnämndens protokoll anslaget today and a registered remiss WHEN someone
    without a login opens the anslagstavla THEN the notice says what kommunallagen asks, the
    link gives the stored public protokoll byte for byte, the diarium lists the remiss, and
    the footer leads to the tillgänglighetsredogörelse; every page passes axe, reflow and
    landmarks."""
    protokoll = anslag.protokoll
    remiss = registrera()
    mote = protokoll.sammantrade

    # The start: one kommun, so its board directly.
    page.goto("/anslagstavla/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anslagna protokoll")
    notis = page.get_by_role("listitem").filter(has_text="Socialnämnden, sammanträde")
    expect(notis).to_contain_text(mote.datum.isoformat())
    expect(notis).to_contain_text("Sista dag att överklaga")
    expect(notis).to_contain_text("Socialförvaltningens kansli")
    kontrollera_sida(page, "Anslagstavlan (allmänheten)")
    skarmbild(page, "01-anslagstavlan")

    # The kommun's own board, as the header links it.
    page.get_by_role("link", name="Digital anslagstavla").click()
    expect(page).to_have_url(
        f"{page.url.split('/anslagstavla/')[0]}/anslagstavla/{mote.namnd.kommun.slug}/"
    )
    kontrollera_sida(page, "Kommunens anslagstavla (allmänheten)")

    # The protokoll: the public version, exactly the stored file, shown in the browser (an
    # inline PDF: Chromium opens it in its viewer, whose page wraps the file, so the bytes are
    # read again from the same address with the page's own request context).
    with page.expect_response(lambda svar: svar.url.endswith("/protokoll.pdf")) as svaret:
        page.get_by_role("link", name="Läs protokollet").click()
    svar = svaret.value
    assert svar.status == 200
    assert svar.headers["content-type"] == "application/pdf"
    assert svar.headers["content-disposition"].startswith("inline")
    innehall = page.context.request.get(svar.url).body()
    assert innehall.startswith(b"%PDF-")
    assert sha256(innehall) == anslag.offentlig_sha256
    text = "\n".join(sida.extract_text() or "" for sida in PdfReader(io.BytesIO(innehall)).pages)
    assert "Socialnämnden" in text
    assert "Anslagsbevis" in text or "anslag" in text.lower()
    skarmbild(page, "02-protokollet")
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anslagna protokoll")

    # The public diarium (OSL 5 kap.): the kommun's registered remisser, no login either.
    page.goto(f"/diarium/{mote.namnd.kommun.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Diarium över registrerade remisser")
    rad = page.get_by_role("row").filter(has_text=remiss.diarienummer)
    expect(rad).to_contain_text("Kommunstyrelsen")
    expect(rad).to_contain_text(remiss.rubrik)
    kontrollera_sida(page, "Diariet (allmänheten)")
    skarmbild(page, "03-diariet")
    page.goto(f"/anslagstavla/{mote.namnd.kommun.slug}/")

    # The tillgänglighetsredogörelse, from the board's footer.
    page.get_by_role("contentinfo").get_by_role("link", name="Tillgänglighetsredogörelse").click()
    expect(page).to_have_url(f"{page.url.split('/tillganglighet/')[0]}/tillganglighet/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tillgänglighet")
    kontrollera_sida(page, "Tillgänglighetsredogörelse (allmänheten)")
    skarmbild(page, "04-tillganglighetsredogorelse")
