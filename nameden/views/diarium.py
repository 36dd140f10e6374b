"""The public diary: a kommun's registered handlingar, for anyone (OSL 5 kap. 1–2 §).

Each row has what 5 kap. 1 § asks (date, diarienummer, sender, in short what it concerns);
where a handling is secret under a paragraph that lets the diary hide them (5 kap. 2 §,
`OslParagraf.dolj_i_diariet`), sender and subject read "Uppgift sekretessbelagd". The rows
come from the app that registers them (`nameden.sekretess.diariekalla`), masked in SQL, a
page at a time, so a page costs the same queries however large the diary is.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from nameden import sekretess, selectors
from nameden.models import Kommun

#: Rows per page.
PER_SIDA = 50


@login_not_required
@require_GET
def lista(request, kommun: str):
    kommun = get_object_or_404(Kommun, slug=kommun)
    kalla = sekretess.diariekalla()
    if kalla is None:
        raise Http404("Diariet finns inte.")
    page_obj = selectors.sida(kalla.rader(kommun), request.GET.get("page"), per_sida=PER_SIDA)
    return render(
        request,
        "diarium/lista.html",
        {
            "kommun": kommun,
            "page_obj": page_obj,
            "rader": [kalla.rad(r) for r in page_obj.object_list],
            "dold_uppgift": sekretess.DOLD_UPPGIFT,
        },
    )
