"""The förvaltning's diarium: yearly number series that never hand out a number twice."""

from django.db import transaction

from nameden.models import Forvaltning, Klassificering
from remiss.models import Diarieserie


def next_diarienummer(
    *, forvaltning: Forvaltning, ar: int, klass: Klassificering | None = None
) -> tuple[int, str]:
    """Take the next löpnummer of `forvaltning`'s series for `ar`, and its number written in
    the förvaltning's format (with `klass`'s code where the format has {klass}).

    There is one series per förvaltning and year whatever the klass: the löpnummer alone
    keeps the numbers of a year apart, so "1.6-0463/2024" and "2.1-0464/2024" follow each
    other, as in the diarier whose numbers these are.

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
    nummer = forvaltning.format_diarienummer(
        ar=ar, lopnummer=serie.senaste, klass=klass.kod if klass is not None else ""
    )
    return serie.senaste, nummer
