"""Lists of remisser: the start page (what waits for each of the user's roles), the user's own
open cases, and every case they may see. Every list is a page at a time."""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from nameden import policy as namnd_policy
from nameden import roles as namnd_roles
from remiss import policy, roles, selectors
from remiss.forms import ListaFilterForm
from remiss.selectors.remissrader import remiss_rader
from remiss.views._common import sida
from remiss.workflow import Action, Status

#: Rows of the start page's own section (the handläggare's open remisser) and of the others.
FORSTA_MINA = 10
FORSTA = 5


@dataclass(frozen=True)
class Startdel:
    """One section of the start page: the first few rows of a list, its size and where the
    whole list is."""

    sida: Page
    url: str
    #: The section's rows for remiss/_remiss_tabell.html (`remiss_rader`); empty for the
    #: attest section, whose rows are `selectors.inkorg_rader`.
    tabell: list = field(default_factory=list)

    @property
    def rader(self) -> list:
        return list(self.sida.object_list)

    @property
    def antal(self) -> int:
        return self.sida.paginator.count

    @property
    def fler(self) -> bool:
        return self.sida.has_next()


def _forsta(rader, antal: int, url: str, *, tabell: bool = True) -> Startdel:
    sida_ = Paginator(rader, antal).get_page(1)
    return Startdel(sida=sida_, url=url, tabell=remiss_rader(sida_.object_list) if tabell else [])


@require_GET
def mina(request):
    """The start page: for each role the user holds, what waits for them.

    Each section shows a bounded number of rows and links to its whole, paginated list, so
    the page costs the same however much data there is.
    """
    user = request.user
    if not (user.is_superuser or policy.holds(user, roles.LASA)):
        # Someone who reads no remisser (a förtroendevald) starts on the committee side:
        # the protokoll waiting for their justering, or the sammanträden they may read.
        if namnd_policy.holds(user, namnd_roles.JUSTERA_PROTOKOLL):
            return redirect("namnd:att_justera")
        if namnd_policy.holds(user, namnd_roles.LASA_NAMND):
            return redirect("namnd:lista")
    context: dict = {"nav_active": "mina"}
    if policy.holds(user, roles.HANDLAGGA):
        mina_ = _forsta(selectors.mina_remisser(user), FORSTA_MINA, reverse("remiss:mina_lista"))
        context["mina"] = mina_
        context["remisser"] = mina_.rader
    if policy.holds(user, roles.ATTESTERA):
        attest = _forsta(
            selectors.vantar_pa_attest(user), FORSTA, reverse("remiss:inkorg"), tabell=False
        )
        context["attest"] = attest
        context["attest_rader"] = selectors.inkorg_rader(user, attest.rader)
    if policy.holds(user, roles.REGISTRERA):
        context["registrerade"] = _forsta(
            selectors.senast_registrerade(user), FORSTA, reverse("remiss:lista")
        )
        context["kan_registrera"] = policy.allowed(user, Action.REGISTRERA)
    if policy.holds(user, roles.SEKRETERARE):
        context["till_namnd"] = _forsta(
            selectors.vantar_pa_namnden(user),
            FORSTA,
            f"{reverse('remiss:lista')}?status={Status.ATTESTERAD.value}",
        )
    context["ingen_roll"] = not any(
        k in context for k in ("mina", "attest", "registrerade", "till_namnd")
    )
    return render(request, "remiss/mina.html", context)


@require_GET
def mina_lista(request):
    """Every open remiss of the handläggare, the nearest svarsdatum first, a page at a time."""
    page_obj = sida(request, selectors.mina_remisser(request.user))
    return render(
        request,
        "remiss/mina_lista.html",
        {
            "page_obj": page_obj,
            "remisser": page_obj.object_list,
            "rader": remiss_rader(page_obj.object_list),
            "nav_active": "mina",
        },
    )


@require_GET
def lista(request):
    form = ListaFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    remisser = selectors.alla_remisser(
        request.user, status=filters.get("status", ""), sok=filters.get("q", "").strip()
    )
    page_obj = sida(request, remisser)
    return render(
        request,
        "remiss/lista.html",
        {
            "form": form,
            "page_obj": page_obj,
            "remisser": page_obj.object_list,
            "rader": remiss_rader(page_obj.object_list),
            "filtrerad": bool(filters.get("status") or filters.get("q")),
            "nav_active": "lista",
        },
    )
