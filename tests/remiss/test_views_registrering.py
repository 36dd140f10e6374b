"""Registering a remiss through the form, correcting it and assigning another handläggare."""

import re

import pytest
from django.urls import reverse

from remiss.models import Remiss
from tests.remiss.registrering_verktyg import registrering_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def giltig(karin, socialnamnden):
    # Written as a user might: the page stores it as KS 2024/112.
    return registrering_post(karin, socialnamnden, avsandarens_diarienummer="ks 2024 / 112")


def test_registrator_registers_a_remiss(client, maria, giltig):
    """GIVEN Maria the registrator WHEN she submits a complete form
    THEN the remiss is registered and she lands on it with its new diarienummer."""
    client.force_login(maria)

    response = client.post(reverse("remiss:registrera"), giltig, follow=True)

    remiss = Remiss.objects.get()
    assert response.redirect_chain[-1][0] == reverse("remiss:detalj", args=[remiss.pk])
    assert remiss.avsandarens_diarienummer == "KS 2024/112"
    assert f"Remissen är registrerad som {remiss.diarienummer}" in response.content.decode()


def test_form_shows_only_own_namnder_and_handlaggare(
    client, maria, karin, hugo, utomstaende, socialnamnden
):
    """GIVEN handläggare in two förvaltningar WHEN Maria opens the form
    THEN only her förvaltning's nämnder and handläggare are offered."""
    client.force_login(maria)

    form = client.get(reverse("remiss:registrera")).context["form"]

    assert list(form.fields["handlaggare"].queryset) == [hugo, karin]
    assert list(form.fields["namnder"].queryset) == [socialnamnden]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("avsandare", "", "Ange vem som skickat remissen."),
        ("avsandarens_diarienummer", "", "Ange avsändarens diarienummer, eller kryssa i"),
        ("avsandarens_diarienummer", "KS 2024/", "Diarienumret ska börja och sluta med en"),
        ("rubrik", "", "Ange remissens rubrik."),
        ("inkom_datum", "", "Ange datum då remissen kom in."),
        ("inkom_datum", "1 mars", "Ange datumet som ÅÅÅÅ-MM-DD"),
        ("svarsdatum", "2024-02-01", "Svarsdatum kan inte vara före datumet då remissen kom in."),
        ("namnder", [], "Välj minst en nämnd som ska svara på remissen."),
        ("handlaggare", "", "Välj en handläggare."),
    ],
)
def test_invalid_input_is_shown_in_swedish_and_kept(client, maria, giltig, field, value, message):
    """GIVEN a form with one wrong field WHEN it is submitted THEN the page comes back with
    status 400, the Swedish message in the summary and at the field, and what was typed."""
    client.force_login(maria)
    giltig[field] = value

    response = client.post(reverse("remiss:registrera"), giltig)

    html = response.content.decode()
    assert response.status_code == 400
    assert not Remiss.objects.exists()
    assert html.count(message) >= 2  # error summary and inline message
    assert "Det finns problem" in html
    kept = "rubrik" if field != "rubrik" else "avsandare"
    assert f'value="{giltig[kept]}"' in html
    assert re.search(rf'aria-describedby="[^"]*id_{field}-error"', html)


def test_lasare_may_not_register(client, per, giltig):
    """GIVEN Per, who may only read WHEN he opens or posts the form THEN both answer 403."""
    client.force_login(per)

    assert client.get(reverse("remiss:registrera")).status_code == 403
    assert client.post(reverse("remiss:registrera"), giltig).status_code == 403
    assert not Remiss.objects.exists()


def test_registrator_corrects_the_details(client, maria, remiss):
    """GIVEN a registered remiss WHEN Maria changes its rubrik
    THEN it is saved and the timeline says so."""
    client.force_login(maria)
    data = {
        "avsandare": remiss.avsandare,
        "avsandarens_diarienummer": remiss.avsandarens_diarienummer,
        "rubrik": "Ny rubrik",
        "inkom_datum": remiss.inkom_datum.isoformat(),
        "svarsdatum": remiss.svarsdatum.isoformat(),
    }

    response = client.post(reverse("remiss:andra_uppgifter", args=[remiss.pk]), data, follow=True)

    remiss.refresh_from_db()
    assert remiss.rubrik == "Ny rubrik"
    assert "Registreringsuppgifterna ändrades: rubrik." in response.content.decode()


def test_handlaggare_may_not_correct_the_details(client, karin, remiss):
    """GIVEN Karin, the handläggare WHEN she opens the correction form THEN 403."""
    client.force_login(karin)

    assert client.get(reverse("remiss:andra_uppgifter", args=[remiss.pk])).status_code == 403


def test_registrator_assigns_another_handlaggare(client, maria, hugo, remiss):
    """GIVEN Karin's remiss WHEN Maria assigns it to Hugo THEN Hugo is its handläggare."""
    client.force_login(maria)

    response = client.post(
        reverse("remiss:tilldela", args=[remiss.pk]), {"handlaggare": hugo.pk}, follow=True
    )

    remiss.refresh_from_db()
    assert remiss.handlaggare == hugo
    assert "Remissen handläggs nu av Hugo Berg." in response.content.decode()


def test_assigning_someone_outside_the_list_is_refused(client, maria, per, remiss):
    """GIVEN Per, who is not a handläggare WHEN Maria tries to assign him THEN 400 and a
    Swedish message; nothing changes."""
    client.force_login(maria)

    response = client.post(reverse("remiss:tilldela", args=[remiss.pk]), {"handlaggare": per.pk})

    assert response.status_code == 400
    assert "Välj ett av alternativen i listan." in response.content.decode()
    remiss.refresh_from_db()
    assert remiss.handlaggare.username == "karin"


def test_an_administrator_outside_every_forvaltning_is_told_why_there_is_no_form(client):
    """GIVEN a superuser with no avdelning WHEN they open "Registrera remiss" THEN the page
    says there is no diarium to register in, and shows no form to fill in in vain."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="admin", is_superuser=True, avdelning=None))

    response = client.get(reverse("remiss:registrera"))

    assert response.status_code == 200
    assert "inte kopplat till någon förvaltning" in response.text
    assert "<form" not in response.text.split('id="main-content"', 1)[1]
