"""The attest pages: the inbox, reading and deciding, sending, and who may see what."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remiss.fingeravtryck import fingeravtryck_for
from remiss.models import Attestering, Attestrunda, Handelse, Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_skicka
from remiss.workflow import Status
from tests.conftest import fyll_i
from tests.factories import stockholm_mall

pytestmark = pytest.mark.django_db


def _attest_url(tu):
    return reverse("remiss:attest", args=[tu.remiss_id])


def _beslut(tu, beslut: str, **extra) -> dict:
    """The attest form as the page posts it: the decision and the fingerprint it showed."""
    tu = Tjansteutlatande.objects.get(pk=tu.pk)
    return {"beslut": beslut, "fingeravtryck": fingeravtryck_for(tu), **extra}


def test_handlaggare_sends_for_attest_from_the_tu_page(client, karin, klar, lisa, veronica):
    """GIVEN a complete draft WHEN Karin presses "Skicka till attest" THEN a round starts and
    the case page tells her who attests first."""
    client.force_login(karin)
    assert "Skicka till attest" in client.get(reverse("remiss:tu", args=[klar.remiss_id])).text

    response = client.post(reverse("remiss:attest_skicka", args=[klar.remiss_id]), follow=True)

    assert Attestrunda.objects.filter(tjansteutlatande=klar).exists()
    assert "Först attesterar Lisa Cadenius" in response.text


def test_sending_an_incomplete_draft_explains_what_is_missing(client, karin, tu, lisa, veronica):
    client.force_login(karin)
    response = client.post(reverse("remiss:attest_skicka", args=[tu.remiss_id]), follow=True)
    assert "Fyll i alla obligatoriska avsnitt" in response.text
    assert not Attestrunda.objects.exists()


def test_sending_is_refused_to_others(client, hugo, klar, lisa, veronica):
    client.force_login(hugo)
    response = client.post(reverse("remiss:attest_skicka", args=[klar.remiss_id]))
    assert response.status_code == 403


def test_inbox_lists_what_waits_for_me(client, skickad, lisa, veronica):
    client.force_login(lisa)
    response = client.get(reverse("remiss:inkorg"))
    assert response.status_code == 200
    assert skickad.remiss.diarienummer in response.text
    assert "Inte läst" in response.text

    client.force_login(veronica)
    assert skickad.remiss.diarienummer not in client.get(reverse("remiss:inkorg")).text


def test_attestant_reads_and_attests(client, skickad, lisa):
    """GIVEN it is Lisa's turn WHEN she opens the page and presses Attestera THEN her
    attestation is recorded and she returns to her (now empty) inbox."""
    client.force_login(lisa)
    page = client.get(_attest_url(skickad))
    assert page.status_code == 200
    assert 'value="godkann"' in page.text

    response = client.post(_attest_url(skickad), _beslut(skickad, "godkann"), follow=True)

    assert Attestering.objects.get().attestant == lisa
    assert "Du har attesterat tjänsteutlåtandet." in response.text
    assert "Inget väntar på din attest" in response.text


def test_returning_without_a_comment_keeps_the_page_and_says_why(client, skickad, lisa):
    client.force_login(lisa)
    response = client.post(_attest_url(skickad), _beslut(skickad, "returnera", kommentar=""))
    assert response.status_code == 400
    assert "Skriv vad handläggaren behöver ändra." in response.text
    assert not Attestering.objects.exists()


def test_return_with_comment_is_shown_on_the_case(client, skickad, lisa, karin):
    client.force_login(lisa)
    client.post(_attest_url(skickad), _beslut(skickad, "returnera", kommentar="Korta ned."))
    client.force_login(karin)
    page = client.get(reverse("remiss:detalj", args=[skickad.remiss_id]))
    assert "Korta ned." in page.text
    assert Handelse.objects.filter(typ="attest_returnerad").exists()
    assert Tjansteutlatande.objects.get(pk=skickad.pk).remiss.status == Status.UNDER_BEREDNING


def test_not_your_turn_shows_no_buttons_and_posting_is_refused(client, skickad, veronica):
    client.force_login(veronica)
    page = client.get(_attest_url(skickad))
    assert page.status_code == 200
    assert 'value="godkann"' not in page.text
    response = client.post(_attest_url(skickad), _beslut(skickad, "godkann"))
    assert response.status_code == 403
    assert not Attestering.objects.exists()


def test_other_forvaltning_gets_404(client, skickad, utomstaende):
    client.force_login(utomstaende)
    assert client.get(_attest_url(skickad)).status_code == 404
    assert client.post(_attest_url(skickad), _beslut(skickad, "godkann")).status_code == 404


def test_inbox_query_count_is_constant(client, lisa, karin, veronica, registrera):
    """GIVEN 1 and then 4 documents waiting for Lisa WHEN her inbox is shown THEN the same
    number of queries."""

    def waiting(n):
        for _ in range(n):
            remiss = registrera()
            remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
            attest_skicka(user=karin, tu=fyll_i(remiss.tjansteutlatande, karin))

    client.force_login(lisa)
    waiting(1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("remiss:inkorg"))
    waiting(3)
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("remiss:inkorg"))
    assert response.text.count("/attest/") >= 4
    assert len(four) == len(one)


def test_the_tu_page_names_the_chain_of_the_documents_own_mall(client, karin, klar):
    """GIVEN a mall whose chain is only the förvaltningschef WHEN Karin opens the TU THEN the
    page says so, rather than a fixed avdelningschef-then-förvaltningschef text."""
    klar.mall.attestkedja = ["forvaltningschef"]
    klar.mall.save()
    client.force_login(karin)
    html = client.get(reverse("remiss:tu", args=[klar.remiss_id])).text
    assert "attesteras i tur och ordning av: förvaltningschef." in html
    assert "avdelningschef" not in html.split("tur och ordning av:")[1].split(".")[0]


def test_an_approval_of_a_text_the_attestant_never_saw_is_refused(client, skickad, lisa, karin):
    """GIVEN Lisa opened the attest page, and Karin then recalled the document, rewrote a
    section and sent it again
    WHEN Lisa presses Attestera on the page still open in her browser
    THEN nothing is recorded: the page answers 409, says the document changed, shows the text
    as it reads now with what changed, and carries the new fingerprint for a fresh decision."""
    from remiss.services.attestering import attest_aterkalla
    from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt

    client.force_login(lisa)
    sida = client.get(_attest_url(skickad))
    sett = sida.context["form"]["fingeravtryck"].value()
    attest_aterkalla(user=karin, tu=skickad)
    tu = Tjansteutlatande.objects.get(pk=skickad.pk)
    tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=tu,
        nyckel="synpunkter",
        text="Förvaltningen avstyrker förslaget helt.",
        bas_version=tu.version,
    )
    attest_skicka(user=karin, tu=Tjansteutlatande.objects.get(pk=skickad.pk))

    response = client.post(_attest_url(skickad), {"beslut": "godkann", "fingeravtryck": sett})

    assert response.status_code == 409
    assert not Attestering.objects.exists()
    assert "har ändrats sedan du öppnade det" in response.text
    assert "avstyrker" in response.text
    ny = response.context["form"]["fingeravtryck"].value()
    assert ny != sett
    assert ny == fingeravtryck_for(Tjansteutlatande.objects.get(pk=skickad.pk))

    again = client.post(_attest_url(skickad), {"beslut": "godkann", "fingeravtryck": ny})
    assert again.status_code == 302
    assert Attestering.objects.get().attestant == lisa


@pytest.mark.parametrize("data", [{}, {"beslut": "godkann"}, {"beslut": "okänt"}])
def test_a_decision_without_its_data_answers_400(client, skickad, lisa, data):
    """GIVEN Lisa's turn WHEN the attest form arrives empty, without the fingerprint of what
    she read, or with an unknown decision THEN a Swedish 400, never a 500, and nothing is
    recorded."""
    client.force_login(lisa)

    response = client.post(_attest_url(skickad), data)

    assert response.status_code == 400
    assert not Attestering.objects.exists()
    assert "Fel:" in response.text


def test_a_return_comment_is_bounded(client, skickad, lisa):
    """GIVEN Lisa returns the document WHEN her comment is 100,000 characters THEN the form
    refuses it (at most 2 000) and the round goes on."""
    client.force_login(lisa)

    response = client.post(
        _attest_url(skickad), _beslut(skickad, "returnera", kommentar="x" * 100_000)
    )

    assert response.status_code == 400
    assert "högst 2 000 tecken" in response.text
    assert not Attestering.objects.exists()
