"""Beredningssteg: who prepared the matter, and the "Ärendets beredning" text written from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from remiss import selectors
from remiss.beredning import beredningstext, mening
from remiss.forms_tjansteutlatande import BekraftelseForm, BeredningsstegForm
from remiss.models import Avsnittstyp
from remiss.services.attestering import KraverBekraftelse
from remiss.services.beredning import (
    beredning_generera_text,
    beredningssteg_andra,
    beredningssteg_lagg_till,
    beredningssteg_ta_bort,
)
from remiss.views._common import (
    bekraftat,
    bekraftelse_saknas,
    i_attest,
    kontrollera,
    las_eller_redigera,
    med_bekraftelse,
    render_form,
    statusfel,
)
from remiss.workflow import Action


def _steg(form) -> dict:
    return {f: form.cleaned_data[f] for f in ("typ", "motpart", "datum", "utfall")}


def _beredningsavsnitt(tu) -> dict | None:
    return next((a for a in tu.avsnitt if a["typ"] == Avsnittstyp.BEREDNING), None)


@require_http_methods(["GET", "POST"])
@statusfel("remiss:tu")
def lista(request, pk):
    """Everyone who can see the remiss sees the steps; only the handläggare changes them."""
    tu, kan_redigera = las_eller_redigera(request, pk)
    form = None
    if kan_redigera:
        form = med_bekraftelse(BeredningsstegForm(request.POST or None), tu.remiss)
    if request.method == "POST" and form.is_valid():
        try:
            nytt = beredningssteg_lagg_till(
                user=request.user, tu=tu, **_steg(form), bekraftat=bekraftat(form)
            )
        except KraverBekraftelse as exc:
            bekraftelse_saknas(form, exc)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Beredningssteget är tillagt: {mening(nytt)}")
            return redirect("remiss:beredning", pk=pk)
    alla_steg = list(selectors.beredningssteg_lista(tu))
    return render_form(
        request,
        "remiss/beredning.html",
        {
            "form": form,
            "tu": tu,
            "remiss": tu.remiss,
            "steg": [(s, mening(s)) for s in alla_steg],
            "genererad_text": beredningstext(alla_steg),
            "avsnitt": _beredningsavsnitt(tu),
            "kan_redigera": kan_redigera,
            "i_attest": i_attest(tu.remiss),
        },
    )


@require_http_methods(["GET", "POST"])
@statusfel("remiss:beredning")
def steg(request, pk, steg_pk):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    kontrollera(request.user, Action.REDIGERA, tu.remiss)
    steget = selectors.beredningssteg_for(tu, steg_pk)
    form = med_bekraftelse(
        BeredningsstegForm(request.POST or None, initial=BeredningsstegForm.initial_for(steget)),
        tu.remiss,
    )
    if request.method == "POST" and form.is_valid():
        try:
            beredningssteg_andra(
                user=request.user, steg=steget, **_steg(form), bekraftat=bekraftat(form)
            )
        except KraverBekraftelse as exc:
            bekraftelse_saknas(form, exc)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Beredningssteget är ändrat.")
            return redirect("remiss:beredning", pk=pk)
    return render_form(
        request,
        "remiss/beredning_steg.html",
        {
            "form": form,
            "tu": tu,
            "remiss": tu.remiss,
            "steget": steget,
            "i_attest": i_attest(tu.remiss),
        },
    )


def _bekraftelseform(request, tu):
    """GET asks first; a POST is the answer. In attest the answer must tick the checkbox."""
    data = request.POST if request.method == "POST" else None
    return med_bekraftelse(BekraftelseForm(data), tu.remiss)


@require_http_methods(["GET", "POST"])
@statusfel("remiss:beredning")
def ta_bort(request, pk, steg_pk):
    """Remove a step. In attest the list links to this page's GET, which asks first."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    kontrollera(request.user, Action.REDIGERA, tu.remiss)
    steget = selectors.beredningssteg_for(tu, steg_pk)
    form = _bekraftelseform(request, tu)
    if request.method == "POST" and form.is_valid():
        try:
            beredningssteg_ta_bort(user=request.user, steg=steget, bekraftat=bekraftat(form))
        except KraverBekraftelse as exc:
            bekraftelse_saknas(form, exc)
        else:
            messages.success(request, "Beredningssteget är borttaget.")
            return redirect("remiss:beredning", pk=pk)
    return render_form(
        request,
        "remiss/beredning_ta_bort.html",
        {
            "form": form,
            "tu": tu,
            "remiss": tu.remiss,
            "steget": steget,
            "mening": mening(steget),
            "i_attest": i_attest(tu.remiss),
        },
    )


@require_http_methods(["GET", "POST"])
@statusfel("remiss:beredning")
def generera(request, pk):
    """Write "Ärendets beredning" anew from the steps. In attest the pages link to this
    page's GET, which asks first; `tillbaka=avsnitt` returns to the section's editor."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    kontrollera(request.user, Action.REDIGERA, tu.remiss)
    avsnitt = _beredningsavsnitt(tu)
    tillbaka = request.POST.get("tillbaka") or request.GET.get("tillbaka")
    form = _bekraftelseform(request, tu)
    if request.method == "POST" and form.is_valid():
        try:
            beredning_generera_text(user=request.user, tu=tu, bekraftat=bekraftat(form))
        except KraverBekraftelse as exc:
            bekraftelse_saknas(form, exc)
        else:
            messages.success(
                request, "Texten i ”Ärendets beredning” är skriven från beredningsstegen."
            )
            if tillbaka == "avsnitt" and avsnitt is not None:
                return redirect("remiss:tu_avsnitt", pk=pk, nyckel=avsnitt["nyckel"])
            return redirect("remiss:beredning", pk=pk)
    return render_form(
        request,
        "remiss/beredning_generera.html",
        {
            "form": form,
            "tu": tu,
            "remiss": tu.remiss,
            "avsnitt": avsnitt,
            "genererad_text": beredningstext(selectors.beredningssteg_lista(tu)),
            "tillbaka": "avsnitt" if tillbaka == "avsnitt" else "",
            "i_attest": i_attest(tu.remiss),
        },
    )
