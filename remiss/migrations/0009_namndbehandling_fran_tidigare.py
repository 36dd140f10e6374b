"""Give every remiss already on a nämnd's list, or already decided, its Namndbehandling rows.

Before 0008 the remiss kept no per-nämnd state: an anmälan was only the committee side's
Arende (kalla "remiss", referens "<remiss>:<nämnd>"), and a beslut or expediering moved the
whole remiss. This step reads both back: an anmält ärende becomes its nämnd's row (anmäld, to
the sammanträde of its latest punkt); a remiss that is beslutad, besvarad or avslutad gets a
row for every answering nämnd, beslutad or expedierad, with the beslut's kind and wording from
its timeline. Each row gets a history row saying where it came from. Reversing deletes them.
"""

from django.db import migrations
from django.utils import timezone

KALLA = "remiss"
ORSAK = "Från tidigare registrering (migrering 0009)"
#: The timeline's wording of each Beslutsslag, as remiss_besluta wrote it before 0008.
SLAG_FRAN_TEXT = {
    "Nämndens beslut: bifall till förvaltningens förslag.": "bifall",
    "Nämndens beslut: förvaltningens förslag med ändringar.": "andrat",
    "Nämndens beslut: avslag på förvaltningens förslag.": "avslag",
}
BESLUTADE = {"beslutad": "beslutad", "besvarad": "expedierad", "avslutad": "expedierad"}


def _tolka(referens: str):
    delar = str(referens).split(":")
    if len(delar) != 2 or not all(d.isdigit() for d in delar):
        return None
    return int(delar[0]), int(delar[1])


def _spara(apps, rad) -> None:
    rad.save()
    historik = apps.get_model("remiss", "HistoricalNamndbehandling")
    varden = {
        f.attname: getattr(rad, f.attname)
        for f in type(rad)._meta.concrete_fields
        if f.attname != "id"
    }
    historik.objects.create(
        id=rad.pk,
        history_date=timezone.now(),
        history_type="+",
        history_change_reason=ORSAK,
        **varden,
    )


def fyll_i(apps, schema_editor) -> None:
    Remiss = apps.get_model("remiss", "Remiss")
    Handelse = apps.get_model("remiss", "Handelse")
    Namndbehandling = apps.get_model("remiss", "Namndbehandling")
    Arende = apps.get_model("nameden", "Arende")
    Punkt = apps.get_model("nameden", "Punkt")

    rader = {}
    for arende in Arende.objects.filter(kalla=KALLA).order_by("pk"):
        nycklar = _tolka(arende.referens)
        if nycklar is None or not Remiss.objects.filter(
            pk=nycklar[0], namnder__pk=nycklar[1]
        ).exists():
            continue
        punkt = (
            Punkt.objects.filter(arende=arende)
            .select_related("sammantrade")
            .order_by("-sammantrade__datum", "-pk")
            .first()
        )
        rader[nycklar] = Namndbehandling(
            remiss_id=nycklar[0],
            namnd_id=nycklar[1],
            status="anmald",
            sammantrade_id=punkt.sammantrade_id if punkt else None,
            anmald_at=arende.anmalt_at,
            anmald_av_id=arende.anmalt_av_id,
        )
    for remiss in Remiss.objects.filter(status__in=BESLUTADE).order_by("pk"):
        beslut = (
            Handelse.objects.filter(remiss=remiss, typ="beslut_fattat")
            .order_by("-tidpunkt", "-pk")
            .first()
        )
        besvarad = (
            Handelse.objects.filter(remiss=remiss, typ="status", text__contains="”Besvarad”.")
            .order_by("-tidpunkt", "-pk")
            .first()
        )
        for namnd in remiss.namnder.all():
            rad = rader.get((remiss.pk, namnd.pk)) or Namndbehandling(
                remiss_id=remiss.pk, namnd_id=namnd.pk
            )
            rad.status = BESLUTADE[remiss.status]
            if beslut is not None:
                rad.beslut_slag = SLAG_FRAN_TEXT.get(beslut.text, "bifall")
                rad.beslut_text = beslut.kommentar
                rad.beslutat_at = beslut.tidpunkt
                rad.beslutat_av_id = beslut.anvandare_id
            if rad.status == "expedierad" and besvarad is not None:
                rad.expedierad_at = besvarad.tidpunkt
                rad.expedierad_av_id = besvarad.anvandare_id
            rader[(remiss.pk, namnd.pk)] = rad
    for rad in rader.values():
        _spara(apps, rad)


def tom(apps, schema_editor) -> None:
    apps.get_model("remiss", "HistoricalNamndbehandling").objects.all().delete()
    apps.get_model("remiss", "Namndbehandling").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("nameden", "0003_namnd_ledamoter_sammantrade_foredragningslista"),
        ("remiss", "0008_namndbehandling_avsandare_epost"),
    ]

    operations = [migrations.RunPython(fyll_i, tom)]
