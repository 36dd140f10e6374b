"""The förvaltning's diarium: yearly number series that never hand out a number twice."""

from django.db import transaction

from nameden.models import Forvaltning
from remiss.models import Diarieserie


def next_diarienummer(*, forvaltning: Forvaltning, ar: int) -> tuple[int, str]:
    """Take the next löpnummer of `forvaltning`'s series for `ar`, and its formatted number.

    Must run inside the registering transaction, so that a registration that fails gives its
    number back. On PostgreSQL the row lock (SELECT … FOR UPDATE) makes concurrent callers
    queue; on SQLite the IMMEDIATE transaction mode set in settings does the same for the
    whole database. The unique constraint on Remiss is the last line of defence.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_diarienummer must run inside transaction.atomic()")
    Diarieserie.objects.get_or_create(forvaltning=forvaltning, ar=ar)
    serie = Diarieserie.objects.select_for_update().get(forvaltning=forvaltning, ar=ar)
    serie.senaste += 1
    serie.save(update_fields=["senaste"])
    return serie.senaste, forvaltning.format_diarienummer(ar=ar, lopnummer=serie.senaste)
