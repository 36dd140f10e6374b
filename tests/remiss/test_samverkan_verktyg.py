"""The second förvaltning of a joint document, and the steps the samverkan tests share.

Not a test module of its own (it has no tests): its name keeps it among the files of the
joint-document tests. Each fixture is named with `name=`, and the test modules import the
`fixture_*` functions, so that pytest finds them and no test argument shadows an import.

SOF (conftest: Karin, Lisa, Veronica, Maria, Johan) registers the remiss;
Stadsbyggnadskontoret (SBK) answers with it: Sven is its kontaktperson, Anna his
avdelningschef, Bo the stadsbyggnadsdirektör, Rut the registrator, Sara the sekreterare of
Stadsbyggnadsnämnden.
"""

import pytest
from django.utils import timezone

from nameden.models import Avdelning, Forvaltning, Namnd
from nameden.roles import Roll
from remiss.models import Remiss, Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.samverkan import medverkan_registrera
from tests.conftest import fyll_i
from tests.factories import UserFactory, stockholm_mall

#: The diarium year of the cases the fixtures register (they are registered today).
AR = timezone.localdate().year


@pytest.fixture(name="sbk")
def fixture_sbk(db) -> Forvaltning:
    return Forvaltning.objects.create(namn="Stadsbyggnadskontoret", kortnamn="SBK")


@pytest.fixture(name="plan")
def fixture_plan(sbk) -> Avdelning:
    return Avdelning.objects.create(forvaltning=sbk, namn="Planavdelningen")


@pytest.fixture(name="byggnadsnamnden")
def fixture_byggnadsnamnden(sbk) -> Namnd:
    return Namnd.objects.create(namn="Stadsbyggnadsnämnden", forvaltning=sbk)


def _person(username, first, last, titel, roll, avdelning):
    return UserFactory(
        username=username,
        first_name=first,
        last_name=last,
        titel=titel,
        roll=roll,
        avdelning=avdelning,
    )


@pytest.fixture(name="sven")
def fixture_sven(plan):
    return _person("sven", "Sven", "Strand", "Planarkitekt", Roll.HANDLAGGARE, plan)


@pytest.fixture(name="anna")
def fixture_anna(plan):
    person = _person("anna", "Anna", "Ahl", "Avdelningschef", Roll.AVDELNINGSCHEF, plan)
    plan.chef = person
    plan.save()
    return person


@pytest.fixture(name="bo")
def fixture_bo(plan, sbk):
    person = _person("bo", "Bo", "Byggare", "Stadsbyggnadsdirektör", Roll.FORVALTNINGSCHEF, plan)
    sbk.chef = person
    sbk.save()
    return person


@pytest.fixture(name="rut")
def fixture_rut(plan):
    return _person("rut", "Rut", "Regnell", "Registrator", Roll.REGISTRATOR, plan)


@pytest.fixture(name="sara")
def fixture_sara(plan):
    return _person("sara", "Sara", "Sekund", "Nämndsekreterare", Roll.NAMNDSEKRETERARE, plan)


@pytest.fixture(name="sbk_lasare")
def fixture_sbk_lasare(plan):
    return _person("signe", "Signe", "Läs", "Utredare", Roll.LASARE, plan)


def medverka(rut, remiss, sven, byggnadsnamnden, **andrat):
    """Rut registers SBK's participation in `remiss`, Sven as kontaktperson."""
    data = {
        "user": rut,
        "remiss": remiss,
        "kontaktperson": sven,
        "namnder": [byggnadsnamnden],
    }
    data.update(andrat)
    return medverkan_registrera(**data)


@pytest.fixture(name="gemensam")
def fixture_gemensam(remiss, rut, sven, byggnadsnamnden) -> Remiss:
    """KS 2024/112 registered by SOF (SOF <year>/1), SBK medverkande (SBK <year>/1)."""
    medverka(rut, remiss, sven, byggnadsnamnden)
    return Remiss.objects.get(pk=remiss.pk)


def las_tu(remiss) -> Tjansteutlatande:
    return Tjansteutlatande.objects.select_related("remiss").get(remiss_id=remiss.pk)


@pytest.fixture(name="gemensam_klar")
def fixture_gemensam_klar(gemensam, karin, lisa, veronica, anna, bo) -> Tjansteutlatande:
    """The joint remiss under beredning, every section filled, ready to send."""
    remiss_paborja_beredning(user=karin, remiss=gemensam, mall=stockholm_mall())
    return fyll_i(las_tu(gemensam), karin)
