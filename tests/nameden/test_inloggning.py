"""Login throttling and lockout (django-axes): five wrong passwords for one username from
one address lock that pair out for 15 minutes, also against the right password.

The attack this answers: 100 wrong passwords in 51 s were all answered, and then the right
one let the attacker in.
"""

import datetime as dt
import logging

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from nameden import settings as shipped

pytestmark = pytest.mark.django_db

LOSENORD = "losenord-123"  # tests.factories.UserFactory
IP = "203.0.113.7"


def _logga_in(client, username, password, ip=IP, **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def _inloggad(client) -> bool:
    return "_auth_user_id" in client.session


def _spara(client, username, *, ip=IP, antal=None):
    for _ in range(shipped.AXES_FAILURE_LIMIT if antal is None else antal):
        _logga_in(client, username, "fel-losenord", ip=ip)


def test_the_shipped_limits_are_five_failures_and_fifteen_minutes():
    """GIVEN the shipped settings WHEN read THEN five failures per username and IP address
    together lock out for 15 minutes, and a success clears the count."""
    assert shipped.AXES_FAILURE_LIMIT == 5
    assert shipped.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert shipped.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert shipped.AXES_RESET_ON_SUCCESS is True


def test_four_failures_then_the_right_password_logs_in(client, karin):
    """GIVEN four wrong passwords for karin WHEN the right one is sent THEN she is in."""
    _spara(client, "karin", antal=4)

    response = _logga_in(client, "karin", LOSENORD)

    assert response.status_code == 302
    assert _inloggad(client)


def test_after_five_failures_the_right_password_is_refused(client, karin):
    """GIVEN five wrong passwords for karin from one address WHEN the right one is sent from
    it THEN 429 with the Swedish lockout page, and nobody is logged in."""
    _spara(client, "karin")

    response = _logga_in(client, "karin", LOSENORD)

    html = response.content.decode()
    assert response.status_code == 429
    assert '<h1 class="app-heading-l">För många inloggningsförsök</h1>' in html
    assert "fel lösenord har angetts 5 gånger i rad" in html
    assert "Vänta 15 minuter och försök sedan igen." in html
    assert 'class="app-body"' in html and "app.css" in html  # the site's own page and style
    assert not _inloggad(client)


def test_the_fifth_failure_already_answers_with_the_lockout_page(client, karin):
    """GIVEN four wrong passwords WHEN the fifth is sent THEN the answer is the lockout page,
    so an attacker learns at once that guessing is over."""
    _spara(client, "karin", antal=4)

    response = _logga_in(client, "karin", "fel-losenord")

    assert response.status_code == 429


def test_the_lockout_is_per_username_and_address(client, karin, lisa):
    """GIVEN karin locked out from one address WHEN karin logs in from another address, or
    lisa from the same one THEN both get in: one attacker cannot lock everyone out."""
    _spara(client, "karin")

    assert _logga_in(client, "karin", LOSENORD, ip="198.51.100.2").status_code == 302
    client.logout()
    assert _logga_in(client, "lisa", LOSENORD).status_code == 302


def test_after_the_cool_off_the_right_password_works_again(client, karin):
    """GIVEN karin locked out WHEN 15 minutes have passed since the last failure THEN the
    right password logs her in (time moved by dating the attempt back)."""
    _spara(client, "karin")
    forsok = AccessAttempt.objects.get(username="karin")
    forsok.attempt_time -= dt.timedelta(minutes=15, seconds=1)
    forsok.save()

    response = _logga_in(client, "karin", LOSENORD)

    assert response.status_code == 302
    assert _inloggad(client)


def test_before_the_cool_off_has_passed_it_still_holds(client, karin):
    """GIVEN karin locked out WHEN 14 minutes have passed THEN still refused."""
    _spara(client, "karin")
    forsok = AccessAttempt.objects.get(username="karin")
    forsok.attempt_time -= dt.timedelta(minutes=14)
    forsok.save()

    assert _logga_in(client, "karin", LOSENORD).status_code == 429


def test_failures_and_the_lockout_are_recorded_and_logged(client, karin, caplog):
    """GIVEN five wrong passwords WHEN they are sent THEN the attempt is recorded with the
    username, address and count (admin: Axes), the lockout is logged as a warning naming
    them, and no password is kept."""
    with caplog.at_level(logging.INFO, logger="axes"):
        _spara(client, "karin")

    forsok = AccessAttempt.objects.get()
    assert (forsok.username, forsok.ip_address, forsok.failures_since_start) == ("karin", IP, 5)
    assert "fel-losenord" not in forsok.post_data
    lasning = [r for r in caplog.records if "Locking out" in r.getMessage()]
    assert lasning and lasning[0].levelno == logging.WARNING
    assert "karin" in lasning[0].getMessage() and IP in lasning[0].getMessage()


def test_the_admin_login_is_throttled_too(client, admin_user):
    """GIVEN five wrong passwords on the admin's login WHEN the right one is sent THEN 429:
    the lockout holds for every login form, since it sits in authentication itself."""
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "admin", "password": "fel"}, REMOTE_ADDR=IP)

    response = client.post(url, {"username": "admin", "password": "password"}, REMOTE_ADDR=IP)

    assert response.status_code == 429


def test_behind_the_proxy_the_forwarded_address_is_counted(client, karin, settings):
    """GIVEN BEHIND_TLS_PROXY and requests that all come from the proxy WHEN five failures
    come forwarded for one client THEN that client is locked out and another forwarded
    client is not."""
    settings.BEHIND_TLS_PROXY = True
    proxy = "10.0.0.1"
    for _ in range(5):
        _logga_in(client, "karin", "fel", ip=proxy, HTTP_X_FORWARDED_FOR=f"1.2.3.4, {IP}")

    lasad = _logga_in(client, "karin", LOSENORD, ip=proxy, HTTP_X_FORWARDED_FOR=IP)
    annan = _logga_in(client, "karin", LOSENORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert (lasad.status_code, annan.status_code) == (429, 302)
