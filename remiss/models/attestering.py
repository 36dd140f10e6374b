"""Digital attestation: rounds of approval bound to the exact content approved.

When a handläggare sends the tjänsteutlåtande for attest, an `Attestrunda` freezes the chain
of attestants (from the mall and the organisation). Each decision is an `Attestering` holding
who, their titel at that moment, when, the decision and the SHA-256 fingerprint of the whole
document content (`remiss.fingeravtryck`). The document counts as attested only while every
approval of the round matches the *current* fingerprint, so a change made behind the app's
back is caught on the next read.

A joint document (`remiss.samverkan`) is sent as one round per deltagare, each with its own
förvaltning's chain: the registering förvaltning's round is the main one (`huvudrunda` is
None), the others point at it. Together they are one sending: every chain attests the same
fingerprint, and the document is attested only when all of them are complete.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.modellfalt import valfri_person
from nameden.sparmanager import TrackedManager
from remiss.models.tjansteutlatande import Tjansteutlatande


class Attestrunda(models.Model):
    class Status(models.TextChoices):
        PAGAR = "pagar", "Pågår"
        KLAR = "klar", "Attesterad"
        RETURNERAD = "returnerad", "Returnerad"
        UPPHAVD = "upphavd", "Upphävd"
        ATERKALLAD = "aterkallad", "Återkallad av handläggaren"

    tjansteutlatande = models.ForeignKey(
        Tjansteutlatande, on_delete=models.PROTECT, related_name="attestrundor"
    )
    #: The chain frozen at sending: [{"roll", "attestant_id", "ersattare_ids"}], in order.
    kedja = models.JSONField("attestkedja")
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.PAGAR)
    skickad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="skickad av",
        on_delete=models.PROTECT,
        related_name="+",
    )
    skickad_at = models.DateTimeField("skickad", default=timezone.now)
    skickad_version = models.PositiveIntegerField("version som skickades")
    avslutad_at = models.DateTimeField("avslutad", null=True, blank=True)
    #: The designated attestant of the step now open; None once the round has ended. A copy
    #: of what `kedja` and the decisions say (`attestlage.vantar_pa_id`), kept in step by the
    #: attest services, so that "waiting for me" is a filter in SQL (`attestlage.vantande_rundor`).
    vantar_pa = valfri_person("väntar på")
    #: Whose chain this is; None on the main round (the registering förvaltning's).
    forvaltning = models.ForeignKey(
        "nameden.Forvaltning",
        verbose_name="förvaltningens kedja",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The main round of the same sending, for a medverkande förvaltning's chain; None on the
    #: main round itself (and on every round of a one-förvaltning document).
    huvudrunda = models.ForeignKey(
        "self",
        verbose_name="samma sändning som",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delrundor",
    )
    #: How many chains the sending has (1: a one-förvaltning document), so that reading a
    #: one-chain round never asks for its (absent) delrundor.
    antal_kedjor = models.PositiveSmallIntegerField("antal kedjor i sändningen", default=1)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "attestrunda"
        verbose_name_plural = "attestrundor"
        ordering = ["-skickad_at", "-id"]

    def __str__(self) -> str:
        return f"Attestrunda {self.pk} ({self.get_status_display()})"


class Attestering(models.Model):
    class Beslut(models.TextChoices):
        GODKAND = "godkand", "Godkänd"
        RETURNERAD = "returnerad", "Returnerad"

    runda = models.ForeignKey(Attestrunda, on_delete=models.PROTECT, related_name="attesteringar")
    steg = models.PositiveSmallIntegerField("steg")
    roll = models.CharField("roll", max_length=30)
    attestant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="attesterad av",
        on_delete=models.PROTECT,
        related_name="attesteringar",
    )
    i_stallet_for = valfri_person("som ersättare för")
    namn = models.CharField("namn", max_length=200)
    titel = models.CharField("titel vid attesten", max_length=120)
    beslut = models.CharField("beslut", max_length=20, choices=Beslut.choices)
    kommentar = models.TextField("kommentar", blank=True)
    tidpunkt = models.DateTimeField("tidpunkt", default=timezone.now)
    fingeravtryck = models.CharField("fingeravtryck (SHA-256)", max_length=64)
    #: Which canonical form `fingeravtryck` was computed in (`remiss.fingeravtryck.FORMATER`).
    fingeravtryck_format = models.CharField("fingeravtryckets format", max_length=20)
    version = models.PositiveIntegerField("version som attesterades")
    ogiltig_at = models.DateTimeField("ogiltig sedan", null=True, blank=True)
    ogiltig_orsak = models.CharField("orsak", max_length=200, blank=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "attestering"
        verbose_name_plural = "attesteringar"
        ordering = ["runda", "steg"]
        constraints = [
            # One decision per step: the database, not only the code, stops a double attest.
            models.UniqueConstraint(
                fields=["runda", "steg"], name="attestering_ett_beslut_per_steg"
            )
        ]

    def __str__(self) -> str:
        return f"{self.namn}, {self.titel}: {self.get_beslut_display()}"


class SeddVersion(models.Model):
    """The version of a document an attestant last looked at, for "what changed since".

    A read receipt, not a domain object: it keeps no history (like Diarieserie and Handelse).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tjansteutlatande = models.ForeignKey(
        Tjansteutlatande, on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveIntegerField("version")
    sedd_at = models.DateTimeField("sedd", default=timezone.now)

    class Meta:
        verbose_name = "sedd version"
        verbose_name_plural = "sedda versioner"
        constraints = [
            models.UniqueConstraint(fields=["user", "tjansteutlatande"], name="sedd_version_unik")
        ]

    def __str__(self) -> str:
        return f"{self.user} såg version {self.version}"
