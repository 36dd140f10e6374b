"""A förvaltning's klassificeringsstruktur: kept in the admin, its codes fit for a diarienummer.

The codes are written into numbers such as 1.6-0463/2024, so a code is checked as the
format's literal text is; a code some remiss carries is made inactive, never deleted.
"""

import pytest
from django.core.exceptions import ValidationError

from nameden.models import Klassificering
from tests.factories import ForvaltningFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def _forvaltning_post(forvaltning, klasser: list[dict]) -> dict:
    data = {
        "namn": forvaltning.namn,
        "kortnamn": forvaltning.kortnamn,
        "diarienummer_format": "{klass}-{lopnummer:4}/{ar}",
        "chef": "",
        "avdelningar-TOTAL_FORMS": "0",
        "avdelningar-INITIAL_FORMS": "0",
        "avdelningar-MIN_NUM_FORMS": "0",
        "avdelningar-MAX_NUM_FORMS": "1000",
        "klassificeringar-TOTAL_FORMS": str(len(klasser)),
        "klassificeringar-INITIAL_FORMS": "0",
        "klassificeringar-MIN_NUM_FORMS": "0",
        "klassificeringar-MAX_NUM_FORMS": "1000",
    }
    for i, klass in enumerate(klasser):
        for falt, varde in klass.items():
            data[f"klassificeringar-{i}-{falt}"] = varde
    return data


def test_the_admin_keeps_the_structure_with_the_forvaltning(admin_client, sof):
    """GIVEN SOF in the admin WHEN the administrator switches to a classified format and adds
    two codes in the förvaltning's form THEN both are stored, active, for SOF, and the
    förvaltning now asks for a klass."""
    response = admin_client.post(
        f"/admin/nameden/forvaltning/{sof.pk}/change/",
        _forvaltning_post(
            sof,
            [
                {"kod": "1.6", "benamning": "Remisser och yttranden", "aktiv": "on"},
                {"kod": "2.1", "benamning": "Planärenden", "aktiv": "on"},
            ],
        ),
    )

    assert response.status_code == 302
    assert list(Klassificering.objects.aktiva_for(sof).values_list("kod", flat=True)) == [
        "1.6",
        "2.1",
    ]
    sof.refresh_from_db()
    assert sof.anvander_klass


@pytest.mark.parametrize(
    ("kod", "fel"),
    [
        ("1 6", "Koden kan inte innehålla mellanslag eller /"),
        ("1/6", "Koden kan inte innehålla mellanslag eller /"),
        ("1#6", "kan inte innehålla tecknet ”#”"),
        (".16", "Koden ska börja och sluta med en bokstav eller siffra"),
        ("16-", "Koden ska börja och sluta med en bokstav eller siffra"),
        ("1\x016", "U+0001"),
    ],
)
def test_the_admin_refuses_a_code_that_cannot_stand_in_a_number(admin_client, sof, kod, fel):
    """GIVEN the förvaltning's form WHEN a code holds a space, a /, a character no
    diarienummer has, starts or ends with a separator, or holds a control THEN the inline
    form says why on the code, and nothing is stored."""
    response = admin_client.post(
        f"/admin/nameden/forvaltning/{sof.pk}/change/",
        _forvaltning_post(sof, [{"kod": kod, "benamning": "Remisser", "aktiv": "on"}]),
    )

    assert response.status_code == 200
    (formset,) = [
        f
        for f in response.context["inline_admin_formsets"]
        if f.formset.prefix == "klassificeringar"
    ]
    assert fel in " ".join(formset.formset.errors[0]["kod"])
    assert not Klassificering.objects.exists()


def test_a_code_is_unique_in_its_forvaltning_only(sof):
    """GIVEN SOF's code 1.6 WHEN SOF adds 1.6 again THEN refused in Swedish; WHEN another
    förvaltning adds 1.6 THEN accepted: each keeps its own structure."""
    Klassificering.objects.create(forvaltning=sof, kod="1.6", benamning="Remisser")

    with pytest.raises(ValidationError) as exc:
        Klassificering(forvaltning=sof, kod="1.6", benamning="Dubblett").full_clean()
    assert "Förvaltningen har redan en klassificering med koden." in exc.value.messages

    annan = ForvaltningFactory(kortnamn="KUF")
    Klassificering(forvaltning=annan, kod="1.6", benamning="Remisser").full_clean()


def test_the_structure_keeps_history(sof):
    """GIVEN a code WHEN its benämning changes THEN the history has both versions."""
    klass = Klassificering.objects.create(forvaltning=sof, kod="050", benamning="Trafk")
    klass.benamning = "Trafik"
    klass.save()

    assert [h.benamning for h in klass.history.order_by("history_date")] == ["Trafk", "Trafik"]
