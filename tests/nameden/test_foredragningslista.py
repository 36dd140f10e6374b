"""The föredragningslista's services: opening punkter, add, reorder, bordlägg, withdraw,
anmäl an ärende with its handlingar. The order stays 1, 2, 3 … without gaps throughout."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nameden import selectors
from nameden.models import Arende, Handling, Punkt, SammantradeHandelse
from nameden.services.foredragningslista import (
    HandlingVarde,
    arende_anmal,
    punkt_andra,
    punkt_bordlagg,
    punkt_dra_tillbaka,
    punkt_flytta,
    punkt_lagg_till,
)
from nameden.services.sammantrade import STANDARDPUNKTER, sammantrade_andra, sammantrade_overga
from nameden.workflow import Action, TransitionNotAllowed

pytestmark = pytest.mark.django_db
T = Punkt.Typ


def lista(sammantrade) -> list[tuple[int, str]]:
    return [(p.ordning, p.rubrik) for p in selectors.foredragningslista(sammantrade)]


def rubriker(sammantrade) -> list[str]:
    return [r for _, r in lista(sammantrade)]


def assert_tat(sammantrade) -> None:
    assert [o for o, _ in lista(sammantrade)] == list(range(1, len(lista(sammantrade)) + 1))


def ny(johan, sammantrade, rubrik, typ=T.BESLUTSARENDE, **kw) -> Punkt:
    return punkt_lagg_till(user=johan, sammantrade=sammantrade, typ=typ, rubrik=rubrik, **kw)


def test_a_new_sammantrade_opens_with_the_standard_punkter(mote):
    """GIVEN a sammanträde just created WHEN its list is read THEN it holds the four opening
    punkter in order, and its log says so."""
    assert rubriker(mote) == list(STANDARDPUNKTER)
    assert {p.typ for p in mote.punkter.all()} == {T.INLEDANDE}
    assert mote.handelser.get().text == "Sammanträdet skapades med 4 inledande punkter."
    assert mote.history.first().history_user.username == "johan"


def test_a_punkt_goes_to_the_end_of_its_section(mote, johan):
    """GIVEN beslutsärenden and an anmälningsärende WHEN another beslutsärende is added THEN it
    comes after the beslutsärenden and before the anmälningsärende, which moves down."""
    ny(johan, mote, "Remiss A")
    ny(johan, mote, "Delegationsbeslut", typ=T.ANMALNINGSARENDE)
    frågor = ny(johan, mote, "Frågor", typ=T.NAMNDENS_FRAGOR)

    b = ny(johan, mote, "Remiss B", diarienummer="SOF 2024/2", sekretess=True)

    assert rubriker(mote)[4:] == ["Remiss A", "Remiss B", "Delegationsbeslut", "Frågor"]
    assert b.ordning == 6 and b.sekretess
    frågor.refresh_from_db()
    assert frågor.ordning == 8
    assert frågor.history.first().history_change_reason == "Blev punkt 8"
    assert_tat(mote)


def test_an_opening_punkt_cannot_be_added_by_hand(mote, johan):
    with pytest.raises(ValidationError) as exc:
        ny(johan, mote, "Extra upprop", typ=T.INLEDANDE)
    assert "typ" in exc.value.message_dict


def test_a_punkt_needs_a_rubrik_and_no_control_characters(mote, johan):
    """GIVEN an empty rubrik and a föredragande with a control character WHEN added THEN both
    are refused in Swedish, per field."""
    with pytest.raises(ValidationError) as exc:
        ny(johan, mote, "  ", foredragande="Lisa\x00")
    assert exc.value.message_dict["rubrik"] == ["Skriv punktens rubrik."]
    assert "Föredragande" in exc.value.message_dict["foredragande"][0]


def test_only_the_sekreterare_changes_the_list(mote, karin):
    with pytest.raises(PermissionDenied):
        ny(karin, mote, "Remiss A")


def test_move_up_and_down_within_a_section(mote, johan):
    """GIVEN three beslutsärenden WHEN the last moves up twice and the first down THEN the
    order follows, dense, and the log says each move."""
    ny(johan, mote, "A")
    ny(johan, mote, "B")
    c = ny(johan, mote, "C")

    punkt_flytta(user=johan, punkt=c, riktning="upp")
    punkt_flytta(user=johan, punkt=c, riktning="upp")

    assert rubriker(mote)[4:] == ["C", "A", "B"]
    assert_tat(mote)
    assert mote.handelser.first().text == "Punkten ”C” flyttades från plats 6 till plats 5."
    assert c.history.first().history_change_reason == "Flyttades från plats 6 till 5"


def test_a_punkt_stays_in_its_section(mote, johan):
    """GIVEN the first beslutsärende and the last opening punkt WHEN moved across the border
    THEN refused: the opening punkter stay before the business."""
    a = ny(johan, mote, "A")
    jav = mote.punkter.get(rubrik="Anmälan av jäv")

    with pytest.raises(ValidationError, match="först bland beslutsärenden"):
        punkt_flytta(user=johan, punkt=a, riktning="upp")
    with pytest.raises(ValidationError, match="sist bland inledande punkter"):
        punkt_flytta(user=johan, punkt=jav, riktning="ner")


def test_opening_punkter_may_be_reordered_among_themselves(mote, johan):
    jav = mote.punkter.get(rubrik="Anmälan av jäv")

    punkt_flytta(user=johan, punkt=jav, riktning="upp")

    assert rubriker(mote)[2:4] == ["Anmälan av jäv", "Fastställande av föredragningslistan"]


def test_bordlaggning_moves_the_punkt_to_the_end_of_the_next_list(mote, nasta_mote, johan):
    """GIVEN A and B on April's list and C on May's WHEN A is bordlagd to May THEN it is last
    among May's beslutsärenden, marked bordlagd, B moves up, and both logs and A's history say
    so."""
    a = ny(johan, mote, "A", diarienummer="SOF 2024/1")
    ny(johan, mote, "B")
    ny(johan, nasta_mote, "C")

    a = punkt_bordlagg(user=johan, punkt=a, till=nasta_mote)

    assert rubriker(mote)[4:] == ["B"]
    assert rubriker(nasta_mote)[4:] == ["C", "A"]
    assert a.status == Punkt.Status.BORDLAGD and a.sammantrade_id == nasta_mote.pk
    assert_tat(mote)
    assert_tat(nasta_mote)
    assert a.history.first().history_change_reason == (
        "Bordlades från sammanträdet 2024-04-23 till 2024-05-21"
    )
    assert a.history.first().sammantrade_id == nasta_mote.pk
    assert "bordlades till sammanträdet Socialnämnden 2024-05-21" in mote.handelser.first().text
    assert "blev punkt 6" in nasta_mote.handelser.first().text


def test_bordlaggning_only_to_a_later_coming_sammantrade(mote, nasta_mote, johan):
    """GIVEN a punkt in May WHEN bordlagd back to April, or an opening punkt at all THEN
    refused."""
    c = ny(johan, nasta_mote, "C")
    with pytest.raises(ValidationError) as exc:
        punkt_bordlagg(user=johan, punkt=c, till=mote)
    assert "till" in exc.value.message_dict
    with pytest.raises(ValidationError, match="inledande punkt"):
        punkt_bordlagg(user=johan, punkt=mote.punkter.get(ordning=1), till=nasta_mote)


def test_withdraw_keeps_the_punkt_out_of_the_order(mote, johan):
    """GIVEN A, B, C WHEN B is withdrawn THEN it is kept, tillbakadragen, without a place, and
    C closes the gap; an opening punkt cannot be withdrawn."""
    ny(johan, mote, "A")
    b = ny(johan, mote, "B")
    ny(johan, mote, "C")

    b = punkt_dra_tillbaka(user=johan, punkt=b)

    assert rubriker(mote)[4:] == ["A", "C"]
    assert_tat(mote)
    assert b.status == Punkt.Status.TILLBAKADRAGEN and b.ordning is None
    assert list(selectors.tillbakadragna(mote)) == [b]
    with pytest.raises(ValidationError, match="inte tas bort"):
        punkt_dra_tillbaka(user=johan, punkt=mote.punkter.get(ordning=1))
    with pytest.raises(ValidationError, match="tillbakadragen"):
        punkt_flytta(user=johan, punkt=b, riktning="upp")


def test_edit_a_punkt_records_what_changed(mote, johan):
    a = ny(johan, mote, "A")

    punkt_andra(
        user=johan,
        punkt=a,
        rubrik="A, reviderad",
        forslag_till_beslut="Nämnden godkänner.",
        sekretess=True,
    )

    a.refresh_from_db()
    assert (a.rubrik, a.sekretess) == ("A, reviderad", True)
    assert mote.handelser.first().text == (
        "Punkt 5 ändrades: rubrik, förslag till beslut, sekretess."
    )


def test_a_held_sammantrades_list_is_closed(mote, johan):
    """GIVEN a sammanträde that has been held WHEN a punkt is added or the date changed THEN
    refused with the status."""
    mote = sammantrade_overga(user=johan, sammantrade=mote, action=Action.KALLA)
    mote = sammantrade_overga(user=johan, sammantrade=mote, action=Action.GENOMFORA)

    with pytest.raises(TransitionNotAllowed, match="genomfört"):
        ny(johan, mote, "Sent ärende")
    with pytest.raises(TransitionNotAllowed):
        sammantrade_andra(user=johan, sammantrade=mote, datum=mote.datum, tid=dt.time(9), plats="X")


def test_a_namnd_has_one_sammantrade_a_day(mote, nasta_mote, johan):
    """GIVEN meetings in April and May WHEN May's is moved to April's day THEN refused."""
    with pytest.raises(ValidationError) as exc:
        sammantrade_andra(
            user=johan, sammantrade=nasta_mote, datum=mote.datum, tid=dt.time(9), plats="X"
        )
    assert exc.value.message_dict["datum"] == [
        "Socialnämnden har redan ett sammanträde den 2024-04-23."
    ]


def test_the_place_must_be_printable(mote, johan):
    with pytest.raises(ValidationError) as exc:
        sammantrade_andra(
            user=johan, sammantrade=mote, datum=mote.datum, tid=dt.time(9), plats="\x07"
        )
    assert "plats" in exc.value.message_dict


# --- Anmälan from an ärendekälla ---------------------------------------------------------------


def anmal(johan, sammantrade, **kw):
    data = {
        "user": johan,
        "sammantrade": sammantrade,
        "kalla": "remiss",
        "referens": "17",
        "rubrik": "Remiss av Kommunikationsprogram för Stockholms stad",
        "diarienummer": "SOF 2024/12",
        "forslag_till_beslut": "Socialnämnden godkänner förvaltningens tjänsteutlåtande.",
    }
    return arende_anmal(**{**data, **kw})


def test_arende_anmal_stores_handlingar_with_their_sha256(mote, johan):
    """GIVEN a TU and a bilaga as bytes WHEN the ärende is anmält THEN it is a beslutsärende
    with its Arende, and each handling reads back unchanged with its SHA-256."""
    tu, bilaga = b"%PDF-1.7 tjansteutlatande", b"%PDF-1.7 bilaga"

    punkt = anmal(
        johan,
        mote,
        handlingar=[HandlingVarde("Tjänsteutlåtande", tu), ("Bilaga 1 Programmet", bilaga)],
    )

    assert (punkt.typ, punkt.ordning, punkt.arende.kalla, punkt.arende.referens) == (
        T.BESLUTSARENDE,
        5,
        "remiss",
        "17",
    )
    handlingar = list(punkt.handlingar.order_by("ordning"))
    assert [(h.titel, h.storlek) for h in handlingar] == [
        ("Tjänsteutlåtande", len(tu)),
        ("Bilaga 1 Programmet", len(bilaga)),
    ]
    assert handlingar[0].sha256 == hashlib.sha256(tu).hexdigest()
    assert selectors.handling_innehall(handlingar[1]) == bilaga
    assert mote.handelser.first().text.startswith("Ärendet SOF 2024/12 anmäldes som punkt 5")


def test_a_changed_handling_is_never_read_back(mote, johan):
    punkt = anmal(johan, mote, handlingar=[("TU", b"original")])
    handling = punkt.handlingar.get()
    with handling.fil.open("wb") as fil:
        fil.write(b"manipulerad")

    with pytest.raises(selectors.HandlingSkadad):
        selectors.handling_innehall(Handling.objects.get(pk=handling.pk))


def test_an_arende_stands_on_one_coming_list_at_a_time(mote, nasta_mote, johan):
    """GIVEN an ärende anmält to April WHEN anmält again THEN refused; once withdrawn it may be
    anmält to May, and it is the same Arende."""
    punkt = anmal(johan, mote)
    with pytest.raises(ValidationError, match="redan på föredragningslistan"):
        anmal(johan, nasta_mote)

    punkt_dra_tillbaka(user=johan, punkt=punkt)
    igen = anmal(johan, nasta_mote)

    assert igen.arende_id == punkt.arende_id and Arende.objects.count() == 1


def test_an_unknown_kalla_is_refused(mote, johan):
    with pytest.raises(ValidationError, match="ingen ärendekälla"):
        anmal(johan, mote, kalla="bygglov")
    assert not SammantradeHandelse.objects.filter(typ="arende_anmalt").exists()


def test_a_handlings_title_follows_the_text_rule(mote, johan):
    """GIVEN a handling whose title holds a control character WHEN anmäld THEN nothing is
    stored and the message names the handling."""
    with pytest.raises(ValidationError, match="Handling 1"):
        anmal(johan, mote, handlingar=[("TU\x07", b"x")])
    assert not Handling.objects.exists() and not Arende.objects.exists()
