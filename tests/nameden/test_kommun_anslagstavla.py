"""The anslagstavla per kommun: each kommun's board shows only its own nämnders' anslag,
`/anslagstavla/` is the board itself with one kommun and the list of kommuner with several."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from nameden.models import Kommun, Sammantrade
from tests.factories import ForvaltningFactory, KommunFactory, NamndFactory
from tests.nameden import fabriker_utskick as f

pytestmark = pytest.mark.django_db

IDAG = dt.date(2024, 5, 6)
START = reverse("anslagstavla:lista")


@pytest.fixture(autouse=True)
def idag(monkeypatch):
    verklig = timezone.localdate
    monkeypatch.setattr(
        "django.utils.timezone.localdate",
        lambda value=None, timezone=None: IDAG if value is None else verklig(value, timezone),
    )


def _anslag(namnd, johan, dag: int = 0):
    mote = Sammantrade.objects.create(namnd=namnd, datum=dt.date(2024, 4, 1) + dt.timedelta(dag))
    return f.ansla(f.justera(mote, johan), johan, anslaget=dt.date(2024, 5, 2))


@pytest.fixture
def solna_namnd(socialnamnden):
    solna = KommunFactory(namn="Solna stad", slug="solna")
    return NamndFactory(
        forvaltning=ForvaltningFactory(kommun=solna, namn="Omsorgsförvaltningen", kortnamn="OMF"),
        namn="Omsorgsnämnden",
    )


def test_with_one_kommun_the_start_is_its_board(client, socialnamnden, johan):
    """GIVEN one kommun WHEN /anslagstavla/ is read THEN it is that kommun's board, with its
    name, and the kommun's own address shows the same anslag."""
    anslag = _anslag(socialnamnden, johan)
    kommun = socialnamnden.kommun

    start = client.get(START).content.decode()
    egen = client.get(reverse("anslagstavla:kommun", args=[kommun.slug])).content.decode()

    for html in (start, egen):
        assert "Socialnämnden" in html and kommun.namn in html
        assert reverse("anslagstavla:protokoll", args=[anslag.pk]) in html


def test_each_kommuns_board_shows_only_its_own_anslag(client, socialnamnden, solna_namnd, johan):
    """GIVEN an anslag of Socialnämnden (first kommun) and one of Solna's Omsorgsnämnden WHEN
    each kommun's board is read THEN each shows its own nämnd's anslag and not the other's."""
    _anslag(socialnamnden, johan)
    _anslag(solna_namnd, johan)

    solna = client.get(reverse("anslagstavla:kommun", args=["solna"])).content.decode()
    forsta = client.get(
        reverse("anslagstavla:kommun", args=[socialnamnden.kommun.slug])
    ).content.decode()

    assert "Omsorgsnämnden" in solna and "Socialnämnden" not in solna
    assert "Socialnämnden" in forsta and "Omsorgsnämnden" not in forsta
    assert "Digital anslagstavla – Solna stad" in solna


def test_with_several_kommuner_the_start_lists_them(client, socialnamnden, solna_namnd, johan):
    """GIVEN two kommuner WHEN /anslagstavla/ is read THEN it lists both, each linking to its
    board, and shows no anslag of either (they are never mixed)."""
    _anslag(solna_namnd, johan)
    html = client.get(START).content.decode()
    for kommun in Kommun.objects.all():
        assert f'href="{reverse("anslagstavla:kommun", args=[kommun.slug])}"' in html
        assert kommun.namn in html
    assert "Omsorgsnämnden" not in html


def test_an_unknown_kommun_is_404(client, socialnamnden):
    assert client.get(reverse("anslagstavla:kommun", args=["finns-inte"])).status_code == 404


def test_a_kommuns_board_costs_the_same_however_many_anslag(
    client, socialnamnden, solna_namnd, johan, django_assert_max_num_queries
):
    _anslag(solna_namnd, johan)
    url = reverse("anslagstavla:kommun", args=["solna"])
    with django_assert_max_num_queries(10) as fa:
        client.get(url)
    for dag in range(1, 6):
        _anslag(solna_namnd, johan, dag)
        _anslag(socialnamnden, johan, dag)
    with django_assert_max_num_queries(len(fa.captured_queries)):
        assert client.get(url).content.decode().count("Omsorgsnämnden, sammanträde") == 6
