"""The remiss on the nämnder's lists: their coming sammanträden, where it is anmäld, and
each answering nämnd's handling of it (anmäld, beslut, expediering)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from nameden.models import Namnd, Punkt, Sammantrade
from nameden.workflow import KOMMANDE_STATUSES
from remiss import namndkoppling
from remiss.models import Namndbehandling, Remiss


def kommande_sammantraden_for(remiss: Remiss, user=None) -> QuerySet[Sammantrade]:
    """The sammanträden not yet held of the nämnder that answer `remiss` and have not decided
    it yet (an återremiss is to be decided again), by nämnd and date. Given `user`, only
    those of the nämnder their förvaltning serves (a joint document's other nämnder are
    anmälda by their own sekreterare)."""
    beslutat = remiss.namndbehandlingar.filter(status__in=Namndbehandling.BESLUTADE)
    qs = Sammantrade.objects.all()
    if user is not None and not user.is_superuser:
        qs = qs.filter(namnd__forvaltning_id=user.forvaltning_id)
    return (
        qs.filter(namnd__in=remiss.namnder.all(), status__in=KOMMANDE_STATUSES)
        .exclude(namnd__in=beslutat.values("namnd_id"))
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


@dataclass(frozen=True)
class NamndRad:
    """One answering nämnd on the case page: its handling (None before any anmälan) and the
    punkt where the ärende stands now (its latest: bordläggning moves it)."""

    namnd: Namnd
    behandling: Namndbehandling | None
    punkt: Punkt | None


def namndbehandlingar_for(remiss: Remiss) -> list[NamndRad]:
    """Every nämnd that answers `remiss`, by name, with its handling and current punkt: three
    queries however many nämnder answer (the nämnder, their rows, their punkter)."""
    namnder = sorted(remiss.namnder.all(), key=lambda n: (n.namn, n.pk))
    behandlingar = {
        b.namnd_id: b
        for b in remiss.namndbehandlingar.select_related(
            "sammantrade", "anmald_av", "beslutat_av", "expedierad_av"
        )
    }
    referenser = {namndkoppling.referens_for(remiss, n): n.pk for n in namnder}
    punkter: dict[int, Punkt] = {}
    for punkt in (
        Punkt.objects.filter(arende__kalla=namndkoppling.NAMN, arende__referens__in=referenser)
        .select_related("arende", "sammantrade")
        .order_by("sammantrade__datum", "pk")
    ):
        punkter[referenser[punkt.arende.referens]] = punkt  # the latest wins
    return [NamndRad(n, behandlingar.get(n.pk), punkter.get(n.pk)) for n in namnder]
