"""A dokumentmall's underrubrik template and texts: checked in the admin, filled in safely."""

import re

import pytest
from django.core.exceptions import ValidationError

from remiss.models import Dokumentmall
from tests.factories import UserFactory, stockholm_mall

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def _lagg_till(admin_client, *, underrubrik_mall: str, avsnitt_rubrik: str = "Bakgrund"):
    return admin_client.post(
        "/admin/remiss/dokumentmall/add/",
        {
            "namn": "Upplands-Bro – tjänsteskrivelse",
            "dokumenttyp": "Tjänsteskrivelse",
            "underrubrik_mall": underrubrik_mall,
            "forvaltning": "",
            "aktiv": "on",
            "undertecknare_placering": "efter_avsnitten",
            "bilagor_placering": "efter_undertecknare",
            "attestkedja_0": "avdelningschef",
            "attestkedja_1": "",
            "attestkedja_2": "",
            "huvudfalt-TOTAL_FORMS": "0",
            "huvudfalt-INITIAL_FORMS": "0",
            "huvudfalt-MIN_NUM_FORMS": "0",
            "huvudfalt-MAX_NUM_FORMS": "1000",
            "avsnitt-TOTAL_FORMS": "1",
            "avsnitt-INITIAL_FORMS": "0",
            "avsnitt-MIN_NUM_FORMS": "0",
            "avsnitt-MAX_NUM_FORMS": "1000",
            "avsnitt-0-ordning": "1",
            "avsnitt-0-nyckel": "bakgrund",
            "avsnitt-0-rubrik": avsnitt_rubrik,
            "avsnitt-0-typ": "text",
            "avsnitt-0-obligatorisk": "on",
            "avsnitt-0-hjalptext": "",
            "avsnitt-0-standardtext": "",
        },
    )


@pytest.mark.parametrize(
    ("mall", "fel"),
    [
        ("Svar till {avsandare.__class__}", "”{avsandare.__class__}” är ingen platshållare"),
        ("Svar till {0}", "”{0}” är ingen platshållare"),
        ("Svar till {avsandare:>999999}", "Skriv platshållaren som {avsandare}"),
        ("Svar till {namnd}", "Okänd platshållare {namnd}. Möjliga: {avsandare}"),
        ("Svar till {avsandare", "klammer utan sin motsvarighet"),
        ("{avsandare} och {avsandare}", "blir texten 405 tecken lång, men högst 300"),
        ("Svar \U0001f600 {avsandare}", "U+1F600"),
    ],
)
def test_admin_shows_a_bad_underrubrik_template_on_the_field(admin_client, mall, fel):
    """GIVEN the admin's new mall form WHEN the underrubrik template reads attributes, has an
    index, a format spec, an unknown name, a lone brace, cannot fit 300 characters with the
    longest avsändare, or holds a character the font lacks THEN the error is on the field and
    the mall is not saved."""
    response = _lagg_till(admin_client, underrubrik_mall=mall)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert fel in " ".join(errors["underrubrik_mall"])
    assert not Dokumentmall.objects.filter(dokumenttyp="Tjänsteskrivelse").exists()


def test_admin_refuses_a_section_heading_the_font_cannot_print(admin_client):
    """GIVEN the admin's new mall form WHEN a section's rubrik holds an emoji THEN the
    section's row says so and nothing is saved."""
    response = _lagg_till(
        admin_client,
        underrubrik_mall="Svar på remiss från {avsandare}",
        avsnitt_rubrik="Barnperspektiv \U0001f476",
    )

    assert response.status_code == 200
    (avsnitt,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "avsnitt"
    ]
    inline_errors = avsnitt.errors
    assert "U+1F476" in " ".join(inline_errors[0]["rubrik"])
    assert not Dokumentmall.objects.filter(dokumenttyp="Tjänsteskrivelse").exists()


def test_admin_saves_a_good_template(admin_client):
    """GIVEN the admin's new mall form WHEN the template uses both known placeholders THEN
    the mall is saved."""
    response = _lagg_till(
        admin_client,
        underrubrik_mall="Er beteckning {avsandarens_diarienummer} ({avsandare})",
    )

    assert response.status_code == 302
    mall = Dokumentmall.objects.get(dokumenttyp="Tjänsteskrivelse")
    assert mall.formatera_underrubrik(avsandare="KS", avsandarens_diarienummer="KS 1/2") == (
        "Er beteckning KS 1/2 (KS)"
    )


def test_formatting_a_template_saved_before_the_check_raises_validation_error(db):
    """GIVEN a template saved without the admin's check WHEN an underrubrik is made from it
    THEN a ValidationError on "mall" says so in Swedish (never IndexError)."""
    mall = stockholm_mall()
    mall.underrubrik_mall = "Svar på {0}"

    with pytest.raises(ValidationError, match=re.escape("”{0}” är ingen platshållare")):
        mall.formatera_underrubrik(avsandare="KS", avsandarens_diarienummer="KS 2024/1")
