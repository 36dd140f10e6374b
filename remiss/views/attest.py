"""Attestation pages: the attestant's inbox, the attest page itself, sending for attest and
recalling from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from nameden.pdf import PdfFel
from remiss import attestlage, policy, selectors
from remiss.dokument import dokument_for
from remiss.fingeravtryck import fingeravtryck_for
from remiss.forms import AterkallaForm, ReturneraForm
from remiss.services import attestering as service
from remiss.views._common import kontrollera, sida, statusfel
from remiss.workflow import Action


def inkorg(request):
    """ "Att attestera": what waits for me (or for someone I deputise for), a page at a time."""
    page_obj = sida(request, selectors.vantar_pa_attest(request.user))
    return render(
        request,
        "remiss/attest/inkorg.html",
        {
            "page_obj": page_obj,
            "rader": selectors.inkorg_rader(request.user, page_obj.object_list),
            "nav_active": "attest",
        },
    )


def _beslutsform(tu, data=None) -> ReturneraForm:
    """The decision form, carrying the fingerprint of the content the page shows."""
    return ReturneraForm(data, initial={"fingeravtryck": fingeravtryck_for(tu)})


def attest(request, pk: int):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    remiss = tu.remiss
    far_attestera = policy.allowed(request.user, Action.ATTESTERA, remiss)
    # Bound on every POST, an empty one too: that is a decision without its data (400).
    form = _beslutsform(tu, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        return _besluta(request, tu, form)
    andrat = selectors.andringar_sedan_last(request.user, tu) if far_attestera else None
    if far_attestera:
        service.attest_markera_sedd(user=request.user, tu=tu)
    return _render(request, tu, form, far_attestera=far_attestera, andrat=andrat)


def _render(request, tu, form, *, far_attestera: bool, andrat=None, status: int = 200):
    remiss = tu.remiss
    runda = attestlage.senaste_runda(tu)
    attester = attestlage.giltiga_attester(tu)
    dokument = dokument_for(tu)
    # One chain per förvaltning of a joint document, each under its förvaltning.
    kedjor = attestlage.kedjor(runda, remiss) if runda else []
    context = {
        "remiss": remiss,
        "tu": tu,
        "dokument": dokument,
        "runda": runda,
        "kedja": kedjor[0].steg if kedjor else [],
        "kedjor": kedjor,
        "attester": attester,
        "slutversion": selectors.gallande_slutversion(tu, dokument=dokument),
        "manipulerad": attestlage.attest_bruten(remiss, attester),
        "far_attestera": far_attestera,
        "kan_aterkalla": policy.allowed(request.user, Action.ATERKALLA, remiss),
        "aterkalla_form": AterkallaForm(prefix="aterkalla"),
        "andrat": andrat,
        "form": form,
    }
    return render(request, "remiss/attest/attest.html", context, status=status)


def _besluta(request, tu, form):
    beslut = request.POST.get("beslut")
    status = 400
    try:
        if beslut in ("godkann", "returnera") and form.is_valid():
            sett = form.cleaned_data["fingeravtryck"]
            if beslut == "godkann":
                service.attest_godkann(user=request.user, tu=tu, sett_fingeravtryck=sett)
                messages.success(request, "Du har attesterat tjänsteutlåtandet.")
            else:
                service.attest_returnera(
                    user=request.user,
                    tu=tu,
                    kommentar=form.cleaned_data["kommentar"],
                    sett_fingeravtryck=sett,
                )
                messages.success(request, "Tjänsteutlåtandet är returnerat till handläggaren.")
            return redirect("remiss:inkorg")
    except service.InnehalletAndrat as exc:
        # Show the document as it reads now, with what changed, and a form for this content:
        # deciding again is a choice made on what is on the screen.
        status = 409
        tu = selectors.tjansteutlatande_for(request.user, tu.remiss_id)
        data = {"kommentar": request.POST.get("kommentar", ""), "fingeravtryck": ""}
        data["fingeravtryck"] = fingeravtryck_for(tu)
        form = _beslutsform(tu, data)
        form.is_valid()
        form.add_error(None, str(exc.message))
    except ValidationError as exc:
        form.add_service_errors(exc)
    except PdfFel as exc:
        # The final PDF could not be made, so the attestation was rolled back with it.
        form.add_error(None, f"Attesten kunde inte sparas: {exc}")
    if not form.errors:
        form.add_error(None, "Välj om du vill attestera eller returnera utlåtandet.")
    far_attestera = policy.allowed(request.user, Action.ATTESTERA, tu.remiss)
    andrat = selectors.andringar_sedan_last(request.user, tu) if status == 409 else None
    if status == 409 and far_attestera:
        service.attest_markera_sedd(user=request.user, tu=tu)
    return _render(request, tu, form, far_attestera=far_attestera, andrat=andrat, status=status)


@require_POST
@statusfel("remiss:tu")
def skicka(request, pk: int):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    try:
        runda = service.attest_skicka(user=request.user, tu=tu)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("remiss:tu", pk=pk)
    # A joint document's chains start at once: the first of each.
    forsta = " och ".join(k.steg[0].attestant for k in attestlage.kedjor(runda, tu.remiss))
    messages.success(
        request, f"Tjänsteutlåtandet är skickat till attest. Först attesterar {forsta}."
    )
    return redirect("remiss:detalj", pk=pk)


@require_POST
@statusfel("remiss:tu")
def aterkalla(request, pk: int):
    """The handläggare takes the document back from attest (from the TU or the attest page)."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    kontrollera(request.user, Action.ATERKALLA, tu.remiss)
    form = AterkallaForm(request.POST, prefix="aterkalla")
    if not form.is_valid():
        for fel in form.errors.values():
            for message in fel:
                messages.error(request, message)
        return redirect("remiss:tu", pk=pk)
    try:
        service.attest_aterkalla(user=request.user, tu=tu, kommentar=form.cleaned_data["kommentar"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("remiss:tu", pk=pk)
    messages.success(
        request,
        "Tjänsteutlåtandet är återkallat från attest. Du kan ändra det och skicka det igen.",
    )
    return redirect("remiss:tu", pk=pk)
