# ruff: noqa: F811 (the fixtures of fabriker_motet are imported, then requested by name)
"""The protokollföring pages: plain forms, 400 with Swedish errors, never 500; 403 for a
handläggare, 404 for another förvaltning, a banner for a wrong status; constant queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nameden.models import Paragraf, Rost
from nameden.services.foredragningslista import punkt_lagg_till
from nameden.services.motet import protokollforing_oppna
from nameden.services.motet_omrostning import omrostning_genomfor, yrkande_lagg_till
from nameden.services.motet_selectors import tjanstgorande
from tests.nameden.fabriker_motet import (  # noqa: F401 (fixtures)
    kallat,
    ledamot,
    motet,
    namnden,
    paragraf,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def som(client):
    def _som(user):
        client.force_login(user)
        return client

    return _som


def url(namn, mote, *args):
    return reverse(f"namnd:{namn}", args=[mote.pk, *args])


def test_the_sammantrade_page_offers_to_start_and_the_start_numbers(
    som, johan, socialnamnden, namnden
):
    """GIVEN a kallat sammanträde WHEN Johan opens its page and presses the button THEN the
    närvarolista and § 1–5 exist and the protokollföring page shows them."""
    mote = kallat(johan, socialnamnden, dt.date(2024, 4, 23))
    html = som(johan).get(reverse("namnd:detalj", args=[mote.pk])).content.decode()
    assert "Börja föra protokoll" in html

    svar = som(johan).post(url("protokollforing_oppna", mote))

    assert svar.status_code == 302 and svar.url == url("protokollforing", mote)
    html = som(johan).get(svar.url).content.decode()
    assert "Anna Ordf" in html and "§ 5" in html and "Ärende 1" in html


def test_a_beslut_through_the_page(som, johan, motet):
    p = paragraf(motet, "Ärende 1")
    assert som(johan).get(url("paragraf", motet, p.pk)).status_code == 200

    svar = som(johan).post(
        url("paragraf_spara", motet, p.pk, "beslut"),
        {"beslut-slag": "bifall", "beslut-omedelbar_justering": "on"},
    )

    p.refresh_from_db()
    assert svar.status_code == 302
    assert (p.slag, p.omedelbar_justering) == ("bifall", True)


@pytest.mark.parametrize(
    ("del_", "data", "text"),
    [
        ("beslut", {"beslut-slag": "andrat"}, "Skriv det ändrade beslutets lydelse."),
        ("beslut", {"beslut-slag": "x"}, "Välj ett av alternativen i listan."),
        ("beslut", {"beslut-slag": "andrat", "beslut-beslutstext": "a\x00b"}, "osynligt tecken"),
        ("yrkande", {"yrkande-yrkat_av": "99999999999999999999", "yrkande-text": "x"}, "Välj"),
        ("omrostning", {"omrostning-ja_proposition": "Ja"}, "Ange röst för Anna Ordf."),
        ("jav", {"jav-fortroendevald": "abc"}, "Välj"),
        ("text", {"text-text": "x" * 200_000 + "\x07"}, "osynligt tecken"),
    ],
)
def test_bad_input_answers_400_in_swedish(som, johan, motet, del_, data, text):
    p = paragraf(motet, "Ärende 1")

    svar = som(johan).post(url("paragraf_spara", motet, p.pk, del_), data)

    html = svar.content.decode()
    assert svar.status_code == 400
    assert "Det finns problem" in html and text in html


def test_an_omrostning_through_the_page(som, johan, motet, namnden):
    """GIVEN § 5 WHEN the form is posted with a radio choice per serving member THEN the
    omröstning is stored with its result."""
    p = paragraf(motet, "Ärende 1")
    data = {"omrostning-ja_proposition": "Bifall", "omrostning-nej_proposition": "Avslag"}
    for namn in ("Anna Ordf", "Bo Vice", "Cecilia Ledamot"):
        data[f"omrostning-rost_{namnden[namn].pk}"] = "ja"
    data[f"omrostning-rost_{namnden['David Ledamot'].pk}"] = "nej"

    svar = som(johan).post(url("paragraf_spara", motet, p.pk, "omrostning"), data)

    assert svar.status_code == 302
    assert p.omrostningar.get().resultat == "ja"
    html = som(johan).get(url("paragraf", motet, p.pk)).content.decode()
    assert "Ja-propositionen vann" in html


def test_narvaro_through_the_page(som, johan, motet, namnden):
    david = namnden["David Ledamot"]
    p6 = paragraf(motet, "Ärende 2")
    sida = url("narvaro", motet, david.pk)
    assert som(johan).get(sida).status_code == 200

    svar = som(johan).post(sida, {"narvarande": "nej", "fran": p6.pk})
    assert svar.status_code == 302
    svar = som(johan).post(sida, {"narvarande": "kanske", "fran": "x"})
    assert svar.status_code == 400
    assert som(johan).get(url("narvaro", motet, 999999)).status_code == 404


def test_ovrig_narvarande_through_the_page(som, johan, motet):
    svar = som(johan).post(url("ovrig_ny", motet), {"ovrig-namn": "", "ovrig-titel": "x"})
    assert svar.status_code == 400 and "Skriv namnet" in svar.content.decode()
    svar = som(johan).post(url("ovrig_ny", motet), {"ovrig-namn": "Karin Wallander"})
    assert svar.status_code == 302


# --- Who may ---------------------------------------------------------------------------------


def test_a_handlaggare_reads_but_may_not_post(som, karin, motet):
    p = paragraf(motet, "Ärende 1")
    html = som(karin).get(url("paragraf", motet, p.pk)).content.decode()
    assert "Spara beslutet" not in html
    assert som(karin).post(url("paragraf_spara", motet, p.pk, "beslut"), {}).status_code == 403
    assert som(karin).post(url("protokollforing_oppna", motet)).status_code == 403


def test_another_forvaltning_gets_404(som, annan_sekreterare, motet):
    p = paragraf(motet, "Ärende 1")
    for adress in (url("protokollforing", motet), url("paragraf", motet, p.pk)):
        assert som(annan_sekreterare).get(adress).status_code == 404
    adress = url("paragraf_spara", motet, p.pk, "beslut")
    assert som(annan_sekreterare).post(adress, {"beslut-slag": "bifall"}).status_code == 404


def test_a_paragraf_of_another_sammantrade_is_404(som, johan, motet, socialnamnden):
    annat = kallat(johan, socialnamnden, dt.date(2024, 5, 21))
    p = paragraf(motet, "Ärende 1")
    assert som(johan).get(url("paragraf", annat, p.pk)).status_code == 404
    assert som(johan).get(url("paragraf", motet, 2**70)).status_code == 404
    assert som(johan).post(url("paragraf_spara", motet, p.pk, "okant")).status_code == 404


def test_a_wrong_status_gives_a_banner(som, johan, socialnamnden, namnden):
    """GIVEN a sammanträde only planerat WHEN Johan starts the protokollföring THEN he is sent
    back to its page with the reason in a banner."""
    from tests.nameden.conftest import skapa

    mote = skapa(johan, socialnamnden, dt.date(2024, 6, 11))

    svar = som(johan).post(url("protokollforing_oppna", mote), follow=True)

    assert svar.status_code == 200
    assert "app-notification-banner--error" in svar.content.decode() or 'role="alert"' in (
        svar.content.decode()
    )
    assert not Paragraf.objects.exists()


# --- Query counts ----------------------------------------------------------------------------


def _vaxa(johan, mote, p, namnd, n: int):
    """`n` more punkter (numbered), members, yrkanden and an omröstning in `p`."""
    for i in range(n):
        punkt_lagg_till(user=johan, sammantrade=mote, typ="beslutsarende", rubrik=f"Extra {i}")
        ledamot(namnd, f"Extra Ledamot {mote.punkter.count()}")
    protokollforing_oppna(user=johan, sammantrade=mote)
    tjanstgor = tjanstgorande(p)
    for narvaro in tjanstgor[:n]:
        yrkande_lagg_till(user=johan, paragraf=p, yrkat_av=narvaro.fortroendevald, text="Bifall.")
    omrostning_genomfor(
        user=johan,
        paragraf=p,
        ja_proposition="Ja",
        nej_proposition="Nej",
        roster={n.fortroendevald_id: Rost.Val.JA for n in tjanstgor},
    )


def test_the_pages_keep_their_query_count_as_data_grows(
    som, johan, motet, socialnamnden, django_assert_max_num_queries
):
    """GIVEN the protokollföring page and a paragraf page, with one of everything WHEN
    paragrafer, members, yrkanden, omröstningar and röster grow THEN each page makes no more
    queries than before."""
    klient = som(johan)
    p = paragraf(motet, "Ärende 1")
    sidor = [url("protokollforing", motet), url("paragraf", motet, p.pk)]
    _vaxa(johan, motet, p, socialnamnden, 1)

    def rakna() -> list[int]:
        antal = []
        for adress in sidor:
            with CaptureQueriesContext(connection) as ctx:
                assert klient.get(adress).status_code == 200
            antal.append(len(ctx.captured_queries))
        return antal

    fore = rakna()
    _vaxa(johan, motet, p, socialnamnden, 8)

    for adress, tak in zip(sidor, fore, strict=True):
        with django_assert_max_num_queries(tak):
            assert klient.get(adress).status_code == 200
