"""Reads: every query the views need, each with its joins decided here (no N+1)."""

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.http import Http404

from nameden.models import Forvaltning, Namnd, Sammantrade
from nameden.sok import innehaller
from remiss import attestlage, policy
from remiss.diff import diff_versions
from remiss.dokument import Dokument, dokument_for
from remiss.fingeravtryck import stammer
from remiss.models import (
    Attestrunda,
    Beredningssteg,
    Bilaga,
    Dokumentmall,
    Handelse,
    Remiss,
    Slutversion,
    Tjansteutlatande,
)
from remiss.workflow import OPEN_STATUSES, Status

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
        # Case-insensitive for å, ä, ö too, on SQLite as on PostgreSQL (nameden.sok).
        qs = qs.filter(
            innehaller(("rubrik", "diarienummer", "avsandarens_diarienummer", "avsandare"), sok)
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


# --- Attest ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class InkorgRad:
    runda: Attestrunda
    remiss: Remiss
    tur: attestlage.Tur
    som_ersattare: bool
    lasning: attestlage.Lasning

    @property
    def sedd_version(self) -> int | None:
        return self.lasning.sedd_version

    @property
    def aktuell_version(self) -> int:
        return self.lasning.aktuell_version

    @property
    def andrad_sedan_sedd(self) -> bool:
        return self.lasning.andrad

    @property
    def jamfor_fran(self) -> int | None:
        return self.lasning.jamfor_fran

    @property
    def jamfor_till(self) -> int | None:
        return self.lasning.jamfor_till


def vantar_pa_attest(user) -> QuerySet[Attestrunda]:
    """Rounds waiting for `user` (or for someone they deputise for) among the remisser they
    may see, oldest first: the rule is `attestlage.vantande_rundor`, filtered in SQL, so a
    page of it costs the same however many rounds the förvaltning has pending."""
    qs = attestlage.vantande_rundor(user).filter(
        tjansteutlatande__remiss__in=policy.visible_remisser(user)
    )
    return attestlage.med_beslut(
        qs.select_related("tjansteutlatande__remiss__handlaggare").order_by("skickad_at", "id")
    )


def inkorg_rader(user, rundor) -> list[InkorgRad]:
    """The inbox rows for `rundor` (one page of `vantar_pa_attest`): whose turn, as deputy or
    not, and what changed since `user` last read each document. Fixed number of queries."""
    rundor = list(rundor)
    lasningar = attestlage.lasningar(user, [r.tjansteutlatande for r in rundor])
    rader = []
    for runda in rundor:
        tur = attestlage.nasta_tur(runda)
        tu = runda.tjansteutlatande
        rader.append(
            InkorgRad(
                runda=runda,
                remiss=tu.remiss,
                tur=tur,
                som_ersattare=tur.attestant_id != user.pk,
                lasning=lasningar[tu.pk],
            )
        )
    return rader


def att_attestera(user, *, limit: int | None = None) -> list[InkorgRad]:
    """The first `limit` (default: all) inbox rows of `user`; pages use `vantar_pa_attest`."""
    return inkorg_rader(user, vantar_pa_attest(user)[:limit])


def andringar_sedan_last(user, tu: Tjansteutlatande) -> list | None:
    """The sections changed since the version `user` last read (`attestlage.lasningar`), or
    None when there is nothing to show."""
    lasning = attestlage.lasningar(user, [tu])[tu.pk]
    if not lasning.andrad or lasning.jamfor_fran is None:
        return None
    gammal = Tjansteutlatande.history.get(history_id=lasning.jamfor_fran)
    return [rad for rad in diff_versions(gammal.avsnitt or [], tu.avsnitt) if rad.andrad]


# --- The start page ---------------------------------------------------------------------------


def senast_registrerade(user) -> QuerySet[Remiss]:
    """Remisser of the user's förvaltning, the latest registered first."""
    return _with_list_joins(policy.visible_remisser(user)).order_by("-registrerad_at", "-id")


def vantar_pa_namnden(user) -> QuerySet[Remiss]:
    """Attested remisser, waiting to go to the nämnd; the nearest svarsdatum first."""
    qs = policy.visible_remisser(user).filter(status=Status.ATTESTERAD)
    return _with_list_joins(qs).order_by("svarsdatum", "id")


# --- The stored final PDF ------------------------------------------------------------------


class SlutversionSkadad(Exception):
    """The stored final PDF is missing or no longer matches its SHA-256. Never served."""


def gallande_slutversion(
    tu: Tjansteutlatande, *, dokument: Dokument | None = None
) -> Slutversion | None:
    """The final version that is final now, or None: the one every link and export serves.

    Only a version that was never superseded (`upphavd_at`) and whose content fingerprint
    still matches the document as it reads now counts. A superseded version stays stored (a
    public record, see `upphavd_slutversion_for`) but is never "slutlig" again; a version
    that no longer matches the content (a change made behind the app's back) is not final
    either. Pass `dokument` when the caller has already read it (`dokument_for(tu)`).
    """
    return _gallande_bland(
        tu,
        Slutversion.objects.filter(tjansteutlatande=tu, upphavd_at__isnull=True),
        dokument=dokument,
    )


def _gallande_bland(
    tu: Tjansteutlatande, slutversioner, *, dokument: Dokument | None = None
) -> Slutversion | None:
    kandidater = [s for s in slutversioner if s.upphavd_at is None]
    if not kandidater:
        return None
    dokument = dokument or dokument_for(tu)
    # Newest first (the model's ordering): after an edit and a new round there can be more.
    for slutversion in kandidater:
        if stammer(
            dokument, sha256=slutversion.fingeravtryck, format=slutversion.fingeravtryck_format
        ):
            slutversion.tjansteutlatande = tu
            return slutversion
    return None


def slutversion_for(user, remiss_pk: int) -> Slutversion:
    """The final version now in force (`gallande_slutversion`); 404 if the user cannot see the
    remiss (so its existence does not leak) or if there is none."""
    tu = tjansteutlatande_for(user, remiss_pk)
    slutversion = gallande_slutversion(tu)
    if slutversion is None:
        raise Http404("Tjänsteutlåtandet har ingen gällande slutlig PDF.")
    return slutversion


def slutversioner_for(tu: Tjansteutlatande) -> list[Slutversion]:
    """Every final version ever made of `tu`, newest first, with who made and superseded it.

    Each carries `gallande` (True for the one `gallande_slutversion` serves), for the history.
    """
    slutversioner = list(
        Slutversion.objects.filter(tjansteutlatande=tu).select_related("skapad_av", "upphavd_av")
    )
    gallande = _gallande_bland(tu, slutversioner)
    for slutversion in slutversioner:
        slutversion.tjansteutlatande = tu
        slutversion.gallande = gallande is not None and slutversion.pk == gallande.pk
    return slutversioner


def upphavd_slutversion_for(user, remiss_pk: int, pk: int) -> Slutversion:
    """A superseded final version of the remiss's tjänsteutlåtande, for the history page.

    404 if the user cannot see the remiss, if the version belongs to another document, or if
    it is not superseded (a version in force is downloaded as the final one, never as this).
    """
    tu = tjansteutlatande_for(user, remiss_pk)
    try:
        slutversion = Slutversion.objects.select_related("upphavd_av").get(
            tjansteutlatande=tu, pk=pk, upphavd_at__isnull=False
        )
    except Slutversion.DoesNotExist as exc:
        raise Http404("Den upphävda slutversionen finns inte.") from exc
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


# --- Stored bilagor ------------------------------------------------------------------------


class BilagaSkadad(Exception):
    """A bilaga's stored file is missing or no longer matches its SHA-256. Never served."""


def bilaga_fil(bilaga: Bilaga, *, chunk_size: int = 1024 * 1024):
    """The bilaga's stored file, open and rewound, after checking it against its SHA-256.

    Hashed in chunks, so a large file is never held in memory; the caller streams the same
    open file. A mismatch (or a missing file) is logged as an error with both hashes and
    raises `BilagaSkadad`, as `slutversion_fil` does for the final PDF.
    """
    fil = None
    digest = hashlib.sha256()
    try:
        fil = bilaga.fil.open("rb")
        for chunk in iter(lambda: fil.read(chunk_size), b""):
            digest.update(chunk)
    except (OSError, ValueError) as exc:  # ValueError: no file recorded at all
        if fil is not None:
            fil.close()
        logger.error(
            "Bilaga %s: the stored file %s cannot be read: %s", bilaga.pk, bilaga.fil.name, exc
        )
        raise BilagaSkadad("Bilagan saknas i lagringen.") from exc
    if digest.hexdigest() != bilaga.sha256:
        fil.close()
        logger.error(
            "Bilaga %s: stored file %s has SHA-256 %s, recorded %s. Not served.",
            bilaga.pk,
            bilaga.fil.name,
            digest.hexdigest(),
            bilaga.sha256,
        )
        raise BilagaSkadad("Bilagan stämmer inte med sin kontrollsumma och lämnas inte ut.")
    fil.seek(0)
    return fil
