"""The document owns its header; fingerprints name their format; superseded final versions.

The data step (`fyll_dokumenthuvud`) copies into every existing tjänsteutlåtande the header
it printed until now, which was read from the organisation on every render: diarienummer,
förvaltning, the handläggare's name, titel, telefon and e-post with their unit, "Till" (the
chosen meeting's nämnd and date, else the remiss's nämnder) and, as the document's date, the
day it was created. The values are today's, so each document reads exactly as it did the
moment before: its remiss-tu/1 fingerprint is unchanged, and an attestation that holds now
still holds (`remiss.fingeravtryck.stammer` checks it in the format it was made in).

History: the step writes no new history rows and no new version, because what the document
says does not change. It fills the new columns of the document's existing history rows with
the same values instead. The history is read as versions ("what changed since you last
read", the version comparison, the conflict check of an edit), and a row with an empty header
beside a document with a full one would report a header change that never happened. Before
this migration no version recorded its header, so today's value is the only one known.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

HUVUDFALT = (
    "diarienummer",
    "forvaltning_namn",
    "enhet",
    "handlaggare_namn",
    "handlaggare_titel",
    "handlaggare_telefon",
    "handlaggare_epost",
    "till",
    "sammantradesdatum",
    "datum",
)


def _uppgifter(tu, skapad) -> dict:
    """The header as `remiss.dokument.dokument_for` derived it until now (and its extras)."""
    remiss = tu.remiss
    handlaggare = remiss.handlaggare
    if tu.sammantrade_id:
        till, sammantradesdatum = [tu.sammantrade.namnd.namn], tu.sammantrade.datum
    else:
        till, sammantradesdatum = [n.namn for n in remiss.namnder.order_by("namn")], None
    namn = f"{handlaggare.first_name} {handlaggare.last_name}".strip()  # get_full_name()
    return {
        "diarienummer": remiss.diarienummer,
        "forvaltning_namn": remiss.forvaltning.namn,
        "enhet": handlaggare.avdelning.namn if handlaggare.avdelning_id else "",
        "handlaggare_namn": namn or handlaggare.username,
        "handlaggare_titel": handlaggare.titel,
        "handlaggare_telefon": handlaggare.telefon,
        "handlaggare_epost": handlaggare.email,
        "till": till,
        "sammantradesdatum": sammantradesdatum,
        "datum": timezone.localtime(skapad).date() if skapad else None,
    }


def fyll_dokumenthuvud(apps, schema_editor):
    db = schema_editor.connection.alias
    Tjansteutlatande = apps.get_model("remiss", "Tjansteutlatande")
    Historik = apps.get_model("remiss", "HistoricalTjansteutlatande")
    dokument = Tjansteutlatande.objects.using(db).select_related(
        "remiss__forvaltning", "remiss__handlaggare__avdelning", "sammantrade__namnd"
    )
    for tu in dokument.order_by("pk").iterator(chunk_size=200):
        rader = list(Historik.objects.using(db).filter(id=tu.pk).order_by("history_date"))
        uppgifter = _uppgifter(tu, rader[0].history_date if rader else tu.andrad_at)
        # The historical models of a migration carry no simple-history signals: these saves
        # add no history rows, and version and andrad_at stay as they are.
        for row in [tu, *rader]:
            for falt, value in uppgifter.items():
                setattr(row, falt, value)
            row.save(using=db, update_fields=HUVUDFALT)


class Migration(migrations.Migration):

    dependencies = [
        ('remiss', '0004_slutversion'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='attestering',
            name='fingeravtryck_format',
            field=models.CharField(default='remiss-tu/1', max_length=20, verbose_name='fingeravtryckets format'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalattestering',
            name='fingeravtryck_format',
            field=models.CharField(default='remiss-tu/1', max_length=20, verbose_name='fingeravtryckets format'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalslutversion',
            name='fingeravtryck_format',
            field=models.CharField(default='remiss-tu/1', max_length=20, verbose_name='fingeravtryckets format'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='historicalslutversion',
            name='upphavd_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='upphävd'),
        ),
        migrations.AddField(
            model_name='historicalslutversion',
            name='upphavd_av',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='upphävd av'),
        ),
        migrations.AddField(
            model_name='historicalslutversion',
            name='upphavd_orsak',
            field=models.CharField(blank=True, max_length=200, verbose_name='varför den upphävdes'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='datum',
            field=models.DateField(blank=True, null=True, verbose_name='dokumentets datum'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='diarienummer',
            field=models.CharField(blank=True, max_length=40, verbose_name='diarienummer'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='enhet',
            field=models.CharField(blank=True, max_length=200, verbose_name='enhet'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='forvaltning_namn',
            field=models.CharField(blank=True, max_length=200, verbose_name='förvaltning'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='handlaggare_epost',
            field=models.CharField(blank=True, max_length=254, verbose_name='handläggarens e-post'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='handlaggare_namn',
            field=models.CharField(blank=True, max_length=200, verbose_name='handläggare'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='handlaggare_telefon',
            field=models.CharField(blank=True, max_length=40, verbose_name='handläggarens telefon'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='handlaggare_titel',
            field=models.CharField(blank=True, max_length=120, verbose_name='handläggarens titel'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='sammantradesdatum',
            field=models.DateField(blank=True, null=True, verbose_name='sammanträdesdatum'),
        ),
        migrations.AddField(
            model_name='historicaltjansteutlatande',
            name='till',
            field=models.JSONField(blank=True, default=list, verbose_name='till'),
        ),
        migrations.AddField(
            model_name='slutversion',
            name='fingeravtryck_format',
            field=models.CharField(default='remiss-tu/1', max_length=20, verbose_name='fingeravtryckets format'),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='slutversion',
            name='upphavd_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='upphävd'),
        ),
        migrations.AddField(
            model_name='slutversion',
            name='upphavd_av',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='upphävd av'),
        ),
        migrations.AddField(
            model_name='slutversion',
            name='upphavd_orsak',
            field=models.CharField(blank=True, max_length=200, verbose_name='varför den upphävdes'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='datum',
            field=models.DateField(blank=True, null=True, verbose_name='dokumentets datum'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='diarienummer',
            field=models.CharField(blank=True, max_length=40, verbose_name='diarienummer'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='enhet',
            field=models.CharField(blank=True, max_length=200, verbose_name='enhet'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='forvaltning_namn',
            field=models.CharField(blank=True, max_length=200, verbose_name='förvaltning'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='handlaggare_epost',
            field=models.CharField(blank=True, max_length=254, verbose_name='handläggarens e-post'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='handlaggare_namn',
            field=models.CharField(blank=True, max_length=200, verbose_name='handläggare'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='handlaggare_telefon',
            field=models.CharField(blank=True, max_length=40, verbose_name='handläggarens telefon'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='handlaggare_titel',
            field=models.CharField(blank=True, max_length=120, verbose_name='handläggarens titel'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='sammantradesdatum',
            field=models.DateField(blank=True, null=True, verbose_name='sammanträdesdatum'),
        ),
        migrations.AddField(
            model_name='tjansteutlatande',
            name='till',
            field=models.JSONField(blank=True, default=list, verbose_name='till'),
        ),
        migrations.AlterField(
            model_name='attestrunda',
            name='status',
            field=models.CharField(choices=[('pagar', 'Pågår'), ('klar', 'Attesterad'), ('returnerad', 'Returnerad'), ('upphavd', 'Upphävd'), ('aterkallad', 'Återkallad av handläggaren')], default='pagar', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalattestrunda',
            name='status',
            field=models.CharField(choices=[('pagar', 'Pågår'), ('klar', 'Attesterad'), ('returnerad', 'Returnerad'), ('upphavd', 'Upphävd'), ('aterkallad', 'Återkallad av handläggaren')], default='pagar', max_length=20, verbose_name='status'),
        ),
        # Nothing to undo: going back removes the columns the step filled.
        migrations.RunPython(fyll_dokumenthuvud, migrations.RunPython.noop),
    ]
