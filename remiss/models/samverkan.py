"""Joint documents: a förvaltning that answers a remiss together with the one that registered it.

The registering förvaltning stays the remiss's owner (its diarium, its handläggare, its
`Remiss.diarienummer`). Each medverkande förvaltning registers its participation in its OWN
diarium: it gets a number from its own series (`remiss.services.diarium`, the same series
and format as its own remisser), names its kontaktperson (a handläggare of its own) and its
own attest chain is resolved from that person (`remiss.attestkedja`). Written only by
`remiss.services.samverkan`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.models import Forvaltning, Klassificering
from nameden.sparmanager import TrackedManager
from remiss.models.remiss import Remiss


class MedverkandeForvaltning(models.Model):
    """One förvaltning that takes part in a remiss it did not register."""

    remiss = models.ForeignKey(
        Remiss, verbose_name="remiss", on_delete=models.PROTECT, related_name="medverkande"
    )
    forvaltning = models.ForeignKey(
        Forvaltning,
        verbose_name="förvaltning",
        on_delete=models.PROTECT,
        related_name="medverkan",
    )
    # From the medverkande förvaltning's own series: unique in its diarium, together with its
    # own remisser, because both take their löpnummer from the same Diarieserie row.
    diarienummer = models.CharField("diarienummer", max_length=40, db_index=True, editable=False)
    dnr_ar = models.PositiveSmallIntegerField("diarieår", editable=False)
    dnr_lopnummer = models.PositiveIntegerField("löpnummer", editable=False)
    klass = models.ForeignKey(
        Klassificering,
        verbose_name="klassificering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    kontaktperson = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="kontaktperson",
        on_delete=models.PROTECT,
        related_name="medverkande_kontakt",
    )
    #: Place among the deltagare after the registering förvaltning (which is always first).
    ordning = models.PositiveSmallIntegerField("ordning")
    registrerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrerad av",
        on_delete=models.PROTECT,
        related_name="+",
    )
    registrerad_at = models.DateTimeField("registrerad", default=timezone.now, editable=False)
    #: Removed before any attest (`medverkan_ta_bort`). The row stays: its number was handed
    #: out in the förvaltning's diarium and is never handed out again.
    borttagen_at = models.DateTimeField("borttagen", null=True, blank=True, editable=False)
    borttagen_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="borttagen av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "medverkande förvaltning"
        verbose_name_plural = "medverkande förvaltningar"
        ordering = ["remiss_id", "ordning", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["remiss", "forvaltning"],
                condition=models.Q(borttagen_at__isnull=True),
                name="medverkande_en_gang_per_remiss",
                violation_error_message="Förvaltningen medverkar redan i remissen.",
            ),
            models.UniqueConstraint(
                fields=["forvaltning", "dnr_ar", "dnr_lopnummer"], name="medverkande_dnr_unikt"
            ),
            models.UniqueConstraint(
                fields=["forvaltning", "diarienummer"],
                name="medverkande_diarienummer_unikt_per_forv",
                violation_error_message="Diarienumret finns redan i förvaltningens diarium. "
                "Be en administratör se över formatet för diarienummer.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.diarienummer} ({self.forvaltning}) i {self.remiss.diarienummer}"

    @property
    def aktiv(self) -> bool:
        return self.borttagen_at is None
