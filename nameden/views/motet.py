"""At the meeting: the protokollföring page (närvarolista, paragrafer with their beslut) and
a page per paragraf (beslut, ärendebeskrivning, yrkanden, omröstning, reservationer, jäv).

Everyone who may see the sammanträde reads these pages; the forms are shown, and their POSTs
accepted, only for whoever may keep the protokoll (`Action.PROTOKOLLFORA`): others get 403,
a wrong status a banner. Each form posts to its own URL; with errors the page is shown again
with that form filled in and answers 400.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nameden import policy, selectors
from nameden.forms_motet import (
    BeslutForm,
    JavForm,
    NarvaroForm,
    OmrostningForm,
    OvrigForm,
    ReservationForm,
    TextForm,
    YrkandeForm,
)
from nameden.models import (
    Fortroendevald,
    Jav,
    Omrostning,
    OvrigNarvarande,
    Reservation,
    Uppdrag,
    Yrkande,
)
from nameden.services import motet_selectors as urval
from nameden.services.foredragningslista import kommande_sammantraden
from nameden.services.motet import (
    narvaro_andra,
    ovrig_narvarande_lagg_till,
    ovrig_narvarande_ta_bort,
    protokollforing_oppna,
)
from nameden.services.motet_beslut import paragraf_andra_text, paragraf_besluta
from nameden.services.motet_omrostning import (
    jav_anmal,
    jav_ta_bort,
    omrostning_genomfor,
    omrostning_ta_bort,
    reservation_anmal,
    reservation_ta_bort,
    yrkande_lagg_till,
    yrkande_ta_bort,
)
from nameden.views._common import call_service, klart, render_form, statusfel
from nameden.workflow import Action

#: Rows per page of the paragrafer on the protokollföring page.
PARAGRAFER_PER_SIDA = 50


def detalj_context(request, sammantrade, actions) -> dict:
    """What the sammanträde's page shows of this part (`templates/namnd/_detalj_motet.html`)."""
    return {
        "motet": urval.oversikt(sammantrade),
        "far_protokollfora": Action.PROTOKOLLFORA in actions,
    }


def _sammantrade(request, pk, *, skriva: bool):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    if skriva:
        policy.require(request.user, Action.PROTOKOLLFORA, sammantrade)
    return sammantrade


# --- The protokollföring page ----------------------------------------------------------------


def _protokollforing(request, sammantrade, *, ovrig_form=None):
    far = policy.allowed(request.user, Action.PROTOKOLLFORA, sammantrade)
    page_obj = selectors.sida(
        urval.paragrafer_for(sammantrade),
        request.GET.get("page"),
        per_sida=PARAGRAFER_PER_SIDA,
    )
    form = ovrig_form or OvrigForm()
    return render_form(
        request,
        "namnd/motet/protokollforing.html",
        {
            "sammantrade": sammantrade,
            "narvarolista": urval.narvarolista(sammantrade),
            "ovriga": list(urval.ovriga_narvarande(sammantrade)),
            "page_obj": page_obj,
            "paragrafer": page_obj.object_list,
            "onumrerade": urval.oversikt(sammantrade).onumrerade,
            "far_protokollfora": far,
            "form": form,
            "nav_active": "sammantraden",
        },
        form=form,
    )


@require_GET
def protokollforing(request, pk):
    return _protokollforing(request, _sammantrade(request, pk, skriva=False))


@require_POST
@statusfel
def oppna(request, pk):
    sammantrade = _sammantrade(request, pk, skriva=True)
    oppnad = protokollforing_oppna(user=request.user, sammantrade=sammantrade)
    delar = []
    if oppnad.narvaro:
        delar.append(f"{len(oppnad.narvaro)} förtroendevalda i närvarolistan")
    if oppnad.paragrafer:
        delar.append(f"§ {oppnad.paragrafer[0].nummer}–{oppnad.paragrafer[-1].nummer}")
    return klart(
        request, f"Protokollföringen är igång: {', '.join(delar)}.", "namnd:protokollforing", pk=pk
    )


@require_POST
@statusfel
def ovrig_ny(request, pk):
    sammantrade = _sammantrade(request, pk, skriva=True)
    form = OvrigForm(request.POST)
    if form.is_valid() and call_service(
        form,
        ovrig_narvarande_lagg_till,
        user=request.user,
        sammantrade=sammantrade,
        **form.cleaned_data,
    ):
        return klart(request, "Övrig närvarande är tillagd.", "namnd:protokollforing", pk=pk)
    return _protokollforing(request, sammantrade, ovrig_form=form)


@require_POST
@statusfel
def ovrig_ta_bort(request, pk, ovrig_pk):
    sammantrade = _sammantrade(request, pk, skriva=True)
    ovrig = get_object_or_404(OvrigNarvarande, pk=ovrig_pk, sammantrade=sammantrade)
    ovrig_narvarande_ta_bort(user=request.user, ovrig=ovrig)
    return klart(request, f"{ovrig.namn} är borttagen.", "namnd:protokollforing", pk=pk)


@require_http_methods(["GET", "POST"])
@statusfel
def narvaro(request, pk, person_pk):
    sammantrade = _sammantrade(request, pk, skriva=True)
    rader = urval.narvarolista(sammantrade)
    egna = [n for n in rader if n.fortroendevald_id == person_pk]
    if not egna:
        raise Http404("Personen finns inte i närvarolistan.")
    person = egna[0].fortroendevald
    ersattare = egna[0].roll == Uppdrag.Roll.ERSATTARE
    ledamoter = Fortroendevald.objects.filter(
        pk__in={n.fortroendevald_id for n in rader if n.roll != Uppdrag.Roll.ERSATTARE}
    ).order_by("namn")
    form = NarvaroForm(
        request.POST if request.method == "POST" else None,
        ersattare=ersattare,
        ledamoter=ledamoter,
        paragrafer=urval.paragrafer_att_valja(sammantrade),
        initial={"narvarande": "ja" if egna[0].narvarande else "nej"},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            narvaro_andra,
            user=request.user,
            sammantrade=sammantrade,
            fortroendevald=person,
            **form.varden(),
        )
        is not None
    ):
        return klart(
            request, f"Närvaron för {person.namn} är sparad.", "namnd:protokollforing", pk=pk
        )
    return render_form(
        request,
        "namnd/motet/narvaro.html",
        {
            "sammantrade": sammantrade,
            "person": person,
            "rader": egna,
            "form": form,
            "nav_active": "sammantraden",
        },
    )


# --- The paragraf page -----------------------------------------------------------------------

FORMULAR = {
    "beslut": BeslutForm,
    "text": TextForm,
    "yrkande": YrkandeForm,
    "omrostning": OmrostningForm,
    "reservation": ReservationForm,
    "jav": JavForm,
}


def _paragraf(request, pk, paragraf_pk, *, skriva: bool):
    sammantrade = _sammantrade(request, pk, skriva=skriva)
    paragraf = urval.paragraf_for(sammantrade, paragraf_pk)
    if paragraf is None:
        raise Http404("Paragrafen finns inte i sammanträdet.")
    paragraf.punkt.sammantrade = sammantrade
    return sammantrade, paragraf


def _formular(del_, paragraf, sammantrade, narvaro, data=None):
    """The unbound (or, with `data`, bound) form `del_` of the paragraf's page."""
    kwargs = {
        "beslut": {
            "paragraf": paragraf,
            "kommande": kommande_sammantraden(sammantrade),
            "initial": {
                "slag": paragraf.slag or None,
                "beslutstext": paragraf.beslutstext,
                "omedelbar_justering": paragraf.omedelbar_justering,
            },
        },
        "text": {"initial": {"text": paragraf.text}},
        "yrkande": {"tjanstgorande": paragraf.tjanstgorande},
        "omrostning": {"tjanstgorande": paragraf.tjanstgorande},
        "reservation": {"tjanstgorande": paragraf.tjanstgorande},
        "jav": {"narvaro": narvaro},
    }[del_]
    return FORMULAR[del_](data, **kwargs)


def _paragraf_sida(request, sammantrade, paragraf, *, bunden=None, del_=None):
    far = policy.allowed(request.user, Action.PROTOKOLLFORA, sammantrade)
    narvaro = urval.narvarolista(sammantrade)
    formular = {}
    if far:
        for namn in FORMULAR:
            formular[namn] = (
                bunden if namn == del_ else _formular(namn, paragraf, sammantrade, narvaro)
            )
    return render_form(
        request,
        "namnd/motet/paragraf.html",
        {
            "sammantrade": sammantrade,
            "paragraf": paragraf,
            "punkt": paragraf.punkt,
            "formular": formular,
            "form": bunden,
            "far_protokollfora": far,
            "nav_active": "sammantraden",
        },
        form=bunden,
    )


@require_GET
def paragraf(request, pk, paragraf_pk):
    sammantrade, paragraf = _paragraf(request, pk, paragraf_pk, skriva=False)
    return _paragraf_sida(request, sammantrade, paragraf)


def _spara(del_, form, *, user, paragraf):
    data = form.cleaned_data
    if del_ == "beslut":
        return call_service(form, paragraf_besluta, user=user, paragraf=paragraf, **data)
    if del_ == "text":
        return call_service(form, paragraf_andra_text, user=user, paragraf=paragraf, **data)
    if del_ == "yrkande":
        return call_service(form, yrkande_lagg_till, user=user, paragraf=paragraf, **data)
    if del_ == "omrostning":
        return call_service(
            form,
            omrostning_genomfor,
            user=user,
            paragraf=paragraf,
            ja_proposition=data["ja_proposition"],
            nej_proposition=data["nej_proposition"],
            roster=form.roster(),
        )
    if del_ == "reservation":
        return call_service(form, reservation_anmal, user=user, paragraf=paragraf, **data)
    return call_service(form, jav_anmal, user=user, paragraf=paragraf, **data)


KLART = {
    "beslut": "Beslutet är registrerat.",
    "text": "Ärendebeskrivningen är sparad.",
    "yrkande": "Yrkandet är registrerat.",
    "omrostning": "Omröstningen är registrerad.",
    "reservation": "Reservationen är registrerad.",
    "jav": "Jävet är registrerat.",
}


@require_POST
@statusfel
def paragraf_spara(request, pk, paragraf_pk, del_):
    if del_ not in FORMULAR:
        raise Http404("Okänd del av paragrafen.")
    sammantrade, paragraf = _paragraf(request, pk, paragraf_pk, skriva=True)
    narvaro = urval.narvarolista(sammantrade)
    form = _formular(del_, paragraf, sammantrade, narvaro, data=request.POST)
    if form.is_valid() and _spara(del_, form, user=request.user, paragraf=paragraf) is not None:
        return klart(request, KLART[del_], "namnd:paragraf", pk=pk, paragraf_pk=paragraf.pk)
    return _paragraf_sida(request, sammantrade, paragraf, bunden=form, del_=del_)


#: The paragraf page's "Ta bort" buttons: the row's model, the service and its keyword, the
#: success banner.
BORTTAGNING = {
    "yrkande": (Yrkande, yrkande_ta_bort, "yrkande", "Yrkandet är borttaget."),
    "omrostning": (Omrostning, omrostning_ta_bort, "omrostning", "Omröstningen är borttagen."),
    "reservation": (
        Reservation,
        reservation_ta_bort,
        "reservation",
        "Reservationen är borttagen.",
    ),
    "jav": (Jav, jav_ta_bort, "jav", "Jävet är borttaget."),
}


@require_POST
@statusfel
def ta_bort(request, pk, paragraf_pk, rad_pk, del_):
    """Remove one yrkande, omröstning, reservation or jäv of the paragraf.

    The service re-reads the row under the sammanträde's lock (and within this paragraf), so
    the view hands it only the id: a row already gone (a second click, another tab) or of
    another paragraf is refused there, in Swedish. That refusal, like one for what the
    removal would leave behind, is a banner on the paragraf's page; a wrong status is
    `statusfel`'s banner on the sammanträde's."""
    _, paragraf = _paragraf(request, pk, paragraf_pk, skriva=True)
    modell, tjanst, falt, meddelande = BORTTAGNING[del_]
    try:
        tjanst(user=request.user, **{falt: modell(pk=rad_pk, paragraf=paragraf)})
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("namnd:paragraf", pk=pk, paragraf_pk=paragraf.pk)
    return klart(request, meddelande, "namnd:paragraf", pk=pk, paragraf_pk=paragraf.pk)
