"""Masking in lists and search: a remiss whose tjänsteutlåtande is secret shows, to everyone
who may not read it, "Sekretessbelagd handling (OSL 26:1)" in place of its subject, and a
search does not find it by the words of its subject.

Decided in SQL for the whole list (`maskera`: two annotations), with the same rule a page
uses (`remiss.sekretess.atkomst_q`), so a list costs the same queries however many rows are
secret. The public diary's rows (`diarium_rader`) are masked per OSL 5 kap. 2 §.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.http import Http404

from nameden.models import Kommun, Sekretessmarkering
from nameden.sekretess import (
    DOLD_UPPGIFT,
    MASKERAD_TITEL,
    far_lasa,
    galler_for_manga,
    maskerad_titel,
)
from remiss.models import Bilaga, Remiss, Tjansteutlatande
from remiss.sekretess import atkomst_q


def _markeringar(modell) -> QuerySet[Sekretessmarkering]:
    return Sekretessmarkering.objects.filter(
        content_type=ContentType.objects.get_for_model(modell), havd_at__isnull=True
    )


def _tu_markering():
    return _markeringar(Tjansteutlatande).filter(object_id=OuterRef("tjansteutlatande__pk"))


def tu_markering_id() -> Subquery:
    """On a Tjansteutlatande query: the id of its marking in force (None: not secret)."""
    return Subquery(
        _markeringar(Tjansteutlatande).filter(object_id=OuterRef("pk")).values("pk")[:1]
    )


def krav_lasbar(user, tu: Tjansteutlatande) -> None:
    """Http404 when `tu` (annotated by `tu_markering_id`) is secret and `user` may not read
    it; else keep its marking on it (`tu.sekretessmarkering`) for the page and the log."""
    tu.sekretessmarkering = None
    if getattr(tu, "sekretess_id", None) is None:
        return
    markering = Sekretessmarkering.objects.select_related("paragraf").get(pk=tu.sekretess_id)
    if not far_lasa(user, tu, markering):
        raise Http404("Remissen har inget tjänsteutlåtande ännu.")
    tu.sekretessmarkering = markering


def bilagor_maskerade(user, tu: Tjansteutlatande, bilagor) -> list:
    """The bilagor list with each bilaga's marking in force (`bilaga.sekretessmarkering`),
    its title as the user may see it (`bilaga.visad_titel`) and whether they may fetch it
    (`bilaga.far_hamtas`). One query for the markings; the access rule is the document's,
    asked once."""
    bilagor = list(bilagor)
    markeringar = galler_for_manga(Bilaga, [b.pk for b in bilagor])
    atkomst = None
    for bilaga in bilagor:
        bilaga.tjansteutlatande = tu
        markering = bilaga.sekretessmarkering = markeringar.get(bilaga.pk)
        if markering is not None and atkomst is None:
            atkomst = far_lasa(user, bilaga, markering)
        bilaga.far_hamtas = markering is None or atkomst
        bilaga.visad_titel = bilaga.titel if bilaga.far_hamtas else maskerad_titel(markering)
    return bilagor


def tu_hemlig() -> Exists:
    """Remisser whose tjänsteutlåtande has a marking in force."""
    return Exists(_tu_markering())


def maskera(qs: QuerySet[Remiss], user) -> QuerySet[Remiss]:
    """Annotate each remiss with its tjänsteutlåtande's paragraph in force (`sekretess_kapitel`,
    `sekretess_paragraf`, None when not secret) and whether `user` may read it."""
    markering = _tu_markering()
    qs = qs.annotate(
        sekretess_kapitel=Subquery(markering.values("paragraf__kapitel")[:1]),
        sekretess_paragraf=Subquery(markering.values("paragraf__paragraf")[:1]),
    )
    if user.is_superuser:
        return qs.annotate(sekretess_atkomst=Value(True, output_field=BooleanField()))
    return qs.annotate(
        sekretess_atkomst=ExpressionWrapper(atkomst_q(user), output_field=BooleanField())
    )


def sokbar_rubrik(user) -> Q:
    """Where a search may match the subject: not on a secret remiss the user may not read."""
    if user.is_superuser:
        return Q()
    return ~Q(tu_hemlig()) | atkomst_q(user)


def visad_rubrik(remiss: Remiss) -> str:
    """The subject as a list shows it (after `maskera`)."""
    kapitel = getattr(remiss, "sekretess_kapitel", None)
    if kapitel is None or getattr(remiss, "sekretess_atkomst", True):
        return remiss.rubrik
    beteckning = f"OSL {kapitel}:{remiss.sekretess_paragraf}"
    return MASKERAD_TITEL.format(beteckning=beteckning)


# --- The public diary (OSL 5 kap. 1–2 §) -------------------------------------------------


def diarium_rader(kommun: Kommun) -> QuerySet[Remiss]:
    """Every registered remiss of the kommun, the latest first, each annotated `dold`: true
    when its tjänsteutlåtande or a bilaga is secret under a paragraph that lets the diary
    hide sender and subject (OSL 5 kap. 2 §)."""
    dolj = Q(paragraf__dolj_i_diariet=True)
    tu_dold = _tu_markering().filter(dolj)
    bilaga_dold = _markeringar(Bilaga).filter(
        dolj,
        object_id__in=Bilaga.objects.filter(
            tjansteutlatande__remiss_id=OuterRef(OuterRef("pk"))
        ).values("pk"),
    )
    return (
        Remiss.objects.filter(forvaltning__kommun=kommun)
        .select_related("forvaltning")
        .annotate(
            dold=ExpressionWrapper(
                Q(Exists(tu_dold)) | Q(Exists(bilaga_dold)), output_field=BooleanField()
            )
        )
        .order_by("-inkom_datum", "-id")
    )


def diarium_rad(remiss: Remiss) -> dict:
    """One row of the public diary: the minimum of OSL 5 kap. 1 §, masked when `dold`."""
    return {
        "diarienummer": remiss.diarienummer,
        "datum": remiss.inkom_datum,
        "forvaltning": remiss.forvaltning.namn,
        "avsandare": DOLD_UPPGIFT if remiss.dold else remiss.avsandare,
        "rubrik": DOLD_UPPGIFT if remiss.dold else remiss.rubrik,
        "dold": remiss.dold,
    }


def maskera_instanser(user, remisser) -> list[Remiss]:
    """`maskera` for remisser already read (an inbox row's remiss): the same two annotations
    set on each instance, from one query, so `visad_rubrik` masks them as a list would."""
    remisser = list(remisser)
    varden = {
        rad["pk"]: rad
        for rad in maskera(Remiss.objects.filter(pk__in={r.pk for r in remisser}), user).values(
            "pk", "sekretess_kapitel", "sekretess_paragraf", "sekretess_atkomst"
        )
    }
    for remiss in remisser:
        rad = varden.get(remiss.pk, {})
        remiss.sekretess_kapitel = rad.get("sekretess_kapitel")
        remiss.sekretess_paragraf = rad.get("sekretess_paragraf")
        remiss.sekretess_atkomst = rad.get("sekretess_atkomst", True)
    return remisser
