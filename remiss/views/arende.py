"""The case page, and the transitions started from it: påbörja beredning, avskriv, avsluta."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from remiss import policy, roles, samverkan, selectors
from remiss.forms import AvskrivForm, AvslutaForm, PaborjaForm
from remiss.sekretess import maskera_tidslinje
from remiss.services.arbetsflode import (
    remiss_avskriva,
    remiss_avsluta,
    remiss_paborja_beredning,
)
from remiss.views._common import i_attest, klart, kontrollera, render_form, sida, statusfel
from remiss.workflow import Action, Status

#: From attest on, the case page shows each answering nämnd's handling (before: nothing yet).
NAMND_STATUSES = frozenset({Status.ATTESTERAD, Status.BESLUTAD, Status.BESVARAD, Status.AVSLUTAD})


@require_GET
def detalj(request, pk):
    remiss = selectors.remiss_for(request.user, pk)
    actions = policy.allowed_actions(request.user, remiss)
    page_obj = sida(request, selectors.tidslinje(remiss))
    namndrader = selectors.namndbehandlingar_for(remiss)
    if remiss.status not in NAMND_STATUSES and not any(r.behandling or r.punkt for r in namndrader):
        namndrader = []
    deltagare = samverkan.deltagare(remiss)
    # A registrator is told how another förvaltning joins, while it still may.
    visa_hjalp = policy.holds(request.user, roles.REGISTRERA) and (
        remiss.status in policy.SAMVERKAN_STATUSES
    )
    kan_ta_bort = (
        {
            d.medverkan.pk
            for d in deltagare[1:]
            if request.user.is_superuser
            or request.user.forvaltning_id in (remiss.forvaltning_id, d.forvaltning.pk)
        }
        if Action.TA_BORT_MEDVERKAN in actions
        else set()
    )
    return render(
        request,
        "remiss/detalj.html",
        {
            "remiss": remiss,
            "actions": {a.value for a in actions},
            "har_tu": hasattr(remiss, "tjansteutlatande"),
            # The chain is worth a link while the document is out for attest or attested.
            "visa_attestkedja": i_attest(remiss),
            "page_obj": page_obj,
            "handelser": maskera_tidslinje(request.user, remiss, page_obj.object_list),
            "avskriv_form": AvskrivForm() if Action.AVSKRIVA in actions else None,
            "avsluta_form": AvslutaForm() if Action.AVSLUTA in actions else None,
            "namndrader": namndrader,
            "besvarad": remiss.status == Status.BESVARAD,
            "deltagare": deltagare,
            "visa_samverkan": len(deltagare) > 1 or visa_hjalp,
            "visa_medverkan_hjalp": visa_hjalp,
            "kan_ta_bort": kan_ta_bort,
        },
    )


@require_http_methods(["GET", "POST"])
@statusfel("remiss:detalj")
def avskriva(request, pk):
    """GET shows the confirmation page; the case page posts here directly."""
    remiss = selectors.remiss_for(request.user, pk)
    kontrollera(request.user, Action.AVSKRIVA, remiss)
    form = AvskrivForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            remiss_avskriva(
                user=request.user, remiss=remiss, kommentar=form.cleaned_data["kommentar"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Remissen {remiss.diarienummer} är avskriven.")
            return redirect("remiss:detalj", pk=remiss.pk)
    return render_form(request, "remiss/avskriv.html", {"form": form, "remiss": remiss})


@require_http_methods(["GET", "POST"])
@statusfel("remiss:detalj")
def avsluta(request, pk):
    """GET shows the confirmation page; the case page posts here directly."""
    remiss = selectors.remiss_for(request.user, pk)
    kontrollera(request.user, Action.AVSLUTA, remiss)
    form = AvslutaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            remiss_avsluta(
                user=request.user, remiss=remiss, kommentar=form.cleaned_data["kommentar"]
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return klart(
                request, f"Remissen {remiss.diarienummer} är avslutad.", "remiss:detalj", pk=pk
            )
    return render_form(request, "remiss/avsluta.html", {"form": form, "remiss": remiss})


@require_http_methods(["GET", "POST"])
@statusfel("remiss:detalj")
def paborja(request, pk):
    remiss = selectors.remiss_for(request.user, pk)
    kontrollera(request.user, Action.PABORJA_BEREDNING, remiss)
    mallar = selectors.mallar_for(remiss.forvaltning)
    standard = next((m for m in mallar if m.standard), None)
    form = PaborjaForm(
        request.POST or None, mallar=mallar, initial={"mall": standard.pk if standard else None}
    )
    if request.method == "POST" and form.is_valid():
        mall = form.cleaned_data["mall"]
        try:
            remiss_paborja_beredning(user=request.user, remiss=remiss, mall=mall)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                f"Beredningen är påbörjad. Tjänsteutlåtandet är skapat från mallen ”{mall}”.",
            )
            return redirect("remiss:tu", pk=remiss.pk)
    return render_form(request, "remiss/paborja.html", {"form": form, "remiss": remiss})
