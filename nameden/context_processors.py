"""The committee side's entry in the main menu, decided by its own policy.

The menu's other entries come from `remiss.context_processors.meny`; nameden cannot import
remiss, and remiss need not know the nämnd's permissions, so each app adds its own entries.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

from nameden import policy, roles

#: Every link of base.html's menu and footer, by URL name (named only: nameden imports no
#: remiss). The template reads them from `lankar`, so a page reverses none of them.
LANKAR = {
    "mina": "remiss:mina",
    "lista": "remiss:lista",
    "inkorg": "remiss:inkorg",
    "registrera": "remiss:registrera",
    "sammantraden": "namnd:lista",
    "att_justera": "namnd:att_justera",
    "lasloggen": "sekretess:lasloggen",
    "logout": "logout",
    "tillganglighet": "tillganglighet",
}


@functools.cache
def _lankar(prefix: str, urlconf: str) -> dict[str, str]:
    # Reversed once per process for each script prefix and URLconf (a test may override
    # ROOT_URLCONF): the same for every user, it holds nothing of anyone's.
    return {nyckel: reverse(namn, urlconf=urlconf) for nyckel, namn in LANKAR.items()}


def lankar(request) -> dict:
    """The menu's and footer's URLs (about half a millisecond of reversing per page)."""
    return {"lankar": _lankar(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)}


def namnd_meny(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"namnd_meny": {}}
    return {
        "namnd_meny": {
            "sammantraden": policy.holds(user, roles.LASA_NAMND),
            # The förtroendevald's own entry: the protokoll waiting for their justering.
            "att_justera": policy.holds(user, roles.JUSTERA_PROTOKOLL),
            # The chefs' read log of secret handlingar (docs/sekretess.md).
            "lasloggen": policy.far_se_lasloggen(user),
        }
    }
