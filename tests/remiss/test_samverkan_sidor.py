"""The pages of joint documents: the case page lists every deltagare, "Registrera medverkan"
registers a participation with Swedish errors, and the case page takes it out again."""

import pytest
from django.urls import reverse

from remiss.models import MedverkandeForvaltning
from tests.remiss.test_samverkan_verktyg import (  # noqa: F401 (fixtures)
    AR,
    fixture_byggnadsnamnden,
    fixture_gemensam,
    fixture_plan,
    fixture_rut,
    fixture_sbk,
    fixture_sbk_lasare,
    fixture_sven,
)

pytestmark = pytest.mark.django_db


# --- The pages --------------------------------------------------------------------------------


def test_the_case_page_lists_every_deltagare_for_the_medverkande_side(client, gemensam, sbk_lasare):
    """GIVEN a joint remiss WHEN SBK's läsare opens it THEN the page lists both förvaltningar
    with their numbers and kontaktpersoner."""
    client.force_login(sbk_lasare)
    text = client.get(reverse("remiss:detalj", args=[gemensam.pk])).text

    assert "Medverkande förvaltningar" in text
    for del_ in ("Socialförvaltningen", f"SOF {AR}/1", "Karin Wallander"):
        assert del_ in text
    for del_ in ("Stadsbyggnadskontoret", f"SBK {AR}/1", "Sven Strand"):
        assert del_ in text


def test_registering_participation_through_the_form(
    client, remiss, rut, sven, byggnadsnamnden, sof
):
    """GIVEN Rut on "Registrera medverkan" WHEN she gives a number SOF does not have THEN the
    form answers 400 with a Swedish error at the number and nothing is registered; WHEN she
    gives SOF <år>/1 THEN SBK takes part and she lands on the case page."""
    client.force_login(rut)
    url = reverse("remiss:medverkan_registrera")
    data = {
        "forvaltning": sof.pk,
        "diarienummer": f"SOF {AR}/99",
        "kontaktperson": sven.pk,
        "namnder": [byggnadsnamnden.pk],
    }
    assert client.get(url).status_code == 200

    fel = client.post(url, data)

    assert fel.status_code == 400
    assert "Det finns ingen remiss med det diarienumret" in fel.text
    assert not MedverkandeForvaltning.objects.exists()

    svar = client.post(url, {**data, "diarienummer": f"sof {AR}/1"})

    assert svar.status_code == 302
    assert svar.url == reverse("remiss:detalj", args=[remiss.pk])
    assert MedverkandeForvaltning.objects.get().diarienummer == f"SBK {AR}/1"


def test_the_registration_form_is_only_for_registrators(client, sven):
    """GIVEN a handläggare WHEN they open "Registrera medverkan" THEN 403."""
    client.force_login(sven)
    assert client.get(reverse("remiss:medverkan_registrera")).status_code == 403


def test_removing_through_the_case_page(client, gemensam, rut):
    """GIVEN a joint remiss WHEN Rut posts "Ta bort medverkan" from the case page THEN SBK no
    longer takes part, and she can no longer see the case (back to the list)."""
    client.force_login(rut)
    medverkan = MedverkandeForvaltning.objects.get()
    text = client.get(reverse("remiss:detalj", args=[gemensam.pk])).text
    url = reverse("remiss:medverkan_ta_bort", args=[gemensam.pk, medverkan.pk])
    assert url in text

    svar = client.post(url)

    assert (svar.status_code, svar.url) == (302, reverse("remiss:lista"))
    assert MedverkandeForvaltning.objects.get().borttagen_at is not None
    assert client.get(reverse("remiss:detalj", args=[gemensam.pk])).status_code == 404


def test_the_registration_page_points_to_registering_participation(client, rut):
    """GIVEN a registrator WHEN they open "Registrera remiss" THEN it links to "Registrera
    medverkan", for a remiss another förvaltning has already registered."""
    client.force_login(rut)
    text = client.get(reverse("remiss:registrera")).text

    assert reverse("remiss:medverkan_registrera") in text
