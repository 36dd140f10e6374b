"""One lock order for every change to a case: the remiss row first, then its tjänsteutlåtande.

Two transactions that lock the same rows in opposite orders can deadlock: "edit after attest"
used to lock the document and then the remiss, while "approve" locked the remiss and then the
document. Every service that changes a case now starts with `las_arende`, so every
transaction queues on the remiss row first and the rest (document, attest round, final
version) is only ever locked by whoever holds it.

Across the two sides the order is the committee's rows first: a step that changes a
sammanträde's list and a case (anmälan, `remiss.services.namnd`) locks the sammanträde and
then the case, as the committee side does when it reports a beslut or an expediering from a
justering or utskick it holds the sammanträde for (`remiss.services.namndbehandling`).
"""

from typing import TypeVar

from remiss import attestlage
from remiss.models import Remiss, Tjansteutlatande

Arende = TypeVar("Arende", Remiss, Tjansteutlatande)


def las_arende(arende: Arende) -> Arende:
    """Re-read `arende` (a remiss or its tjänsteutlåtande) under row locks, remiss first.

    Must run inside the caller's transaction. For a tjänsteutlåtande the returned instance's
    `remiss` is the locked remiss (with its förvaltning). Locking a row this transaction
    already holds is a no-op, so services that call each other may each call this.
    """
    if isinstance(arende, Remiss):
        return Remiss.objects.select_for_update().select_related("forvaltning").get(pk=arende.pk)
    remiss = las_arende(Remiss(pk=arende.remiss_id))
    tu = (
        Tjansteutlatande.objects.select_for_update(of=("self",))
        .select_related("mall", "andrad_av")
        .get(pk=arende.pk)
    )
    tu.remiss = remiss
    attestlage.glom(remiss)
    return tu
