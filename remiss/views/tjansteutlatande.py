"""The tjänsteutlåtande: its overview with a preview, its head, and one section at a time.

Every save names the version the editor started from. When someone else changed the same part
in between, the service raises `Konflikt`: the page comes back (409) with the user's own text
still in the form, a word-level comparison with what is saved now, and the newer version in
the hidden field, so that saving again is a conscious choice.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from remiss import attestlage, policy, selectors
from remiss.diff import diff_versions, undertecknare_text, word_diff
from remiss.dokument import dokument_for
from remiss.forms_tjansteutlatande import AvsnittForm, BeslutspunkterForm, HuvudForm
from remiss.models import Avsnittstyp
from remiss.services.attestering import KraverBekraftelse
from remiss.services.tjansteutlatande import (
    Konflikt,
    tjansteutlatande_spara_avsnitt,
    tjansteutlatande_spara_huvud,
)
from remiss.views._common import (
    CONFLICT,
    bekraftat,
    bekraftelse_saknas,
    i_attest,
    kontrollera,
    med_bekraftelse,
    render_form,
    statusfel,
)
from remiss.workflow import Action


def _ifylld(avsnitt: dict) -> bool:
    if avsnitt["typ"] == Avsnittstyp.BESLUTSPUNKTER:
        return bool(avsnitt.get("punkter"))
    return bool(avsnitt.get("text", "").strip())


def _konflikt(exc: Konflikt) -> dict:
    return {
        "meddelande": str(exc),
        "vad": exc.vad,
        "andrad_av": exc.andrad_av,
        "andrad_at": exc.andrad_at,
        "deras_text": exc.deras_text,
        "segment": word_diff(exc.deras_text, exc.din_text),
    }


def _huvud_text(*, rubrik, underrubrik, sammantrade, undertecknare) -> dict[str, str]:
    return {
        "Rubrik": rubrik,
        "Underrubrik": underrubrik,
        "Sammanträde": str(sammantrade) if sammantrade else "Inget sammanträde valt",
        "Undertecknare": undertecknare_text(undertecknare),
    }


def _huvud_skillnader(user, pk: int, form: HuvudForm) -> list:
    """Field by field: what is saved now against what the user sent (conflict page only)."""
    sparad = selectors.tjansteutlatande_for(user, pk)
    data = form.cleaned_data
    return [
        rad
        for rad in diff_versions(
            [],
            [],
            old_huvud=_huvud_text(
                rubrik=sparad.rubrik,
                underrubrik=sparad.underrubrik,
                sammantrade=sparad.sammantrade,
                undertecknare=sparad.undertecknare,
            ),
            new_huvud=_huvud_text(
                rubrik=data["rubrik"],
                underrubrik=data["underrubrik"],
                sammantrade=data["sammantrade"],
                undertecknare=[
                    {"namn": u.get_full_name() or u.username, "titel": u.titel}
                    for u in form.undertecknare()
                ],
            ),
        )
        if rad.andrad
    ]


def _med_version(data, version: int):
    """The submitted data with the hidden bas_version moved on to `version`."""
    data = data.copy()
    data["bas_version"] = str(version)
    return data


@require_GET
def oversikt(request, pk):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    return render(
        request,
        "remiss/tu.html",
        {
            "tu": tu,
            "remiss": tu.remiss,
            "dokument": dokument_for(tu),
            "avsnitt": [{**a, "ifylld": _ifylld(a)} for a in tu.avsnitt],
            "kan_redigera": policy.allowed(request.user, Action.REDIGERA, tu.remiss),
            "kan_skicka": policy.allowed(request.user, Action.SKICKA_TILL_ATTEST, tu.remiss),
            "attestkedja": [attestlage.ROLL_ETIKETT[roll] for roll in tu.mall.attestkedja],
            "i_attest": i_attest(tu.remiss),
            "attester": attestlage.giltiga_attester(tu),
            "slutversion": tu.slutversioner.first(),
        },
    )


@require_http_methods(["GET", "POST"])
@statusfel("remiss:tu")
def huvud(request, pk):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    kontrollera(request.user, Action.REDIGERA, tu.remiss)
    choices = {
        "sammantraden": selectors.sammantraden_for(tu.remiss),
        "medarbetare": selectors.medarbetare_for(tu.remiss.forvaltning),
    }

    def make_form(data=None):
        initial = HuvudForm.initial_for(tu)
        return med_bekraftelse(HuvudForm(data, initial=initial, **choices), tu.remiss)

    form = make_form(request.POST or None)
    context = {"form": form, "tu": tu, "remiss": tu.remiss, "i_attest": i_attest(tu.remiss)}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tjansteutlatande_spara_huvud(
                user=request.user,
                tu=tu,
                bas_version=data["bas_version"],
                rubrik=data["rubrik"],
                underrubrik=data["underrubrik"],
                sammantrade=data["sammantrade"],
                undertecknare=form.undertecknare(),
                bekraftat=bekraftat(form),
            )
        except Konflikt as exc:
            context["form"] = make_form(_med_version(request.POST, exc.version))
            context["konflikt"] = {
                **_konflikt(exc),
                "rader": _huvud_skillnader(request.user, pk, form),
            }
            return render(request, "remiss/tu_huvud.html", context, status=CONFLICT)
        except KraverBekraftelse as exc:
            bekraftelse_saknas(form, exc)
        except ValidationError as exc:
            form.add_service_errors(exc, alias={"undertecknare": "undertecknare_1"})
        else:
            messages.success(request, "Dokumentets uppgifter är sparade.")
            return redirect("remiss:tu", pk=pk)
    return render_form(request, "remiss/tu_huvud.html", context)


@require_http_methods(["GET", "POST"])
@statusfel("remiss:tu")
def avsnitt(request, pk, nyckel):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    kontrollera(request.user, Action.REDIGERA, tu.remiss)
    index = next((i for i, a in enumerate(tu.avsnitt) if a["nyckel"] == nyckel), None)
    if index is None:
        raise Http404("Avsnittet finns inte i dokumentet.")
    del_ = tu.avsnitt[index]
    nasta = tu.avsnitt[index + 1] if index + 1 < len(tu.avsnitt) else None
    punktlista = del_["typ"] == Avsnittstyp.BESLUTSPUNKTER

    def make_form(data=None):
        kwargs = {"rubrik": del_["rubrik"], "hjalptext": selectors.hjalptext_for(tu, nyckel)}
        if punktlista:
            form = BeslutspunkterForm(
                data,
                initial={"bas_version": tu.version},
                punkter=del_.get("punkter", []),
                **kwargs,
            )
        else:
            form = AvsnittForm(
                data, initial={"bas_version": tu.version, "text": del_.get("text", "")}, **kwargs
            )
        return med_bekraftelse(form, tu.remiss)

    form = make_form(request.POST or None)
    context = {
        "form": form,
        "tu": tu,
        "remiss": tu.remiss,
        "avsnitt": del_,
        "nasta": nasta,
        "punktlista": punktlista,
        "i_attest": i_attest(tu.remiss),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        innehall = {"punkter": data["punkt"]} if punktlista else {"text": data["text"]}
        try:
            tjansteutlatande_spara_avsnitt(
                user=request.user,
                tu=tu,
                nyckel=nyckel,
                bas_version=data["bas_version"],
                bekraftat=bekraftat(form),
                **innehall,
            )
        except Konflikt as exc:
            context["form"] = make_form(_med_version(request.POST, exc.version))
            context["konflikt"] = _konflikt(exc)
            return render(request, "remiss/tu_avsnitt.html", context, status=CONFLICT)
        except KraverBekraftelse as exc:
            bekraftelse_saknas(form, exc)
        except ValidationError as exc:
            form.add_service_errors(exc, alias={"punkter": "punkt"})
        else:
            messages.success(request, f"Avsnittet ”{del_['rubrik']}” är sparat.")
            if nasta is not None and "nasta" in request.POST:
                return redirect("remiss:tu_avsnitt", pk=pk, nyckel=nasta["nyckel"])
            return redirect("remiss:tu", pk=pk)
    return render_form(request, "remiss/tu_avsnitt.html", context)
