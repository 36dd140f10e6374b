"""Kommunallagen's dates for a nämnd's protokoll, as pure functions (no database, no clock).

The rules, with their sources (kommunallagen, KL 2017:725):

- **Justering** within fourteen days of the meeting (KL 6 kap. 35 § for a nämnd, 5 kap. 69 §
  for fullmäktige): `sista_dag_for_justering`.
- **Anslag**: the justering is announced on the anslagstavla no later than the second day
  after it (KL 8 kap. 12 §): `sista_dag_for_anslag`. The notice stays up until the time to
  appeal has run out (same paragraph): `nedtas`.
- **Laglighetsprövning**: an appeal is made within three weeks from the day the anslag was
  put up (KL 13 kap. 5 §): `sista_dag_for_overklagande`.

Each "within" is a last day, and **lagen (1930:173) om beräkning av lagstadgad tid** 2 §
moves a last day that falls on a Saturday, a Sunday or another allmän helgdag, on
midsommarafton, julafton or nyårsafton, to the next weekday (`forskjut_till_vardag`). The
holidays are those of lagen (1989:253) om allmänna helgdagar, computed here (Easter by the
Gregorian computus) so no calendar dependency is needed.

The fourteen days and the second day are ordningsföreskrifter: a late justering or anslag
does not void the beslut (the appeal time then simply runs from the actual anslag). The
services decide what the system does about it (see `nameden.services.protokoll`, `.anslag`).
"""

import datetime as dt
import functools

JUSTERING_DAGAR = 14
ANSLAG_DAGAR = 2
OVERKLAGANDE_VECKOR = 3


def pask(ar: int) -> dt.date:
    """Easter Sunday of `ar` (Gregorian; the anonymous computus, Meeus/Jones/Butcher)."""
    a = ar % 19
    b, c = divmod(ar, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    manad, dag = divmod(h + el - 7 * m + 114, 31)
    return dt.date(ar, manad, dag + 1)


def _lordag_mellan(ar: int, manad: int, fran_dag: int) -> dt.date:
    """The Saturday of the seven days starting `fran_dag` of `manad`."""
    forsta = dt.date(ar, manad, fran_dag)
    return forsta + dt.timedelta(days=(5 - forsta.weekday()) % 7)


@functools.lru_cache(maxsize=64)
def helgdagar(ar: int) -> dict[dt.date, str]:
    """The allmänna helgdagar of `ar` (lagen 1989:253) by date, with their names. Sundays are
    helgdagar too (and are not listed); pingstdagen and påskdagen always fall on one."""
    p = pask(ar)
    midsommardagen = _lordag_mellan(ar, 6, 20)
    return {
        dt.date(ar, 1, 1): "nyårsdagen",
        dt.date(ar, 1, 6): "trettondedag jul",
        p - dt.timedelta(days=2): "långfredagen",
        p: "påskdagen",
        p + dt.timedelta(days=1): "annandag påsk",
        dt.date(ar, 5, 1): "första maj",
        p + dt.timedelta(days=39): "Kristi himmelsfärdsdag",
        p + dt.timedelta(days=49): "pingstdagen",
        dt.date(ar, 6, 6): "Sveriges nationaldag",
        midsommardagen: "midsommardagen",
        _lordag_mellan(ar, 10, 31): "alla helgons dag",
        dt.date(ar, 12, 25): "juldagen",
        dt.date(ar, 12, 26): "annandag jul",
    }


def likstalld_dag(datum: dt.date) -> str | None:
    """Why `datum` is no weekday in the sense of 1930:173 2 § ("lördag", "söndag", a
    holiday's name, "midsommarafton", "julafton", "nyårsafton"), or None for a weekday."""
    if namn := helgdagar(datum.year).get(datum):
        return namn
    if datum.weekday() == 6:
        return "söndag"
    if datum.weekday() == 5:
        return "lördag"
    if datum + dt.timedelta(days=1) == _lordag_mellan(datum.year, 6, 20):
        return "midsommarafton"
    if (datum.month, datum.day) == (12, 24):
        return "julafton"
    if (datum.month, datum.day) == (12, 31):
        return "nyårsafton"
    return None


def ar_vardag(datum: dt.date) -> bool:
    return likstalld_dag(datum) is None


def forskjut_till_vardag(sista_dag: dt.date) -> dt.date:
    """A last day as 1930:173 2 § reads it: the next weekday if it falls on one that is not."""
    while not ar_vardag(sista_dag):
        sista_dag += dt.timedelta(days=1)
    return sista_dag


def sista_dag_for_justering(sammantradesdatum: dt.date) -> dt.date:
    """The last day the protokoll may be justerat: fourteen days after the meeting (KL 6 kap.
    35 §), moved to the next weekday (1930:173)."""
    return forskjut_till_vardag(sammantradesdatum + dt.timedelta(days=JUSTERING_DAGAR))


def sista_dag_for_anslag(justeringsdatum: dt.date) -> dt.date:
    """The last day the justering may be put up on the anslagstavla: the second day after it
    (KL 8 kap. 12 §), moved to the next weekday (1930:173)."""
    return forskjut_till_vardag(justeringsdatum + dt.timedelta(days=ANSLAG_DAGAR))


def sista_dag_for_overklagande(anslagsdatum: dt.date) -> dt.date:
    """The last day to appeal (laglighetsprövning): three weeks from the day the anslag was
    put up (KL 13 kap. 5 §), moved to the next weekday (1930:173). An appeal that arrives on
    this day is in time."""
    return forskjut_till_vardag(anslagsdatum + dt.timedelta(weeks=OVERKLAGANDE_VECKOR))


def nedtas(anslagsdatum: dt.date) -> dt.date:
    """The first day the anslag may come down: the day after the appeal time has run out
    (KL 8 kap. 12 §: it stays up until then)."""
    return sista_dag_for_overklagande(anslagsdatum) + dt.timedelta(days=1)
