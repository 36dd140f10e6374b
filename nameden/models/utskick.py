"""What is sent out from a justerat protokoll: protokollsutdrag and expedieringar.

Both are records of something that happened and are never changed: a new utdrag is a new
row (and a new file), a second expediering of the same beslut is a new row. Written by
`nameden.services.utskick`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.models.motet import Paragraf
from nameden.sparmanager import TrackedManager


class Protokollsutdrag(models.Model):
    """An extract of one paragraf of a justerat protokoll, certified (utdragsbestyrkande) by
    whoever made it, stored as PDF/A with its SHA-256."""

    paragraf = models.ForeignKey(
        Paragraf, verbose_name="paragraf", on_delete=models.PROTECT, related_name="utdrag"
    )
    fil = models.FileField("utdrag (PDF/A)", upload_to="namnd/utdrag/%Y/")
    sha256 = models.CharField("SHA-256", max_length=64)
    storlek = models.PositiveBigIntegerField("storlek (byte)", default=0)
    sidor = models.PositiveIntegerField("sidor", default=0)
    #: The punkt was marked sekretess when the utdrag was made (the PDF says so).
    sekretess = models.BooleanField("sekretess", default=False)
    bestyrkt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utdragsbestyrkande",
        on_delete=models.PROTECT,
        related_name="+",
    )
    bestyrkt_at = models.DateTimeField("bestyrkt", default=timezone.now)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "protokollsutdrag"
        verbose_name_plural = "protokollsutdrag"
        ordering = ["paragraf_id", "-bestyrkt_at", "-pk"]

    def __str__(self) -> str:
        return f"Utdrag ur {self.paragraf}"


class Expediering(models.Model):
    """A paragraf's beslut sent out: to whom, when, by whom, which files with their hashes
    (`filer`: a list of {"titel", "filnamn", "sha256", "storlek"}) and the message's
    Message-ID, by which the mail server's log finds it."""

    paragraf = models.ForeignKey(
        Paragraf, verbose_name="paragraf", on_delete=models.PROTECT, related_name="expedieringar"
    )
    #: The protokollsutdrag that went out with it.
    utdrag = models.ForeignKey(
        Protokollsutdrag,
        verbose_name="protokollsutdrag",
        on_delete=models.PROTECT,
        null=True,
        related_name="expedieringar",
    )
    #: Every address the message went to, in the order of the To header.
    mottagare = models.JSONField("mottagare", default=list)
    amne = models.CharField("ämne", max_length=300, blank=True)
    skickat_at = models.DateTimeField("skickat", default=timezone.now)
    skickat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="skickat av",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    filer = models.JSONField("filer", default=list)
    message_id = models.CharField("Message-ID", max_length=300, blank=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "expediering"
        verbose_name_plural = "expedieringar"
        ordering = ["paragraf_id", "-skickat_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.paragraf} till {', '.join(self.mottagare)}"
