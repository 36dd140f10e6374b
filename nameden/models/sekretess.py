"""Sekretess (OSL): the paragraphs as data, the marking of a handling, and the read log.

A handling may be a bilaga or a tjänsteutlåtande (the remiss app's) or an agenda punkt (this
app's). nameden may not import remiss, so the marking points at its handling through a
generic relation (contenttypes); what each kind means (its förvaltning, who may read it, who
may mark it) is registered with `nameden.sekretess` by the app that owns the kind.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.models.organisation import Forvaltning
from nameden.sparmanager import TrackedManager


class OslParagraf(models.Model):
    """One paragraph of offentlighets- och sekretesslagen (2009:400) a marking may cite.

    A table, so a kommun's registrator can add the paragraphs their verksamhet needs; the
    data migration brings the common ones (docs/sekretess.md cites the sources).
    """

    kapitel = models.PositiveSmallIntegerField("kapitel")
    paragraf = models.PositiveSmallIntegerField("paragraf")
    rubrik = models.CharField("rubrik", max_length=200)
    #: OSL 5 kap. 2 §: the public diary may leave out the sender and what the handling
    #: concerns when these would reveal what the paragraph protects.
    dolj_i_diariet = models.BooleanField(
        "dölj avsändare och ärendemening i diariet",
        default=False,
        help_text="Enligt OSL 5 kap. 2 § får uppgift om avsändare och vad handlingen rör "
        "utelämnas i det offentliga diariet när uppgiften omfattas av sekretess.",
    )
    aktiv = models.BooleanField("kan väljas", default=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "paragraf i OSL"
        verbose_name_plural = "paragrafer i OSL"
        ordering = ["kapitel", "paragraf"]
        constraints = [
            models.UniqueConstraint(fields=["kapitel", "paragraf"], name="oslparagraf_unik")
        ]

    def __str__(self) -> str:
        return f"{self.beteckning} {self.rubrik}"

    @property
    def beteckning(self) -> str:
        """'OSL 26:1', as lists and masked titles cite it."""
        return f"OSL {self.kapitel}:{self.paragraf}"


class Sekretessmarkering(models.Model):
    """A handling marked secret under a paragraph (OSL 5 kap. 5 §), and its lifting.

    Never deleted: a lifted marking stays with who lifted it, when and why, and a handling
    may be marked again (a new row). At most one marking per handling is in force.
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name="slag av handling", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField("handlingens id")
    handling = GenericForeignKey("content_type", "object_id")
    #: The förvaltning whose handling it is, copied when marked, so a chef's read log is one
    #: indexed filter (and holds even if the handling moves on).
    forvaltning = models.ForeignKey(
        Forvaltning, verbose_name="förvaltning", on_delete=models.PROTECT, related_name="+"
    )
    paragraf = models.ForeignKey(
        OslParagraf, verbose_name="paragraf", on_delete=models.PROTECT, related_name="markeringar"
    )
    skal = models.TextField("skäl")
    markerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="markerad av",
        on_delete=models.PROTECT,
        related_name="+",
    )
    markerad_at = models.DateTimeField("markerad", default=timezone.now)
    havd_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="hävd av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    havd_at = models.DateTimeField("hävd", null=True, blank=True)
    havningsskal = models.TextField("skäl för hävning", blank=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "sekretessmarkering"
        verbose_name_plural = "sekretessmarkeringar"
        ordering = ["-markerad_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(havd_at__isnull=True),
                name="sekretessmarkering_en_gallande",
                violation_error_message="Handlingen är redan sekretessmarkerad.",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="sekretess_handling_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.paragraf.beteckning} ({self.content_type.model} {self.object_id})"

    @property
    def galler(self) -> bool:
        return self.havd_at is None


class Sekretesslasning(models.Model):
    """One read of a secret handling: who, when, what and how (its page or its file).

    Append-only, written by `nameden.services.sekretess.sekretess_logga_lasning` only.
    Tracked like every domain model, so even an edit by hand would leave a trace.
    """

    class Satt(models.TextChoices):
        SIDA = "sida", "Visade sidan"
        FIL = "fil", "Hämtade filen"

    markering = models.ForeignKey(
        Sekretessmarkering,
        verbose_name="sekretessmarkering",
        on_delete=models.PROTECT,
        related_name="lasningar",
    )
    lasare = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="läst av", on_delete=models.PROTECT, related_name="+"
    )
    tidpunkt = models.DateTimeField("tidpunkt", default=timezone.now, db_index=True)
    satt = models.CharField("hur", max_length=10, choices=Satt.choices)
    #: What was read, in words ("Bilaga 2 till SOF 2024/12"), as it was named then.
    vad = models.CharField("vad", max_length=300)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "läsning av sekretessbelagd handling"
        verbose_name_plural = "läsningar av sekretessbelagda handlingar"
        ordering = ["-tidpunkt", "-id"]

    def __str__(self) -> str:
        return f"{self.lasare} {self.tidpunkt:%Y-%m-%d %H:%M} {self.vad}"
