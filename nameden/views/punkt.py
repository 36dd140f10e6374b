"""The föredragningslista's punkter: add, edit, move up or down, bordlägg, withdraw.

Every button is a plain POST form; withdrawing asks on a page of its own first. Moving up or
down also answers htmx, with the list alone (`namnd/_foredragningslista_svar.html`): the
sekreterare reorders a long agenda without a page load per step, and keeps her place."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from nameden import policy, sekretess, selectors
from nameden.forms_namnd import BekraftaForm, BordlaggForm, PunktForm
from nameden.sekretess_punkt import maskera_punkter
from nameden.services.foredragningslista import (
    kommande_sammantraden,
    punkt_andra,
    punkt_bordlagg,
    punkt_dra_tillbaka,
    punkt_flytta,
    punkt_lagg_till,
)
from nameden.views._common import call_service, klart, render_form, statusfel
from nameden.workflow import Action

RIKTNINGAR = {"upp", "ner"}


def detalj_context(request, sammantrade, actions, *, flyttad=None, riktning=None) -> dict:
    """What the sammanträde's page shows of its föredragningslista
    (`templates/namnd/_foredragningslista.html`). After a move, `flyttad` (a punkt's pk) and
    `riktning` mark the button that keeps the focus: the same one, or the other when the
    punkt reached the end of its section and that button is gone."""
    far_andra = Action.ANDRA_LISTA in actions
    # A secret punkt is masked for those who may not read it (nameden.sekretess_punkt).
    punkter = maskera_punkter(request.user, selectors.foredragningslista(sammantrade))
    # Which punkt may move which way: only within its own section (see the services).
    for i, punkt in enumerate(punkter):
        punkt.kan_upp = i > 0 and punkter[i - 1].typ == punkt.typ
        punkt.kan_ner = i + 1 < len(punkter) and punkter[i + 1].typ == punkt.typ
        punkt.avsnitt = punkt.AVSNITT[punkt.typ]
        if punkt.pk == flyttad:
            kvar = {"upp": punkt.kan_upp, "ner": punkt.kan_ner}
            punkt.fokus = riktning if kvar.get(riktning) else next((r for r in kvar if kvar[r]), "")
    return {
        "punkter": punkter,
        "far_andra_lista": far_andra,
        "kan_bordlagga": far_andra and kommande_sammantraden(sammantrade).exists(),
    }


def _sida(sammantrade, form, **context) -> dict:
    return {"form": form, "sammantrade": sammantrade, "nav_active": "sammantraden", **context}


@require_http_methods(["GET", "POST"])
@statusfel
def ny(request, pk):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    policy.require(request.user, Action.ANDRA_LISTA, sammantrade)
    form = PunktForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        punkt = call_service(
            form, punkt_lagg_till, user=request.user, sammantrade=sammantrade, **form.cleaned_data
        )
        if punkt is not None:
            return klart(
                request, f"Punkt {punkt.ordning} är tillagd: {punkt.rubrik}.", "namnd:detalj", pk=pk
            )
    return render_form(request, "namnd/punkt_form.html", _sida(sammantrade, form))


def _sekretess_foljer_markeringen(form, punkt) -> bool:
    """A punkt marked secret (nameden.sekretess) keeps its flag until the marking is lifted,
    on the marking's own page, with who and why."""
    markering = sekretess.galler_for(punkt)
    if markering is None or form.cleaned_data.get("sekretess"):
        return True
    form.add_error(
        "sekretess",
        f"Punkten är sekretessmarkerad enligt {markering.paragraf.beteckning}. Häv "
        "markeringen på sidan Sekretessmarkering för att ta bort sekretessen.",
    )
    return False


@require_http_methods(["GET", "POST"])
@statusfel
def andra(request, pk, punkt_pk):
    punkt = selectors.punkt_for(request.user, pk, punkt_pk)
    policy.require(request.user, Action.ANDRA_LISTA, punkt.sammantrade)
    falt = ("rubrik", "diarienummer", "foredragande", "forslag_till_beslut", "sekretess")
    form = PunktForm(
        request.POST if request.method == "POST" else None,
        ny=False,
        initial={f: getattr(punkt, f) for f in falt},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and _sekretess_foljer_markeringen(form, punkt)
        and call_service(form, punkt_andra, user=request.user, punkt=punkt, **form.cleaned_data)
    ):
        return klart(request, "Punkten är ändrad.", "namnd:detalj", pk=pk)
    return render_form(
        request, "namnd/punkt_form.html", _sida(punkt.sammantrade, form, punkt=punkt)
    )


@require_POST
@statusfel
def flytta(request, pk, punkt_pk, riktning):
    punkt = selectors.punkt_for(request.user, pk, punkt_pk)
    if riktning not in RIKTNINGAR:
        raise Http404("Okänd riktning.")
    punkt = punkt_flytta(user=request.user, punkt=punkt, riktning=riktning)
    meddelande = f"Punkten ”{punkt.rubrik}” är nu punkt {punkt.ordning}."
    if request.htmx:
        sammantrade = punkt.sammantrade
        actions = policy.allowed_actions(request.user, sammantrade)
        context = detalj_context(request, sammantrade, actions, flyttad=punkt.pk, riktning=riktning)
        context.update(sammantrade=sammantrade, meddelande=meddelande)
        return render(request, "namnd/_foredragningslista_svar.html", context)
    return klart(request, meddelande, "namnd:detalj", pk=pk)


@require_http_methods(["GET", "POST"])
@statusfel
def bordlagg(request, pk, punkt_pk):
    punkt = selectors.punkt_for(request.user, pk, punkt_pk)
    policy.require(request.user, Action.ANDRA_LISTA, punkt.sammantrade)
    form = BordlaggForm(
        request.POST if request.method == "POST" else None,
        sammantraden=kommande_sammantraden(punkt.sammantrade),
    )
    if request.method == "POST" and form.is_valid():
        till = form.cleaned_data["till"]
        if call_service(form, punkt_bordlagg, user=request.user, punkt=punkt, till=till):
            return klart(
                request,
                f"Punkten ”{punkt.rubrik}” är bordlagd till sammanträdet {till}.",
                "namnd:detalj",
                pk=pk,
            )
    return render_form(
        request, "namnd/punkt_bordlagg.html", _sida(punkt.sammantrade, form, punkt=punkt)
    )


@require_http_methods(["GET", "POST"])
@statusfel
def dra_tillbaka(request, pk, punkt_pk):
    punkt = selectors.punkt_for(request.user, pk, punkt_pk)
    policy.require(request.user, Action.ANDRA_LISTA, punkt.sammantrade)
    form = BekraftaForm(request.POST if request.method == "POST" else None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, punkt_dra_tillbaka, user=request.user, punkt=punkt)
    ):
        return klart(request, f"Punkten ”{punkt.rubrik}” är tillbakadragen.", "namnd:detalj", pk=pk)
    return render_form(
        request, "namnd/punkt_dra_tillbaka.html", _sida(punkt.sammantrade, form, punkt=punkt)
    )
