"""The protokoll: its settings, the dates kommunallagen gives, preview and stored PDFs, the
förtroendevald's justering page (with the fingerprint they confirm, 409 if it went stale),
omedelbar justering of one §, the anslag, and the "Att justera" list."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from nameden import kommunallag, policy, selectors
from nameden.forms_protokoll import AnslagForm, JusteringForm, ProtokollForm
from nameden.models import Anslag, Paragraf, Protokoll, Sammantrade
from nameden.pdf import PdfFel
from nameden.protokoll import filer, lage
from nameden.protokoll.innehall import protokoll_innehall
from nameden.protokoll.pdf import protokoll_pdf
from nameden.services import anslag as anslag_service
from nameden.services import protokoll as service
from nameden.sidor import CONFLICT
from nameden.views._common import call_service, klart, render_form, statusfel
from nameden.workflow import Action, Status


def _anslag(protokoll: Protokoll | None) -> Anslag | None:
    if protokoll is None:
        return None
    return Anslag.objects.filter(protokoll=protokoll).select_related("anslaget_av").first()


def datum_for(sammantrade: Sammantrade, protokoll: Protokoll | None, anslag) -> dict:
    """The dates kommunallagen gives this protokoll, as far as they are known yet."""
    justerat = (
        timezone.localdate(protokoll.justerat_at) if protokoll and protokoll.justerat_at else None
    )
    return {
        "sista_justering": kommunallag.sista_dag_for_justering(sammantrade.datum),
        "justerat": justerat,
        "ansla_senast": kommunallag.sista_dag_for_anslag(justerat) if justerat else None,
        "anslaget": anslag.anslaget if anslag else None,
        "overklagande_sista": (
            kommunallag.sista_dag_for_overklagande(anslag.anslaget) if anslag else None
        ),
        "nedtas": anslag.nedtas if anslag else None,
    }


def detalj_context(request, sammantrade, actions) -> dict:
    """What the sammanträde's page shows of this part (`templates/namnd/_detalj_protokoll.html`)."""
    if sammantrade.status == Status.PLANERAT:
        return {}
    protokoll = service.protokoll_for(sammantrade)
    anslag = _anslag(protokoll)
    status = []
    if protokoll is not None:
        innehall = protokoll_innehall(sammantrade, protokoll)
        status = lage.lage(protokoll, innehall)
    return {
        "protokoll": protokoll,
        "protokoll_anslag": anslag,
        "protokoll_datum": datum_for(sammantrade, protokoll, anslag),
        "protokoll_status": status,
        "protokoll_omedelbara": list(
            Paragraf.objects.filter(punkt__sammantrade=sammantrade, omedelbar_justering=True)
            .select_related("punkt")
            .order_by("nummer")
        ),
        "far_protokollfora": Action.PROTOKOLLFORA in actions,
        "far_justera": Action.JUSTERA_PROTOKOLL in actions,
        "far_ansla": Action.ANSLA in actions and anslag is None,
    }


@require_http_methods(["GET", "POST"])
@statusfel
def installningar(request, pk):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    policy.require(request.user, Action.PROTOKOLLFORA, sammantrade)
    protokoll = service.protokoll_for(sammantrade)
    if protokoll is not None:
        initial = {
            "ordforande": protokoll.ordforande,
            "justerare": list(protokoll.justerare.all()),
            "justering_tid": protokoll.justering_tid,
            "justering_plats": protokoll.justering_plats,
            "forvaringsplats": protokoll.forvaringsplats,
        }
    else:
        initial = {
            "ordforande": service.standard_ordforande(sammantrade),
            "forvaringsplats": service.standard_forvaringsplats(sammantrade),
        }
    form = ProtokollForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        valbara=service.tjanstgorande(sammantrade),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            service.protokoll_andra,
            user=request.user,
            sammantrade=sammantrade,
            **form.cleaned_data,
        )
    ):
        return klart(request, "Protokollets uppgifter är sparade.", "namnd:detalj", pk=pk)
    return render_form(
        request,
        "namnd/protokoll/installningar.html",
        {
            "form": form,
            "sammantrade": sammantrade,
            "sista_justering": kommunallag.sista_dag_for_justering(sammantrade.datum),
            "nav_active": "sammantraden",
        },
    )


def _pdf_svar(data: bytes, filnamn: str, *, inline: bool) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    lage_ = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{lage_}; filename="{filnamn}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def forhandsgranska(request, pk):
    """The protokoll rendered now: UTKAST unless justerat. `?offentlig=1`: public version."""
    sammantrade = selectors.sammantrade_for(request.user, pk)
    protokoll = service.protokoll_for(sammantrade)
    offentlig = request.GET.get("offentlig") == "1"
    try:
        rendered = protokoll_pdf(sammantrade, protokoll, offentlig=offentlig, utkast=True)
    except PdfFel as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain; charset=utf-8")
    namn = f"protokoll-{sammantrade.datum:%Y-%m-%d}-utkast{'-offentlig' if offentlig else ''}.pdf"
    return _pdf_svar(rendered.pdf, namn, inline=True)


@require_GET
def lagrad(request, pk, version):
    """The stored justerat protokoll (with its Anslagsbevis once anslaget), hash-checked."""
    sammantrade = selectors.sammantrade_for(request.user, pk)
    if version not in ("fullstandig", "offentlig"):
        raise Http404
    protokoll = service.protokoll_for(sammantrade)
    fil = filer.lagrad_fil(protokoll, offentlig=version == "offentlig") if protokoll else None
    if fil is None:
        raise Http404("Protokollet är inte justerat.")
    return _pdf_svar(fil.innehall, fil.filnamn, inline=False)


def _justeringssida(request, sammantrade, *, paragraf=None, form=None, status=200):
    protokoll = service.protokoll_for(sammantrade)
    innehall = protokoll_innehall(sammantrade, protokoll)
    nu = service.fingeravtryck_nu(sammantrade, protokoll, paragraf=paragraf)
    if form is None:
        form = JusteringForm(initial={"fingeravtryck": nu})
    sista = kommunallag.sista_dag_for_justering(sammantrade.datum)
    return render(
        request,
        "namnd/protokoll/justera.html",
        {
            "form": form,
            "sammantrade": sammantrade,
            "protokoll": protokoll,
            "p": innehall,
            "paragraf": innehall.paragraf_med_pk(paragraf.pk) if paragraf else None,
            "status_lista": lage.lage(protokoll, innehall, paragraf=paragraf),
            "fingeravtryck": nu,
            "sista_justering": sista,
            "for_sent": timezone.localdate() > sista and paragraf is None,
            "forhandsgranska": reverse("namnd:protokoll_forhandsgranska", args=[sammantrade.pk]),
            "nav_active": "att_justera",
        },
        status=status,
    )


def _justera(request, pk, paragraf_pk=None):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    policy.require(request.user, Action.JUSTERA_PROTOKOLL, sammantrade)
    paragraf = None
    if paragraf_pk is not None:
        paragraf = get_object_or_404(
            Paragraf.objects.filter(punkt__sammantrade=sammantrade, omedelbar_justering=True),
            pk=paragraf_pk,
        )
    if request.method != "POST":
        return _justeringssida(request, sammantrade, paragraf=paragraf)
    form = JusteringForm(request.POST)
    if not form.is_valid():
        return _justeringssida(request, sammantrade, paragraf=paragraf, form=form, status=400)
    sett = form.cleaned_data["fingeravtryck"]
    try:
        if paragraf is None:
            service.protokoll_justera(
                user=request.user,
                sammantrade=sammantrade,
                sett_fingeravtryck=sett,
                sen_skal=form.cleaned_data["sen_skal"],
            )
        else:
            service.paragraf_justera(
                user=request.user,
                sammantrade=sammantrade,
                paragraf=paragraf,
                sett_fingeravtryck=sett,
            )
    except service.InnehalletAndrat as exc:
        # Show the content as it reads now, with a form for it: justering is a choice made on
        # what is on the screen.
        protokoll = service.protokoll_for(sammantrade)
        ny = JusteringForm(
            {
                "fingeravtryck": service.fingeravtryck_nu(
                    sammantrade, protokoll, paragraf=paragraf
                ),
                "sen_skal": form.cleaned_data["sen_skal"],
            }
        )
        ny.is_valid()
        ny.add_error(None, exc.messages[0])
        return _justeringssida(request, sammantrade, paragraf=paragraf, form=ny, status=CONFLICT)
    except PdfFel as exc:
        form.add_error(None, f"Justeringen kunde inte sparas: {exc}")
        return _justeringssida(request, sammantrade, paragraf=paragraf, form=form, status=400)
    except ValidationError as exc:
        form.add_service_errors(exc)
        return _justeringssida(request, sammantrade, paragraf=paragraf, form=form, status=400)
    vad = f"§ {paragraf.nummer}" if paragraf else "protokollet"
    return klart(request, f"Du har justerat {vad}.", "namnd:detalj", pk=pk)


@require_http_methods(["GET", "POST"])
@statusfel
def justera(request, pk):
    return _justera(request, pk)


@require_http_methods(["GET", "POST"])
@statusfel
def justera_paragraf(request, pk, paragraf_pk):
    return _justera(request, pk, paragraf_pk)


@require_http_methods(["GET", "POST"])
@statusfel
def ansla(request, pk):
    sammantrade = selectors.sammantrade_for(request.user, pk)
    policy.require(request.user, Action.ANSLA, sammantrade)
    protokoll = service.protokoll_for(sammantrade)
    justerat = timezone.localdate(protokoll.justerat_at)
    forsta, sista = justerat, kommunallag.sista_dag_for_anslag(justerat)
    form = AnslagForm(
        request.POST if request.method == "POST" else None,
        initial={
            "anslaget": min(max(timezone.localdate(), forsta), sista),
            "forvaringsplats": protokoll.forvaringsplats
            or service.standard_forvaringsplats(sammantrade),
        },
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            anslag_service.protokoll_ansla,
            user=request.user,
            sammantrade=sammantrade,
            **form.cleaned_data,
        )
    ):
        return klart(request, "Protokollet är anslaget.", "namnd:detalj", pk=pk)
    return render_form(
        request,
        "namnd/protokoll/ansla.html",
        {
            "form": form,
            "sammantrade": sammantrade,
            "justerat": justerat,
            "ansla_senast": sista,
            "nav_active": "sammantraden",
        },
    )


def att_justera_for(user):
    """The protokoll `user` is to justera (as ordförande or justerare) that are not justerat
    yet, the oldest meeting first: one query per page."""
    return (
        Protokoll.objects.filter(
            sammantrade__in=policy.visible_sammantraden(user),
            justerat_at__isnull=True,
            sammantrade__status__in=[Status.KALLAT, Status.GENOMFORT],
        )
        .filter(
            Q(ordforande__user_id=user.pk)
            | Q(
                Exists(
                    Protokoll.justerare.through.objects.filter(
                        protokoll_id=OuterRef("pk"), fortroendevald__user_id=user.pk
                    )
                )
            )
        )
        .select_related("sammantrade__namnd")
        .order_by("sammantrade__datum", "pk")
    )


@require_GET
def att_justera(request):
    """ "Att justera": the förtroendevald's own list, a page at a time."""
    page_obj = Paginator(att_justera_for(request.user), selectors.PER_SIDA).get_page(
        request.GET.get("page")
    )
    for protokoll in page_obj.object_list:
        protokoll.sista_justering = kommunallag.sista_dag_for_justering(protokoll.sammantrade.datum)
    return render(
        request,
        "namnd/protokoll/att_justera.html",
        {
            "page_obj": page_obj,
            "rader": page_obj.object_list,
            "idag": timezone.localdate(),
            "nav_active": "att_justera",
        },
    )
