"""Writing the tjänsteutlåtande through the pages: overview, sections, head, and no lost work."""

import re

import pytest
from django.urls import reverse

from nameden.sparmanager import untracked_writes
from remiss.models import Tjansteutlatande
from tests.remiss.huvud_verktyg import huvud_post

pytestmark = pytest.mark.django_db


def _avsnitt_url(tu, nyckel):
    return reverse("remiss:tu_avsnitt", args=[tu.remiss_id, nyckel])


def _text(nyckel, tu_pk=None):
    tu = Tjansteutlatande.objects.get(pk=tu_pk) if tu_pk else Tjansteutlatande.objects.get()
    return tu.get_avsnitt(nyckel)


def test_overview_lists_parts_and_previews_the_document(client, karin, tu):
    """GIVEN a new TU WHEN Karin opens it THEN every section is listed with its status and
    links to its editor, and the preview shows the header and the standard beslutspunkt."""
    client.force_login(karin)

    response = client.get(reverse("remiss:tu", args=[tu.remiss_id]))

    html = response.content.decode()
    assert response.status_code == 200
    for avsnitt in tu.avsnitt:
        assert avsnitt["rubrik"] in html
        assert _avsnitt_url(tu, avsnitt["nyckel"]) in html
    assert "Ej påbörjad" in html
    assert 'class="app-document"' in html
    assert "Socialförvaltningen" in html
    assert (
        "<li>Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.</li>"
        in html
    )
    assert "Svar på remiss från kommunstyrelsen, Dnr KS 2024/112" in html
    assert "Veronica Wolgast Carstorp" in html


def test_overview_for_a_reader_has_no_editor_links(client, per, tu):
    """GIVEN a TU WHEN Per (läsare) opens it THEN he sees the preview but no editor links."""
    client.force_login(per)

    html = client.get(reverse("remiss:tu", args=[tu.remiss_id])).content.decode()

    assert "Sammanfattning" in html
    assert _avsnitt_url(tu, "sammanfattning") not in html


def test_other_forvaltning_gets_404_on_the_tu(client, utomstaende, tu):
    """GIVEN a SOF TU WHEN someone from another förvaltning opens it or a section THEN 404."""
    client.force_login(utomstaende)

    assert client.get(reverse("remiss:tu", args=[tu.remiss_id])).status_code == 404
    assert client.get(_avsnitt_url(tu, "sammanfattning")).status_code == 404


def test_section_save_happy_path(client, karin, tu):
    """GIVEN Karin's TU WHEN she saves Sammanfattning THEN the text is stored as paragraphs,
    the version moves on and she returns to the overview with a success message."""
    client.force_login(karin)
    page = client.get(_avsnitt_url(tu, "sammanfattning"))
    assert "Kort och självständig" in page.content.decode()  # the mall's hjälptext

    response = client.post(
        _avsnitt_url(tu, "sammanfattning"),
        {"bas_version": tu.version, "text": "Första stycket.\r\n\r\n\r\nAndra stycket."},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("remiss:tu", args=[tu.remiss_id])
    assert _text("sammanfattning")["text"] == "Första stycket.\n\nAndra stycket."
    assert Tjansteutlatande.objects.get().version == tu.version + 1
    assert "Avsnittet ”Sammanfattning” är sparat." in response.content.decode()


def test_save_and_go_to_next_section(client, karin, tu):
    """GIVEN Karin editing Sammanfattning WHEN she presses "Spara och gå till nästa avsnitt"
    THEN she lands on the next section, Bakgrund."""
    client.force_login(karin)

    response = client.post(
        _avsnitt_url(tu, "sammanfattning"),
        {"bas_version": tu.version, "text": "Text.", "nasta": "1"},
    )

    assert response["Location"] == _avsnitt_url(tu, "bakgrund")


def test_unassigned_handlaggare_gets_403_on_a_section(client, hugo, tu):
    """GIVEN Karin's TU WHEN Hugo opens or posts a section THEN 403 and nothing is saved."""
    client.force_login(hugo)

    assert client.get(_avsnitt_url(tu, "sammanfattning")).status_code == 403
    response = client.post(
        _avsnitt_url(tu, "sammanfattning"), {"bas_version": tu.version, "text": "Hugos text"}
    )
    assert response.status_code == 403
    assert _text("sammanfattning")["text"] == ""


def test_unknown_section_is_404(client, karin, tu):
    """GIVEN a TU WHEN Karin opens a section key it does not have THEN 404."""
    client.force_login(karin)

    assert client.get(_avsnitt_url(tu, "finns-inte")).status_code == 404


def test_same_section_edited_twice_from_one_version_conflicts(client, karin, tu):
    """GIVEN two tabs opened at the same version WHEN both save Sammanfattning THEN the
    second gets 409 with the conflict panel, keeps its text in the textarea, carries the new
    version in the hidden field and changes nothing in the database."""
    client.force_login(karin)
    bas = tu.version
    url = _avsnitt_url(tu, "sammanfattning")
    first = client.post(url, {"bas_version": bas, "text": "Förvaltningen är positiv."})
    assert first.status_code == 302

    second = client.post(url, {"bas_version": bas, "text": "Förvaltningen är <b>tveksam</b>."})

    html = second.content.decode()
    assert second.status_code == 409
    assert "Texten har ändrats sedan du öppnade sidan" in html
    assert "Karin Wallander" in html
    assert "Förvaltningen är &lt;b&gt;tveksam&lt;/b&gt;." in html  # kept, and escaped
    assert "<b>tveksam</b>" not in html
    assert re.search(r"<del>positiv\.?</del>", html)
    assert re.search(r"<ins>[^<]*tveksam", html)
    assert f'name="bas_version" value="{bas + 1}"' in html
    saved = Tjansteutlatande.objects.get()
    assert saved.get_avsnitt("sammanfattning")["text"] == "Förvaltningen är positiv."
    assert saved.version == bas + 1


def test_saving_again_after_a_conflict_wins(client, karin, tu):
    """GIVEN a conflict page WHEN the user saves again with the version it carries
    THEN their text is saved."""
    client.force_login(karin)
    url = _avsnitt_url(tu, "sammanfattning")
    client.post(url, {"bas_version": tu.version, "text": "A."})
    conflict = client.post(url, {"bas_version": tu.version, "text": "B."})
    ny_version = conflict.context["form"]["bas_version"].value()

    response = client.post(url, {"bas_version": ny_version, "text": "B."})

    assert response.status_code == 302
    assert _text("sammanfattning")["text"] == "B."


def test_different_sections_from_one_version_both_save(client, karin, tu):
    """GIVEN two tabs opened at the same version WHEN one saves Bakgrund and the other
    Ärendet THEN both are saved."""
    client.force_login(karin)
    bas = tu.version

    one = client.post(_avsnitt_url(tu, "bakgrund"), {"bas_version": bas, "text": "Bakgrund."})
    two = client.post(_avsnitt_url(tu, "arendet"), {"bas_version": bas, "text": "Ärendet."})

    assert (one.status_code, two.status_code) == (302, 302)
    assert _text("bakgrund")["text"] == "Bakgrund."
    assert _text("arendet")["text"] == "Ärendet."


def test_beslutspunkter_are_edited_as_a_list(client, karin, tu):
    """GIVEN the decision section WHEN Karin opens it THEN each point has its own numbered
    textarea plus two empty ones, and WHEN she saves THEN empty points are dropped."""
    client.force_login(karin)
    url = _avsnitt_url(tu, "forslag_till_beslut")
    html = client.get(url).content.decode()
    assert html.count('name="punkt"') == 3
    assert "Beslutspunkt 3" in html

    response = client.post(
        url, {"bas_version": tu.version, "punkt": ["Första punkten.", "", "Andra punkten."]}
    )

    assert response.status_code == 302
    assert _text("forslag_till_beslut")["punkter"] == ["Första punkten.", "Andra punkten."]


def test_beslutspunkter_cannot_all_be_removed(client, karin, tu):
    """GIVEN the decision section WHEN Karin empties every point THEN 400 with the service's
    Swedish message linked from the error summary to the first point."""
    client.force_login(karin)

    response = client.post(
        _avsnitt_url(tu, "forslag_till_beslut"), {"bas_version": tu.version, "punkt": ["", ""]}
    )

    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv minst en beslutspunkt." in html
    assert 'href="#id_punkt-1"' in html


def test_head_is_saved_with_signatories_in_order(client, karin, lisa, veronica, sammantrade, tu):
    """GIVEN the TU's Uppgifter WHEN Karin picks a sammanträde and Lisa before Veronica
    THEN they are saved in that order and the preview header shows the meeting date."""
    client.force_login(karin)
    url = reverse("remiss:tu_huvud", args=[tu.remiss_id])
    form = client.get(url).context["form"]
    assert form["undertecknare_1"].value() == veronica.pk

    response = client.post(
        url,
        huvud_post(
            tu,
            rubrik="Remiss av Kommunikationsprogram för Stockholms stad",
            sammantrade=sammantrade.pk,
            undertecknare_1=lisa.pk,
            undertecknare_2=veronica.pk,
        ),
        follow=True,
    )

    saved = Tjansteutlatande.objects.get()
    assert [u["namn"] for u in saved.undertecknare] == [
        "Lisa Cadenius",
        "Veronica Wolgast Carstorp",
    ]
    assert saved.sammantrade == sammantrade
    assert "2024-04-23" in response.content.decode()


def test_head_refuses_the_same_signatory_twice(client, karin, lisa, tu):
    """GIVEN the TU's Uppgifter WHEN Lisa is chosen twice THEN 400 and a Swedish message."""
    client.force_login(karin)

    response = client.post(
        reverse("remiss:tu_huvud", args=[tu.remiss_id]),
        {
            "bas_version": tu.version,
            "rubrik": "Rubrik",
            "underrubrik": "",
            "undertecknare_1": lisa.pk,
            "undertecknare_2": lisa.pk,
        },
    )

    assert response.status_code == 400
    assert "Välj varje person bara en gång." in response.content.decode()


def test_hand_edited_beredning_offers_regeneration(client, karin, tu):
    """GIVEN Karin edits Ärendets beredning by hand WHEN she opens it again THEN the page
    says the text no longer follows the steps and offers to write it anew."""
    client.force_login(karin)
    url = _avsnitt_url(tu, "arendets_beredning")
    client.post(url, {"bas_version": tu.version, "text": "Egen text."})

    html = client.get(url).content.decode()

    assert "Texten är redigerad för hand och följer inte längre beredningsstegen" in html
    assert reverse("remiss:beredning_generera", args=[tu.remiss_id]) in html


def test_head_conflict_compares_field_by_field(client, karin, tu):
    """GIVEN two tabs on Uppgifter WHEN both change the rubrik THEN the second gets 409 with
    the rubrik compared in words, and its rubrik still in the field."""
    client.force_login(karin)
    url = reverse("remiss:tu_huvud", args=[tu.remiss_id])
    data = huvud_post(tu, rubrik="Ny rubrik")
    client.post(url, data)

    response = client.post(url, {**data, "rubrik": "Annan rubrik"})

    html = response.content.decode()
    assert response.status_code == 409
    assert "<del>Ny </del><ins>Annan </ins>rubrik" in html
    assert 'value="Annan rubrik"' in html
    assert Tjansteutlatande.objects.get().rubrik == "Ny rubrik"


def test_edit_in_attest_needs_confirmation(client, karin, tu):
    """GIVEN a TU sent for attest WHEN Karin saves a section without ticking the confirmation
    THEN 400 with the warning and nothing saved; WHEN she ticks it THEN it is saved and the
    remiss is back under beredning."""
    from remiss.models import Remiss
    from remiss.workflow import Status

    with untracked_writes("test set-up: a state the services no longer produce"):
        Remiss.objects.filter(pk=tu.remiss_id).update(status=Status.FOR_ATTEST)  # test setup only
    client.force_login(karin)
    url = _avsnitt_url(tu, "sammanfattning")
    page = client.get(url).content.decode()
    assert "Ändrar du något upphävs attesten" in page
    assert 'name="bekraftat"' in page

    utan = client.post(url, {"bas_version": tu.version, "text": "Ny text."})
    med = client.post(url, {"bas_version": tu.version, "text": "Ny text.", "bekraftat": "on"})

    assert utan.status_code == 400
    assert "Bekräfta att du vill göra ändringen." in utan.content.decode()
    assert "Ny text.</textarea>" in utan.content.decode()
    assert med.status_code == 302
    assert _text("sammanfattning")["text"] == "Ny text."
    assert Remiss.objects.get(pk=tu.remiss_id).status == Status.UNDER_BEREDNING
