"""Each answering nämnd's handling of a remiss: anmäld, its beslut, its expediering.

A remiss answered by several nämnder is one ärende per nämnd on the committee side
(`remiss.namndkoppling.referens_for`), and each nämnd decides and expedierar on its own. This
row is the remiss's record of where one nämnd stands; the remiss's own status follows from
all of them (`remiss.services.namndbehandling`). Written only by those services.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from nameden.arendekallor import Beslutsslag
from nameden.models import Namnd, Sammantrade
from nameden.sparmanager import TrackedManager
from remiss.models.remiss import Remiss


class Namndbehandling(models.Model):
    """One answering nämnd's handling of one remiss (one row per remiss and nämnd)."""

    class Status(models.TextChoices):
        ANMALD = "anmald", "Anmäld"
        BESLUTAD = "beslutad", "Beslutad"
        #: Sent back: it must be anmäld and decided again.
        ATERREMITTERAD = "aterremitterad", "Återremitterad"
        EXPEDIERAD = "expedierad", "Expedierad"

    #: The nämnd has answered (its beslut stands, whether or not it has gone out yet).
    BESLUTADE = frozenset({Status.BESLUTAD, Status.EXPEDIERAD})

    remiss = models.ForeignKey(
        Remiss,
        verbose_name="remiss",
        on_delete=models.PROTECT,
        related_name="namndbehandlingar",
    )
    namnd = models.ForeignKey(
        Namnd, verbose_name="nämnd", on_delete=models.PROTECT, related_name="remissbehandlingar"
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.ANMALD
    )
    #: The sammanträde it was last anmäld to (where it stands now is its punkt's: bordläggning
    #: moves the punkt, `remiss.selectors.namndbehandlingar_for` reads that).
    sammantrade = models.ForeignKey(
        Sammantrade,
        verbose_name="anmäld till sammanträde",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    anmald_at = models.DateTimeField("anmäld", null=True, blank=True)
    anmald_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="anmäld av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    beslut_slag = models.CharField(
        "beslut", max_length=20, choices=Beslutsslag.choices, blank=True, default=""
    )
    beslut_text = models.TextField("beslutets lydelse", blank=True)
    paragraf = models.CharField("paragraf", max_length=40, blank=True)
    sammantradesdatum = models.DateField("sammanträdesdatum", null=True, blank=True)
    beslutat_at = models.DateTimeField("beslut registrerat", null=True, blank=True)
    beslutat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="beslut registrerat av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    expedierad_at = models.DateTimeField("expedierat", null=True, blank=True)
    expedierad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="expedierat av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The addresses it went to, as sent.
    mottagare = models.JSONField("mottagare", default=list, blank=True)
    #: Each file sent: {"titel", "filnamn", "sha256", "storlek"}.
    filer = models.JSONField("filer", default=list, blank=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "nämndbehandling"
        verbose_name_plural = "nämndbehandlingar"
        ordering = ["remiss_id", "namnd__namn"]
        constraints = [
            models.UniqueConstraint(
                fields=["remiss", "namnd"], name="namndbehandling_en_per_remiss_och_namnd"
            )
        ]

    def __str__(self) -> str:
        return f"{self.namnd} – {self.remiss.diarienummer}: {self.get_status_display()}"

    @property
    def har_beslutat(self) -> bool:
        return self.status in self.BESLUTADE
