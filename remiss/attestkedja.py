"""Who attests, in which order: the chain comes from the mall (roles) and the organisation.

`ROLLER` maps each role a mall may name to how the person is found for a given remiss. A
deputy (nameden.Ersattare) may act for the designated person on the days it is configured.
"""

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from nameden.models import Ersattare, User
from remiss.models import Remiss, Tjansteutlatande


def _avdelningschef(remiss: Remiss) -> User | None:
    avdelning = remiss.handlaggare.avdelning
    return avdelning.chef if avdelning else None


def _forvaltningschef(remiss: Remiss) -> User | None:
    return remiss.forvaltning.chef


#: role named in Dokumentmall.attestkedja → (label, how to find the person)
ROLLER: dict[str, tuple[str, Callable[[Remiss], User | None]]] = {
    "avdelningschef": ("avdelningschef", _avdelningschef),
    "forvaltningschef": ("förvaltningschef", _forvaltningschef),
}


def ersattare_for(user_id: int, *, dag: dt.date | None = None) -> set[int]:
    """Ids of the users who may act for `user_id` on `dag` (today by default)."""
    dag = dag or timezone.localdate()
    return set(
        Ersattare.objects.filter(ordinarie_id=user_id, fran__lte=dag)
        .filter(Q(till__isnull=True) | Q(till__gte=dag))
        .values_list("ersattare_id", flat=True)
    )


def bygg_kedja(tu: Tjansteutlatande) -> list[dict]:
    """The chain for sending `tu` now: [{"roll", "attestant_id"}], in order, no one twice.

    Raises ValidationError (in Swedish) when the organisation cannot name someone, or when
    the only one who could attest a step is the handläggare who wrote the draft.
    """
    remiss = tu.remiss
    kedja: list[dict] = []
    for roll in tu.mall.attestkedja:
        if roll not in ROLLER:
            raise ValidationError(f"Mallens attestkedja nämner en okänd roll: ”{roll}”.")
        label, find = ROLLER[roll]
        person = find(remiss)
        if person is None:
            raise ValidationError(
                f"Det finns ingen {label} att skicka till. Ange en {label} i administrationen."
            )
        if any(step["attestant_id"] == person.pk for step in kedja):
            continue  # the same person holds two roles: one attestation is enough
        if person.pk == remiss.handlaggare_id and not (
            ersattare_for(person.pk) - {remiss.handlaggare_id}
        ):
            raise ValidationError(
                f"Du är själv {label} och kan inte attestera ditt eget utlåtande. "
                "Ange en ersättare i administrationen."
            )
        kedja.append({"roll": roll, "attestant_id": person.pk})
    if not kedja:
        raise ValidationError("Mallen har ingen attestkedja.")
    return kedja
