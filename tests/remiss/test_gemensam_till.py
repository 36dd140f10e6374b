"""A joint document's "Till": every deltagare's nämnd, each with the date of its own
sammanträde (the one it is anmäld to, else the one chosen on the document) or none yet.
Written by the one path the header's "Till" always had (`remiss.dokumenthuvud.adressering`):
creation, choosing a meeting, "Hämta aktuella uppgifter". A document of one nämnd is as
before."""

import datetime as dt

import pytest

from remiss import attestlage
from remiss.dokument import dokument_for
from remiss.dokumenthuvud import skillnader
from remiss.services.attestering import KraverBekraftelse, attest_godkann, attest_skicka
from remiss.services.tjansteutlatande_huvud import tjansteutlatande_hamta_uppgifter
from tests.remiss.huvud_verktyg import huvud_spara, rendera
from tests.remiss.namnd_verktyg import anmal, mote
from tests.remiss.pdf_verktyg import fulltext
from tests.remiss.test_samverkan_verktyg import (  # noqa: F401 (fixtures)
    fixture_anna,
    fixture_bo,
    fixture_byggnadsnamnden,
    fixture_gemensam,
    fixture_gemensam_klar,
    fixture_plan,
    fixture_rut,
    fixture_sara,
    fixture_sbk,
    fixture_sven,
    las_tu,
)

pytestmark = pytest.mark.django_db

SN, SBN = "Socialnämnden", "Stadsbyggnadsnämnden"


@pytest.fixture
def moten(johan, sara, socialnamnden, byggnadsnamnden):
    """A coming sammanträde of each nämnd, on different days."""
    return (
        mote(johan, socialnamnden, dt.date(2024, 4, 23)),
        mote(sara, byggnadsnamnden, dt.date(2024, 4, 25)),
    )


def _attestera(tu, karin, lisa, veronica, anna, bo):
    attest_skicka(user=karin, tu=tu)
    for user in (anna, lisa, bo, veronica):
        attest_godkann(user=user, tu=las_tu(tu.remiss))
    return las_tu(tu.remiss)


def test_a_joint_document_is_addressed_to_both_namnder_without_dates(gemensam_klar):
    """GIVEN a joint document just created WHEN read THEN "Till" is Socialnämnden (the
    registering förvaltning's) then Stadsbyggnadsnämnden, neither with a date yet."""
    dokument = dokument_for(las_tu(gemensam_klar.remiss))

    assert [(m.namn, m.datum) for m in dokument.mottagare] == [(SN, None), (SBN, None)]
    assert dokument.sammantradesdatum is None


def test_choosing_one_namnds_meeting_dates_that_namnd_only(gemensam_klar, karin, moten):
    """GIVEN a joint document WHEN Karin chooses Stadsbyggnadsnämnden's meeting of 25 April
    THEN "Till" still names both nämnder, that one with its date, Socialnämnden with none;
    the PDF prints each nämnd with its own date under it."""
    tu = huvud_spara(gemensam_klar, karin, sammantrade=moten[1])

    tu = las_tu(tu.remiss)
    assert (tu.till, tu.till_datum) == ([SN, SBN], [None, "2024-04-25"])
    text = fulltext(rendera(tu, karin).pdf)
    assert "Till Socialnämnden Stadsbyggnadsnämnden 2024-04-25" in text


def test_each_namnd_gets_the_date_of_the_meeting_it_is_anmald_to(
    gemensam_klar, karin, lisa, veronica, anna, bo, johan, sara, moten
):
    """GIVEN the joint document, Socialnämnden's meeting chosen, attested by both chains and
    anmäld by each sekreterare to a meeting of its nämnd WHEN Karin looks at "Hämta aktuella
    uppgifter" THEN it shows both dates first; fetching needs confirmation (the document is
    attested), then writes each nämnd's date and voids the attest."""
    huvud_spara(gemensam_klar, karin, sammantrade=moten[0])
    tu = _attestera(las_tu(gemensam_klar.remiss), karin, lisa, veronica, anna, bo)
    anmal(johan, tu.remiss, moten[0])
    anmal(sara, tu.remiss, moten[1])
    tu = las_tu(tu.remiss)
    assert tu.till_datum == ["2024-04-23", None]  # as attested

    rader = {r.falt: r for r in skillnader(tu)}
    assert set(rader) == {"till_datum"}
    assert rader["till_datum"].ny == "2024-04-23\n2024-04-25"

    with pytest.raises(KraverBekraftelse):
        tjansteutlatande_hamta_uppgifter(user=karin, tu=tu, bas_version=tu.version)
    assert las_tu(tu.remiss).till_datum == ["2024-04-23", None]

    tjansteutlatande_hamta_uppgifter(user=karin, tu=tu, bas_version=tu.version, bekraftat=True)

    tu = las_tu(tu.remiss)
    assert (tu.till, tu.till_datum) == ([SN, SBN], ["2024-04-23", "2024-04-25"])
    assert not attestlage.ar_attesterad(tu)
    assert [(m.namn, m.datum) for m in dokument_for(tu).mottagare] == [
        (SN, dt.date(2024, 4, 23)),
        (SBN, dt.date(2024, 4, 25)),
    ]


def test_a_moved_punkt_moves_the_namnds_date(
    gemensam_klar, karin, lisa, veronica, anna, bo, sara, moten, byggnadsnamnden
):
    """GIVEN the joint document anmäld to Stadsbyggnadsnämnden's meeting of 25 April WHEN the
    ärende instead stands on its meeting of 30 May THEN "Hämta" offers the later date: where
    the ärende stands now, not where it first went."""
    from remiss.models import Namndbehandling

    tu = _attestera(gemensam_klar, karin, lisa, veronica, anna, bo)
    punkt = anmal(sara, tu.remiss, moten[1])
    senare = mote(sara, byggnadsnamnden, dt.date(2024, 5, 30))
    # Bordläggning's effect as the committee side records it: the punkt on a later list.
    from nameden.historik import save_tracked

    punkt.sammantrade = senare
    save_tracked(punkt, user=sara, reason="Testdata: bordlagd till nästa sammanträde")

    rader = {r.falt: r for r in skillnader(las_tu(tu.remiss))}

    assert rader["till_datum"].ny == "–\n2024-05-30"
    assert Namndbehandling.objects.get(namnd=byggnadsnamnden).sammantrade == moten[1]


def test_a_document_of_one_namnd_keeps_its_single_date(tu, karin, sammantrade):
    """GIVEN a document of one förvaltning and one nämnd WHEN its meeting is chosen THEN
    "Till" is that nämnd and the date is the single sammanträdesdatum, no per-nämnd dates
    (what every such document has always stored and printed)."""
    huvud_spara(tu, karin, sammantrade=sammantrade)

    tu = las_tu(tu.remiss)
    assert (tu.till, tu.sammantradesdatum, tu.till_datum) == (
        [SN],
        sammantrade.datum,
        [],
    )
