"""The handläggare recalls a document from attest ("Återkalla från attest").

The round ends as recalled, approvals already given in it are voided, the remiss goes back to
beredning, the timeline says who did it, and whoever was waiting to attest is told by mail
after commit. Only the assigned handläggare may, and only while it is sent for attest.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from remiss.models import Attestering, Attestrunda, Handelse, Tjansteutlatande
from remiss.services.attestering import attest_aterkalla, attest_godkann, attest_skicka
from remiss.workflow import Status, TransitionNotAllowed
from tests.remiss.attest_verktyg import andra_avsnitt, mejlet_efter_commit

pytestmark = pytest.mark.django_db


def fresh(tu) -> Tjansteutlatande:
    return Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)


@pytest.fixture
def halvvags(skickad, lisa):
    """Lisa has attested step 1; Veronica is to attest next."""
    attest_godkann(user=lisa, tu=skickad)
    return fresh(skickad)


# --- The service ----------------------------------------------------------------------------


def test_recalling_ends_the_round_voids_approvals_and_returns_to_beredning(halvvags, karin, lisa):
    """GIVEN a document Lisa has attested and Veronica is to attest
    WHEN Karin recalls it with a comment
    THEN the remiss is under beredning again, the round is recalled and closed, Lisa's
    approval is voided with the reason, and the timeline names Karin and keeps her comment."""
    runda = attest_aterkalla(user=karin, tu=halvvags, kommentar="  Fel siffror i bakgrunden. ")

    tu = fresh(halvvags)
    assert tu.remiss.status == Status.UNDER_BEREDNING
    runda.refresh_from_db()
    assert runda.status == Attestrunda.Status.ATERKALLAD
    assert runda.avslutad_at is not None
    lisas = Attestering.objects.get(attestant=lisa)
    assert lisas.ogiltig_at is not None
    assert lisas.ogiltig_orsak == "handläggaren återkallade utlåtandet från attest"
    assert lisas.history.first().history_change_reason.startswith("Attesten upphävdes")
    assert runda.history.first().history_change_reason == "Återkallad från attest av handläggaren"
    handelse = Handelse.objects.get(remiss=tu.remiss, typ="attest_aterkallad")
    assert handelse.text == "Karin Wallander återkallade tjänsteutlåtandet från attest."
    assert handelse.kommentar == "Fel siffror i bakgrunden."
    assert handelse.anvandare == karin
    assert Handelse.objects.filter(
        remiss=tu.remiss, typ="status", text__contains="”Under beredning”"
    ).exists()


def test_after_recalling_the_document_is_edited_without_confirmation_and_sent_again(
    halvvags, karin, lisa
):
    """GIVEN a recalled document WHEN Karin edits it (no confirmation needed: it is no longer
    in attest) and sends it again THEN a new round starts from step 1, with Lisa."""
    attest_aterkalla(user=karin, tu=halvvags)
    tu = andra_avsnitt(fresh(halvvags), karin, "Rättade siffror.", nyckel="bakgrund")
    ny = attest_skicka(user=karin, tu=tu)

    assert ny.status == Attestrunda.Status.PAGAR
    assert ny.attesteringar.count() == 0
    assert fresh(tu).remiss.status == Status.FOR_ATTEST
    assert Attestrunda.objects.filter(status=Attestrunda.Status.ATERKALLAD).count() == 1


def test_mail_goes_after_commit_to_whoever_was_waiting(
    halvvags, karin, lisa, veronica, mailoutbox, django_capture_on_commit_callbacks
):
    """GIVEN Veronica is waiting to attest WHEN Karin recalls THEN nothing is sent before the
    commit; after it, Veronica (only) is told, with Karin's comment."""
    mail = mejlet_efter_commit(
        django_capture_on_commit_callbacks,
        mailoutbox,
        lambda: attest_aterkalla(user=karin, tu=halvvags, kommentar="Jag rättar bakgrunden."),
    )
    assert mail.to == [veronica.email]
    assert mail.subject.startswith("Återkallat från attest: SOF ")
    assert "Karin Wallander har återkallat tjänsteutlåtandet från attest" in mail.body
    assert "Jag rättar bakgrunden." in mail.body


@pytest.mark.parametrize("namn", ["hugo", "lisa", "veronica", "johan"])
def test_only_the_assigned_handlaggare_may_recall(request, halvvags, namn):
    """GIVEN a document in attest WHEN anyone but Karin (another handläggare, an attestant,
    the nämndsekreterare) tries to recall it THEN it is refused and nothing changes."""
    user = request.getfixturevalue(namn)
    with pytest.raises(PermissionDenied):
        attest_aterkalla(user=user, tu=halvvags)
    assert fresh(halvvags).remiss.status == Status.FOR_ATTEST
    assert Attestrunda.objects.get().status == Attestrunda.Status.PAGAR
    assert Attestering.objects.get().ogiltig_at is None
    assert not Handelse.objects.filter(typ="attest_aterkallad").exists()


def test_a_document_not_in_attest_cannot_be_recalled(klar, karin):
    with pytest.raises(TransitionNotAllowed, match="”Återkalla från attest” går inte"):
        attest_aterkalla(user=karin, tu=klar)


# --- The pages ------------------------------------------------------------------------------


@pytest.mark.parametrize("sida", ["remiss:tu", "remiss:attest"])
def test_the_button_is_shown_to_the_handlaggare_only(client, halvvags, karin, lisa, sida):
    """GIVEN a document in attest THEN Karin sees "Återkalla från attest" on the TU page and
    the attest page, and Lisa (an attestant) does not."""
    url = reverse(sida, args=[halvvags.remiss_id])
    aterkalla_url = reverse("remiss:attest_aterkalla", args=[halvvags.remiss_id])
    client.force_login(karin)
    html = client.get(url).text
    assert "Återkalla från attest" in html
    assert aterkalla_url in html
    client.force_login(lisa)
    assert aterkalla_url not in client.get(url).text


def test_the_button_is_not_shown_when_the_document_is_not_in_attest(client, klar, karin):
    client.force_login(karin)
    html = client.get(reverse("remiss:tu", args=[klar.remiss_id])).text
    assert reverse("remiss:attest_aterkalla", args=[klar.remiss_id]) not in html


def test_recalling_from_the_page(client, halvvags, karin):
    """GIVEN a document in attest WHEN Karin presses the button with a comment THEN it is back
    under beredning and the TU page says so."""
    client.force_login(karin)
    response = client.post(
        reverse("remiss:attest_aterkalla", args=[halvvags.remiss_id]),
        {"aterkalla-kommentar": "Rättar bakgrunden."},
        follow=True,
    )
    assert response.redirect_chain[0][0] == reverse("remiss:tu", args=[halvvags.remiss_id])
    assert "Tjänsteutlåtandet är återkallat från attest" in response.text
    assert fresh(halvvags).remiss.status == Status.UNDER_BEREDNING
    handelse = Handelse.objects.get(typ="attest_aterkallad")
    assert handelse.kommentar == "Rättar bakgrunden."


def test_recalling_is_forbidden_to_others_and_hidden_from_outsiders(
    client, halvvags, lisa, utomstaende
):
    url = reverse("remiss:attest_aterkalla", args=[halvvags.remiss_id])
    client.force_login(lisa)
    assert client.post(url).status_code == 403
    client.force_login(utomstaende)
    assert client.post(url).status_code == 404
    assert fresh(halvvags).remiss.status == Status.FOR_ATTEST


def test_a_stale_button_explains_itself(client, halvvags, karin):
    """GIVEN the document was already recalled (another tab) WHEN the button is pressed again
    THEN the TU page explains that it cannot be done now, instead of an error page."""
    attest_aterkalla(user=karin, tu=halvvags)
    client.force_login(karin)
    response = client.post(
        reverse("remiss:attest_aterkalla", args=[halvvags.remiss_id]), follow=True
    )
    assert response.status_code == 200
    assert "”Återkalla från attest” går inte när remissen har status ”under beredning”" in (
        response.text
    )


def test_recalling_needs_a_post(client, halvvags, karin):
    client.force_login(karin)
    url = reverse("remiss:attest_aterkalla", args=[halvvags.remiss_id])
    assert client.get(url).status_code == 405
    assert fresh(halvvags).remiss.status == Status.FOR_ATTEST
