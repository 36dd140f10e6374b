"""Mina remisser and Alla remisser: who sees what, in which order, and what is marked late."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from remiss.services.arbetsflode import remiss_avskriva

pytestmark = pytest.mark.django_db


def _idag():
    return timezone.localdate()


def test_anonymous_user_is_sent_to_login(client):
    """GIVEN nobody logged in WHEN they open Mina remisser THEN they are redirected to login."""
    response = client.get(reverse("remiss:mina"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_mina_sorts_by_svarsdatum_and_marks_overdue(client, karin, registrera):
    """GIVEN three remisser for Karin, one past its svarsdatum WHEN she opens Mina remisser
    THEN they are listed nearest svarsdatum first and only the late one says Försenad."""
    idag = _idag()
    sen = registrera(
        rubrik="Sen remiss",
        inkom_datum=idag - dt.timedelta(days=30),
        svarsdatum=idag - dt.timedelta(days=2),
    )
    senare = registrera(
        rubrik="Senare remiss", inkom_datum=idag, svarsdatum=idag + dt.timedelta(days=20)
    )
    snart = registrera(
        rubrik="Snart remiss", inkom_datum=idag, svarsdatum=idag + dt.timedelta(days=5)
    )
    client.force_login(karin)

    response = client.get(reverse("remiss:mina"))

    assert response.status_code == 200
    assert [r.pk for r in response.context["remisser"]] == [sen.pk, snart.pk, senare.pk]
    html = response.content.decode()
    assert html.index("Sen remiss") < html.index("Snart remiss") < html.index("Senare remiss")
    assert html.count(">Försenad<") == 1
    assert "2 dagar sent" in html
    assert "5 dagar kvar" in html


def test_mina_leaves_out_closed_and_others_remisser(client, karin, hugo, maria, registrera):
    """GIVEN an avskriven remiss and one assigned to Hugo WHEN Karin opens Mina remisser
    THEN she sees neither, and the empty-state text."""
    avskriven = registrera()
    remiss_avskriva(user=maria, remiss=avskriven, kommentar="Fel mottagare")
    registrera(handlaggare=hugo)
    client.force_login(karin)

    response = client.get(reverse("remiss:mina"))

    assert response.context["remisser"] == []
    assert "Du har inga öppna remisser just nu." in response.content.decode()


def test_lista_filters_by_status_and_text(client, per, maria, registrera):
    """GIVEN two remisser, one avskriven WHEN a läsare filters by status or searches
    THEN only the matching remiss is listed."""
    oppen = registrera(rubrik="Cykelplan", avsandarens_diarienummer="KS 2024/7")
    stangd = registrera(rubrik="Parkeringsnorm")
    remiss_avskriva(user=maria, remiss=stangd, kommentar="Dubblett")
    client.force_login(per)

    by_status = client.get(reverse("remiss:lista"), {"status": "avskriven"})
    by_text = client.get(reverse("remiss:lista"), {"q": "ks 2024/7"})

    assert [r.pk for r in by_status.context["remisser"]] == [stangd.pk]
    assert [r.pk for r in by_text.context["remisser"]] == [oppen.pk]
    assert "Karin Wallander" in by_text.content.decode()  # handläggare column


def test_lista_is_paginated_by_50(client, per, registrera):
    """GIVEN 51 remisser WHEN the list is opened THEN page 1 has 50 and page 2 has one."""
    for _ in range(51):
        registrera()
    client.force_login(per)

    first = client.get(reverse("remiss:lista"))
    second = client.get(reverse("remiss:lista"), {"page": 2})

    assert len(first.context["remisser"]) == 50
    assert len(second.context["remisser"]) == 1
    assert "Sida 1 av 2" in first.content.decode()


def test_lista_shows_nothing_of_another_forvaltning(client, utomstaende, remiss):
    """GIVEN a SOF remiss WHEN someone from another förvaltning lists remisser
    THEN it is not there."""
    client.force_login(utomstaende)

    response = client.get(reverse("remiss:lista"))

    assert remiss.diarienummer not in response.content.decode()
    assert "Det finns inga remisser ännu." in response.content.decode()
