"""Error answers a person can read: NUL in a request never becomes a 500, and a method a
URL does not take (405) gets a page, not an empty body.

Every form of the system refuses control characters with a message on the field
(`nameden.textkontroll`). Input that reaches the database without a form, such as the Django
admin's list filters (`?status=%00`), would make PostgreSQL refuse the query with a
`DataError`; when the request carries a NUL, that is the user's input and not a fault, so the
answer is a Swedish 400.
"""

import logging

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
