"""The version history of a tjänsteutlåtande and the comparison of two versions."""

import pytest
from django.urls import reverse

from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt

pytestmark = pytest.mark.django_db


def _spara(tu, karin, nyckel, text):
    tu.refresh_from_db()
    return tjansteutlatande_spara_avsnitt(
        user=karin, tu=tu, nyckel=nyckel, bas_version=tu.version, text=text
    )


def test_history_lists_versions_newest_first(client, per, karin, tu):
    """GIVEN a TU saved twice after creation WHEN Per opens the history THEN three versions
    are listed, newest first, with who saved them and why."""
    _spara(tu, karin, "bakgrund", "Första.")
    _spara(tu, karin, "bakgrund", "Andra.")
    client.force_login(per)

    response = client.get(reverse("remiss:historik", args=[tu.remiss_id]))

    versioner = response.context["versioner"]
    assert [v.version for v in versioner] == [3, 2, 1]
    html = response.content.decode()
    assert "Ändrade avsnittet ”Bakgrund”" in html
    assert "Karin Wallander" in html


def test_compare_marks_deleted_and_inserted_words(client, karin, tu):
    """GIVEN two versions of Bakgrund WHEN they are compared THEN the removed word is in
    <del>, the added in <ins>, user text is escaped, and unchanged sections are collapsed."""
    _spara(tu, karin, "bakgrund", "Staden har <riktlinjer> sedan 1990-talet.")
    _spara(tu, karin, "bakgrund", "Staden har <riktlinjer> sedan mitten av 1990-talet.")
    client.force_login(karin)
    versioner = list(tu.history.order_by("-history_date"))
    ny, gammal = versioner[0], versioner[1]

    response = client.get(
        reverse("remiss:historik", args=[tu.remiss_id]),
        {"fran": gammal.history_id, "till": ny.history_id},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<ins>mitten av </ins>" in html
    assert "&lt;riktlinjer&gt;" in html
    assert "<riktlinjer>" not in html
    assert "Sammanfattning: oförändrat" in html
    assert "Bakgrund (ändrat)" in html

    back = client.get(
        reverse("remiss:historik", args=[tu.remiss_id]),
        {"fran": ny.history_id, "till": gammal.history_id},
    )
    assert "<del>mitten av </del>" in back.content.decode()


def test_compare_with_a_version_of_another_tu_is_refused(client, karin, tu, registrera):
    """GIVEN a history id that is not this TU's WHEN it is used to compare THEN 400 with a
    Swedish message, never another document's text."""
    client.force_login(karin)
    egen = tu.history.first().history_id

    response = client.get(
        reverse("remiss:historik", args=[tu.remiss_id]), {"fran": egen, "till": egen + 999}
    )

    assert response.status_code == 400
    assert "Välj två versioner att jämföra" in response.content.decode()


def test_other_forvaltning_gets_404_on_history(client, utomstaende, tu):
    """GIVEN a SOF TU WHEN someone from another förvaltning opens its history THEN 404."""
    client.force_login(utomstaende)

    assert client.get(reverse("remiss:historik", args=[tu.remiss_id])).status_code == 404


def test_word_diff_keeps_paragraphs_and_marks_words():
    """GIVEN two texts differing in one word of the second paragraph WHEN word_diff runs
    THEN joining the equal and inserted parts gives the new text exactly."""
    from remiss.diff import DELETE, INSERT, word_diff

    gammal = "Förvaltningen är positiv.\n\nDet är bra."
    ny = "Förvaltningen är positiv.\n\nDet är mycket bra."

    segment = word_diff(gammal, ny)

    assert (INSERT, "mycket ") in segment
    assert "".join(text for op, text in segment if op != DELETE) == ny
    assert "".join(text for op, text in segment if op != INSERT).split() == gammal.split()


def test_diff_versions_reports_added_and_removed_sections():
    """GIVEN versions where one section was added and one removed WHEN compared THEN each is
    reported with its status, in the new version's order and the removed one last."""
    from remiss.diff import diff_versions

    gammal = [
        {"nyckel": "a", "rubrik": "A", "typ": "text", "text": "x"},
        {"nyckel": "b", "rubrik": "B", "typ": "text", "text": "y"},
    ]
    ny = [
        {"nyckel": "a", "rubrik": "A", "typ": "text", "text": "x"},
        {"nyckel": "c", "rubrik": "C", "typ": "beslutspunkter", "punkter": ["P."]},
    ]

    rader = diff_versions(gammal, ny)

    assert [(r.nyckel, r.status) for r in rader] == [
        ("a", "oforandrad"),
        ("c", "tillagd"),
        ("b", "borttagen"),
    ]
    assert rader[1].ny_text == "1. P."


def test_compare_shows_a_header_change(client, per, karin, tu):
    """GIVEN the handläggare's telefon changed in the organisation and pulled into the
    document with "Hämta aktuella uppgifter"
    WHEN the two versions are compared
    THEN the comparison shows the header field that changed, not an empty difference."""
    from remiss.services.tjansteutlatande_huvud import tjansteutlatande_hamta_uppgifter

    karin.telefon = "08-123 456 78"
    karin.save()
    tu.refresh_from_db()
    tjansteutlatande_hamta_uppgifter(user=karin, tu=tu, bas_version=tu.version)
    ny, gammal = list(tu.history.order_by("-history_date"))[:2]
    client.force_login(per)

    response = client.get(
        reverse("remiss:historik", args=[tu.remiss_id]),
        {"fran": gammal.history_id, "till": ny.history_id},
    )

    andrade = [rad for rad in response.context["rader"] if rad.andrad]
    assert [(rad.rubrik, rad.ny_text) for rad in andrade] == [("Telefon", "08-123 456 78")]
    assert "Telefon (ändrat)" in response.content.decode()
