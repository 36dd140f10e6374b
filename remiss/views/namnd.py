"""Anmäl till sammanträde: the attested remiss goes on an answering nämnd's list."""

from django.core.exceptions import ValidationError
from django.views.decorators.http import require_http_methods

from nameden.svenska import genitiv
from remiss import selectors
from remiss.forms import AnmalForm
from remiss.services.namnd import remiss_anmal_till_sammantrade
from remiss.views._common import klart, kontrollera, render_form, statusfel
from remiss.workflow import Action


@require_http_methods(["GET", "POST"])
@statusfel("remiss:detalj")
def anmal(request, pk):
    """GET: each answering nämnd with its coming sammanträden and where the remiss already
    stands; POST anmäler it to the one chosen (the service decides, its refusals are 400).
    Before the document is attested the case page explains why (the policy's status)."""
    remiss = selectors.remiss_for(request.user, pk)
    kontrollera(request.user, Action.ANMALA, remiss)
    sammantraden = selectors.kommande_sammantraden_for(remiss, request.user)
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
    context = {"remiss": remiss, "form": form, "namnder": namnder}
    if request.method == "POST" and form.is_valid():
        sammantrade = form.cleaned_data["sammantrade"]
        try:
            remiss_anmal_till_sammantrade(user=request.user, remiss=remiss, sammantrade=sammantrade)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            return klart(
                request,
                f"Remissen är anmäld till {genitiv(sammantrade.namnd.namn)} sammanträde "
                f"{sammantrade.datum:%Y-%m-%d}.",
                "remiss:detalj",
                pk=remiss.pk,
            )
    return render_form(request, "remiss/anmal.html", context)
