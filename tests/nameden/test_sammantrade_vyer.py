"""The sammanträde pages: list, create, edit, the page with its föredragningslista and its
buttons, as plain forms; Swedish errors with 400; 404 for another förvaltning; the menu."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nameden.models import Punkt, Sammantrade
from nameden.services.foredragningslista import arende_anmal, punkt_lagg_till
from tests.nameden.conftest import skapa

pytestmark = pytest.mark.django_db


@pytest.fixture
def som(client):
    def _som(user):
        client.force_login(user)
        return client

    return _som


def detalj(s) -> str:
    return reverse("namnd:detalj", args=[s.pk])


def test_the_menu_shows_sammantraden_to_readers(som, per):
    html = som(per).get(reverse("remiss:mina")).content.decode()
    assert f'href="{reverse("namnd:lista")}"' in html


def test_list_shows_the_forvaltnings_sammantraden_only(som, mote, per, annan_sekreterare):
    svar = som(per).get(reverse("namnd:lista"))
    assert svar.status_code == 200
    assert "23 april 2024" in svar.content.decode()
    assert "Nytt sammanträde" not in svar.content.decode()

    svar = som(annan_sekreterare).get(reverse("namnd:lista"))
    assert "23 april 2024" not in svar.content.decode()


def test_create_a_sammantrade(som, johan, socialnamnden):
    """GIVEN Johan WHEN he posts the form THEN the sammanträde exists with its opening punkter
    and he lands on its page."""
    svar = som(johan).post(
        reverse("namnd:skapa"),
        {"namnd": socialnamnden.pk, "datum": "2024-06-11", "tid": "13:00", "plats": "Stadshuset"},
    )

    s = Sammantrade.objects.get()
    assert svar.status_code == 302 and svar.url == detalj(s)
    assert (s.tid, s.plats, s.punkter.count()) == (dt.time(13), "Stadshuset", 4)


def test_create_with_errors_answers_400_in_swedish(som, johan, socialnamnden):
    svar = som(johan).post(
        reverse("namnd:skapa"),
        {"namnd": socialnamnden.pk, "datum": "11/6", "tid": "", "plats": "Rum\x07"},
    )

    html = svar.content.decode()
    assert svar.status_code == 400
    assert "Ange datumet som ÅÅÅÅ-MM-DD" in html
    assert "Ange när sammanträdet börjar" in html
    assert "Plats" in html and "Det finns problem" in html
    assert not Sammantrade.objects.exists()


def test_only_the_sekreterare_creates(som, karin):
    assert som(karin).get(reverse("namnd:skapa")).status_code == 403


def test_edit_a_sammantrade(som, johan, mote):
    url = reverse("namnd:andra", args=[mote.pk])
    assert som(johan).get(url).status_code == 200

    svar = som(johan).post(url, {"datum": "2024-04-24", "tid": "09:30", "plats": "Rum 2"})

    mote.refresh_from_db()
    assert svar.status_code == 302
    assert (mote.datum, mote.tid, mote.plats) == (dt.date(2024, 4, 24), dt.time(9, 30), "Rum 2")


@pytest.mark.parametrize(
    "namn",
    ["namnd:detalj", "namnd:andra", "namnd:punkt_ny"],
)
def test_another_forvaltning_gets_404(som, mote, annan_sekreterare, namn):
    assert som(annan_sekreterare).get(reverse(namn, args=[mote.pk])).status_code == 404


def test_another_forvaltning_gets_404_on_a_punkt(som, mote, annan_sekreterare):
    punkt = mote.punkter.get(ordning=1)
    for namn in ("namnd:punkt_andra", "namnd:punkt_dra_tillbaka", "namnd:punkt_bordlagg"):
        assert (
            som(annan_sekreterare).get(reverse(namn, args=[mote.pk, punkt.pk])).status_code == 404
        )
    url = reverse("namnd:punkt_flytta", args=[mote.pk, punkt.pk, "ner"])
    assert som(annan_sekreterare).post(url).status_code == 404


def test_a_reader_sees_the_list_without_buttons_and_may_not_post(som, mote, per, johan):
    punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik="Remiss A")

    html = som(per).get(detalj(mote)).content.decode()
    assert "5. Remiss A" in html and "Beslutsärenden" in html
    assert "Flytta upp" not in html and "Lägg till punkt" not in html
    punkt = mote.punkter.get(ordning=5)
    url = reverse("namnd:punkt_flytta", args=[mote.pk, punkt.pk, "upp"])
    assert som(per).post(url).status_code == 403


def test_add_a_punkt_and_its_errors(som, johan, mote):
    url = reverse("namnd:punkt_ny", args=[mote.pk])
    svar = som(johan).post(url, {"typ": "beslutsarende", "rubrik": ""})
    assert svar.status_code == 400
    assert "Skriv punktens rubrik." in svar.content.decode()

    svar = som(johan).post(
        url, {"typ": "anmalningsarende", "rubrik": "Delegationsbeslut", "sekretess": "on"}
    )

    assert svar.status_code == 302
    punkt = mote.punkter.get(rubrik="Delegationsbeslut")
    assert (punkt.ordning, punkt.typ, punkt.sekretess) == (5, "anmalningsarende", True)
    html = som(johan).get(detalj(mote)).content.decode()
    assert "Utelämnas i den offentliga versionen" in html


def test_move_buttons_are_plain_post_forms(som, johan, mote):
    """GIVEN two beslutsärenden WHEN the second's "Flytta upp" form is posted THEN it is first."""
    for rubrik in ("A", "B"):
        punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik=rubrik)
    b = mote.punkter.get(rubrik="B")
    url = reverse("namnd:punkt_flytta", args=[mote.pk, b.pk, "upp"])
    assert f'action="{url}"' in som(johan).get(detalj(mote)).content.decode()

    svar = som(johan).post(url)

    b.refresh_from_db()
    assert svar.status_code == 302 and b.ordning == 5


def test_a_refused_move_is_a_banner_not_an_error(som, johan, mote):
    a = punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik="A")
    url = reverse("namnd:punkt_flytta", args=[mote.pk, a.pk, "upp"])

    svar = som(johan).post(url, follow=True)

    assert "står redan först bland beslutsärenden" in svar.content.decode()


def test_bordlagg_with_a_select(som, johan, mote, nasta_mote):
    a = punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik="A")
    url = reverse("namnd:punkt_bordlagg", args=[mote.pk, a.pk])
    html = som(johan).get(url).content.decode()
    assert f'<option value="{nasta_mote.pk}">' in html

    assert som(johan).post(url, {"till": ""}).status_code == 400
    svar = som(johan).post(url, {"till": nasta_mote.pk})

    a.refresh_from_db()
    assert svar.status_code == 302 and a.sammantrade_id == nasta_mote.pk


def test_withdraw_asks_first(som, johan, mote):
    a = punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik="A")
    url = reverse("namnd:punkt_dra_tillbaka", args=[mote.pk, a.pk])
    assert "Dra tillbaka ”A”?" in som(johan).get(url).content.decode()
    a.refresh_from_db()
    assert a.status == Punkt.Status.PA_LISTAN

    som(johan).post(url)

    a.refresh_from_db()
    assert a.status == Punkt.Status.TILLBAKADRAGEN


def test_status_buttons(som, johan, mote):
    som(johan).post(reverse("namnd:overga", args=[mote.pk, "kalla"]))
    mote.refresh_from_db()
    assert mote.status == "kallat"
    assert som(johan).post(reverse("namnd:overga", args=[mote.pk, "justera"])).status_code == 403


# --- Query counts --------------------------------------------------------------------------------


def _fragor(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_however_many_sammantraden(som, johan, socialnamnden):
    client = som(johan)
    skapa(johan, socialnamnden, dt.date(2024, 1, 9))
    fa = _fragor(client, reverse("namnd:lista"))
    for dag in range(10, 25):
        skapa(johan, socialnamnden, dt.date(2024, 1, dag))

    assert _fragor(client, reverse("namnd:lista")) == fa


def test_the_page_costs_the_same_however_long_the_list(som, johan, mote):
    client = som(johan)

    def anmal(n: int) -> None:
        arende_anmal(
            user=johan,
            sammantrade=mote,
            kalla="remiss",
            referens=str(n),
            rubrik=f"Remiss {n}",
            diarienummer=f"SOF 2024/{n}",
            forslag_till_beslut="",
            handlingar=[("TU", b"x")],
        )

    # One ärende from a källa first: the källa is asked once for the list's secrecy
    # (nameden.sekretess_punkt.KALLOR), however many of its ärenden stand there.
    anmal(0)
    _fragor(client, detalj(mote))  # fills Django's per-process ContentType cache
    fa = _fragor(client, detalj(mote))
    for n in range(12):
        typ = [Punkt.Typ.BESLUTSARENDE, Punkt.Typ.ANMALNINGSARENDE][n % 2]
        punkt_lagg_till(user=johan, sammantrade=mote, typ=typ, rubrik=f"Punkt {n}")
    for n in range(1, 4):
        anmal(n)

    assert _fragor(client, detalj(mote)) == fa
