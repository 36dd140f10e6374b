"""The start page shows, for each role the user holds, what waits for them; the menu shows
what the policy lets them reach. A chef with two documents to attest no longer reads "no open
remisser"."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nameden.models import Ersattare
from nameden.roles import Roll
from remiss.services.attestering import attest_godkann
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def startsida(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("remiss:mina"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_chef_sees_what_waits_for_their_attest(client, skickad, lisa):
    """GIVEN a document waiting for Lisa WHEN she opens the start page THEN it says one waits
    for her attest and links to it and to the inbox, and says nothing of open remisser of her
    own (she is no handläggare)."""
    html = startsida(client, lisa)

    assert "Väntar på din attest (1)" in html
    assert reverse("remiss:attest", args=[skickad.remiss_id]) in html
    assert reverse("remiss:inkorg") in html
    assert "Du har inga öppna remisser" not in html
    assert "Mina öppna remisser" not in html


def test_a_deputy_sees_what_they_attest_as_deputy(client, skickad, lisa):
    """GIVEN Ulla deputises for Lisa today WHEN Ulla opens the start page THEN the document is
    there, marked as hers to attest as deputy."""
    ulla = UserFactory(username="ulla", roll=Roll.AVDELNINGSCHEF, avdelning=lisa.avdelning)
    Ersattare.objects.create(ordinarie=lisa, ersattare=ulla, fran=timezone.localdate())

    html = startsida(client, ulla)

    assert "Väntar på din attest (1)" in html
    assert "du attesterar som ersättare" in html


def test_an_attestant_with_nothing_waiting_is_told_so(client, lisa, veronica, skickad):
    """GIVEN the document waits for Lisa, not yet for Veronica WHEN Veronica opens the start
    page THEN her attest section says nothing waits."""
    html = startsida(client, veronica)

    assert "Inget väntar på din attest just nu." in html


def test_a_handlaggare_sees_her_open_remisser_and_no_attest_section(client, karin, remiss):
    """GIVEN a remiss assigned to Karin WHEN she opens the start page THEN it is listed under
    her open remisser, and there is no attest section for her."""
    html = startsida(client, karin)

    assert "Mina öppna remisser (1)" in html
    assert remiss.diarienummer in html
    assert "Väntar på din attest" not in html


def test_a_registrator_sees_the_latest_registered_first(client, maria, registrera):
    """GIVEN two remisser registered one after the other WHEN the registrator opens the start
    page THEN both are under "Senast registrerade", the latest first, with the button to
    register another."""
    forsta = registrera(rubrik="Första remissen", avsandarens_diarienummer="KS 2024/1")
    andra = registrera(rubrik="Andra remissen", avsandarens_diarienummer="KS 2024/2")

    html = startsida(client, maria)

    assert "Senast registrerade" in html
    assert html.index(andra.rubrik) < html.index(forsta.rubrik)
    assert reverse("remiss:registrera") in html


def test_a_namndsekreterare_sees_the_attested_remisser_waiting_for_the_namnd(
    client, johan, skickad, lisa, veronica
):
    """GIVEN a fully attested remiss WHEN the nämndsekreterare opens the start page THEN it
    waits for the nämnd there, with a link to all attested remisser."""
    attest_godkann(user=lisa, tu=skickad)
    skickad.refresh_from_db()
    attest_godkann(user=veronica, tu=skickad)

    html = startsida(client, johan)

    assert "Attesterade, väntar på nämnden (1)" in html
    assert skickad.remiss.diarienummer in html


def test_a_lasare_is_told_nothing_waits(client, per, remiss):
    """GIVEN a läsare, who holds no role that waits for anything WHEN they open the start page
    THEN it says nothing waits and links to every remiss."""
    html = startsida(client, per)

    assert "Inget väntar på dig just nu." in html
    assert reverse("remiss:lista") in html


@pytest.mark.parametrize(
    ("persona", "attest", "registrera"),
    [
        ("karin", False, False),
        ("lisa", True, False),
        ("maria", False, True),
        ("johan", False, False),
        ("per", False, False),
    ],
)
def test_the_menu_shows_what_the_policy_lets_the_user_reach(
    request, client, persona, attest, registrera
):
    """GIVEN each persona WHEN any page is shown THEN the menu links to "Att attestera" only for
    attestants and to "Registrera remiss" only for the registrator."""
    html = startsida(client, request.getfixturevalue(persona))
    meny = html.split('aria-label="Huvudmeny"', 1)[1].split("</nav>", 1)[0]

    assert (reverse("remiss:inkorg") in meny, reverse("remiss:registrera") in meny) == (
        attest,
        registrera,
    )


def test_the_full_list_of_my_remisser_says_how_many(client, karin, registrera):
    """GIVEN three open remisser for Karin WHEN she opens the full list THEN it says so and
    lists them, the nearest svarsdatum first."""
    idag = timezone.localdate()
    for i, dagar in enumerate((9, 3, 6)):
        registrera(
            rubrik=f"Remiss {dagar}",
            avsandarens_diarienummer=f"KS 2024/{i + 1}",
            inkom_datum=idag,
            svarsdatum=idag + dt.timedelta(days=dagar),
        )
    client.force_login(karin)

    html = client.get(reverse("remiss:mina_lista")).content.decode()

    assert "3 öppna remisser där du är handläggare" in html
    assert html.index("Remiss 3") < html.index("Remiss 6") < html.index("Remiss 9")
