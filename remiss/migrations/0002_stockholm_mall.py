"""Ship the Stockholm tjänsteutlåtande as the first dokumentmall (data, not code)."""

from django.db import migrations

MALL = {
    "namn": "Stockholms stad – tjänsteutlåtande",
    "dokumenttyp": "Tjänsteutlåtande",
    "underrubrik_mall": "Svar på remiss från {avsandare}, Dnr {avsandarens_diarienummer}",
    "standard": True,
}

AVSNITT = [
    (
        "forslag_till_beslut",
        "Förvaltningens förslag till beslut",
        "beslutspunkter",
        "Numrerade beslutspunkter, var och en en hel mening skriven som om beslutet redan "
        "fattats, så att den kan föras över till protokollet.",
        "{namnd} godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
    ),
    (
        "sammanfattning",
        "Sammanfattning",
        "text",
        "Kort och självständig: sammanfattningen återanvänds i protokollet.",
        "",
    ),
    ("bakgrund", "Bakgrund", "text", "Varför remissen kommit och vad den gäller.", ""),
    ("arendet", "Ärendet", "text", "Vad förslaget innehåller.", ""),
    (
        "arendets_beredning",
        "Ärendets beredning",
        "beredning",
        "Skrivs utifrån beredningsstegen. Du kan redigera texten.",
        "",
    ),
    (
        "synpunkter",
        "Förvaltningens synpunkter och förslag",
        "text",
        "Förvaltningens bedömning och förslag.",
        "",
    ),
]


def create_mall(apps, schema_editor):
    Dokumentmall = apps.get_model("remiss", "Dokumentmall")
    MallAvsnitt = apps.get_model("remiss", "MallAvsnitt")
    mall, created = Dokumentmall.objects.get_or_create(namn=MALL["namn"], defaults=MALL)
    if not created:
        return
    for ordning, (nyckel, rubrik, typ, hjalptext, standardtext) in enumerate(AVSNITT, start=1):
        # Beredning may be recorded after attest (as in the reference), so it is optional.
        MallAvsnitt.objects.create(
            mall=mall,
            ordning=ordning,
            nyckel=nyckel,
            rubrik=rubrik,
            typ=typ,
            hjalptext=hjalptext,
            standardtext=standardtext,
            obligatorisk=typ != "beredning",
        )


def remove_mall(apps, schema_editor):
    Dokumentmall = apps.get_model("remiss", "Dokumentmall")
    MallAvsnitt = apps.get_model("remiss", "MallAvsnitt")
    MallAvsnitt.objects.filter(mall__namn=MALL["namn"]).delete()
    Dokumentmall.objects.filter(namn=MALL["namn"]).delete()


class Migration(migrations.Migration):
    dependencies = [("remiss", "0001_initial")]

    operations = [migrations.RunPython(create_mall, remove_mall)]
