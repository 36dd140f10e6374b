"""The saved versions of a tjänsteutlåtande, and what changed between two of them."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from remiss import policy, selectors
from remiss.diff import diff_versions, undertecknare_text
from remiss.forms_tjansteutlatande import JamforForm
from remiss.workflow import Action


def _huvud(version) -> dict[str, str]:
    return {
        "Rubrik": version.rubrik,
        "Underrubrik": version.underrubrik,
        "Undertecknare": undertecknare_text(version.undertecknare or []),
    }


@require_GET
def historik(request, pk):
    tu = selectors.tjansteutlatande_for(request.user, pk)
    policy.require(request.user, Action.VISA, tu.remiss)
    versioner = list(selectors.versioner_for(tu))
    by_id = {v.history_id: v for v in versioner}

    form = JamforForm(request.GET or None)
    fran = till = None
    fel = ""
    if form.is_bound:
        data = form.cleaned_data if form.is_valid() else {}
        fran, till = by_id.get(data.get("fran")), by_id.get(data.get("till"))
        if fran is None or till is None:
            fel = "Välj två versioner att jämföra: en under ”Från” och en under ”Till”."
        elif fran.history_id == till.history_id:
            fel = "Välj två olika versioner att jämföra."
    rader = None
    if fran is not None and till is not None and not fel:
        rader = diff_versions(
            fran.avsnitt or [], till.avsnitt or [], old_huvud=_huvud(fran), new_huvud=_huvud(till)
        )
    # Preselect the two newest versions: "what changed last".
    fran_id = fran.history_id if fran else (versioner[1].history_id if len(versioner) > 1 else None)
    till_id = till.history_id if till else (versioner[0].history_id if versioner else None)
    return render(
        request,
        "remiss/historik.html",
        {
            "tu": tu,
            "remiss": tu.remiss,
            "versioner": versioner,
            "fran": fran,
            "till": till,
            "fran_id": fran_id,
            "till_id": till_id,
            "fel": fel,
            "rader": rader,
        },
        status=400 if fel else 200,
    )
