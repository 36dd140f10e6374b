"""No input gives a 500: each input that did, answered in Swedish instead, with nothing written.

Found by posting hostile input (NUL and other controls, huge ids, dates, format strings) to
every form, filter and admin page on PostgreSQL and SQLite. Each test names the input and
what it used to raise. Both databases run every test; the comment says where it broke.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from nameden.middleware import MEDDELANDE
from remiss.models import Remiss, Tjansteutlatande
from tests.factories import UserFactory, stockholm_mall
from tests.remiss.registrering_verktyg import registrering_post

pytestmark = pytest.mark.django_db


def _registrering(socialnamnden, karin, **andra) -> dict:
    return registrering_post(
        karin,
        socialnamnden,
        avsandarens_diarienummer="KS 2024/555",
        rubrik="Remiss av äldreplan",
        **andra,
    )


def _fel(response) -> str:
    """Every error message on the page's form, as one string."""
    form = response.context["form"]
    return " ".join(str(m) for messages in form.errors.values() for m in messages)


def test_nul_in_a_beslutspunkt_is_refused_on_the_field(client, karin, tu):
    """GIVEN Karin's beslutspunkter WHEN she posts a point containing NUL (PostgreSQL used to
    raise DataError storing it in JSON: 500) THEN the page answers 400 naming the point and
    U+0000, and the document is unchanged."""
    client.force_login(karin)
    version = tu.version

    response = client.post(
        reverse("remiss:tu_avsnitt", args=[tu.remiss_id, "forslag_till_beslut"]),
        {"bas_version": version, "punkt": ["Nämnden godkänner.", "Nämnden\x00 justerar."]},
    )

    assert response.status_code == 400
    fel = _fel(response)
    assert "Förvaltningens förslag till beslut, punkt 2" in fel
    assert "U+0000" in fel
    tu.refresh_from_db()
    assert tu.version == version


@pytest.mark.parametrize(
    "format_",
    ["{0}", "{x}", "{", "{kortnamn.__class__} {ar}/{lopnummer}"],
    ids=["positional", "unknown", "lone-brace", "attribute"],
)
def test_a_bad_diarienummer_format_stops_registration_in_swedish(
    client, maria, karin, socialnamnden, sof, format_
):
    """GIVEN a diarienummer format saved before formats were checked (IndexError, KeyError,
    ValueError: 500; the attribute one wrote "<class 'str'>" into the number) WHEN Maria
    registers THEN she gets a 400 saying the format cannot be used, and nothing is stored."""
    sof.diarienummer_format = format_
    sof.save()
    client.force_login(maria)

    response = client.post(reverse("remiss:registrera"), _registrering(socialnamnden, karin))

    assert response.status_code == 400
    assert "Formatet för diarienummer på Socialförvaltningen går inte att använda" in _fel(response)
    assert not Remiss.objects.exists()


@pytest.mark.parametrize(
    "underrubrik_mall",
    ["Svar på {0}", "Svar på {x}", "Svar på {avsandare", "Svar på {avsandare:>400}"],
    ids=["positional", "unknown", "lone-brace", "too-long"],
)
def test_a_bad_underrubrik_mall_stops_paborja_in_swedish(client, karin, remiss, underrubrik_mall):
    """GIVEN the mall's underrubrik template saved before templates were checked (IndexError,
    KeyError, ValueError: 500; a 400-wide format spec overflowed varchar(300) on PostgreSQL)
    WHEN Karin starts the beredning THEN a 400 names the mall, and no document is made."""
    mall = stockholm_mall()
    mall.underrubrik_mall = underrubrik_mall
    mall.save()
    client.force_login(karin)

    response = client.post(reverse("remiss:paborja", args=[remiss.pk]), {"mall": mall.pk})

    assert response.status_code == 400
    assert f"Mallen ”{mall.namn}” har en underrubrik som inte går att använda" in _fel(response)
    assert not Tjansteutlatande.objects.exists()
    remiss.refresh_from_db()
    assert remiss.status == "registrerad"


def test_a_huge_namnd_id_is_not_a_choice(client, maria, karin, socialnamnden):
    """GIVEN the registration form WHEN a nämnd id past 2⁶³ is posted (SQLite raised
    OverflowError: 500) THEN the field says to choose from the list, and nothing is stored."""
    client.force_login(maria)

    response = client.post(
        reverse("remiss:registrera"),
        _registrering(socialnamnden, karin, namnder=["9" * 30]),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["namnder"] == ["Välj nämnder i listan."]
    assert not Remiss.objects.exists()


def test_a_huge_version_id_to_compare_is_a_swedish_400(client, karin, tu):
    """GIVEN the history page WHEN ?fran=&till= carry ids past 2⁶³ (SQLite raised
    OverflowError: 500) THEN it answers 400 asking for two versions."""
    client.force_login(karin)

    response = client.get(
        reverse("remiss:historik", args=[tu.remiss_id]), {"fran": "9" * 30, "till": "9" * 30}
    )

    assert response.status_code == 400
    assert "Välj två versioner att jämföra" in response.content.decode()


def test_nul_in_an_admin_list_filter_is_a_swedish_400(client, remiss):
    """GIVEN the admin's list of remisser WHEN ?status=%00 is asked for (PostgreSQL raised
    DataError: 500) THEN the answer is 400 with a Swedish explanation."""
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get("/admin/remiss/remiss/", {"status": "\x00"})

    if connection.vendor == "postgresql":
        assert response.status_code == 400
        assert MEDDELANDE in response.content.decode()
    else:  # SQLite stores NUL, so it only finds no remiss with that status
        assert response.status_code == 200


def test_nul_in_the_list_search_is_a_form_error(client, karin, remiss):
    """GIVEN the list of remisser WHEN ?q= carries NUL (the search reached the database on
    PostgreSQL as a DataError before forms refused it) THEN the search field says what is
    wrong in Swedish."""
    client.force_login(karin)

    response = client.get(reverse("remiss:lista"), {"q": "äldre\x00plan"})

    assert response.status_code in (200, 400)
    assert "”Sök” innehåller ett osynligt tecken som inte får sparas: U+0000 på plats 6" in (
        " ".join(response.context["form"].errors["q"])
    )


def test_year_one_is_refused_with_a_swedish_message(client, maria, karin, socialnamnden):
    """GIVEN the registration form WHEN svarsdatum is 0001-01-01 and inkom 9999-12-31 (date
    arithmetic past year 9999 overflows) THEN both fields say which years are possible."""
    client.force_login(maria)

    response = client.post(
        reverse("remiss:registrera"),
        _registrering(socialnamnden, karin, inkom_datum="9999-12-31", svarsdatum="0001-01-01"),
    )

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["inkom_datum"] == ["Ange ett datum mellan år 1900 och 2100."]
    assert errors["svarsdatum"] == ["Ange ett datum mellan år 1900 och 2100."]
    assert not Remiss.objects.exists()


def test_nul_through_the_services_is_a_validation_error(tu, karin):
    """GIVEN a caller without a form (a management command) WHEN it saves a section with NUL
    (PostgreSQL raised DataError: 500 in a page, a crash in a command) THEN the service raises
    a ValidationError on the field, and nothing is written."""
    from django.core.exceptions import ValidationError

    from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt

    with pytest.raises(ValidationError) as exc:
        tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel="bakgrund", text="Ett\x00två", bas_version=tu.version
        )

    assert "U+0000" in exc.value.message_dict["text"][0]
    assert Tjansteutlatande.objects.get().version == tu.version


def test_registration_dates_are_checked_by_the_service_too(maria, karin, socialnamnden):
    """GIVEN a caller without a form WHEN it registers with svarsdatum in the year 9999
    THEN the service refuses it with the form's message."""
    from django.core.exceptions import ValidationError

    from remiss.services.registrering import remiss_registrera

    with pytest.raises(ValidationError) as exc:
        remiss_registrera(
            user=maria,
            avsandare="Kommunstyrelsen",
            avsandarens_diarienummer="KS 2024/556",
            rubrik="Remiss",
            inkom_datum=dt.date(2024, 3, 1),
            svarsdatum=dt.date(9999, 12, 31),
            namnder=[socialnamnden],
            handlaggare=karin,
            registrera_anda=True,
        )

    assert exc.value.message_dict["svarsdatum"] == ["Ange ett datum mellan år 1900 och 2100."]
    assert not Remiss.objects.exists()


@pytest.mark.parametrize("kalla", ["returnera", "aterkalla", "avskriva", "besluta"])
def test_services_refuse_control_characters_in_comments(kalla, skickad, karin, lisa, maria):
    """GIVEN a comment with a NUL, passed to a service directly (not through a form)
    WHEN the service runs
    THEN it refuses with a Swedish message on the comment's field and nothing changes."""
    from nameden.arendekallor import Beslut, Beslutsslag
    from remiss.services.arbetsflode import remiss_avskriva
    from remiss.services.attestering import attest_aterkalla, attest_returnera
    from remiss.services.namndbehandling import namnd_beslut

    remiss = skickad.remiss
    fore = remiss.status
    anrop = {
        "returnera": lambda: attest_returnera(user=lisa, tu=skickad, kommentar="Nej\x00"),
        "aterkalla": lambda: attest_aterkalla(user=karin, tu=skickad, kommentar="Nej\x00"),
        "avskriva": lambda: remiss_avskriva(user=maria, remiss=remiss, kommentar="Nej\x00"),
        "besluta": lambda: namnd_beslut(
            remiss=remiss,
            namnd=remiss.namnder.get(),
            beslut=Beslut(slag=Beslutsslag.BIFALL, text="Bifall\x00"),
        ),
    }
    with pytest.raises(ValidationError) as exc:
        anrop[kalla]()
    (falt, (meddelande,)), *_ = exc.value.message_dict.items()
    assert falt in {"kommentar", "text"}
    assert "U+0000" in meddelande
    remiss.refresh_from_db()
    assert remiss.status == fore


def test_a_get_on_a_post_only_url_answers_with_a_swedish_page(client, karin, tu):
    """GIVEN a URL that only takes POST (sending for attest) WHEN Karin opens it with GET
    THEN 405 with the Allow header and a page with a heading saying what happened."""
    client.force_login(karin)

    response = client.get(reverse("remiss:attest_skicka", args=[tu.remiss_id]))

    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "<h1" in response.text and "Sidan kan inte användas så" in response.text
