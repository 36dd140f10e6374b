"""A joint document attested by two chains: each förvaltning's own chain, in parallel, all
bound to the same fingerprint; final only when every chain is complete; voided whole."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from remiss import attestlage, selectors
from remiss.attestkedja import bygg_kedjor
from remiss.fingeravtryck import fingeravtryck_for
from remiss.models import Attestering, Attestrunda, Remiss
from remiss.services.attestering import (
    attest_aterkalla,
    attest_godkann,
    attest_returnera,
    attest_skicka,
)
from remiss.workflow import Status
from tests.remiss.attest_verktyg import andra_avsnitt
from tests.remiss.pdf_verktyg import fulltext
from tests.remiss.test_samverkan_verktyg import (  # noqa: F401 (fixtures)
    fixture_anna,
    fixture_bo,
    fixture_byggnadsnamnden,
    fixture_gemensam,
    fixture_gemensam_klar,
    fixture_plan,
    fixture_rut,
    fixture_sbk,
    fixture_sven,
    las_tu,
)

pytestmark = pytest.mark.django_db


def _status(remiss) -> str:
    return Remiss.objects.get(pk=remiss.pk).status


@pytest.fixture
def skickad_gemensam(gemensam_klar, karin):
    attest_skicka(user=karin, tu=gemensam_klar)
    return las_tu(gemensam_klar.remiss)


def test_each_forvaltning_gets_its_own_chain_from_its_own_organisation(
    gemensam_klar, lisa, veronica, anna, bo
):
    """GIVEN the joint document from the Stockholm mall (avdelningschef, förvaltningschef)
    WHEN the chains are built THEN SOF's are Karin's avdelningschef and SOF's chef, SBK's
    are Sven's avdelningschef and SBK's chef."""
    kedjor = bygg_kedjor(gemensam_klar)

    assert [
        (d.forvaltning.kortnamn, [s["attestant_id"] for s in kedja]) for d, kedja in kedjor
    ] == [("SOF", [lisa.pk, veronica.pk]), ("SBK", [anna.pk, bo.pk])]


def test_sending_opens_both_chains_at_once(skickad_gemensam, lisa, anna, veronica, bo):
    """GIVEN the joint document WHEN Karin sends it THEN one round per förvaltning, sent
    together, and the first step of each waits: Lisa and Anna both have it in their inbox,
    Veronica and Bo not yet."""
    huvud, sbk_runda = Attestrunda.objects.order_by("id")

    assert (huvud.huvudrunda, huvud.forvaltning, huvud.antal_kedjor) == (None, None, 2)
    assert (sbk_runda.huvudrunda, sbk_runda.forvaltning.kortnamn) == (huvud, "SBK")
    assert [u.username for u in (lisa, anna, veronica, bo) if selectors.vantar_pa_attest(u)] == [
        "lisa",
        "anna",
    ]


def test_final_only_when_both_chains_are_complete_each_in_its_own_order(
    skickad_gemensam, lisa, veronica, anna, bo
):
    """GIVEN both chains open WHEN SBK's chain completes first (Anna, then Bo) THEN the
    document is still för attest with no final version; WHEN SOF's completes too THEN it is
    attesterad and final, and every one of the four approvals binds the same fingerprint,
    the one of the content now."""
    tu = skickad_gemensam
    attest_godkann(user=anna, tu=las_tu(tu.remiss))
    attest_godkann(user=bo, tu=las_tu(tu.remiss))

    assert _status(tu.remiss) == Status.FOR_ATTEST
    assert attestlage.giltiga_attester(las_tu(tu.remiss)) == []
    assert selectors.gallande_slutversion(las_tu(tu.remiss)) is None

    attest_godkann(user=lisa, tu=las_tu(tu.remiss))
    assert _status(tu.remiss) == Status.FOR_ATTEST
    attest_godkann(user=veronica, tu=las_tu(tu.remiss))

    assert _status(tu.remiss) == Status.ATTESTERAD
    tu = las_tu(tu.remiss)
    assert set(Attestering.objects.values_list("fingeravtryck", flat=True)) == {
        fingeravtryck_for(tu)
    }
    assert [r.namn for r in attestlage.giltiga_attester(tu)] == [
        "Veronica Wolgast Carstorp",
        "Lisa Cadenius",
        "Bo Byggare",
        "Anna Ahl",
    ]
    assert selectors.gallande_slutversion(tu) is not None


def test_the_final_pdf_lists_every_attestant_of_both_chains(
    skickad_gemensam, lisa, veronica, anna, bo
):
    """GIVEN both chains complete WHEN the final PDF is read back THEN its "Attesterat av"
    names all four, with their titles."""
    for user in (lisa, anna, veronica, bo):
        attest_godkann(user=user, tu=las_tu(skickad_gemensam.remiss))
    tu = las_tu(skickad_gemensam.remiss)

    text = fulltext(selectors.slutversion_fil(selectors.gallande_slutversion(tu)))

    for rad in (
        "Veronica Wolgast Carstorp, Socialdirektör",
        "Bo Byggare, Stadsbyggnadsdirektör",
        "Lisa Cadenius, Avdelningschef",
        "Anna Ahl, Avdelningschef",
    ):
        assert rad in text


def test_an_edit_after_attest_voids_both_chains(skickad_gemensam, karin, lisa, veronica, anna, bo):
    """GIVEN the joint document attested by both chains WHEN Sven, SBK's kontaktperson,
    confirms an edit THEN all four approvals are voided, both rounds upphävda, and the case is
    back under beredning."""
    for user in (lisa, anna, veronica, bo):
        attest_godkann(user=user, tu=las_tu(skickad_gemensam.remiss))
    from remiss.models import MedverkandeForvaltning

    sven_ = MedverkandeForvaltning.objects.get().kontaktperson

    andra_avsnitt(las_tu(skickad_gemensam.remiss), sven_, "Ändrat av SBK.", bekraftat=True)

    assert _status(skickad_gemensam.remiss) == Status.UNDER_BEREDNING
    assert not Attestering.objects.filter(ogiltig_at__isnull=True).exists()
    assert set(Attestrunda.objects.values_list("status", flat=True)) == {Attestrunda.Status.UPPHAVD}
    assert attestlage.giltiga_attester(las_tu(skickad_gemensam.remiss)) == []


def test_a_return_in_one_chain_voids_the_other(skickad_gemensam, lisa, anna):
    """GIVEN Lisa has approved in SOF's chain WHEN Anna returns it in SBK's chain THEN Lisa's
    approval is voided too, SOF's round is upphävd and the case is under beredning."""
    attest_godkann(user=lisa, tu=las_tu(skickad_gemensam.remiss))

    attest_returnera(user=anna, tu=las_tu(skickad_gemensam.remiss), kommentar="Komplettera.")

    huvud, sbk_runda = Attestrunda.objects.order_by("id")
    assert (huvud.status, sbk_runda.status) == (
        Attestrunda.Status.UPPHAVD,
        Attestrunda.Status.RETURNERAD,
    )
    assert Attestering.objects.get(attestant=lisa).ogiltig_at is not None
    assert _status(skickad_gemensam.remiss) == Status.UNDER_BEREDNING
    retur = attestlage.obesvarad_retur(attestlage.senaste_runda(las_tu(skickad_gemensam.remiss)))
    assert retur.kommentar == "Komplettera."


def test_recalling_ends_both_chains(skickad_gemensam, karin, anna, bo):
    """GIVEN SBK's chain complete and SOF's open WHEN Karin recalls the document THEN both
    rounds are återkallade and SBK's approvals voided."""
    attest_godkann(user=anna, tu=las_tu(skickad_gemensam.remiss))
    attest_godkann(user=bo, tu=las_tu(skickad_gemensam.remiss))

    attest_aterkalla(user=karin, tu=las_tu(skickad_gemensam.remiss))

    assert set(Attestrunda.objects.values_list("status", flat=True)) == {
        Attestrunda.Status.ATERKALLAD
    }
    assert not Attestering.objects.filter(ogiltig_at__isnull=True).exists()


def test_an_approval_after_the_content_changed_behind_the_apps_back_is_refused(
    skickad_gemensam, lisa, anna
):
    """GIVEN Anna approved in SBK's chain WHEN the content changes behind the app's back and
    Lisa then approves in SOF's THEN refused: every chain attests the same content."""
    attest_godkann(user=anna, tu=las_tu(skickad_gemensam.remiss))
    tu = las_tu(skickad_gemensam.remiss)
    tu.rubrik = "Ändrad bakom appens rygg"
    tu.save()

    with pytest.raises(ValidationError) as exc:
        attest_godkann(user=lisa, tu=las_tu(skickad_gemensam.remiss))

    assert "Innehållet har ändrats sedan det attesterades i ett tidigare steg." in str(exc.value)


def test_the_kontaktperson_never_attests_the_document_he_cowrote(gemensam_klar, plan, sven):
    """GIVEN Sven, SBK's kontaktperson, is also his avdelning's chef WHEN the chains are
    built THEN a Swedish error names him and SBK."""
    plan.chef = sven
    plan.save()

    with pytest.raises(ValidationError) as exc:
        bygg_kedjor(las_tu(gemensam_klar.remiss))

    assert exc.value.messages == [
        "Sven Strand är själv avdelningschef på Stadsbyggnadskontoret och kan inte attestera "
        "ett utlåtande hen är kontaktperson för. Ange en ersättare i administrationen."
    ]


def test_the_attest_page_shows_each_chain_under_its_forvaltning(
    client, skickad_gemensam, lisa, anna
):
    """GIVEN both chains open and Lisa has approved WHEN Anna opens the attest page THEN
    each chain stands under its förvaltning with its steps, and she may decide."""
    attest_godkann(user=lisa, tu=las_tu(skickad_gemensam.remiss))
    client.force_login(anna)

    svar = client.get(reverse("remiss:attest", args=[skickad_gemensam.remiss_id]))

    assert svar.status_code == 200
    kedjor = svar.context["kedjor"]
    assert [k.forvaltning for k in kedjor] == ["Socialförvaltningen", "Stadsbyggnadskontoret"]
    assert [[s.status for s in k.steg] for k in kedjor] == [
        ["godkand", "vantar"],
        ["vantar", "kommande"],
    ]
    assert "Attestkedjor" in svar.text and svar.context["far_attestera"]


def test_a_one_forvaltning_document_is_sent_as_one_round_as_before(klar, karin):
    """GIVEN a document of SOF alone WHEN sent THEN one round, with no förvaltning and no
    main round of its own: exactly what was stored before joint documents."""
    runda = attest_skicka(user=karin, tu=klar)

    assert list(Attestrunda.objects.all()) == [runda]
    assert (runda.forvaltning, runda.huvudrunda, runda.antal_kedjor) == (None, None, 1)


def test_sending_from_the_page_names_the_first_attestant_of_each_chain(
    client, gemensam_klar, karin
):
    """GIVEN the joint document ready WHEN Karin sends it from the page THEN the banner names
    the first attestant of both chains."""
    client.force_login(karin)

    svar = client.post(reverse("remiss:attest_skicka", args=[gemensam_klar.remiss_id]), follow=True)

    assert (
        "Tjänsteutlåtandet är skickat till attest. Först attesterar Lisa Cadenius och Anna Ahl."
        in svar.text
    )


def test_the_medverkande_attestant_finds_it_in_her_inbox(client, skickad_gemensam, anna):
    """GIVEN the joint document sent WHEN Anna, SBK's avdelningschef, opens "Att attestera"
    THEN SOF's remiss is there, with a link to its attest page."""
    client.force_login(anna)

    svar = client.get(reverse("remiss:inkorg"))

    assert svar.status_code == 200
    assert skickad_gemensam.remiss.diarienummer in svar.text
    assert reverse("remiss:attest", args=[skickad_gemensam.remiss_id]) in svar.text
