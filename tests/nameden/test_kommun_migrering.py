"""Migrations 0006–0008: existing förvaltningar and nämnder get a kommun and keep everything
else; a new installation gets none until one is needed. Run for real, back to 0005 and
forward again, on the test database (the `migrator` fixture leaves it fully migrated)."""

import pytest

FORE = [("nameden", "0005_klassificeringsstruktur_diarienummer_format")]
EFTER = [("nameden", "0008_namn_unika_per_kommun")]


def _migrera(migrator, mal):
    migrator.loader.build_graph()
    migrator.migrate(mal)
    return migrator.loader.project_state(mal).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_forvaltningar_and_namnder_are_put_in_one_kommun(migrator):
    """GIVEN two förvaltningar (one with a chef-less nämnd each) from before kommuner WHEN
    the migrations run THEN one kommun "Kommunen" holds both, each nämnd has its
    förvaltning's kommun, names and kortnamn are unchanged, every row has a history row
    saying why, and the same names are then free in another kommun."""
    gamla = _migrera(migrator, FORE)
    Forvaltning = gamla.get_model("nameden", "Forvaltning")
    Namnd = gamla.get_model("nameden", "Namnd")
    sof = Forvaltning.objects.create(namn="Socialförvaltningen", kortnamn="SOF")
    slk = Forvaltning.objects.create(
        namn="Stadsledningskontoret", kortnamn="SLK", diarienummer_format="KS {ar}/{lopnummer}"
    )
    Namnd.objects.create(namn="Socialnämnden", forvaltning=sof)
    Namnd.objects.create(namn="Kommunstyrelsen", forvaltning=slk)

    nya = _migrera(migrator, EFTER)

    Kommun = nya.get_model("nameden", "Kommun")
    kommun = Kommun.objects.get()
    assert (kommun.namn, kommun.slug, kommun.organisationsnummer) == ("Kommunen", "kommunen", "")
    forvaltningar = nya.get_model("nameden", "Forvaltning").objects.order_by("kortnamn")
    assert [(f.namn, f.kortnamn, f.diarienummer_format, f.kommun_id) for f in forvaltningar] == [
        ("Stadsledningskontoret", "SLK", "KS {ar}/{lopnummer}", kommun.pk),
        ("Socialförvaltningen", "SOF", "{kortnamn} {ar}/{lopnummer}", kommun.pk),
    ]
    namnder = nya.get_model("nameden", "Namnd").objects.order_by("namn")
    assert [(n.namn, n.forvaltning.kortnamn, n.kommun_id) for n in namnder] == [
        ("Kommunstyrelsen", "SLK", kommun.pk),
        ("Socialnämnden", "SOF", kommun.pk),
    ]
    for modell, antal in (("Kommun", 1), ("Forvaltning", 2), ("Namnd", 2)):
        historik = nya.get_model("nameden", f"Historical{modell}").objects.filter(
            history_change_reason="Kommun tillagd (migrering 0007)"
        )
        assert historik.count() == antal, modell
    assert set(
        nya.get_model("nameden", "HistoricalNamnd")
        .objects.filter(history_change_reason__startswith="Kommun tillagd")
        .values_list("kommun_id", flat=True)
    ) == {kommun.pk}

    # The old global unique is gone: another kommun may have its own Socialnämnden and SOF.
    solna = Kommun.objects.create(namn="Solna stad", slug="solna")
    solna_sof = nya.get_model("nameden", "Forvaltning").objects.create(
        kommun=solna, namn="Socialförvaltningen", kortnamn="SOF"
    )
    nya.get_model("nameden", "Namnd").objects.create(
        namn="Socialnämnden", forvaltning=solna_sof, kommun=solna
    )
    assert nya.get_model("nameden", "Namnd").objects.filter(namn="Socialnämnden").count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_installation_gets_no_kommun_from_the_migrations(migrator):
    """GIVEN an installation without förvaltningar WHEN the migrations run THEN no kommun is
    created (not by the data step, and not by a schema change evaluating the default): the
    first is made when the first förvaltning is."""
    _migrera(migrator, FORE)
    nya = _migrera(migrator, EFTER)
    assert not nya.get_model("nameden", "Kommun").objects.exists()
