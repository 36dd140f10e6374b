"""Reads: every query the views need, each with its joins decided here (no N+1)."""

import hashlib
import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nameden.models import Ersattare, Forvaltning, Namnd, Sammantrade
from remiss import attestlage, policy
from remiss.models import (
    Attestrunda,
    Beredningssteg,
    Bilaga,
    Dokumentmall,
    Handelse,
    Remiss,
    SeddVersion,
    Slutversion,
    Tjansteutlatande,
)
from remiss.workflow import OPEN_STATUSES

User = get_user_model()
logger = logging.getLogger(__name__)


def _with_list_joins(qs: QuerySet[Remiss]) -> QuerySet[Remiss]:
    return qs.select_related("handlaggare", "forvaltning").prefetch_related("namnder")


def mina_remisser(user) -> QuerySet[Remiss]:
    """Open remisser assigned to `user`, the nearest svarsdatum first."""
    qs = policy.visible_remisser(user).filter(handlaggare=user, status__in=OPEN_STATUSES)
    return _with_list_joins(qs).order_by("svarsdatum", "id")


def alla_remisser(user, *, status: str = "", sok: str = "") -> QuerySet[Remiss]:
    qs = policy.visible_remisser(user)
    if status:
        qs = qs.filter(status=status)
    if sok:
        qs = qs.filter(
            Q(rubrik__icontains=sok)
            | Q(diarienummer__icontains=sok)
            | Q(avsandarens_diarienummer__icontains=sok)
            | Q(avsandare__icontains=sok)
        )
    return _with_list_joins(qs).order_by("svarsdatum", "id")


def remiss_for(user, pk: int) -> Remiss:
    """The remiss if `user` may see it; otherwise 404, so that its existence does not leak."""
    try:
        return (
            policy.visible_remisser(user)
            .select_related("handlaggare", "registrerad_av", "forvaltning")
            .prefetch_related("namnder")
            .get(pk=pk)
        )
    except Remiss.DoesNotExist as exc:
        raise Http404("Remissen finns inte.") from exc


def tjansteutlatande_for(user, remiss_pk: int) -> Tjansteutlatande:
    remiss = remiss_for(user, remiss_pk)
    try:
        tu = Tjansteutlatande.objects.select_related("sammantrade__namnd", "andrad_av", "mall").get(
            remiss=remiss
        )
    except Tjansteutlatande.DoesNotExist as exc:
        raise Http404("Remissen har inget tjänsteutlåtande ännu.") from exc
    tu.remiss = remiss
    return tu


def tidslinje(remiss: Remiss, *, limit: int = 200) -> QuerySet[Handelse]:
    return remiss.handelser.select_related("anvandare").order_by("-tidpunkt", "-id")[:limit]


def handlaggare_for(forvaltning: Forvaltning) -> QuerySet:
    """Active users of `forvaltning` who may be assigned a remiss."""
    perm = Q(groups__permissions__codename="handlagga_remiss") | Q(
        user_permissions__codename="handlagga_remiss"
    )
    ids = User.objects.filter(perm, is_active=True, avdelning__forvaltning=forvaltning).values("pk")
    return User.objects.filter(pk__in=ids).order_by("first_name", "last_name")


def medarbetare_for(forvaltning: Forvaltning) -> QuerySet:
    """Active users of `forvaltning` (candidates for undertecknare)."""
    return (
        User.objects.filter(is_active=True, avdelning__forvaltning=forvaltning)
        .select_related("avdelning__forvaltning")
        .order_by("first_name", "last_name")
    )


def namnder_for(forvaltning: Forvaltning) -> QuerySet[Namnd]:
    return Namnd.objects.filter(forvaltning=forvaltning).order_by("namn")


def mallar_for(forvaltning: Forvaltning) -> QuerySet[Dokumentmall]:
    return Dokumentmall.objects.filter(
        Q(forvaltning=forvaltning) | Q(forvaltning__isnull=True), aktiv=True
    ).order_by("-standard", "namn")


def sammantraden_for(remiss: Remiss) -> QuerySet[Sammantrade]:
    return (
        Sammantrade.objects.filter(namnd__in=remiss.namnder.all())
        .select_related("namnd")
        .order_by("datum")
    )


# --- Read helpers for the web views ---------------------------------------------------------


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


def versioner_for(tu: Tjansteutlatande) -> QuerySet:
    """Every saved version of the tjänsteutlåtande, the newest first, with who saved it."""
    return tu.history.select_related("history_user").order_by("-history_date", "-history_id")


def beredningssteg_lista(tu: Tjansteutlatande) -> QuerySet[Beredningssteg]:
    return tu.beredningssteg.order_by("ordning", "datum", "id")


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


# --- Attest ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InkorgRad:
    runda: Attestrunda
    remiss: Remiss
    tur: attestlage.Tur
    som_ersattare: bool
    sedd_version: int | None
    aktuell_version: int
    #: history ids to compare "the version you last saw" with the current one, if it changed
    jamfor_fran: int | None
    jamfor_till: int | None

    @property
    def andrad_sedan_sedd(self) -> bool:
        return self.sedd_version is not None and self.sedd_version != self.aktuell_version


def att_attestera(user) -> list[InkorgRad]:
    """Rounds waiting for `user` (or for someone they deputise for), oldest first.

    A fixed number of queries however many rounds there are.
    """
    dag = timezone.localdate()
    ersatter = set(
        Ersattare.objects.filter(ersattare=user, fran__lte=dag)
        .filter(Q(till__isnull=True) | Q(till__gte=dag))
        .values_list("ordinarie_id", flat=True)
    )
    vantande = (
        attestlage.rundor()
        .filter(
            status=Attestrunda.Status.PAGAR,
            tjansteutlatande__remiss__in=policy.visible_remisser(user),
        )
        .select_related("tjansteutlatande__remiss__handlaggare")
        .order_by("skickad_at", "id")
    )
    mina: list[tuple[Attestrunda, attestlage.Tur]] = []
    for runda in vantande:
        tur = attestlage.nasta_tur(runda)
        remiss = runda.tjansteutlatande.remiss
        if tur is None or user.pk in (remiss.handlaggare_id, runda.skickad_av_id):
            continue
        if any(user.pk in (a.attestant_id, a.i_stallet_for_id) for a in runda.attesteringar.all()):
            continue
        if tur.attestant_id == user.pk or tur.attestant_id in ersatter:
            mina.append((runda, tur))
    tu_ids = [r.tjansteutlatande_id for r, _ in mina]
    sedda = dict(
        SeddVersion.objects.filter(user=user, tjansteutlatande_id__in=tu_ids).values_list(
            "tjansteutlatande_id", "version"
        )
    )
    versioner = {
        (tu_id, version): history_id
        for history_id, tu_id, version in Tjansteutlatande.history.filter(id__in=tu_ids)
        .order_by("history_date")
        .values_list("history_id", "id", "version")
    }
    rader = []
    for runda, tur in mina:
        tu = runda.tjansteutlatande
        sedd = sedda.get(tu.pk)
        andrad = sedd is not None and sedd != tu.version
        rader.append(
            InkorgRad(
                runda=runda,
                remiss=tu.remiss,
                tur=tur,
                som_ersattare=tur.attestant_id != user.pk,
                sedd_version=sedd,
                aktuell_version=tu.version,
                jamfor_fran=versioner.get((tu.pk, sedd)) if andrad else None,
                jamfor_till=versioner.get((tu.pk, tu.version)) if andrad else None,
            )
        )
    return rader


# --- The stored final PDF ------------------------------------------------------------------


class SlutversionSkadad(Exception):
    """The stored final PDF is missing or no longer matches its SHA-256. Never served."""


def slutversion_for(user, remiss_pk: int) -> Slutversion:
    """The latest final version of the remiss's tjänsteutlåtande; 404 if the user cannot see the
    remiss (so its existence does not leak) or if there is no final version yet."""
    tu = tjansteutlatande_for(user, remiss_pk)
    # The newest: after an edit and a new attest round there is more than one.
    slutversion = Slutversion.objects.filter(tjansteutlatande=tu).first()
    if slutversion is None:
        raise Http404("Tjänsteutlåtandet har ingen slutlig PDF ännu.")
    slutversion.tjansteutlatande = tu
    return slutversion


def slutversion_fil(slutversion: Slutversion) -> bytes:
    """The stored bytes, after checking them against the recorded SHA-256.

    A finalised document must never change silently: a mismatch (or a missing file) is
    logged as an error and raises `SlutversionSkadad`; the bytes are not returned.
    """
    try:
        with slutversion.fil.open("rb") as fil:
            data = fil.read()
    except OSError as exc:
        logger.error(
            "Slutversion %s: the stored file %s cannot be read: %s",
            slutversion.pk,
            slutversion.fil.name,
            exc,
        )
        raise SlutversionSkadad("Den slutliga PDF:en saknas i lagringen.") from exc
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 != slutversion.sha256:
        logger.error(
            "Slutversion %s: stored file %s has SHA-256 %s, recorded %s. Not served.",
            slutversion.pk,
            slutversion.fil.name,
            sha256,
            slutversion.sha256,
        )
        raise SlutversionSkadad(
            "Den slutliga PDF:en stämmer inte med sin kontrollsumma och lämnas inte ut."
        )
    return data
