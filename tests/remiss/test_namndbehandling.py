"""Each answering nämnd decides and expedierar on its own; the remiss follows all of them.

Two nämnder answer the remiss (Socialnämnden and Äldrenämnden). It is beslutad only after the
last one has decided, besvarad only after the last expediering, and then closed by a user.
An återremiss voids the attestation exactly as reopening does, with the nämnd's words; the
other nämnd's beslut stands.
"""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from nameden.arendekallor import Beslutsslag, StegetGarInte
from nameden.models import Namnd
from remiss import selectors
from remiss.models import Attestering, Attestrunda, Namndbehandling, Remiss, Slutversion
from remiss.services.arbetsflode import remiss_avsluta
from remiss.services.namndbehandling import namnd_beslut, namnd_expedierad
from remiss.workflow import Status
from tests.remiss.namnd_verktyg import (
    BESLUTSTEXT,
    REGISTRATUR,
    TU,
    UTDRAG,
    anmal,
    attestera,
    attestera_igen,
    beslut,
    expediering,
    halla,
    mote,
)

pytestmark = pytest.mark.django_db

NB = Namndbehandling.Status
ORDEN = "Nämnden återremitterar ärendet för att förvaltningen ska belysa barnperspektivet."


@pytest.fixture
def aldrenamnden(sof) -> Namnd:
    return Namnd.objects.create(namn="Äldrenämnden", forvaltning=sof)


@pytest.fixture
def remiss2(registrera, socialnamnden, aldrenamnden, karin, lisa, veronica) -> Remiss:
    """Attested, answered by two nämnder, anmäld to a sammanträde of each."""
    remiss = attestera(
        registrera(namnder=[socialnamnden, aldrenamnden], avsandare_epost=REGISTRATUR),
        karin,
        lisa,
        veronica,
    )
    return remiss


@pytest.fixture
def moten(johan, socialnamnden, aldrenamnden):
    return {
        "sn": mote(johan, socialnamnden, dt.date(2024, 4, 23)),
        "an": mote(johan, aldrenamnden, dt.date(2024, 4, 25)),
    }


@pytest.fixture
def anmald(remiss2, moten, johan) -> Remiss:
    anmal(johan, remiss2, moten["sn"])
    anmal(johan, remiss2, moten["an"])
    return remiss2


def _status(remiss) -> str:
    return Remiss.objects.get(pk=remiss.pk).status


def _rad(remiss, namnd) -> Namndbehandling:
    return Namndbehandling.objects.get(remiss=remiss, namnd=namnd)


def _texter(remiss, typ) -> list[tuple[str, str]]:
    return [(h.text, h.kommentar) for h in remiss.handelser.filter(typ=typ).order_by("id")]


# --- Anmäld -----------------------------------------------------------------------------------


def test_anmalan_records_each_namnds_row(anmald, moten, johan, socialnamnden, aldrenamnden):
    """GIVEN a remiss answered by two nämnder WHEN it is anmäld to a sammanträde of each THEN
    each nämnd has its row, anmäld to that sammanträde by Johan, with history, and the
    remiss stays attesterad."""
    sn, an = _rad(anmald, socialnamnden), _rad(anmald, aldrenamnden)

    assert (sn.status, sn.sammantrade, sn.anmald_av) == (NB.ANMALD, moten["sn"], johan)
    assert (an.status, an.sammantrade) == (NB.ANMALD, moten["an"])
    assert sn.history.first().history_change_reason == "Anmäldes till Socialnämnden 2024-04-23"
    assert _status(anmald) == Status.ATTESTERAD


# --- Beslut -----------------------------------------------------------------------------------


def test_the_remiss_is_beslutad_only_after_the_last_namnd(
    anmald, johan, socialnamnden, aldrenamnden
):
    """GIVEN two anmälda nämnder WHEN Socialnämnden decides THEN its row is beslutad with §
    and date, the timeline says who decided what, and the remiss is still attesterad; WHEN
    Äldrenämnden decides too THEN the remiss is beslutad."""
    namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(), user=johan)

    rad = _rad(anmald, socialnamnden)
    assert (rad.status, rad.beslut_slag, rad.beslut_text, rad.paragraf, rad.sammantradesdatum) == (
        NB.BESLUTAD,
        Beslutsslag.BIFALL,
        BESLUTSTEXT,
        "§ 45",
        dt.date(2024, 4, 23),
    )
    assert (rad.beslutat_av, rad.history.first().history_user) == (johan, johan)
    assert _status(anmald) == Status.ATTESTERAD
    assert _texter(anmald, "namnd_beslut") == [
        (
            "Socialnämnden beslutade (§ 45, 2024-04-23): bifall till förvaltningens förslag.",
            BESLUTSTEXT,
        )
    ]

    namnd_beslut(
        remiss=anmald,
        namnd=aldrenamnden,
        beslut=beslut(Beslutsslag.ANDRAT, "Äldrenämnden svarar med ett tillägg.", "§ 12"),
        user=johan,
    )

    assert _status(anmald) == Status.BESLUTAD
    assert _texter(anmald, "namnd_beslut")[-1][0] == (
        "Äldrenämnden beslutade (§ 12, 2024-04-23): förvaltningens förslag med ändringar."
    )
    senaste = anmald.history.order_by("-history_date", "-history_id").first()
    assert senaste.history_change_reason == "Registrera nämndens beslut: Attesterad → Beslutad"


def test_the_same_beslut_reported_again_changes_nothing(anmald, johan, socialnamnden):
    """GIVEN Socialnämnden's beslut is recorded WHEN the same beslut is reported again (a
    retry, a protokoll justerat anew unchanged) THEN no history row and no event is added."""
    namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(), user=johan)
    rad = _rad(anmald, socialnamnden)
    fore = (rad.history.count(), anmald.handelser.count())

    namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(), user=johan)

    assert (rad.history.count(), anmald.handelser.count()) == fore


def test_a_changed_beslut_before_expediering_replaces_the_recorded_one(
    anmald, johan, socialnamnden
):
    """GIVEN Socialnämnden's beslut is recorded WHEN a different beslut is reported before
    expediering (the protokoll was changed and justerat again) THEN it replaces the recorded
    one and the timeline says it changed."""
    namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(), user=johan)

    namnd_beslut(
        remiss=anmald,
        namnd=socialnamnden,
        beslut=beslut(Beslutsslag.AVSLAG, "Socialnämnden avslår förslaget.", "§ 46"),
        user=johan,
    )

    rad = _rad(anmald, socialnamnden)
    assert (rad.beslut_slag, rad.paragraf) == (Beslutsslag.AVSLAG, "§ 46")
    assert _texter(anmald, "namnd_beslut_andrat") == [
        (
            "Socialnämndens beslut ändrades (§ 46, 2024-04-23): avslag på förvaltningens förslag.",
            "Socialnämnden avslår förslaget.",
        )
    ]


def test_a_registered_beslut_cannot_become_an_aterremiss(anmald, johan, socialnamnden):
    """GIVEN Socialnämnden's bifall is recorded WHEN an återremiss is reported for it THEN
    StegetGarInte: an återremiss is a new round of anmälan, not a correction."""
    namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(), user=johan)

    with pytest.raises(StegetGarInte, match="kan inte bli en återremiss"):
        namnd_beslut(
            remiss=anmald,
            namnd=socialnamnden,
            beslut=beslut(Beslutsslag.ATERREMISS, ORDEN),
            user=johan,
        )

    assert _rad(anmald, socialnamnden).status == NB.BESLUTAD


def test_a_beslut_of_a_namnd_the_remiss_was_not_anmald_to_is_refused(remiss2, johan, socialnamnden):
    """GIVEN an attested remiss not yet anmäld WHEN a beslut is reported for Socialnämnden
    THEN StegetGarInte naming the nämnd, and nothing is recorded."""
    with pytest.raises(StegetGarInte, match="inte anmäld till Socialnämndens sammanträde"):
        namnd_beslut(remiss=remiss2, namnd=socialnamnden, beslut=beslut(), user=johan)

    assert not Namndbehandling.objects.exists()


@pytest.mark.parametrize(
    ("andring", "falt"),
    [({"text": "  "}, "text"), ({"text": "Ja\x00"}, "text"), ({"paragraf": "§" * 41}, "paragraf")],
)
def test_a_malformed_beslut_is_refused_in_swedish(anmald, johan, socialnamnden, andring, falt):
    """GIVEN an anmäld nämnd WHEN a beslut without text, with a control character or with an
    over-long paragraf is reported THEN ValidationError on that field, nothing recorded."""
    with pytest.raises(ValidationError) as exc:
        namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(**andring), user=johan)

    assert list(exc.value.message_dict) == [falt]
    assert _rad(anmald, socialnamnden).status == NB.ANMALD


# --- Återremiss -------------------------------------------------------------------------------


def test_aterremiss_voids_the_attestation_and_goes_back_to_beredning_with_the_words(
    anmald, johan, karin, lisa, veronica, socialnamnden, django_capture_on_commit_callbacks
):
    """GIVEN an attested remiss anmäld to two nämnder WHEN Socialnämnden återremitterar it
    THEN it is under beredning by the system transition, the attestations and the final PDF
    are voided with the reason (exactly as when reopening), the timeline keeps the nämnd's
    words, Karin is told with them and the attestants that their attest no longer holds."""
    with django_capture_on_commit_callbacks(execute=True):
        namnd_beslut(
            remiss=anmald,
            namnd=socialnamnden,
            beslut=beslut(Beslutsslag.ATERREMISS, ORDEN),
            user=johan,
        )

    assert _status(anmald) == Status.UNDER_BEREDNING
    assert _rad(anmald, socialnamnden).status == NB.ATERREMITTERAD
    orsak = "Socialnämnden återremitterade ärendet (§ 45, 2024-04-23)"
    assert list(Attestrunda.objects.values_list("status", flat=True)) == [
        Attestrunda.Status.UPPHAVD
    ]
    assert set(Attestering.objects.values_list("ogiltig_orsak", flat=True)) == {orsak}
    (slutversion,) = Slutversion.objects.all()
    assert (slutversion.upphavd_orsak, slutversion.upphavd_av) == (orsak, johan)
    assert _texter(anmald, "namnd_aterremiss") == [
        ("Socialnämnden återremitterade ärendet till förvaltningen (§ 45, 2024-04-23).", ORDEN)
    ]
    assert _texter(anmald, "attest_upphavd") == [(f"Attesten upphävdes: {orsak}.", "")]
    senaste = anmald.history.order_by("-history_date", "-history_id").first()
    assert (senaste.history_change_reason, senaste.history_user) == (
        "Återremittera till förvaltningen: Attesterad → Under beredning",
        johan,
    )
    till = {m.to[0]: m for m in mail.outbox}
    assert set(till) == {karin.email, lisa.email, veronica.email}
    assert till[karin.email].subject.startswith("Återremitterat: SOF ")
    assert ORDEN in till[karin.email].body
    assert "Socialnämnden har återremitterat ärendet" in till[karin.email].body
    assert "har ändrat tjänsteutlåtandet" not in till[lisa.email].body
    assert orsak in till[lisa.email].body


def test_after_an_aterremiss_the_other_beslut_stands_and_only_that_namnd_decides_again(
    anmald, moten, johan, karin, lisa, veronica, socialnamnden, aldrenamnden
):
    """GIVEN Äldrenämnden has decided and Socialnämnden återremitterar WHEN the document is
    attested anew THEN Äldrenämnden's beslut stands (it is not asked again: anmälan to it is
    refused and its sammanträden are not offered), Socialnämnden gets it anew and, once it
    decides, the remiss is beslutad."""
    halla(johan, moten["sn"])
    namnd_beslut(remiss=anmald, namnd=aldrenamnden, beslut=beslut(paragraf="§ 12"), user=johan)
    namnd_beslut(
        remiss=anmald,
        namnd=socialnamnden,
        beslut=beslut(Beslutsslag.ATERREMISS, ORDEN),
        user=johan,
    )
    remiss = attestera_igen(anmald, karin, lisa, veronica)
    assert remiss.status == Status.ATTESTERAD
    assert _rad(remiss, aldrenamnden).status == NB.BESLUTAD

    nytt_an = mote(johan, aldrenamnden, dt.date(2024, 5, 23))
    with pytest.raises(ValidationError, match="Äldrenämnden har redan beslutat i ärendet"):
        anmal(johan, remiss, nytt_an)
    nytt_sn = mote(johan, socialnamnden, dt.date(2024, 5, 21))
    assert list(selectors.kommande_sammantraden_for(remiss)) == [nytt_sn]

    anmal(johan, remiss, nytt_sn)
    rad = _rad(remiss, socialnamnden)
    assert (rad.status, rad.sammantrade, rad.beslut_slag, rad.beslut_text) == (
        NB.ANMALD,
        nytt_sn,
        "",
        "",
    )
    namnd_beslut(
        remiss=remiss,
        namnd=socialnamnden,
        beslut=beslut(paragraf="§ 60", datum=dt.date(2024, 5, 21)),
        user=johan,
    )

    assert _status(remiss) == Status.BESLUTAD


def test_a_beslut_after_another_namnds_aterremiss_is_recorded(
    anmald, johan, socialnamnden, aldrenamnden
):
    """GIVEN Socialnämnden återremitterade (the remiss is under beredning) WHEN Äldrenämnden's
    beslut on the list it already had comes in THEN it is recorded (a nämnd's beslut is its
    own), and the remiss stays under beredning."""
    namnd_beslut(
        remiss=anmald,
        namnd=socialnamnden,
        beslut=beslut(Beslutsslag.ATERREMISS, ORDEN),
        user=johan,
    )

    namnd_beslut(remiss=anmald, namnd=aldrenamnden, beslut=beslut(paragraf="§ 12"), user=johan)

    assert _rad(anmald, aldrenamnden).status == NB.BESLUTAD
    assert _status(anmald) == Status.UNDER_BEREDNING


def test_an_aterremitterad_namnd_must_be_anmald_again_before_it_decides(
    anmald, johan, socialnamnden
):
    """GIVEN Socialnämnden återremitterade WHEN a bifall is reported for it without a new
    anmälan THEN StegetGarInte."""
    namnd_beslut(
        remiss=anmald,
        namnd=socialnamnden,
        beslut=beslut(Beslutsslag.ATERREMISS, ORDEN),
        user=johan,
    )

    with pytest.raises(StegetGarInte, match="behöver anmälas till ett sammanträde igen"):
        namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(), user=johan)


# --- Expediering ------------------------------------------------------------------------------


def test_expediering_before_the_namnds_beslut_is_refused(anmald, johan, socialnamnden):
    """GIVEN Socialnämnden has not decided WHEN an expediering is reported THEN StegetGarInte,
    and nothing is recorded."""
    with pytest.raises(StegetGarInte, match="Socialnämndens beslut är inte registrerat"):
        namnd_expedierad(remiss=anmald, namnd=socialnamnden, expediering=expediering(), user=johan)

    assert _rad(anmald, socialnamnden).expedierad_at is None


def test_expediering_is_recorded_with_files_and_hashes_and_besvarad_after_the_last(
    anmald, johan, maria, socialnamnden, aldrenamnden
):
    """GIVEN both nämnder have decided WHEN Socialnämnden's decision is expedierad THEN its row
    keeps who, when, to whom and each file with its SHA-256, the timeline says so, and the
    remiss stays beslutad; WHEN Äldrenämnden's is too THEN the remiss is besvarad, and the
    registrator closes it."""
    namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(), user=johan)
    namnd_beslut(remiss=anmald, namnd=aldrenamnden, beslut=beslut(paragraf="§ 12"), user=johan)
    skickat = dt.datetime(2024, 4, 30, 10, 15, tzinfo=dt.UTC)

    namnd_expedierad(
        remiss=anmald,
        namnd=socialnamnden,
        expediering=expediering(skickat_at=skickat),
        user=johan,
    )

    rad = _rad(anmald, socialnamnden)
    assert (rad.status, rad.expedierad_at, rad.expedierad_av, rad.mottagare) == (
        NB.EXPEDIERAD,
        skickat,
        johan,
        [REGISTRATUR],
    )
    assert rad.filer == [
        {"titel": f.titel, "filnamn": f.filnamn, "sha256": f.sha256, "storlek": f.storlek}
        for f in (UTDRAG, TU)
    ]
    assert _texter(anmald, "namnd_expedierad") == [
        (
            f"Socialnämndens beslut expedierades till {REGISTRATUR}: Protokollsutdrag § 45 "
            f"(SHA-256 {UTDRAG.sha256[:12]}), Tjänsteutlåtande (SHA-256 {TU.sha256[:12]}).",
            "",
        )
    ]
    assert _status(anmald) == Status.BESLUTAD

    namnd_expedierad(remiss=anmald, namnd=aldrenamnden, expediering=expediering(), user=johan)
    assert _status(anmald) == Status.BESVARAD

    remiss_avsluta(user=maria, remiss=Remiss.objects.get(pk=anmald.pk), kommentar="Arkiverad.")
    assert _status(anmald) == Status.AVSLUTAD


def test_a_second_expediering_is_recorded_too(anmald, johan, socialnamnden):
    """GIVEN Socialnämnden's decision was expedierad WHEN it is sent again to a corrected
    address THEN the row keeps the latest and its history both."""
    namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(), user=johan)
    namnd_expedierad(remiss=anmald, namnd=socialnamnden, expediering=expediering(), user=johan)

    namnd_expedierad(
        remiss=anmald,
        namnd=socialnamnden,
        expediering=expediering(mottagare=["diarium@ks.example.se"]),
        user=johan,
    )

    rad = _rad(anmald, socialnamnden)
    assert rad.mottagare == ["diarium@ks.example.se"]
    assert [h.mottagare for h in rad.history.order_by("history_id")][-2:] == [
        [REGISTRATUR],
        ["diarium@ks.example.se"],
    ]


@pytest.mark.parametrize(
    ("varde", "falt"),
    [
        ({"mottagare": []}, "mottagare"),
        ({"mottagare": ["inte en adress"]}, "mottagare"),
        ({"skickat_at": dt.datetime(2024, 4, 30, 10, 15)}, "skickat_at"),
        ({"filer": [UTDRAG.__class__("Utdrag", "u.pdf", "abc", 3)]}, "filer"),
    ],
)
def test_a_malformed_expediering_is_refused_in_swedish(anmald, johan, socialnamnden, varde, falt):
    """GIVEN Socialnämnden has decided WHEN an expediering without a recipient, with a bad
    address, a naive time or a file without a real SHA-256 is reported THEN ValidationError
    on that part, and it is not expedierad."""
    namnd_beslut(remiss=anmald, namnd=socialnamnden, beslut=beslut(), user=johan)

    with pytest.raises(ValidationError) as exc:
        namnd_expedierad(
            remiss=anmald, namnd=socialnamnden, expediering=expediering(**varde), user=johan
        )

    assert list(exc.value.message_dict) == [falt]
    assert _rad(anmald, socialnamnden).status == NB.BESLUTAD


def test_a_closed_remiss_takes_no_more_steps(anmald, johan, maria, socialnamnden, aldrenamnden):
    """GIVEN an answered and closed remiss WHEN another beslut or expediering is reported THEN
    StegetGarInte: the case is closed."""
    for namnd in (socialnamnden, aldrenamnden):
        namnd_beslut(remiss=anmald, namnd=namnd, beslut=beslut(), user=johan)
        namnd_expedierad(remiss=anmald, namnd=namnd, expediering=expediering(), user=johan)
    remiss_avsluta(user=maria, remiss=Remiss.objects.get(pk=anmald.pk))

    with pytest.raises(StegetGarInte, match="avslutad"):
        namnd_expedierad(remiss=anmald, namnd=socialnamnden, expediering=expediering(), user=johan)
