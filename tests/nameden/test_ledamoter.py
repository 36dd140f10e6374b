"""Förtroendevalda and their uppdrag: a mandate's dates, one ordförande at a time."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from nameden.models import Fortroendevald, Uppdrag

pytestmark = pytest.mark.django_db

MANDAT = (dt.date(2023, 1, 1), dt.date(2026, 12, 31))


def uppdrag(namnd, namn, roll=Uppdrag.Roll.LEDAMOT, fran=MANDAT[0], till=MANDAT[1]) -> Uppdrag:
    person = Fortroendevald.objects.create(namn=namn, parti="S")
    return Uppdrag(namnd=namnd, fortroendevald=person, roll=roll, fran=fran, till=till)


def fel(instance) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        instance.full_clean()
    return exc.value.message_dict


def test_a_mandate_ends_on_or_after_its_start(socialnamnden):
    """GIVEN an uppdrag that ends before it starts WHEN checked THEN it is refused in Swedish."""
    u = uppdrag(socialnamnden, "Anna", fran=dt.date(2024, 1, 2), till=dt.date(2024, 1, 1))

    assert fel(u) == {"till": ["Mandatperioden måste sluta samma dag som den börjar eller senare."]}


def test_one_ordforande_per_namnd_at_a_time(socialnamnden):
    """GIVEN an ordförande for the mandate WHEN a second one overlaps it THEN refused, named."""
    uppdrag(socialnamnden, "Anna", Uppdrag.Roll.ORDFORANDE).save()
    andra = uppdrag(socialnamnden, "Bo", Uppdrag.Roll.ORDFORANDE, fran=dt.date(2026, 6, 1))

    assert fel(andra)["roll"] == [
        "Socialnämnden har redan en ordförande under perioden: Anna (2023-01-01–2026-12-31)."
    ]


def test_the_next_mandates_ordforande_is_fine(socialnamnden):
    """GIVEN an ordförande until 2026 WHEN the next one starts in 2027 THEN it is allowed, as is
    a second ledamot at the same time."""
    uppdrag(socialnamnden, "Anna", Uppdrag.Roll.ORDFORANDE).save()

    uppdrag(
        socialnamnden, "Bo", Uppdrag.Roll.ORDFORANDE, dt.date(2027, 1, 1), dt.date(2030, 12, 31)
    ).full_clean()
    uppdrag(socialnamnden, "Cecilia").full_clean()


def test_one_person_holds_one_uppdrag_per_namnd_at_a_time(socialnamnden):
    """GIVEN Anna is ledamot WHEN she is also made ersättare for the same period THEN refused."""
    forsta = uppdrag(socialnamnden, "Anna")
    forsta.save()
    andra = Uppdrag(
        namnd=socialnamnden,
        fortroendevald=forsta.fortroendevald,
        roll=Uppdrag.Roll.ERSATTARE,
        fran=MANDAT[0],
        till=MANDAT[1],
    )

    assert "fortroendevald" in fel(andra)


def test_a_fortroendevalds_name_must_be_printable(db):
    """GIVEN a name with a control character WHEN checked THEN refused (it is printed)."""
    assert "namn" in fel(Fortroendevald(namn="Anna\x07"))


def test_the_admin_refuses_a_second_ordforande_in_swedish(client, socialnamnden):
    """GIVEN an ordförande WHEN an administrator adds another for the same period in the admin
    THEN the page answers with the Swedish error and nothing is saved."""
    from django.urls import reverse

    from tests.factories import UserFactory

    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    uppdrag(socialnamnden, "Anna", Uppdrag.Roll.ORDFORANDE).save()
    bo = Fortroendevald.objects.create(namn="Bo")

    svar = client.post(
        reverse("admin:nameden_uppdrag_add"),
        {
            "namnd": socialnamnden.pk,
            "fortroendevald": bo.pk,
            "roll": "ordforande",
            "fran": "2025-01-01",
            "till": "2026-12-31",
        },
    )

    assert svar.status_code == 200
    assert "Socialnämnden har redan en ordförande under perioden" in svar.content.decode()
    assert Uppdrag.objects.count() == 1
