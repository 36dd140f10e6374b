"""Lists of remisser: the user's own open cases, and every case they may see."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from remiss import selectors
from remiss.forms import ListaFilterForm

PER_SIDA = 50


@require_GET
def mina(request):
    remisser = list(selectors.mina_remisser(request.user))
    return render(
        request,
        "remiss/mina.html",
        {"remisser": remisser, "nav_active": "mina"},
    )


@require_GET
def lista(request):
    form = ListaFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    remisser = selectors.alla_remisser(
        request.user, status=filters.get("status", ""), sok=filters.get("q", "").strip()
    )
    page_obj = Paginator(remisser, PER_SIDA).get_page(request.GET.get("page"))
    return render(
        request,
        "remiss/lista.html",
        {
            "form": form,
            "page_obj": page_obj,
            "remisser": page_obj.object_list,
            "filtrerad": bool(filters.get("status") or filters.get("q")),
            "nav_active": "lista",
        },
    )
