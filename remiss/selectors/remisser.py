"""Remisser: the lists, one case, the start page's sections and the organisation's choices."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from nameden.models import Forvaltning, Namnd, Sammantrade
from nameden.sok import innehaller
from remiss import policy, samverkan
from remiss.models import (
    Dokumentmall,
    Handelse,
    MedverkandeForvaltning,
    Remiss,
    Tjansteutlatande,
)
from remiss.selectors import sekretess
from remiss.workflow import OPEN_STATUSES, Action, Status

User = get_user_model()


def _with_list_joins(qs: QuerySet[Remiss], user) -> QuerySet[Remiss]:
    # Masked for `user` where the document is secret (remiss.selectors.sekretess). The
    # nämnder of a page are read by `remissrader.remiss_rader`, in one query of names.
    qs = qs.select_related("handlaggare")
    return sekretess.maskera(qs, user)


def mina_remisser(user) -> QuerySet[Remiss]:
    """Open remisser assigned to `user`, or whose joint document they write as a medverkande
    förvaltning's kontaktperson, the nearest svarsdatum first."""
    kontakt = MedverkandeForvaltning.objects.filter(kontaktperson=user, borttagen_at__isnull=True)
    qs = policy.visible_remisser(user).filter(
        Q(handlaggare=user) | Q(pk__in=kontakt.values("remiss_id")), status__in=OPEN_STATUSES
    )
    return _with_list_joins(qs, user).order_by("svarsdatum", "id")


def alla_remisser(user, *, status: str = "", sok: str = "") -> QuerySet[Remiss]:
    qs = policy.visible_remisser(user)
    if status:
        qs = qs.filter(status=status)
    if sok:
        # Case-insensitive for å, ä, ö too, on SQLite as on PostgreSQL (nameden.sok). A joint
        # document is found by every deltagare's diarienummer (one subquery).
        medverkar = MedverkandeForvaltning.objects.filter(
            innehaller(("diarienummer",), sok), borttagen_at__isnull=True
        )
        # A secret document's subject is not searched for those who may not read it.
        qs = qs.filter(
            (innehaller(("rubrik",), sok) & sekretess.sokbar_rubrik(user))
            | innehaller(("diarienummer", "avsandarens_diarienummer", "avsandare"), sok)
            | Q(pk__in=medverkar.values("remiss_id"))
        )
    return _with_list_joins(qs, user).order_by("svarsdatum", "id")


def remiss_for(user, pk: int) -> Remiss:
    """The remiss if `user` may see it; otherwise 404, so that its existence does not leak.

    Its deltagare (`remiss.samverkan`) are read once, when a page or the policy first asks:
    a page that never needs them (the registering förvaltning's own people on most pages)
    pays nothing for joint documents."""
    try:
        qs = (
            policy.visible_remisser(user)
            .select_related("handlaggare", "registrerad_av", "forvaltning", "klass")
            .prefetch_related("namnder")
        )
        # The subject masked where the document is secret (`visad_rubrik`), in the same query.
        return sekretess.maskera(qs, user).get(pk=pk)
    except Remiss.DoesNotExist as exc:
        raise Http404("Remissen finns inte.") from exc


def remiss_att_medverka_i(user, *, forvaltning: Forvaltning, diarienummer: str) -> Remiss | None:
    """The remiss registered in `forvaltning`'s diarium as `diarienummer`, if `user` (a
    registrator of another förvaltning) may register their förvaltning's participation in it
    now; None otherwise, whatever the reason, so the lookup tells nothing more about another
    förvaltning's diarium than that."""
    diarienummer = " ".join((diarienummer or "").split())
    if not diarienummer or user.avdelning_id is None:
        return None
    remiss = (
        Remiss.objects.select_related("forvaltning", "handlaggare")
        .prefetch_related("namnder", samverkan.prefetch_medverkande())
        .filter(
            forvaltning=forvaltning,
            forvaltning__kommun_id=user.avdelning.forvaltning.kommun_id,
            diarienummer__iexact=diarienummer,
        )
        .first()
    )
    if remiss is None or not policy.allowed(user, Action.REGISTRERA_MEDVERKAN, remiss):
        return None
    return remiss


def tjansteutlatande_for(user, remiss_pk: int) -> Tjansteutlatande:
    remiss = remiss_for(user, remiss_pk)
    try:
        tu = (
            Tjansteutlatande.objects.select_related("sammantrade__namnd", "andrad_av", "mall")
            .annotate(sekretess_id=sekretess.tu_markering_id())
            .get(remiss=remiss)
        )
    except Tjansteutlatande.DoesNotExist as exc:
        raise Http404("Remissen har inget tjänsteutlåtande ännu.") from exc
    tu.remiss = remiss
    # A secret document is 404 to those who may not read it (remiss.sekretess).
    sekretess.krav_lasbar(user, tu)
    return tu


def tidslinje(remiss: Remiss) -> QuerySet[Handelse]:
    """The case's timeline, the newest first (the page shows it a page at a time)."""
    return remiss.handelser.select_related("anvandare").order_by("-tidpunkt", "-id")


def handlaggare_for(forvaltning: Forvaltning) -> QuerySet:
    """Active users of `forvaltning` who may be assigned a remiss."""
    perm = Q(groups__permissions__codename="handlagga_remiss") | Q(
        user_permissions__codename="handlagga_remiss"
    )
    ids = User.objects.filter(perm, is_active=True, avdelning__forvaltning=forvaltning).values("pk")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name")


def undertecknare_for(forvaltning: Forvaltning, *, behall: Iterable[int] = ()) -> QuerySet:
    """The people of `forvaltning` who sign its documents: active users of an avdelning of
    it who are its förvaltningschef, lead one of its avdelningar, or may attest
    (`remiss.attestera_remiss`, through a role or given directly).

    Never a läsare or a handläggare, and never an administrator for being one: a superuser's
    implicit permissions do not count. `tjansteutlatande_spara_huvud` checks the same rule.
    `behall` are users a document already names: offered too, so that keeping them is
    possible after they stopped signing (the rule is for new choices).
    """
    signs = (
        Q(pk=forvaltning.chef_id)
        | Q(leder_avdelningar__forvaltning=forvaltning)
        | Q(groups__permissions__codename="attestera_remiss")
        | Q(user_permissions__codename="attestera_remiss")
    )
    ids = User.objects.filter(signs, is_active=True, avdelning__forvaltning=forvaltning).values(
        "pk"
    )
    return (
        User.objects.filter(Q(pk__in=ids) | Q(pk__in=list(behall)))
        .select_related("avdelning__forvaltning")
        .order_by("first_name", "last_name")
    )


def namnder_for(forvaltning: Forvaltning) -> QuerySet[Namnd]:
    return Namnd.objects.filter(forvaltning=forvaltning).order_by("namn")


def _mall_for(forvaltning: Forvaltning) -> Q:
    """The mallar `forvaltning` may use: its own, its kommun's, and those for every kommun
    (no kommun, no förvaltning). Never another kommun's, even without a förvaltning."""
    delad = Q(forvaltning__isnull=True) & (
        Q(kommun_id=forvaltning.kommun_id) | Q(kommun__isnull=True)
    )
    return Q(forvaltning=forvaltning) | delad


def mallar_for(forvaltning: Forvaltning) -> QuerySet[Dokumentmall]:
    """The active mallar offered when `forvaltning` starts a beredning, the default first."""
    return Dokumentmall.objects.filter(_mall_for(forvaltning), aktiv=True).order_by(
        "-standard", "namn"
    )


def mall_far_anvandas(mall: Dokumentmall, forvaltning: Forvaltning) -> bool:
    """Whether `forvaltning` may create a document from `mall` (the service's check, the
    same rule as the list offered)."""
    return mallar_for(forvaltning).filter(pk=mall.pk).exists()


def sammantraden_for(remiss: Remiss) -> QuerySet[Sammantrade]:
    return (
        Sammantrade.objects.filter(namnd__in=remiss.namnder.all())
        .select_related("namnd")
        .order_by("datum")
    )


def avsandare_for(forvaltning: Forvaltning | None, *, limit: int = 200) -> list[str]:
    """Senders already used in `forvaltning`'s remisser (suggestions when registering)."""
    if forvaltning is None:
        return []
    return list(
        Remiss.objects.filter(forvaltning=forvaltning)
        .order_by("avsandare")
        .values_list("avsandare", flat=True)
        .distinct()[:limit]
    )


def senast_registrerade(user) -> QuerySet[Remiss]:
    """Remisser of the user's förvaltning, the latest registered first."""
    return _with_list_joins(policy.visible_remisser(user), user).order_by("-registrerad_at", "-id")


def vantar_pa_namnden(user) -> QuerySet[Remiss]:
    """Attested remisser, waiting to go to the nämnd; the nearest svarsdatum first."""
    qs = policy.visible_remisser(user).filter(status=Status.ATTESTERAD)
    return _with_list_joins(qs, user).order_by("svarsdatum", "id")
