"""The OSL paragraphs in the admin, with history, and the menu link to the read log."""

import pytest
from django.urls import reverse

from nameden.models import OslParagraf, Punkt
from nameden.services.foredragningslista import punkt_lagg_till
from nameden.services.sekretess import sekretess_markera
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_klient(client, admin):
    client.force_login(admin)
    return client


def _data(**andrat) -> dict:
    data = {
        "kapitel": "40",
        "paragraf": "2",
        "rubrik": "Uppgift om enskildas personliga förhållanden i vissa ärenden",
        "dolj_i_diariet": "on",
        "aktiv": "on",
    }
    data.update(andrat)
    return {k: v for k, v in data.items() if v is not None}


def test_an_administrator_adds_a_paragraph_and_its_history_says_who(admin_klient, admin):
    """GIVEN the admin WHEN an administrator adds OSL 40:2 THEN the paragraph is there, as a
    choice, and its history row names the administrator."""
    svar = admin_klient.post(reverse("admin:nameden_oslparagraf_add"), _data())
    assert svar.status_code == 302, svar.content.decode()[:2000]
    paragraf = OslParagraf.objects.get(kapitel=40, paragraf=2)
    assert (paragraf.beteckning, paragraf.dolj_i_diariet, paragraf.aktiv) == (
        "OSL 40:2",
        True,
        True,
    )
    rad = paragraf.history.get()
    assert (rad.history_type, rad.history_user) == ("+", admin)


def test_a_change_is_in_the_history_and_the_history_page_shows_it(admin_klient, admin):
    """GIVEN an existing paragraph (from the migration) WHEN its rubrik is corrected in the
    admin THEN the history keeps both versions and the admin's history page lists the change."""
    paragraf = OslParagraf.objects.get(kapitel=26, paragraf=1)
    url = reverse("admin:nameden_oslparagraf_change", args=[paragraf.pk])
    svar = admin_klient.post(
        url, _data(kapitel="26", paragraf="1", rubrik="Socialtjänst (rättad)", dolj_i_diariet="on")
    )
    assert svar.status_code == 302, svar.content.decode()[:2000]
    assert [h.rubrik for h in paragraf.history.order_by("history_date")][-1] == (
        "Socialtjänst (rättad)"
    )
    assert paragraf.history.latest().history_user == admin
    historik = admin_klient.get(reverse("admin:nameden_oslparagraf_history", args=[paragraf.pk]))
    assert historik.status_code == 200 and "Socialtjänst (rättad)" in historik.content.decode()


def test_a_cited_paragraph_keeps_its_number_and_cannot_be_deleted(admin_klient, johan, sammantrade):
    """GIVEN OSL 26:1 cited by a marking in force
    WHEN the administrator opens it and tries to delete it
    THEN kapitel and paragraf are read-only and deletion is refused (403), so the marking
    goes on citing what it cited; an uncited paragraph may still be deleted."""
    paragraf = OslParagraf.objects.get(kapitel=26, paragraf=1)
    punkt = punkt_lagg_till(
        user=johan, sammantrade=sammantrade, typ=Punkt.Typ.BESLUTSARENDE, rubrik="Ett ärende"
    )
    sekretess_markera(user=johan, handling=punkt, paragraf=paragraf, skal="Enskilda.")

    sida = admin_klient.get(reverse("admin:nameden_oslparagraf_change", args=[paragraf.pk]))
    html = sida.content.decode()
    assert 'name="rubrik"' in html
    assert 'name="kapitel"' not in html and 'name="paragraf"' not in html
    radera = reverse("admin:nameden_oslparagraf_delete", args=[paragraf.pk])
    assert admin_klient.post(radera, {"post": "yes"}).status_code == 403
    assert OslParagraf.objects.filter(pk=paragraf.pk).exists()

    oanvand = OslParagraf.objects.get(kapitel=15, paragraf=1)
    radera = reverse("admin:nameden_oslparagraf_delete", args=[oanvand.pk])
    assert admin_klient.post(radera, {"post": "yes"}).status_code == 302
    assert not OslParagraf.objects.filter(pk=oanvand.pk).exists()


@pytest.mark.parametrize(
    ("vem", "ser_lanken"),
    [("lisa", True), ("veronica", True), ("karin", False), ("johan", False), ("per", False)],
)
def test_the_menu_links_to_the_read_log_for_those_who_may_open_it(client, request, vem, ser_lanken):
    """GIVEN each role WHEN they open the start page THEN the menu has "Läsloggen" exactly
    for the chefs (who may open it); for everyone else the link is not there and the page
    answers 403, as before."""
    user = request.getfixturevalue(vem)
    client.force_login(user)
    url = reverse("sekretess:lasloggen")
    sida = client.get(reverse("remiss:mina")).content.decode()
    assert (f'href="{url}"' in sida) is ser_lanken
    assert client.get(url).status_code == (200 if ser_lanken else 403)
