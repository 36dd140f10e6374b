"""Who attests, in which order: the chain comes from the mall (roles) and the organisation.

`ROLLER` maps each role a mall may name to how the person is found for one deltagare of the
document (`remiss.samverkan.Deltagare`): its kontaktperson's avdelningschef, its förvaltning's
chef. A joint document has one chain per deltagare, each found within its own förvaltning
(`bygg_kedjor`); a one-förvaltning document has exactly the one chain it always had. A deputy
(nameden.Ersattare) may act for the designated person on the days it is configured.
"""

import datetime as dt
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from nameden.models import Ersattare, User
from remiss import samverkan
from remiss.models import Tjansteutlatande
from remiss.samverkan import Deltagare


def _avdelningschef(deltagare: Deltagare) -> User | None:
    avdelning = deltagare.kontaktperson.avdelning
    return avdelning.chef if avdelning else None


def _forvaltningschef(deltagare: Deltagare) -> User | None:
    return deltagare.forvaltning.chef


#: role named in Dokumentmall.attestkedja → (label, how to find the person for a deltagare)
ROLLER: dict[str, tuple[str, Callable[[Deltagare], User | None]]] = {
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


def bygg_kedja(tu: Tjansteutlatande, deltagare: Deltagare | None = None) -> list[dict]:
    """The chain of one deltagare (the registering förvaltning by default) for sending `tu`
    now: [{"roll", "attestant_id"}], in order, no one twice.

    Raises ValidationError (in Swedish) when the organisation cannot name someone, or when
    the only one who could attest a step is the one who wrote the draft (the handläggare, or
    for a medverkande förvaltning its kontaktperson).
    """
    if deltagare is None:
        deltagare = samverkan.deltagare(tu.remiss)[0]
    # For a medverkande förvaltning, say whose chain it is; the registering one's messages
    # are the ones a one-förvaltning document has always had.
    hos = "" if deltagare.registrerande else f" på {deltagare.forvaltning}"
    forfattare = deltagare.kontaktperson
    kedja: list[dict] = []
    for roll in tu.mall.attestkedja:
        if roll not in ROLLER:
            raise ValidationError(f"Mallens attestkedja nämner en okänd roll: ”{roll}”.")
        label, find = ROLLER[roll]
        person = find(deltagare)
        if person is None:
            raise ValidationError(
                f"Det finns ingen {label}{hos} att skicka till. Ange en {label} i administrationen."
            )
        if any(step["attestant_id"] == person.pk for step in kedja):
            continue  # the same person holds two roles: one attestation is enough
        if person.pk == forfattare.pk and not (ersattare_for(person.pk) - {forfattare.pk}):
            if deltagare.registrerande:
                raise ValidationError(
                    f"Du är själv {label} och kan inte attestera ditt eget utlåtande. "
                    "Ange en ersättare i administrationen."
                )
            raise ValidationError(
                f"{forfattare} är själv {label}{hos} och kan inte attestera ett utlåtande "
                "hen är kontaktperson för. Ange en ersättare i administrationen."
            )
        kedja.append({"roll": roll, "attestant_id": person.pk})
    if not kedja:
        raise ValidationError("Mallen har ingen attestkedja.")
    return kedja


def bygg_kedjor(tu: Tjansteutlatande) -> list[tuple[Deltagare, list[dict]]]:
    """Every deltagare's chain, the registering förvaltning's first: all must be complete
    before the document is attested."""
    return [(d, bygg_kedja(tu, d)) for d in samverkan.deltagare(tu.remiss)]
