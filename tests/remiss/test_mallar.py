"""Dokumentmallar: another municipality's document by data alone, and the shipped Stockholm mall.

Upplands-Bro writes a "Tjänsteskrivelse" with Beslutsunderlag, Barnperspektiv and "Beslut
sänds till". Adding that as a mall (as an administrator would in the admin) must be enough:
no code, no template.
"""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError

from remiss.dokument import dokument_for
from remiss.models import Avsnittstyp, Dokumentmall, MallAvsnitt, Remiss, Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.workflow import Status
from tests.factories import ForvaltningFactory, stockholm_mall

stockholm_migration = importlib.import_module("remiss.migrations.0002_stockholm_mall")

UPPLANDS_BRO_RUBRIKER = [
    "Sammanfattning",
    "Beslutsunderlag",
    "Ärendet",
    "Barnperspektiv",
    "Förslag till beslut",
    "Beslut sänds till",
]


def _upplands_bro_mall(*, forvaltning=None, aktiv=True) -> Dokumentmall:
    """The mall as an administrator enters it: one Dokumentmall row and its sections."""
    mall = Dokumentmall.objects.create(
        namn="Upplands-Bro kommun – tjänsteskrivelse",
        dokumenttyp="Tjänsteskrivelse",
        underrubrik_mall="Yttrande över remiss från {avsandare} (er beteckning "
        "{avsandarens_diarienummer})",
        forvaltning=forvaltning,
        aktiv=aktiv,
    )
    avsnitt = [
        ("sammanfattning", "Sammanfattning", Avsnittstyp.TEXT, ""),
        ("beslutsunderlag", "Beslutsunderlag", Avsnittstyp.TEXT, ""),
        ("arendet", "Ärendet", Avsnittstyp.TEXT, ""),
        ("barnperspektiv", "Barnperspektiv", Avsnittstyp.TEXT, ""),
        (
            "forslag_till_beslut",
            "Förslag till beslut",
            Avsnittstyp.BESLUTSPUNKTER,
            "{namnd} antar tjänsteskrivelsen som sitt yttrande över remissen.\n"
            "Paragrafen förklaras omedelbart justerad.",
        ),
        ("beslut_sands_till", "Beslut sänds till", Avsnittstyp.TEXT, "Kommunstyrelsen"),
    ]
    for ordning, (nyckel, rubrik, typ, standardtext) in enumerate(avsnitt, start=1):
        MallAvsnitt.objects.create(
            mall=mall,
            ordning=ordning,
            nyckel=nyckel,
            rubrik=rubrik,
            typ=typ,
            standardtext=standardtext,
        )
    return mall


@pytest.fixture
def upplands_bro_dokument(remiss, karin, sof):
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=_upplands_bro_mall(forvaltning=sof))
    return dokument_for(Tjansteutlatande.objects.select_related("remiss").get(remiss=remiss))


# --- A second mall, by data alone -------------------------------------------------------------


def test_second_mall_gives_exactly_its_sections(upplands_bro_dokument):
    """GIVEN the Upplands-Bro mall WHEN a beredning starts with it THEN the document has exactly
    its six sections, in its order."""
    assert [a.rubrik for a in upplands_bro_dokument.avsnitt] == UPPLANDS_BRO_RUBRIKER


def test_second_mall_gives_its_document_type(upplands_bro_dokument):
    """GIVEN the Upplands-Bro mall WHEN the document is read THEN it is a Tjänsteskrivelse."""
    assert upplands_bro_dokument.dokumenttyp == "Tjänsteskrivelse"


def test_second_mall_gives_its_underrubrik(upplands_bro_dokument):
    """GIVEN the Upplands-Bro underrubrik WHEN filled for KS 2024/112 THEN it reads in its own
    words, with the sender in running text."""
    assert upplands_bro_dokument.underrubrik == (
        "Yttrande över remiss från kommunstyrelsen (er beteckning KS 2024/112)"
    )


def test_second_mall_fills_its_default_texts(upplands_bro_dokument):
    """GIVEN default decision points and a default addressee WHEN the document is read THEN the
    decision has both points with the nämnd's name and the addressee is Kommunstyrelsen."""
    avsnitt = {a.nyckel: a for a in upplands_bro_dokument.avsnitt}

    assert avsnitt["forslag_till_beslut"].punkter == (
        "Socialnämnden antar tjänsteskrivelsen som sitt yttrande över remissen.",
        "Paragrafen förklaras omedelbart justerad.",
    )
    assert avsnitt["beslut_sands_till"].stycken == ("Kommunstyrelsen",)


def test_mall_of_another_forvaltning_is_refused(remiss, karin):
    """GIVEN a mall belonging to another förvaltning WHEN SOF starts a beredning with it THEN
    refused, and the remiss stays registered without a document."""
    mall = _upplands_bro_mall(forvaltning=ForvaltningFactory(namn="Upplands-Bro", kortnamn="UB"))

    with pytest.raises(ValidationError) as exc:
        remiss_paborja_beredning(user=karin, remiss=remiss, mall=mall)

    assert exc.value.message_dict == {"mall": ["Välj en aktiv mall som förvaltningen får använda."]}
    assert Remiss.objects.get(pk=remiss.pk).status == Status.REGISTRERAD
    assert not Tjansteutlatande.objects.exists()


def test_inactive_mall_is_refused(remiss, karin, sof):
    """GIVEN SOF's own mall, deactivated WHEN a beredning starts with it THEN refused and the
    remiss stays registered."""
    mall = _upplands_bro_mall(forvaltning=sof, aktiv=False)

    with pytest.raises(ValidationError) as exc:
        remiss_paborja_beredning(user=karin, remiss=remiss, mall=mall)

    assert exc.value.message_dict == {"mall": ["Välj en aktiv mall som förvaltningen får använda."]}
    assert Remiss.objects.get(pk=remiss.pk).status == Status.REGISTRERAD


# --- The shipped Stockholm mall ---------------------------------------------------------------


def _as_data(avsnitt) -> list[tuple]:
    return [(a.nyckel, a.rubrik, a.typ, a.hjalptext, a.standardtext) for a in avsnitt]


def test_shipped_mall_matches_the_migration_data(db):
    """GIVEN a migrated database WHEN the Stockholm mall is read THEN it holds exactly the
    migration's head and sections, in order, all obligatory."""
    mall = stockholm_mall()
    avsnitt = list(mall.avsnitt.order_by("ordning"))

    assert {k: getattr(mall, k) for k in stockholm_migration.MALL} == stockholm_migration.MALL
    assert mall.forvaltning is None and mall.aktiv
    assert _as_data(avsnitt) == [tuple(a) for a in stockholm_migration.AVSNITT]
    assert [a.ordning for a in avsnitt] == [1, 2, 3, 4, 5, 6]


def test_only_arendets_beredning_is_optional_in_the_shipped_mall(db):
    """GIVEN the Stockholm mall WHEN its sections are read THEN all are obligatory except
    Ärendets beredning, which may be written after attest (as in the reference)."""
    valfria = [a.nyckel for a in stockholm_mall().avsnitt.filter(obligatorisk=False)]

    assert valfria == ["arendets_beredning"]


def test_running_the_data_migration_again_adds_nothing(db):
    """GIVEN the mall already exists WHEN the migration's function runs again THEN there is
    still one mall with six sections."""
    stockholm_migration.create_mall(django_apps, None)

    assert Dokumentmall.objects.filter(namn=stockholm_migration.MALL["namn"]).count() == 1
    assert stockholm_mall().avsnitt.count() == 6


def _mall_i_tillstand(executor, target):
    """The Stockholm mall and its sections, read with the models as they were at `target`."""
    historiska = executor.loader.project_state(target).apps
    Mall = historiska.get_model("remiss", "Dokumentmall")
    Avsnitt = historiska.get_model("remiss", "MallAvsnitt")
    mallar = list(Mall.objects.filter(namn=stockholm_migration.MALL["namn"]))
    avsnitt = list(Avsnitt.objects.filter(mall__in=mallar).order_by("ordning"))
    return mallar, avsnitt


def test_migrating_back_to_0001_removes_the_mall(migrator):
    """GIVEN a migrated database WHEN remiss is migrated back to 0001 THEN the Stockholm mall and
    its sections are gone."""
    target = [("remiss", "0001_initial")]

    migrator.migrate(target)

    assert _mall_i_tillstand(migrator, target) == ([], [])


def test_migrating_forward_to_0002_creates_the_mall_and_its_six_sections(migrator):
    """GIVEN remiss migrated back to 0001 WHEN migrated forward to 0002 THEN the Stockholm mall
    exists with its six sections in order."""
    migrator.migrate([("remiss", "0001_initial")])
    migrator.loader.build_graph()
    target = [("remiss", "0002_stockholm_mall")]

    migrator.migrate(target)

    mallar, avsnitt = _mall_i_tillstand(migrator, target)
    assert [(m.dokumenttyp, m.standard) for m in mallar] == [("Tjänsteutlåtande", True)]
    assert _as_data(avsnitt) == [tuple(a) for a in stockholm_migration.AVSNITT]
