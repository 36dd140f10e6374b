"""Sammanträden: the list per nämnd the user's förvaltning serves, create, edit, the page
with its föredragningslista, and the status buttons."""

from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nameden import policy, selectors
from nameden.forms_namnd import SammantradeForm
from nameden.sekretess_punkt import maskera_handelser, maskera_punkter
from nameden.services.sammantrade import sammantrade_andra, sammantrade_overga, sammantrade_skapa
from nameden.views import motet, paket, protokoll, punkt, utskick
from nameden.views._common import call_service, klart, render_form, statusfel
from nameden.workflow import TRANSITIONS, Action

#: The status buttons the page offers (JUSTERA is the protokoll's, taken by no user yet).
KNAPPAR = (Action.KALLA, Action.GENOMFORA)


@require_GET
def lista(request):
    page_obj = selectors.sida(selectors.sammantraden_for(request.user), request.GET.get("page"))
    return render(
        request,
        "namnd/lista.html",
        {
            "page_obj": page_obj,
            "sammantraden": page_obj.object_list,
            "kan_skapa": selectors.namnder_att_planera(request.user).exists(),
            "nav_active": "sammantraden",
        },
    )


@require_http_methods(["GET", "POST"])
def skapa(request):
    namnder = selectors.namnder_att_planera(request.user)
    policy.require(request.user, Action.SKAPA)  # 403 for anyone but a sekreterare
    form = SammantradeForm(request.POST if request.method == "POST" else None, namnder=namnder)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sammantrade = call_service(form, sammantrade_skapa, user=request.user, **data)
        if sammantrade is not None:
            return klart(
                request,
                f"Sammanträdet {sammantrade} är skapat med de inledande punkterna.",
                "namnd:detalj",
                pk=sammantrade.pk,
            )
    return render_form(
        request, "namnd/sammantrade_form.html", {"form": form, "nav_active": "sammantraden"}
    )


@require_http_methods(["GET", "POST"])
@statusfel
def andra(request, pk):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    policy.require(request.user, Action.ANDRA, sammantrade)
    form = SammantradeForm(
        request.POST if request.method == "POST" else None,
        initial={"datum": sammantrade.datum, "tid": sammantrade.tid, "plats": sammantrade.plats},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form, sammantrade_andra, user=request.user, sammantrade=sammantrade, **form.cleaned_data
        )
    ):
        return klart(request, "Sammanträdet är ändrat.", "namnd:detalj", pk=sammantrade.pk)
    return render_form(
        request,
        "namnd/sammantrade_form.html",
        {"form": form, "sammantrade": sammantrade, "nav_active": "sammantraden"},
    )


@require_GET
def detalj(request, pk):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    actions = policy.allowed_actions(request.user, sammantrade)
    page_obj = selectors.sida(selectors.handelser(sammantrade), request.GET.get("page"))
    # Each part of the meeting's work adds what its section of the page shows.
    delar = {}
    for del_ in (punkt, paket, motet, protokoll, utskick):
        delar.update(del_.detalj_context(request, sammantrade, actions))
    return render(
        request,
        "namnd/detalj.html",
        {
            **delar,
            "sammantrade": sammantrade,
            "tillbakadragna": maskera_punkter(
                request.user, selectors.tillbakadragna(sammantrade).select_related("arende")
            ),
            "far_andra": Action.ANDRA in actions,
            "knappar": [(a, TRANSITIONS[a].target) for a in KNAPPAR if a in actions],
            "page_obj": page_obj,
            "handelser": maskera_handelser(request.user, sammantrade, page_obj.object_list),
            "nav_active": "sammantraden",
        },
    )


@require_POST
@statusfel
def overga(request, pk, action):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    if action not in {a.value for a in KNAPPAR}:
        policy.require(request.user, Action.JUSTERA, sammantrade)  # no one: 403
    sammantrade = sammantrade_overga(
        user=request.user, sammantrade=sammantrade, action=Action(action)
    )
    return klart(
        request,
        f"Sammanträdet har nu status ”{sammantrade.get_status_display().lower()}”.",
        "namnd:detalj",
        pk=pk,
    )
