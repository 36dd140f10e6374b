"""Bilagor: the numbered list, upload (the content decides the type), download and removal."""

from functools import partial
from pathlib import Path

from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from nameden.models import Sekretesslasning
from nameden.services.sekretess import sekretess_las
from remiss import policy, selectors
from remiss.filtyper import FILTYPER
from remiss.forms_tjansteutlatande import BilagaForm
from remiss.selectors import sekretess as maskering
from remiss.services.bilagor import bilaga_ladda_upp, bilaga_ta_bort
from remiss.views._common import (
    bekraftelsesida,
    call_service,
    del_att_andra,
    klart,
    las_eller_redigera,
    med_bekraftelse,
    render_form,
    statusfel,
    tu_sida,
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
        data = form.cleaned_data
        if uppladdad := call_service(
            request, form, bilaga_ladda_upp, tu=tu, fil=data["fil"], titel=data["titel"]
        ):
            bilaga = uppladdad.result
            meddelande = f"Bilaga {bilaga.ordning} ”{bilaga.titel}” är uppladdad."
            return klart(request, meddelande, "remiss:bilagor", pk=pk)
    return render_form(
        request,
        "remiss/bilagor.html",
        tu_sida(
            tu,
            form,
            # Each secret bilaga masked for those who may not read it (remiss.sekretess).
            bilagor=maskering.bilagor_maskerade(request.user, tu, selectors.bilagor_lista(tu)),
            kan_redigera=kan_redigera,
        ),
    )


def nedladdningsnamn(bilaga) -> str:
    """The name the file downloads under: the uploader's name, but always with the extension
    of the type its content was found to be ("program.exe" holding a PDF is "program.pdf")."""
    stam = Path(bilaga.original_filnamn or "").stem or f"bilaga-{bilaga.ordning}"
    return f"{stam}.{bilaga.filtyp}"


@require_GET
def hamta(request, pk, bilaga_pk):
    """Stream the stored file. 404 unless the bilaga belongs to a remiss the user can see.

    The file is checked against its SHA-256 on every download, as the final PDF is.
    """
    tu = selectors.tjansteutlatande_for(request.user, pk)
    policy.require(request.user, Action.VISA, tu.remiss)
    bilaga = selectors.bilaga_for(tu, bilaga_pk)
    # A secret bilaga: 404 to those who may not read it, and every download is logged.
    sekretess_las(user=request.user, handling=bilaga, satt=Sekretesslasning.Satt.FIL)
    try:
        fil = selectors.bilaga_fil(bilaga)
    except selectors.BilagaSkadad:
        # Already logged with both hashes. Serve nothing rather than a changed file.
        return render(request, "500.html", status=500)
    response = FileResponse(
        fil,
        as_attachment=True,
        filename=nedladdningsnamn(bilaga),
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
    tu, bilaga = del_att_andra(request, pk, lambda tu: selectors.bilaga_for(tu, bilaga_pk))
    return bekraftelsesida(
        request,
        tu,
        "remiss/bilaga_ta_bort.html",
        {"bilaga": bilaga},
        service=partial(bilaga_ta_bort, bilaga=bilaga),
        meddelande=f"Bilaga {bilaga.ordning} ”{bilaga.titel}” är borttagen.",
        to=reverse("remiss:bilagor", kwargs={"pk": pk}),
    )
