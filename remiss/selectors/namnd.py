"""The remiss on the nämnder's lists: their coming sammanträden and where it is anmäld."""

from django.db.models import QuerySet

from nameden.models import Punkt, Sammantrade
from nameden.workflow import KOMMANDE_STATUSES
from remiss import namndkoppling
from remiss.models import Remiss


def kommande_sammantraden_for(remiss: Remiss) -> QuerySet[Sammantrade]:
    """The sammanträden not yet held of the nämnder that answer `remiss`, by nämnd and date."""
    return (
        Sammantrade.objects.filter(namnd__in=remiss.namnder.all(), status__in=KOMMANDE_STATUSES)
        .select_related("namnd")
        .order_by("namnd__namn", "datum", "pk")
    )


def anmalda_punkter_for(remiss: Remiss) -> dict[int, Punkt]:
    """Nämnd pk → the punkt where `remiss` stands on a coming list of that nämnd."""
    referenser = {namndkoppling.referens_for(remiss, n): n.pk for n in remiss.namnder.all()}
    punkter = (
        Punkt.objects.filter(
            arende__kalla=namndkoppling.NAMN,
            arende__referens__in=referenser,
            status__in=Punkt.PA_LISTAN_STATUSES,
            sammantrade__status__in=KOMMANDE_STATUSES,
        )
        .select_related("arende", "sammantrade__namnd")
        .order_by("sammantrade__datum")
    )
    return {referenser[p.arende.referens]: p for p in punkter}
