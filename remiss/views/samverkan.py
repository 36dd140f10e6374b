"""Joint documents: registering a förvaltning's participation in another's remiss, and
taking it out again before any attest."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST

from nameden.models import Forvaltning, Klassificering
from remiss import policy, roles, selectors
from remiss.forms import MedverkanForm
from remiss.models import MedverkandeForvaltning, Remiss
from remiss.services.samverkan import medverkan_registrera, medverkan_ta_bort
from remiss.views._common import klart, kontrollera, render_form, statusfel
from remiss.workflow import Action

HITTAS_INTE = (
    "Det finns ingen remiss med det diarienumret i den förvaltningens diarium som din "
    "förvaltning kan medverka i. Kontrollera numret; medverkan registreras innan utlåtandet "
    "skickas till attest."
)


def _formular(request, forvaltning) -> MedverkanForm:
    return MedverkanForm(
        request.POST if request.method == "POST" else None,
        forvaltningar=Forvaltning.objects.filter(kommun_id=forvaltning.kommun_id)
        .exclude(pk=forvaltning.pk)
        .order_by("namn"),
        kontaktpersoner=selectors.handlaggare_for(forvaltning),
        namnder=selectors.namnder_for(forvaltning),
        klasser=(
            Klassificering.objects.aktiva_for(forvaltning) if forvaltning.anvander_klass else None
        ),
    )


@require_http_methods(["GET", "POST"])
def registrera(request):
    """A registrator of one förvaltning registers its participation in a remiss another
    förvaltning registered, found by that förvaltning's diarienummer: the lookup says no
    more than "not one you can join" about anything else in another diarium."""
    user = request.user
    if not policy.holds(user, roles.REGISTRERA) or user.avdelning_id is None:
        raise PermissionDenied("Du får inte göra detta: registrera medverkan.")
    forvaltning = user.avdelning.forvaltning
    form = _formular(request, forvaltning)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        remiss = selectors.remiss_att_medverka_i(
            user, forvaltning=data["forvaltning"], diarienummer=data["diarienummer"]
        )
        if remiss is None:
            form.add_error("diarienummer", HITTAS_INTE)
        else:
            try:
                medverkan = medverkan_registrera(
                    user=user,
                    remiss=remiss,
                    kontaktperson=data["kontaktperson"],
                    namnder=data["namnder"],
                    klass=data.get("klass"),
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return klart(
                    request,
                    f"{forvaltning} medverkar i remissen {remiss.diarienummer} med "
                    f"diarienumret {medverkan.diarienummer}.",
                    "remiss:detalj",
                    pk=remiss.pk,
                )
    return render_form(
        request,
        "remiss/samverkan_registrera.html",
        {"form": form, "forvaltning": forvaltning, "nav_active": "registrera"},
    )


@require_POST
@statusfel("remiss:detalj")
def ta_bort(request, pk: int, medverkan_pk: int):
    """Take a medverkande förvaltning out (the case page's button); the service decides."""
    remiss = selectors.remiss_for(request.user, pk)
    medverkan = get_object_or_404(
        MedverkandeForvaltning, pk=medverkan_pk, remiss=remiss, borttagen_at__isnull=True
    )
    kontrollera(request.user, Action.TA_BORT_MEDVERKAN, remiss)
    try:
        medverkan_ta_bort(user=request.user, medverkan=medverkan)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("remiss:detalj", pk=remiss.pk)
    meddelande = f"{medverkan.forvaltning} medverkar inte längre i remissen."
    if not policy.can_see(request.user, Remiss.objects.get(pk=remiss.pk)):
        # The medverkande förvaltning's own registrator left: the case is no longer theirs.
        return klart(request, meddelande, "remiss:lista")
    return klart(request, meddelande, "remiss:detalj", pk=remiss.pk)
