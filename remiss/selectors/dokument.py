"""The tjänsteutlåtande's parts: versions, beredningssteg, bilagor and the mall's guidance."""

from django.db.models import F, QuerySet
from django.http import Http404

from remiss.models import (
    Beredningssteg,
    Bilaga,
    Tjansteutlatande,
)


def versioner_for(tu: Tjansteutlatande) -> QuerySet:
    """Every saved version of the tjänsteutlåtande, the newest first, with who saved it."""
    return tu.history.select_related("history_user").order_by("-history_date", "-history_id")


def versioner_med_id(tu: Tjansteutlatande, history_ids) -> dict:
    """The versions of `tu` with these history ids (ids of other documents are left out)."""
    ids = [i for i in history_ids if i is not None]
    return {v.history_id: v for v in versioner_for(tu).filter(history_id__in=ids)} if ids else {}


def beredningssteg_lista(tu: Tjansteutlatande) -> QuerySet[Beredningssteg]:
    """In the order "Ärendets beredning" tells them (`remiss.beredning.i_datumordning`)."""
    return tu.beredningssteg.order_by(F("datum").asc(nulls_first=True), "ordning", "id")


def beredningssteg_for(tu: Tjansteutlatande, pk: int) -> Beredningssteg:
    """A step of this tjänsteutlåtande; 404 for a step of any other."""
    try:
        return tu.beredningssteg.get(pk=pk)
    except Beredningssteg.DoesNotExist as exc:
        raise Http404("Beredningssteget finns inte.") from exc


def bilagor_lista(tu: Tjansteutlatande) -> QuerySet[Bilaga]:
    return tu.bilagor.select_related("uppladdad_av").order_by("ordning")


def bilaga_for(tu: Tjansteutlatande, pk: int) -> Bilaga:
    """A bilaga of this tjänsteutlåtande; 404 for a bilaga of any other."""
    try:
        return tu.bilagor.get(pk=pk)
    except Bilaga.DoesNotExist as exc:
        raise Http404("Bilagan finns inte.") from exc


def hjalptext_for(tu: Tjansteutlatande, nyckel: str) -> str:
    """The mall's guidance for one section ("" when the mall no longer has it)."""
    return tu.mall.avsnitt.filter(nyckel=nyckel).values_list("hjalptext", flat=True).first() or ""
