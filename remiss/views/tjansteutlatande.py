"""The tjänsteutlåtande: its overview with a preview, its head, and one section at a time.

Every save names the version the editor started from. When someone else changed the same part
in between, the service raises `Konflikt`: the page comes back (409) with the user's own text
still in the form, a word-level comparison with what is saved now, and the newer version in
the hidden field, so that saving again is a conscious choice. ("Markera som klar" on a section's
page posts to `remiss.views.avsnitt_klar`.)
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import HttpResponseClientRedirect, push_url

from nameden import markering
from nameden.services.sekretess import sekretess_las
from remiss import attestlage, policy, selectors
from remiss.diff import diff_versions, word_diff
from remiss.dokument import avsnitt_av, dokument_for
from remiss.dokumenthuvud import huvud_text, huvud_text_av, skillnader, undertecknare_snapshot
from remiss.forms import AterkallaForm
from remiss.forms_tjansteutlatande import (
    AvsnittForm,
    BeslutspunkterForm,
    HamtaUppgifterForm,
    HuvudForm,
)
from remiss.models import Avsnittstyp
from remiss.services.tjansteutlatande import (
    Konflikt,
    avsnitt_kan_markeras,
    normalisera_text,
    tjansteutlatande_spara_avsnitt,
)
from remiss.services.tjansteutlatande_huvud import (
    tjansteutlatande_hamta_uppgifter,
    tjansteutlatande_spara_huvud,
)
from remiss.views._common import (
    BAD_REQUEST,
    CONFLICT,
    call_service,
    i_attest,
    klart,
    med_bekraftelse,
    render_form,
    statusfel,
    tu_att_andra,
    tu_sida,
)
from remiss.workflow import EDITABLE_STATUSES, Action, Status


def _ifylld(avsnitt: dict) -> bool:
    if avsnitt["typ"] == Avsnittstyp.BESLUTSPUNKTER:
        return bool(avsnitt.get("punkter"))
    return bool(avsnitt.get("text", "").strip())


def avsnitt_med_lage(tu) -> list[dict]:
    """The sections, each with its state: "ifylld" (has content) and "klar" (marked done)."""
    klara = set(tu.klara_avsnitt)
    return [{**a, "ifylld": _ifylld(a), "klar": a["nyckel"] in klara} for a in tu.avsnitt]


def _framsteg(avsnitt: list[dict]) -> dict:
    """The overview's progress line, and the sections not yet done (a hint before attest)."""
    antal = sum(a["klar"] for a in avsnitt)
    return {
        "framsteg": f"{antal} av {len(avsnitt)} avsnitt {'klart' if antal == 1 else 'klara'}",
        "ej_klara": [a["rubrik"] for a in avsnitt if not a["klar"]],
    }


def _konflikt(exc: Konflikt) -> dict:
    return {
        "meddelande": str(exc),
        "vad": exc.vad,
        "andrad_av": exc.andrad_av,
        "andrad_at": exc.andrad_at,
        "deras_text": exc.deras_text,
        "segment": word_diff(exc.deras_text, exc.din_text),
    }


def _huvud_skillnader(user, pk: int, form: HuvudForm) -> list:
    """Field by field: what is saved now against what the user sent (conflict page only)."""
    sparad = selectors.tjansteutlatande_for(user, pk)
    data = form.cleaned_data
    befintliga = {u.get("user_id"): u for u in sparad.undertecknare}
    sammantrade = data["sammantrade"]
    forslag = {
        **{f: getattr(sparad, f) for f in ("diarienummer", "till", "sammantradesdatum")},
        "rubrik": data["rubrik"],
        "underrubrik": data["underrubrik"],
        **form.huvud(),
        "undertecknare": [
            befintliga.get(u.pk) or undertecknare_snapshot(u) for u in form.undertecknare()
        ],
    }
    if sammantrade is not None and sammantrade.pk != sparad.sammantrade_id:
        forslag.update(till=[sammantrade.namnd.namn], sammantradesdatum=sammantrade.datum)
    return [
        rad
        for rad in diff_versions(
            [], [], old_huvud=huvud_text(sparad), new_huvud=huvud_text_av(forslag)
        )
        if rad.andrad
    ]


def _med_version(data, version: int):
    """The submitted data with the hidden bas_version moved on to `version`."""
    data = data.copy()
    data["bas_version"] = str(version)
    return data


def _konfliktsida(request, template: str, context: dict, *, form, konflikt):
    """The page again (409) with what the user sent in `form`, whose bas_version is the one
    saved now: saving again is then a conscious choice."""
    context = {**context, "form": form, "konflikt": konflikt}
    return render(request, template, context, status=CONFLICT)


def _uppgifter_saknas(tu) -> list[str]:
    """What the "Uppgifter" part of the document still lacks, in words (empty: complete)."""
    saknas = []
    if not tu.sammantrade_id:
        saknas.append("Sammanträde saknas")
    if not tu.undertecknare:
        saknas.append("Undertecknare saknas")
    return saknas


def _lage(tu, attester) -> dict:
    """What the overview says about the document's state, decided here and not in the page."""
    remiss = tu.remiss
    return {
        "uppgifter_saknas": _uppgifter_saknas(tu),
        # Why it cannot be edited, when that is the status (not the user's role).
        "las_status": ""
        if remiss.status in EDITABLE_STATUSES
        else remiss.get_status_display().lower(),
        "manipulerad": attestlage.attest_bruten(remiss, attester),
        # A return's comment stays in view until the document is sent for attest again
        # (a returned document is under beredning: no need to look in any other status).
        "retur": attestlage.obesvarad_retur(attestlage.senaste_runda(tu))
        if remiss.status == Status.UNDER_BEREDNING
        else None,
    }


@require_GET
def oversikt(request, pk):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    if tu.sekretessmarkering is not None:  # a read of a secret document is logged
        sekretess_las(user=request.user, handling=tu, satt="sida", markering=tu.sekretessmarkering)
    attester = attestlage.giltiga_attester(tu)
    dokument = dokument_for(tu)
    avsnitt = avsnitt_med_lage(tu)
    return render(
        request,
        "remiss/tu.html",
        {
            "tu": tu,
            "remiss": tu.remiss,
            "dokument": dokument,
            "avsnitt": avsnitt,
            **_framsteg(avsnitt),
            "kan_redigera": policy.allowed(request.user, Action.REDIGERA, tu.remiss),
            "kan_skicka": policy.allowed(request.user, Action.SKICKA_TILL_ATTEST, tu.remiss),
            "kan_aterkalla": policy.allowed(request.user, Action.ATERKALLA, tu.remiss),
            "kan_anmala": policy.allowed(request.user, Action.ANMALA, tu.remiss),
            "aterkalla_form": AterkallaForm(prefix="aterkalla"),
            "attestkedja": [attestlage.ROLL_ETIKETT[roll] for roll in tu.mall.attestkedja],
            "i_attest": i_attest(tu.remiss),
            "attester": attester,
            "slutversion": selectors.gallande_slutversion(tu, dokument=dokument),
            **_lage(tu, attester),
        },
    )


@require_http_methods(["GET", "POST"])
@statusfel("remiss:tu")
def huvud(request, pk):
    tu = tu_att_andra(request, pk)
    choices = {
        "sammantraden": selectors.sammantraden_for(tu.remiss),
        "undertecknare": selectors.undertecknare_for(
            tu.remiss.forvaltning,
            behall=[u["user_id"] for u in tu.undertecknare if u.get("user_id")],
        ),
    }

    def make_form(data=None):
        initial = HuvudForm.initial_for(tu)
        return med_bekraftelse(HuvudForm(data, initial=initial, **choices), tu.remiss)

    form = make_form(request.POST or None)
    context = tu_sida(tu, form, dokument=dokument_for(tu))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sparat = call_service(
                request,
                form,
                tjansteutlatande_spara_huvud,
                alias={"undertecknare": "undertecknare_1"},
                tu=tu,
                bas_version=data["bas_version"],
                rubrik=data["rubrik"],
                underrubrik=data["underrubrik"],
                sammantrade=data["sammantrade"],
                undertecknare=form.undertecknare(),
                **form.huvud(),
            )
        except Konflikt as exc:
            konflikt = {**_konflikt(exc), "rader": _huvud_skillnader(request.user, pk, form)}
            form = make_form(_med_version(request.POST, exc.version))
            return _konfliktsida(
                request, "remiss/tu_huvud.html", context, form=form, konflikt=konflikt
            )
        if sparat:
            return klart(request, "Dokumentets uppgifter är sparade.", "remiss:tu", pk=pk)
    return render_form(request, "remiss/tu_huvud.html", context)


@require_http_methods(["GET", "POST"])
@statusfel("remiss:tu")
def hamta_uppgifter(request, pk):
    """For "Hämta aktuella uppgifter": GET shows what would change (field, now, new), POST does it.

    A plain form: works without JavaScript. In attest the POST needs the confirmation box,
    as every edit does.
    """
    tu = tu_att_andra(request, pk)

    def make_form(data=None):
        form = HamtaUppgifterForm(data, initial={"bas_version": tu.version})
        return med_bekraftelse(form, tu.remiss)

    form = make_form(request.POST or None)
    context = tu_sida(tu, form, rader=skillnader(tu))
    if request.method == "POST" and form.is_valid():
        try:
            sparat = call_service(
                request,
                form,
                tjansteutlatande_hamta_uppgifter,
                tu=tu,
                bas_version=form.cleaned_data["bas_version"],
            )
        except Konflikt as exc:
            # Nothing was written; the table already shows what would change now.
            form = make_form(_med_version(request.POST, exc.version))
            return _konfliktsida(request, "remiss/tu_hamta.html", context, form=form, konflikt=exc)
        if sparat:
            if sparat.result.version == tu.version:
                messages.info(request, "Dokumentet har redan de aktuella uppgifterna.")
            else:
                messages.success(request, "De aktuella uppgifterna är hämtade till dokumentet.")
            return redirect("remiss:tu_huvud", pk=pk)
    return render_form(request, "remiss/tu_hamta.html", context)


def avsnittsdel(tu, nyckel: str) -> tuple[dict, dict | None]:
    """(the section `nyckel`, the one after it or None); 404 for a key the document lacks."""
    index = next((i for i, a in enumerate(tu.avsnitt) if a["nyckel"] == nyckel), None)
    if index is None:
        raise Http404("Avsnittet finns inte i dokumentet.")
    nasta = tu.avsnitt[index + 1] if index + 1 < len(tu.avsnitt) else None
    return tu.avsnitt[index], nasta


def _avsnitt_form(tu, del_: dict, data=None):
    kwargs = {"rubrik": del_["rubrik"], "hjalptext": selectors.hjalptext_for(tu, del_["nyckel"])}
    if del_["typ"] == Avsnittstyp.BESLUTSPUNKTER:
        form = BeslutspunkterForm(
            data, initial={"bas_version": tu.version}, punkter=del_.get("punkter", []), **kwargs
        )
    else:
        form = AvsnittForm(
            data, initial={"bas_version": tu.version, "text": del_.get("text", "")}, **kwargs
        )
    return med_bekraftelse(form, tu.remiss)


def _avsnitt_context(tu, form, del_: dict, nasta: dict | None) -> dict:
    """What the section page shows: the form, the preview and the document's section list
    (each section with its state, so that a save that fills one shows it done)."""
    punktlista = del_["typ"] == Avsnittstyp.BESLUTSPUNKTER
    context = tu_sida(
        tu,
        form,
        avsnitt=del_,
        nasta=nasta,
        punktlista=punktlista,
        markering=del_.get("format") == markering.FORMAT,
        avsnittslista=avsnitt_med_lage(tu),
        **klar_context(tu, del_),
    )
    if not punktlista:
        context["forhandsgranskning"] = avsnitt_av(del_).html()
    return context


#: The partial an htmx request gets instead of the page (see `avsnitt`).
AVSNITT_SVAR = "remiss/_tu_avsnitt_svar.html"


def _avsnitt_svar(request, template: str, context: dict, status: int = 200):
    """The section page, or for htmx its partial: the section's form and preview, the section
    list (swapped out of band) and the status line for the aria-live region."""
    if request.htmx:
        return render(request, AVSNITT_SVAR, {**context, "htmx": True}, status=status)
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@statusfel("remiss:tu")
def avsnitt(request, pk, nyckel):
    """One section's form. Without JavaScript every button is a plain POST; with htmx the
    same POSTs come back as a partial (`AVSNITT_SVAR`): "Spara och gå till nästa avsnitt"
    swaps in the next section's form and saves the whole page load, "Förhandsgranska" (also
    sent while typing) replaces only the preview. The version token travels in the form
    either way, so a conflict answers 409 with the conflict panel in both."""
    tu = tu_att_andra(request, pk)
    del_, nasta = avsnittsdel(tu, nyckel)
    punktlista = del_["typ"] == Avsnittstyp.BESLUTSPUNKTER
    form = _avsnitt_form(tu, del_, request.POST or None)
    context = _avsnitt_context(tu, form, del_, nasta)
    template = "remiss/tu_avsnitt.html"
    if not punktlista and "forhandsgranska" in request.POST:
        # Shows the typed text as the document will print it; saves nothing. Works without
        # JavaScript: it is the form's second submit button.
        if form.is_valid():
            text = normalisera_text(form.cleaned_data["text"])
            context["forhandsgranskning"] = avsnitt_av({**del_, "text": text}).html()
            context["forhandsgranskning_osparad"] = True
        if request.htmx:
            status = 400 if form.errors else 200
            return render(request, "remiss/_tu_forhandsgranskning.html", context, status=status)
        return render_form(request, template, context)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        innehall = {"punkter": data["punkt"]} if punktlista else {"text": data["text"]}
        try:
            sparat = call_service(
                request,
                form,
                tjansteutlatande_spara_avsnitt,
                alias={"punkter": "punkt"},
                tu=tu,
                nyckel=nyckel,
                bas_version=data["bas_version"],
                **innehall,
            )
        except Konflikt as exc:
            form = _avsnitt_form(tu, del_, _med_version(request.POST, exc.version))
            context = {**context, "form": form, "konflikt": _konflikt(exc)}
            return _avsnitt_svar(request, template, context, status=CONFLICT)
        if sparat:
            meddelande = f"Avsnittet ”{del_['rubrik']}” är sparat."
            vidare = nasta is not None and "nasta" in request.POST
            if vidare and request.htmx:
                return _nasta_avsnitt(request, pk, nasta["nyckel"], meddelande)
            if vidare:
                return klart(
                    request, meddelande, "remiss:tu_avsnitt", pk=pk, nyckel=nasta["nyckel"]
                )
            if request.htmx:  # back to the overview, as without JavaScript
                messages.success(request, meddelande)
                return HttpResponseClientRedirect(reverse("remiss:tu", args=[pk]))
            return klart(request, meddelande, "remiss:tu", pk=pk)
    if request.method == "POST":  # the form's or the service's errors (400)
        return _avsnitt_svar(request, template, context, status=BAD_REQUEST if form.errors else 200)
    # A GET is always the whole page, also htmx's (its history restore asks with HX-Request).
    return render(request, template, context)


def _nasta_avsnitt(request, pk: int, nyckel: str, meddelande: str):
    """htmx after "Spara och gå till nästa avsnitt": the next section's form, read anew (its
    version token is the one just saved), at its own address, with "Sparat" announced and
    focus on its heading."""
    tu = tu_att_andra(request, pk)
    del_, nasta = avsnittsdel(tu, nyckel)
    context = _avsnitt_context(tu, _avsnitt_form(tu, del_), del_, nasta)
    context.update(sparat=meddelande, fokus_rubrik=True)
    response = render(request, AVSNITT_SVAR, {**context, "htmx": True})
    return push_url(response, reverse("remiss:tu_avsnitt", args=[pk, nyckel]))


def klar_context(tu, del_: dict) -> dict:
    """What the "Markera som klar" region shows: the mark, and the button when it may change."""
    return {
        "avsnitt_klar": del_["nyckel"] in tu.klara_avsnitt,
        "kan_markera": avsnitt_kan_markeras(tu.remiss),
    }
