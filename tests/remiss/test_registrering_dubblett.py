"""Registering a remiss whose avsändarens diarienummer is already in the förvaltning's diarium.

It is usually the same remiss a second time (it came by post and by e-mail), so registration
stops and asks; the registrator may still register it with "Registrera ändå". The service
holds the rule, so it holds for every caller, not only the form.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nameden.roles import Roll
from remiss.models import Remiss
from remiss.services.registrering import MojligDubblett
from tests.factories import NamndFactory, UserFactory
from tests.remiss.registrering_verktyg import registrering_post

pytestmark = pytest.mark.django_db

FRAGA = "Avsändarens diarienummer KS 2024/112 finns redan i diariet"


@pytest.fixture
def forsta(registrera):
    """KS 2024/112, already registered."""
    return registrera()


# --- The rule, in the service -----------------------------------------------------------------


def test_same_senders_number_again_is_refused_with_a_question(registrera, forsta):
    """GIVEN KS 2024/112 in the diarium WHEN Maria registers KS 2024/112 again without
    confirming THEN MojligDubblett (a ValidationError) names the existing remiss, nothing is
    registered and no number is used up."""
    with pytest.raises(MojligDubblett) as exc:
        registrera(registrera_anda=False)

    assert isinstance(exc.value, ValidationError)
    assert exc.value.befintliga == [forsta]
    assert exc.value.message_dict == {
        "registrera_anda": [
            f"Avsändarens diarienummer KS 2024/112 finns redan i diariet ({forsta.diarienummer})."
            " Kryssa i ”Registrera ändå” om det är en annan remiss."
        ]
    }
    assert list(Remiss.objects.all()) == [forsta]
    nasta = registrera(avsandarens_diarienummer="KS 2024/113")
    assert nasta.dnr_lopnummer == forsta.dnr_lopnummer + 1


def test_the_number_is_compared_as_normalised(registrera, forsta):
    """GIVEN KS 2024/112 in the diarium WHEN "ks  2024 / 112" is registered THEN it is the same
    number."""
    with pytest.raises(MojligDubblett):
        registrera(registrera_anda=False, avsandarens_diarienummer="ks  2024 / 112")


def test_registrera_anda_registers_it_anyway(registrera, forsta):
    """GIVEN KS 2024/112 in the diarium WHEN registered again with registrera_anda=True THEN it
    is a second remiss with its own diarienummer."""
    andra = registrera(registrera_anda=True)

    assert andra.pk != forsta.pk
    assert andra.avsandarens_diarienummer == forsta.avsandarens_diarienummer
    assert andra.diarienummer != forsta.diarienummer


def test_another_forvaltnings_diarium_does_not_count(registrera, forsta, utomstaende):
    """GIVEN KS 2024/112 in SOF's diarium WHEN Stadsledningskontoret's registrator registers
    KS 2024/112 THEN it is registered without a question: each förvaltning has its own."""
    sigrid = UserFactory(username="sigrid", roll=Roll.REGISTRATOR, avdelning=utomstaende.avdelning)
    namnd = NamndFactory(namn="Kommunstyrelsen", forvaltning=utomstaende.avdelning.forvaltning)

    annan = registrera(registrera_anda=False, user=sigrid, handlaggare=utomstaende, namnder=[namnd])

    assert annan.forvaltning_id != forsta.forvaltning_id


# --- The form ---------------------------------------------------------------------------------


@pytest.fixture
def giltig(karin, socialnamnden):
    return registrering_post(karin, socialnamnden)


def test_form_has_no_registrera_anda_before_there_is_a_reason(client, maria):
    """GIVEN Maria WHEN she opens the registration form THEN there is no "Registrera ändå"."""
    client.force_login(maria)

    html = client.get(reverse("remiss:registrera")).content.decode()

    assert 'name="registrera_anda"' not in html


def test_form_warns_links_the_existing_remiss_and_asks(client, maria, forsta, giltig):
    """GIVEN KS 2024/112 in the diarium WHEN Maria submits KS 2024/112 THEN the page comes back
    (400) with a warning, a link to the existing remiss, the error summary pointing at an
    unticked "Registrera ändå", her entries kept, and nothing registered."""
    client.force_login(maria)

    response = client.post(reverse("remiss:registrera"), giltig)

    html = response.content.decode()
    assert response.status_code == 400
    assert "Avsändarens diarienummer finns redan i diariet." in html
    assert f'href="{reverse("remiss:detalj", args=[forsta.pk])}"' in html
    assert f"{forsta.diarienummer}: {forsta.rubrik}" in html
    assert 'href="#id_registrera_anda"' in html
    assert FRAGA in html
    checkbox = html[html.index('name="registrera_anda"') - 200 :]
    assert "checked" not in checkbox[: checkbox.index(">", 200)]
    assert 'value="Remiss av Kommunikationsprogram för Stockholms stad"' in html
    assert Remiss.objects.count() == 1


def test_ticking_registrera_anda_registers_it(client, maria, forsta, giltig):
    """GIVEN the warning WHEN Maria ticks "Registrera ändå" and submits again THEN a second
    remiss is registered and she lands on it."""
    client.force_login(maria)

    response = client.post(reverse("remiss:registrera"), {**giltig, "registrera_anda": "on"})

    andra = Remiss.objects.exclude(pk=forsta.pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("remiss:detalj", args=[andra.pk])


def test_unticking_asks_again(client, maria, forsta, giltig):
    """GIVEN the warning WHEN Maria submits again without ticking THEN she is asked again and
    nothing is registered."""
    client.force_login(maria)
    client.post(reverse("remiss:registrera"), giltig)

    response = client.post(reverse("remiss:registrera"), giltig)

    assert response.status_code == 400
    assert 'name="registrera_anda"' in response.content.decode()
    assert Remiss.objects.count() == 1


def test_a_new_number_registers_without_a_question(client, maria, forsta, giltig):
    """GIVEN KS 2024/112 in the diarium WHEN Maria registers KS 2024/113 THEN it is registered
    at once."""
    client.force_login(maria)

    response = client.post(
        reverse("remiss:registrera"), {**giltig, "avsandarens_diarienummer": "KS 2024/113"}
    )

    assert response.status_code == 302
    assert Remiss.objects.count() == 2
