"""Writing the tjänsteutlåtande: created from the Stockholm mall, then edited part by part.

The heart of it is "no lost work": two people (or two tabs) editing from the same version
never overwrite each other silently. Editing different parts both succeed; editing the same
part gives the second editor a `Konflikt` with both texts, and nothing of theirs is written.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nameden.models import User
from nameden.sparmanager import untracked_writes
from remiss import selectors
from remiss.dokument import Person, dokument_for
from remiss.models import MallAvsnitt, Remiss, Tjansteutlatande
from remiss.services.arbetsflode import remiss_avskriva, remiss_paborja_beredning
from remiss.services.tjansteutlatande import Konflikt, tjansteutlatande_spara_avsnitt
from remiss.services.tjansteutlatande_huvud import tjansteutlatande_spara_huvud
from remiss.workflow import Status
from tests.factories import NamndFactory, SammantradeFactory, UserFactory, stockholm_mall

STOCKHOLM_RUBRIKER = [
    "Förvaltningens förslag till beslut",
    "Sammanfattning",
    "Bakgrund",
    "Ärendet",
    "Ärendets beredning",
    "Förvaltningens synpunkter och förslag",
]


@pytest.fixture
def anna(stab):
    """The system administrator: may edit any document, so she plays the second editor."""
    return UserFactory(
        username="anna", first_name="Anna", last_name="Admin", is_superuser=True, avdelning=stab
    )


def _las(tu: Tjansteutlatande) -> Tjansteutlatande:
    return Tjansteutlatande.objects.get(pk=tu.pk)


def _text(tu: Tjansteutlatande, nyckel: str) -> str:
    return _las(tu).get_avsnitt(nyckel)["text"]


def _spara(tu, user, nyckel, text, *, bas_version=None):
    return tjansteutlatande_spara_avsnitt(
        user=user,
        tu=tu,
        nyckel=nyckel,
        text=text,
        bas_version=_las(tu).version if bas_version is None else bas_version,
    )


# --- Creation from the Stockholm mall ---------------------------------------------------------


def test_sections_follow_the_stockholm_mall_in_order(tu):
    """GIVEN a beredning started with the Stockholm mall WHEN the TU is read THEN its sections
    are the reference document's, in its order."""
    assert [a["rubrik"] for a in tu.avsnitt] == STOCKHOLM_RUBRIKER


def test_default_beslutspunkt_names_the_namnd(tu):
    """GIVEN a remiss for Socialnämnden WHEN the TU is created THEN the one proposed decision is
    the standard Stockholm sentence with the nämnd's name."""
    assert tu.get_avsnitt("forslag_till_beslut")["punkter"] == [
        "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen."
    ]


def test_default_beslutspunkt_names_every_namnd(registrera, karin, socialnamnden, sof):
    """GIVEN a remiss for two nämnder WHEN the TU is created THEN the decision names both."""
    aldre = NamndFactory(namn="Äldrenämnden", forvaltning=sof)
    remiss = registrera(namnder=[socialnamnden, aldre])

    remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())

    tu = Tjansteutlatande.objects.get(remiss=remiss)
    assert tu.get_avsnitt("forslag_till_beslut")["punkter"] == [
        "Socialnämnden och Äldrenämnden godkänner förvaltningens tjänsteutlåtande som svar på "
        "remissen."
    ]


def test_underrubrik_names_the_sender_in_running_text(tu):
    """GIVEN a remiss from Kommunstyrelsen, KS 2024/112 WHEN the TU is created THEN the
    underrubrik is written as in the reference document."""
    assert tu.underrubrik == "Svar på remiss från kommunstyrelsen, Dnr KS 2024/112"


def test_head_comes_from_the_remiss_and_the_mall(tu, remiss):
    """GIVEN the Stockholm mall WHEN the TU is created THEN it is a Tjänsteutlåtande titled like
    the remiss, at version 1."""
    assert (tu.dokumenttyp, tu.rubrik, tu.version) == ("Tjänsteutlåtande", remiss.rubrik, 1)


def test_signatories_are_the_forvaltningschef_then_the_avdelningschef(tu, veronica, lisa):
    """GIVEN Veronica heads SOF and Lisa Karin's avdelning WHEN the TU is created THEN they sign
    in that order, with titel and förvaltning as the document prints them."""
    assert tu.undertecknare == [
        {
            "user_id": veronica.pk,
            "namn": "Veronica Wolgast Carstorp",
            "titel": "Socialdirektör",
            "forvaltning": "Socialförvaltningen",
        },
        {
            "user_id": lisa.pk,
            "namn": "Lisa Cadenius",
            "titel": "Avdelningschef",
            "forvaltning": "Socialförvaltningen",
        },
    ]


def test_creation_writes_history_naming_the_mall(tu, karin):
    """GIVEN a beredning started by Karin WHEN the TU's history is read THEN its first row says
    which mall it came from, done by Karin."""
    row = tu.history.earliest("history_date")

    assert (row.history_change_reason, row.history_user) == (
        "Skapades från mallen ”Stockholms stad – tjänsteutlåtande”",
        karin,
    )


def test_later_change_to_the_mall_leaves_an_existing_tu_alone(tu):
    """GIVEN a TU created from the Stockholm mall WHEN the mall's type, headings and default
    text change THEN the TU still reads as it was created."""
    before = (tu.dokumenttyp, tu.underrubrik, tu.avsnitt)
    mall = stockholm_mall()
    mall.dokumenttyp = "Tjänsteskrivelse"
    mall.underrubrik_mall = "Remissvar till {avsandare}"
    mall.save()
    for avsnitt in MallAvsnitt.objects.filter(mall=mall):
        avsnitt.rubrik = f"Ny {avsnitt.rubrik}"
        avsnitt.standardtext = "Annan standardtext."
        avsnitt.save()

    tu = _las(tu)

    assert (tu.dokumenttyp, tu.underrubrik, tu.avsnitt) == before


# --- Saving a section -------------------------------------------------------------------------


def test_spara_avsnitt_stores_the_text(tu, karin):
    """GIVEN a new TU WHEN Karin writes the Sammanfattning THEN it is stored."""
    _spara(tu, karin, "sammanfattning", "Förvaltningen ställer sig bakom programmet.")

    assert _text(tu, "sammanfattning") == "Förvaltningen ställer sig bakom programmet."


def test_spara_avsnitt_bumps_the_version_and_names_the_editor(tu, karin):
    """GIVEN a TU at version 1 WHEN Karin saves a section THEN it is version 2, changed by her."""
    _spara(tu, karin, "sammanfattning", "Förvaltningen ställer sig bakom programmet.")

    tu = _las(tu)
    assert (tu.version, tu.andrad_av) == (2, karin)


def test_spara_avsnitt_writes_history_naming_the_section(tu, karin):
    """GIVEN a new TU WHEN Karin saves the Sammanfattning THEN the history row names the
    section and her."""
    _spara(tu, karin, "sammanfattning", "Förvaltningen ställer sig bakom programmet.")

    row = tu.history.latest("history_date")
    assert (row.history_change_reason, row.history_user, row.version) == (
        "Ändrade avsnittet ”Sammanfattning”",
        karin,
        2,
    )


def test_spara_avsnitt_records_an_event(tu, karin, remiss):
    """GIVEN a new TU WHEN Karin saves the Sammanfattning THEN the timeline says which part
    changed."""
    _spara(tu, karin, "sammanfattning", "Förvaltningen ställer sig bakom programmet.")

    handelse = remiss.handelser.filter(typ="tu_andrat").get()
    assert (handelse.text, handelse.anvandare) == (
        "Tjänsteutlåtandet ändrades: Sammanfattning.",
        karin,
    )


def test_saving_unchanged_text_writes_nothing(tu, karin, remiss):
    """GIVEN a saved Sammanfattning WHEN the same text is saved again (trailing spaces aside)
    THEN no version, history row or event is added."""
    _spara(tu, karin, "sammanfattning", "Förvaltningen ställer sig bakom programmet.")
    before = (_las(tu).version, tu.history.count(), remiss.handelser.count())

    _spara(tu, karin, "sammanfattning", "Förvaltningen ställer sig bakom programmet.   \n")

    assert (_las(tu).version, tu.history.count(), remiss.handelser.count()) == before


def test_text_is_normalised(tu, karin):
    """GIVEN text pasted with Windows line ends, trailing spaces and many blank lines WHEN saved
    THEN it keeps its paragraphs, one blank line apart, and nothing else."""
    _spara(tu, karin, "bakgrund", "  \r\nFörsta stycket.   \r\n\r\n\r\n\r\nAndra stycket.\r\n\r\n")

    assert _text(tu, "bakgrund") == "Första stycket.\n\nAndra stycket."


def test_unknown_section_is_refused(tu, karin):
    """GIVEN the Stockholm TU WHEN a section it does not have is saved THEN refused by name."""
    with pytest.raises(ValidationError) as exc:
        _spara(tu, karin, "barnperspektiv", "Text.")

    assert exc.value.messages == ["Avsnittet ”barnperspektiv” finns inte i dokumentet."]


# --- Beslutspunkter ---------------------------------------------------------------------------


def test_beslutspunkter_drop_empty_points_and_fold_spaces(tu, karin):
    """GIVEN two points, blank lines between and extra spaces WHEN saved THEN exactly the two
    points remain, tidied."""
    tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=tu,
        nyckel="forslag_till_beslut",
        bas_version=1,
        punkter=[
            "  Socialnämnden  godkänner förvaltningens tjänsteutlåtande som svar på remissen. ",
            "",
            "   ",
            "Beslutet förklaras omedelbart justerat.",
        ],
    )

    assert _las(tu).get_avsnitt("forslag_till_beslut")["punkter"] == [
        "Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
        "Beslutet förklaras omedelbart justerat.",
    ]


@pytest.mark.parametrize("punkter", [None, [], ["", "  "]], ids=["none", "empty", "blank"])
def test_at_least_one_beslutspunkt_is_required(tu, karin, punkter):
    """GIVEN the decision section WHEN saved with no real point THEN refused on punkter."""
    with pytest.raises(ValidationError) as exc:
        tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel="forslag_till_beslut", bas_version=1, punkter=punkter
        )

    assert exc.value.message_dict == {"punkter": ["Skriv minst en beslutspunkt."]}


# --- No lost updates --------------------------------------------------------------------------


def test_second_editor_of_the_same_section_gets_a_conflict_with_both_texts(tu, karin, anna):
    """GIVEN Anna and Karin both opened version 1 WHEN Anna saves the Sammanfattning and then
    Karin saves hers THEN Karin gets a Konflikt holding her text, Anna's text and Anna's name."""
    _spara(tu, anna, "sammanfattning", "Annas sammanfattning.", bas_version=1)

    with pytest.raises(Konflikt) as exc:
        _spara(tu, karin, "sammanfattning", "Karins sammanfattning.", bas_version=1)

    konflikt = exc.value
    assert (konflikt.din_text, konflikt.deras_text, konflikt.andrad_av, konflikt.version) == (
        "Karins sammanfattning.",
        "Annas sammanfattning.",
        "Anna Admin",
        2,
    )


def test_conflict_keeps_the_first_editors_text(tu, karin, anna):
    """GIVEN Anna saved the Sammanfattning from version 1 WHEN Karin's save from version 1 is
    refused THEN the stored text is Anna's and the document stays at version 2."""
    _spara(tu, anna, "sammanfattning", "Annas sammanfattning.", bas_version=1)

    with pytest.raises(Konflikt):
        _spara(tu, karin, "sammanfattning", "Karins sammanfattning.", bas_version=1)

    assert (_text(tu, "sammanfattning"), _las(tu).version) == ("Annas sammanfattning.", 2)


def test_conflict_message_says_who_changed_it(tu, karin, anna):
    """GIVEN a conflict on the Sammanfattning WHEN it is shown THEN it names the section and
    Anna, and says Karin's text is not saved."""
    _spara(tu, anna, "sammanfattning", "Annas sammanfattning.", bas_version=1)

    with pytest.raises(Konflikt) as exc:
        _spara(tu, karin, "sammanfattning", "Karins sammanfattning.", bas_version=1)

    assert str(exc.value) == (
        "Avsnittet ”Sammanfattning” har ändrats av Anna Admin sedan du öppnade det. "
        "Din text är inte sparad: jämför och spara igen."
    )


def test_editors_of_different_sections_both_keep_their_text(tu, karin, anna):
    """GIVEN Anna and Karin both opened version 1 WHEN Anna saves the Sammanfattning and Karin
    the Bakgrund THEN both texts are stored, at version 3."""
    _spara(tu, anna, "sammanfattning", "Annas sammanfattning.", bas_version=1)

    _spara(tu, karin, "bakgrund", "Karins bakgrund.", bas_version=1)

    assert (_text(tu, "sammanfattning"), _text(tu, "bakgrund"), _las(tu).version) == (
        "Annas sammanfattning.",
        "Karins bakgrund.",
        3,
    )


def test_conflict_on_beslutspunkter_shows_them_numbered(tu, karin, anna):
    """GIVEN Anna changed the decision points from version 1 WHEN Karin saves other points from
    version 1 THEN the conflict shows both lists as numbered points."""
    tjansteutlatande_spara_avsnitt(
        user=anna, tu=tu, nyckel="forslag_till_beslut", bas_version=1, punkter=["A.", "B."]
    )

    with pytest.raises(Konflikt) as exc:
        tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel="forslag_till_beslut", bas_version=1, punkter=["C."]
        )

    assert (exc.value.din_text, exc.value.deras_text) == ("1. C.", "1. A.\n2. B.")


def _spara_huvud(tu, user, *, bas_version, rubrik=None, sammantrade=None, undertecknare=None):
    tu = _las(tu)
    return tjansteutlatande_spara_huvud(
        user=user,
        tu=tu,
        bas_version=bas_version,
        rubrik=tu.rubrik if rubrik is None else rubrik,
        underrubrik=tu.underrubrik,
        sammantrade=sammantrade,
        # Unless told otherwise, keep the signatories the document already has.
        undertecknare=undertecknare
        if undertecknare is not None
        else [User.objects.get(pk=u["user_id"]) for u in tu.undertecknare],
    )


def test_spara_huvud_stores_rubrik_meeting_and_signatories(tu, karin, sammantrade, veronica):
    """GIVEN a new TU WHEN Karin sets the rubrik, the meeting and Veronica alone as signatory
    THEN they are stored and the version goes up."""
    _spara_huvud(
        tu,
        karin,
        bas_version=1,
        rubrik="  Remiss av   kommunikationsprogram ",
        sammantrade=sammantrade,
        undertecknare=[veronica],
    )

    tu = _las(tu)
    assert (tu.rubrik, tu.sammantrade, [u["namn"] for u in tu.undertecknare], tu.version) == (
        "Remiss av kommunikationsprogram",
        sammantrade,
        ["Veronica Wolgast Carstorp"],
        2,
    )


def test_spara_huvud_writes_history(tu, karin, sammantrade):
    """GIVEN a new TU WHEN Karin sets the meeting THEN the history row says so and names her."""
    _spara_huvud(tu, karin, bas_version=1, sammantrade=sammantrade)

    row = tu.history.latest("history_date")
    assert (row.history_change_reason, row.history_user) == (
        "Ändrade dokumentets uppgifter: sammanträde",
        karin,
    )


def test_saving_an_unchanged_head_writes_nothing(tu, karin):
    """GIVEN a new TU WHEN its head is saved as it is THEN no version or history row is added."""
    before = (_las(tu).version, tu.history.count())

    _spara_huvud(tu, karin, bas_version=1)

    assert (_las(tu).version, tu.history.count()) == before


def test_second_editor_of_the_head_gets_a_conflict_and_the_first_is_kept(tu, karin, anna):
    """GIVEN Anna and Karin both opened version 1 WHEN both change the rubrik THEN Karin gets a
    Konflikt and Anna's rubrik is stored."""
    _spara_huvud(tu, anna, bas_version=1, rubrik="Annas rubrik")

    with pytest.raises(Konflikt) as exc:
        _spara_huvud(tu, karin, bas_version=1, rubrik="Karins rubrik")

    assert "Karins rubrik" in exc.value.din_text
    assert "Annas rubrik" in exc.value.deras_text
    assert exc.value.andrad_av == "Anna Admin"
    assert _las(tu).rubrik == "Annas rubrik"


def test_head_and_a_section_edited_from_the_same_version_both_succeed(tu, karin, anna, sammantrade):
    """GIVEN Anna and Karin both opened version 1 WHEN Anna writes the Sammanfattning and Karin
    sets the meeting THEN both changes are stored."""
    _spara(tu, anna, "sammanfattning", "Annas sammanfattning.", bas_version=1)

    _spara_huvud(tu, karin, bas_version=1, sammantrade=sammantrade)

    assert (_text(tu, "sammanfattning"), _las(tu).sammantrade) == (
        "Annas sammanfattning.",
        sammantrade,
    )


def test_head_refuses_an_empty_rubrik(tu, karin):
    """GIVEN a TU WHEN the rubrik is emptied THEN refused on rubrik."""
    with pytest.raises(ValidationError) as exc:
        _spara_huvud(tu, karin, bas_version=1, rubrik="   ")

    assert exc.value.message_dict == {"rubrik": ["Skriv en rubrik."]}


def test_head_refuses_a_meeting_of_a_namnd_that_does_not_answer(tu, karin, sof):
    """GIVEN a remiss for Socialnämnden WHEN a meeting of Äldrenämnden is chosen THEN refused."""
    annat = SammantradeFactory(namnd=NamndFactory(namn="Äldrenämnden", forvaltning=sof))

    with pytest.raises(ValidationError) as exc:
        _spara_huvud(tu, karin, bas_version=1, sammantrade=annat)

    assert exc.value.message_dict == {
        "sammantrade": ["Välj ett sammanträde med en nämnd som ska svara på remissen."]
    }


def test_head_refuses_a_signatory_of_another_forvaltning(tu, karin, utomstaende):
    """GIVEN a SOF document WHEN someone of SLK is made signatory THEN refused."""
    with pytest.raises(ValidationError) as exc:
        _spara_huvud(tu, karin, bas_version=1, undertecknare=[utomstaende])

    assert exc.value.message_dict == {
        "undertecknare": ["Undertecknare ska arbeta på förvaltningen."]
    }


# --- Who may edit, and when -------------------------------------------------------------------


def test_unassigned_handlaggare_may_not_edit_a_section(tu, hugo):
    """GIVEN Karin's TU WHEN Hugo saves a section THEN PermissionDenied and nothing changes."""
    with pytest.raises(PermissionDenied):
        _spara(tu, hugo, "sammanfattning", "Hugos text.")

    assert (_text(tu, "sammanfattning"), _las(tu).version) == ("", 1)


def test_unassigned_handlaggare_may_not_edit_the_head(tu, hugo):
    """GIVEN Karin's TU WHEN Hugo changes the rubrik THEN PermissionDenied."""
    with pytest.raises(PermissionDenied):
        _spara_huvud(tu, hugo, bas_version=1, rubrik="Hugos rubrik")


@pytest.mark.parametrize(
    "status",
    [Status.REGISTRERAD, Status.AVSKRIVEN, Status.BESLUTAD, Status.BESVARAD, Status.AVSLUTAD],
    ids=lambda s: s.value,
)
def test_no_editing_outside_beredning(tu, karin, status):
    """GIVEN Karin's TU and a remiss that is not (or no longer) being prepared WHEN she saves a
    section THEN PermissionDenied.

    The status is written directly: a TU in REGISTRERAD is only reachable that way, and the
    path through attestation to BESLUTAD is proved elsewhere (test_workflow.py,
    test_attestering.py).
    """
    with untracked_writes("test set-up: a state the services no longer produce"):
        Remiss.objects.filter(pk=tu.remiss_id).update(status=status)

    with pytest.raises(PermissionDenied):
        _spara(tu, karin, "sammanfattning", "Sen text.")


def test_no_editing_once_avskriven(tu, karin, maria):
    """GIVEN Karin's TU WHEN Maria avskriver the remiss and Karin then saves a section THEN
    PermissionDenied and the text is unchanged."""
    remiss_avskriva(user=maria, remiss=tu.remiss, kommentar="Remissen drogs tillbaka.")

    with pytest.raises(PermissionDenied):
        _spara(tu, karin, "sammanfattning", "Sen text.")

    assert _text(tu, "sammanfattning") == ""


# --- Reading the document ---------------------------------------------------------------------


def test_dokument_for_reads_head_and_people(tu, karin, remiss):
    """GIVEN Karin's TU for Socialnämnden WHEN the document is read THEN it states förvaltning,
    type, number, handläggare, addressee and signatories."""
    dokument = dokument_for(selectors.tjansteutlatande_for(karin, remiss.pk))

    assert (
        dokument.forvaltning,
        dokument.dokumenttyp,
        dokument.diarienummer,
        dokument.handlaggare,
        dokument.telefon,
        dokument.till,
        dokument.sammantradesdatum,
        dokument.underrubrik,
        dokument.undertecknare,
    ) == (
        "Socialförvaltningen",
        "Tjänsteutlåtande",
        remiss.diarienummer,
        "Karin Wallander",
        "08-508 000 00",
        ("Socialnämnden",),
        None,
        "Svar på remiss från kommunstyrelsen, Dnr KS 2024/112",
        (
            Person("Veronica Wolgast Carstorp", "Socialdirektör", "Socialförvaltningen"),
            Person("Lisa Cadenius", "Avdelningschef", "Socialförvaltningen"),
        ),
    )


def test_dokument_for_splits_paragraphs_on_blank_lines(tu, karin, remiss):
    """GIVEN a Bakgrund of two paragraphs, the first wrapped over two lines WHEN the document is
    read THEN it has two paragraphs, the wrap folded to a space."""
    _spara(tu, karin, "bakgrund", "Första stycket\nfortsätter här.\n\nAndra stycket.")

    dokument = dokument_for(selectors.tjansteutlatande_for(karin, remiss.pk))

    bakgrund = next(a for a in dokument.avsnitt if a.nyckel == "bakgrund")
    assert bakgrund.stycken == ("Första stycket fortsätter här.", "Andra stycket.")


def test_dokument_for_reads_the_beslutspunkter_as_points(tu, karin, remiss):
    """GIVEN the default decision WHEN the document is read THEN the decision section has one
    point and no paragraphs."""
    dokument = dokument_for(selectors.tjansteutlatande_for(karin, remiss.pk))

    forslag = dokument.avsnitt[0]
    assert (forslag.rubrik, forslag.stycken, forslag.punkter) == (
        "Förvaltningens förslag till beslut",
        (),
        ("Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.",),
    )


def test_dokument_for_is_addressed_to_the_chosen_meeting(tu, karin, remiss, sammantrade):
    """GIVEN the TU is set for Socialnämnden's meeting of 23 April 2024 WHEN the document is
    read THEN it is addressed to that nämnd with that date."""
    _spara_huvud(tu, karin, bas_version=1, sammantrade=sammantrade)

    dokument = dokument_for(selectors.tjansteutlatande_for(karin, remiss.pk))

    assert (dokument.till, dokument.sammantradesdatum) == (
        ("Socialnämnden",),
        dt.date(2024, 4, 23),
    )
