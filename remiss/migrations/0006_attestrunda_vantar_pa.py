"""Attestrunda.vantar_pa: the designated attestant of the open step, as a column.

The inbox used to load every pending round of the förvaltning and work out in Python whose
turn it was. With the current step's attestant on the row it filters in SQL. The data step
fills the column for rounds in progress from their frozen chain and the decisions taken so
far (the same rule as `remiss.attestlage.vantar_pa_id`); ended rounds keep NULL.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

PAGAR = "pagar"


def fyll_vantar_pa(apps, schema_editor):
    Attestrunda = apps.get_model("remiss", "Attestrunda")
    Attestering = apps.get_model("remiss", "Attestering")
    beslutade: dict[int, int] = {}
    for runda_id in Attestering.objects.filter(runda__status=PAGAR).values_list(
        "runda_id", flat=True
    ):
        beslutade[runda_id] = beslutade.get(runda_id, 0) + 1
    for runda in Attestrunda.objects.filter(status=PAGAR).only("id", "kedja"):
        steg = beslutade.get(runda.id, 0)
        if steg < len(runda.kedja):
            # A historical model has no simple-history hooks, so save() here writes no history
            # row, like any data migration: the column is derived data, not a change to the case.
            runda.vantar_pa_id = runda.kedja[steg]["attestant_id"]
            runda.save(update_fields=["vantar_pa"])


def tom_vantar_pa(apps, schema_editor):
    """Going back drops the column; nothing to undo first."""


class Migration(migrations.Migration):
    dependencies = [
        ("remiss", "0005_dokumenthuvud"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="attestrunda",
            name="vantar_pa",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="väntar på",
            ),
        ),
        migrations.AddField(
            model_name="historicalattestrunda",
            name="vantar_pa",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="väntar på",
            ),
        ),
        migrations.RunPython(fyll_vantar_pa, tom_vantar_pa),
    ]
