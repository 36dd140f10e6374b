"""Beredningssteg: who prepared the matter, and the "Ärendets beredning" text written from it."""

from functools import partial

from django.urls import reverse
from django.views.decorators.http import require_http_methods

from remiss import selectors
from remiss.beredning import beredningstext, mening
from remiss.forms_tjansteutlatande import BeredningsstegForm
from remiss.models import Avsnittstyp
from remiss.services.beredning import (
    beredning_generera_text,
    beredningssteg_andra,
    beredningssteg_lagg_till,
    beredningssteg_ta_bort,
)
from remiss.views._common import (
    bekraftelsesida,
    call_service,
    del_att_andra,
    klart,
    las_eller_redigera,
    med_bekraftelse,
    render_form,
    statusfel,
    tu_att_andra,
    tu_sida,
)


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
    if (
        request.method == "POST"
        and form.is_valid()
        and (nytt := call_service(request, form, beredningssteg_lagg_till, tu=tu, **_steg(form)))
    ):
        meddelande = f"Beredningssteget är tillagt: {mening(nytt.result)}"
        return klart(request, meddelande, "remiss:beredning", pk=pk)
    alla_steg = list(selectors.beredningssteg_lista(tu))
    return render_form(
        request,
        "remiss/beredning.html",
        tu_sida(
            tu,
            form,
            steg=[(s, mening(s)) for s in alla_steg],
            genererad_text=beredningstext(alla_steg),
            avsnitt=_beredningsavsnitt(tu),
            kan_redigera=kan_redigera,
        ),
    )


@require_http_methods(["GET", "POST"])
@statusfel("remiss:beredning")
def steg(request, pk, steg_pk):
    tu, steget = del_att_andra(request, pk, lambda tu: selectors.beredningssteg_for(tu, steg_pk))
    form = med_bekraftelse(
        BeredningsstegForm(request.POST or None, initial=BeredningsstegForm.initial_for(steget)),
        tu.remiss,
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(request, form, beredningssteg_andra, steg=steget, **_steg(form))
    ):
        return klart(request, "Beredningssteget är ändrat.", "remiss:beredning", pk=pk)
    return render_form(request, "remiss/beredning_steg.html", tu_sida(tu, form, steget=steget))


@require_http_methods(["GET", "POST"])
@statusfel("remiss:beredning")
def ta_bort(request, pk, steg_pk):
    """Remove a step. In attest the list links to this page's GET, which asks first."""
    tu, steget = del_att_andra(request, pk, lambda tu: selectors.beredningssteg_for(tu, steg_pk))
    return bekraftelsesida(
        request,
        tu,
        "remiss/beredning_ta_bort.html",
        {"steget": steget, "mening": mening(steget)},
        service=partial(beredningssteg_ta_bort, steg=steget),
        meddelande="Beredningssteget är borttaget.",
        to=reverse("remiss:beredning", kwargs={"pk": pk}),
    )


@require_http_methods(["GET", "POST"])
@statusfel("remiss:beredning")
def generera(request, pk):
    """Write "Ärendets beredning" anew from the steps. In attest the pages link to this
    page's GET, which asks first; `tillbaka=avsnitt` returns to the section's editor."""
    tu = tu_att_andra(request, pk)
    avsnitt = _beredningsavsnitt(tu)
    tillbaka = request.POST.get("tillbaka") or request.GET.get("tillbaka")
    if tillbaka == "avsnitt" and avsnitt is not None:
        to = reverse("remiss:tu_avsnitt", kwargs={"pk": pk, "nyckel": avsnitt["nyckel"]})
    else:
        to = reverse("remiss:beredning", kwargs={"pk": pk})
    return bekraftelsesida(
        request,
        tu,
        "remiss/beredning_generera.html",
        {
            "avsnitt": avsnitt,
            "genererad_text": beredningstext(selectors.beredningssteg_lista(tu)),
            "tillbaka": "avsnitt" if tillbaka == "avsnitt" else "",
        },
        service=partial(beredning_generera_text, tu=tu),
        meddelande="Texten i ”Ärendets beredning” är skriven från beredningsstegen.",
        to=to,
    )
