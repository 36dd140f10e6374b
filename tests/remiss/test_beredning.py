"""Ärendets beredning: the steps a case went through, and the paragraph written from them.

The wording must match Stockholm's documents exactly, including the difference between a body
that *has treated* the matter and one that *has had the opportunity to treat* it.
"""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nameden.svenska import datum_i_text, organ_i_lopande_text
from remiss import selectors
from remiss.beredning import MENINGAR, beredningstext, mening
from remiss.models import Beredningssteg, Beredningstyp, Tjansteutlatande, Utfall
from remiss.services.beredning import (
    beredning_generera_text,
    beredningssteg_andra,
    beredningssteg_lagg_till,
    beredningssteg_ta_bort,
)
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.remiss.beredning_verktyg import steg_lagg_till

T, U = Beredningstyp, Utfall

REFERENS = (
    "Ärendet har beretts inom kommunikationsenheten på socialförvaltningen. "
    "Förvaltningsgruppen har behandlat ärendet den 17 april 2024. "
    "Rådet för funktionshinderfrågor har haft möjlighet att behandla ärendet den 18 april 2024."
)


def _text(tu: Tjansteutlatande) -> str:
    return Tjansteutlatande.objects.get(pk=tu.pk).get_avsnitt("arendets_beredning")["text"]


@pytest.fixture
def referenssteg(tu, karin):
    """The three steps of the reference document, added through the service as Karin would."""
    intern = steg_lagg_till(
        tu, karin, T.INTERN, None, motpart="kommunikationsenheten på socialförvaltningen"
    )
    grupp = steg_lagg_till(tu, karin, T.FORVALTNINGSGRUPP, dt.date(2024, 4, 17))
    rad = steg_lagg_till(tu, karin, T.FUNKTIONSHINDERRAD, dt.date(2024, 4, 18), U.MOJLIGHET)
    return intern, grupp, rad


# --- The sentences ----------------------------------------------------------------------------

#: Every (typ, utfall) with motpart "stadsbyggnadskontoret" on 17 April 2024.
# fmt: off
VANTADE_MENINGAR = {
    (T.INTERN, U.BEHANDLAT): "Ärendet har beretts inom stadsbyggnadskontoret.",
    (T.INTERN, U.MOJLIGHET): "Ärendet har beretts inom stadsbyggnadskontoret.",
    (T.FORVALTNINGSGRUPP, U.BEHANDLAT):
        "Förvaltningsgruppen har behandlat ärendet den 17 april 2024.",
    (T.FORVALTNINGSGRUPP, U.MOJLIGHET):
        "Förvaltningsgruppen har haft möjlighet att behandla ärendet den 17 april 2024.",
    (T.FUNKTIONSHINDERRAD, U.BEHANDLAT):
        "Rådet för funktionshinderfrågor har behandlat ärendet den 17 april 2024.",
    (T.FUNKTIONSHINDERRAD, U.MOJLIGHET):
        "Rådet för funktionshinderfrågor har haft möjlighet att behandla ärendet "
        "den 17 april 2024.",
    (T.PENSIONARSRAD, U.BEHANDLAT):
        "Pensionärsrådet har behandlat ärendet den 17 april 2024.",
    (T.PENSIONARSRAD, U.MOJLIGHET):
        "Pensionärsrådet har haft möjlighet att behandla ärendet den 17 april 2024.",
    (T.SAMRAD, U.BEHANDLAT):
        "Samråd har skett med stadsbyggnadskontoret den 17 april 2024.",
    (T.SAMRAD, U.MOJLIGHET):
        "Stadsbyggnadskontoret har haft möjlighet att lämna synpunkter på ärendet "
        "den 17 april 2024.",
    (T.ANNAT, U.BEHANDLAT):
        "Stadsbyggnadskontoret har behandlat ärendet den 17 april 2024.",
    (T.ANNAT, U.MOJLIGHET):
        "Stadsbyggnadskontoret har haft möjlighet att behandla ärendet den 17 april 2024.",
}
# fmt: on


def test_sentence_table_covers_every_kind_and_outcome():
    """GIVEN the step kinds and outcomes WHEN the sentence table is read THEN every pair has a
    sentence and there are no others."""
    assert set(MENINGAR) == set(itertools.product(T.values, U.values))


@pytest.mark.parametrize(("typ", "utfall"), list(VANTADE_MENINGAR), ids=lambda v: v.value)
def test_each_kind_and_outcome_writes_its_sentence(typ, utfall):
    """GIVEN a step of this kind and outcome WHEN written as prose THEN it reads exactly as in
    Stockholm's documents."""
    steg = Beredningssteg(
        typ=typ, utfall=utfall, motpart="stadsbyggnadskontoret", datum=dt.date(2024, 4, 17)
    )

    assert mening(steg) == VANTADE_MENINGAR[(typ, utfall)]


def test_a_step_without_date_leaves_the_date_out():
    """GIVEN a förvaltningsgrupp step with no date WHEN written THEN the sentence has no date."""
    steg = Beredningssteg(typ=T.FORVALTNINGSGRUPP, utfall=U.BEHANDLAT, datum=None)

    assert mening(steg) == "Förvaltningsgruppen har behandlat ärendet."


def test_steps_make_one_paragraph_in_order():
    """GIVEN the reference's three steps WHEN written as prose THEN they make the reference
    paragraph."""
    steg = [
        Beredningssteg(
            typ=T.INTERN, utfall=U.BEHANDLAT, motpart="kommunikationsenheten på socialförvaltningen"
        ),
        Beredningssteg(typ=T.FORVALTNINGSGRUPP, utfall=U.BEHANDLAT, datum=dt.date(2024, 4, 17)),
        Beredningssteg(typ=T.FUNKTIONSHINDERRAD, utfall=U.MOJLIGHET, datum=dt.date(2024, 4, 18)),
    ]

    assert beredningstext(steg) == REFERENS


def test_steps_are_told_in_date_order_undated_first():
    """GIVEN steps entered out of order, one without a date WHEN written as prose THEN the
    undated step comes first and the others follow by date, same-day steps as entered."""
    steg = [
        Beredningssteg(typ=T.PENSIONARSRAD, utfall=U.BEHANDLAT, datum=dt.date(2024, 4, 19)),
        Beredningssteg(typ=T.FUNKTIONSHINDERRAD, utfall=U.MOJLIGHET, datum=dt.date(2024, 4, 18)),
        Beredningssteg(
            typ=T.SAMRAD,
            utfall=U.BEHANDLAT,
            motpart="stadsledningskontoret",
            datum=dt.date(2024, 4, 18),
        ),
        Beredningssteg(typ=T.INTERN, utfall=U.BEHANDLAT, motpart="stabsavdelningen"),
        Beredningssteg(typ=T.FORVALTNINGSGRUPP, utfall=U.BEHANDLAT, datum=dt.date(2024, 4, 17)),
    ]

    assert beredningstext(steg) == (
        "Ärendet har beretts inom stabsavdelningen. "
        "Förvaltningsgruppen har behandlat ärendet den 17 april 2024. "
        "Rådet för funktionshinderfrågor har haft möjlighet att behandla ärendet "
        "den 18 april 2024. "
        "Samråd har skett med stadsledningskontoret den 18 april 2024. "
        "Pensionärsrådet har behandlat ärendet den 19 april 2024."
    )


# --- Swedish writing --------------------------------------------------------------------------

MANADER = [
    (dt.date(2024, 1, 1), "1 januari 2024"),
    (dt.date(2024, 2, 29), "29 februari 2024"),
    (dt.date(2024, 3, 5), "5 mars 2024"),
    (dt.date(2024, 4, 17), "17 april 2024"),
    (dt.date(2024, 5, 9), "9 maj 2024"),
    (dt.date(2024, 6, 6), "6 juni 2024"),
    (dt.date(2024, 7, 31), "31 juli 2024"),
    (dt.date(2024, 8, 15), "15 augusti 2024"),
    (dt.date(2024, 9, 30), "30 september 2024"),
    (dt.date(2024, 10, 2), "2 oktober 2024"),
    (dt.date(2024, 11, 11), "11 november 2024"),
    (dt.date(2024, 12, 24), "24 december 2024"),
]


@pytest.mark.parametrize(("datum", "text"), MANADER, ids=lambda v: str(v))
def test_dates_in_prose_are_swedish(datum, text):
    """GIVEN a date in any month WHEN written in prose THEN day without zero, Swedish month in
    lower case, year."""
    assert datum_i_text(datum) == text


@pytest.mark.parametrize(
    ("namn", "i_text"),
    [
        ("Kommunstyrelsen", "kommunstyrelsen"),
        ("Stadsbyggnadsnämnden", "stadsbyggnadsnämnden"),
        ("Kommunfullmäktige", "kommunfullmäktige"),
        ("Stadsledningskontoret", "stadsledningskontoret"),
        ("Trafikverket", "Trafikverket"),
        ("Region Stockholm", "Region Stockholm"),
        ("  Kommunstyrelsen ", "kommunstyrelsen"),
    ],
)
def test_municipal_bodies_are_common_nouns_in_running_text(namn, i_text):
    """GIVEN a sender WHEN written mid-sentence THEN a municipal body is lower case and an
    authority keeps its capital."""
    assert organ_i_lopande_text(namn) == i_text


# --- The services keep the section in step ----------------------------------------------------


def test_adding_the_reference_steps_writes_the_reference_paragraph(tu, referenssteg):
    """GIVEN a new TU WHEN Karin adds the reference's three steps THEN Ärendets beredning reads
    exactly as the reference document."""
    assert _text(tu) == REFERENS


def test_changing_a_step_rewrites_the_section(tu, karin, referenssteg):
    """GIVEN the reference steps WHEN the funktionshinderråd is changed to have treated the case
    THEN the section says so."""
    _, _, rad = referenssteg

    beredningssteg_andra(
        user=karin,
        steg=rad,
        typ=T.FUNKTIONSHINDERRAD,
        datum=dt.date(2024, 4, 18),
        utfall=U.BEHANDLAT,
    )

    assert _text(tu).endswith(
        "Rådet för funktionshinderfrågor har behandlat ärendet den 18 april 2024."
    )


def test_removing_a_step_rewrites_the_section(tu, karin, referenssteg):
    """GIVEN the reference steps WHEN the förvaltningsgrupp step is removed THEN its sentence is
    gone and the others remain in order."""
    _, grupp, _ = referenssteg

    beredningssteg_ta_bort(user=karin, steg=grupp)

    assert _text(tu) == (
        "Ärendet har beretts inom kommunikationsenheten på socialförvaltningen. "
        "Rådet för funktionshinderfrågor har haft möjlighet att behandla ärendet den 18 april 2024."
    )


def test_a_step_added_later_with_an_earlier_date_is_told_first(tu, karin, referenssteg):
    """GIVEN the reference steps WHEN Karin adds a samråd dated before the förvaltningsgrupp
    THEN its sentence comes after the undated step and before the förvaltningsgrupp's, in the
    section and in the list of steps."""
    samrad = steg_lagg_till(
        tu, karin, T.SAMRAD, dt.date(2024, 4, 10), motpart="stadsledningskontoret"
    )

    assert _text(tu) == (
        "Ärendet har beretts inom kommunikationsenheten på socialförvaltningen. "
        "Samråd har skett med stadsledningskontoret den 10 april 2024. "
        "Förvaltningsgruppen har behandlat ärendet den 17 april 2024. "
        "Rådet för funktionshinderfrågor har haft möjlighet att behandla ärendet den 18 april 2024."
    )
    intern, grupp, rad = referenssteg
    assert list(selectors.beredningssteg_lista(tu)) == [intern, samrad, grupp, rad]


def test_adding_a_step_records_its_sentence_in_the_timeline(tu, karin, remiss):
    """GIVEN a new TU WHEN Karin adds the förvaltningsgrupp step THEN the timeline quotes the
    sentence once, ending with a single full stop."""
    beredningssteg_lagg_till(
        user=karin, tu=tu, typ=T.FORVALTNINGSGRUPP, datum=dt.date(2024, 4, 17), utfall=U.BEHANDLAT
    )

    handelse = remiss.handelser.get(typ="beredningssteg_tillagt")
    assert handelse.text == (
        "Beredningssteg lades till: Förvaltningsgruppen har behandlat ärendet den 17 april 2024."
    )


def test_adding_a_step_writes_its_history(tu, karin):
    """GIVEN a new TU WHEN Karin adds a step THEN the step's history says so and names her."""
    steg = beredningssteg_lagg_till(
        user=karin, tu=tu, typ=T.FORVALTNINGSGRUPP, datum=dt.date(2024, 4, 17), utfall=U.BEHANDLAT
    )

    row = steg.history.get()
    assert (row.history_change_reason, row.history_user) == ("Beredningssteg lades till", karin)


# --- Hand edits win until asked otherwise -----------------------------------------------------


def _handredigera(tu, karin, text):
    tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=tu,
        nyckel="arendets_beredning",
        text=text,
        bas_version=Tjansteutlatande.objects.get(pk=tu.pk).version,
    )


def test_hand_edited_section_is_not_overwritten_by_a_new_step(tu, karin, referenssteg):
    """GIVEN Karin rewrote Ärendets beredning by hand WHEN she adds another step THEN her text
    stays."""
    _handredigera(tu, karin, "Ärendet har beretts i nära samarbete med stadsdelsförvaltningarna.")

    beredningssteg_lagg_till(
        user=karin, tu=tu, typ=T.PENSIONARSRAD, datum=dt.date(2024, 4, 19), utfall=U.BEHANDLAT
    )

    assert _text(tu) == "Ärendet har beretts i nära samarbete med stadsdelsförvaltningarna."


def test_hand_edited_section_survives_changed_and_removed_steps(tu, karin, referenssteg):
    """GIVEN Karin rewrote Ärendets beredning by hand WHEN a step is changed and another removed
    THEN her text stays."""
    intern, grupp, _ = referenssteg
    _handredigera(tu, karin, "Egen text.")

    beredningssteg_andra(
        user=karin,
        steg=intern,
        typ=T.INTERN,
        datum=None,
        utfall=U.BEHANDLAT,
        motpart="stabsavdelningen",
    )
    beredningssteg_ta_bort(user=karin, steg=grupp)

    assert _text(tu) == "Egen text."


def test_generera_text_writes_the_section_anew_from_the_steps(tu, karin, referenssteg):
    """GIVEN a hand-edited section WHEN Karin asks for it to be written from the steps THEN it is
    the generated paragraph again, and later steps update it again."""
    _handredigera(tu, karin, "Egen text.")

    beredning_generera_text(user=karin, tu=tu)
    assert _text(tu) == REFERENS

    beredningssteg_lagg_till(
        user=karin, tu=tu, typ=T.PENSIONARSRAD, datum=dt.date(2024, 4, 19), utfall=U.BEHANDLAT
    )
    assert _text(tu) == f"{REFERENS} Pensionärsrådet har behandlat ärendet den 19 april 2024."


def test_saving_the_generated_text_unchanged_is_not_a_hand_edit(tu, karin, referenssteg):
    """GIVEN the generated paragraph WHEN Karin saves exactly that text (re-wrapped) THEN the
    section still follows the steps."""
    _handredigera(tu, karin, REFERENS.replace(". ", ".\n"))
    _handredigera(tu, karin, REFERENS)

    beredningssteg_lagg_till(
        user=karin, tu=tu, typ=T.PENSIONARSRAD, datum=dt.date(2024, 4, 19), utfall=U.BEHANDLAT
    )

    assert _text(tu).startswith(REFERENS)
    assert _text(tu).endswith("Pensionärsrådet har behandlat ärendet den 19 april 2024.")


# --- Validation and permission ----------------------------------------------------------------


def test_samrad_without_motpart_is_refused(tu, karin):
    """GIVEN a samråd step WHEN no counterpart is named THEN refused with an example, and no
    step is stored."""
    with pytest.raises(ValidationError) as exc:
        beredningssteg_lagg_till(
            user=karin,
            tu=tu,
            typ=T.SAMRAD,
            datum=dt.date(2024, 4, 17),
            utfall=U.BEHANDLAT,
            motpart="   ",
        )

    assert exc.value.message_dict == {
        "motpart": ["Skriv vem som beredde ärendet, till exempel ”stadsbyggnadskontoret”."]
    }
    assert not Beredningssteg.objects.exists()


@pytest.mark.parametrize(
    "typ", [T.FORVALTNINGSGRUPP, T.FUNKTIONSHINDERRAD, T.PENSIONARSRAD], ids=lambda t: t.value
)
def test_step_without_date_is_refused(tu, karin, typ):
    """GIVEN a step of a body that meets WHEN no date is given THEN refused on datum."""
    with pytest.raises(ValidationError) as exc:
        beredningssteg_lagg_till(user=karin, tu=tu, typ=typ, datum=None, utfall=U.BEHANDLAT)

    assert exc.value.message_dict == {"datum": ["Ange datum för beredningen."]}
    assert _text(tu) == ""


def test_unknown_kind_of_step_is_refused(tu, karin):
    """GIVEN a kind of step that does not exist WHEN added THEN refused on typ."""
    with pytest.raises(ValidationError) as exc:
        beredningssteg_lagg_till(
            user=karin, tu=tu, typ="lunchmote", datum=dt.date(2024, 4, 17), utfall=U.BEHANDLAT
        )

    assert exc.value.message_dict["typ"] == ["Välj vilken sorts beredning det var."]


def test_unassigned_handlaggare_may_not_add_a_step(tu, hugo):
    """GIVEN Karin's TU WHEN Hugo adds a step THEN PermissionDenied and no step is stored."""
    with pytest.raises(PermissionDenied):
        beredningssteg_lagg_till(
            user=hugo,
            tu=tu,
            typ=T.FORVALTNINGSGRUPP,
            datum=dt.date(2024, 4, 17),
            utfall=U.BEHANDLAT,
        )

    assert not Beredningssteg.objects.exists()
