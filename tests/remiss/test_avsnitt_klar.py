"""A section of the tjänsteutlåtande marked done ("Markera som klar") and the mark taken back.

The mark is the handläggare's note about the work: it has its history (who, when), but it is
no part of the document, so the fingerprint, the PDF and the editors' version token never
move with it. Proven through the service, then through the page both ways: a plain form post
(redirect and message) and htmx (the region swapped, the list out of band, the message in the
live region).
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html as lxml_html

from remiss.dokument import dokument_for
from remiss.fingeravtryck import fingeravtryck_for, kanonisk_form
from remiss.models import Tjansteutlatande
from remiss.pdf import pdf_datum, tjansteutlatande_html
from remiss.services.attestering import attest_godkann
from remiss.services.tjansteutlatande import (
    tjansteutlatande_markera_avsnitt,
    tjansteutlatande_spara_avsnitt,
)

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def fresh(tu) -> Tjansteutlatande:
    return Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)


def markera(user, tu, nyckel="sammanfattning", klar=True) -> Tjansteutlatande:
    return tjansteutlatande_markera_avsnitt(user=user, tu=tu, nyckel=nyckel, klar=klar)


def _klar_url(tu, nyckel="sammanfattning"):
    return reverse("remiss:tu_avsnitt_klar", args=[tu.remiss_id, nyckel])


def _avsnitt_url(tu, nyckel="sammanfattning"):
    return reverse("remiss:tu_avsnitt", args=[tu.remiss_id, nyckel])


def _dom(response):
    return lxml_html.fragment_fromstring(response.content.decode(), create_parent="div")


def _pdf_html(tu) -> str:
    tu = Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)
    skapad, andrad = pdf_datum(tu)
    html, _ = tjansteutlatande_html(
        dokument_for(tu), attester=(), utkast=True, skapad=skapad, andrad=andrad
    )
    return html


# --- The service ---------------------------------------------------------------------------------


def test_marking_a_section_done_is_recorded_with_who_and_leaves_the_version(karin, tu):
    """GIVEN a draft at version v WHEN Karin marks Sammanfattning done THEN the document lists
    it as done, its history row names Karin and the mark, and the version and "senast
    ändrad" are those of the last content change."""
    fore = fresh(tu)

    markera(karin, tu)

    tu = fresh(tu)
    assert tu.klara_avsnitt == ["sammanfattning"]
    assert (tu.version, tu.andrad_at) == (fore.version, fore.andrad_at)
    rad = tu.history.latest("history_date")
    assert rad.history_user == karin
    assert rad.history_change_reason == "Markerade avsnittet ”Sammanfattning” som klart"
    assert rad.klara_avsnitt == ["sammanfattning"]


def test_marks_keep_the_documents_order_and_unmarking_is_recorded(karin, tu):
    """GIVEN Bakgrund and then Sammanfattning marked done WHEN Karin takes Sammanfattning's mark
    back THEN the marks read in the document's order, and the undoing has its own history row
    by Karin."""
    markera(karin, tu, "bakgrund")
    markera(karin, tu, "sammanfattning")
    assert fresh(tu).klara_avsnitt == ["sammanfattning", "bakgrund"]

    markera(karin, tu, "sammanfattning", klar=False)

    tu = fresh(tu)
    assert tu.klara_avsnitt == ["bakgrund"]
    rad = tu.history.latest("history_date")
    assert (rad.history_user, rad.history_change_reason) == (
        karin,
        "Ångrade att avsnittet ”Sammanfattning” är klart",
    )


def test_marking_what_is_already_so_writes_nothing(karin, tu):
    """GIVEN Sammanfattning marked done WHEN it is marked done again, and an unmarked section
    is unmarked THEN no history row is written."""
    markera(karin, tu)
    rader = tu.history.count()

    markera(karin, tu)
    markera(karin, tu, "bakgrund", klar=False)

    assert tu.history.count() == rader


def test_the_mark_changes_neither_the_fingerprint_nor_the_pdf(karin, tu):
    """GIVEN a draft WHEN a section is marked done and the mark taken back THEN the
    attestation fingerprint and the PDF's HTML (dates included) are exactly as before, and the
    canonical form says nothing of marks."""
    fingeravtryck, pdf = fingeravtryck_for(fresh(tu)), _pdf_html(tu)

    markera(karin, tu)
    assert fingeravtryck_for(fresh(tu)) == fingeravtryck
    assert _pdf_html(tu) == pdf
    assert b"klar" not in kanonisk_form(dokument_for(fresh(tu)))

    markera(karin, tu, klar=False)
    assert fingeravtryck_for(fresh(tu)) == fingeravtryck


def test_a_done_section_edited_later_stays_done(karin, tu):
    """GIVEN Sammanfattning marked done WHEN Karin changes its text THEN it is still done (the
    mark is hers to take back)."""
    tu = markera(karin, tu)

    tjansteutlatande_spara_avsnitt(
        user=karin, tu=tu, nyckel="sammanfattning", bas_version=tu.version, text="Ny text."
    )

    assert fresh(tu).klara_avsnitt == ["sammanfattning"]


def test_a_form_opened_before_the_mark_saves_without_a_conflict(karin, tu):
    """GIVEN Bakgrund's form opened at version v WHEN Karin marks Bakgrund done (another tab)
    and then saves the form with v THEN it is saved, no conflict."""
    bas = tu.version
    markera(karin, tu, "bakgrund")

    sparad = tjansteutlatande_spara_avsnitt(
        user=karin, tu=fresh(tu), nyckel="bakgrund", bas_version=bas, text="Ny bakgrund."
    )

    assert sparad.version == bas + 1
    assert sparad.get_avsnitt("bakgrund")["text"] == "Ny bakgrund."


def test_marking_is_refused_in_attest_and_nothing_is_written(karin, skickad):
    """GIVEN the document sent for attest WHEN Karin marks a section THEN a Swedish message
    says marks change only under beredning, and nothing is written."""
    rader = skickad.history.count()

    with pytest.raises(ValidationError) as exc:
        markera(karin, skickad)

    assert exc.value.messages == [
        "Avsnitt kan bara markeras som klara medan utlåtandet är under beredning, inte när "
        "remissen har status ”för attest”."
    ]
    assert fresh(skickad).klara_avsnitt == []
    assert skickad.history.count() == rader


def test_marking_is_refused_once_attested(karin, skickad, lisa, veronica, private_storage):
    """GIVEN the document attested (its final PDF made) WHEN Karin takes a mark back THEN it is
    refused, naming the status."""
    attest_godkann(user=lisa, tu=skickad)
    attest_godkann(user=veronica, tu=fresh(skickad))

    with pytest.raises(ValidationError, match="status ”attesterad”"):
        markera(karin, fresh(skickad), klar=False)


@pytest.mark.parametrize("vem", ["hugo", "per", "utomstaende"])
def test_only_who_may_edit_the_document_marks_it(request, tu, vem):
    """GIVEN a draft WHEN another handläggare of the förvaltning, a läsare or someone of another
    förvaltning marks a section THEN the policy refuses (PermissionDenied); nothing written."""
    user = request.getfixturevalue(vem)

    with pytest.raises(PermissionDenied):
        markera(user, tu)

    assert fresh(tu).klara_avsnitt == []


def test_an_unknown_section_is_404(karin, tu):
    """GIVEN a draft WHEN a key it has no section for is marked THEN Http404."""
    with pytest.raises(Http404):
        markera(karin, tu, "finns_inte")


# --- The section's page: plain form and htmx -----------------------------------------------------


def test_plain_post_redirects_back_with_the_message_and_the_button_turned(client, karin, tu):
    """GIVEN Karin on Sammanfattning without JavaScript WHEN she presses "Markera som klar" THEN
    she is back on the section with "markerat som klart" in the live region, the button now
    "Ångra klar" (asking for klar=0) and the section "Klar" in the list."""
    client.force_login(karin)
    sida = lxml_html.fromstring(client.get(_avsnitt_url(tu)).content.decode())
    (knapp,) = sida.xpath("//div[@id='tu-avsnitt-klar']//button")
    assert knapp.text_content() == "Markera som klar"

    response = client.post(_klar_url(tu), {"klar": "1"}, follow=True)

    assert response.redirect_chain == [(_avsnitt_url(tu), 302)]
    dom = lxml_html.fromstring(response.content.decode())
    region = dom.xpath("//div[@id='meddelanden']")[0]
    assert "Avsnittet ”Sammanfattning” är markerat som klart." in region.text_content()
    (form,) = dom.xpath("//div[@id='tu-avsnitt-klar']/form")
    assert form.get("action") == _klar_url(tu)
    assert form.xpath(".//input[@name='klar']/@value") == ["0"]
    (knapp,) = form.xpath(".//button")
    assert knapp.text_content() == "Ångra klar"
    assert knapp.get("hx-post") == _klar_url(tu)
    assert knapp.get("hx-target") == "#tu-avsnitt-klar"
    rad = dom.xpath("//nav[@id='tu-avsnittslista']//li[a[text()='Sammanfattning']]")[0]
    assert "Klar" in rad.text_content()


def test_htmx_post_swaps_the_region_and_announces_the_mark(client, karin, tu):
    """GIVEN Karin on Sammanfattning with htmx WHEN she presses "Markera som klar" THEN a
    partial: the region with "Ångra klar" marked for focus, the section list out of band with
    Sammanfattning "Klar", the message as a status for the live region; no message is left
    for the next page."""
    client.force_login(karin)

    response = client.post(_klar_url(tu), {"klar": "1"}, **HTMX)

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    dom = _dom(response)
    (region,) = dom.xpath("//div[@id='tu-avsnitt-klar']")
    assert region.get("hx-swap-oob") is None  # the target itself
    (knapp,) = region.xpath(".//button[@data-fokus]")
    assert knapp.text_content() == "Ångra klar"
    (lista,) = dom.xpath("//nav[@id='tu-avsnittslista']")
    assert lista.get("hx-swap-oob") == "true"
    assert "Klar" in lista.xpath(".//li[a[text()='Sammanfattning']]")[0].text_content()
    (status,) = dom.xpath("//div[@id='meddelanden']")
    assert status.get("hx-swap-oob") == "innerHTML"
    assert "Avsnittet ”Sammanfattning” är markerat som klart." in (
        status.xpath(".//*[@role='status']")[0].text_content()
    )
    assert fresh(tu).klara_avsnitt == ["sammanfattning"]
    assert (
        "markerat som klart"
        not in client.get(_avsnitt_url(tu))
        .content.decode()
        .split('id="meddelanden"', 1)[1]
        .split("</div>", 1)[0]
    )


def test_htmx_undo_turns_the_button_back(client, karin, tu):
    """GIVEN Sammanfattning done WHEN Karin presses "Ångra klar" with htmx THEN the region asks
    "Markera som klar" again and the message says it is no longer done."""
    markera(karin, tu)
    client.force_login(karin)

    response = client.post(_klar_url(tu), {"klar": "0"}, **HTMX)

    dom = _dom(response)
    assert dom.xpath("//div[@id='tu-avsnitt-klar']//button")[0].text_content() == (
        "Markera som klar"
    )
    assert (
        "inte längre markerat som klart" in dom.xpath("//div[@id='meddelanden']")[0].text_content()
    )
    assert fresh(tu).klara_avsnitt == []


def test_a_mark_from_a_stale_page_in_attest_is_refused_both_ways(client, karin, skickad):
    """GIVEN the document sent for attest WHEN Karin presses a stale "Markera som klar" THEN
    with htmx 409 and the refusal as an alert in the live region; without JavaScript back on
    the section page with the message, which shows no button."""
    client.force_login(karin)

    svar = client.post(_klar_url(skickad), {"klar": "1"}, **HTMX)
    assert svar.status_code == 409
    alert = _dom(svar).xpath("//div[@id='meddelanden']//*[@role='alert']")[0]
    assert "bara markeras som klara medan utlåtandet är under beredning" in alert.text_content()

    svar = client.post(_klar_url(skickad), {"klar": "1"}, follow=True)
    assert svar.redirect_chain == [(_avsnitt_url(skickad), 302)]
    text = svar.content.decode()
    assert "under beredning" in text
    assert not lxml_html.fromstring(text).xpath("//div[@id='tu-avsnitt-klar']//button")
    assert fresh(skickad).klara_avsnitt == []


def test_in_attest_the_section_page_shows_the_mark_without_a_button(client, karin, tu):
    """GIVEN Sammanfattning marked done and the document then sent for attest WHEN Karin opens
    the section THEN it says the section is done, with no button to change it."""
    from remiss.services.attestering import attest_skicka
    from tests.conftest import fyll_i

    tu = markera(karin, fyll_i(tu, karin))
    attest_skicka(user=karin, tu=fresh(tu))
    client.force_login(karin)

    dom = lxml_html.fromstring(client.get(_avsnitt_url(tu)).content.decode())

    (region,) = dom.xpath("//div[@id='tu-avsnitt-klar']")
    assert "Avsnittet är markerat som klart." in region.text_content()
    assert not region.xpath(".//button")


def test_a_bad_value_is_400_and_writes_nothing(client, karin, tu):
    """GIVEN Karin WHEN the form is posted without a valid "klar" THEN 400 (htmx: the region
    and the message as an alert) and no history row."""
    client.force_login(karin)
    rader = tu.history.count()

    svar = client.post(_klar_url(tu), {"klar": "kanske"}, **HTMX)

    assert svar.status_code == 400
    assert "Ladda om sidan" in _dom(svar).xpath("//*[@role='alert']")[0].text_content()
    assert tu.history.count() == rader


def test_who_may_not_see_gets_404_who_may_not_edit_403(client, tu, hugo, utomstaende, karin):
    """GIVEN a draft WHEN someone of another förvaltning posts THEN 404; another handläggare of
    the förvaltning 403; an unknown section 404 for Karin; a GET 405."""
    client.force_login(utomstaende)
    assert client.post(_klar_url(tu), {"klar": "1"}).status_code == 404
    client.force_login(hugo)
    assert client.post(_klar_url(tu), {"klar": "1"}).status_code == 403
    client.force_login(karin)
    assert client.post(_klar_url(tu, "finns_inte"), {"klar": "1"}).status_code == 404
    assert client.get(_klar_url(tu)).status_code == 405
    assert fresh(tu).klara_avsnitt == []


# --- The overview --------------------------------------------------------------------------------


def _oversikt(client, tu):
    response = client.get(reverse("remiss:tu", args=[tu.remiss_id]))
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def test_the_overview_shows_each_sections_state_and_the_progress(client, karin, tu):
    """GIVEN Sammanfattning done, Bakgrund written but not done WHEN Karin opens the overview
    THEN Sammanfattning is "Klar", Bakgrund "Ifylld", Ärendet "Ej påbörjad", the progress line
    says "1 av 6 avsnitt klart", and the send form names the sections not yet done without
    blocking; with a second mark it reads "2 av 6 avsnitt klara"."""
    tu = tjansteutlatande_spara_avsnitt(
        user=karin, tu=tu, nyckel="bakgrund", bas_version=tu.version, text="Text."
    )
    markera(karin, tu)
    client.force_login(karin)

    dom = _oversikt(client, tu)

    def lage(rubrik):
        rad = dom.xpath(f"//li[.//a[text()='{rubrik}']]")[0]
        return rad.xpath(".//*[@class='app-task-list__status']")[0].text_content().strip()

    assert (lage("Sammanfattning"), lage("Bakgrund"), lage("Ärendet")) == (
        "Klar",
        "Ifylld",
        "Ej påbörjad",
    )
    assert dom.xpath("//p[@id='tu-framsteg']")[0].text_content() == "1 av 6 avsnitt klart."
    (tips,) = dom.xpath("//div[@id='tu-ej-klara']")
    assert "Bakgrund" in tips.text_content() and "Sammanfattning" not in tips.text_content()
    assert "Du kan ändå skicka" in tips.text_content()
    assert dom.xpath("//button[text()='Skicka till attest']")

    markera(karin, tu, "bakgrund")
    assert _oversikt(client, tu).xpath("//p[@id='tu-framsteg']")[0].text_content() == (
        "2 av 6 avsnitt klara."
    )


def test_the_overview_asks_as_many_queries_with_every_section_done(client, karin, tu):
    """GIVEN the overview with no section done and then with all six done WHEN it is read
    THEN it asks the database the same number of queries (the marks are in the row)."""
    client.force_login(karin)
    _oversikt(client, tu)  # warms the process-wide caches (ContentType)
    with CaptureQueriesContext(connection) as inga:
        _oversikt(client, tu)
    for avsnitt in fresh(tu).avsnitt:
        markera(karin, fresh(tu), avsnitt["nyckel"])
    with CaptureQueriesContext(connection) as alla:
        dom = _oversikt(client, tu)

    assert dom.xpath("//p[@id='tu-framsteg']")[0].text_content() == "6 av 6 avsnitt klara."
    assert not dom.xpath("//div[@id='tu-ej-klara']")
    assert len(alla) == len(inga)
