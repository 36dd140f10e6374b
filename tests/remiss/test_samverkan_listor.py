"""Joint documents in the lists and on the case page: the cost does not grow with the number
of joint documents or of medverkande förvaltningar."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nameden.models import Avdelning, Forvaltning, Namnd
from nameden.roles import Roll
from remiss import selectors
from tests.factories import UserFactory
from tests.remiss.test_samverkan_verktyg import (  # noqa: F401 (fixtures)
    fixture_byggnadsnamnden,
    fixture_plan,
    fixture_rut,
    fixture_sbk,
    fixture_sbk_lasare,
    fixture_sven,
    medverka,
)

pytestmark = pytest.mark.django_db


def _fragor(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        svar = client.get(url, data)
    assert svar.status_code == 200
    return len(ctx.captured_queries)


def _forvaltning(kortnamn: str):
    """Another förvaltning with a registrator, a handläggare and a nämnd."""
    forvaltning = Forvaltning.objects.create(namn=f"Förvaltningen {kortnamn}", kortnamn=kortnamn)
    avdelning = Avdelning.objects.create(forvaltning=forvaltning, namn="Kansliet")
    registrator = UserFactory(
        username=f"reg-{kortnamn}", roll=Roll.REGISTRATOR, avdelning=avdelning
    )
    handlaggare = UserFactory(username=f"hl-{kortnamn}", roll=Roll.HANDLAGGARE, avdelning=avdelning)
    namnd = Namnd.objects.create(namn=f"Nämnden {kortnamn}", forvaltning=forvaltning)
    return registrator, handlaggare, namnd


def _gemensamma(registrera, n, deltar):
    """`n` SOF remisser, each joined by every förvaltning of `deltar`."""
    for i in range(n):
        remiss = registrera(rubrik=f"Gemensam remiss {i}")
        for registrator, handlaggare, namnd in deltar:
            medverka(registrator, remiss, handlaggare, namnd)


def test_the_lists_cost_the_same_however_many_joint_documents_and_deltagare(
    client, registrera, rut, sven, byggnadsnamnden, sbk_lasare
):
    """GIVEN 2 and then 12 joint remisser of SOF, SBK and two more förvaltningar WHEN SBK's
    läsare opens the list, searches it and opens Sven's Mina remisser THEN each page costs
    the same queries, and every row is there."""
    deltar = [(rut, sven, byggnadsnamnden), _forvaltning("KF"), _forvaltning("MF")]
    _gemensamma(registrera, 2, deltar)
    client.force_login(sbk_lasare)
    lista = reverse("remiss:lista")
    _fragor(client, lista)  # the session's first request writes the session
    fore = (_fragor(client, lista), _fragor(client, lista, {"q": "SBK"}))

    _gemensamma(registrera, 10, deltar)

    efter = (_fragor(client, lista), _fragor(client, lista, {"q": "SBK"}))
    assert efter == fore
    assert selectors.alla_remisser(sbk_lasare).count() == 12
    assert selectors.alla_remisser(sbk_lasare, sok="SBK").count() == 12

    client.force_login(sven)
    mina = reverse("remiss:mina_lista")
    assert selectors.mina_remisser(sven).count() == 12
    _fragor(client, mina)  # the session's first request
    en = _fragor(client, mina)
    _gemensamma(registrera, 3, deltar)
    assert _fragor(client, mina) == en


def test_the_case_page_costs_the_same_with_one_or_three_medverkande(
    client, registrera, rut, sven, byggnadsnamnden, sbk_lasare
):
    """GIVEN a remiss joined by SBK only and one joined by SBK and two more WHEN SBK's läsare
    opens each THEN the same number of queries, and every deltagare is on the page."""
    en = registrera(rubrik="En medverkande")
    medverka(rut, en, sven, byggnadsnamnden)
    tre = registrera(rubrik="Tre medverkande")
    medverka(rut, tre, sven, byggnadsnamnden)
    for registrator, handlaggare, namnd in (_forvaltning("KF"), _forvaltning("MF")):
        medverka(registrator, tre, handlaggare, namnd)
    client.force_login(sbk_lasare)
    _fragor(client, reverse("remiss:detalj", args=[en.pk]))  # the session's first request

    fore = _fragor(client, reverse("remiss:detalj", args=[en.pk]))
    efter = _fragor(client, reverse("remiss:detalj", args=[tre.pk]))

    assert efter == fore
    text = client.get(reverse("remiss:detalj", args=[tre.pk])).text
    for namn in ("Stadsbyggnadskontoret", "Förvaltningen KF", "Förvaltningen MF"):
        assert namn in text
