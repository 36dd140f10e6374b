"""The one seam for database-specific search: a case-insensitive "contains" over some fields.

PostgreSQL compares with UPPER(), which follows Unicode in a UTF-8 database: "äldreplan"
finds "Äldreplan". SQLite's LIKE and UPPER() fold a–z only, so there every connection gets a
deterministic Python function, `nameden_casefold` (registered in `nameden.apps` when the
connection opens), and both sides of the comparison go through it. Full-text search and
Swedish collation will come in behind this seam too, with SQLite keeping this fallback.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import CharField, F, Func, Q, TextField, Value
from django.db.models.functions import Cast
from django.db.models.lookups import Contains

#: The SQL name of the function `registrera_sqlite_funktioner` registers.
CASEFOLD = "nameden_casefold"


def casefold(value):
    """The folding both sides of a SQLite search go through (None stays None)."""
    return None if value is None else str(value).casefold()


class _Casefold(Func):
    function = CASEFOLD
    output_field = TextField()


def registrera_sqlite_funktioner(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give a new SQLite connection `nameden_casefold`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(CASEFOLD, 1, casefold, deterministic=True)


def innehaller(falt: Sequence[str], sok: str) -> Q:
    """Rows where any of `falt` contains `sok`, ignoring case for every letter (å, ä, ö, é, ü).

    An empty `sok` matches everything.
    """
    if not sok:
        return Q()
    villkor = Q()
    if connection.vendor == "sqlite":
        term = Value(casefold(sok), output_field=CharField())
        for namn in falt:
            villkor |= Q(Contains(_Casefold(Cast(F(namn), TextField())), term))
    else:
        for namn in falt:
            villkor |= Q(**{f"{namn}__icontains": sok})
    return villkor
