"""A voided final PDF is never "slutlig" again.

When the attestations are voided (an edit after attest), the stored final version is kept,
a public record, but marked superseded with who, when and why. It disappears from every link
and from `export_pdf`; the history lists it as "Upphävd slutversion" and offers it for
download there only, under a name that says so, its SHA-256 checked on every read.
"""

import io
import logging

import pytest
from django.core.management import call_command
from django.urls import reverse

from remiss import selectors
from remiss.dokument import dokument_for
from remiss.fingeravtryck import stammer
from remiss.models import Handelse, Slutversion, Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_godkann, attest_skicka
from remiss.workflow import Status
from tests.conftest import TEXTER
from tests.factories import stockholm_mall
from tests.remiss.attest_verktyg import andra_avsnitt
from tests.remiss.pdf_verktyg import sidtexter

pytestmark = pytest.mark.django_db


def fresh(tu) -> Tjansteutlatande:
    return Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)


def _las(slutversion: Slutversion) -> bytes:
    with slutversion.fil.open("rb") as fil:
        return fil.read()


@pytest.fixture
def attesterad(skickad, lisa, veronica):
    """Attested by Lisa and Veronica: its final PDF is stored."""
    attest_godkann(user=lisa, tu=skickad)
    attest_godkann(user=veronica, tu=fresh(skickad))
    return fresh(skickad)


@pytest.fixture
def upphavd(attesterad, karin):
    """The attested document edited by Karin (confirmed): attest voided, final PDF superseded.

    Returns (tu, the superseded final version, its bytes as stored before the edit)."""
    slutversion = Slutversion.objects.get(tjansteutlatande=attesterad)
    data = _las(slutversion)
    tu = andra_avsnitt(attesterad, karin, "Förvaltningen är tveksam.", bekraftat=True)
    slutversion.refresh_from_db()
    return fresh(tu), slutversion, data


def test_voiding_the_attest_supersedes_the_final_version_and_keeps_it(upphavd, karin):
    """GIVEN an attested document with its final PDF
    WHEN Karin edits it after attest (confirmed)
    THEN the final version is kept unchanged but marked superseded by Karin, now, because the
    content changed; history and timeline say so; nothing is "gällande" any more."""
    tu, slutversion, data_fore = upphavd

    assert tu.remiss.status == Status.UNDER_BEREDNING
    assert slutversion.upphavd_at is not None
    assert slutversion.upphavd_av == karin
    assert slutversion.upphavd_orsak == "innehållet ändrades efter attest"
    assert _las(slutversion) == data_fore
    assert selectors.slutversion_fil(slutversion) == data_fore
    senaste = slutversion.history.first()
    assert senaste.history_change_reason == (
        "Slutversionen upphävdes: innehållet ändrades efter attest"
    )
    assert senaste.history_user == karin
    handelse = Handelse.objects.get(remiss=tu.remiss, typ="slutversion_upphavd")
    assert f"(SHA-256 {slutversion.sha256[:12]}) upphävdes: innehållet ändrades" in handelse.text
    assert selectors.gallande_slutversion(tu) is None


def test_a_superseded_version_is_never_served_as_final(client, upphavd, karin):
    """GIVEN a superseded final version
    WHEN the content is edited back to read exactly as it did when it was attested
    THEN it is still not final: the download answers 404 and no page links to it as final."""
    tu, slutversion, _ = upphavd
    tu = andra_avsnitt(tu, karin, TEXTER["sammanfattning"])
    assert stammer(
        dokument_for(fresh(tu)),
        sha256=slutversion.fingeravtryck,
        format=slutversion.fingeravtryck_format,
    ), "the content reads as attested again, so only the superseded mark keeps it out"

    assert selectors.gallande_slutversion(fresh(tu)) is None
    client.force_login(karin)
    remiss_pk = tu.remiss_id
    assert client.get(reverse("remiss:pdf_slutversion", args=[remiss_pk])).status_code == 404
    for sida in ("remiss:tu", "remiss:attest"):
        html = client.get(reverse(sida, args=[remiss_pk])).text
        assert reverse("remiss:pdf_slutversion", args=[remiss_pk]) not in html
        assert "Ladda ned slutlig PDF" not in html


@pytest.mark.parametrize("sida", ["remiss:tu", "remiss:attest"])
def test_the_pages_link_the_final_version_in_force(client, attesterad, per, sida):
    """GIVEN an attested document THEN the TU and attest pages link its final PDF."""
    client.force_login(per)
    html = client.get(reverse(sida, args=[attesterad.remiss_id])).text
    assert reverse("remiss:pdf_slutversion", args=[attesterad.remiss_id]) in html
    assert "Ladda ned slutlig PDF" in html


def test_attesting_the_same_content_again_gives_a_new_final_version_beside_the_superseded(
    upphavd, karin, lisa, veronica
):
    """GIVEN a superseded final version and the content edited back to what it said
    WHEN the document is sent and attested again
    THEN the superseded version is still never final: the new attestation gets a final
    version of its own, with the same content fingerprint, and that one is served."""
    tu, slutversion, _ = upphavd
    tu = andra_avsnitt(tu, karin, TEXTER["sammanfattning"])
    attest_skicka(user=karin, tu=tu)
    attest_godkann(user=lisa, tu=fresh(tu))
    attest_godkann(user=veronica, tu=fresh(tu))

    assert fresh(tu).remiss.status == Status.ATTESTERAD
    slutversion.refresh_from_db()
    assert slutversion.upphavd_at is not None
    ny = selectors.gallande_slutversion(fresh(tu))
    assert ny is not None and ny.pk != slutversion.pk
    assert ny.fingeravtryck == slutversion.fingeravtryck
    assert Slutversion.objects.filter(tjansteutlatande=tu).count() == 2


def test_a_new_attest_round_gives_a_new_final_version_in_force(
    client, upphavd, karin, lisa, veronica
):
    """GIVEN a superseded final version WHEN the edited document is attested again
    THEN the new final version is the one served; the superseded one stays superseded."""
    tu, gammal, _ = upphavd
    attest_skicka(user=karin, tu=tu)
    attest_godkann(user=lisa, tu=fresh(tu))
    attest_godkann(user=veronica, tu=fresh(tu))

    ny = Slutversion.objects.exclude(pk=gammal.pk).get()
    assert ny.upphavd_at is None
    assert selectors.gallande_slutversion(fresh(tu)).pk == ny.pk
    client.force_login(karin)
    response = client.get(reverse("remiss:pdf_slutversion", args=[tu.remiss_id]))
    assert response.content == _las(ny)
    assert Slutversion.objects.get(pk=gammal.pk).upphavd_at is not None


def test_a_final_version_whose_content_no_longer_matches_is_not_served(client, attesterad, karin):
    """GIVEN an attested document whose content is changed behind the app's back
    WHEN anyone asks for the final PDF THEN there is none in force (404), although nothing
    marked it superseded: only a version matching the content now is final."""
    avsnitt = attesterad.avsnitt
    next(a for a in avsnitt if a["nyckel"] == "bakgrund")["text"] = "Ändrat i databasen."
    attesterad.avsnitt = avsnitt
    attesterad.save()  # deliberately past the services: a change made behind the app's back

    assert Slutversion.objects.get().upphavd_at is None
    assert selectors.gallande_slutversion(fresh(attesterad)) is None
    client.force_login(karin)
    assert (
        client.get(reverse("remiss:pdf_slutversion", args=[attesterad.remiss_id])).status_code
        == 404
    )
    historik = client.get(reverse("remiss:historik", args=[attesterad.remiss_id])).text
    assert "Stämmer inte med innehållet" in historik


# --- The history page -----------------------------------------------------------------------


def test_history_lists_the_superseded_version_with_who_when_and_why(client, upphavd, per):
    """GIVEN a superseded final version WHEN Per (läsare) opens the history
    THEN it is listed as "Upphävd slutversion" with who superseded it and why, and offered
    for download as such (and only there)."""
    tu, slutversion, _ = upphavd
    client.force_login(per)

    html = client.get(reverse("remiss:historik", args=[tu.remiss_id])).text

    assert "Upphävd slutversion" in html
    assert "av Karin Wallander: innehållet ändrades efter attest" in html
    assert "Gällande slutversion" not in html
    url = reverse("remiss:pdf_upphavd_slutversion", args=[tu.remiss_id, slutversion.pk])
    assert url in html
    assert reverse("remiss:pdf_slutversion", args=[tu.remiss_id]) not in html


def test_history_shows_the_version_in_force_as_such(client, attesterad, per):
    client.force_login(per)
    html = client.get(reverse("remiss:historik", args=[attesterad.remiss_id])).text
    assert "Gällande slutversion" in html
    assert reverse("remiss:pdf_slutversion", args=[attesterad.remiss_id]) in html
    assert "Upphävd slutversion" not in html


def test_the_superseded_version_downloads_unchanged_under_a_name_that_says_so(client, upphavd, per):
    """GIVEN a superseded final version WHEN Per downloads it from the history
    THEN he gets the stored bytes, as an attachment named as a superseded version."""
    tu, slutversion, data = upphavd
    client.force_login(per)

    response = client.get(
        reverse("remiss:pdf_upphavd_slutversion", args=[tu.remiss_id, slutversion.pk])
    )

    assert response.status_code == 200
    assert response.content == data
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "-upphavd-slutversion-" in disposition
    assert slutversion.sha256[:8] in disposition


def test_a_final_version_in_force_is_not_offered_as_superseded(client, attesterad, per):
    slutversion = Slutversion.objects.get()
    client.force_login(per)
    url = reverse("remiss:pdf_upphavd_slutversion", args=[attesterad.remiss_id, slutversion.pk])
    assert client.get(url).status_code == 404


def test_superseded_version_of_another_remiss_answers_404(client, upphavd, registrera, karin):
    """The version's id under another remiss's URL finds nothing."""
    _, slutversion, _ = upphavd
    annan = registrera(rubrik="En annan remiss")
    remiss_paborja_beredning(user=karin, remiss=annan, mall=stockholm_mall())
    client.force_login(karin)
    url = reverse("remiss:pdf_upphavd_slutversion", args=[annan.pk, slutversion.pk])
    assert client.get(url).status_code == 404


def test_someone_who_may_not_see_the_remiss_gets_404(client, upphavd, utomstaende):
    tu, slutversion, _ = upphavd
    client.force_login(utomstaende)
    url = reverse("remiss:pdf_upphavd_slutversion", args=[tu.remiss_id, slutversion.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("remiss:historik", args=[tu.remiss_id])).status_code == 404


def test_a_tampered_superseded_version_is_refused(client, upphavd, per, caplog):
    """GIVEN the stored superseded file changed behind the app's back WHEN it is downloaded
    THEN nothing is served and the mismatch is logged: its SHA-256 is checked on every read."""
    tu, slutversion, _ = upphavd
    with open(slutversion.fil.path, "r+b") as fil:
        fil.seek(-20, io.SEEK_END)
        fil.write(b"%% andrad i efterhand")
    client.force_login(per)
    with caplog.at_level(logging.ERROR, logger="remiss.selectors.filer"):
        response = client.get(
            reverse("remiss:pdf_upphavd_slutversion", args=[tu.remiss_id, slutversion.pk])
        )
    assert response.status_code == 500
    assert b"%PDF" not in response.content
    assert slutversion.sha256 in caplog.text


# --- export_pdf -----------------------------------------------------------------------------


def test_export_never_writes_a_superseded_version_as_final(upphavd, tmp_path):
    """GIVEN a superseded final version WHEN the document is exported
    THEN the PDF is rendered now (UTKAST, the document is not attested) instead of the
    stored file, and the message says in Swedish that the final version was superseded."""
    tu, _, data = upphavd
    out = tmp_path / "tu.pdf"
    stdout = io.StringIO()

    call_command("export_pdf", tu.remiss.diarienummer, "--out", str(out), stdout=stdout)

    exporterad = out.read_bytes()
    assert exporterad != data
    assert all("UTKAST" in sida for sida in sidtexter(exporterad))
    meddelande = stdout.getvalue()
    assert "en ny PDF" in meddelande
    assert "märkt UTKAST" in meddelande
    assert "den slutliga versionen" not in meddelande
    assert "Ingen slutversion gäller: den senaste upphävdes" in meddelande
    assert "(innehållet ändrades efter attest)" in meddelande
