"""The kallelse-and-handlingar packet: build (in the background), progress, download.

The sammanträde's page shows each version's state (`detalj_context`); the progress page
(`status`) follows a running build: without JavaScript it reloads itself every few seconds
while the build runs (and can be told not to), with JavaScript htmx fetches only its status
region (`?del=status`, `namnd/handlingar/_status.html`), announced through `aria-live`.
"""

import re

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST

from nameden import policy, selectors
from nameden.paket.bestall import paket_bestall
from nameden.paket.lage import PaketSkadat, paket_fil, paket_for, paketlage
from nameden.sekretess_punkt import hemliga_punkter
from nameden.services.sekretess import sekretess_las
from nameden.views._common import statusfel
from nameden.workflow import Action

#: Seconds between reloads of the progress page while a build runs (without JavaScript).
UPPDATERA_SEKUNDER = 4


def detalj_context(request, sammantrade, actions) -> dict:
    """What the sammanträde's page shows of this part (`namnd/_detalj_handlingar.html`)."""
    return {
        "paketlage": paketlage(sammantrade),
        "far_bygga_handlingar": Action.BYGGA_HANDLINGAR in actions,
    }


@require_GET
def status(request, pk):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    actions = policy.allowed_actions(request.user, sammantrade)
    lage = paketlage(sammantrade)
    context = {
        "sammantrade": sammantrade,
        "paketlage": lage,
        "far_bygga_handlingar": Action.BYGGA_HANDLINGAR in actions,
        "auto": lage.pagar and request.GET.get("auto") != "av",
        "uppdatera_sekunder": UPPDATERA_SEKUNDER,
        "nav_active": "sammantraden",
    }
    if request.GET.get("del") == "status":
        return render(request, "namnd/handlingar/_status.html", context)
    return render(request, "namnd/handlingar/status.html", context)


@require_POST
@statusfel
def skapa(request, pk):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    bestallning = paket_bestall(user=request.user, sammantrade=sammantrade)
    if bestallning.koad:
        messages.success(request, bestallning.meddelande)
    else:
        messages.info(request, bestallning.meddelande)
    return redirect("namnd:handlingar", pk=pk)


@require_GET
def hamta(request, pk, version):
    """The stored packet of `version`, as an attachment, only if its SHA-256 holds."""
    sammantrade = selectors.sammantrade_for(request.user, pk)
    policy.require(request.user, Action.VISA, sammantrade)
    paket = paket_for(sammantrade, version)
    if paket is None:
        raise Http404("Det finns inget sådant paket.")
    if not paket.offentlig:
        # The full packet holds the secret punkter's handlingar: 404 unless the user may
        # read every one of them, and each is logged as read (nameden.sekretess_punkt).
        for punkt, markering in hemliga_punkter(sammantrade):
            punkt.sammantrade = sammantrade
            sekretess_las(user=request.user, handling=punkt, satt="fil", markering=markering)
    try:
        fil = paket_fil(paket)
    except PaketSkadat:
        # Already logged with both hashes. Serve nothing rather than a changed file.
        return render(request, "500.html", status=500)
    response = FileResponse(
        fil, as_attachment=True, filename=filnamn(paket), content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def filnamn(paket) -> str:
    """'kallelse-och-handlingar-socialnamnden-2024-04-23-offentlig.pdf': ASCII, no path."""
    sammantrade = paket.sammantrade
    namnd = slugify(re.sub(r"[/.\s]+", "-", sammantrade.namnd.namn)) or "namnd"
    suffix = "-offentlig" if paket.offentlig else ""
    return f"kallelse-och-handlingar-{namnd}-{sammantrade.datum.isoformat()}{suffix}.pdf"
