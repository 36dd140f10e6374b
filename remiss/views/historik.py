"""The saved versions of a tjänsteutlåtande, what changed between two of them, and every
final PDF made of it: the one in force and the superseded ones, kept as public records."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from remiss import policy, selectors
from remiss.diff import diff_versions
from remiss.dokumenthuvud import huvud_text
from remiss.forms_tjansteutlatande import JamforForm
from remiss.views._common import sida
from remiss.workflow import Action


@require_GET
def historik(request, pk):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    policy.require(request.user, Action.VISA, tu.remiss)
    page_obj = sida(request, selectors.versioner_for(tu))
    versioner = list(page_obj.object_list)

    # Bound only when a comparison is asked for: turning the page is none.
    form = JamforForm(request.GET if {"fran", "till"} & set(request.GET) else None)
    fran = till = None
    fel = ""
    if form.is_bound:
        data = form.cleaned_data if form.is_valid() else {}
        valda = selectors.versioner_med_id(tu, [data.get("fran"), data.get("till")])
        fran, till = valda.get(data.get("fran")), valda.get(data.get("till"))
        if fran is None or till is None:
            fel = "Välj två versioner att jämföra: en under ”Från” och en under ”Till”."
        elif fran.history_id == till.history_id:
            fel = "Välj två olika versioner att jämföra."
    rader = None
    if fran is not None and till is not None and not fel:
        rader = diff_versions(
            fran.avsnitt or [],
            till.avsnitt or [],
            old_huvud=huvud_text(fran),
            new_huvud=huvud_text(till),
        )
    # Preselect the two newest versions: "what changed last".
    nyaste = versioner[:2] if page_obj.number == 1 else list(selectors.versioner_for(tu)[:2])
    fran_id = fran.history_id if fran else (nyaste[1].history_id if len(nyaste) > 1 else None)
    till_id = till.history_id if till else (nyaste[0].history_id if nyaste else None)
    # A chosen version on another page still counts when the form is sent from this one.
    pa_sidan = {v.history_id for v in versioner}
    return render(
        request,
        "remiss/historik.html",
        {
            "tu": tu,
            "remiss": tu.remiss,
            "versioner": versioner,
            "page_obj": page_obj,
            "kan_jamfora": page_obj.paginator.count > 1,
            "dolda_val": [
                (namn, vid)
                for namn, vid in (("fran", fran_id), ("till", till_id))
                if vid is not None and vid not in pa_sidan
            ],
            "fran": fran,
            "till": till,
            "fran_id": fran_id,
            "till_id": till_id,
            "fel": fel,
            "rader": rader,
            "slutversioner": selectors.slutversioner_for(tu),
        },
        status=400 if fel else 200,
    )
