"""The digital anslagstavla: public (no login), kept apart from the signed-in app.

It lists the anslag that are up today (anslaget ≤ today ≤ tas ned), newest first, with what
kommunallagen 8 kap. 12 § asks the notice to say, and serves each one's public protokoll
(never the full one, which may hold sekretess punkter) while it is up, hash-checked. A
standing notice tells how to appeal (laglighetsprövning, KL 13 kap.).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from nameden import kommunallag, selectors
from nameden.models import Anslag, Kommun
from nameden.protokoll import filer as protokollfiler

#: Anslag per page.
PER_SIDA = 20


def uppe(idag: dt.date, *, kommun: Kommun | None = None) -> QuerySet[Anslag]:
    """The anslag on the board on `idag` (of `kommun`'s nämnder only, if given), newest
    first, with what the list prints."""
    anslag = Anslag.objects.filter(
        anslaget__lte=idag, nedtas__gte=idag, protokoll__justerat_at__isnull=False
    )
    if kommun is not None:
        anslag = anslag.filter(protokoll__sammantrade__namnd__kommun=kommun)
    return anslag.select_related("protokoll__sammantrade__namnd").order_by("-anslaget", "-pk")


@dataclass(frozen=True)
class Anslagsrad:
    """One notice as the board prints it (nothing about any punkt: no sekretess data)."""

    pk: int
    organ: str
    sammantradesdatum: dt.date
    justerat: dt.date
    anslaget: dt.date
    nedtas: dt.date
    forvaringsplats: str
    sista_dag_att_overklaga: dt.date


def _rad(anslag: Anslag) -> Anslagsrad:
    protokoll = anslag.protokoll
    return Anslagsrad(
        pk=anslag.pk,
        organ=protokoll.sammantrade.namnd.namn,
        sammantradesdatum=protokoll.sammantrade.datum,
        justerat=timezone.localdate(protokoll.justerat_at),
        anslaget=anslag.anslaget,
        nedtas=anslag.nedtas,
        forvaringsplats=anslag.forvaringsplats or protokoll.forvaringsplats,
        # Three weeks from the anslag, moved to the next weekday (KL 13 kap. 5 §, 1930:173).
        sista_dag_att_overklaga=kommunallag.sista_dag_for_overklagande(anslag.anslaget),
    )


@login_not_required
@require_GET
def start(request):
    """One kommun: its board. Several: the list of them, each to its own board."""
    kommuner = list(Kommun.objects.order_by("namn").only("namn", "slug")[:2])
    if len(kommuner) > 1:
        return render(
            request, "anslagstavla/kommuner.html", {"kommuner": Kommun.objects.order_by("namn")}
        )
    return _tavla(request, kommuner[0] if kommuner else None)


@login_not_required
@require_GET
def kommun(request, slug: str):
    return _tavla(request, get_object_or_404(Kommun, slug=slug))


def _tavla(request, kommun: Kommun | None):
    idag = timezone.localdate()
    page_obj = selectors.sida(uppe(idag, kommun=kommun), request.GET.get("page"), per_sida=PER_SIDA)
    return render(
        request,
        "anslagstavla/lista.html",
        {
            "page_obj": page_obj,
            "anslag": [_rad(a) for a in page_obj.object_list],
            "idag": idag,
            "kommun": kommun,
        },
    )


@login_not_required
@require_GET
def protokoll(request, pk: int):
    """The public version of an anslaget protokoll, only while its anslag is up."""
    anslag = get_object_or_404(uppe(timezone.localdate()), pk=pk)
    try:
        fil = protokollfiler.lagrad_fil(anslag.protokoll, offentlig=True)
    except protokollfiler.ProtokollfilSkadad:
        # Already logged with both hashes. Serve nothing rather than a changed document.
        return render(request, "anslagstavla/fel.html", status=500)
    if fil is None:
        raise Http404("Protokollet är inte justerat.")
    sammantrade = anslag.protokoll.sammantrade
    namn = (
        f"protokoll-{slugify(sammantrade.namnd.namn) or 'namnd'}-{sammantrade.datum:%Y-%m-%d}.pdf"
    )
    response = HttpResponse(fil.innehall, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, namn)
    response["X-Content-Type-Options"] = "nosniff"
    # Public, but it comes down when the appeal time has run: no shared cache keeps it.
    response["Cache-Control"] = "no-cache"
    return response
