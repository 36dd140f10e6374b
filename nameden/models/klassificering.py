"""The förvaltning's klassificeringsstruktur: the codes a case is classified under.

Many diarier number a case with its class, "1.6-0463/2024" or "KS-2014/742.912": the
registrator chooses the code from the list the förvaltning keeps (maintained in the admin)
when the förvaltning's diarienummer format has {klass}. A code in use is never deleted, only
made inactive: the numbers already given keep it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from nameden import diarienummer
from nameden.models.organisation import Forvaltning, texter_som_trycks_fel
from nameden.sparmanager import TrackedQuerySet


class KlassificeringQuerySet(TrackedQuerySet):
    def aktiva_for(self, forvaltning: Forvaltning) -> "KlassificeringQuerySet":
        """The codes a registrator of `forvaltning` may choose, in code order."""
        return self.filter(forvaltning=forvaltning, aktiv=True).order_by("kod")


class Klassificering(models.Model):
    """One code in a förvaltning's klassificeringsstruktur, e.g. 1.6 Remisser."""

    forvaltning = models.ForeignKey(
        Forvaltning,
        verbose_name="förvaltning",
        on_delete=models.PROTECT,
        related_name="klassificeringar",
    )
    kod = models.CharField(
        "kod",
        max_length=12,
        help_text="Skrivs i diarienumret, till exempel 1.6 eller 050. Bokstäver, siffror och "
        "- eller . mellan dem.",
    )
    benamning = models.CharField(
        "benämning", max_length=200, help_text="Till exempel Remisser och yttranden."
    )
    aktiv = models.BooleanField(
        "aktiv",
        default=True,
        help_text="Bara aktiva koder kan väljas när en remiss registreras. Ärenden som redan "
        "har koden behåller den.",
    )
    history = HistoricalRecords()

    objects = KlassificeringQuerySet.as_manager()

    class Meta:
        verbose_name = "klassificering"
        verbose_name_plural = "klassificeringsstruktur"
        ordering = ["forvaltning__namn", "kod"]
        constraints = [
            models.UniqueConstraint(
                fields=["forvaltning", "kod"],
                name="klassificering_kod_unik_per_forv",
                violation_error_message="Förvaltningen har redan en klassificering med koden.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kod} {self.benamning}"

    def clean(self) -> None:
        super().clean()
        errors = texter_som_trycks_fel(self, ["kod", "benamning"])
        if "kod" not in errors and (fel := kod_fel(self.kod or "")):
            errors["kod"] = fel
        if errors:
            raise ValidationError(errors)


def kod_fel(kod: str) -> str | None:
    """Why `kod` cannot be a klass code, or None. The code is written into diarienummer
    between separators, so it may not hold a space or a /, which separate a number's parts."""
    if fel := diarienummer.text_fel(kod, etikett="Koden"):
        return fel
    if " " in kod or "/" in kod:
        return "Koden kan inte innehålla mellanslag eller /. Använd - eller . mellan delarna."
    return None
