"""Beredningssteg through the pages, and the "Ärendets beredning" text that follows them."""

import pytest
from django.urls import reverse

from remiss.models import Beredningssteg, Tjansteutlatande

pytestmark = pytest.mark.django_db


def _beredningstext():
    return Tjansteutlatande.objects.get().get_avsnitt("arendets_beredning")["text"]


def _lagg_till(client, tu, **data):
    return client.post(reverse("remiss:beredning", args=[tu.remiss_id]), data)


def test_adding_steps_writes_the_beredning_text(client, karin, tu):
    """GIVEN Karin's TU WHEN she adds the förvaltningsgrupp and the råd for funktionshinder
    THEN the table lists both and the section reads like the reference document."""
    client.force_login(karin)

    _lagg_till(client, tu, typ="forvaltningsgrupp", datum="2024-04-17", utfall="behandlat")
    response = _lagg_till(
        client, tu, typ="funktionshinderrad", datum="2024-04-18", utfall="mojlighet"
    )

    assert response.status_code == 302
    expected = (
        "Förvaltningsgruppen har behandlat ärendet den 17 april 2024. Rådet för "
        "funktionshinderfrågor har haft möjlighet att behandla ärendet den 18 april 2024."
    )
    assert _beredningstext() == expected
    html = client.get(reverse("remiss:beredning", args=[tu.remiss_id])).content.decode()
    assert "17 april 2024" in html
    assert expected in html


def test_a_step_that_needs_a_counterpart_says_so(client, karin, tu):
    """GIVEN a samråd step without "vem" WHEN it is added THEN 400 with the Swedish message
    next to the field and nothing is saved."""
    client.force_login(karin)

    response = _lagg_till(
        client, tu, typ="samrad", motpart="", datum="2024-04-17", utfall="behandlat"
    )

    assert response.status_code == 400
    assert "Skriv vem som beredde ärendet" in response.content.decode()
    assert 'id="id_motpart-error"' in response.content.decode()
    assert not Beredningssteg.objects.exists()


def test_edit_and_remove_a_step(client, karin, tu):
    """GIVEN one step WHEN Karin changes its outcome and then removes it THEN the text
    follows each change."""
    client.force_login(karin)
    _lagg_till(client, tu, typ="pensionarsrad", datum="2024-04-18", utfall="behandlat")
    steg = Beredningssteg.objects.get()

    client.post(
        reverse("remiss:beredning_steg", args=[tu.remiss_id, steg.pk]),
        {"typ": "pensionarsrad", "datum": "2024-04-18", "utfall": "mojlighet"},
    )
    andrad = _beredningstext()
    client.post(reverse("remiss:beredning_ta_bort", args=[tu.remiss_id, steg.pk]))

    assert andrad == "Pensionärsrådet har haft möjlighet att behandla ärendet den 18 april 2024."
    assert not Beredningssteg.objects.exists()
    assert _beredningstext() == ""


def test_remove_by_get_only_asks(client, karin, tu):
    """GIVEN a step WHEN its remove URL is fetched with GET THEN a page asks whether to remove
    it, quoting its sentence, and the step stays."""
    client.force_login(karin)
    _lagg_till(client, tu, typ="pensionarsrad", datum="2024-04-18", utfall="behandlat")
    steg = Beredningssteg.objects.get()

    response = client.get(reverse("remiss:beredning_ta_bort", args=[tu.remiss_id, steg.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vill du ta bort beredningssteget?" in html
    assert "Pensionärsrådet har behandlat ärendet den 18 april 2024." in html
    assert Beredningssteg.objects.exists()


def test_regenerate_replaces_a_hand_edited_text(client, karin, tu):
    """GIVEN a hand-edited beredning text WHEN Karin asks to write it from the steps
    THEN the steps' text replaces it and she is back on the section."""
    client.force_login(karin)
    _lagg_till(client, tu, typ="forvaltningsgrupp", datum="2024-04-17", utfall="behandlat")
    tu.refresh_from_db()
    client.post(
        reverse("remiss:tu_avsnitt", args=[tu.remiss_id, "arendets_beredning"]),
        {"bas_version": tu.version, "text": "Egen text."},
    )
    assert Tjansteutlatande.objects.get().beredning_manuell

    response = client.post(
        reverse("remiss:beredning_generera", args=[tu.remiss_id]), {"tillbaka": "avsnitt"}
    )

    assert response["Location"] == reverse(
        "remiss:tu_avsnitt", args=[tu.remiss_id, "arendets_beredning"]
    )
    assert _beredningstext() == "Förvaltningsgruppen har behandlat ärendet den 17 april 2024."
    assert not Tjansteutlatande.objects.get().beredning_manuell


def test_reader_sees_steps_but_cannot_add(client, per, tu):
    """GIVEN a TU WHEN Per (läsare) opens the steps THEN he sees the page without the form,
    and posting a step answers 403."""
    client.force_login(per)

    page = client.get(reverse("remiss:beredning", args=[tu.remiss_id]))
    post = _lagg_till(client, tu, typ="pensionarsrad", datum="2024-04-18", utfall="behandlat")

    assert page.status_code == 200
    assert "Lägg till beredningssteg" not in page.content.decode()
    assert post.status_code == 403


def test_step_of_another_tu_is_404(client, karin, tu, registrera):
    """GIVEN a step on one TU WHEN it is addressed through another remiss THEN 404."""
    from remiss.services.arbetsflode import remiss_paborja_beredning
    from tests.factories import stockholm_mall

    client.force_login(karin)
    _lagg_till(client, tu, typ="pensionarsrad", datum="2024-04-18", utfall="behandlat")
    steg = Beredningssteg.objects.get()
    annan = registrera()
    remiss_paborja_beredning(user=karin, remiss=annan, mall=stockholm_mall())

    assert client.get(reverse("remiss:beredning_steg", args=[annan.pk, steg.pk])).status_code == 404
