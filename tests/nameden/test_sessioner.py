"""Sessions end after 30 minutes without a request and 12 hours after login, whatever the
activity. Time is moved by the middleware's clock (`nameden.middleware.nu`), never slept."""

import pytest
from django.urls import reverse

from nameden import middleware
from nameden import settings as shipped

pytestmark = pytest.mark.django_db

MINUT = 60
TIMME = 60 * MINUT


class Klocka:
    def __init__(self):
        self.tid = 1_800_000_000.0

    def __call__(self):
        return self.tid

    def fram(self, sekunder: float) -> None:
        self.tid += sekunder


@pytest.fixture
def klocka(monkeypatch):
    klocka = Klocka()
    monkeypatch.setattr(middleware, "nu", klocka)
    return klocka


def _mina(client):
    return client.get(reverse("remiss:mina"))


def _till_inloggning(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_shipped_limits_are_thirty_minutes_and_twelve_hours():
    """GIVEN the shipped settings WHEN read THEN 30 minutes idle, 12 hours in all, and the
    session cookie does not outlive the absolute limit."""
    assert shipped.SESSION_IDLE_SECONDS == 30 * MINUT
    assert shipped.SESSION_MAX_SECONDS == 12 * TIMME
    assert shipped.SESSION_COOKIE_AGE <= shipped.SESSION_MAX_SECONDS
    assert "nameden.middleware.SessionTidsgransMiddleware" in shipped.MIDDLEWARE


def test_a_request_within_thirty_minutes_keeps_the_session(client, karin, klocka):
    """GIVEN Karin logged in WHEN she comes back after 29 minutes THEN she is still in."""
    client.force_login(karin)
    assert _mina(client).status_code == 200

    klocka.fram(29 * MINUT)

    assert _mina(client).status_code == 200


def test_thirty_minutes_without_a_request_logs_out(client, karin, klocka):
    """GIVEN Karin logged in WHEN 31 minutes pass without a request THEN the next one is sent
    to the login page, back to where she was, with the reason, and the session is gone."""
    client.force_login(karin)
    _mina(client)

    klocka.fram(31 * MINUT)
    response = _mina(client)

    assert _till_inloggning(response)
    assert "next=/" in response["Location"]
    assert "_auth_user_id" not in client.session
    sida = client.get(response["Location"]).content.decode()
    assert "Du har loggats ut eftersom du inte har gjort något på 30 minuter." in sida


def test_activity_keeps_the_session_alive_until_twelve_hours(client, karin, klocka):
    """GIVEN Karin active every 20 minutes WHEN 11 h 40 min have passed THEN still in; WHEN
    12 h and a little have passed THEN logged out with the absolute limit's reason."""
    client.force_login(karin)
    _mina(client)
    for _ in range(35):  # 35 × 20 min = 11 h 40 min
        klocka.fram(20 * MINUT)
        assert _mina(client).status_code == 200

    klocka.fram(20 * MINUT + 1)
    response = _mina(client)

    assert _till_inloggning(response)
    sida = client.get(response["Location"]).content.decode()
    assert "Du har loggats ut eftersom du har varit inloggad i 12 timmar." in sida


def test_logging_in_again_starts_both_limits_over(client, karin, klocka):
    """GIVEN Karin logged out by the idle limit WHEN she logs in again THEN she has a fresh
    session with its own start time."""
    client.force_login(karin)
    _mina(client)
    klocka.fram(31 * MINUT)
    assert _till_inloggning(_mina(client))

    client.force_login(karin)

    assert _mina(client).status_code == 200
    assert client.session[middleware.INLOGGAD] == klocka.tid


def test_the_last_seen_time_is_not_rewritten_on_every_request(client, karin, klocka):
    """GIVEN a request just now WHEN another comes ten seconds later THEN the stored time is
    unchanged (the session is not rewritten for each request of a page)."""
    client.force_login(karin)
    _mina(client)
    forst = client.session[middleware.SENAST]

    klocka.fram(10)
    _mina(client)

    assert client.session[middleware.SENAST] == forst


def test_an_anonymous_visitor_is_left_alone(client, klocka):
    """GIVEN nobody logged in WHEN the public login page is opened THEN it answers 200 and
    no time is kept."""
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert middleware.INLOGGAD not in client.session
