"""A section marked done ("Markera som klar") or the mark taken back, from the section's page.

The mark is the handläggare's note about the work, not the document's content
(`remiss.services.tjansteutlatande.tjansteutlatande_markera_avsnitt`). One of issue 11's htmx
points: with htmx the button's region is swapped in place and the section being written is
left as it is; without JavaScript the same form posts and the section's page comes back.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from remiss import selectors
from remiss.forms_tjansteutlatande import AvsnittKlarForm
from remiss.services.tjansteutlatande import tjansteutlatande_markera_avsnitt
from remiss.views._common import BAD_REQUEST, CONFLICT, klart
from remiss.views.tjansteutlatande import avsnitt_med_lage, avsnittsdel, klar_context
from remiss.workflow import EDITABLE_STATUSES

#: The partial an htmx "Markera som klar" gets: the region, the section list, the message.
AVSNITT_KLAR_SVAR = "remiss/_tu_avsnitt_klar_svar.html"


@require_POST
def avsnitt_klar(request, pk, nyckel):
    """Mark the section done ("Markera som klar") or take the mark back ("Ångra klar").

    A plain POST redirects back to the section with the message. With htmx only the button's
    region is swapped (focus on the new button), the section list changes out of band and the
    message goes to the live region, so a text being written in the section's form stays as
    it is; the document's version does not move, so that form still saves without a conflict.
    """
    tu = selectors.tjansteutlatande_for(request.user, pk)  # 404 unless the user sees it
    del_, _ = avsnittsdel(tu, nyckel)  # 404 for a key the document lacks
    form = AvsnittKlarForm(request.POST)
    status, fel = BAD_REQUEST, None
    if not form.is_valid():
        fel = form.errors["klar"][0]
    else:
        try:  # PermissionDenied passes: 403
            tu = tjansteutlatande_markera_avsnitt(
                user=request.user, tu=tu, nyckel=nyckel, klar=form.cleaned_data["klar"]
            )
        except ValidationError as exc:  # not under beredning (a stale page)
            status, fel = CONFLICT, exc.messages[0]
    rubrik = del_["rubrik"]
    if fel is not None:
        meddelande = fel
    elif nyckel in tu.klara_avsnitt:
        meddelande = f"Avsnittet ”{rubrik}” är markerat som klart."
    else:
        meddelande = f"Avsnittet ”{rubrik}” är inte längre markerat som klart."
    if not request.htmx:
        if fel is None:
            return klart(request, meddelande, "remiss:tu_avsnitt", pk=pk, nyckel=nyckel)
        messages.error(request, fel)
        # The section page still opens in attest (it shows the mark, without the button).
        if tu.remiss.status in EDITABLE_STATUSES:
            return redirect("remiss:tu_avsnitt", pk=pk, nyckel=nyckel)
        return redirect("remiss:tu", pk=pk)
    context = {
        "tu": tu,
        "remiss": tu.remiss,
        "avsnitt": del_,
        "avsnittslista": avsnitt_med_lage(tu),
        **klar_context(tu, del_),
        "klar_meddelande": meddelande,
        "klar_fel": fel is not None,
        "fokus_klar": True,
    }
    return render(request, AVSNITT_KLAR_SVAR, context, status=200 if fel is None else status)
