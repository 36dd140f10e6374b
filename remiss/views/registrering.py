"""Registering a remiss in the diarium, correcting its details and assigning a handläggare."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from nameden.models import Klassificering
from remiss import policy, selectors
from remiss.forms import RegistreraForm, RegistreringsuppgifterForm, TilldelaForm
from remiss.services.registrering import (
    MojligDubblett,
    remiss_andra_uppgifter,
    remiss_registrera,
    remiss_tilldela,
)
from remiss.views._common import kontrollera, render_form, statusfel
from remiss.workflow import Action


def _forvaltning(user):
    return user.avdelning.forvaltning if user.avdelning_id else None


def _med_registrera_anda(form):
    """Add the "Registrera ändå" checkbox: shown once the diarium has the same number."""
    if "registrera_anda" not in form.fields:
        form.fields["registrera_anda"] = forms.BooleanField(
            label="Registrera ändå",
            help_text="Det är en annan remiss än den som redan finns i diariet.",
            required=False,
        )
        form._decorate_widgets()
    return form


@require_http_methods(["GET", "POST"])
def registrera(request):
    policy.require(request.user, Action.REGISTRERA)
    forvaltning = _forvaltning(request.user)
    if forvaltning is None:
        # An administrator outside every förvaltning: there is no diarium to number in, so
        # say so instead of a form with nothing to choose (the service refuses it too).
        return render(
            request,
            "remiss/registrera.html",
            {"utan_forvaltning": True, "nav_active": "registrera"},
        )
    form = RegistreraForm(
        request.POST or None,
        namnder=selectors.namnder_for(forvaltning),
        handlaggare=selectors.handlaggare_for(forvaltning),
        # Asked for only when the förvaltning's diarienummer carries the klass code.
        klasser=(
            Klassificering.objects.aktiva_for(forvaltning) if forvaltning.anvander_klass else None
        ),
    )
    if "registrera_anda" in request.POST:
        _med_registrera_anda(form)
    dubbletter = []
    if request.method == "POST" and form.is_valid():
        try:
            remiss = remiss_registrera(user=request.user, **form.cleaned_data)
        except MojligDubblett as exc:
            dubbletter = exc.befintliga
            _med_registrera_anda(form).add_service_errors(exc)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Remissen är registrerad som {remiss.diarienummer}")
            return redirect("remiss:detalj", pk=remiss.pk)
    return render_form(
        request,
        "remiss/registrera.html",
        {
            "form": form,
            "dubbletter": dubbletter,
            "avsandare_forslag": selectors.avsandare_for(forvaltning),
            "nav_active": "registrera",
        },
    )


@require_http_methods(["GET", "POST"])
@statusfel("remiss:detalj")
def andra_uppgifter(request, pk):
    remiss = selectors.remiss_for(request.user, pk)
    kontrollera(request.user, Action.ANDRA_UPPGIFTER, remiss)
    form = RegistreringsuppgifterForm(
        request.POST or None, initial=RegistreringsuppgifterForm.initial_for(remiss)
    )
    if request.method == "POST" and form.is_valid():
        try:
            remiss_andra_uppgifter(user=request.user, remiss=remiss, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Uppgifterna är sparade.")
            return redirect("remiss:detalj", pk=remiss.pk)
    return render_form(
        request,
        "remiss/andra_uppgifter.html",
        {
            "form": form,
            "remiss": remiss,
            "avsandare_forslag": selectors.avsandare_for(remiss.forvaltning),
        },
    )


@require_http_methods(["GET", "POST"])
@statusfel("remiss:detalj")
def tilldela(request, pk):
    remiss = selectors.remiss_for(request.user, pk)
    kontrollera(request.user, Action.TILLDELA, remiss)
    form = TilldelaForm(
        request.POST or None,
        initial={"handlaggare": remiss.handlaggare_id},
        handlaggare=selectors.handlaggare_for(remiss.forvaltning),
    )
    if request.method == "POST" and form.is_valid():
        handlaggare = form.cleaned_data["handlaggare"]
        try:
            remiss_tilldela(user=request.user, remiss=remiss, handlaggare=handlaggare)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Remissen handläggs nu av {handlaggare}.")
            return redirect("remiss:detalj", pk=remiss.pk)
    return render_form(request, "remiss/tilldela.html", {"form": form, "remiss": remiss})
