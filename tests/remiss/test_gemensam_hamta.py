""" "Hämta aktuella uppgifter" for a joint document's deltagare: a förvaltning that joins
after the document was created reaches its header (kontaktperson, diarienummer, its nämnd in
"Till") only when the handläggare fetches on purpose; the page shows the change first; in
attest the fetch needs confirmation and voids the attest, as any fetch does."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from remiss import attestlage
from remiss.dokumenthuvud import skillnader
from remiss.models import Tjansteutlatande
from remiss.services.attestering import KraverBekraftelse, attest_godkann, attest_skicka
from remiss.services.tjansteutlatande_huvud import tjansteutlatande_hamta_uppgifter
from remiss.workflow import Status
from tests.conftest import fyll_i
from tests.factories import stockholm_mall
from tests.remiss.huvud_verktyg import rendera
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
    medverka,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sen_medverkan(tu, rut, sven, byggnadsnamnden):
    """SOF's document written first; then SBK joins (SBK <year>/1, Sven its kontaktperson)."""
    medverkan = medverka(rut, tu.remiss, sven, byggnadsnamnden)
    return las_tu(tu.remiss), medverkan


def test_a_late_deltagare_is_not_in_the_header_until_fetched(sen_medverkan, karin):
    """GIVEN a document made before SBK joined WHEN it is read THEN its header names neither
    Sven, SBK's diarienummer nor Stadsbyggnadsnämnden; the PDF neither."""
    tu, medverkan = sen_medverkan

    assert (tu.ovriga_kontaktpersoner, tu.ovriga_beteckningar, tu.till) == (
        [],
        [],
        ["Socialnämnden"],
    )
    text = fulltext(rendera(tu, karin).pdf)
    assert "Sven Strand" not in text and medverkan.diarienummer not in text


def test_the_fetch_page_shows_the_deltagare_first(sen_medverkan, client, karin):
    """GIVEN a document made before SBK joined WHEN Karin opens "Hämta aktuella uppgifter"
    THEN the table shows SBK's kontaktperson, diarienummer and the nämnd it adds, and nothing
    is written yet."""
    tu, medverkan = sen_medverkan
    client.force_login(karin)

    sida = client.get(reverse("remiss:tu_hamta_uppgifter", args=[tu.remiss_id])).content.decode()

    assert "Fler kontaktpersoner" in sida and "Sven Strand, Planarkitekt" in sida
    assert f"{medverkan.diarienummer} (Stadsbyggnadskontoret)" in sida
    assert "Stadsbyggnadsnämnden" in sida
    assert "medverkande förvaltningarna" in sida
    assert las_tu(tu.remiss).version == tu.version


def test_fetching_brings_the_deltagare_into_the_header_and_the_pdf(sen_medverkan, karin):
    """GIVEN a document made before SBK joined WHEN Karin fetches THEN the header has Sven
    with his titel, telefon and e-post, SBK's diarienummer and both nämnder; the PDF prints
    both diarienummer and both kontaktpersoner; a second fetch changes nothing."""
    tu, medverkan = sen_medverkan
    falt = {r.falt for r in skillnader(tu)}
    assert {"ovriga_kontaktpersoner", "ovriga_beteckningar", "till"} <= falt

    tjansteutlatande_hamta_uppgifter(user=karin, tu=tu, bas_version=tu.version)

    tu = las_tu(tu.remiss)
    assert tu.ovriga_beteckningar == [
        {"forvaltning": "Stadsbyggnadskontoret", "diarienummer": medverkan.diarienummer}
    ]
    assert [p["namn"] for p in tu.ovriga_kontaktpersoner] == ["Sven Strand"]
    assert tu.till == ["Socialnämnden", "Stadsbyggnadsnämnden"]
    text = fulltext(rendera(tu, karin).pdf)
    assert "Sven Strand" in text and medverkan.diarienummer in text
    assert skillnader(tu) == []
    version = tu.version
    tjansteutlatande_hamta_uppgifter(user=karin, tu=tu, bas_version=tu.version)
    assert las_tu(tu.remiss).version == version


def test_in_attest_a_deltagares_new_telefon_is_fetched_only_with_confirmation(
    gemensam, karin, lisa, veronica, anna, bo, sven
):
    """GIVEN a joint document under attest, one chain through WHEN Sven's telefon changes and
    Karin fetches THEN the change is shown, refused without confirmation (nothing written),
    and with it written and the attest voided (back to beredning)."""
    from remiss.services.arbetsflode import remiss_paborja_beredning

    remiss_paborja_beredning(user=karin, remiss=gemensam, mall=stockholm_mall())
    tu = fyll_i(las_tu(gemensam), karin)
    attest_skicka(user=karin, tu=tu)
    attest_godkann(user=anna, tu=las_tu(gemensam))
    sven.telefon = "08-508 270 00"
    sven.save()
    tu = las_tu(gemensam)

    (rad,) = [r for r in skillnader(tu) if r.falt == "ovriga_kontaktpersoner"]
    assert "08-508 270 00" in rad.ny and "08-508 270 00" not in rad.nu
    with pytest.raises(KraverBekraftelse):
        tjansteutlatande_hamta_uppgifter(user=karin, tu=tu, bas_version=tu.version)
    assert Tjansteutlatande.objects.get(pk=tu.pk).version == tu.version

    tjansteutlatande_hamta_uppgifter(user=karin, tu=tu, bas_version=tu.version, bekraftat=True)

    tu = las_tu(gemensam)
    assert tu.ovriga_kontaktpersoner[0]["telefon"] == "08-508 270 00"
    assert tu.remiss.status == Status.UNDER_BEREDNING
    assert not attestlage.ar_attesterad(tu)


def test_a_late_deltagare_must_be_fetched_before_the_document_goes_to_attest(
    sen_medverkan, karin, lisa, veronica, anna, bo
):
    """GIVEN a document made before SBK joined WHEN Karin sends it for attest without fetching
    THEN it is refused with a Swedish message naming SBK's number, and no attest round exists;
    after the fetch it goes, with both chains."""
    from remiss.models import Attestrunda

    tu, medverkan = sen_medverkan
    tu = fyll_i(tu, karin)
    with pytest.raises(ValidationError) as fel:
        attest_skicka(user=karin, tu=las_tu(tu.remiss))
    assert medverkan.diarienummer in str(fel.value)
    assert "Hämta aktuella uppgifter" in str(fel.value)
    assert not Attestrunda.objects.filter(tjansteutlatande=tu).exists()

    tu = las_tu(tu.remiss)
    tjansteutlatande_hamta_uppgifter(user=karin, tu=tu, bas_version=tu.version)
    attest_skicka(user=karin, tu=las_tu(tu.remiss))
    assert Attestrunda.objects.filter(tjansteutlatande=tu).count() == 2


def test_a_joint_document_is_signed_by_every_forvaltning(gemensam, karin, lisa, veronica, anna, bo):
    """GIVEN a joint remiss (SOF registering, SBK taking part) WHEN the document is created
    THEN its undertecknare are SOF's förvaltningschef and Karin's avdelningschef, then SBK's
    förvaltningschef and its kontaktperson's avdelningschef, in that order."""
    from remiss.samverkan import deltagare
    from remiss.services.arbetsflode import remiss_paborja_beredning

    remiss_paborja_beredning(user=karin, remiss=gemensam, mall=stockholm_mall())
    tu = las_tu(gemensam)
    forvantat = []
    for d in deltagare(gemensam):
        for chef in (d.forvaltning.chef, d.kontaktperson.avdelning.chef):
            if chef is not None and chef.pk not in forvantat:
                forvantat.append(chef.pk)
    assert [u["user_id"] for u in tu.undertecknare] == forvantat
    assert len({d.forvaltning.pk for d in deltagare(gemensam)}) == 2
    assert forvantat == [veronica.pk, lisa.pk, bo.pk, anna.pk]
