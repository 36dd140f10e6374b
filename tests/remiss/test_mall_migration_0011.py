"""Migration 0011: every mall that exists gets Stockholm's header as rows, since that is the
header its documents have printed; a mall that already has rows keeps them."""

from remiss.models.mallhuvud import STANDARDHUVUD

FORE = [("remiss", "0010_klass_valfritt_avsandardiarienummer")]
EFTER = [("remiss", "0011_mall_huvud_layout")]


def _rader(migrator, mall_id):
    MallHuvudfalt = migrator.loader.project_state(EFTER).apps.get_model("remiss", "MallHuvudfalt")
    return [
        {
            "falt": r.falt,
            "etikett": r.etikett,
            "etikettform": r.etikettform,
            "placering": r.placering,
            **({"med_telefon": True} if r.med_telefon else {}),
        }
        for r in MallHuvudfalt.objects.filter(mall_id=mall_id).order_by("ordning")
    ]


def test_0011_gives_every_existing_mall_the_standard_header(migrator):
    """GIVEN a mall made before 0011 (no header rows) WHEN migrated to 0011 THEN it has the
    standard header, row by row, and its layout is the standard one."""
    migrator.migrate(FORE)
    Dokumentmall = migrator.loader.project_state(FORE).apps.get_model("remiss", "Dokumentmall")
    mall = Dokumentmall.objects.create(namn="Äldre mall", dokumenttyp="Tjänsteskrivelse")
    migrator.loader.build_graph()

    migrator.migrate(EFTER)

    assert _rader(migrator, mall.pk) == list(STANDARDHUVUD)
    efter = migrator.loader.project_state(EFTER).apps.get_model("remiss", "Dokumentmall")
    mall = efter.objects.get(pk=mall.pk)
    assert (mall.undertecknare_placering, mall.bilagor_placering) == (
        "efter_avsnitten",
        "efter_undertecknare",
    )
    assert not (mall.utelamna_tomma_avsnitt or mall.skriv_logotyp or mall.skriv_sidfot)
