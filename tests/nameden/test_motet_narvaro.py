# ruff: noqa: F811 (the fixtures of fabriker_motet are imported, then requested by name)
"""Närvaro at the meeting: the upprop from the uppdrag valid on the day, absence, ersättare who
serve for an absent (or jävig) ledamot, changes from a given § on, and who serves in a §."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from nameden.models import Narvaro, OvrigNarvarande, Uppdrag
from nameden.services.motet import (
    narvaro_andra,
    ovrig_narvarande_lagg_till,
    protokollforing_oppna,
)
from nameden.services.motet_omrostning import jav_anmal, jav_ta_bort
from nameden.services.motet_selectors import narvarolista, tjanstgorande
from tests.nameden.fabriker_motet import (  # noqa: F401 (fixtures)
    kallat,
    ledamot,
    motet,
    namnden,
    narvaro,
    paragraf,
)

pytestmark = pytest.mark.django_db

R = Uppdrag.Roll


def namn_i(rader) -> list[str]:
    return [n.fortroendevald.namn for n in rader]


def test_upprop_takes_the_uppdrag_valid_on_the_day(johan, socialnamnden, namnden):
    """GIVEN the nämnd's members, one whose uppdrag ended before the meeting WHEN the
    protokollföring starts THEN the närvarolista holds those valid on the day, presidium
    first: ordförande, vice and ledamöter present and serving, ersättare present only."""
    ledamot(socialnamnden, "Gustav Gammal", fran=dt.date(2019, 1, 1), till=dt.date(2022, 12, 31))
    mote = kallat(johan, socialnamnden, dt.date(2024, 4, 23))

    oppnad = protokollforing_oppna(user=johan, sammantrade=mote)

    lista = narvarolista(mote)
    assert len(oppnad.narvaro) == 6
    assert namn_i(lista) == [
        "Anna Ordf",
        "Bo Vice",
        "Cecilia Ledamot",
        "David Ledamot",
        "Eva Ersattare",
        "Fredrik Ersattare",
    ]
    assert [(n.narvarande, n.tjanstgor) for n in lista] == [(True, True)] * 4 + [(True, False)] * 2
    assert mote.handelser.filter(typ="upprop").exists()


def test_starting_again_adds_only_what_is_missing(johan, motet):
    """GIVEN a started protokollföring WHEN started again with nothing new THEN refused in
    Swedish, and nothing is added twice."""
    with pytest.raises(ValidationError, match="redan klara"):
        protokollforing_oppna(user=johan, sammantrade=motet)
    assert Narvaro.objects.filter(sammantrade=motet).count() == 6


def test_an_ersattare_serves_for_an_absent_ledamot(johan, motet, namnden):
    """GIVEN David absent WHEN Eva serves for him THEN she serves in every § and he in none."""
    david, eva = namnden["David Ledamot"], namnden["Eva Ersattare"]
    narvaro_andra(user=johan, sammantrade=motet, fortroendevald=david, narvarande=False)

    narvaro_andra(
        user=johan, sammantrade=motet, fortroendevald=eva, narvarande=True, tjanstgor_for=david
    )

    p = paragraf(motet, "Ärende 1")
    tjanstgor = tjanstgorande(p)
    assert "David Ledamot" not in namn_i(tjanstgor)
    eva_rad = next(n for n in tjanstgor if n.fortroendevald == eva)
    assert eva_rad.tjanstgor_for == david


def test_an_ersattare_cannot_serve_for_a_ledamot_who_serves(johan, motet, namnden):
    """GIVEN David present WHEN Eva is to serve for him THEN refused: he serves himself."""
    with pytest.raises(ValidationError) as exc:
        narvaro_andra(
            user=johan,
            sammantrade=motet,
            fortroendevald=namnden["Eva Ersattare"],
            narvarande=True,
            tjanstgor_for=namnden["David Ledamot"],
        )
    assert "David Ledamot tjänstgör själv" in exc.value.message_dict["tjanstgor_for"][0]


def test_one_ledamot_is_replaced_by_one_ersattare_at_a_time(johan, motet, namnden):
    """GIVEN Eva serves for the absent David WHEN Fredrik is also to serve for him THEN
    refused, naming Eva."""
    david = namnden["David Ledamot"]
    narvaro_andra(user=johan, sammantrade=motet, fortroendevald=david, narvarande=False)
    narvaro_andra(
        user=johan,
        sammantrade=motet,
        fortroendevald=namnden["Eva Ersattare"],
        narvarande=True,
        tjanstgor_for=david,
    )

    with pytest.raises(ValidationError) as exc:
        narvaro_andra(
            user=johan,
            sammantrade=motet,
            fortroendevald=namnden["Fredrik Ersattare"],
            narvarande=True,
            tjanstgor_for=david,
        )
    assert exc.value.message_dict["tjanstgor_for"] == [
        "Eva Ersattare tjänstgör redan för David Ledamot under den delen av sammanträdet."
    ]


def test_only_an_ersattare_serves_for_someone_and_only_for_a_member(
    johan, motet, namnden, socialnamnden
):
    """GIVEN the meeting WHEN a ledamot is to serve for another, or an ersättare for someone
    not in the nämnd's närvarolista, THEN both are refused."""
    from nameden.models import Fortroendevald

    with pytest.raises(ValidationError, match="Bara en ersättare"):
        narvaro_andra(
            user=johan,
            sammantrade=motet,
            fortroendevald=namnden["Cecilia Ledamot"],
            narvarande=True,
            tjanstgor_for=namnden["David Ledamot"],
        )
    utomstaende = Fortroendevald.objects.create(namn="Ulla Utom")
    with pytest.raises(ValidationError, match="Välj en ledamot i nämnden"):
        narvaro_andra(
            user=johan,
            sammantrade=motet,
            fortroendevald=namnden["Eva Ersattare"],
            narvarande=True,
            tjanstgor_for=utomstaende,
        )
    with pytest.raises(ValidationError, match="finns inte i närvarolistan"):
        narvaro_andra(user=johan, sammantrade=motet, fortroendevald=utomstaende, narvarande=True)


def test_a_ledamot_leaves_after_a_paragraf(johan, motet, namnden):
    """GIVEN § 1–6 WHEN Cecilia leaves after § 5 (absent from § 6 on) THEN she serves in § 5,
    not in § 6, and her närvaro is two rows: § 1–5 present, § 6 on absent."""
    cecilia = namnden["Cecilia Ledamot"]
    p5, p6 = paragraf(motet, "Ärende 1"), paragraf(motet, "Ärende 2")
    assert (p5.nummer, p6.nummer) == (5, 6)

    narvaro_andra(user=johan, sammantrade=motet, fortroendevald=cecilia, narvarande=False, fran=p6)

    assert "Cecilia Ledamot" in namn_i(tjanstgorande(p5))
    assert "Cecilia Ledamot" not in namn_i(tjanstgorande(p6))
    rader = narvaro(motet, cecilia)
    assert [(r.fran_punkt_id, r.till_punkt_id, r.narvarande) for r in rader] == [
        (None, p5.punkt_id, True),
        (p6.punkt_id, None, False),
    ]


def test_coming_back_merges_the_rows_again(johan, motet, namnden):
    """GIVEN Cecilia absent from § 6 on WHEN marked present for the whole meeting again THEN
    she has one row, present throughout."""
    cecilia = namnden["Cecilia Ledamot"]
    p6 = paragraf(motet, "Ärende 2")
    narvaro_andra(user=johan, sammantrade=motet, fortroendevald=cecilia, narvarande=False, fran=p6)

    narvaro_andra(user=johan, sammantrade=motet, fortroendevald=cecilia, narvarande=True)

    rader = narvaro(motet, cecilia)
    assert [(r.fran_punkt_id, r.till_punkt_id, r.narvarande) for r in rader] == [(None, None, True)]


def test_an_ersattare_serves_in_one_paragraf_for_a_javig_ledamot(johan, motet, namnden):
    """GIVEN David jävig in § 5 WHEN Eva serves for him in § 5 only THEN she serves in § 5,
    he does not, and in § 6 he serves again and she does not."""
    david, eva = namnden["David Ledamot"], namnden["Eva Ersattare"]
    p5, p6 = paragraf(motet, "Ärende 1"), paragraf(motet, "Ärende 2")
    jav_anmal(user=johan, paragraf=p5, fortroendevald=david)

    narvaro_andra(
        user=johan,
        sammantrade=motet,
        fortroendevald=eva,
        narvarande=True,
        tjanstgor_for=david,
        fran=p5,
        till=p5,
    )

    assert "Eva Ersattare" in namn_i(tjanstgorande(p5))
    assert "David Ledamot" not in namn_i(tjanstgorande(p5))
    assert "David Ledamot" in namn_i(tjanstgorande(p6))
    assert "Eva Ersattare" not in namn_i(tjanstgorande(p6))
    jav = p5.jav.get()
    with pytest.raises(ValidationError, match="Eva Ersattare tjänstgör för David Ledamot"):
        jav_ta_bort(user=johan, jav=jav)


def test_a_ledamot_cannot_return_while_replaced(johan, motet, namnden):
    """GIVEN Eva serves for the absent David WHEN David is marked present THEN refused: the
    ersättare's närvaro is changed first."""
    david = namnden["David Ledamot"]
    narvaro_andra(user=johan, sammantrade=motet, fortroendevald=david, narvarande=False)
    narvaro_andra(
        user=johan,
        sammantrade=motet,
        fortroendevald=namnden["Eva Ersattare"],
        narvarande=True,
        tjanstgor_for=david,
    )

    with pytest.raises(ValidationError, match="Ändra först ersättarens närvaro"):
        narvaro_andra(user=johan, sammantrade=motet, fortroendevald=david, narvarande=True)


def test_the_last_paragraf_must_not_come_before_the_first(johan, motet, namnden):
    p5, p6 = paragraf(motet, "Ärende 1"), paragraf(motet, "Ärende 2")
    with pytest.raises(ValidationError) as exc:
        narvaro_andra(
            user=johan,
            sammantrade=motet,
            fortroendevald=namnden["Cecilia Ledamot"],
            narvarande=False,
            fran=p6,
            till=p5,
        )
    assert "till" in exc.value.message_dict


def test_ovriga_narvarande_with_swedish_validation(johan, motet):
    """GIVEN the meeting WHEN a tjänsteperson is added THEN kept; an empty name or a control
    character is refused per field."""
    ovrig_narvarande_lagg_till(
        user=johan, sammantrade=motet, namn="Karin Wallander", titel="Kommunikatör"
    )
    assert OvrigNarvarande.objects.get().titel == "Kommunikatör"

    with pytest.raises(ValidationError) as exc:
        ovrig_narvarande_lagg_till(user=johan, sammantrade=motet, namn=" ", titel="A\x07")
    assert set(exc.value.message_dict) == {"namn", "titel"}
