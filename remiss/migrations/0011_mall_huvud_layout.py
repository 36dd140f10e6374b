"""Issue 9: a mall's header as rows (MallHuvudfalt) and its layout choices; the document's
copy of them and of the header's lists (kontaktpersoner, beteckningar, Till with dates, Er
beteckning).

Every mall that exists gets Stockholm's header as rows, because that is the header every
document made from it has printed so far: nothing a mall prints changes by migrating.
"""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


#: Stockholm's header, as remiss.models.mallhuvud.STANDARDHUVUD (copied: a migration must
#: not change when the code does).
STANDARDHUVUD = (
    # ordning, falt, etikett, etikettform, placering, med_telefon
    (1, "forvaltning", "", "ovanfor", "sidhuvud_vanster", False),
    (2, "dokumenttyp", "", "ovanfor", "sidhuvud_hoger", False),
    (3, "diarienummer", "Dnr", "fore", "sidhuvud_hoger", False),
    (4, "sida", "Sida", "fore", "sidhuvud_hoger", False),
    (5, "kontaktperson", "Handläggare", "ovanfor", "forsta_vanster", True),
    (6, "till", "Till", "ovanfor", "forsta_hoger", False),
)


def standardhuvud_till_mallarna(apps, schema_editor):
    Dokumentmall = apps.get_model("remiss", "Dokumentmall")
    MallHuvudfalt = apps.get_model("remiss", "MallHuvudfalt")
    for mall in Dokumentmall.objects.filter(huvudfalt__isnull=True):
        for ordning, falt, etikett, etikettform, placering, med_telefon in STANDARDHUVUD:
            MallHuvudfalt.objects.create(
                mall=mall,
                ordning=ordning,
                falt=falt,
                etikett=etikett,
                etikettform=etikettform,
                placering=placering,
                med_telefon=med_telefon,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("nameden", "0005_klassificeringsstruktur_diarienummer_format"),
        ("remiss", "0010_klass_valfritt_avsandardiarienummer"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="dokumentmall",
            name="bilagor_placering",
            field=models.CharField(
                choices=[
                    ("overst", "Överst, efter underrubriken"),
                    ("efter_undertecknare", "Efter avsnitten och undertecknarna"),
                    ("sist", "Sist, efter avsnitten som följer underskrifterna"),
                ],
                default="efter_undertecknare",
                max_length=20,
                verbose_name="bilageförteckningens placering",
            ),
        ),
        migrations.AddField(
            model_name="dokumentmall",
            name="undertecknare_placering",
            field=models.CharField(
                choices=[
                    (
                        "efter_avsnitten",
                        "Efter avsnitten (före avsnitt som följer underskrifterna)",
                    ),
                    ("efter_bilagor", "Efter bilageförteckningen"),
                ],
                default="efter_avsnitten",
                max_length=20,
                verbose_name="undertecknarnas placering",
            ),
        ),
        migrations.AddField(
            model_name="dokumentmall",
            name="utelamna_tomma_avsnitt",
            field=models.BooleanField(
                default=False,
                help_text="Ett avsnitt som inte är obligatoriskt och saknar text skrivs då inte ut, inte heller dess rubrik.",
                verbose_name="utelämna tomma valfria avsnitt",
            ),
        ),
        migrations.AddField(
            model_name="historicaldokumentmall",
            name="bilagor_placering",
            field=models.CharField(
                choices=[
                    ("overst", "Överst, efter underrubriken"),
                    ("efter_undertecknare", "Efter avsnitten och undertecknarna"),
                    ("sist", "Sist, efter avsnitten som följer underskrifterna"),
                ],
                default="efter_undertecknare",
                max_length=20,
                verbose_name="bilageförteckningens placering",
            ),
        ),
        migrations.AddField(
            model_name="historicaldokumentmall",
            name="undertecknare_placering",
            field=models.CharField(
                choices=[
                    (
                        "efter_avsnitten",
                        "Efter avsnitten (före avsnitt som följer underskrifterna)",
                    ),
                    ("efter_bilagor", "Efter bilageförteckningen"),
                ],
                default="efter_avsnitten",
                max_length=20,
                verbose_name="undertecknarnas placering",
            ),
        ),
        migrations.AddField(
            model_name="historicaldokumentmall",
            name="utelamna_tomma_avsnitt",
            field=models.BooleanField(
                default=False,
                help_text="Ett avsnitt som inte är obligatoriskt och saknar text skrivs då inte ut, inte heller dess rubrik.",
                verbose_name="utelämna tomma valfria avsnitt",
            ),
        ),
        migrations.AddField(
            model_name="historicalmallavsnitt",
            name="efter_undertecknare",
            field=models.BooleanField(
                default=False,
                help_text="Avsnittet står efter undertecknarna, till exempel ”Beslut sänds till”.",
                verbose_name="efter underskrifterna",
            ),
        ),
        migrations.AddField(
            model_name="historicaltjansteutlatande",
            name="avsandarens_diarienummer",
            field=models.CharField(
                blank=True, max_length=40, verbose_name="avsändarens diarienummer"
            ),
        ),
        migrations.AddField(
            model_name="historicaltjansteutlatande",
            name="layout",
            field=models.JSONField(blank=True, default=dict, verbose_name="sidhuvud och layout"),
        ),
        migrations.AddField(
            model_name="historicaltjansteutlatande",
            name="ovriga_beteckningar",
            field=models.JSONField(blank=True, default=list, verbose_name="fler diarienummer"),
        ),
        migrations.AddField(
            model_name="historicaltjansteutlatande",
            name="ovriga_kontaktpersoner",
            field=models.JSONField(blank=True, default=list, verbose_name="fler kontaktpersoner"),
        ),
        migrations.AddField(
            model_name="historicaltjansteutlatande",
            name="till_datum",
            field=models.JSONField(blank=True, default=list, verbose_name="datum per mottagare"),
        ),
        migrations.AddField(
            model_name="mallavsnitt",
            name="efter_undertecknare",
            field=models.BooleanField(
                default=False,
                help_text="Avsnittet står efter undertecknarna, till exempel ”Beslut sänds till”.",
                verbose_name="efter underskrifterna",
            ),
        ),
        migrations.AddField(
            model_name="tjansteutlatande",
            name="avsandarens_diarienummer",
            field=models.CharField(
                blank=True, max_length=40, verbose_name="avsändarens diarienummer"
            ),
        ),
        migrations.AddField(
            model_name="tjansteutlatande",
            name="layout",
            field=models.JSONField(blank=True, default=dict, verbose_name="sidhuvud och layout"),
        ),
        migrations.AddField(
            model_name="tjansteutlatande",
            name="ovriga_beteckningar",
            field=models.JSONField(blank=True, default=list, verbose_name="fler diarienummer"),
        ),
        migrations.AddField(
            model_name="tjansteutlatande",
            name="ovriga_kontaktpersoner",
            field=models.JSONField(blank=True, default=list, verbose_name="fler kontaktpersoner"),
        ),
        migrations.AddField(
            model_name="tjansteutlatande",
            name="till_datum",
            field=models.JSONField(blank=True, default=list, verbose_name="datum per mottagare"),
        ),
        migrations.AlterField(
            model_name="dokumentmall",
            name="underrubrik_mall",
            field=models.CharField(
                blank=True,
                default="Svar på remiss från {avsandare}, Dnr {avsandarens_diarienummer}",
                help_text="Platshållare: {avsandare} och {avsandarens_diarienummer}. Har avsändaren inget diarienummer skrivs ”avsändaren har inget diarienummer” i stället för platshållaren och texten mellan den och kommatecknet före. Tom: dokumentet får ingen underrubrik.",
                max_length=300,
                verbose_name="mall för underrubrik",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldokumentmall",
            name="underrubrik_mall",
            field=models.CharField(
                blank=True,
                default="Svar på remiss från {avsandare}, Dnr {avsandarens_diarienummer}",
                help_text="Platshållare: {avsandare} och {avsandarens_diarienummer}. Har avsändaren inget diarienummer skrivs ”avsändaren har inget diarienummer” i stället för platshållaren och texten mellan den och kommatecknet före. Tom: dokumentet får ingen underrubrik.",
                max_length=300,
                verbose_name="mall för underrubrik",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalMallHuvudfalt",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("ordning", models.PositiveSmallIntegerField(verbose_name="ordning")),
                (
                    "falt",
                    models.CharField(
                        choices=[
                            ("forvaltning", "Förvaltning (en rad per förvaltning)"),
                            ("enhet", "Enhet"),
                            ("dokumenttyp", "Dokumenttyp"),
                            ("diarienummer", "Diarienummer (vår beteckning)"),
                            ("er_beteckning", "Er beteckning (avsändarens diarienummer)"),
                            ("datum", "Datum (dokumentets datum)"),
                            ("kontaktperson", "Handläggare eller kontaktpersoner"),
                            ("till", "Till (nämnder med datum)"),
                            ("sida", "Sida X (Y)"),
                        ],
                        max_length=20,
                        verbose_name="fält",
                    ),
                ),
                (
                    "etikett",
                    models.CharField(
                        blank=True,
                        help_text="Till exempel ”Dnr”, ”Vår beteckning”, ”Kontaktperson”. Tom: ingen etikett.",
                        max_length=60,
                        verbose_name="etikett",
                    ),
                ),
                (
                    "etikettform",
                    models.CharField(
                        choices=[
                            ("fore", "Före värdet, på samma rad"),
                            ("ovanfor", "På en egen rad ovanför"),
                        ],
                        default="ovanfor",
                        max_length=10,
                        verbose_name="etikettens form",
                    ),
                ),
                (
                    "placering",
                    models.CharField(
                        choices=[
                            ("sidhuvud_vanster", "Sidhuvudet på varje sida, till vänster"),
                            ("sidhuvud_hoger", "Sidhuvudet på varje sida, till höger"),
                            ("forsta_vanster", "Första sidan, till vänster"),
                            ("forsta_hoger", "Första sidan, till höger"),
                            ("forsta_under", "Första sidan, under blocken"),
                        ],
                        max_length=20,
                        verbose_name="placering",
                    ),
                ),
                ("med_titel", models.BooleanField(default=False, verbose_name="med titel")),
                ("med_telefon", models.BooleanField(default=False, verbose_name="med telefon")),
                ("med_epost", models.BooleanField(default=False, verbose_name="med e-post")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "mall",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="remiss.dokumentmall",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical fält i sidhuvud",
                "verbose_name_plural": "historical fält i sidhuvud",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="MallHuvudfalt",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("ordning", models.PositiveSmallIntegerField(verbose_name="ordning")),
                (
                    "falt",
                    models.CharField(
                        choices=[
                            ("forvaltning", "Förvaltning (en rad per förvaltning)"),
                            ("enhet", "Enhet"),
                            ("dokumenttyp", "Dokumenttyp"),
                            ("diarienummer", "Diarienummer (vår beteckning)"),
                            ("er_beteckning", "Er beteckning (avsändarens diarienummer)"),
                            ("datum", "Datum (dokumentets datum)"),
                            ("kontaktperson", "Handläggare eller kontaktpersoner"),
                            ("till", "Till (nämnder med datum)"),
                            ("sida", "Sida X (Y)"),
                        ],
                        max_length=20,
                        verbose_name="fält",
                    ),
                ),
                (
                    "etikett",
                    models.CharField(
                        blank=True,
                        help_text="Till exempel ”Dnr”, ”Vår beteckning”, ”Kontaktperson”. Tom: ingen etikett.",
                        max_length=60,
                        verbose_name="etikett",
                    ),
                ),
                (
                    "etikettform",
                    models.CharField(
                        choices=[
                            ("fore", "Före värdet, på samma rad"),
                            ("ovanfor", "På en egen rad ovanför"),
                        ],
                        default="ovanfor",
                        max_length=10,
                        verbose_name="etikettens form",
                    ),
                ),
                (
                    "placering",
                    models.CharField(
                        choices=[
                            ("sidhuvud_vanster", "Sidhuvudet på varje sida, till vänster"),
                            ("sidhuvud_hoger", "Sidhuvudet på varje sida, till höger"),
                            ("forsta_vanster", "Första sidan, till vänster"),
                            ("forsta_hoger", "Första sidan, till höger"),
                            ("forsta_under", "Första sidan, under blocken"),
                        ],
                        max_length=20,
                        verbose_name="placering",
                    ),
                ),
                ("med_titel", models.BooleanField(default=False, verbose_name="med titel")),
                ("med_telefon", models.BooleanField(default=False, verbose_name="med telefon")),
                ("med_epost", models.BooleanField(default=False, verbose_name="med e-post")),
                (
                    "mall",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="huvudfalt",
                        to="remiss.dokumentmall",
                    ),
                ),
            ],
            options={
                "verbose_name": "fält i sidhuvud",
                "verbose_name_plural": "fält i sidhuvud",
                "ordering": ["mall", "ordning"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("mall", "falt"),
                        name="mallhuvudfalt_falt_unikt",
                        violation_error_message="Fältet står redan i mallens sidhuvud.",
                    ),
                    models.UniqueConstraint(
                        fields=("mall", "ordning"),
                        name="mallhuvudfalt_ordning_unik",
                        violation_error_message="Två fält i sidhuvudet har samma ordning.",
                    ),
                ],
            },
        ),
        migrations.AddField(
            model_name='dokumentmall',
            name='skriv_logotyp',
            field=models.BooleanField(default=False, help_text='Logotypen från kommunens grafiska profil, överst på första sidan.', verbose_name='skriv ut kommunens logotyp'),
        ),
        migrations.AddField(
            model_name='dokumentmall',
            name='skriv_sidfot',
            field=models.BooleanField(default=False, help_text='Adresser, telefon, webb och organisationsnummer från kommunens grafiska profil, längst ned på varje sida.', verbose_name='skriv ut kommunens sidfot'),
        ),
        migrations.AddField(
            model_name='historicaldokumentmall',
            name='skriv_logotyp',
            field=models.BooleanField(default=False, help_text='Logotypen från kommunens grafiska profil, överst på första sidan.', verbose_name='skriv ut kommunens logotyp'),
        ),
        migrations.AddField(
            model_name='historicaldokumentmall',
            name='skriv_sidfot',
            field=models.BooleanField(default=False, help_text='Adresser, telefon, webb och organisationsnummer från kommunens grafiska profil, längst ned på varje sida.', verbose_name='skriv ut kommunens sidfot'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='profil',
            field=models.JSONField(blank=True, default=dict, verbose_name='grafisk profil'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='profil',
            field=models.JSONField(blank=True, default=dict, verbose_name='grafisk profil'),
        ),
        migrations.RunPython(standardhuvud_till_mallarna, migrations.RunPython.noop),
    ]
