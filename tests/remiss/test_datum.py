"""The ranges dates must keep to (remiss.validering): the same message from form and service."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from remiss.models import Beredningssteg, Remiss
from remiss.services.beredning import beredningssteg_lagg_till
from remiss.validering import ar_fran, validera_beredningsdatum, validera_datum
from tests.remiss.registrering_verktyg import registrering_post

pytestmark = pytest.mark.django_db

IDAG = dt.date(2024, 4, 17)


def test_inkom_after_today_is_refused():
    """GIVEN today is 17 April 2024 WHEN a remiss is said to have come in tomorrow THEN the
    inkom date is refused; today itself is fine."""
    imorgon = IDAG + dt.timedelta(days=1)

    assert validera_datum(inkom_datum=imorgon, svarsdatum=imorgon, idag=IDAG) == {
        "inkom_datum": "Datumet då remissen kom in kan inte vara senare än i dag (2024-04-17). "
        "Kontrollera datumet."
    }
    assert validera_datum(inkom_datum=IDAG, svarsdatum=IDAG, idag=IDAG) == {}


def test_svarsdatum_at_most_five_years_after_inkom():
    """GIVEN a remiss in on 1 March 2024 WHEN svarsdatum is 2 March 2029 THEN it is refused
    (a mistyped year); 1 March 2029 is the last day allowed."""
    inkom = dt.date(2024, 3, 1)

    assert validera_datum(inkom_datum=inkom, svarsdatum=dt.date(2029, 3, 2), idag=IDAG) == {
        "svarsdatum": "Svarsdatum kan vara högst 5 år efter datumet då remissen kom in. "
        "Kontrollera årtalet."
    }
    assert validera_datum(inkom_datum=inkom, svarsdatum=dt.date(2029, 3, 1), idag=IDAG) == {}


def test_29_february_plus_years_is_28_february():
    """GIVEN 29 February 2024 WHEN five years are added THEN it is 28 February 2029."""
    assert ar_fran(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)


@pytest.mark.parametrize(
    ("datum", "ok"),
    [
        (dt.date(2014, 4, 17), True),
        (dt.date(2014, 4, 16), False),
        (dt.date(2025, 4, 17), True),
        (dt.date(2025, 4, 18), False),
    ],
)
def test_beredning_dates_within_ten_years_back_and_one_ahead(datum, ok):
    """GIVEN today is 17 April 2024 WHEN a beredningssteg is dated THEN ten years back and
    one year ahead are the limits, and the message gives both dates."""
    fel = validera_beredningsdatum(datum, idag=IDAG)

    if ok:
        assert fel is None
    else:
        assert fel == (
            "Ange ett datum mellan 2014-04-17 och 2025-04-17: högst 10 år bakåt och 1 år framåt."
        )


def test_registration_form_refuses_inkom_after_today(client, maria, karin, socialnamnden):
    """GIVEN Maria registers WHEN inkom is tomorrow THEN the page answers 400 with the message
    on the field, and nothing is stored."""
    client.force_login(maria)
    imorgon = timezone.localdate() + dt.timedelta(days=1)

    response = client.post(
        reverse("remiss:registrera"),
        registrering_post(
            karin,
            socialnamnden,
            avsandarens_diarienummer="KS 2024/901",
            rubrik="Remiss",
            inkom_datum=imorgon.isoformat(),
            svarsdatum=(imorgon + dt.timedelta(days=30)).isoformat(),
        ),
    )

    assert response.status_code == 400
    assert "kan inte vara senare än i dag" in response.context["form"].errors["inkom_datum"][0]
    assert not Remiss.objects.exists()


def test_beredning_form_and_service_say_the_same(client, karin, tu):
    """GIVEN Karin records a beredningssteg WHEN it is dated eleven years ago THEN the form
    answers 400 on the date field, and the service raises the same message."""
    elva_ar_sedan = ar_fran(timezone.localdate(), -11)
    client.force_login(karin)

    response = client.post(
        reverse("remiss:beredning", args=[tu.remiss_id]),
        {
            "typ": "forvaltningsgrupp",
            "motpart": "",
            "datum": elva_ar_sedan.isoformat(),
            "utfall": "behandlat",
        },
    )
    with pytest.raises(ValidationError) as exc:
        beredningssteg_lagg_till(
            user=karin, tu=tu, typ="forvaltningsgrupp", datum=elva_ar_sedan, utfall="behandlat"
        )

    assert response.status_code == 400
    form_fel = response.context["form"].errors["datum"]
    assert form_fel == exc.value.message_dict["datum"]
    assert form_fel[0].startswith("Ange ett datum mellan")
    assert not Beredningssteg.objects.exists()
