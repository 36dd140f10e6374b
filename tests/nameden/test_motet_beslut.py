# ruff: noqa: F811 (the fixtures of fabriker_motet are imported, then requested by name)
"""The beslut in each paragraf: bifall, ändrat, avslag, återremiss, bordläggning, noterat;
the ärendebeskrivning; omedelbar justering; and who may record them (the policy table)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nameden.models import Handling, Paragraf, Punkt
from nameden.services.foredragningslista import arende_anmal
from nameden.services.motet import protokollforing_oppna
from nameden.services.motet_beslut import paragraf_andra_text, paragraf_besluta
from nameden.services.sammantrade import sammantrade_overga
from nameden.workflow import Action, TransitionNotAllowed
from tests.nameden.fabriker_motet import (  # noqa: F401 (fixtures)
    kallat,
    motet,
    namnden,
    paragraf,
)

pytestmark = pytest.mark.django_db

B = Paragraf.Beslutsslag


def test_bifall_takes_the_forslag_as_its_wording(johan, motet):
    """GIVEN § 5 with a förslag till beslut WHEN bifall is recorded without a text THEN the
    beslut reads as the förslag, and who and when are recorded."""
    p = paragraf_besluta(
        user=johan, paragraf=paragraf(motet, "Ärende 1"), slag=B.BIFALL, omedelbar_justering=True
    )

    p.refresh_from_db()
    assert (p.slag, p.beslutstext, p.omedelbar_justering) == (
        B.BIFALL,
        "Nämnden godkänner förslag 1.",
        True,
    )
    assert p.beslutat_av == johan and p.beslutat_at is not None
    assert motet.handelser.filter(typ="beslut", text__contains="§ 5").exists()
    assert p.history.first().history_user == johan


@pytest.mark.parametrize(
    ("slag", "meddelande"),
    [
        (B.ANDRAT, "Skriv det ändrade beslutets lydelse."),
        (B.ATERREMISS, "Skriv nämndens motivering till återremissen."),
    ],
)
def test_andrat_and_aterremiss_need_their_text(johan, motet, slag, meddelande):
    with pytest.raises(ValidationError) as exc:
        paragraf_besluta(user=johan, paragraf=paragraf(motet, "Ärende 1"), slag=slag)
    assert exc.value.message_dict == {"beslutstext": [meddelande]}


def test_andrat_beslut_keeps_its_text(johan, motet):
    p = paragraf_besluta(
        user=johan,
        paragraf=paragraf(motet, "Ärende 1"),
        slag=B.ANDRAT,
        beslutstext="Nämnden godkänner förslaget med tillägget att …",
    )
    assert p.beslutstext.startswith("Nämnden godkänner förslaget med tillägget")


def test_avslag_gets_a_standard_wording(johan, motet):
    p = paragraf_besluta(user=johan, paragraf=paragraf(motet, "Ärende 1"), slag=B.AVSLAG)
    assert p.beslutstext == "Socialnämnden avslår förslaget till beslut."


def test_noterat_is_for_the_opening_punkter_not_a_beslutsarende(johan, motet):
    """GIVEN an opening punkt and a beslutsärende WHEN noterat THEN allowed for the first,
    refused for the second."""
    upprop = paragraf(motet, "Upprop")
    assert paragraf_besluta(user=johan, paragraf=upprop, slag=B.NOTERAT).beslutstext
    with pytest.raises(ValidationError) as exc:
        paragraf_besluta(user=johan, paragraf=paragraf(motet, "Ärende 1"), slag=B.NOTERAT)
    assert "passar inte" in exc.value.message_dict["slag"][0]


def test_an_unknown_kind_and_a_control_character_are_refused(johan, motet):
    p = paragraf(motet, "Ärende 1")
    with pytest.raises(ValidationError) as exc:
        paragraf_besluta(user=johan, paragraf=p, slag="nonsens")
    assert "slag" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        paragraf_besluta(user=johan, paragraf=p, slag=B.ANDRAT, beslutstext="Text\x00")
    assert "beslutstext" in exc.value.message_dict


def test_bordlaggning_carries_the_punkt_to_a_coming_sammantrade(johan, socialnamnden, namnden):
    """GIVEN an anmält ärende with a handling as § 5 and a coming sammanträde WHEN the nämnd
    bordlägger it THEN § 5 stays in this protokoll with its beslut, and the coming list has a
    new punkt, bordlagd, with the same ärende and the same stored handling."""
    mote = kallat(johan, socialnamnden, dt.date(2024, 4, 23), punkter=0)
    nasta = kallat(johan, socialnamnden, dt.date(2024, 5, 21), punkter=0)
    from nameden.arendekallor import registrerade

    punkt = arende_anmal(
        user=johan,
        sammantrade=mote,
        kalla=registrerade()[0],
        referens="ref-1",
        rubrik="Remiss av program",
        diarienummer="SOF 2024/1",
        forslag_till_beslut="Nämnden godkänner tjänsteutlåtandet.",
        handlingar=[("Tjänsteutlåtande", b"%PDF-1.7 innehall")],
    )
    protokollforing_oppna(user=johan, sammantrade=mote)
    p = punkt.paragraf

    paragraf_besluta(user=johan, paragraf=p, slag=B.BORDLAGGNING, till=nasta)

    p.refresh_from_db()
    assert (p.slag, p.nummer) == (B.BORDLAGGNING, 5)
    assert p.beslutstext == "Ärendet bordläggs till sammanträdet den 21 maj 2024."
    punkt.refresh_from_db()
    assert punkt.sammantrade == mote and punkt.status == Punkt.Status.PA_LISTAN
    ny = nasta.punkter.get(arende=punkt.arende)
    assert (ny.status, ny.rubrik, ny.forslag_till_beslut) == (
        Punkt.Status.BORDLAGD,
        "Remiss av program",
        "Nämnden godkänner tjänsteutlåtandet.",
    )
    gammal_h, ny_h = Handling.objects.get(punkt=punkt), Handling.objects.get(punkt=ny)
    assert (ny_h.fil.name, ny_h.sha256) == (gammal_h.fil.name, gammal_h.sha256)
    assert nasta.handelser.filter(typ="bordlagd_vid_motet_hit").exists()
    with pytest.raises(ValidationError, match="redan bordlagt"):
        paragraf_besluta(user=johan, paragraf=p, slag=B.BIFALL)


def test_bordlaggning_needs_a_coming_sammantrade_of_the_same_namnd(johan, motet):
    with pytest.raises(ValidationError) as exc:
        paragraf_besluta(user=johan, paragraf=paragraf(motet, "Ärende 1"), slag=B.BORDLAGGNING)
    assert "till" in exc.value.message_dict


def test_the_arendebeskrivning_is_editable(johan, motet):
    p = paragraf_andra_text(
        user=johan, paragraf=paragraf(motet, "Ärende 1"), text="Bakgrund.\nÄrendet."
    )
    assert p.text == "Bakgrund.\nÄrendet."
    assert motet.handelser.filter(typ="paragraf_text").exists()


# --- Permissions: the policy table ------------------------------------------------------------


def test_a_handlaggare_may_not_record_a_beslut(karin, motet):
    with pytest.raises(PermissionDenied):
        paragraf_besluta(user=karin, paragraf=paragraf(motet, "Ärende 1"), slag=B.BIFALL)


def test_another_forvaltnings_sekreterare_may_not(annan_sekreterare, motet):
    with pytest.raises(PermissionDenied):
        paragraf_besluta(
            user=annan_sekreterare, paragraf=paragraf(motet, "Ärende 1"), slag=B.BIFALL
        )


def test_a_planned_sammantrade_has_no_protokoll_yet(johan, socialnamnden, namnden):
    """GIVEN a sammanträde only planerat WHEN the protokollföring is started THEN the status
    stands in the way (TransitionNotAllowed, shown as a banner)."""
    from tests.nameden.conftest import skapa

    mote = skapa(johan, socialnamnden, dt.date(2024, 6, 11))
    with pytest.raises(TransitionNotAllowed):
        protokollforing_oppna(user=johan, sammantrade=mote)


def test_after_the_meeting_the_beslut_may_still_be_written(johan, motet):
    """GIVEN the meeting marked genomfört WHEN a beslut is recorded THEN allowed (PROTOKOLLFORA
    holds in kallat and genomfört)."""
    sammantrade_overga(user=johan, sammantrade=motet, action=Action.GENOMFORA)
    assert paragraf_besluta(user=johan, paragraf=paragraf(motet, "Ärende 1"), slag=B.BIFALL)
