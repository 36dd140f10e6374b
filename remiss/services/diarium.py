"""The förvaltning's diarium: yearly number series that never hand out a number twice.

A förvaltning's diarium holds its own remisser and its participations in other förvaltningars
joint documents (`MedverkandeForvaltning`): both take their numbers from the same series, so
a number is never given to one of each.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from nameden.models import Forvaltning, Klassificering
from remiss.models import Diarieserie, MedverkandeForvaltning, Remiss

#: The words of the constraint on each table (`Remiss`, `MedverkandeForvaltning`).
UPPTAGET = (
    "Diarienumret finns redan i förvaltningens diarium. Be en administratör se över "
    "formatet för diarienummer."
)


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
    # Each table has its own unique constraint; across the two only this check, made under
    # the series lock, can see a number that a changed format would repeat.
    if (
        Remiss.objects.filter(forvaltning=forvaltning, diarienummer=nummer).exists()
        or MedverkandeForvaltning.objects.filter(
            forvaltning=forvaltning, diarienummer=nummer
        ).exists()
    ):
        raise ValidationError(UPPTAGET, code="diarienummer_upptaget")
    return serie.senaste, nummer
