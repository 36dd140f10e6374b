"""Bilagor: the numbered list, upload (the content decides the type), download and removal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from remiss import policy, selectors
from remiss.filtyper import FILTYPER
from remiss.forms_tjansteutlatande import BilagaForm
from remiss.services.attestering import KraverBekraftelse
from remiss.services.bilagor import bilaga_ladda_upp, bilaga_ta_bort
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


@require_http_methods(["GET", "POST"])
@statusfel("remiss:tu")
def lista(request, pk):
    """Everyone who can see the remiss sees and downloads bilagor; the handläggare adds them."""
    tu, kan_redigera = las_eller_redigera(request, pk)
    form = None
    if kan_redigera:
        form = med_bekraftelse(BilagaForm(request.POST or None, request.FILES or None), tu.remiss)
    if request.method == "POST" and form.is_valid():
        try:
            bilaga = bilaga_ladda_upp(
                user=request.user,
                tu=tu,
                fil=form.cleaned_data["fil"],
                titel=form.cleaned_data["titel"],
                bekraftat=bekraftat(form),
            )
        except KraverBekraftelse as exc:
            bekraftelse_saknas(form, exc)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Bilaga {bilaga.ordning} ”{bilaga.titel}” är uppladdad.")
            return redirect("remiss:bilagor", pk=pk)
    return render_form(
        request,
        "remiss/bilagor.html",
        {
            "form": form,
            "tu": tu,
            "remiss": tu.remiss,
            "bilagor": list(selectors.bilagor_lista(tu)),
            "kan_redigera": kan_redigera,
            "i_attest": i_attest(tu.remiss),
        },
    )


@require_GET
def hamta(request, pk, bilaga_pk):
    """Stream the stored file. 404 unless the bilaga belongs to a remiss the user can see."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    policy.require(request.user, Action.VISA, tu.remiss)
    bilaga = selectors.bilaga_for(tu, bilaga_pk)
    response = FileResponse(
        bilaga.fil.open("rb"),
        as_attachment=True,
        filename=bilaga.original_filnamn or f"bilaga-{bilaga.ordning}.{bilaga.filtyp}",
        content_type=FILTYPER[bilaga.filtyp],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@statusfel("remiss:bilagor")
def ta_bort(request, pk, bilaga_pk):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    kontrollera(request.user, Action.REDIGERA, tu.remiss)
    bilaga = selectors.bilaga_for(tu, bilaga_pk)
    try:
        bilaga_ta_bort(
            user=request.user, bilaga=bilaga, bekraftat=request.POST.get("bekraftat") == "1"
        )
    except KraverBekraftelse as exc:
        messages.error(request, str(exc))
        return redirect("remiss:bilagor", pk=pk)
    messages.success(request, f"Bilaga {bilaga.ordning} ”{bilaga.titel}” är borttagen.")
    return redirect("remiss:bilagor", pk=pk)
