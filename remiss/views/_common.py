"""What every remiss view shares: the permission check, status errors and form rendering."""

from functools import wraps

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render

from remiss import policy, selectors
from remiss.forms_tjansteutlatande import lagg_till_bekraftelse
from remiss.workflow import ATTEST_STATUSES, Action, TransitionNotAllowed

BAD_REQUEST = 400
CONFLICT = 409

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
    rule = policy.POLICY.get(action)
    if rule is not None and remiss.status not in rule.allowed_statuses(action):
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


def render_form(request, template: str, context: dict, *, form=None):
    """Render a form page: 400 when the (bound) form has errors, so tools and tests can tell."""
    form = form if form is not None else context.get("form")
    status = BAD_REQUEST if form is not None and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)


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


def las_eller_redigera(request, pk: int):
    """(tu, may_edit) for a page that everyone who can see the remiss reads (the selector
    answers 404 otherwise) and only the handläggare changes: a POST must pass REDIGERA."""
    tu = selectors.tjansteutlatande_for(request.user, pk)
    if request.method == "POST":
        kontrollera(request.user, Action.REDIGERA, tu.remiss)
    return tu, policy.allowed(request.user, Action.REDIGERA, tu.remiss)
