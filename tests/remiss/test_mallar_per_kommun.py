"""Mallar per kommun: a kommun's förvaltningar are offered their own förvaltning's mallar,
their kommun's, and those for every kommun; never another kommun's. Names are unique within
a kommun, and migration 0013 gives an installation of one kommun's mallar to it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from nameden.models import Kommun
from remiss import selectors
from remiss.models import Dokumentmall
from remiss.services.arbetsflode import remiss_paborja_beredning
from tests.factories import DokumentmallFactory, ForvaltningFactory, KommunFactory, stockholm_mall

FORE = [("remiss", "0012_samverkan")]
EFTER = [("remiss", "0013_mall_kommun")]


@pytest.fixture
def solna(db) -> Kommun:
    return KommunFactory(namn="Solna stad", slug="solna")


@pytest.fixture
def solna_forv(solna):
    return ForvaltningFactory(kommun=solna, namn="Socialförvaltningen", kortnamn="SOF")


def test_a_förvaltning_is_offered_its_own_its_kommuns_and_the_shared_mallar(sof, solna):
    """GIVEN a mall of sof, one of sof's kommun, one for every kommun and one of another
    kommun WHEN sof's mallar are listed THEN the first three, the default first; never the
    other kommun's."""
    egen = DokumentmallFactory(namn="Egen", forvaltning=sof)
    kommunens = DokumentmallFactory(namn="Kommunens", kommun=sof.kommun)
    delad = DokumentmallFactory(namn="Alla kommuners")
    DokumentmallFactory(namn="Solnas", kommun=solna)

    namn = list(selectors.mallar_for(sof).values_list("namn", flat=True))

    assert namn[0] == stockholm_mall().namn  # Stockholm's default stays the default
    assert set(namn) == {stockholm_mall().namn, egen.namn, kommunens.namn, delad.namn}


def test_another_kommuns_förvaltning_is_not_offered_this_kommuns_mall(sof, solna_forv):
    """GIVEN a mall for sof's kommun WHEN a förvaltning of Solna lists its mallar THEN it is
    not there."""
    DokumentmallFactory(namn="Stockholms tjänsteskrivelse", kommun=sof.kommun)

    assert "Stockholms tjänsteskrivelse" not in set(
        selectors.mallar_for(solna_forv).values_list("namn", flat=True)
    )


def test_a_document_cannot_be_made_from_another_kommuns_mall(remiss, karin, solna):
    """GIVEN a mall of Solna WHEN Karin (Stockholm) starts the beredning with it THEN a
    Swedish error and no document."""
    mall = DokumentmallFactory(namn="Solnas mall", kommun=solna)

    with pytest.raises(ValidationError, match="Välj en aktiv mall som förvaltningen får"):
        remiss_paborja_beredning(user=karin, remiss=remiss, mall=mall)

    remiss.refresh_from_db()
    assert not hasattr(remiss, "tjansteutlatande")


def test_a_document_is_made_from_the_kommuns_mall(remiss, karin, sof):
    """GIVEN a mall for sof's kommun WHEN Karin starts the beredning with it THEN the
    document is made from it."""
    mall = DokumentmallFactory(namn="Kommunens mall", kommun=sof.kommun)

    remiss_paborja_beredning(user=karin, remiss=remiss, mall=mall)

    remiss.refresh_from_db()
    assert remiss.tjansteutlatande.mall == mall


def test_names_are_unique_within_a_kommun_not_across_the_installation(sof, solna):
    """GIVEN a mall "Tjänsteskrivelse" of sof's kommun WHEN Solna names one the same THEN it
    is saved; a second one in sof's kommun is refused, in Swedish by `full_clean` and by the
    database."""
    DokumentmallFactory(namn="Tjänsteskrivelse", kommun=sof.kommun)
    DokumentmallFactory(namn="Tjänsteskrivelse", kommun=solna)

    dubblett = Dokumentmall(namn="Tjänsteskrivelse", dokumenttyp="T", kommun=sof.kommun)
    with pytest.raises(ValidationError, match="Kommunen har redan en mall med det namnet"):
        dubblett.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        dubblett.save()


def test_two_mallar_for_every_kommun_cannot_share_a_name(db):
    """GIVEN a mall for every kommun WHEN another gets its name THEN the database refuses."""
    DokumentmallFactory(namn="Gemensam")
    with pytest.raises(IntegrityError), transaction.atomic():
        DokumentmallFactory(namn="Gemensam")


def test_a_förvaltnings_mall_belongs_to_its_kommun(sof, solna):
    """GIVEN a mall with sof as förvaltning WHEN cleaned THEN its kommun is sof's; naming
    another kommun is refused in Swedish."""
    mall = Dokumentmall(namn="SOF:s mall", dokumenttyp="T", forvaltning=sof)
    mall.full_clean()
    assert mall.kommun_id == sof.kommun_id

    fel = Dokumentmall(namn="Fel", dokumenttyp="T", forvaltning=sof, kommun=solna)
    with pytest.raises(ValidationError, match="hör till förvaltningens kommun"):
        fel.full_clean()


def test_the_admin_saves_a_mall_for_a_kommun(client, sof, solna):
    """GIVEN an administrator WHEN a mall is added in the admin with Solna as kommun THEN it
    is Solna's, and the list shows the kommun."""
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    data = {
        "namn": "Solnas tjänsteskrivelse",
        "dokumenttyp": "Tjänsteskrivelse",
        "underrubrik_mall": "",
        "forvaltning": "",
        "kommun": str(solna.pk),
        "aktiv": "on",
        "undertecknare_placering": "efter_avsnitten",
        "bilagor_placering": "efter_undertecknare",
        "attestkedja_0": "avdelningschef",
        "attestkedja_1": "",
        "attestkedja_2": "",
    }
    for prefix in ("avsnitt", "huvudfalt"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )

    response = client.post("/admin/remiss/dokumentmall/add/", data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Dokumentmall.objects.get(namn="Solnas tjänsteskrivelse").kommun == solna
    lista = client.get("/admin/remiss/dokumentmall/").content.decode()
    assert "Solna stad" in lista


@pytest.mark.parametrize("antal_kommuner", [1, 2])
def test_0013_gives_one_kommuns_mallar_to_it(migrator, antal_kommuner):
    """GIVEN mallar before 0013, one with a förvaltning, one without WHEN migrated THEN the
    förvaltning's mall is its kommun's; the other is the one kommun's, or with two kommuner
    stays for every kommun (as it was offered before)."""
    migrator.migrate(FORE)
    gamla = migrator.loader.project_state(FORE).apps
    GKommun = gamla.get_model("nameden", "Kommun")
    GForvaltning = gamla.get_model("nameden", "Forvaltning")
    GMall = gamla.get_model("remiss", "Dokumentmall")
    kommuner = [
        GKommun.objects.create(namn=f"Kommun {i}", slug=f"kommun-m{i}")
        for i in range(antal_kommuner)
    ]
    # The test database may already hold the installation's first kommun.
    alla = GKommun.objects.count()
    forv = GForvaltning.objects.create(
        namn="Miljöförvaltningen", kortnamn="MF", kommun=kommuner[-1]
    )
    med = GMall.objects.create(namn="Med förvaltning", dokumenttyp="T", forvaltning=forv)
    utan = GMall.objects.create(namn="Utan förvaltning", dokumenttyp="T")
    migrator.loader.build_graph()

    migrator.migrate(EFTER)

    Mall = migrator.loader.project_state(EFTER).apps.get_model("remiss", "Dokumentmall")
    assert Mall.objects.get(pk=med.pk).kommun_id == kommuner[-1].pk
    assert Mall.objects.get(pk=utan.pk).kommun_id == (kommuner[0].pk if alla == 1 else None)
