"""Masking on the nämnd's side: a remiss anmäld to a sammanträde whose tjänsteutlåtande is
secret is masked on the föredragningslista for those who may not read it, as a marked punkt
is; a withdrawn secret punkt is masked in the list of withdrawn punkter too."""

import datetime as dt

import pytest
from django.urls import reverse

from nameden import selectors as namnd_selectors
from nameden.models import OslParagraf, Punkt, Sammantrade
from nameden.sekretess_punkt import maskera_punkter
from nameden.services.foredragningslista import punkt_dra_tillbaka, punkt_lagg_till
from nameden.services.sammantrade import sammantrade_skapa
from nameden.services.sekretess import sekretess_markera
from remiss import namndkoppling
from remiss import sekretess as remiss_sekretess
from remiss.models import Tjansteutlatande
from remiss.services.namnd import remiss_anmal_till_sammantrade
from tests.remiss.test_anmal_till_sammantrade import attestera

pytestmark = pytest.mark.django_db

MASKERAD = "Sekretessbelagd handling (OSL 26:1)"


@pytest.fixture
def socialtjanst(db):
    return OslParagraf.objects.get(kapitel=26, paragraf=1)


@pytest.fixture
def mote(johan, socialnamnden) -> Sammantrade:
    return sammantrade_skapa(
        user=johan,
        namnd=socialnamnden,
        datum=dt.date(2024, 4, 23),
        tid=dt.time(13, 0),
        plats="Stadshuset",
    )


@pytest.fixture
def anmald(remiss, karin, lisa, veronica, johan, mote) -> Punkt:
    """An attested remiss anmäld to Socialnämnden's sammanträde."""
    attesterad = attestera(remiss, karin, lisa, veronica)
    return remiss_anmal_till_sammantrade(user=johan, remiss=attesterad, sammantrade=mote)


def _sida(client, user, mote) -> str:
    client.force_login(user)
    return client.get(reverse("namnd:detalj", args=[mote.pk])).content.decode()


def test_the_kalla_the_remiss_side_registers_is_the_one_it_anmaler_under():
    """GIVEN the källa name remiss.sekretess registers its masking under (it cannot import
    remiss.namndkoppling) THEN it is the name the anmälan writes on the ärende."""
    assert remiss_sekretess.KALLA == namndkoppling.NAMN


def test_an_anmalt_arende_with_a_secret_tjansteutlatande_is_masked_on_the_agenda(
    client, anmald, remiss, mote, karin, hugo, johan, socialtjanst
):
    """GIVEN a remiss on the nämnd's list, then its tjänsteutlåtande marked secret (OSL 26:1)
    WHEN a handläggare of the förvaltning (who sees the meeting, not the secret) opens the
    sammanträde
    THEN its punkt keeps its place with the masked title and no diarienummer or förslag till
    beslut; the nämndsekreterare, who prepares the meeting, reads it."""
    tu = Tjansteutlatande.objects.select_related("remiss").get(remiss=remiss)
    sekretess_markera(user=karin, handling=tu, paragraf=socialtjanst, skal="Enskilda.")

    sida = _sida(client, hugo, mote)
    assert f"{anmald.ordning}. {MASKERAD}" in sida
    assert anmald.rubrik not in sida
    assert anmald.diarienummer not in sida
    assert "Förslag till beslut:" not in sida

    sida = _sida(client, johan, mote)
    assert anmald.rubrik in sida and MASKERAD not in sida


def test_an_anmalt_arende_without_secrecy_is_shown_as_before(client, anmald, mote, hugo):
    """GIVEN a remiss on the list whose handlingar are not secret WHEN a handläggare opens
    the sammanträde THEN its punkt reads its title (nothing masked that is not secret)."""
    assert anmald.rubrik in _sida(client, hugo, mote)


def test_the_agenda_asks_one_query_per_kalla_however_many_punkter(
    django_assert_max_num_queries, anmald, mote, hugo, johan
):
    """GIVEN the agenda with a remiss punkt and ten punkter added by hand WHEN it is masked
    for a reader THEN the källa is asked once for all of them (a bounded number of
    queries, not one per punkt)."""
    for i in range(10):
        punkt_lagg_till(
            user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik=f"Ärende {i}"
        )
    lista = namnd_selectors.foredragningslista(mote)
    with django_assert_max_num_queries(4):
        maskera_punkter(hugo, lista)


def test_a_withdrawn_secret_punkt_is_masked_in_the_withdrawn_list(
    client, mote, johan, hugo, socialtjanst
):
    """GIVEN a punkt marked secret and then withdrawn from the list
    WHEN a handläggare opens the sammanträde
    THEN the list of withdrawn punkter shows the masked title, never the punkt's own; the
    nämndsekreterare reads it."""
    punkt = punkt_lagg_till(
        user=johan,
        sammantrade=mote,
        typ=Punkt.Typ.BESLUTSARENDE,
        rubrik="Placering av barnet Alva S.",
    )
    sekretess_markera(user=johan, handling=punkt, paragraf=socialtjanst, skal="Barn.")
    punkt_dra_tillbaka(user=johan, punkt=Punkt.objects.get(pk=punkt.pk))

    sida = _sida(client, hugo, mote)
    assert "Alva S." not in sida and MASKERAD in sida
    assert "Alva S." in _sida(client, johan, mote)
