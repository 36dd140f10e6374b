"""Sekretess pages: a handling's marking (mark, lift, its history) and the chef's read log.

The handling is found through its kind's own lookup (`Slag.hamta`: 404 for one the user may
not see), then through the secrecy rule (404 when it is secret and the user may not read
it). Viewing the marking page of a secret handling is not a read of the handling itself: it
shows only the marking, so it is not logged.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from nameden import policy, sekretess
from nameden.forms import AppFormMixin, felmeddelanden
from nameden.models import OslParagraf, Sekretesslasning
from nameden.selectors import sida
from nameden.services.sekretess import sekretess_hava, sekretess_markera
from nameden.sidor import klart, render_form
from nameden.views._common import call_service

#: Rows per page of the read log.
PER_SIDA = 50


class MarkeraForm(AppFormMixin, forms.Form):
    paragraf = forms.ModelChoiceField(
        label="Paragraf i offentlighets- och sekretesslagen",
        queryset=OslParagraf.objects.filter(aktiv=True),
        error_messages=felmeddelanden(
            "Välj en paragraf.", invalid_choice="Välj en paragraf i listan."
        ),
    )
    skal = forms.CharField(
        label="Skäl",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=felmeddelanden("Ange skälet till sekretessmarkeringen."),
        help_text="Vad i handlingen som omfattas av sekretess, och varför.",
    )


class HavaForm(AppFormMixin, forms.Form):
    skal = forms.CharField(
        label="Skäl till att sekretessmarkeringen hävs",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=felmeddelanden("Ange skälet till att sekretessmarkeringen hävs."),
    )


def _handling(request, nyckel: str, pk: int):
    slag = sekretess.slag(nyckel)
    if slag is None:
        raise Http404("Okänt slag av handling.")
    handling = slag.hamta(request.user, pk)
    galler = sekretess.galler_for(handling)
    if not sekretess.far_lasa(request.user, handling, galler):
        raise Http404("Handlingen finns inte.")
    return slag, handling, galler


@require_http_methods(["GET", "POST"])
def markering(request, slag: str, pk: int):
    """The marking in force (if any), its history, and the form to mark or lift it."""
    slag, handling, galler = _handling(request, slag, pk)
    far_andra = sekretess.far_markera(request.user, handling)
    if request.method == "POST" and not far_andra:
        raise PermissionDenied("Du får inte ändra sekretessmarkeringen för denna handling.")
    data = request.POST if request.method == "POST" else None
    form = (HavaForm(data) if galler else MarkeraForm(data)) if far_andra else None
    if data is not None and form.is_valid():
        if galler:
            klar = call_service(
                form, sekretess_hava, user=request.user, handling=handling, **form.cleaned_data
            )
            meddelande = "Sekretessmarkeringen är hävd."
        else:
            klar = call_service(
                form, sekretess_markera, user=request.user, handling=handling, **form.cleaned_data
            )
            meddelande = "Handlingen är sekretessmarkerad."
        if klar is not None:
            return klart(request, meddelande, slag.tillbaka_url(handling))
    return render_form(
        request,
        "sekretess/markering.html",
        {
            "form": form,
            "slag": slag,
            "handling": handling,
            "beskrivning": slag.beskrivning(handling),
            "galler": galler,
            "markeringar": list(sekretess.markeringar_for(handling)),
            "tillbaka_url": slag.tillbaka_url(handling),
        },
    )


def lasningar_for(user):
    """The read log a chef may see: every read of a secret handling of their förvaltning,
    the newest first, with the reader and the marking's paragraph (one query a page)."""
    if not policy.far_se_lasloggen(user):
        raise PermissionDenied(
            "Loggen över läsningar visas bara för avdelningschefer och förvaltningschefer."
        )
    rader = Sekretesslasning.objects.select_related("lasare", "markering__paragraf")
    if not user.is_superuser:
        rader = rader.filter(markering__forvaltning_id=user.forvaltning_id)
    return rader.order_by("-tidpunkt", "-id")


@require_GET
def lasloggen(request):
    page_obj = sida(lasningar_for(request.user), request.GET.get("page"), per_sida=PER_SIDA)
    return render(
        request,
        "sekretess/lasloggen.html",
        {"page_obj": page_obj, "lasningar": page_obj.object_list, "nav_active": "lasloggen"},
    )
