"""The public anslagstavla: no login, only the anslag up today, the public protokoll only,
nothing about sekretess punkter, the standing notice on laglighetsprövning, paginated with
a constant number of queries."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from nameden.models import Sammantrade
from tests.nameden import fabriker_utskick as f

pytestmark = pytest.mark.django_db

LISTA = reverse("anslagstavla:lista")
IDAG = dt.date(2024, 5, 6)


@pytest.fixture(autouse=True)
def idag(monkeypatch):
    """The board is read on 6 May 2024: "today" (timezone.localdate() without a value) is
    that day; converting a given datetime works as before."""
    verklig = timezone.localdate

    def localdate(value=None, timezone=None):
        return IDAG if value is None else verklig(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return IDAG


@pytest.fixture
def kalla(monkeypatch):
    return f.registrera_kalla(monkeypatch, f.ProvKalla())


@pytest.fixture
def anslaget(kalla, mote, johan):
    """Socialnämnden 23 april: § 45 public, § 46 sekretess; justerat 30 april, anslaget 2 May."""
    f.paragraf(mote, johan, nummer=45)
    f.paragraf(mote, johan, nummer=46, referens=None, sekretess=True, rubrik="Hemlig placering")
    protokoll = f.justera(mote, johan)
    return f.ansla(
        protokoll,
        johan,
        anslaget=dt.date(2024, 5, 2),
        nedtas=dt.date(2024, 5, 24),
        fil=f.liten_pdf("FULLSTANDIGT"),
        offentlig=f.liten_pdf("OFFENTLIGT"),
    )


def test_anyone_reads_what_the_law_asks_without_logging_in(client, anslaget):
    """GIVEN an anslag up today WHEN an anonymous visitor opens the board THEN it shows the
    organ, the dates (sammanträde, justering, anslag, tas ned, last day to appeal) and where
    the protokoll is kept, with the notice on laglighetsprövning, and no app menu."""
    svar = client.get(LISTA)

    html = svar.content.decode()
    assert svar.status_code == 200
    for vantat in (
        "Socialnämnden",
        "2024-04-23",
        "Protokollet justerat",
        "2024-04-30",
        "Anslaget",
        "2024-05-02",
        "Tas ned",
        "2024-05-24",
        "Sista dag att överklaga",
        "2024-05-23",  # three weeks from 2 May
        "Socialförvaltningens kansli, Stadshuset",
        "laglighetsprövning",
        "tre veckor",
        "förvaltningsrätten",
        "13 kapitlet kommunallagen",
    ):
        assert vantat in html, vantat
    assert "Huvudmeny" not in html and "Logga ut" not in html
    assert f'href="{reverse("tillganglighet")}"' in html


def test_the_last_day_to_appeal_moves_past_a_weekend(client, kalla, mote, johan):
    """GIVEN an anslag on Saturday 4 May... (three weeks on is Saturday 25 May) WHEN shown
    THEN the last day is Monday 27 May (1930:173)."""
    protokoll = f.justera(mote, johan)
    f.ansla(protokoll, johan, anslaget=dt.date(2024, 5, 4), nedtas=dt.date(2024, 5, 28))

    assert "2024-05-27" in client.get(LISTA).content.decode()


def test_no_data_about_sekretess_punkter(client, anslaget):
    html = client.get(LISTA).content.decode()
    assert "Hemlig placering" not in html and "§ 46" not in html and "ekretess" not in html


def test_the_public_pdf_only_never_the_full_one(client, anslaget):
    """GIVEN a protokoll with a full and a public version WHEN the board's link is followed
    THEN the public version (with anslagsbevis) is served, byte for byte, hash-checked."""
    svar = client.get(reverse("anslagstavla:protokoll", args=[anslaget.pk]))

    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    assert hashlib.sha256(svar.content).hexdigest() == anslaget.offentlig_sha256
    assert svar.content == f.liten_pdf("OFFENTLIGT")
    assert hashlib.sha256(svar.content).hexdigest() != anslaget.sha256


def test_a_changed_public_file_is_not_served(client, anslaget):
    with open(anslaget.offentlig_fil.path, "ab") as fil:
        fil.write(b"x")

    svar = client.get(reverse("anslagstavla:protokoll", args=[anslaget.pk]))
    assert svar.status_code == 500 and "kontrollsumma" in svar.content.decode()


@pytest.mark.parametrize(
    ("anslaget_dag", "nedtas_dag", "uppe"),
    [
        (dt.date(2024, 5, 6), dt.date(2024, 5, 28), True),  # put up today
        (dt.date(2024, 4, 15), dt.date(2024, 5, 6), True),  # comes down today: still up
        (dt.date(2024, 5, 7), dt.date(2024, 5, 29), False),  # not up yet
        (dt.date(2024, 4, 1), dt.date(2024, 5, 5), False),  # taken down
    ],
)
def test_only_anslag_up_today_are_listed_and_served(
    client, kalla, mote, johan, anslaget_dag, nedtas_dag, uppe
):
    protokoll = f.justera(mote, johan)
    anslag = f.ansla(protokoll, johan, anslaget=anslaget_dag, nedtas=nedtas_dag)

    html = client.get(LISTA).content.decode()
    pdf = client.get(reverse("anslagstavla:protokoll", args=[anslag.pk]))

    assert ("Socialnämnden" in html) is uppe
    assert pdf.status_code == (200 if uppe else 404)


def test_bad_ids_are_404(client):
    assert client.get(reverse("anslagstavla:protokoll", args=[2**62])).status_code == 404
    assert client.get(LISTA, {"page": "x\x00"}).status_code in (200, 400)


def test_a_signed_in_user_sees_the_same_board(client, anslaget, per):
    client.force_login(per)
    html = client.get(LISTA).content.decode()
    assert "Socialnämnden" in html and "Huvudmeny" not in html


def test_paginated_newest_first_with_constant_queries(
    client, kalla, socialnamnden, johan, django_assert_max_num_queries
):
    """GIVEN 25 anslag up today WHEN the board is read THEN 20 on the first page, the newest
    first, 5 on the second, and the query count does not grow with the number of anslag."""

    def ett_anslag(n: int):
        datum = dt.date(2024, 1, 1) + dt.timedelta(n)
        s = Sammantrade.objects.create(namnd=socialnamnden, datum=datum)
        anslag_dag = dt.date(2024, 4, 1) + dt.timedelta(n)
        f.ansla(f.justera(s, johan), johan, anslaget=anslag_dag, nedtas=dt.date(2024, 6, 1))

    ett_anslag(0)
    with django_assert_max_num_queries(10) as fa:
        client.get(LISTA)
    for n in range(1, 25):
        ett_anslag(n)

    with django_assert_max_num_queries(len(fa.captured_queries)):
        forsta = client.get(LISTA).content.decode()
    assert "Sida 1 av 2" in forsta
    # The newest anslag first: sammanträdet of 25 January was anslaget last.
    assert forsta.index("25 januari 2024") < forsta.index("24 januari 2024")
    andra = client.get(LISTA, {"page": 2}).content.decode()
    assert andra.count('class="app-heading-m"') == 5 + 1  # five anslag and the notice
    assert "1 januari 2024" in andra and "25 januari 2024" not in andra
