"""Where a protokoll stands: who must justera it, whose justering still holds, is a paragraf
justerad, and when?

Read by whatever may act only on a justerat beslut (protokollsutdrag, expediering, the källa's
beslut). A paragraf is justerad when its whole protokoll is (`Protokoll.justerat_at`) or,
for omedelbar justering, when the ordförande and every justerare have justerat the paragraf
itself and their justeringar still match its content.

A justering holds while it is not upphävd and the content still has the fingerprint it
confirmed: a change made behind the services' back (so that `innehall_andrat` never ran) is
caught here as well.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from nameden.models import Fortroendevald, Justering, Paragraf, Protokoll, Sammantrade
from nameden.protokoll import fingeravtryck as fa
from nameden.protokoll.innehall import ProtokollInnehall, protokoll_innehall


@dataclass(frozen=True)
class Kravd:
    """One person whose justering the protokoll needs, and theirs if it holds."""

    roll: str
    fortroendevald: Fortroendevald
    justering: Justering | None

    @property
    def roll_text(self) -> str:
        return Justering.Roll(self.roll).label

    @property
    def klar(self) -> bool:
        return self.justering is not None


def kravda(protokoll: Protokoll) -> list[tuple[str, Fortroendevald]]:
    """(roll, person) of everyone who justerar: the ordförande first, then the justerare."""
    ut = []
    if protokoll.ordforande_id:
        ut.append((Justering.Roll.ORDFORANDE, protokoll.ordforande))
    for person in sorted(protokoll.justerare.all(), key=lambda p: (p.namn, p.pk)):
        ut.append((Justering.Roll.JUSTERARE, person))
    return ut


def haller(justering: Justering, innehall: ProtokollInnehall) -> bool:
    """Is `justering` in force: not upphävd, and the content still the one it confirmed?"""
    return justering.upphavd_at is None and fa.stammer(
        innehall,
        sha256=justering.fingeravtryck,
        format=justering.fingeravtryck_format,
        paragraf_pk=justering.paragraf_id,
    )


def lage(
    protokoll: Protokoll, innehall: ProtokollInnehall, *, paragraf: Paragraf | None = None
) -> list[Kravd]:
    """Each required person with their justering in force (of the whole protokoll, or of
    `paragraf` at omedelbar justering)."""
    justeringar = [
        j
        for j in protokoll.justeringar.filter(
            upphavd_at__isnull=True, paragraf=paragraf
        ).select_related("user")
        if haller(j, innehall)
    ]
    ut = []
    for roll, person in kravda(protokoll):
        egen = next(
            (j for j in justeringar if j.fortroendevald_id == person.pk and j.roll == roll), None
        )
        ut.append(Kravd(roll=roll, fortroendevald=person, justering=egen))
    return ut


def ar_justerad(kravda_lage: list[Kravd]) -> bool:
    """Everyone required has justerat (and there is someone: an ordförande and a justerare)."""
    roller = {k.roll for k in kravda_lage}
    return (
        Justering.Roll.ORDFORANDE in roller
        and Justering.Roll.JUSTERARE in roller
        and all(k.klar for k in kravda_lage)
    )


def _protokoll(paragraf: Paragraf) -> Protokoll | None:
    return (
        Protokoll.objects.select_related("sammantrade__namnd__forvaltning", "ordforande")
        .prefetch_related("justerare")
        .filter(sammantrade_id=paragraf.punkt.sammantrade_id)
        .first()
    )


def omedelbart_justerad_at(
    protokoll: Protokoll, innehall: ProtokollInnehall, paragraf: Paragraf
) -> datetime.datetime | None:
    """When `paragraf` became justerad on its own (the last required justering), or None."""
    if not paragraf.omedelbar_justering:
        return None
    kravda_lage = lage(protokoll, innehall, paragraf=paragraf)
    if not ar_justerad(kravda_lage):
        return None
    return max(k.justering.justerat_at for k in kravda_lage)


def justeringsdatum(paragraf: Paragraf) -> datetime.date | None:
    """The day `paragraf` became justerad (local date), or None while it is not."""
    protokoll = _protokoll(paragraf)
    if protokoll is None:
        return None
    if protokoll.justerat_at is not None:
        if paragraf.omedelbar_justering:
            sammantrade: Sammantrade = protokoll.sammantrade
            innehall = protokoll_innehall(sammantrade, protokoll)
            tidigare = omedelbart_justerad_at(protokoll, innehall, paragraf)
            if tidigare is not None:
                return timezone.localdate(tidigare)
        return timezone.localdate(protokoll.justerat_at)
    innehall = protokoll_innehall(protokoll.sammantrade, protokoll)
    tidpunkt = omedelbart_justerad_at(protokoll, innehall, paragraf)
    return timezone.localdate(tidpunkt) if tidpunkt is not None else None


def paragraf_justerad(paragraf: Paragraf) -> bool:
    return justeringsdatum(paragraf) is not None
