"""Kommunallagen's dates with their edge days, and lagen (1930:173) om beräkning av lagstadgad
tid: a last day on a Saturday, Sunday, holiday, midsommarafton, julafton or nyårsafton moves
to the next weekday."""

import datetime as dt

import pytest

from nameden import kommunallag as kl

D = dt.date


@pytest.mark.parametrize(
    ("ar", "pask"),
    [(1818, D(1818, 3, 22)), (2019, D(2019, 4, 21)), (2024, D(2024, 3, 31)),
     (2025, D(2025, 4, 20)), (2038, D(2038, 4, 25)), (2285, D(2285, 3, 22))],
)  # fmt: skip
def test_easter_by_the_computus(ar, pask):
    """GIVEN a year WHEN Easter Sunday is computed THEN it is the Gregorian date (including
    the earliest and latest possible)."""
    assert kl.pask(ar) == pask


def test_the_holidays_of_2024():
    """GIVEN 2024 WHEN its allmänna helgdagar are listed THEN they are the law's, the moving
    ones computed from Easter and the Saturdays of midsommar and alla helgon."""
    assert kl.helgdagar(2024) == {
        D(2024, 1, 1): "nyårsdagen",
        D(2024, 1, 6): "trettondedag jul",
        D(2024, 3, 29): "långfredagen",
        D(2024, 3, 31): "påskdagen",
        D(2024, 4, 1): "annandag påsk",
        D(2024, 5, 1): "första maj",
        D(2024, 5, 9): "Kristi himmelsfärdsdag",
        D(2024, 5, 19): "pingstdagen",
        D(2024, 6, 6): "Sveriges nationaldag",
        D(2024, 6, 22): "midsommardagen",
        D(2024, 11, 2): "alla helgons dag",
        D(2024, 12, 25): "juldagen",
        D(2024, 12, 26): "annandag jul",
    }


@pytest.mark.parametrize(
    ("datum", "varfor"),
    [(D(2024, 6, 21), "midsommarafton"), (D(2027, 6, 25), "midsommarafton"),
     (D(2024, 12, 24), "julafton"), (D(2024, 12, 31), "nyårsafton"),
     (D(2024, 5, 4), "lördag"), (D(2024, 5, 5), "söndag"), (D(2024, 5, 6), None),
     (D(2024, 2, 29), None)],
)  # fmt: skip
def test_days_that_count_as_no_weekday(datum, varfor):
    """GIVEN a day WHEN 1930:173 2 § is asked about it THEN the eves and weekends count as
    holidays, an ordinary Monday and the leap day do not."""
    assert kl.likstalld_dag(datum) == varfor


@pytest.mark.parametrize(
    ("mote", "sista", "fall"),
    [
        (D(2024, 4, 23), D(2024, 5, 7), "exactly fourteen days, a Tuesday"),
        (D(2024, 9, 14), D(2024, 9, 30), "the fourteenth day a Saturday: Monday"),
        (D(2024, 6, 7), D(2024, 6, 24), "midsommarafton, midsommardagen, Sunday: Monday"),
        (D(2024, 12, 18), D(2025, 1, 2), "nyårsdagen: the next year's first weekday"),
        (D(2024, 12, 10), D(2024, 12, 27), "julafton is the 24th; 24–26 are passed over"),
        (D(2024, 2, 15), D(2024, 2, 29), "the leap day is a weekday"),
        (D(2023, 2, 15), D(2023, 3, 1), "no leap day: 1 March"),
        (D(2024, 3, 15), D(2024, 4, 2), "långfredagen, Easter, annandag påsk: Tuesday"),
    ],
)
def test_last_day_for_justering(mote, sista, fall):
    """GIVEN a meeting WHEN the last day for justering is computed THEN fourteen days later,
    moved to the next weekday (KL 6 kap. 35 §, 1930:173)."""
    assert kl.sista_dag_for_justering(mote) == sista, fall


@pytest.mark.parametrize(
    ("justerat", "sista", "fall"),
    [
        (D(2024, 4, 30), D(2024, 5, 2), "the second day, a Thursday"),
        (D(2024, 5, 7), D(2024, 5, 10), "Kristi himmelsfärdsdag: Friday"),
        (D(2024, 12, 29), D(2025, 1, 2), "nyårsafton, nyårsdagen: 2 January"),
        (D(2024, 5, 2), D(2024, 5, 6), "a Saturday: Monday"),
    ],
)
def test_last_day_for_anslag(justerat, sista, fall):
    """GIVEN a justering day WHEN the last day for the anslag is computed THEN the second day
    after it, moved to the next weekday (KL 8 kap. 12 §)."""
    assert kl.sista_dag_for_anslag(justerat) == sista, fall


@pytest.mark.parametrize(
    ("anslaget", "sista", "nedtas"),
    [
        (D(2024, 5, 8), D(2024, 5, 29), D(2024, 5, 30)),  # three weeks to the day
        (D(2024, 5, 16), D(2024, 6, 7), D(2024, 6, 8)),  # 6 June, nationaldagen: Friday
        (D(2024, 2, 8), D(2024, 2, 29), D(2024, 3, 1)),  # over the leap day
        (D(2024, 12, 3), D(2024, 12, 27), D(2024, 12, 28)),  # julafton: 24–26 passed over
        (D(2024, 12, 10), D(2025, 1, 2), D(2025, 1, 3)),  # nyårsafton and nyårsdagen
    ],
)
def test_the_appeal_period_and_when_the_anslag_comes_down(anslaget, sista, nedtas):
    """GIVEN the day the anslag was put up WHEN the appeal period is computed THEN its last
    day is three weeks later, moved to the next weekday (KL 13 kap. 5 §), and the anslag may
    come down the day after."""
    assert kl.sista_dag_for_overklagande(anslaget) == sista
    assert kl.nedtas(anslaget) == nedtas
