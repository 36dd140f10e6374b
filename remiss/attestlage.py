"""Reading the attestation state of a tjänsteutlåtande: whose turn, and is it still valid.

Nothing here writes. "Attested" is always computed against the current content: an approval
counts only while its fingerprint equals the fingerprint of the document as it reads now.
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
from remiss.models import Attestering, Attestrunda, Remiss, SeddVersion, Tjansteutlatande
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
    return (
        Attestrunda.objects.filter(status=Attestrunda.Status.PAGAR)
        .filter(Q(vantar_pa=user) | (Q(vantar_pa__in=ersatter) & ~Q(pk__in=namnd_i_kedjan)))
        .exclude(Q(skickad_av=user) | Q(tjansteutlatande__remiss__handlaggare=user))
        .exclude(Exists(redan_beslutat))
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
    return rundor().filter(tjansteutlatande=tu, status=Attestrunda.Status.KLAR).first()


def giltiga_attester(tu: Tjansteutlatande, *, dokument: Dokument | None = None) -> list[AttestRad]:
    """The "Attesterat av" lines, newest first, or [] unless the document is attested now.

    Each approval is checked in the fingerprint format it was recorded in (`stammer`), so
    approvals from before a format change stay valid while the content is unchanged.
    `dokument` is the document as it reads now, if the caller has read it already.
    """
    runda = senaste_klara_runda(tu)
    if runda is None:
        return []
    dokument = dokument if dokument is not None else dokument_for(tu)
    godkanda = [a for a in runda.attesteringar.all() if a.beslut == Attestering.Beslut.GODKAND]
    if len(godkanda) != len(runda.kedja) or any(
        a.ogiltig_at is not None
        or not stammer(dokument, sha256=a.fingeravtryck, format=a.fingeravtryck_format)
        for a in godkanda
    ):
        return []
    rader = sorted(godkanda, key=lambda a: (a.tidpunkt, a.steg), reverse=True)
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


def kedjestatus(runda: Attestrunda) -> list[KedjeSteg]:
    """Each step of a round: who, and what happened (for the case and attest pages)."""
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


def senaste_runda(tu: Tjansteutlatande) -> Attestrunda | None:
    return rundor().filter(tjansteutlatande=tu).first()


def obesvarad_retur(runda: Attestrunda | None) -> Attestering | None:
    """The return that ended `runda` (the document's latest round), while it is unanswered.

    A return is answered when the handläggare sends the document for attest again: then a
    newer round is the latest one and this gives None.
    """
    if runda is None or runda.status != Attestrunda.Status.RETURNERAD:
        return None
    return next(
        (a for a in runda.attesteringar.all() if a.beslut == Attestering.Beslut.RETURNERAD), None
    )


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
