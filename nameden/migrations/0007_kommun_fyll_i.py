"""Put the existing förvaltningar, and with them their nämnder, in a kommun (issue 9).

Before 0006 the organisation had no kommun: every förvaltning of an installation belonged,
without saying so, to the one kommun it served. This step says so. When there are
förvaltningar and no kommun, it creates one named "Kommunen" (the data holds no name to take
it from; the admin renames it, and sets its organisationsnummer and profile), puts every
förvaltning in it and copies each förvaltning's kommun to its nämnder. Every changed row gets
a history row saying why. An installation without förvaltningar gets no kommun: the first one
is made when it is needed (`nameden.models.kommun.standardkommun`).

Reversing it changes nothing: 0006's reversal drops the columns.
"""

from django.db import migrations
from django.utils import timezone

NAMN = "Kommunen"
SLUG = "kommunen"
ORSAK = "Kommun tillagd (migrering 0007)"


def _historik(apps, modell: str, rad, typ: str) -> None:
    """The history row simple-history would have written, with this step as its reason."""
    historik = apps.get_model("nameden", f"Historical{modell}")
    namn = {f.attname for f in historik._meta.concrete_fields}
    varden = {
        f.attname: getattr(rad, f.attname)
        for f in type(rad)._meta.concrete_fields
        if f.attname != "id" and f.attname in namn
    }
    historik.objects.create(
        id=rad.pk,
        history_date=timezone.now(),
        history_type=typ,
        history_change_reason=ORSAK,
        **varden,
    )


def fyll_i(apps, schema_editor) -> None:
    Kommun = apps.get_model("nameden", "Kommun")
    Forvaltning = apps.get_model("nameden", "Forvaltning")
    Namnd = apps.get_model("nameden", "Namnd")

    if not Forvaltning.objects.filter(kommun__isnull=True).exists():
        return
    kommun = Kommun.objects.order_by("pk").first()
    if kommun is None:
        kommun = Kommun.objects.create(namn=NAMN, slug=SLUG)
        _historik(apps, "Kommun", kommun, "+")
    for forvaltning in Forvaltning.objects.filter(kommun__isnull=True).order_by("pk"):
        forvaltning.kommun_id = kommun.pk
        forvaltning.save(update_fields=["kommun"])
        _historik(apps, "Forvaltning", forvaltning, "~")
    for namnd in Namnd.objects.filter(kommun__isnull=True).select_related("forvaltning"):
        namnd.kommun_id = namnd.forvaltning.kommun_id
        namnd.save(update_fields=["kommun"])
        _historik(apps, "Namnd", namnd, "~")


class Migration(migrations.Migration):
    dependencies = [
        ("nameden", "0006_kommun"),
    ]

    operations = [
        migrations.RunPython(fyll_i, migrations.RunPython.noop, elidable=False),
    ]
