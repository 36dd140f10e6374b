"""Error answers a person can read: NUL in a request never becomes a 500, and a method a
URL does not take (405) gets a page, not an empty body. Also the session's time limits and
the client address that login throttling counts by.

Every form of the system refuses control characters with a message on the field
(`nameden.textkontroll`). Input that reaches the database without a form, such as the Django
admin's list filters (`?status=%00`), would make PostgreSQL refuse the query with a
`DataError`; when the request carries a NUL, that is the user's input and not a fault, so the
answer is a Swedish 400.
"""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.db import DataError
from django.shortcuts import render

logger = logging.getLogger(__name__)

MEDDELANDE = (
    "Det du skickade innehåller ett osynligt styrtecken (U+0000) som inte kan sparas eller "
    "sökas på. Ta bort det och försök igen."
)


def _har_nul(querydict) -> bool:
    return any(
        "\x00" in key or any("\x00" in v for v in querydict.getlist(key)) for key in querydict
    )


class NulTeckenMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DataError):
            return None
        if not (_har_nul(request.GET) or (request.method == "POST" and _har_nul(request.POST))):
            return None
        logger.warning("Refused NUL in the input of %s %s", request.method, request.path)
        return render(request, "400.html", {"meddelande": MEDDELANDE}, status=400)


class MetodEjTillatenMiddleware:
    """Django's `require_POST` and friends answer 405 with an empty body: give it a Swedish
    page (the Allow header stays) so someone who followed a stale link knows what happened."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            sida = render(request, "405.html", status=405)
            sida["Allow"] = response.get("Allow", "")
            return sida
        return response


# --- Session limits --------------------------------------------------------------------------

INLOGGAD = "_tidsgrans_inloggad"
SENAST = "_tidsgrans_senast"
# The last-seen time is written at most this often, so that requests do not rewrite the
# session each time (a write per page view costs the database); idle time is thus measured
# to within two minutes: a user is logged out after between 28 and 30 idle minutes.
SKRIV_VARJE = 120

MEDDELANDE_INAKTIV = (
    "Du har loggats ut eftersom du inte har gjort något på {minuter} minuter. Logga in igen "
    "för att fortsätta."
)
MEDDELANDE_MAX = (
    "Du har loggats ut eftersom du har varit inloggad i {timmar} timmar. Logga in igen för "
    "att fortsätta."
)


def nu() -> float:
    """The clock the limits are measured by (seconds since the epoch)."""
    return time.time()


class SessionTidsgransMiddleware:
    """Log a user out after SESSION_IDLE_SECONDS without a request, and SESSION_MAX_SECONDS
    after login whatever the activity (an unattended screen in an office, a stolen cookie).

    Django's own expiry slides with every save, so the absolute limit needs the login time
    kept in the session. It is written at login (`stampla_inloggning`, on user_logged_in,
    which the login view and a test's `force_login` both send), so the first page after
    login costs no extra write; the next request after either limit finds the session gone
    and is sent to the login page with the reason.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            stamp = nu()
            inloggad = request.session.get(INLOGGAD)
            senast = request.session.get(SENAST)
            skal = None
            if inloggad is not None and stamp - inloggad > settings.SESSION_MAX_SECONDS:
                skal = MEDDELANDE_MAX.format(timmar=settings.SESSION_MAX_SECONDS // 3600)
            elif senast is not None and stamp - senast > settings.SESSION_IDLE_SECONDS:
                skal = MEDDELANDE_INAKTIV.format(minuter=settings.SESSION_IDLE_SECONDS // 60)
            if skal is not None:
                logger.info("Session of %s ended: %s", user.get_username(), skal)
                logout(request)
                messages.info(request, skal)
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        self._stampla(request)
        return response

    @staticmethod
    def _stampla(request) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        stamp = nu()
        session = request.session
        if session.get(INLOGGAD) is None:
            session[INLOGGAD] = stamp
        if session.get(SENAST) is None or stamp - session[SENAST] >= SKRIV_VARJE:
            session[SENAST] = stamp


def stampla_inloggning(sender, request, user, **kwargs) -> None:
    """Start both limits at login (connected to user_logged_in in nameden.apps)."""
    if request is not None and hasattr(request, "session"):
        stamp = nu()
        request.session[INLOGGAD] = stamp
        request.session[SENAST] = stamp


# --- Client address for login throttling --------------------------------------------------------


def klientens_ip(request) -> str:
    """The client's address, as django-axes counts failed logins by.

    Behind the TLS proxy (BEHIND_TLS_PROXY=1) REMOTE_ADDR is the proxy itself for everyone;
    the proxy appends the address it saw to X-Forwarded-For, so the last entry is the one it
    vouches for (earlier entries are whatever the client sent).
    """
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [a.strip() for a in forwarded.split(",") if a.strip()]
        if addresses:
            return addresses[-1]
    return request.META.get("REMOTE_ADDR", "")


def spard_inloggning(request, original_response=None, credentials=None):
    """The page django-axes answers with while a username and IP address are locked out
    (AXES_LOCKOUT_CALLABLE): 429, in Swedish, saying how long to wait."""
    from axes.helpers import get_cool_off

    cool_off = get_cool_off(request)
    minuter = round(cool_off.total_seconds() / 60) if cool_off else None
    return render(
        request,
        "registration/spard.html",
        {"minuter": minuter, "forsok": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
