"""A joint document's medverkande förvaltningar in the admin (read-only, like the remiss:
they change only through `remiss.services.samverkan`), and `export_pdf`'s ambiguity message
naming each remiss's kommun, for two kommuner whose förvaltningar share a name."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nameden.roles import Roll
from tests.factories import (
    AvdelningFactory,
    ForvaltningFactory,
    KommunFactory,
    NamndFactory,
    UserFactory,
)
from tests.remiss.test_samverkan_verktyg import (  # noqa: F401 (fixtures)
    fixture_byggnadsnamnden,
    fixture_gemensam,
    fixture_plan,
    fixture_rut,
    fixture_sbk,
    fixture_sven,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_the_remiss_admin_shows_its_medverkande_forvaltningar_read_only(admin_client, gemensam):
    """GIVEN a joint remiss WHEN the administrator opens it in the admin THEN SBK's
    participation is listed with its own diarienummer and kontaktperson, with no field to
    edit and no row to add or delete."""
    medverkan = gemensam.medverkande.get()

    sida = admin_client.get(f"/admin/remiss/remiss/{gemensam.pk}/change/").content.decode()

    assert "Medverkande förvaltningar" in sida
    assert medverkan.diarienummer in sida and "Stadsbyggnadskontoret" in sida
    assert 'name="medverkande-0-forvaltning"' not in sida
    assert 'name="medverkande-0-DELETE"' not in sida
    assert "Lägg till ytterligare" not in sida


def test_the_participations_have_a_read_only_list_of_their_own(admin_client, gemensam):
    """GIVEN a joint remiss WHEN the administrator lists the participations and searches by
    SBK's number THEN it is found; adding one in the admin is not possible (403)."""
    medverkan = gemensam.medverkande.get()

    lista = admin_client.get(
        "/admin/remiss/medverkandeforvaltning/", {"q": medverkan.diarienummer}
    ).content.decode()

    assert medverkan.diarienummer in lista and gemensam.diarienummer in lista
    assert admin_client.get("/admin/remiss/medverkandeforvaltning/add/").status_code == 403
    andra = admin_client.post(
        f"/admin/remiss/medverkandeforvaltning/{medverkan.pk}/delete/", {"post": "yes"}
    )
    assert andra.status_code == 403
    assert gemensam.medverkande.filter(borttagen_at__isnull=True).count() == 1


def test_export_pdf_names_the_kommun_when_two_diarier_share_a_number(registrera, tmp_path):
    """GIVEN two kommuner, each with a Socialförvaltningen (SOF) that registered SOF <year>/1
    WHEN export_pdf is asked for that number THEN the error lists both, each with its kommun,
    and no file is written."""
    forsta = registrera()
    solna = KommunFactory(namn="Solna stad", slug="solna")
    avdelning = AvdelningFactory(
        forvaltning=ForvaltningFactory(kommun=solna, namn="Socialförvaltningen", kortnamn="SOF")
    )
    andra = registrera(
        user=UserFactory(roll=Roll.REGISTRATOR, avdelning=avdelning),
        handlaggare=UserFactory(roll=Roll.HANDLAGGARE, avdelning=avdelning),
        namnder=[NamndFactory(forvaltning=avdelning.forvaltning)],
        rubrik="Solnas remiss",
    )
    assert forsta.diarienummer == andra.diarienummer
    ut = Path(tmp_path) / "x.pdf"

    with pytest.raises(CommandError) as exc:
        call_command("export_pdf", forsta.diarienummer, "--out", str(ut))

    fel = str(exc.value)
    assert "finns i 2 förvaltningars diarier" in fel
    assert f"  {forsta.diarienummer} (Socialförvaltningen, {forsta.forvaltning.kommun}): " in fel
    assert f"  {andra.diarienummer} (Socialförvaltningen, Solna stad): Solnas remiss" in fel
    assert not ut.exists()
