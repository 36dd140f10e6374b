"""Attestation: the chain, its order, who may act, and that it binds to the exact content."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nameden.models import Avdelning, Ersattare
from nameden.roles import Roll
from nameden.sparmanager import untracked_writes
from remiss import attestlage, selectors
from remiss.fingeravtryck import fingeravtryck_for
from remiss.models import Attestering, Attestrunda, Handelse, Tjansteutlatande
from remiss.services.attestering import (
    KraverBekraftelse,
    attest_godkann,
    attest_returnera,
    attest_skicka,
)
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from remiss.workflow import Status
from tests.conftest import TEXTER, fyll_i
from tests.factories import UserFactory
from tests.remiss.attest_verktyg import andra_avsnitt, mejlet_efter_commit
from tests.remiss.huvud_verktyg import huvud_spara

pytestmark = pytest.mark.django_db

# Every upload must parse as a PDF (nameden.filkontroll): a catalog, its page tree, a page.
_EN_SIDA = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def fresh(tu):
    return Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)


# --- Sending -------------------------------------------------------------------------------------


def test_sending_freezes_the_chain_avdelningschef_then_forvaltningschef(
    skickad, lisa, veronica, karin
):
    """GIVEN a complete draft WHEN karin sends it THEN lisa then veronica are to attest."""
    runda = Attestrunda.objects.get(tjansteutlatande=skickad)
    assert runda.kedja == [
        {"roll": "avdelningschef", "attestant_id": lisa.pk},
        {"roll": "forvaltningschef", "attestant_id": veronica.pk},
    ]
    assert skickad.remiss.status == Status.FOR_ATTEST
    assert runda.skickad_av == karin
    assert skickad.remiss.handelser.filter(typ="attest_skickad").exists()


def test_sending_with_an_empty_required_section_is_refused(tu, karin):
    with pytest.raises(ValidationError) as exc:
        attest_skicka(user=karin, tu=tu)
    assert "Sammanfattning" in exc.value.messages[0]
    assert fresh(tu).remiss.status == Status.UNDER_BEREDNING
    assert not Attestrunda.objects.exists()


def test_sending_without_an_avdelningschef_says_who_is_missing(klar, karin, stab):
    stab.chef = None
    stab.save()
    with pytest.raises(ValidationError, match="ingen avdelningschef"):
        attest_skicka(user=karin, tu=klar)
    assert fresh(klar).remiss.status == Status.UNDER_BEREDNING


def test_only_the_assigned_handlaggare_may_send(klar, hugo, lisa):
    for user in (hugo, lisa):
        with pytest.raises(PermissionDenied):
            attest_skicka(user=user, tu=klar)


def test_the_chain_is_configurable_per_mall(klar, karin, veronica):
    klar.mall.attestkedja = ["forvaltningschef"]
    klar.mall.save()
    attest_skicka(user=karin, tu=klar)
    assert Attestrunda.objects.get().kedja == [
        {"roll": "forvaltningschef", "attestant_id": veronica.pk}
    ]


def test_one_person_in_both_roles_attests_once(klar, karin, lisa, sof):
    sof.chef = lisa
    sof.save()
    attest_skicka(user=karin, tu=klar)
    assert [s["attestant_id"] for s in Attestrunda.objects.get().kedja] == [lisa.pk]


# --- Who may attest, and in which order ---------------------------------------------------------


def test_order_is_enforced(skickad, veronica):
    """GIVEN lisa has not attested WHEN veronica tries THEN she is refused."""
    with pytest.raises(PermissionDenied):
        attest_godkann(user=veronica, tu=skickad)
    assert not Attestering.objects.exists()


def test_only_the_designated_attestant(skickad, stab, karin, hugo, johan):
    other_chef = UserFactory(
        username="anna",
        roll=Roll.AVDELNINGSCHEF,
        avdelning=Avdelning.objects.create(forvaltning=stab.forvaltning, namn="Annan avdelning"),
    )
    for user in (other_chef, karin, hugo, johan):
        with pytest.raises(PermissionDenied):
            attest_godkann(user=user, tu=skickad)
    assert not Attestering.objects.exists()


def test_no_one_attests_their_own_draft(stab, karin, lisa, veronica, registrera):
    """GIVEN the handläggare is herself avdelningschef THEN she cannot be her own attestant:
    without a deputy sending fails; with one, only the deputy may attest."""
    from remiss.services.arbetsflode import remiss_paborja_beredning
    from tests.factories import stockholm_mall

    stab.chef = karin
    stab.save()
    remiss = registrera()
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
    tu = fyll_i(remiss.tjansteutlatande, karin)
    with pytest.raises(ValidationError, match="eget utlåtande"):
        attest_skicka(user=karin, tu=tu)

    Ersattare.objects.create(ordinarie=karin, ersattare=lisa, fran=dt.date(2020, 1, 1))
    attest_skicka(user=karin, tu=tu)
    tu = fresh(tu)
    with pytest.raises(PermissionDenied):
        attest_godkann(user=karin, tu=tu)
    attestering = attest_godkann(user=lisa, tu=tu)
    assert attestering.i_stallet_for == karin


def test_a_deputy_may_act_only_within_their_dates(skickad, lisa, per):
    deputy = UserFactory(username="ulla", roll=Roll.AVDELNINGSCHEF, avdelning=lisa.avdelning)
    Ersattare.objects.create(
        ordinarie=lisa, ersattare=deputy, fran=dt.date(2020, 1, 1), till=dt.date(2020, 12, 31)
    )
    with pytest.raises(PermissionDenied):
        attest_godkann(user=deputy, tu=skickad)
    Ersattare.objects.create(ordinarie=lisa, ersattare=deputy, fran=dt.date(2021, 1, 1))
    assert attest_godkann(user=deputy, tu=skickad).i_stallet_for == lisa


def test_no_one_attests_twice(skickad, lisa, veronica):
    """GIVEN lisa deputises for veronica WHEN lisa has attested step 1 THEN she cannot
    attest step 2 as deputy as well."""
    Ersattare.objects.create(ordinarie=veronica, ersattare=lisa, fran=dt.date(2020, 1, 1))
    attest_godkann(user=lisa, tu=skickad)
    with pytest.raises(PermissionDenied):
        attest_godkann(user=lisa, tu=fresh(skickad))
    assert Attestering.objects.count() == 1


# --- Returning ---------------------------------------------------------------------------------


def test_return_needs_a_comment_and_goes_back_to_the_handlaggare(skickad, lisa):
    with pytest.raises(ValidationError):
        attest_returnera(user=lisa, tu=skickad, kommentar="  ")
    attest_returnera(user=lisa, tu=skickad, kommentar="Förtydliga synpunkterna.")
    tu = fresh(skickad)
    assert tu.remiss.status == Status.UNDER_BEREDNING
    assert Attestrunda.objects.get().status == Attestrunda.Status.RETURNERAD
    event = Handelse.objects.get(typ="attest_returnerad")
    assert event.kommentar == "Förtydliga synpunkterna."
    assert attestlage.giltiga_attester(tu) == []


# --- Attested, and bound to the content ----------------------------------------------------


@pytest.fixture
def attesterad(skickad, lisa, veronica, private_storage):
    attest_godkann(user=lisa, tu=skickad)
    attest_godkann(user=veronica, tu=fresh(skickad))
    return fresh(skickad)


def test_full_attestation_records_who_titel_when_and_fingerprint(attesterad, lisa, veronica):
    assert attesterad.remiss.status == Status.ATTESTERAD
    fp = fingeravtryck_for(attesterad)
    rows = list(Attestering.objects.order_by("steg"))
    assert [(a.attestant, a.titel, a.fingeravtryck) for a in rows] == [
        (lisa, "Avdelningschef", fp),
        (veronica, "Socialdirektör", fp),
    ]
    rader = attestlage.giltiga_attester(attesterad)
    assert [(r.namn, r.titel) for r in rader] == [
        ("Veronica Wolgast Carstorp", "Socialdirektör"),
        ("Lisa Cadenius", "Avdelningschef"),
    ]


def test_titel_is_the_one_held_at_the_moment_of_attest(attesterad, veronica):
    veronica.titel = "Stadsdirektör"
    veronica.save()
    assert attestlage.giltiga_attester(attesterad)[0].titel == "Socialdirektör"


def test_content_changed_behind_the_apps_back_is_no_longer_attested(attesterad):
    """GIVEN an attested document WHEN its text is changed directly in the database THEN it
    no longer counts as attested."""
    assert attestlage.ar_attesterad(attesterad)
    avsnitt = attesterad.avsnitt
    avsnitt[1]["text"] = "Något annat."
    with untracked_writes("test: a change made behind the app's back"):
        Tjansteutlatande.objects.filter(pk=attesterad.pk).update(avsnitt=avsnitt)
    assert not attestlage.ar_attesterad(fresh(attesterad))
    assert attestlage.giltiga_attester(fresh(attesterad)) == []


def test_a_bilaga_replaced_behind_the_apps_back_voids_it_too(
    klar, karin, lisa, veronica, private_storage
):
    """GIVEN an attested document with a bilaga WHEN the bilaga's recorded hash is changed in
    the database THEN the document is no longer attested (bilagor count by their hashes)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from remiss.models import Bilaga
    from remiss.services.bilagor import bilaga_ladda_upp

    bilaga_ladda_upp(
        user=karin,
        tu=klar,
        titel="Programmet",
        fil=SimpleUploadedFile("p.pdf", _EN_SIDA),
    )
    attest_skicka(user=karin, tu=fresh(klar))
    attest_godkann(user=lisa, tu=fresh(klar))
    attest_godkann(user=veronica, tu=fresh(klar))
    assert attestlage.ar_attesterad(fresh(klar))
    with untracked_writes("test: a change made behind the app's back"):
        Bilaga.objects.filter(tjansteutlatande=klar).update(sha256="0" * 64)
    assert not attestlage.ar_attesterad(fresh(klar))


def test_adding_a_bilaga_after_attest_needs_confirmation(attesterad, karin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from remiss.models import Bilaga
    from remiss.services.bilagor import bilaga_ladda_upp

    with pytest.raises(KraverBekraftelse):
        bilaga_ladda_upp(
            user=karin,
            tu=attesterad,
            titel="X",
            fil=SimpleUploadedFile("x.pdf", _EN_SIDA),
        )
    assert not Bilaga.objects.exists()
    assert attestlage.ar_attesterad(attesterad)


def test_fingerprint_covers_every_part_of_the_document(klar, karin, veronica):
    seen = {fingeravtryck_for(klar)}
    assert fingeravtryck_for(fresh(klar)) in seen  # stable across reads
    tu = tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=klar,
        nyckel="forslag_till_beslut",
        punkter=["Socialnämnden godkänner.", "Beslutet justeras omedelbart."],
        bas_version=klar.version,
    )
    seen.add(fingeravtryck_for(tu))
    tu = huvud_spara(tu, karin, sammantrade=None, undertecknare=[veronica])
    seen.add(fingeravtryck_for(tu))
    assert len(seen) == 3


# --- Editing after attest ------------------------------------------------------------------------


def test_editing_after_attest_needs_confirmation_and_voids_the_attestations(
    attesterad, karin, lisa, veronica, mailoutbox, django_capture_on_commit_callbacks
):
    with pytest.raises(KraverBekraftelse):
        andra_avsnitt(attesterad, karin, "Ny text.")
    assert fresh(attesterad).get_avsnitt("sammanfattning")["text"] == TEXTER["sammanfattning"]
    assert attestlage.ar_attesterad(attesterad)

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        andra_avsnitt(attesterad, karin, "Ny text.", bekraftat=True)
    tu = fresh(attesterad)
    assert tu.remiss.status == Status.UNDER_BEREDNING
    assert not attestlage.ar_attesterad(tu)
    assert all(
        a.ogiltig_at and a.ogiltig_orsak == "innehållet ändrades efter attest"
        for a in Attestering.objects.all()
    )
    assert Attestrunda.objects.get().status == Attestrunda.Status.UPPHAVD
    assert sorted(m.to[0] for m in mailoutbox) == sorted([lisa.email, veronica.email])
    assert all("upphävd" in m.subject for m in mailoutbox)
    # everything stays in the history
    assert Attestering.history.filter(ogiltig_at__isnull=True).count() == 2


def test_editing_while_out_for_attest_recalls_it(skickad, karin, lisa):
    attest_godkann(user=lisa, tu=skickad)
    andra_avsnitt(fresh(skickad), karin, "Ändrad.", nyckel="bakgrund", bekraftat=True)
    assert fresh(skickad).remiss.status == Status.UNDER_BEREDNING
    assert Attestering.objects.get().ogiltig_at is not None


# --- Inbox and notifications --------------------------------------------------------------------


def test_inbox_shows_whose_turn_it_is(skickad, lisa, veronica, karin):
    assert [r.remiss for r in selectors.att_attestera(lisa)] == [skickad.remiss]
    assert selectors.att_attestera(veronica) == []
    assert selectors.att_attestera(karin) == []
    attest_godkann(user=lisa, tu=skickad)
    assert selectors.att_attestera(lisa) == []
    assert [r.remiss for r in selectors.att_attestera(veronica)] == [skickad.remiss]


def test_inbox_shows_what_changed_since_the_version_last_read(skickad, lisa, karin):
    """GIVEN lisa read version N and returned it WHEN karin changes it and sends it again
    THEN lisa's inbox says it changed and links the two versions."""
    from remiss.services.attestering import attest_markera_sedd

    attest_markera_sedd(user=lisa, tu=skickad)
    sedd = skickad.version
    attest_returnera(user=lisa, tu=skickad, kommentar="Kortare, tack.")
    tu = andra_avsnitt(fresh(skickad), karin, "Kortare.")
    attest_skicka(user=karin, tu=tu)
    (rad,) = selectors.att_attestera(lisa)
    assert rad.andrad_sedan_sedd
    assert rad.sedd_version == sedd
    assert rad.aktuell_version == tu.version
    assert Tjansteutlatande.history.get(history_id=rad.jamfor_fran).version == sedd
    assert Tjansteutlatande.history.get(history_id=rad.jamfor_till).version == tu.version


def test_mail_goes_out_only_after_commit(
    klar, karin, lisa, mailoutbox, django_capture_on_commit_callbacks
):
    mail = mejlet_efter_commit(
        django_capture_on_commit_callbacks, mailoutbox, lambda: attest_skicka(user=karin, tu=klar)
    )
    assert mail.to == [lisa.email]
    assert mail.subject.startswith("Att attestera: SOF ")
    assert "/attest/" in mail.body


def test_attested_again_after_an_edit_gets_a_new_final_version_and_keeps_the_old(
    attesterad, karin, lisa, veronica
):
    """GIVEN an attested document with its final PDF WHEN it is edited (voiding the attest),
    sent and attested again THEN a second final version exists for the new content, the first
    is kept unchanged, and the newest is the one served."""
    from remiss import selectors
    from remiss.models import Slutversion

    forsta = Slutversion.objects.get(tjansteutlatande=attesterad)
    tu = andra_avsnitt(attesterad, karin, "Omskriven.", bekraftat=True)
    attest_skicka(user=karin, tu=tu)
    attest_godkann(user=lisa, tu=fresh(tu))
    attest_godkann(user=veronica, tu=fresh(tu))

    andra = Slutversion.objects.exclude(pk=forsta.pk).get()
    assert andra.fingeravtryck == fingeravtryck_for(fresh(tu)) != forsta.fingeravtryck
    assert Slutversion.objects.get(pk=forsta.pk).sha256 == forsta.sha256
    assert selectors.slutversion_for(karin, tu.remiss.pk).pk == andra.pk


def test_fingerprint_covers_beredning_steps_even_when_the_text_is_hand_edited(klar, karin):
    """GIVEN the beredning text is edited by hand (so steps no longer rewrite it) WHEN a step
    is added THEN the fingerprint still changes: the recorded beredning is content too."""
    from remiss.services.beredning import beredningssteg_lagg_till

    tu = tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=klar,
        nyckel="arendets_beredning",
        text="Egen text.",
        bas_version=klar.version,
    )
    before = fingeravtryck_for(tu)
    beredningssteg_lagg_till(
        user=karin,
        tu=tu,
        typ="forvaltningsgrupp",
        datum=dt.date(2024, 4, 17),
        utfall="behandlat",
    )
    tu = fresh(tu)
    assert tu.get_avsnitt("arendets_beredning")["text"] == "Egen text."
    assert fingeravtryck_for(tu) != before
