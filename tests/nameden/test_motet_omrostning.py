# ruff: noqa: F811 (the fixtures of fabriker_motet are imported, then requested by name)
"""Yrkanden, omröstning (counting, tie with utslagsröst, jäv), reservationer and jäv."""

import pytest
from django.core.exceptions import ValidationError

from nameden.models import Omrostning, Paragraf, Rost
from nameden.services.motet import narvaro_andra
from nameden.services.motet_beslut import paragraf_besluta
from nameden.services.motet_omrostning import (
    jav_anmal,
    omrostning_genomfor,
    reservation_anmal,
    resultat,
    yrkande_lagg_till,
)
from tests.nameden.fabriker_motet import (  # noqa: F401 (fixtures)
    motet,
    namnden,
    paragraf,
)

pytestmark = pytest.mark.django_db

V = Rost.Val
JA, NEJ = Omrostning.Resultat.JA, Omrostning.Resultat.NEJ


def rosta(johan, p, namnden, **val):
    """An omröstning in `p` with each person's röst by first name (Anna, Bo, …)."""
    per_namn = {n.split()[0]: person for n, person in namnden.items()}
    return omrostning_genomfor(
        user=johan,
        paragraf=p,
        ja_proposition="Bifall till förslaget",
        nej_proposition="Avslag",
        roster={per_namn[k].pk: v for k, v in val.items()},
    )


def test_the_majority_wins(johan, motet, namnden):
    """GIVEN four serving members WHEN three vote ja and one nej THEN ja wins, no utslagsröst,
    and every röst is kept."""
    o = rosta(
        johan, paragraf(motet, "Ärende 1"), namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.JA, David=V.NEJ
    )

    assert (o.resultat, o.utslagsrost, o.roster.count()) == (JA, False, 4)
    assert motet.handelser.filter(typ="omrostning", text__contains="3 ja, 1 nej").exists()


def test_a_tie_is_decided_by_the_ordforandes_utslagsrost(johan, motet, namnden):
    """GIVEN 2–2 WHEN the ordförande voted nej THEN nej wins with the utslagsröst."""
    o = rosta(
        johan, paragraf(motet, "Ärende 1"), namnden, Anna=V.NEJ, Bo=V.JA, Cecilia=V.JA, David=V.NEJ
    )

    assert (o.resultat, o.utslagsrost) == (NEJ, True)


def test_on_a_tie_the_ordforande_must_have_voted(johan, motet, namnden):
    with pytest.raises(ValidationError, match="utslagsröst"):
        rosta(
            johan,
            paragraf(motet, "Ärende 1"),
            namnden,
            Anna=V.AVSTAR,
            Bo=V.JA,
            Cecilia=V.NEJ,
            David=V.AVSTAR,
        )


def test_the_vice_presides_when_the_ordforande_is_javig(johan, motet, namnden):
    """GIVEN Anna (ordförande) jävig in § 5 WHEN Bo, Cecilia, David vote 1–1 with one
    abstaining THEN the vice ordförande Bo's röst decides, and Anna has no röst."""
    p = paragraf(motet, "Ärende 1")
    jav_anmal(user=johan, paragraf=p, fortroendevald=namnden["Anna Ordf"])

    o = rosta(johan, p, namnden, Bo=V.JA, Cecilia=V.NEJ, David=V.AVSTAR)

    assert (o.resultat, o.utslagsrost) == (JA, True)
    assert not o.roster.filter(fortroendevald=namnden["Anna Ordf"]).exists()


def test_a_javig_member_may_not_vote_and_every_serving_member_must(johan, motet, namnden):
    """GIVEN David jävig WHEN a röst for him is given THEN refused; WHEN Cecilia's röst is
    missing THEN refused, naming her."""
    p = paragraf(motet, "Ärende 1")
    jav_anmal(user=johan, paragraf=p, fortroendevald=namnden["David Ledamot"])

    with pytest.raises(ValidationError, match="inte är jäviga"):
        rosta(johan, p, namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.JA, David=V.NEJ)
    with pytest.raises(ValidationError, match="Ange röst för Cecilia Ledamot"):
        rosta(johan, p, namnden, Anna=V.JA, Bo=V.JA)


def test_an_ersattare_votes_instead_of_the_absent_ledamot(johan, motet, namnden):
    """GIVEN David absent and Eva serving for him WHEN they vote THEN Eva's röst counts and a
    röst for David is refused."""
    david, eva = namnden["David Ledamot"], namnden["Eva Ersattare"]
    narvaro_andra(user=johan, sammantrade=motet, fortroendevald=david, narvarande=False)
    narvaro_andra(
        user=johan, sammantrade=motet, fortroendevald=eva, narvarande=True, tjanstgor_for=david
    )
    p = paragraf(motet, "Ärende 1")

    with pytest.raises(ValidationError):
        rosta(johan, p, namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.NEJ, David=V.NEJ)
    o = rosta(johan, p, namnden, Anna=V.JA, Bo=V.NEJ, Cecilia=V.NEJ, Eva=V.NEJ)
    assert o.resultat == NEJ and o.roster.filter(fortroendevald=eva).exists()


def test_resultat_is_a_plain_count():
    assert resultat({1: V.JA, 2: V.NEJ, 3: V.AVSTAR, 4: V.JA}, ordforande_id=2) == (JA, False)
    assert resultat({1: V.JA, 2: V.NEJ}, ordforande_id=1) == (JA, True)


def test_propositions_are_required(johan, motet, namnden):
    with pytest.raises(ValidationError) as exc:
        omrostning_genomfor(
            user=johan,
            paragraf=paragraf(motet, "Ärende 1"),
            ja_proposition="",
            nej_proposition="x" * 501,
            roster={},
        )
    assert set(exc.value.message_dict) == {"ja_proposition", "nej_proposition"}


# --- Yrkanden --------------------------------------------------------------------------------


def test_yrkanden_are_numbered_in_order_by_serving_members(johan, motet, namnden):
    p = paragraf(motet, "Ärende 1")
    forsta = yrkande_lagg_till(
        user=johan, paragraf=p, yrkat_av=namnden["Cecilia Ledamot"], text="Bifall."
    )
    andra = yrkande_lagg_till(
        user=johan, paragraf=p, yrkat_av=namnden["David Ledamot"], text="Avslag."
    )
    assert (forsta.ordning, andra.ordning) == (1, 2)


def test_a_member_who_does_not_serve_may_not_yrka(johan, motet, namnden):
    """GIVEN Eva present but not serving, and David jävig WHEN either makes a yrkande THEN
    refused."""
    p = paragraf(motet, "Ärende 1")
    jav_anmal(user=johan, paragraf=p, fortroendevald=namnden["David Ledamot"])
    for namn in ("Eva Ersattare", "David Ledamot"):
        with pytest.raises(ValidationError, match="tjänstgör inte"):
            yrkande_lagg_till(user=johan, paragraf=p, yrkat_av=namnden[namn], text="Avslag.")


# --- Reservationer ---------------------------------------------------------------------------


@pytest.fixture
def efter_omrostning(johan, motet, namnden) -> Paragraf:
    """§ 5: ja won 2–1 (Anna, Bo ja; Cecilia nej; David avstår), bifall recorded."""
    p = paragraf(motet, "Ärende 1")
    rosta(johan, p, namnden, Anna=V.JA, Bo=V.JA, Cecilia=V.NEJ, David=V.AVSTAR)
    paragraf_besluta(user=johan, paragraf=p, slag=Paragraf.Beslutsslag.BIFALL)
    return p


def test_the_one_who_voted_against_may_reserve(johan, efter_omrostning, namnden):
    r = reservation_anmal(
        user=johan,
        paragraf=efter_omrostning,
        fortroendevald=namnden["Cecilia Ledamot"],
        text="Vi anser att …",
    )
    assert r.text == "Vi anser att …"
    with pytest.raises(ValidationError, match="redan reserverat"):
        reservation_anmal(
            user=johan, paragraf=efter_omrostning, fortroendevald=namnden["Cecilia Ledamot"]
        )


@pytest.mark.parametrize(
    ("namn", "meddelande"),
    [
        ("Anna Ordf", "röstade för det förslag som vann"),
        ("David Ledamot", "avstod från att rösta"),
        ("Eva Ersattare", "tjänstgör inte"),
    ],
)
def test_who_may_not_reserve(johan, efter_omrostning, namnden, namn, meddelande):
    """GIVEN the omröstning WHEN a winner, an abstainer or a non-serving ersättare reserves
    THEN refused, saying why."""
    with pytest.raises(ValidationError, match=meddelande):
        reservation_anmal(user=johan, paragraf=efter_omrostning, fortroendevald=namnden[namn])


def test_no_reservation_before_the_beslut(johan, motet, namnden):
    with pytest.raises(ValidationError, match="Registrera beslutet"):
        reservation_anmal(
            user=johan,
            paragraf=paragraf(motet, "Ärende 1"),
            fortroendevald=namnden["Cecilia Ledamot"],
        )


def test_without_omrostning_a_serving_member_may_reserve(johan, motet, namnden):
    p = paragraf_besluta(
        user=johan, paragraf=paragraf(motet, "Ärende 1"), slag=Paragraf.Beslutsslag.BIFALL
    )
    assert reservation_anmal(user=johan, paragraf=p, fortroendevald=namnden["David Ledamot"])


# --- Jäv ---------------------------------------------------------------------------------------


def test_jav_after_taking_part_is_refused(johan, motet, namnden):
    """GIVEN David made a yrkande WHEN he is reported jävig afterwards THEN refused."""
    p = paragraf(motet, "Ärende 1")
    yrkande_lagg_till(user=johan, paragraf=p, yrkat_av=namnden["David Ledamot"], text="Avslag.")

    with pytest.raises(ValidationError, match="Jäv anmäls innan"):
        jav_anmal(user=johan, paragraf=p, fortroendevald=namnden["David Ledamot"])
