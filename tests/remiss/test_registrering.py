"""Registrering: a received remiss enters the förvaltning's diarium and gets its own number.

Also the two corrections a registrator makes afterwards: changing the registered details
(`remiss_andra_uppgifter`) and assigning another handläggare (`remiss_tilldela`).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nameden.roles import Roll
from nameden.sparmanager import untracked_writes
from remiss.models import Diarieserie, Handelse, Remiss
from remiss.services.registrering import (
    remiss_andra_uppgifter,
    remiss_registrera,
    remiss_tilldela,
)
from remiss.validering import DNR_UTAN_SIFFRA
from remiss.workflow import Status
from tests.factories import NamndFactory, UserFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: A fixed moment of registration, so that the diarium year does not depend on today.
MARS_2024 = dt.datetime(2024, 3, 4, 9, 0, tzinfo=STOCKHOLM)

#: Cut off after the year: a clear mistake the lenient rule still refuses.
AVKORTAT_FEL = (
    "Diarienumret ska börja och sluta med en bokstav eller siffra. Kontrollera att hela numret "
    "kom med, till exempel KS 2024/112, SN 18/0098 eller 1.6-0463/2024."
)
HANDLAGGARE_FEL = "Handläggaren måste arbeta på förvaltningen och ha rollen handläggare."


@pytest.fixture
def slk(utomstaende):
    """Stadsledningskontoret: its own diarium, registrator (Sigrid) and nämnd."""
    avdelning = utomstaende.avdelning
    return {
        "registrator": UserFactory(
            username="sigrid", first_name="Sigrid", roll=Roll.REGISTRATOR, avdelning=avdelning
        ),
        "handlaggare": utomstaende,
        "namnd": NamndFactory(namn="Kommunstyrelsen", forvaltning=avdelning.forvaltning),
    }


def _senaste_historik(remiss: Remiss):
    return remiss.history.order_by("-history_date", "-history_id").first()


def _fel(exc_info) -> dict:
    return exc_info.value.message_dict


# --- The happy path ---------------------------------------------------------------------------


def test_registration_stores_what_was_received(registrera, maria, karin):
    """GIVEN the KS remiss WHEN Maria registers it THEN every registered detail is stored and it
    starts as registrerad."""
    remiss = registrera(registrerad_at=MARS_2024)

    remiss.refresh_from_db()
    assert (
        remiss.forvaltning.kortnamn,
        remiss.avsandare,
        remiss.avsandarens_diarienummer,
        remiss.rubrik,
        remiss.inkom_datum,
        remiss.svarsdatum,
        remiss.handlaggare,
        remiss.registrerad_av,
        remiss.registrerad_at,
        remiss.status,
    ) == (
        "SOF",
        "Kommunstyrelsen",
        "KS 2024/112",
        "Remiss av Kommunikationsprogram för Stockholms stad",
        dt.date(2024, 3, 1),
        dt.date(2024, 4, 30),
        karin,
        maria,
        MARS_2024,
        Status.REGISTRERAD,
    )


def test_registration_sets_the_namnder(registrera, socialnamnden):
    """GIVEN the KS remiss for Socialnämnden WHEN registered THEN Socialnämnden is to answer."""
    remiss = registrera()

    assert list(remiss.namnder.all()) == [socialnamnden]


def test_first_and_second_registration_get_numbers_one_and_two(registrera):
    """GIVEN an empty diarium WHEN two remisser are registered THEN they are SOF <year>/1 and
    SOF <year>/2."""
    forsta = registrera(registrerad_at=MARS_2024)
    andra = registrera(registrerad_at=MARS_2024, avsandarens_diarienummer="KS 2024/113")

    assert (forsta.diarienummer, forsta.dnr_ar, forsta.dnr_lopnummer) == ("SOF 2024/1", 2024, 1)
    assert (andra.diarienummer, andra.dnr_ar, andra.dnr_lopnummer) == ("SOF 2024/2", 2024, 2)


def test_registration_now_uses_this_years_series(registrera):
    """GIVEN no registration time WHEN registered now THEN the number is in this year's series."""
    ar = timezone.localdate().year

    remiss = registrera()

    assert (remiss.diarienummer, remiss.dnr_ar) == (f"SOF {ar}/1", ar)


def test_diarium_year_is_the_year_in_stockholm_not_in_utc(registrera):
    """GIVEN a registration at 2024-12-31 23:30 UTC (00:30 on New Year's Day in Stockholm) WHEN
    registered THEN it opens the 2025 series."""
    remiss = registrera(registrerad_at=dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC))

    assert (remiss.diarienummer, remiss.dnr_ar) == ("SOF 2025/1", 2025)


def test_new_years_eve_in_stockholm_stays_in_the_old_year(registrera):
    """GIVEN a registration at 2024-12-31 22:30 UTC (23:30 in Stockholm) WHEN registered THEN it
    is in the 2024 series."""
    remiss = registrera(registrerad_at=dt.datetime(2024, 12, 31, 22, 30, tzinfo=dt.UTC))

    assert remiss.diarienummer == "SOF 2024/1"


def test_senders_number_is_normalised(registrera):
    """GIVEN the sender's number typed as "ks  2024 / 112" WHEN registered THEN it is stored as
    "KS 2024/112"."""
    remiss = registrera(avsandarens_diarienummer="ks  2024 / 112")

    assert Remiss.objects.get(pk=remiss.pk).avsandarens_diarienummer == "KS 2024/112"


def test_registration_records_a_timeline_event(registrera, maria):
    """GIVEN the KS remiss WHEN registered THEN the timeline says which number it got and who
    handles it, done by Maria."""
    remiss = registrera(registrerad_at=MARS_2024)

    handelse = Handelse.objects.get(remiss=remiss)
    assert (handelse.typ, handelse.text, handelse.anvandare) == (
        "registrerad",
        "Remissen registrerades som SOF 2024/1 och tilldelades Karin Wallander.",
        maria,
    )


def test_registration_writes_history_with_reason_user_and_namnder(registrera, maria, socialnamnden):
    """GIVEN the KS remiss WHEN registered THEN its newest history row says why, names Maria and
    lists the nämnd."""
    remiss = registrera()

    row = _senaste_historik(remiss)
    assert (row.history_change_reason, row.history_user) == ("Remissen registrerades", maria)
    assert [n.namnd for n in row.namnder.all()] == [socialnamnden]


# --- Validation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dnr", "fel"),
    [
        ("KS 2024/", AVKORTAT_FEL),
        ("/112", AVKORTAT_FEL),
        ("---", DNR_UTAN_SIFFRA),
        ("KS dnr", DNR_UTAN_SIFFRA),
        (
            "KS 2024//112",
            "Diarienumret har två skiljetecken i rad (”//”). Skriv diarienumret som avsändaren "
            "skriver det, till exempel KS 2024/112, SN 18/0098 eller 1.6-0463/2024.",
        ),
        (
            "KS 2024#112",
            "Diarienumret kan inte innehålla tecknet ”#”. Det kan ha bokstäver, siffror, "
            "mellanslag och - / . :",
        ),
        ("KS 2024/" + "1" * 40, "Avsändarens diarienummer får vara högst 40 tecken."),
    ],
    ids=[
        "avkortat",
        "bara-lopnummer",
        "bara-skiljetecken",
        "utan-siffra",
        "dubbelt",
        "tecken",
        "for-langt",
    ],
)
def test_clearly_mistaken_senders_number_is_refused(registrera, dnr, fel):
    """GIVEN a sender's number with a clear mistake (cut off, only punctuation, no digit, two
    separators in a row, a character no diarium uses, too long) WHEN registered THEN the
    field's error says what is wrong, and nothing is stored."""
    with pytest.raises(ValidationError) as exc:
        registrera(avsandarens_diarienummer=dnr)

    assert _fel(exc) == {"avsandarens_diarienummer": [fel]}
    assert not Remiss.objects.exists()


@pytest.mark.parametrize(
    "dnr",
    [
        "KS 2024/112",
        "1.6-0463/2024",
        "SLK-A 2023/45",
        "KS-2014/742.912",
        "SN 18/0098",
        "T2012-050-05828",
        "KS2024/112",
        "DNR 2024:17",
        "2024/112",
    ],
)
def test_senders_numbers_in_every_real_form_are_accepted(registrera, dnr):
    """GIVEN a series number, a classified number, two-digit years, padded widths, a prefix
    without space or a colon WHEN registered THEN it is stored as written."""
    remiss = registrera(avsandarens_diarienummer=dnr)

    assert Remiss.objects.get(pk=remiss.pk).avsandarens_diarienummer == dnr


def test_svarsdatum_before_inkom_is_refused(registrera):
    """GIVEN an answer date before the date received WHEN registered THEN refused on svarsdatum."""
    with pytest.raises(ValidationError) as exc:
        registrera(inkom_datum=dt.date(2024, 3, 1), svarsdatum=dt.date(2024, 2, 28))

    assert _fel(exc) == {
        "svarsdatum": ["Svarsdatum kan inte vara före datumet då remissen kom in."]
    }


def test_svarsdatum_on_the_day_it_came_in_is_accepted(registrera):
    """GIVEN an answer date equal to the date received WHEN registered THEN accepted."""
    remiss = registrera(inkom_datum=dt.date(2024, 3, 1), svarsdatum=dt.date(2024, 3, 1))

    assert remiss.pk is not None


def test_registration_without_namnder_is_refused(registrera):
    """GIVEN no nämnd WHEN registered THEN refused: someone must answer."""
    with pytest.raises(ValidationError) as exc:
        registrera(namnder=[])

    assert _fel(exc) == {"namnder": ["Välj minst en nämnd som ska svara på remissen."]}


def test_namnd_of_another_forvaltning_is_refused(registrera, socialnamnden, slk):
    """GIVEN Kommunstyrelsen (served by SLK) among the nämnder WHEN SOF registers THEN refused."""
    with pytest.raises(ValidationError) as exc:
        registrera(namnder=[socialnamnden, slk["namnd"]])

    assert _fel(exc) == {"namnder": ["Välj nämnder som förvaltningen bereder ärenden åt."]}


def test_handlaggare_of_another_forvaltning_is_refused(registrera, utomstaende):
    """GIVEN a handläggare of SLK WHEN SOF assigns them THEN refused."""
    with pytest.raises(ValidationError) as exc:
        registrera(handlaggare=utomstaende)

    assert _fel(exc) == {"handlaggare": [HANDLAGGARE_FEL]}


@pytest.mark.parametrize("persona", ["per", "lisa", "johan"])
def test_handlaggare_without_the_role_is_refused(request, registrera, persona):
    """GIVEN someone in SOF who is not a handläggare WHEN assigned THEN refused."""
    with pytest.raises(ValidationError) as exc:
        registrera(handlaggare=request.getfixturevalue(persona))

    assert _fel(exc) == {"handlaggare": [HANDLAGGARE_FEL]}


def test_inactive_handlaggare_is_refused(registrera, hugo):
    """GIVEN Hugo's account is deactivated WHEN he is assigned THEN refused."""
    hugo.is_active = False
    hugo.save(update_fields=["is_active"])

    with pytest.raises(ValidationError) as exc:
        registrera(handlaggare=hugo)

    assert _fel(exc) == {"handlaggare": [HANDLAGGARE_FEL]}


def test_missing_handlaggare_is_refused(registrera):
    """GIVEN no handläggare WHEN registered THEN refused."""
    with pytest.raises(ValidationError) as exc:
        registrera(handlaggare=None)

    assert _fel(exc) == {"handlaggare": ["Välj en handläggare."]}


def test_every_error_is_reported_at_once(registrera):
    """GIVEN a bad number, bad dates and no nämnd WHEN registered THEN all three fields are
    reported together, so the registrator fixes them in one go."""
    with pytest.raises(ValidationError) as exc:
        registrera(
            avsandarens_diarienummer="KS 2024/",
            inkom_datum=dt.date(2024, 3, 1),
            svarsdatum=dt.date(2024, 2, 1),
            namnder=[],
        )

    assert set(_fel(exc)) == {"avsandarens_diarienummer", "svarsdatum", "namnder"}


@pytest.mark.parametrize(
    "fel",
    [
        pytest.param({"avsandarens_diarienummer": "KS 2024//112"}, id="validation"),
        # An empty rubrik passes the service's own checks and fails in full_clean, i.e. after
        # the number has been taken from the series: the transaction must give it back.
        pytest.param({"rubrik": "   "}, id="after-number-taken"),
    ],
)
def test_failed_registration_leaves_no_remiss_and_no_used_number(registrera, fel):
    """GIVEN a registration that fails WHEN the next one succeeds THEN there is exactly one
    remiss and it is number 1."""
    with pytest.raises(ValidationError):
        registrera(registrerad_at=MARS_2024, **fel)
    assert not Remiss.objects.exists()

    remiss = registrera(registrerad_at=MARS_2024)

    assert list(Remiss.objects.values_list("diarienummer", flat=True)) == ["SOF 2024/1"]
    assert remiss.dnr_lopnummer == 1


@pytest.mark.parametrize("persona", ["karin", "lisa", "veronica", "johan", "per"])
def test_only_a_registrator_may_register(request, registrera, persona):
    """GIVEN someone in SOF who is not a registrator WHEN they register THEN PermissionDenied
    and nothing is stored."""
    with pytest.raises(PermissionDenied):
        registrera(user=request.getfixturevalue(persona))

    assert not Remiss.objects.exists()
    assert not Diarieserie.objects.exists()


def test_each_forvaltning_has_its_own_series(registrera, slk):
    """GIVEN SOF has registered three remisser this year WHEN SLK registers its first THEN it is
    SLK <year>/1."""
    for _ in range(3):
        registrera(registrerad_at=MARS_2024)

    remiss = remiss_registrera(
        user=slk["registrator"],
        avsandare="Trafikverket",
        avsandarens_diarienummer="TRV 2024/9876",
        rubrik="Remiss av nationell plan",
        inkom_datum=dt.date(2024, 3, 1),
        svarsdatum=dt.date(2024, 4, 30),
        namnder=[slk["namnd"]],
        handlaggare=slk["handlaggare"],
        registrerad_at=MARS_2024,
    )

    assert remiss.diarienummer == "SLK 2024/1"
    assert Diarieserie.objects.get(forvaltning__kortnamn="SOF", ar=2024).senaste == 3


def test_each_year_has_its_own_series(registrera):
    """GIVEN two remisser in 2024 WHEN the first of 2025 is registered THEN it is SOF 2025/1."""
    registrera(registrerad_at=MARS_2024)
    registrera(registrerad_at=MARS_2024)

    remiss = registrera(registrerad_at=dt.datetime(2025, 1, 2, 9, 0, tzinfo=STOCKHOLM))

    assert remiss.diarienummer == "SOF 2025/1"


# --- Correcting the registered details --------------------------------------------------------


def test_andra_uppgifter_saves_the_changes(remiss, maria):
    """GIVEN a registered remiss WHEN Maria corrects rubrik and svarsdatum THEN both are stored."""
    remiss_andra_uppgifter(
        user=maria, remiss=remiss, rubrik="Kommunikationsprogram", svarsdatum=dt.date(2024, 5, 15)
    )

    remiss.refresh_from_db()
    assert (remiss.rubrik, remiss.svarsdatum) == ("Kommunikationsprogram", dt.date(2024, 5, 15))


def test_andra_uppgifter_writes_history_naming_the_fields(remiss, maria):
    """GIVEN a registered remiss WHEN Maria corrects rubrik and svarsdatum THEN the history row
    names those fields in Swedish and names her."""
    remiss_andra_uppgifter(
        user=maria, remiss=remiss, rubrik="Kommunikationsprogram", svarsdatum=dt.date(2024, 5, 15)
    )

    row = _senaste_historik(remiss)
    assert (row.history_change_reason, row.history_user) == (
        "Ändrade rubrik, svarsdatum",
        maria,
    )


def test_andra_uppgifter_records_an_event(remiss, maria):
    """GIVEN a registered remiss WHEN Maria corrects the avsändare THEN the timeline says so."""
    remiss_andra_uppgifter(user=maria, remiss=remiss, avsandare="Kommunfullmäktige")

    handelse = remiss.handelser.get(typ="uppgifter_andrade")
    assert (handelse.text, handelse.anvandare) == (
        "Registreringsuppgifterna ändrades: avsändare.",
        maria,
    )


def test_andra_uppgifter_normalises_the_senders_number(remiss, maria):
    """GIVEN a registered remiss WHEN the sender's number is corrected as "ks 2024 / 113" THEN
    it is stored as "KS 2024/113"."""
    remiss_andra_uppgifter(user=maria, remiss=remiss, avsandarens_diarienummer="ks 2024 / 113")

    assert Remiss.objects.get(pk=remiss.pk).avsandarens_diarienummer == "KS 2024/113"


def test_andra_uppgifter_without_a_real_change_writes_nothing(remiss, maria):
    """GIVEN a registered remiss WHEN the same number is given in another spelling THEN no
    history row and no event are written."""
    before = (remiss.history.count(), remiss.handelser.count())

    remiss_andra_uppgifter(user=maria, remiss=remiss, avsandarens_diarienummer="ks 2024/112")

    assert (remiss.history.count(), remiss.handelser.count()) == before


def test_andra_uppgifter_refuses_svarsdatum_before_inkom(remiss, maria):
    """GIVEN a remiss received 1 March WHEN svarsdatum is set to February THEN refused and
    nothing changes."""
    with pytest.raises(ValidationError) as exc:
        remiss_andra_uppgifter(user=maria, remiss=remiss, svarsdatum=dt.date(2024, 2, 1))

    assert _fel(exc) == {
        "svarsdatum": ["Svarsdatum kan inte vara före datumet då remissen kom in."]
    }
    assert Remiss.objects.get(pk=remiss.pk).svarsdatum == dt.date(2024, 4, 30)


def test_andra_uppgifter_refuses_a_malformed_number(remiss, maria):
    """GIVEN a registered remiss WHEN the sender's number is corrected to "KS 2024/" (cut off)
    THEN refused with the same message as at registration."""
    with pytest.raises(ValidationError) as exc:
        remiss_andra_uppgifter(user=maria, remiss=remiss, avsandarens_diarienummer="KS 2024/")

    assert _fel(exc) == {"avsandarens_diarienummer": [AVKORTAT_FEL]}


def test_andra_uppgifter_cannot_change_the_own_diarienummer(remiss, maria):
    """GIVEN a registered remiss WHEN someone tries to change SOF's own number THEN refused: it
    is fixed once given."""
    with pytest.raises(ValueError):
        remiss_andra_uppgifter(user=maria, remiss=remiss, diarienummer="SOF 2024/99")

    assert Remiss.objects.get(pk=remiss.pk).diarienummer == remiss.diarienummer


def test_andra_uppgifter_is_for_the_registrator(remiss, karin):
    """GIVEN a registered remiss WHEN the handläggare corrects its details THEN PermissionDenied."""
    with pytest.raises(PermissionDenied):
        remiss_andra_uppgifter(user=karin, remiss=remiss, rubrik="Annan rubrik")


def test_andra_uppgifter_is_closed_once_the_namnd_has_decided(remiss, maria):
    """GIVEN a decided remiss WHEN Maria corrects it THEN PermissionDenied.

    The status is written directly: getting there through attestation and decision is proved
    in test_workflow.py and test_attestering.py, and is not what this test is about.
    """
    with untracked_writes("test set-up: a state the services no longer produce"):
        Remiss.objects.filter(pk=remiss.pk).update(status=Status.BESLUTAD)

    with pytest.raises(PermissionDenied):
        remiss_andra_uppgifter(user=maria, remiss=remiss, rubrik="Annan rubrik")


# --- Assigning another handläggare ------------------------------------------------------------


def test_tilldela_assigns_the_new_handlaggare(remiss, maria, hugo):
    """GIVEN Karin's remiss WHEN Maria assigns it to Hugo THEN Hugo is its handläggare."""
    remiss_tilldela(user=maria, remiss=remiss, handlaggare=hugo)

    assert Remiss.objects.get(pk=remiss.pk).handlaggare == hugo


def test_tilldela_writes_history(remiss, maria, hugo):
    """GIVEN Karin's remiss WHEN assigned to Hugo THEN the history row names Hugo and Maria."""
    remiss_tilldela(user=maria, remiss=remiss, handlaggare=hugo)

    row = _senaste_historik(remiss)
    assert (row.history_change_reason, row.history_user, row.handlaggare) == (
        "Handläggare byttes till Hugo Berg",
        maria,
        hugo,
    )


def test_tilldela_records_who_it_went_from_and_to(remiss, maria, hugo):
    """GIVEN Karin's remiss WHEN assigned to Hugo THEN the timeline names both."""
    remiss_tilldela(user=maria, remiss=remiss, handlaggare=hugo)

    handelse = remiss.handelser.get(typ="tilldelad")
    assert (handelse.text, handelse.anvandare) == (
        "Handläggare byttes från Karin Wallander till Hugo Berg.",
        maria,
    )


def test_tilldela_to_the_same_handlaggare_writes_nothing(remiss, maria, karin):
    """GIVEN Karin's remiss WHEN assigned to Karin again THEN no history row and no event."""
    before = (remiss.history.count(), remiss.handelser.count())

    remiss_tilldela(user=maria, remiss=remiss, handlaggare=karin)

    assert (remiss.history.count(), remiss.handelser.count()) == before


@pytest.mark.parametrize("persona", ["per", "utomstaende"])
def test_tilldela_refuses_someone_who_cannot_handle_it(request, remiss, maria, persona):
    """GIVEN a läsare, or a handläggare of another förvaltning WHEN assigned THEN refused and
    Karin keeps the remiss."""
    with pytest.raises(ValidationError) as exc:
        remiss_tilldela(user=maria, remiss=remiss, handlaggare=request.getfixturevalue(persona))

    assert _fel(exc) == {"handlaggare": [HANDLAGGARE_FEL]}
    assert Remiss.objects.get(pk=remiss.pk).handlaggare.username == "karin"


def test_tilldela_is_for_the_registrator(remiss, karin, hugo):
    """GIVEN Karin's remiss WHEN Karin hands it to Hugo herself THEN PermissionDenied."""
    with pytest.raises(PermissionDenied):
        remiss_tilldela(user=karin, remiss=remiss, handlaggare=hugo)
