"""The shape of an event log entry, for every aggregate that keeps a timeline.

A remiss (`remiss.models.Handelse`) and a sammanträde (`SammantradeHandelse`) each keep
their own append-only log; both are this abstract model plus the row they belong to.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class HandelseBas(models.Model):
    """One entry: its kind, the sentence shown, who did it (None: the system) and when.
    Append-only: written by services through their `events.record`, never edited."""

    typ = models.CharField("typ", max_length=40)
    text = models.TextField("text")
    anvandare = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utförd av",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    tidpunkt = models.DateTimeField("tidpunkt", default=timezone.now, db_index=True)

    class Meta:
        abstract = True
        ordering = ["-tidpunkt", "-id"]

    def __str__(self) -> str:
        return self.text
