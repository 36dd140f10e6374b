"""A förvaltning's diarienummer format: checked when saved in the admin, filled in safely.

The pattern language is `nameden.diarienummer`: {kortnamn}, {klass}, {ar}, {ar2}, {lopnummer}
and {lopnummer:N}, with letters, digits, space, - / and . as literal text.
"""

import re

import pytest
from django.core.exceptions import ValidationError

from nameden import diarienummer
from nameden.models import Forvaltning
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def _inline(prefix: str) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _lagg_till(admin_client, format_: str, *, kortnamn: str = "KUF"):
    return admin_client.post(
        "/admin/nameden/forvaltning/add/",
        {
            "namn": "Kulturförvaltningen",
            "kortnamn": kortnamn,
            "diarienummer_format": format_,
            "chef": "",
            **_inline("avdelningar"),
            **_inline("klassificeringar"),
        },
    )


@pytest.mark.parametrize(
    ("format_", "fel"),
    [
        ("{kortnamn.__class__} {ar}/{lopnummer}", "”{kortnamn.__class__}” är ingen platshållare"),
        ("{0} {kortnamn} {ar}/{lopnummer}", "”{0}” är ingen platshållare"),
        ("{kortnamn} {ar}/{lopnummer:>999999}", "”{lopnummer:>999999}” är ingen platshållare"),
        ("{kortnamn!r} {ar}/{lopnummer}", "”{kortnamn!r}” är ingen platshållare"),
        ("{kortnamn} {ar}/{nummer}", "Okänd platshållare {nummer}"),
        ("{kortnamn} {ar}/{lopnummer", "klammer utan sin motsvarighet"),
        ("{{{kortnamn}}} {ar}/{lopnummer}", "klammer utan sin motsvarighet"),
        ("{kortnamn} {ar}", "Formatet måste innehålla löpnumret, {lopnummer}"),
        ("{kortnamn}/{lopnummer}", "Formatet måste innehålla året, {ar} eller {ar2}"),
        ("{kortnamn} {ar:2}/{lopnummer}", "Bara löpnumret kan få en bredd"),
        ("{kortnamn} {ar}/{lopnummer:1}", "Löpnumrets bredd kan vara 2 till 9 siffror"),
        ("{kortnamn} {ar}/{lopnummer:12}", "Löpnumrets bredd kan vara 2 till 9 siffror"),
        ("{kortnamn} {ar}/{lopnummer:123}", "”{lopnummer:123}” är ingen platshållare"),
        ("{kortnamn} {ar}/{klass}{lopnummer}", "Skilj {klass} och löpnumret åt"),
        ("{klass}0{lopnummer:4}/{ar}", "Skilj {klass} och löpnumret åt"),
        ("{kortnamn} {ar}#{lopnummer}", "Tecknet ”#” kan inte stå i ett diarienummer"),
        ("{kortnamn}_{ar}/{lopnummer}", "Tecknet ”_” kan inte stå i ett diarienummer"),
        ("{kortnamn}  {ar}/{lopnummer}", "två mellanslag i rad"),
        ("", "Detta fält måste fyllas i"),
        (
            "Kulturförvaltningens diarium {kortnamn} {ar}/{lopnummer}",
            "blir diarienumret 55 tecken långt, men högst 40",
        ),
        ("{kortnamn}-{ar}/{lopnummer}.{klass}.{klass}", "blir diarienumret 52 tecken långt"),
        ("{kortnamn}\x01{ar}/{lopnummer}", "U+0001"),
    ],
)
def test_admin_shows_a_bad_format_on_the_field(admin_client, format_, fel):
    """GIVEN the admin's new förvaltning form WHEN the format reads attributes, has an index,
    a conversion, a width that is not a löpnummer's or out of range, an unknown name, a
    brace, lacks the löpnummer or the year that keep numbers unique, runs {klass} into the
    löpnummer, holds a character no diarienummer has or a control, or cannot fit 40
    characters THEN the error is on the field, and nothing is saved."""
    response = _lagg_till(admin_client, format_)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert fel in " ".join(errors["diarienummer_format"])
    assert not Forvaltning.objects.filter(kortnamn="KUF").exists()


def test_admin_refuses_a_kortnamn_that_cannot_stand_in_the_number(admin_client):
    """GIVEN a format with {kortnamn} WHEN the kortnamn holds a # THEN the kortnamn field says
    why, since the kortnamn is written into every number."""
    response = _lagg_till(admin_client, "{kortnamn} {ar}/{lopnummer}", kortnamn="KU#F")

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Kortnamnet skrivs in i diarienumret" in errors["kortnamn"][0]


@pytest.mark.parametrize(
    ("format_", "kortnamn", "klass", "ar", "lopnummer", "nummer"),
    [
        ("{kortnamn} {ar}/{lopnummer}", "KUF", "", 2024, 7, "KUF 2024/7"),
        ("{kortnamn}-{ar}/{lopnummer}.{klass}", "KS", "912", 2014, 742, "KS-2014/742.912"),
        ("{kortnamn} {ar2}/{lopnummer:4}", "SN", "", 2018, 98, "SN 18/0098"),
        ("{klass}-{lopnummer:4}/{ar}", "KUF", "1.6", 2024, 463, "1.6-0463/2024"),
        ("T{ar}-{klass}-{lopnummer:5}", "KUF", "050", 2012, 5828, "T2012-050-05828"),
        ("{kortnamn} {ar2}/{lopnummer}", "KUF", "", 2005, 3, "KUF 05/3"),
        ("{kortnamn} {lopnummer4}/{ar}", "KUF", "", 2024, 7, "KUF 0007/2024"),
        ("{kortnamn} {ar}/{lopnummer:4}", "KUF", "", 2024, 123456, "KUF 2024/123456"),
    ],
    ids=["standard", "ks", "sn", "stockholm", "prefix", "ar2-nolla", "lopnummer4", "bredare"],
)
def test_admin_saves_a_good_format_and_it_writes_the_number(
    admin_client, format_, kortnamn, klass, ar, lopnummer, nummer
):
    """GIVEN the admin's new förvaltning form WHEN the format is one of the real forms (or the
    one from before widths, {lopnummer4}) THEN it is saved and writes the expected number; a
    löpnummer wider than its padding is written in full."""
    response = _lagg_till(admin_client, format_, kortnamn=kortnamn)

    assert response.status_code == 302
    forvaltning = Forvaltning.objects.get(kortnamn=kortnamn)
    assert forvaltning.format_diarienummer(ar=ar, lopnummer=lopnummer, klass=klass) == nummer
    assert forvaltning.anvander_klass == ("{klass}" in format_)


def test_the_default_format_writes_todays_numbers(sof):
    """GIVEN a förvaltning with the format it was created with WHEN a number is made THEN it
    is exactly the number the system always made: existing series keep their form."""
    assert sof.diarienummer_format == "{kortnamn} {ar}/{lopnummer}"
    assert sof.format_diarienummer(ar=2024, lopnummer=112) == "SOF 2024/112"
    assert sof.anvander_klass is False


def test_formatting_a_format_saved_before_the_check_raises_validation_error(sof):
    """GIVEN a format saved without the admin's check WHEN a number is made from it THEN a
    ValidationError says so in Swedish (never KeyError or IndexError)."""
    sof.diarienummer_format = "{kortnamn} {ar}/{okand}"

    with pytest.raises(ValidationError, match=re.escape("Okänd platshållare {okand}")):
        sof.format_diarienummer(ar=2024, lopnummer=1)


@pytest.mark.parametrize(
    ("format_", "fel"),
    [
        ("{kortnamn} {ar}", "måste innehålla löpnumret"),
        ("{kortnamn}/{lopnummer}", "måste innehålla året"),
        ("{ar}/{klass}{lopnummer}", "Skilj {klass} och löpnumret åt"),
    ],
)
def test_a_format_that_would_repeat_numbers_is_refused_when_used_too(sof, format_, fel):
    """GIVEN a format saved without the admin's check that lacks the löpnummer or the year, or
    runs {klass} into the löpnummer WHEN a number is made THEN ValidationError: the rules that
    keep numbers unique hold at registration as well, not only in the admin."""
    sof.diarienummer_format = format_

    with pytest.raises(ValidationError, match=re.escape(fel)):
        sof.format_diarienummer(ar=2024, lopnummer=1, klass="1")


def test_a_format_with_klass_needs_a_klass_to_write_a_number(sof):
    """GIVEN a format with {klass} WHEN a number is made without a klass THEN ValidationError,
    not a number with a hole in it."""
    sof.diarienummer_format = "{klass}-{lopnummer:4}/{ar}"

    with pytest.raises(ValidationError, match="ingen är vald"):
        sof.format_diarienummer(ar=2024, lopnummer=1)


@pytest.mark.parametrize(
    "format_", ["{kortnamn} {ar}/{lopnummer}", "{lopnummer}/{ar2}", "T{ar}{lopnummer:5}"]
)
def test_tolka_never_uses_str_format(format_):
    """GIVEN formats that str.format would also accept WHEN parsed THEN the pieces are literal
    text and known placeholders only (the language is parsed, not evaluated)."""
    delar = diarienummer.tolka(format_)

    assert {del_.namn for del_ in delar} - {None} <= set(diarienummer.PLATSHALLARE)
    assert "".join(del_.text for del_ in delar) == re.sub(r"\{[^}]*\}", "", format_)
