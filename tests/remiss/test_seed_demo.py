"""seed_demo builds the KS 2024/112 case so that it says what the reference document says."""

import pytest
from django.core.management import call_command

from nameden.models import User
from nameden.roles import Roll, group_name
from remiss.dokument import dokument_for
from remiss.models import Remiss
from tests.reference import las_referens

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    remiss = Remiss.objects.get(avsandarens_diarienummer="KS 2024/112")
    return dokument_for(remiss.tjansteutlatande)


def test_every_section_equals_the_reference_paragraph_by_paragraph(demo):
    """GIVEN the reference document WHEN seed_demo has run THEN each section's paragraphs
    are the reference's, in the reference's order."""
    ref = las_referens()
    assert [a.rubrik for a in demo.avsnitt] == list(ref.sektioner)
    for avsnitt in demo.avsnitt:
        expected = ref.sektioner[avsnitt.rubrik]
        if avsnitt.punkter:
            got = [f"{i}. {p}" for i, p in enumerate(avsnitt.punkter, start=1)]
        else:
            got = list(avsnitt.stycken)
        assert got == expected, avsnitt.rubrik


def test_header_signatories_and_bilagor_equal_the_reference(demo):
    ref = las_referens()
    assert (demo.handlaggare, demo.telefon) == (ref.handlaggare, ref.telefon)
    assert demo.till == (ref.till,)
    assert demo.sammantradesdatum.isoformat() == ref.datum
    assert (demo.rubrik, demo.underrubrik) == (ref.rubrik, ref.underrubrik)
    assert [(p.namn, p.titel, p.forvaltning) for p in demo.undertecknare] == ref.undertecknare
    assert [b.titel for b in demo.bilagor] == ref.bilagor
    assert demo.dokumenttyp == "Tjänsteutlåtande"
    assert demo.forvaltning == "Socialförvaltningen"


def test_seed_demo_is_idempotent(demo):
    """GIVEN seed_demo has run WHEN it runs again THEN nothing is added or changed."""
    counts = (Remiss.objects.count(), User.objects.count())
    tu = Remiss.objects.get(avsandarens_diarienummer="KS 2024/112").tjansteutlatande
    history = tu.history.count()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Remiss.objects.count(), User.objects.count()) == counts
    assert tu.history.count() == history


def test_one_demo_user_per_role(demo):
    for roll in Roll:
        assert User.objects.filter(groups__name=group_name(roll)).count() == 1, roll
