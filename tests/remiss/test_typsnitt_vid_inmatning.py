"""Characters the PDF's font cannot draw are refused when typed, not at the last attestation.

Every field whose text reaches the tjänsteutlåtande is covered: its sections, beslutspunkter,
head, bilaga titles, beredning counterparts, and the remiss's own rubrik, avsändare and
diarienummer (they become the document's rubrik and underrubrik).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from remiss.forms_tjansteutlatande import HuvudForm
from remiss.models import Beredningssteg, Bilaga, Remiss, Tjansteutlatande
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.remiss.registrering_verktyg import registrering_post

pytestmark = pytest.mark.django_db

EMOJI = "Bra \U0001f600"
KOD = "”😀” (U+1F600)"
# Every upload must parse as a PDF (nameden.filkontroll): a catalog, its page tree, a page.
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


def _fel(response, falt: str) -> str:
    return " ".join(response.context["form"].errors[falt])


def test_a_section_and_the_service_refuse_an_emoji_alike(client, karin, tu):
    """GIVEN Karin writes Bakgrund WHEN the text holds an emoji THEN the page answers 400
    listing it with its code, the service raises the very same message, and the document is
    unchanged."""
    client.force_login(karin)
    version = tu.version

    response = client.post(
        reverse("remiss:tu_avsnitt", args=[tu.remiss_id, "bakgrund"]),
        {"bas_version": version, "text": f"Första stycket.\n\n{EMOJI}"},
    )
    with pytest.raises(ValidationError) as exc:
        tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel="bakgrund", text=EMOJI, bas_version=version
        )

    assert response.status_code == 400
    assert KOD in _fel(response, "text")
    assert "”Bakgrund” innehåller tecken som inte finns i dokumentets typsnitt" in _fel(
        response, "text"
    )
    assert exc.value.message_dict["text"] == response.context["form"].errors["text"]
    assert Tjansteutlatande.objects.get().version == version


def test_a_beslutspunkt_with_an_emoji_is_refused(client, karin, tu):
    """GIVEN the beslutspunkter WHEN the first holds an emoji THEN the page answers 400
    naming point 1."""
    client.force_login(karin)

    response = client.post(
        reverse("remiss:tu_avsnitt", args=[tu.remiss_id, "forslag_till_beslut"]),
        {"bas_version": tu.version, "punkt": [EMOJI]},
    )

    assert response.status_code == 400
    assert "punkt 1" in _fel(response, "punkt")
    assert KOD in _fel(response, "punkt")


def test_the_head_refuses_an_emoji_in_the_rubrik(client, karin, tu):
    """GIVEN the document's head as it is WHEN the rubrik gets an emoji THEN the page answers
    400 on the rubrik and the document keeps its rubrik."""
    client.force_login(karin)
    data = {
        k: ("" if v is None else v.isoformat() if isinstance(v, dt.date) else v)
        for k, v in HuvudForm.initial_for(tu).items()
    }
    data["rubrik"] = EMOJI

    response = client.post(reverse("remiss:tu_huvud", args=[tu.remiss_id]), data)

    assert response.status_code == 400
    assert KOD in _fel(response, "rubrik")
    tu.refresh_from_db()
    assert tu.rubrik == "Remiss av Kommunikationsprogram för Stockholms stad"


def test_a_bilaga_title_with_an_emoji_is_refused(client, karin, tu):
    """GIVEN Karin uploads a bilaga WHEN its title holds an emoji THEN the page answers 400
    on the title and nothing is stored."""
    client.force_login(karin)

    response = client.post(
        reverse("remiss:bilagor", args=[tu.remiss_id]),
        {"titel": EMOJI, "fil": SimpleUploadedFile("a.pdf", PDF, "application/pdf")},
    )

    assert response.status_code == 400
    assert KOD in _fel(response, "titel")
    assert not Bilaga.objects.exists()


def test_a_beredning_counterpart_with_an_emoji_is_refused(client, karin, tu):
    """GIVEN Karin records a samråd WHEN "Vem" holds an emoji THEN the page answers 400 on it
    and no step is stored."""
    client.force_login(karin)

    response = client.post(
        reverse("remiss:beredning", args=[tu.remiss_id]),
        {"typ": "samrad", "motpart": EMOJI, "datum": "", "utfall": "behandlat"},
    )

    assert response.status_code == 400
    assert KOD in _fel(response, "motpart")
    assert not Beredningssteg.objects.exists()


@pytest.mark.parametrize("falt", ["avsandare", "rubrik"])
def test_registration_refuses_text_the_document_cannot_print(
    client, maria, karin, socialnamnden, falt
):
    """GIVEN Maria registers WHEN the avsändare or rubrik holds an emoji (both are printed in
    the tjänsteutlåtande) THEN the page answers 400 on that field and nothing is stored."""
    client.force_login(maria)
    data = registrering_post(
        karin, socialnamnden, avsandarens_diarienummer="KS 2024/902", rubrik="Remiss"
    )
    data[falt] = EMOJI

    response = client.post(reverse("remiss:registrera"), data)

    assert response.status_code == 400
    assert KOD in _fel(response, falt)
    assert not Remiss.objects.exists()


def test_a_comment_not_printed_may_hold_an_emoji(client, maria, remiss):
    """GIVEN Maria writes off a remiss WHEN her comment holds an emoji THEN it is accepted:
    the comment is never printed in the document."""
    client.force_login(maria)

    response = client.post(reverse("remiss:avskriva", args=[remiss.pk]), {"kommentar": EMOJI})

    assert response.status_code == 302
    remiss.refresh_from_db()
    assert remiss.status == "avskriven"
