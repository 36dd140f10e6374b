"""Anmäl till sammanträde: the attested remiss goes on an answering nämnd's list."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from remiss import policy, selectors
from remiss.forms import AnmalForm
from remiss.services.namnd import remiss_anmal_till_sammantrade
from remiss.views._common import BAD_REQUEST, klart, render_form
from remiss.workflow import Action, Status


@require_http_methods(["GET", "POST"])
def anmal(request, pk):
    """GET: each answering nämnd with its coming sammanträden and where the remiss already
    stands; POST anmäler it to the one chosen (the service decides, its refusals are 400)."""
    remiss = selectors.remiss_for(request.user, pk)
    # 403 unless only the status stands in the way, which the page explains (400).
    permission = policy.POLICY[Action.ANMALA].permission
    if not policy.allowed(request.user, Action.ANMALA, remiss) and (
        remiss.status == Status.ATTESTERAD or not policy.holds(request.user, permission)
    ):
        policy.require(request.user, Action.ANMALA, remiss)
    sammantraden = selectors.kommande_sammantraden_for(remiss)
    data = request.POST if request.method == "POST" else None
    form = AnmalForm(data, sammantraden=sammantraden)
    anmalda = selectors.anmalda_punkter_for(remiss)
    namnder = [
        {
            "namnd": namnd,
            "punkt": anmalda.get(namnd.pk),
            "sammantraden": [s for s in sammantraden if s.namnd_id == namnd.pk],
        }
        for namnd in remiss.namnder.order_by("namn")
    ]
    context = {
        "remiss": remiss,
        "form": form,
        "namnder": namnder,
        "attesterad": remiss.status == Status.ATTESTERAD,
    }
    if not context["attesterad"]:
        return render(request, "remiss/anmal.html", context, status=BAD_REQUEST)
    if request.method == "POST" and form.is_valid():
        sammantrade = form.cleaned_data["sammantrade"]
        try:
            remiss_anmal_till_sammantrade(user=request.user, remiss=remiss, sammantrade=sammantrade)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return klart(
                request,
                f"Remissen är anmäld till {sammantrade.namnd}s sammanträde "
                f"{sammantrade.datum:%Y-%m-%d}.",
                "remiss:detalj",
                pk=remiss.pk,
            )
    return render_form(request, "remiss/anmal.html", context)
