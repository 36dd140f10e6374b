"""What every remiss view shares: the permission check, status errors and form rendering.

The pages that change a tjänsteutlåtande share one shape: `tu_att_andra` fetches the document
and checks REDIGERA, `med_bekraftelse` adds the attest checkbox to the form, `call_service`
calls the service and puts its refusals on the form, `tu_sida` is the context every such page
has. A page that only asks before an action is `bekraftelsesida` as a whole.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect

# The form-page answers are the system's (nameden.sidor), re-exported for these views.
from nameden.sidor import BAD_REQUEST as BAD_REQUEST
from nameden.sidor import CONFLICT as CONFLICT
from nameden.sidor import klart as klart
from nameden.sidor import render_form as render_form
from remiss import policy, selectors
from remiss.forms_tjansteutlatande import BekraftelseForm, lagg_till_bekraftelse
from remiss.services.attestering import KraverBekraftelse
from remiss.workflow import ATTEST_STATUSES, Action, TransitionNotAllowed

#: Rows per page of every list (remisser, the attest inbox, the timeline, the versions).
PER_SIDA = 50


def sida(request, rader, *, per_sida: int | None = None) -> Page:
    """The page of `rader` (a queryset, sliced in SQL) that `?page=` asks for; the first for
    a missing or bad number, the last for one past the end. components/pagination.html
    renders its links."""
    return Paginator(rader, per_sida or PER_SIDA).get_page(request.GET.get("page"))


def kontrollera(user, action: Action, remiss) -> None:
    """Raise unless `user` may take `action` on `remiss` now.

    The status is checked first, as `remiss.services.arbetsflode.apply_transition` does: a
    button on a page that has gone stale ("Påbörja beredning" on a remiss already under
    beredning) then explains itself instead of answering 403. Otherwise `policy.require`
    decides, and raises PermissionDenied (403).
    """
    statuses = policy.statuses_for(action)
    if statuses and remiss.status not in statuses:
        raise TransitionNotAllowed(action, remiss.status)
    policy.require(user, action, remiss)


def statusfel(url_name: str):
    """Turn TransitionNotAllowed into an error banner on `url_name` (which takes `pk`)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, pk, *args, **kwargs):
            try:
                return view(request, pk, *args, **kwargs)
            except TransitionNotAllowed as exc:
                messages.error(request, str(exc))
                return redirect(url_name, pk=pk)

        return wrapper

    return decorator


def i_attest(remiss) -> bool:
    """Sent for attest or attested: an edit must be confirmed, and voids the attestations."""
    return remiss.status in ATTEST_STATUSES


def med_bekraftelse(form, remiss):
    """`form`, with the confirmation checkbox when the document is in attest."""
    return lagg_till_bekraftelse(form) if i_attest(remiss) else form


def bekraftat(form) -> bool:
    return bool(form.cleaned_data.get("bekraftat"))


def bekraftelse_saknas(form, exc) -> None:
    """Show the service's KraverBekraftelse at the checkbox (or on top if there is none)."""
    form.add_error("bekraftat" if "bekraftat" in form.fields else None, str(exc))


def tu_att_andra(request, pk: int):
    """The tjänsteutlåtande of remiss `pk` for a page that changes it: 404 unless the user
    can see it (the selector), 403 or the status banner unless they may edit it now."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    kontrollera(request.user, Action.REDIGERA, tu.remiss)
    return tu


def del_att_andra(request, pk: int, hamta):
    """(tu, part) for a page that changes one part of remiss `pk`'s document (a beredningssteg,
    a bilaga): `hamta(tu)` looks the part up first, so an id that is not this document's
    answers 404 before any permission is asked; then as `tu_att_andra`."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    del_ = hamta(tu)
    kontrollera(request.user, Action.REDIGERA, tu.remiss)
    return tu, del_


def tu_sida(tu, form, **context) -> dict:
    """The context of every page about `tu`'s document, with the page's own `context`."""
    return {"form": form, "tu": tu, "remiss": tu.remiss, "i_attest": i_attest(tu.remiss), **context}


@dataclass(frozen=True)
class Done:
    """A service call that went through; `result` is what the service returned."""

    result: object = None


def call_service(request, form, service, /, *, alias=None, **kwargs) -> Done | None:
    """Call `service` for the valid `form`, as the user and with the form's confirmation.

    Done, or None when the service refused with KraverBekraftelse or ValidationError: those
    are then on the form (`alias` maps the service's field names to the form's). Anything
    else (Konflikt, TransitionNotAllowed, PermissionDenied) passes through.
    """
    try:
        return Done(service(user=request.user, **kwargs, bekraftat=bekraftat(form)))
    except KraverBekraftelse as exc:
        bekraftelse_saknas(form, exc)
    except ValidationError as exc:
        form.add_service_errors(exc, alias=alias)
    return None


def bekraftelsesida(request, tu, template: str, context: dict, *, service, meddelande, to):
    """A page that only asks before an action: removing a bilaga or a beredningssteg,
    writing the beredning text anew.

    GET asks (in attest with the warning and the confirmation checkbox); a POST is the answer
    and calls `service` (a partial with everything but the user and the confirmation). On
    success the user lands on `to` (a URL) with `meddelande`.
    """
    data = request.POST if request.method == "POST" else None
    form = med_bekraftelse(BekraftelseForm(data), tu.remiss)
    if request.method == "POST" and form.is_valid() and call_service(request, form, service):
        return klart(request, meddelande, to)
    return render_form(request, template, tu_sida(tu, form, **context))


def las_eller_redigera(request, pk: int):
    """(tu, may_edit) for a page that everyone who can see the remiss reads (the selector
    answers 404 otherwise) and only the handläggare changes: a POST must pass REDIGERA."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    if request.method == "POST":
        kontrollera(request.user, Action.REDIGERA, tu.remiss)
    return tu, policy.allowed(request.user, Action.REDIGERA, tu.remiss)
