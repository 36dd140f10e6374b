"""Protokollsutdrag and expediering of a paragraf's beslut: the paragraf's utskick page, the
buttons, the expediering form and the downloads. Thin: selectors read, services write."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nameden import policy, selectors
from nameden.forms_utskick import ExpedieraForm
from nameden.protokoll import lage
from nameden.services.utskick import expediera as expediera_tjanst
from nameden.services.utskick import protokollsutdrag_skapa
from nameden.utdrag import filer
from nameden.utdrag import selectors as utskick_selectors
from nameden.views._common import call_service, klart, render_form
from nameden.workflow import UTSKICK_STATUSES, Action, TransitionNotAllowed


def detalj_context(request, sammantrade, actions) -> dict:
    """What the sammanträde's page shows of this part (`templates/namnd/_detalj_utskick.html`):
    after the meeting, its beslutade paragrafer with what has gone out."""
    if sammantrade.status not in UTSKICK_STATUSES:
        return {}
    return {"utskick_paragrafer": utskick_selectors.utskick_paragrafer(sammantrade)}


def _tillbaka_vid_fel(view):
    """A refusal of a button (wrong status, not justerad …) becomes a banner on the
    paragraf's utskick page."""

    @wraps(view)
    def wrapper(request, pk, paragraf_pk, *args, **kwargs):
        try:
            return view(request, pk, paragraf_pk, *args, **kwargs)
        except (TransitionNotAllowed, ValidationError) as exc:
            messages.error(
                request, exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
            )
            return redirect("namnd:utskick", pk=pk, paragraf_pk=paragraf_pk)

    return wrapper


def _context(request, paragraf, **extra) -> dict:
    sammantrade = paragraf.punkt.sammantrade
    actions = policy.allowed_actions(request.user, sammantrade)
    justerad = lage.paragraf_justerad(paragraf)
    return {
        "sammantrade": sammantrade,
        "paragraf": paragraf,
        "punkt": paragraf.punkt,
        "justerad": justerad,
        "justeringsdatum": lage.justeringsdatum(paragraf) if justerad else None,
        "far_ta_ut_utdrag": justerad and Action.TA_UT_UTDRAG in actions,
        "far_expediera": justerad and Action.EXPEDIERA in actions and not paragraf.punkt.sekretess,
        "senaste_expediering": utskick_selectors.expedieringar(paragraf).first(),
        "nav_active": "sammantraden",
        **extra,
    }


@require_GET
def sida(request, pk, paragraf_pk):
    """The paragraf's utdrag and expedieringar, each list paginated on its own."""
    paragraf = utskick_selectors.paragraf_for(request.user, pk, paragraf_pk)
    utdrag_sida = selectors.sida(
        utskick_selectors.utdrag_lista(paragraf),
        request.GET.get("page"),
        per_sida=utskick_selectors.PER_SIDA,
    )
    exp_sida = selectors.sida(
        utskick_selectors.expedieringar(paragraf),
        request.GET.get("exp_sida"),
        per_sida=utskick_selectors.PER_SIDA,
    )
    return render(
        request,
        "namnd/utskick/paragraf.html",
        _context(
            request,
            paragraf,
            page_obj=utdrag_sida,
            utdrag_rader=utdrag_sida.object_list,
            exp_sida=exp_sida,
            expedieringar=exp_sida.object_list,
        ),
    )


@require_POST
@_tillbaka_vid_fel
def utdrag_skapa(request, pk, paragraf_pk):
    paragraf = utskick_selectors.paragraf_for(request.user, pk, paragraf_pk)
    protokollsutdrag_skapa(user=request.user, paragraf=paragraf)
    return klart(
        request,
        f"Ett protokollsutdrag ur {paragraf} är uttaget och bestyrkt.",
        "namnd:utskick",
        pk=pk,
        paragraf_pk=paragraf_pk,
    )


@require_GET
def utdrag_hamta(request, pk, paragraf_pk, utdrag_pk):
    """The stored utdrag, byte for byte, after checking its SHA-256. A sekretess punkt's
    utdrag only for those who may take utdrag out (the sekreterare)."""
    paragraf = utskick_selectors.paragraf_for(request.user, pk, paragraf_pk)
    policy.require(request.user, Action.VISA, paragraf.punkt.sammantrade)
    utdrag = utskick_selectors.utdrag_for(paragraf, utdrag_pk)
    if utdrag.sekretess:
        policy.require(request.user, Action.TA_UT_UTDRAG, paragraf.punkt.sammantrade)
    try:
        data = filer.utdrag_fil(utdrag)
    except filer.UtdragSkadad:
        # Already logged with both hashes. Serve nothing rather than a changed document.
        return render(request, "500.html", status=500)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filer.filnamn(utdrag))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@_tillbaka_vid_fel
def expediera(request, pk, paragraf_pk):
    """The form: the källa's recipients shown, more addresses, and what was already sent."""
    paragraf = utskick_selectors.paragraf_for(request.user, pk, paragraf_pk)
    policy.require(request.user, Action.EXPEDIERA, paragraf.punkt.sammantrade)
    form = ExpedieraForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        expediering = call_service(
            form,
            expediera_tjanst,
            user=request.user,
            paragraf=paragraf,
            **form.cleaned_data,
        )
        if expediering is not None:
            return klart(
                request,
                f"Beslutet i {paragraf} är expedierat till {', '.join(expediering.mottagare)}.",
                "namnd:utskick",
                pk=pk,
                paragraf_pk=paragraf_pk,
            )
    mottagare, mottagare_not = utskick_selectors.mottagare_fran_kallan(paragraf)
    return render_form(
        request,
        "namnd/utskick/expediera.html",
        _context(
            request,
            paragraf,
            form=form,
            mottagare=mottagare,
            mottagare_not=mottagare_not,
            senaste_utdrag=utskick_selectors.utdrag_lista(paragraf).first(),
            handlingar=list(paragraf.punkt.handlingar.order_by("ordning")),
            tidigare=list(utskick_selectors.expedieringar(paragraf)[:5]),
        ),
    )
