"""Dokumentmallar: a document type and its sections, stored as data.

A municipality that writes "Tjänsteskrivelse" with "Beslutsunderlag" and "Barnperspektiv"
gets that by adding a mall in the admin, not by changing code or templates. A tjänsteutlåtande
copies its mall's structure when it is created, so later edits to a mall never change a
document already being written (or one already attested).
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from nameden.models import Forvaltning


class Avsnittstyp(models.TextChoices):
    TEXT = "text", "Fritext"
    BESLUTSPUNKTER = "beslutspunkter", "Numrerade beslutspunkter"
    BEREDNING = "beredning", "Ärendets beredning (genereras från beredningsstegen)"


#: Roles a mall's attestkedja may name; remiss.attestkedja.ROLLER says how each is found.
ATTESTROLLER = ("avdelningschef", "forvaltningschef")


def default_attestkedja() -> list[str]:
    """Stockholm's order: the handläggare's avdelningschef, then the förvaltningschef."""
    return ["avdelningschef", "forvaltningschef"]


class Dokumentmall(models.Model):
    namn = models.CharField("namn", max_length=200, unique=True)
    dokumenttyp = models.CharField(
        "dokumenttyp", max_length=100, help_text="Skrivs i dokumentets sidhuvud."
    )
    underrubrik_mall = models.CharField(
        "mall för underrubrik",
        max_length=300,
        default="Svar på remiss från {avsandare}, Dnr {avsandarens_diarienummer}",
        help_text="Platshållare: {avsandare} och {avsandarens_diarienummer}.",
    )
    forvaltning = models.ForeignKey(
        Forvaltning,
        verbose_name="förvaltning",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dokumentmallar",
        help_text="Lämna tomt för en mall som alla förvaltningar kan använda.",
    )
    standard = models.BooleanField(
        "förvald", default=False, help_text="Föreslås när beredningen påbörjas."
    )
    aktiv = models.BooleanField("aktiv", default=True)
    attestkedja = models.JSONField(
        "attestkedja",
        default=default_attestkedja,
        help_text="Rollerna som attesterar, i ordning. Möjliga: avdelningschef, forvaltningschef.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "dokumentmall"
        verbose_name_plural = "dokumentmallar"
        ordering = ["-standard", "namn"]

    def __str__(self) -> str:
        return self.namn

    def clean(self) -> None:
        kedja = self.attestkedja
        if not isinstance(kedja, list) or not kedja:
            raise ValidationError(
                {"attestkedja": 'Ange minst en roll, till exempel ["avdelningschef"].'}
            )
        okanda = [roll for roll in kedja if roll not in ATTESTROLLER]
        if okanda:
            raise ValidationError(
                {
                    "attestkedja": f"Okänd roll: {', '.join(map(str, okanda))}. "
                    f"Möjliga: {', '.join(ATTESTROLLER)}."
                }
            )


class MallAvsnitt(models.Model):
    mall = models.ForeignKey(Dokumentmall, on_delete=models.CASCADE, related_name="avsnitt")
    ordning = models.PositiveSmallIntegerField("ordning")
    nyckel = models.SlugField(
        "nyckel", max_length=60, help_text="Tekniskt namn, till exempel sammanfattning."
    )
    rubrik = models.CharField("rubrik", max_length=200)
    typ = models.CharField(
        "typ", max_length=20, choices=Avsnittstyp.choices, default=Avsnittstyp.TEXT
    )
    hjalptext = models.TextField("hjälptext", blank=True)
    obligatorisk = models.BooleanField("obligatorisk", default=True)
    standardtext = models.TextField(
        "standardtext",
        blank=True,
        help_text="Förifylld text. Platshållaren {namnd} blir nämndens namn. "
        "För beslutspunkter: en punkt per rad.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "avsnitt i mall"
        verbose_name_plural = "avsnitt i mall"
        ordering = ["mall", "ordning"]
        constraints = [
            models.UniqueConstraint(fields=["mall", "nyckel"], name="mallavsnitt_nyckel_unik"),
            models.UniqueConstraint(fields=["mall", "ordning"], name="mallavsnitt_ordning_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.ordning}. {self.rubrik}"
