"""Editing while the tjänsteutlåtande is sent for attest or attested: every page asks first.

Any change then voids the attestations, so each page that changes the document shows the
warning and the confirmation checkbox already when it opens, before the first save; that
includes removing a bilaga or a beredningssteg and writing the beredning text anew, which get
a page of their own in attest. A POST without the tick changes nothing.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from remiss.forms_tjansteutlatande import BEKRAFTA_TEXT
from remiss.models import Beredningssteg, Beredningstyp, Bilaga, Remiss, Tjansteutlatande
from remiss.services.attestering import attest_godkann, attest_skicka
from remiss.services.bilagor import bilaga_ladda_upp
from remiss.workflow import Status
from tests.conftest import fyll_i
from tests.remiss.beredning_verktyg import steg_lagg_till

pytestmark = pytest.mark.django_db

# Every upload must parse as a PDF (nameden.filkontroll): a catalog, its page tree, a page.
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
VARNING = "Ändrar du något upphävs attesten och utlåtandet måste attesteras igen."


def _pdf(namn="underlag.pdf"):
    return SimpleUploadedFile(namn, PDF, content_type="application/pdf")


@pytest.fixture
def innehall(tu, karin):
    """A complete draft with one beredningssteg and one bilaga."""
    tu = fyll_i(tu, karin)
    steg_lagg_till(tu, karin, Beredningstyp.FORVALTNINGSGRUPP, dt.date(2024, 4, 17))
    bilaga_ladda_upp(
        user=karin, tu=Tjansteutlatande.objects.get(pk=tu.pk), fil=_pdf(), titel="Program"
    )
    return Tjansteutlatande.objects.get(pk=tu.pk)


@pytest.fixture(params=[Status.FOR_ATTEST, Status.ATTESTERAD])
def i_attest(request, innehall, karin, lisa, veronica):
    """The document sent for attest, or attested by both."""
    attest_skicka(user=karin, tu=innehall)
    if request.param == Status.ATTESTERAD:
        attest_godkann(user=lisa, tu=Tjansteutlatande.objects.get(pk=innehall.pk))
        attest_godkann(user=veronica, tu=Tjansteutlatande.objects.get(pk=innehall.pk))
    tu = Tjansteutlatande.objects.select_related("remiss").get(pk=innehall.pk)
    assert tu.remiss.status == request.param
    return tu


def _sidor(tu) -> dict[str, tuple[str, dict]]:
    """Every page that changes the document: its URL and a POST that would change it."""
    pk = tu.remiss_id
    steg = Beredningssteg.objects.get(tjansteutlatande=tu)
    bilaga = Bilaga.objects.get(tjansteutlatande=tu)
    return {
        "uppgifter": (reverse("remiss:tu_huvud", args=[pk]), {"rubrik": "Ny rubrik"}),
        "avsnitt": (
            reverse("remiss:tu_avsnitt", args=[pk, "sammanfattning"]),
            {"bas_version": tu.version, "text": "Ny sammanfattning."},
        ),
        "nytt beredningssteg": (
            reverse("remiss:beredning", args=[pk]),
            {"typ": "pensionarsrad", "datum": "2024-04-19", "utfall": "behandlat"},
        ),
        "ändra beredningssteg": (
            reverse("remiss:beredning_steg", args=[pk, steg.pk]),
            {"typ": "pensionarsrad", "datum": "2024-04-19", "utfall": "behandlat"},
        ),
        "ta bort beredningssteg": (reverse("remiss:beredning_ta_bort", args=[pk, steg.pk]), {}),
        "skriv om beredningstexten": (reverse("remiss:beredning_generera", args=[pk]), {}),
        "ny bilaga": (reverse("remiss:bilagor", args=[pk]), {"titel": "Till", "fil": "PDF"}),
        "ta bort bilaga": (reverse("remiss:bilaga_ta_bort", args=[pk, bilaga.pk]), {}),
    }


SIDOR = [
    "uppgifter",
    "avsnitt",
    "nytt beredningssteg",
    "ändra beredningssteg",
    "ta bort beredningssteg",
    "skriv om beredningstexten",
    "ny bilaga",
    "ta bort bilaga",
]


def _som_sidan_skickar(client, url) -> dict:
    """The form's fields as the page fills them in, so a POST changes only what a test says."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == "bekraftat" or value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def _post(client, url, data, **extra):
    data = {**_som_sidan_skickar(client, url), **data, **extra}
    if data.get("fil") == "PDF":
        data["fil"] = _pdf("till.pdf")
    return client.post(url, data)


def _ogonblick(tu) -> tuple:
    """What an edit would change: the document, its steps and bilagor, and the status."""
    tu = Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)
    return (
        tu.version,
        tu.rubrik,
        tu.avsnitt,
        list(tu.beredningssteg.values_list("typ", "datum", "utfall")),
        list(tu.bilagor.values_list("ordning", "titel")),
        tu.remiss.status,
    )


@pytest.mark.parametrize("sida", SIDOR)
def test_every_edit_page_warns_and_asks_before_the_first_save(client, karin, i_attest, sida):
    """GIVEN a TU sent for attest or attested WHEN Karin opens an edit page THEN the warning
    and the unticked confirmation checkbox are on it before she has saved anything."""
    client.force_login(karin)
    url, _ = _sidor(i_attest)[sida]

    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert VARNING in html
    assert BEKRAFTA_TEXT in html
    assert 'type="checkbox" name="bekraftat"' in html
    checkbox = html[html.index('name="bekraftat"') :]
    assert "checked" not in checkbox[: checkbox.index(">")]


@pytest.mark.parametrize("sida", SIDOR)
def test_a_save_without_the_tick_changes_nothing(client, karin, i_attest, sida):
    """GIVEN a TU in attest WHEN Karin saves on an edit page without ticking the box THEN 400
    with the request to confirm at the checkbox, and the document, its attest and its status
    are as before."""
    client.force_login(karin)
    url, data = _sidor(i_attest)[sida]
    fore = _ogonblick(i_attest)

    response = _post(client, url, data)

    assert response.status_code == 400
    assert "Bekräfta att du vill göra ändringen." in response.content.decode()
    assert _ogonblick(i_attest) == fore


@pytest.mark.parametrize("sida", SIDOR)
def test_with_the_tick_the_change_is_made_and_the_attest_voided(client, karin, i_attest, sida):
    """GIVEN a TU in attest WHEN Karin saves with the box ticked THEN the change is made and
    the remiss is back under beredning."""
    client.force_login(karin)
    url, data = _sidor(i_attest)[sida]
    fore = _ogonblick(i_attest)

    response = _post(client, url, data, bekraftat="on")

    assert response.status_code == 302
    assert Remiss.objects.get(pk=i_attest.remiss_id).status == Status.UNDER_BEREDNING
    assert _ogonblick(i_attest)[:5] != fore[:5]


def test_lists_link_removal_to_the_page_that_asks(client, karin, i_attest):
    """GIVEN a TU in attest WHEN Karin opens the lists of steps and bilagor THEN "Ta bort" is a
    link to the asking page, and no form carries a hidden confirmation."""
    client.force_login(karin)
    sidor = _sidor(i_attest)

    steg = client.get(reverse("remiss:beredning", args=[i_attest.remiss_id])).content.decode()
    bilagor = client.get(reverse("remiss:bilagor", args=[i_attest.remiss_id])).content.decode()

    assert f'<a href="{sidor["ta bort beredningssteg"][0]}">Ta bort' in steg
    assert f'<a href="{sidor["ta bort bilaga"][0]}">Ta bort' in bilagor
    for html in (steg, bilagor):
        assert 'type="hidden" name="bekraftat"' not in html


def test_outside_attest_removal_needs_no_tick(client, karin, innehall):
    """GIVEN a draft WHEN Karin removes its bilaga from the list THEN it is removed at once, as
    before (the list's button posts straight to the page)."""
    client.force_login(karin)
    bilaga = Bilaga.objects.get(tjansteutlatande=innehall)

    response = client.post(reverse("remiss:bilaga_ta_bort", args=[innehall.remiss_id, bilaga.pk]))

    assert response.status_code == 302
    assert not Bilaga.objects.exists()
