"""The final PDF of a fully attested tjänsteutlåtande: rendered once, stored, never redone.

A finalised document is an allmän handling (TF 2 kap.): it must never change silently. So the
file is written once by `remiss.services.slutversion.slutversion_skapa`, its SHA-256 is kept
beside it, and every read checks the bytes against that hash before serving them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.modellfalt import valfri_person
from nameden.sparmanager import TrackedManager
from remiss.models.tjansteutlatande import Tjansteutlatande


def slutversion_upload_to(instance: "Slutversion", filename: str) -> str:
    """A path that no user controls."""
    return f"slutversioner/{instance.sha256[:2]}/{uuid.uuid4().hex}.pdf"


class Slutversion(models.Model):
    # One final version per attested content: a document edited after attest (which voids
    # the attestations) and attested again gets a new one; the earlier stays, never deleted.
    tjansteutlatande = models.ForeignKey(
        Tjansteutlatande,
        verbose_name="tjänsteutlåtande",
        on_delete=models.PROTECT,
        related_name="slutversioner",
    )
    fil = models.FileField("fil", upload_to=slutversion_upload_to, max_length=200)
    sha256 = models.CharField("SHA-256", max_length=64)
    storlek = models.PositiveBigIntegerField("storlek (byte)")
    sidor = models.PositiveIntegerField("antal sidor")
    fingeravtryck = models.CharField(
        "innehållets fingeravtryck (SHA-256)",
        max_length=64,
        help_text="Fingeravtrycket av det attesterade innehåll som PDF:en skapades från.",
    )
    fingeravtryck_format = models.CharField("fingeravtryckets format", max_length=20)
    skapad_at = models.DateTimeField("skapad", default=timezone.now)
    skapad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="skapad av",
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Superseded: the attestations it was made from were voided (the content was edited after
    # attest). It stays stored, a public record, but is never served as the final version.
    upphavd_at = models.DateTimeField("upphävd", null=True, blank=True)
    upphavd_av = valfri_person("upphävd av")
    upphavd_orsak = models.CharField("varför den upphävdes", max_length=200, blank=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "slutversion"
        verbose_name_plural = "slutversioner"
        ordering = ["-skapad_at", "-id"]
        constraints = [
            # One final version in force per content. A superseded one stays beside it: the
            # same content may be attested again after a void, and then gets a new version.
            models.UniqueConstraint(
                fields=["tjansteutlatande", "fingeravtryck"],
                condition=models.Q(upphavd_at__isnull=True),
                name="slutversion_en_gallande_per_innehall",
            )
        ]

    def __str__(self) -> str:
        return f"Slutversion av {self.tjansteutlatande} ({self.sha256[:12]})"
