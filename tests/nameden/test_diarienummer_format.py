"""A förvaltning's diarienummer format: checked when saved in the admin, filled in safely."""

import re

import pytest
from django.core.exceptions import ValidationError

from nameden.models import Forvaltning
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def _lagg_till(admin_client, format_: str):
    return admin_client.post(
        "/admin/nameden/forvaltning/add/",
        {
            "namn": "Kulturförvaltningen",
            "kortnamn": "KUF",
            "diarienummer_format": format_,
            "chef": "",
            "avdelningar-TOTAL_FORMS": "0",
            "avdelningar-INITIAL_FORMS": "0",
            "avdelningar-MIN_NUM_FORMS": "0",
            "avdelningar-MAX_NUM_FORMS": "1000",
        },
    )


@pytest.mark.parametrize(
    ("format_", "fel"),
    [
        ("{kortnamn.__class__} {ar}/{lopnummer}", "”{kortnamn.__class__}” är ingen platshållare"),
        ("{0} {kortnamn} {ar}/{lopnummer}", "”{0}” är ingen platshållare"),
        ("{kortnamn} {ar}/{lopnummer:>999999}", "Skriv platshållaren som {lopnummer}"),
        ("{kortnamn!r} {ar}/{lopnummer}", "Skriv platshållaren som {kortnamn}"),
        ("{kortnamn} {ar}/{nummer}", "Okänd platshållare {nummer}"),
        ("{kortnamn} {ar}/{lopnummer", "klammer utan sin motsvarighet"),
        ("{kortnamn} {ar}", "Mallen måste innehålla {lopnummer} eller {lopnummer4}"),
        ("{kortnamn}/{lopnummer}", "Mallen måste innehålla {ar}"),
        (
            "Kulturförvaltningens diarium {kortnamn} {ar}/{lopnummer}",
            "blir texten 55 tecken lång, men högst 40",
        ),
        ("{kortnamn}\x01{ar}/{lopnummer}", "U+0001"),
    ],
)
def test_admin_shows_a_bad_format_on_the_field(admin_client, format_, fel):
    """GIVEN the admin's new förvaltning form WHEN the format reads attributes, has an index,
    a format spec or conversion, an unknown name, a lone brace, lacks a part that keeps
    numbers unique, cannot fit 40 characters or holds a control THEN the error is on the
    field, and nothing is saved."""
    response = _lagg_till(admin_client, format_)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert fel in " ".join(errors["diarienummer_format"])
    assert not Forvaltning.objects.filter(kortnamn="KUF").exists()


def test_admin_saves_a_good_format(admin_client):
    """GIVEN the admin's new förvaltning form WHEN the format uses known placeholders and an
    escaped brace THEN it is saved and makes the expected number."""
    response = _lagg_till(admin_client, "{{{kortnamn}}} {lopnummer4}/{ar}")

    assert response.status_code == 302
    forvaltning = Forvaltning.objects.get(kortnamn="KUF")
    assert forvaltning.format_diarienummer(ar=2024, lopnummer=7) == "{KUF} 0007/2024"


def test_formatting_a_format_saved_before_the_check_raises_validation_error(sof):
    """GIVEN a format saved without the admin's check WHEN a number is made from it THEN a
    ValidationError says so in Swedish (never KeyError or IndexError)."""
    sof.diarienummer_format = "{kortnamn} {ar}/{okand}"

    with pytest.raises(ValidationError, match=re.escape("Okänd platshållare {okand}")):
        sof.format_diarienummer(ar=2024, lopnummer=1)
