"""Reading the attestation state of a tjänsteutlåtande: whose turn, and is it still valid.

Nothing here writes. "Attested" is always computed against the current content: an approval
counts only while its fingerprint equals the fingerprint of the document as it reads now.

A joint document is sent as one round per förvaltning's chain (a *sändning*: the main round
and its `delrundor`, `remiss.models.attestering`). Each chain moves on its own; the document
is attested only when every round of the sändning is complete and every approval in them
matches the content.
"""

import datetime as dt
import functools
import operator
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from nameden.models import Ersattare, User
from remiss import roles
from remiss.attestkedja import ROLLER
from remiss.dokument import AttestRad, Dokument, dokument_for
from remiss.fingeravtryck import stammer
from remiss.models import (
    Attestering,
    Attestrunda,
    MedverkandeForvaltning,
    Remiss,
    SeddVersion,
    Tjansteutlatande,
)
from remiss.workflow import Status

ROLL_ETIKETT = {roll: label.capitalize() for roll, (label, _) in ROLLER.items()}

_CACHE_FAR = "_attestlage_far_attestera"


def med_beslut(qs: QuerySet[Attestrunda]) -> QuerySet[Attestrunda]:
    """`qs` with each round's decisions read in one query, in step order."""
    return qs.prefetch_related(
        Prefetch("attesteringar", queryset=Attestering.objects.order_by("steg"))
    )


def rundor() -> QuerySet[Attestrunda]:
    return med_beslut(Attestrunda.objects.all())


def sandning(runda: Attestrunda) -> list[Attestrunda]:
    """Every round sent together with `runda` (the main round first, then each medverkande
    förvaltning's), with their decisions. Just `[runda]` for a one-chain sending, no query."""
    if runda.antal_kedjor <= 1:
        return [runda]
    huvud_id = runda.huvudrunda_id or runda.pk
    return list(
        med_beslut(Attestrunda.objects.filter(Q(pk=huvud_id) | Q(huvudrunda_id=huvud_id)))
        .select_related("forvaltning")
        .order_by("id")
    )


def glom(remiss: Remiss) -> None:
    """Forget what was cached about the round, after a service changed it."""
    remiss.__dict__.pop(_CACHE_FAR, None)


@dataclass(frozen=True)
class Tur:
    """Whose turn it is in a round: step number (1-based), role and designated person."""

    steg: int
    roll: str
    attestant_id: int
    sista: bool


def nasta_tur(runda: Attestrunda) -> Tur | None:
    beslutade = len(runda.attesteringar.all())
    if runda.status != Attestrunda.Status.PAGAR or beslutade >= len(runda.kedja):
        return None
    step = runda.kedja[beslutade]
    return Tur(
        steg=beslutade + 1,
        roll=step["roll"],
        attestant_id=step["attestant_id"],
        sista=beslutade + 1 == len(runda.kedja),
    )


def vantar_pa_id(runda: Attestrunda) -> int | None:
    """The designated attestant of the open step, or None once the round has ended.

    The value the attest services store in `Attestrunda.vantar_pa` whenever a round starts,
    moves on or ends.
    """
    tur = nasta_tur(runda)
    return tur.attestant_id if tur is not None else None


# --- Who may attest: the one rule ---------------------------------------------------------------


def vantande_rundor(user, *, dag: dt.date | None = None) -> QuerySet[Attestrunda]:
    """The rounds whose open step `user` may decide: the rule of who attests, as one filter.

    - the step's designated attestant, or their deputy (nameden.Ersattare) on `dag` (today);
    - never the handläggare of the remiss nor whoever sent the round (no one attests their
      own draft);
    - never someone who already decided a step of the round, themselves or as a deputy (no
      one attests twice);
    - a deputy only when not named for a step of the round themselves: deputising for an
      earlier step would leave their own step with no one allowed to decide it;
    - only a user who holds the attest permission (a deputy without it is shown nothing).

    The inbox lists these rounds and the policy's ATTESTANT relation asks about one remiss
    (`far_attestera`); both come here, so the rule cannot drift apart. Visibility (the
    förvaltning) is the policy's, on top of this.
    """
    if not user.is_authenticated or not user.has_perm(roles.ATTESTERA):
        return Attestrunda.objects.none()
    dag = dag or timezone.localdate()
    ersatter = (
        Ersattare.objects.filter(ersattare=user, fran__lte=dag)
        .filter(Q(till__isnull=True) | Q(till__gte=dag))
        .values("ordinarie_id")
    )
    redan_beslutat = Attestering.objects.filter(runda=OuterRef("pk")).filter(
        Q(attestant=user) | Q(i_stallet_for=user)
    )
    # A chain names each person once and has at most one step per role (attestkedja), so
    # its length is bounded by ROLLER: each position can be asked about in SQL on both
    # databases.
    namnd_i_kedjan = Attestrunda.objects.filter(
        functools.reduce(
            operator.or_,
            (Q(**{f"kedja__{i}__attestant_id": user.pk}) for i in range(len(ROLLER))),
        )
    ).values("pk")
    # A medverkande förvaltning's kontaktperson co-wrote the document: not theirs to attest.
    kontaktperson = MedverkandeForvaltning.objects.filter(
        remiss=OuterRef("tjansteutlatande__remiss"), kontaktperson=user, borttagen_at__isnull=True
    )
    return (
        Attestrunda.objects.filter(status=Attestrunda.Status.PAGAR)
        .filter(Q(vantar_pa=user) | (Q(vantar_pa__in=ersatter) & ~Q(pk__in=namnd_i_kedjan)))
        .exclude(Q(skickad_av=user) | Q(tjansteutlatande__remiss__handlaggare=user))
        .exclude(Exists(redan_beslutat))
        .exclude(Exists(kontaktperson))
    )


def far_attestera(user, remiss: Remiss) -> bool:
    """May `user` decide the current step of `remiss`'s round? `vantande_rundor`, for one remiss.

    Cached on the instance for the request (a page asks for ATTESTERA and RETURNERA);
    `remiss.services.las.las_arende` hands services a fresh, locked instance.
    """
    cache = remiss.__dict__.setdefault(_CACHE_FAR, {})
    if user.pk not in cache:
        cache[user.pk] = (
            vantande_rundor(user).filter(tjansteutlatande__remiss_id=remiss.pk).exists()
        )
    return cache[user.pk]


def attest_bruten(remiss: Remiss, attester: list[AttestRad]) -> bool:
    """Attested by the workflow, yet no valid attestation matches the content as it reads now
    (changed behind the app's back): the pages warn, and it is not treated as attested."""
    return remiss.status == Status.ATTESTERAD and not attester


def senaste_klara_runda(tu: Tjansteutlatande) -> Attestrunda | None:
    """The main round whose chain is complete (there is at most one: voiding ends it)."""
    return (
        rundor()
        .filter(tjansteutlatande=tu, status=Attestrunda.Status.KLAR, huvudrunda__isnull=True)
        .first()
    )


def _giltiga(runda: Attestrunda, dokument: Dokument) -> list[Attestering] | None:
    """The approvals of a complete round, or None unless every step is approved, not voided
    and matches the content as it reads now."""
    if runda.status != Attestrunda.Status.KLAR:
        return None
    godkanda = [a for a in runda.attesteringar.all() if a.beslut == Attestering.Beslut.GODKAND]
    if len(godkanda) != len(runda.kedja) or any(
        a.ogiltig_at is not None
        or not stammer(dokument, sha256=a.fingeravtryck, format=a.fingeravtryck_format)
        for a in godkanda
    ):
        return None
    return godkanda


def giltiga_attester(tu: Tjansteutlatande, *, dokument: Dokument | None = None) -> list[AttestRad]:
    """The "Attesterat av" lines, newest first, or [] unless the document is attested now:
    every chain of the sändning complete (a joint document lists everyone of every chain).

    Each approval is checked in the fingerprint format it was recorded in (`stammer`), so
    approvals from before a format change stay valid while the content is unchanged.
    `dokument` is the document as it reads now, if the caller has read it already.
    """
    runda = senaste_klara_runda(tu)
    if runda is None:
        return []
    dokument = dokument if dokument is not None else dokument_for(tu)
    godkanda: list[Attestering] = []
    for del_ in sandning(runda):
        giltiga = _giltiga(del_, dokument)
        if giltiga is None:
            return []
        godkanda.extend(giltiga)
    rader = sorted(godkanda, key=lambda a: (a.tidpunkt, a.runda_id, a.steg), reverse=True)
    return [AttestRad(namn=a.namn, titel=a.titel, datum=a.tidpunkt.date()) for a in rader]


def ar_attesterad(tu: Tjansteutlatande) -> bool:
    return bool(giltiga_attester(tu))


# --- The attestant's inbox and the chain as shown on a page ------------------------------------


#: A step's status → the tag shown for it (text, colour).
STEG_TAGG = {
    "godkand": ("Attesterad", "green"),
    "returnerad": ("Returnerad", "red"),
    "ogiltig": ("Upphävd", "grey"),
    "vantar": ("Väntar", "yellow"),
    "kommande": ("Kommande", "grey"),
}


@dataclass(frozen=True)
class KedjeSteg:
    steg: int
    roll: str
    attestant: str
    status: str  # "godkand", "returnerad", "vantar", "kommande", "ogiltig"
    attestering: Attestering | None

    @property
    def tagg_text(self) -> str:
        return STEG_TAGG[self.status][0]

    @property
    def tagg_farg(self) -> str:
        return STEG_TAGG[self.status][1]


def kedjestatus(runda: Attestrunda, *, personer: dict[int, User] | None = None) -> list[KedjeSteg]:
    """Each step of a round: who, and what happened (for the case and attest pages).
    `personer` (id → user) when the caller has read the attestants already."""
    if personer is None:
        personer = {
            u.pk: u for u in User.objects.filter(pk__in=[s["attestant_id"] for s in runda.kedja])
        }
    beslut = {a.steg: a for a in runda.attesteringar.all()}
    tur = nasta_tur(runda)
    steg_list = []
    for i, step in enumerate(runda.kedja, start=1):
        attestering = beslut.get(i)
        if attestering is not None:
            status = "ogiltig" if attestering.ogiltig_at else attestering.beslut
        elif tur is not None and tur.steg == i:
            status = "vantar"
        else:
            status = "kommande"
        person = personer.get(step["attestant_id"])
        steg_list.append(
            KedjeSteg(
                steg=i,
                roll=ROLL_ETIKETT.get(step["roll"], step["roll"]),
                attestant=str(person) if person else "–",
                status=status,
                attestering=attestering,
            )
        )
    return steg_list


@dataclass(frozen=True)
class Kedja:
    """One förvaltning's chain in a sändning, as the attest page shows it."""

    forvaltning: str
    runda: Attestrunda
    steg: list[KedjeSteg]


def kedjor(runda: Attestrunda, remiss: Remiss) -> list[Kedja]:
    """Each chain of `runda`'s sändning under its förvaltning, the registering one first: two
    queries for the attestants and the rounds, however many chains."""
    rundor_ = sandning(runda)
    personer = {
        u.pk: u
        for u in User.objects.filter(pk__in=[s["attestant_id"] for r in rundor_ for s in r.kedja])
    }
    return [
        Kedja(
            forvaltning=str(r.forvaltning or remiss.forvaltning),
            runda=r,
            steg=kedjestatus(r, personer=personer),
        )
        for r in rundor_
    ]


def senaste_runda(tu: Tjansteutlatande) -> Attestrunda | None:
    """The latest sändning's main round (the registering förvaltning's chain)."""
    return rundor().filter(tjansteutlatande=tu, huvudrunda__isnull=True).first()


def obesvarad_retur(runda: Attestrunda | None) -> Attestering | None:
    """The return that ended `runda`'s sändning (the document's latest), while unanswered.

    A return is answered when the handläggare sends the document for attest again: then a
    newer round is the latest one and this gives None. In a joint document the return may
    be in any förvaltning's chain.
    """
    if runda is None:
        return None
    for del_ in sandning(runda):
        if del_.status == Attestrunda.Status.RETURNERAD:
            return next(
                (a for a in del_.attesteringar.all() if a.beslut == Attestering.Beslut.RETURNERAD),
                None,
            )
    return None


# --- "Changed since you last read" ------------------------------------------------------------


@dataclass(frozen=True)
class Lasning:
    """What an attestant last read of a document, against what it says now."""

    sedd_version: int | None
    aktuell_version: int
    #: history ids of "the version you last read" and of the current one, if it changed since
    jamfor_fran: int | None
    jamfor_till: int | None

    @property
    def andrad(self) -> bool:
        return self.sedd_version is not None and self.sedd_version != self.aktuell_version

    @property
    def tagg(self) -> tuple[str, str]:
        """The tag (text, colour) for the inbox."""
        if self.sedd_version is None:
            return "Inte läst", "blue"
        if self.andrad:
            return "Ändrad", "yellow"
        return "Oförändrad", "grey"


def lasningar(user, tus: Iterable[Tjansteutlatande]) -> dict[int, Lasning]:
    """For each document (by id): what `user` last read of it and what to compare.

    The one place "changed since you last read" is worked out; the inbox and the attest page
    both read it. Two queries however many documents.
    """
    tus = list(tus)
    sedda = dict(
        SeddVersion.objects.filter(
            user=user, tjansteutlatande__in=[tu.pk for tu in tus]
        ).values_list("tjansteutlatande_id", "version")
    )
    behov = Q()
    for tu in tus:
        sedd = sedda.get(tu.pk)
        if sedd is not None and sedd != tu.version:
            behov |= Q(id=tu.pk, version__in=[sedd, tu.version])
    versioner: dict[tuple[int, int], int] = {}
    if behov:
        # The latest saved row of each version (a save without a change repeats the version).
        for history_id, tu_id, version in (
            Tjansteutlatande.history.filter(behov)
            .order_by("history_date", "history_id")
            .values_list("history_id", "id", "version")
        ):
            versioner[(tu_id, version)] = history_id
    resultat = {}
    for tu in tus:
        sedd = sedda.get(tu.pk)
        andrad = sedd is not None and sedd != tu.version
        resultat[tu.pk] = Lasning(
            sedd_version=sedd,
            aktuell_version=tu.version,
            jamfor_fran=versioner.get((tu.pk, sedd)) if andrad else None,
            jamfor_till=versioner.get((tu.pk, tu.version)) if andrad else None,
        )
    return resultat
