"""Joint documents: a second förvaltning registers its participation, with its own number,
sees the case as its own, and may do exactly what the policy table gives the medverkande side.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remiss import policy, samverkan, selectors
from remiss.models import Diarieserie, Handelse, MedverkandeForvaltning, Remiss
from remiss.services.attestering import attest_skicka
from remiss.services.registrering import remiss_registrera
from remiss.services.samverkan import medverkan_ta_bort
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from remiss.workflow import Action, Status
from tests.remiss.test_samverkan_verktyg import (  # noqa: F401 (fixtures)
    AR,
    fixture_anna,
    fixture_bo,
    fixture_byggnadsnamnden,
    fixture_gemensam,
    fixture_gemensam_klar,
    fixture_plan,
    fixture_rut,
    fixture_sara,
    fixture_sbk,
    fixture_sbk_lasare,
    fixture_sven,
    las_tu,
    medverka,
)

pytestmark = pytest.mark.django_db


def _sbk_remiss(rut, sven, byggnadsnamnden, rubrik="SBK:s egen remiss") -> Remiss:
    return remiss_registrera(
        user=rut,
        avsandare="Länsstyrelsen",
        avsandarens_diarienummer="",
        rubrik=rubrik,
        inkom_datum=dt.date(2024, 3, 1),
        svarsdatum=dt.date(2024, 4, 30),
        namnder=[byggnadsnamnden],
        handlaggare=sven,
    )


# --- Registering the participation ------------------------------------------------------------


def test_participation_takes_the_next_number_of_its_own_forvaltnings_series(
    remiss, rut, sven, byggnadsnamnden
):
    """GIVEN SBK has registered SBK <år>/1 itself WHEN Rut registers SBK's participation in
    SOF's remiss THEN it gets SBK <år>/2 from SBK's series, SOF's number stays, and SBK's next
    own remiss gets SBK <år>/3: one diarium, one series, never the same number twice."""
    assert _sbk_remiss(rut, sven, byggnadsnamnden).diarienummer == f"SBK {AR}/1"

    medverkan = medverka(rut, remiss, sven, byggnadsnamnden)

    assert medverkan.diarienummer == f"SBK {AR}/2"
    assert (medverkan.dnr_ar, medverkan.dnr_lopnummer) == (AR, 2)
    assert Remiss.objects.get(pk=remiss.pk).diarienummer == f"SOF {AR}/1"
    assert _sbk_remiss(rut, sven, byggnadsnamnden, rubrik="Nästa").diarienummer == f"SBK {AR}/3"
    assert Diarieserie.objects.get(forvaltning__kortnamn="SBK", ar=AR).senaste == 3
    assert Diarieserie.objects.get(forvaltning__kortnamn="SOF", ar=AR).senaste == 1


def test_participation_is_tracked_recorded_and_adds_its_namnder(
    remiss, rut, sven, byggnadsnamnden, socialnamnden
):
    """GIVEN SOF's remiss WHEN SBK's participation is registered THEN its row has a history
    row saying who and why, the timeline says it, and Stadsbyggnadsnämnden answers too."""
    medverkan = medverka(rut, remiss, sven, byggnadsnamnden)

    (rad,) = medverkan.history.all()
    assert (rad.history_user, rad.history_change_reason) == (
        rut,
        f"Medverkan registrerades som SBK {AR}/1",
    )
    handelse = Handelse.objects.get(remiss=remiss, typ="medverkan_registrerad")
    assert handelse.text == (
        f"Stadsbyggnadskontoret medverkar med diarienummer SBK {AR}/1 och kontaktperson "
        "Sven Strand; svarar även: Stadsbyggnadsnämnden."
    )
    assert set(remiss.namnder.all()) == {socialnamnden, byggnadsnamnden}


def test_deltagare_are_the_registering_forvaltning_first_then_each_medverkande(
    gemensam, karin, sven
):
    """GIVEN a joint remiss WHEN its deltagare are read THEN SOF with its number and Karin,
    then SBK with its own number and Sven, in one query (none with the prefetch)."""
    remiss = Remiss.objects.select_related("forvaltning", "handlaggare").get(pk=gemensam.pk)
    with CaptureQueriesContext(connection) as fragor:
        deltagare = samverkan.deltagare(remiss)
        samverkan.deltagare(remiss)  # asked again: remembered

    assert [(d.forvaltning.kortnamn, d.diarienummer, d.kontaktperson) for d in deltagare] == [
        ("SOF", f"SOF {AR}/1", karin),
        ("SBK", f"SBK {AR}/1", sven),
    ]
    assert [d.registrerande for d in deltagare] == [True, False]
    assert len(fragor) == 1

    forhamtad = (
        Remiss.objects.select_related("forvaltning", "handlaggare")
        .prefetch_related(samverkan.prefetch_medverkande())
        .get(pk=gemensam.pk)
    )
    with CaptureQueriesContext(connection) as fragor:
        assert len(samverkan.deltagare(forhamtad)) == 2
    assert len(fragor) == 0


def test_a_kontaktperson_and_namnder_of_another_forvaltning_are_refused_with_nothing_done(
    remiss, rut, karin, socialnamnden
):
    """GIVEN Rut of SBK WHEN she names Karin (SOF) as kontaktperson and Socialnämnden (SOF)
    THEN a Swedish error per field, no row and SBK's series untouched."""
    with pytest.raises(ValidationError) as exc:
        medverka(rut, remiss, karin, socialnamnden)

    assert exc.value.message_dict == {
        "kontaktperson": [
            "Kontaktpersonen måste arbeta på din förvaltning och ha rollen handläggare."
        ],
        "namnder": ["Välj nämnder som din förvaltning bereder ärenden åt."],
    }
    assert not MedverkandeForvaltning.objects.exists()
    assert not Diarieserie.objects.filter(forvaltning__kortnamn="SBK").exists()


def test_only_a_registrator_of_another_forvaltning_registers_participation_once(
    remiss, maria, rut, sven, byggnadsnamnden, socialnamnden, karin
):
    """GIVEN SOF's remiss WHEN SOF's own registrator, SBK's handläggare, or SBK's registrator
    a second time try THEN each is refused: participation is the other förvaltning's
    registrator's act, once."""
    with pytest.raises(PermissionDenied):
        medverka(maria, remiss, karin, socialnamnden)
    with pytest.raises(PermissionDenied):
        medverka(sven, remiss, sven, byggnadsnamnden)
    medverka(rut, remiss, sven, byggnadsnamnden)
    with pytest.raises(PermissionDenied):
        medverka(rut, remiss, sven, byggnadsnamnden)

    assert MedverkandeForvaltning.objects.count() == 1


def test_participation_cannot_be_registered_once_the_document_is_sent_for_attest(
    klar, karin, rut, sven, byggnadsnamnden
):
    """GIVEN SOF's document sent for attest WHEN SBK tries to join THEN refused: its chain
    would not be in the sending."""
    attest_skicka(user=karin, tu=klar)

    with pytest.raises(PermissionDenied):
        medverka(rut, klar.remiss, sven, byggnadsnamnden)


# --- Taking it out again ------------------------------------------------------------------------


def test_participation_is_removed_before_attest_and_its_number_stays_used(
    gemensam, rut, sven, byggnadsnamnden, socialnamnden
):
    """GIVEN SBK medverkar as SBK <år>/1 WHEN Rut removes it before any attest THEN SBK no
    longer takes part or answers, the row is kept marked removed (its number was given out),
    and SBK's next number is SBK <år>/2."""
    medverkan = MedverkandeForvaltning.objects.get()

    medverkan_ta_bort(user=rut, medverkan=medverkan)

    remiss = Remiss.objects.get(pk=gemensam.pk)
    assert [d.forvaltning.kortnamn for d in samverkan.deltagare(remiss)] == ["SOF"]
    assert list(remiss.namnder.all()) == [socialnamnden]
    medverkan.refresh_from_db()
    assert medverkan.borttagen_at is not None and medverkan.borttagen_av == rut
    assert Handelse.objects.filter(remiss=remiss, typ="medverkan_borttagen").exists()
    assert _sbk_remiss(rut, sven, byggnadsnamnden).diarienummer == f"SBK {AR}/2"


def test_participation_cannot_be_removed_after_the_document_was_sent_for_attest(
    gemensam_klar, karin, maria, rut
):
    """GIVEN the joint document was sent for attest and recalled (back under beredning)
    WHEN SBK's registrator removes SBK THEN refused in Swedish: SBK's chain took part."""
    from remiss.services.attestering import attest_aterkalla

    attest_skicka(user=karin, tu=gemensam_klar)
    attest_aterkalla(user=karin, tu=las_tu(gemensam_klar.remiss))

    with pytest.raises(ValidationError) as exc:
        medverkan_ta_bort(user=rut, medverkan=MedverkandeForvaltning.objects.get())

    assert exc.value.messages == [
        "Medverkan kan inte tas bort: utlåtandet har skickats till attest, och förvaltningens "
        "attestkedja ingår i det."
    ]
    assert MedverkandeForvaltning.objects.get().borttagen_at is None


def test_only_a_registrator_of_a_deltagare_removes_a_participation(gemensam, sara, maria):
    """GIVEN a joint remiss WHEN SBK's sekreterare tries to remove SBK THEN refused; SOF's
    registrator may."""
    medverkan = MedverkandeForvaltning.objects.get()
    with pytest.raises(PermissionDenied):
        medverkan_ta_bort(user=sara, medverkan=medverkan)

    medverkan_ta_bort(user=maria, medverkan=medverkan)

    assert MedverkandeForvaltning.objects.get().borttagen_at is not None


# --- Visibility -------------------------------------------------------------------------------


def test_the_medverkande_forvaltning_sees_the_remiss_only_once_it_takes_part(
    remiss, rut, sven, byggnadsnamnden, sbk_lasare
):
    """GIVEN SOF's remiss WHEN a läsare of SBK looks before and after SBK joins THEN 404 and
    absent from the list before; its own case in read after."""
    with pytest.raises(Http404):
        selectors.remiss_for(sbk_lasare, remiss.pk)
    assert not selectors.alla_remisser(sbk_lasare).exists()

    medverka(rut, remiss, sven, byggnadsnamnden)

    assert selectors.remiss_for(sbk_lasare, remiss.pk) == remiss
    assert list(selectors.alla_remisser(sbk_lasare)) == [remiss]
    assert policy.allowed_actions(sbk_lasare, remiss) == {Action.VISA}


def test_a_third_forvaltning_still_gets_404(gemensam, utomstaende, client):
    """GIVEN a joint remiss of SOF and SBK WHEN someone of SLK opens it THEN 404, and it is
    in none of their lists."""
    with pytest.raises(Http404):
        selectors.remiss_for(utomstaende, gemensam.pk)
    assert not policy.visible_remisser(utomstaende).exists()
    client.force_login(utomstaende)
    assert client.get(reverse("remiss:detalj", args=[gemensam.pk])).status_code == 404


def test_the_case_is_found_by_either_diarienummer(gemensam, sbk_lasare, per):
    """GIVEN SOF <år>/1 with SBK <år>/1 WHEN people of either förvaltning search by either
    number THEN they find it (SOF's search by f"SBK {AR}/1" too)."""
    for user in (sbk_lasare, per):
        assert list(selectors.alla_remisser(user, sok=f"SBK {AR}/1")) == [gemensam]
        assert list(selectors.alla_remisser(user, sok=f"sof {AR}/1")) == [gemensam]


def test_the_export_commands_find_the_case_by_the_medverkande_number(gemensam):
    """GIVEN SBK <år>/1 WHEN the export commands look the number up THEN the joint remiss."""
    from remiss.management.commands.export_pdf import remiss_for_dnr

    assert remiss_for_dnr(f"SBK {AR}/1") == gemensam
    assert remiss_for_dnr(f"SOF {AR}/1") == gemensam


def test_a_removed_participation_takes_the_insyn_away(gemensam, rut, sbk_lasare):
    """GIVEN SBK took part WHEN the participation is removed THEN SBK's läsare gets 404."""
    medverkan_ta_bort(user=rut, medverkan=MedverkandeForvaltning.objects.get())

    with pytest.raises(Http404):
        selectors.remiss_for(sbk_lasare, gemensam.pk)


# --- What the medverkande side may do -------------------------------------------------------------

# Under beredning, then attesterad: x allowed. The medverkande side edits (Sven), anmäler to
# its own nämnd (Sara) and may take its participation out before attest (Rut); the case
# itself stays SOF's: Sven cannot send it for attest, Rut cannot correct or avskriva it.
MEDVERKANDE = """
persona  action               UB  ATT
sven     redigera             x   x
sven     ateroppna            .   x
sven     skicka_till_attest   .   .
sven     paborja_beredning    .   .
sven     aterkalla            .   .
rut      andra_uppgifter      .   .
rut      tilldela             .   .
rut      avskriva             .   .
rut      ta_bort_medverkan    x   .
rut      registrera_medverkan .   .
maria    ta_bort_medverkan    x   .
sara     anmala               .   x
signe    visa                 x   x
signe    redigera             .   .
"""


@pytest.mark.parametrize(
    "rad", MEDVERKANDE.strip().splitlines()[1:], ids=lambda r: "-".join(r.split()[:2])
)
def test_the_medverkande_side_may_do_what_the_table_says(request, gemensam, maria, rad):
    """GIVEN a joint remiss under beredning and then attested WHEN each medverkande persona
    is asked about an action THEN exactly the cells marked x are allowed."""
    namn, action, *celler = rad.split()
    user = request.getfixturevalue("sbk_lasare" if namn == "signe" else namn)
    remiss = selectors.remiss_for(user, gemensam.pk)
    svar = []
    for status in (Status.UNDER_BEREDNING, Status.ATTESTERAD):
        remiss.status = status  # in memory: the policy reads the status, it does not query it
        svar.append("x" if policy.allowed(user, Action(action), remiss) else ".")

    assert svar == celler


def test_the_kontaktperson_edits_the_document_like_the_handlaggare(gemensam_klar, sven):
    """GIVEN the joint document under beredning WHEN Sven, SBK's kontaktperson, saves a
    section THEN it is saved as a new version, attributed to him."""
    tu = tjansteutlatande_spara_avsnitt(
        user=sven,
        tu=gemensam_klar,
        nyckel="synpunkter",
        text="Stadsbyggnadskontoret instämmer.",
        bas_version=gemensam_klar.version,
    )

    assert tu.version == gemensam_klar.version + 1
    assert tu.history.first().history_user == sven
