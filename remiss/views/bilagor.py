"""Bilagor: the numbered list, upload (the content decides the type), download and removal."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from remiss import policy, selectors
from remiss.filtyper import FILTYPER
from remiss.forms_tjansteutlatande import BekraftelseForm, BilagaForm
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
    """Stream the stored file. 404 unless the bilaga belongs to a remiss the user can see.

    The file is checked against its SHA-256 on every download, as the final PDF is.
    """
    tu = selectors.tjansteutlatande_for(request.user, pk)
    policy.require(request.user, Action.VISA, tu.remiss)
    bilaga = selectors.bilaga_for(tu, bilaga_pk)
    try:
        fil = selectors.bilaga_fil(bilaga)
    except selectors.BilagaSkadad:
        # Already logged with both hashes. Serve nothing rather than a changed file.
        return render(request, "500.html", status=500)
    response = FileResponse(
        fil,
        as_attachment=True,
        filename=bilaga.original_filnamn or f"bilaga-{bilaga.ordning}.{bilaga.filtyp}",
        content_type=FILTYPER[bilaga.filtyp],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@statusfel("remiss:bilagor")
def ta_bort(request, pk, bilaga_pk):
    """Remove a bilaga. GET asks first: in attest with the warning and the confirmation
    checkbox (the list links here then); otherwise the list's button posts straight here."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    kontrollera(request.user, Action.REDIGERA, tu.remiss)
    bilaga = selectors.bilaga_for(tu, bilaga_pk)
    data = request.POST if request.method == "POST" else None
    form = med_bekraftelse(BekraftelseForm(data), tu.remiss)
    if request.method == "POST" and form.is_valid():
        try:
            bilaga_ta_bort(user=request.user, bilaga=bilaga, bekraftat=bekraftat(form))
        except KraverBekraftelse as exc:
            bekraftelse_saknas(form, exc)
        else:
            messages.success(request, f"Bilaga {bilaga.ordning} ”{bilaga.titel}” är borttagen.")
            return redirect("remiss:bilagor", pk=pk)
    return render_form(
        request,
        "remiss/bilaga_ta_bort.html",
        {
            "form": form,
            "tu": tu,
            "remiss": tu.remiss,
            "bilaga": bilaga,
            "i_attest": i_attest(tu.remiss),
        },
    )
