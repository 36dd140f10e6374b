"""The tjänsteutlåtande's overview says what is missing and keeps a return's comment in view
until it is answered (by sending the document for attest again)."""

import pytest
from django.urls import reverse

from nameden.historik import save_tracked
from remiss.models import Tjansteutlatande
from remiss.services.attestering import attest_returnera, attest_skicka

pytestmark = pytest.mark.django_db


def oversikt(client, user, tu) -> str:
    client.force_login(user)
    response = client.get(reverse("remiss:tu", args=[tu.remiss_id]))
    assert response.status_code == 200
    return response.content.decode()


def uppgifter(html: str) -> str:
    """The "Uppgifter" row of the task list."""
    hint = "Rubrik, handläggare, Till, sammanträde och undertecknare"
    return html.split(hint, 1)[1].split("</li>", 1)[0]


def test_uppgifter_says_what_is_missing(client, karin, tu):
    """GIVEN a tjänsteutlåtande with neither sammanträde nor undertecknare WHEN Karin opens
    it THEN the Uppgifter row is Ofullständig and says both are missing."""
    tu.sammantrade, tu.undertecknare = None, []
    save_tracked(tu, user=karin, reason="Test: inga uppgifter")

    rad = uppgifter(oversikt(client, karin, tu))

    assert "Ofullständig" in rad
    assert "Sammanträde saknas. Undertecknare saknas." in rad


def test_uppgifter_names_only_what_is_still_missing(client, karin, tu, sammantrade):
    """GIVEN the sammanträde is chosen but no undertecknare WHEN Karin opens the overview THEN
    only the undertecknare is said to be missing; with both it is Ifylld."""
    tu.sammantrade, tu.undertecknare = sammantrade, []
    save_tracked(tu, user=karin, reason="Test: sammanträde valt")

    rad = uppgifter(oversikt(client, karin, tu))
    assert "Undertecknare saknas." in rad
    assert "Sammanträde saknas" not in rad

    tu.undertecknare = [
        {"namn": "Veronica Wolgast Carstorp", "titel": "Socialdirektör", "forvaltning": "SOF"}
    ]
    save_tracked(tu, user=karin, reason="Test: undertecknare valda")
    rad = uppgifter(oversikt(client, karin, tu))
    assert "Ifylld" in rad
    assert "saknas" not in rad


def test_a_return_comment_stays_on_the_tu_page_until_sent_again(client, skickad, lisa, karin):
    """GIVEN Lisa returned the document with a comment WHEN Karin opens the tjänsteutlåtande
    THEN the comment and who wrote it are there; once she sends it for attest again, it is
    gone from the page (and stays in the timeline)."""
    attest_returnera(user=lisa, tu=skickad, kommentar="Korta ned sammanfattningen.")

    html = oversikt(client, karin, skickad)
    assert "Returnerat av Lisa Cadenius" in html
    assert "Korta ned sammanfattningen." in html

    attest_skicka(user=karin, tu=Tjansteutlatande.objects.get(pk=skickad.pk))
    html = oversikt(client, karin, skickad)
    assert "Korta ned sammanfattningen." not in html
    assert skickad.remiss.handelser.filter(kommentar="Korta ned sammanfattningen.").exists()


def test_a_document_never_returned_shows_no_return(client, karin, skickad):
    """GIVEN a document out for attest, never returned WHEN Karin opens it THEN no return."""
    assert "Returnerat av" not in oversikt(client, karin, skickad)
