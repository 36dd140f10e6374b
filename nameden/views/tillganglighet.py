"""The tillgänglighetsredogörelse (DOS-lagen, 2018:1937, 12 §): public, no login.

DIGG's model asks the statement to say how it may be contacted, so the page names each
kommun of the installation with the contact details its admin entered (e-post, telefon,
webb). A kommun without any gets no line: the statement must never print an empty address.
The dates are the statement's own facts, changed by hand with the text they describe
(the last review of the tests it reports and of the shortfalls it lists).
"""

import datetime as dt

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from nameden.models import Kommun

#: When the tests the statement reports were last run and their results read.
SENAST_TESTAD = dt.date(2026, 12, 1)
#: When the statement itself was last reviewed.
SENAST_GRANSKAD = dt.date(2026, 12, 1)


@login_not_required
@require_GET
def redogorelse(request):
    kommuner = (
        Kommun.objects.exclude(Q(epost="") & Q(telefon="") & Q(webb=""))
        .only("namn", "epost", "telefon", "webb")
        .order_by("namn")
    )
    return render(
        request,
        "tillganglighet.html",
        {
            "kommuner": list(kommuner),
            "senast_testad": SENAST_TESTAD,
            "senast_granskad": SENAST_GRANSKAD,
        },
    )
