"""A mall's header and layout as data: which fields the document's header prints, where, in
which order and under which labels, and where the signatories and the bilagor list stand.

An administrator edits the header as rows (`MallHuvudfalt`, an inline of the mall in the
admin), never as JSON or a template. A tjänsteutlåtande copies the rows and the layout
choices when it is created (`remiss.huvudlayout.layout_fran_mall`), so a later edit of the
mall never changes a document already written.

A mall without header rows prints the standard header, Stockholm's (`STANDARDHUVUD`): that
is what every document printed before the header was configurable, and what every mall
shipped until then got from migration 0011.
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from nameden import textkontroll
from nameden.sparmanager import TrackedManager


class Huvudfalt(models.TextChoices):
    """What a header row prints: each value is the document's own copy (remiss.dokumenthuvud)."""

    FORVALTNING = "forvaltning", "Förvaltning (en rad per förvaltning)"
    ENHET = "enhet", "Enhet"
    DOKUMENTTYP = "dokumenttyp", "Dokumenttyp"
    DIARIENUMMER = "diarienummer", "Diarienummer (vår beteckning)"
    ER_BETECKNING = "er_beteckning", "Er beteckning (avsändarens diarienummer)"
    DATUM = "datum", "Datum (dokumentets datum)"
    KONTAKTPERSON = "kontaktperson", "Handläggare eller kontaktpersoner"
    TILL = "till", "Till (nämnder med datum)"
    SIDA = "sida", "Sida X (Y)"


class Placering(models.TextChoices):
    SIDHUVUD_VANSTER = "sidhuvud_vanster", "Sidhuvudet på varje sida, till vänster"
    SIDHUVUD_HOGER = "sidhuvud_hoger", "Sidhuvudet på varje sida, till höger"
    FORSTA_VANSTER = "forsta_vanster", "Första sidan, till vänster"
    FORSTA_HOGER = "forsta_hoger", "Första sidan, till höger"
    FORSTA_UNDER = "forsta_under", "Första sidan, under blocken"


#: Placements in the running header (the rest are the first page's block).
SIDHUVUD = (Placering.SIDHUVUD_VANSTER, Placering.SIDHUVUD_HOGER)


class Etikettform(models.TextChoices):
    FORE = "fore", "Före värdet, på samma rad"
    OVANFOR = "ovanfor", "På en egen rad ovanför"


class Undertecknarplacering(models.TextChoices):
    EFTER_AVSNITTEN = "efter_avsnitten", "Efter avsnitten (före avsnitt som följer underskrifterna)"
    EFTER_BILAGOR = "efter_bilagor", "Efter bilageförteckningen"


class Bilageplacering(models.TextChoices):
    OVERST = "overst", "Överst, efter underrubriken"
    EFTER_UNDERTECKNARE = "efter_undertecknare", "Efter avsnitten och undertecknarna"
    SIST = "sist", "Sist, efter avsnitten som följer underskrifterna"


#: Stockholm's header, row by row (fält, etikett, etikettform, placering, titel, telefon,
#: e-post): förvaltning, document type, "Dnr …" and "Sida X (Y)" in the running header,
#: Handläggare with telefon and Till on the first page. The same rows as migration 0011
#: writes; a document or mall without rows prints these.
STANDARDHUVUD: tuple[dict, ...] = (
    {
        "falt": "forvaltning",
        "etikett": "",
        "etikettform": "ovanfor",
        "placering": "sidhuvud_vanster",
    },
    {"falt": "dokumenttyp", "etikett": "", "etikettform": "ovanfor", "placering": "sidhuvud_hoger"},
    {
        "falt": "diarienummer",
        "etikett": "Dnr",
        "etikettform": "fore",
        "placering": "sidhuvud_hoger",
    },
    {"falt": "sida", "etikett": "Sida", "etikettform": "fore", "placering": "sidhuvud_hoger"},
    {
        "falt": "kontaktperson",
        "etikett": "Handläggare",
        "etikettform": "ovanfor",
        "placering": "forsta_vanster",
        "med_telefon": True,
    },
    {"falt": "till", "etikett": "Till", "etikettform": "ovanfor", "placering": "forsta_hoger"},
)

#: What a kontaktperson prints besides the name; only that field has these lines.
KONTAKTRADER = ("med_titel", "med_telefon", "med_epost")


def huvudfel(rader: list[dict]) -> list[str]:
    """Every error in a whole header (rows as dicts with the keys of `MallHuvudfalt.som_rad`),
    in Swedish: the admin's inline and a mall file's import check the same rules."""
    fel: list[str] = []
    sedda: set[str] = set()
    for nummer, rad in enumerate(rader, start=1):
        falt = rad.get("falt")
        if falt not in Huvudfalt.values:
            fel.append(
                f"Rad {nummer}: okänt fält ”{falt}”. Möjliga: {', '.join(Huvudfalt.values)}."
            )
            continue
        if falt in sedda:
            fel.append(
                f"Fältet ”{Huvudfalt(falt).label}” står två gånger i sidhuvudet. "
                "Varje fält får stå en gång."
            )
        sedda.add(falt)
        fel.extend(f"Rad {nummer}: {f}" for f in radfel(rad).values())
    return fel


def radfel(rad: dict) -> dict[str, str]:
    """The errors of one header row on its own, by the field they concern."""
    fel: dict[str, str] = {}
    falt, placering = rad.get("falt"), rad.get("placering")
    if placering not in Placering.values:
        fel["placering"] = f"Okänd placering ”{placering}”. Möjliga: {', '.join(Placering.values)}."
    elif falt == Huvudfalt.SIDA and placering not in SIDHUVUD:
        fel["placering"] = "Sida X (Y) kan bara stå i sidhuvudet, som upprepas på varje sida."
    if rad.get("etikettform", Etikettform.OVANFOR) not in Etikettform.values:
        fel["etikettform"] = f"Okänd form för etiketten. Möjliga: {', '.join(Etikettform.values)}."
    if falt != Huvudfalt.KONTAKTPERSON and any(rad.get(k) for k in KONTAKTRADER):
        fel["falt"] = (
            "Titel, telefon och e-post kan bara väljas för handläggare och kontaktpersoner."
        )
    etikett = rad.get("etikett", "")
    if not isinstance(etikett, str):
        fel["etikett"] = "Etiketten ska vara en text."
    elif textfel := textkontroll.fel_i(etikett, etikett="Etikett", dokument=True):
        fel["etikett"] = textfel
    return fel


class MallHuvudfalt(models.Model):
    """One row of a mall's header: a field, where it stands and the label it is printed with."""

    mall = models.ForeignKey(
        "remiss.Dokumentmall", on_delete=models.CASCADE, related_name="huvudfalt"
    )
    ordning = models.PositiveSmallIntegerField("ordning")
    falt = models.CharField("fält", max_length=20, choices=Huvudfalt.choices)
    etikett = models.CharField(
        "etikett",
        max_length=60,
        blank=True,
        help_text="Till exempel ”Dnr”, ”Vår beteckning”, ”Kontaktperson”. Tom: ingen etikett.",
    )
    etikettform = models.CharField(
        "etikettens form",
        max_length=10,
        choices=Etikettform.choices,
        default=Etikettform.OVANFOR,
    )
    placering = models.CharField("placering", max_length=20, choices=Placering.choices)
    med_titel = models.BooleanField("med titel", default=False)
    med_telefon = models.BooleanField("med telefon", default=False)
    med_epost = models.BooleanField("med e-post", default=False)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "fält i sidhuvud"
        verbose_name_plural = "fält i sidhuvud"
        ordering = ["mall", "ordning"]
        constraints = [
            models.UniqueConstraint(
                fields=["mall", "falt"],
                name="mallhuvudfalt_falt_unikt",
                violation_error_message="Fältet står redan i mallens sidhuvud.",
            ),
            models.UniqueConstraint(
                fields=["mall", "ordning"],
                name="mallhuvudfalt_ordning_unik",
                violation_error_message="Två fält i sidhuvudet har samma ordning.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ordning}. {self.get_falt_display()}"

    def som_rad(self) -> dict:
        """The row as a document copies it (and as `radfel` and a mall file read it)."""
        rad = {
            "falt": self.falt,
            "etikett": self.etikett,
            "etikettform": self.etikettform,
            "placering": self.placering,
        }
        rad.update({k: True for k in KONTAKTRADER if getattr(self, k)})
        return rad

    def clean(self) -> None:
        if self.falt not in Huvudfalt.values or self.placering not in Placering.values:
            return  # the field's own choice validation says so
        if fel := radfel(self.som_rad()):
            raise ValidationError(fel)
