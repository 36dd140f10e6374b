"""Which förvaltningar a remiss's document speaks for, in the order the header names them.

A tjänsteutlåtande is usually one förvaltning's: its diarienummer, its handläggare as
kontaktperson. A joint document (issue 9) is written by two or more förvaltningar, each with
its own diarienummer, kontaktperson and attest chain (`remiss.models.MedverkandeForvaltning`).
The header (`remiss.dokumenthuvud`), the attestation (`remiss.attestkedja`) and the policy
(`remiss.policy`) all read the participants from here, so they cannot disagree about who takes
part.

Nothing here writes.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from nameden.models import Forvaltning, User
from remiss.models import MedverkandeForvaltning


@dataclass(frozen=True)
class Deltagare:
    """One förvaltning taking part in the document: the one that registered the remiss first,
    then any that answer with it."""

    forvaltning: Forvaltning
    diarienummer: str
    kontaktperson: User
    #: The participation row; None for the registering förvaltning (the remiss itself).
    medverkan: MedverkandeForvaltning | None = None

    @property
    def registrerande(self) -> bool:
        return self.medverkan is None


def medverkande_qs():
    """The medverkande rows with what `deltagare` reads, in their order."""
    return (
        MedverkandeForvaltning.objects.filter(borttagen_at__isnull=True)
        .select_related("forvaltning__chef", "kontaktperson__avdelning__chef", "klass")
        .order_by("ordning", "id")
    )


def prefetch_medverkande() -> Prefetch:
    """For a list of remisser: `qs.prefetch_related(prefetch_medverkande())` makes `deltagare`
    and `forvaltning_ids` free for every row (one query for the whole page)."""
    return Prefetch("medverkande", queryset=medverkande_qs())


_CACHE = "_samverkan_medverkande"


def medverkande(remiss) -> list[MedverkandeForvaltning]:
    """The medverkande rows of `remiss`: from the prefetch when there is one, else one query,
    remembered on the instance for the request (the policy asks several times per page;
    `remiss.services.las.las_arende` hands services a fresh instance)."""
    cache = getattr(remiss, "_prefetched_objects_cache", {})
    if "medverkande" in cache:
        return list(cache["medverkande"])
    if remiss.pk is None:
        return []
    if _CACHE not in remiss.__dict__:
        remiss.__dict__[_CACHE] = list(medverkande_qs().filter(remiss=remiss))
    return remiss.__dict__[_CACHE]


def glom(remiss) -> None:
    """Forget the remembered rows, after a service changed them."""
    remiss.__dict__.pop(_CACHE, None)
    getattr(remiss, "_prefetched_objects_cache", {}).pop("medverkande", None)


def deltagare(remiss) -> list[Deltagare]:
    """The document's förvaltningar, the registering one first, then by `ordning`."""
    return [
        Deltagare(remiss.forvaltning, remiss.diarienummer, remiss.handlaggare),
        *(
            Deltagare(m.forvaltning, m.diarienummer, m.kontaktperson, medverkan=m)
            for m in medverkande(remiss)
        ),
    ]


def forvaltning_ids(remiss) -> set[int]:
    """Ids of every förvaltning taking part (the registering one and each medverkande)."""
    return {remiss.forvaltning_id, *(m.forvaltning_id for m in medverkande(remiss))}


def ar_gemensam(remiss) -> bool:
    """A joint document: more than one förvaltning takes part."""
    return bool(medverkande(remiss))
