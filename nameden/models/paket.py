"""The kallelse-and-handlingar packet of a sammanträde, built in the background.

- `Handlingspaket`: one per sammanträde and version (fullständig, offentlig). It holds the
  last packet built successfully (file, SHA-256, size, pages, the input fingerprint it was
  built from) and the state of the latest order (köad, bygger, klar, fel, who asked, when,
  the error). A failed build changes only the latter: the previous packet stays served.
- `Paketframsteg`: how far the running build of a sammanträde's packet has come, for the
  progress page. Untracked: it is rewritten many times per build and says nothing anyone
  needs later (the outcome is on the tracked `Handlingspaket`).
- `Handlingsdel`: the part cache. A handling processed once (checked, stripped of active
  content, normalised) is kept as a file keyed by the handling's SHA-256, so an unchanged
  handling is never processed again, on this sammanträde or another. Untracked: every row
  is derived from a tracked `Handling` with the same SHA-256 and can be made again at any
  time; a history of it would double its size and record nothing of the case.

Written only by `nameden.paket` (and the worker running `nameden.tasks`).
"""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.models.sammantrade import Sammantrade
from nameden.sparmanager import TrackedManager


class Handlingspaket(models.Model):
    class Version(models.TextChoices):
        FULLSTANDIG = "fullstandig", "Fullständig"
        OFFENTLIG = "offentlig", "Offentlig"

    class Status(models.TextChoices):
        KOAD = "koad", "Köad"
        BYGGER = "bygger", "Skapas"
        KLAR = "klar", "Klar"
        FEL = "fel", "Misslyckades"

    #: An order still köad or bygger after this long is taken as lost (the worker died) and
    #: may be placed again.
    TIDSGRANS = dt.timedelta(minutes=30)
    PAGAR = frozenset({Status.KOAD, Status.BYGGER})

    sammantrade = models.ForeignKey(
        Sammantrade,
        verbose_name="sammanträde",
        on_delete=models.PROTECT,
        related_name="handlingspaket",
    )
    version = models.CharField("version", max_length=20, choices=Version.choices)
    status = models.CharField("status", max_length=20, choices=Status.choices)

    # The stored packet: the last one built successfully.
    fil = models.FileField("fil", upload_to="namnd/handlingspaket/%Y/", blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    storlek = models.PositiveBigIntegerField("storlek (byte)", null=True, blank=True)
    sidor = models.PositiveIntegerField("sidor", null=True, blank=True)
    #: SHA-256 of the input the stored packet was built from (`nameden.paket.underlag`):
    #: the agenda's order, each punkt's texts and sekretess mark, each handling's SHA-256.
    fingeravtryck = models.CharField("underlagets fingeravtryck", max_length=64, blank=True)
    byggt_at = models.DateTimeField("skapat", null=True, blank=True)
    #: Handlingar processed anew and taken from the part cache in the build that made it.
    delar_nya = models.PositiveIntegerField("nya delar", default=0)
    delar_ateranvanda = models.PositiveIntegerField("återanvända delar", default=0)

    # The latest order.
    bestalld_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="beställd av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    bestalld_at = models.DateTimeField("beställd", null=True, blank=True)
    startad_at = models.DateTimeField("påbörjad", null=True, blank=True)
    klar_at = models.DateTimeField("avslutad", null=True, blank=True)
    felmeddelande = models.TextField("felmeddelande", blank=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "kallelse och handlingar"
        verbose_name_plural = "kallelser och handlingar"
        ordering = ["sammantrade_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["sammantrade", "version"], name="handlingspaket_unikt_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"Kallelse och handlingar ({self.get_version_display().lower()}), {self.sammantrade}"

    @property
    def offentlig(self) -> bool:
        return self.version == self.Version.OFFENTLIG

    @property
    def har_fil(self) -> bool:
        return bool(self.fil and self.sha256)

    def pagar(self, nu=None) -> bool:
        """Is an order of this packet waiting or running (and not lost, see TIDSGRANS)?"""
        if self.status not in self.PAGAR:
            return False
        senast = self.startad_at or self.bestalld_at
        return senast is None or (nu or timezone.now()) - senast < self.TIDSGRANS


class Paketframsteg(models.Model):
    """How far the build of one sammanträde's packet (both versions) has come."""

    sammantrade = models.OneToOneField(
        Sammantrade,
        verbose_name="sammanträde",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="paketframsteg",
    )
    steg_klara = models.PositiveIntegerField("klara steg", default=0)
    steg_totalt = models.PositiveIntegerField("steg totalt", default=0)
    steg_text = models.CharField("pågående steg", max_length=300, blank=True)
    uppdaterad_at = models.DateTimeField("uppdaterad", default=timezone.now)

    class Meta:
        verbose_name = "framsteg för kallelse och handlingar"
        verbose_name_plural = "framsteg för kallelser och handlingar"

    def __str__(self) -> str:
        return f"{self.steg_klara}/{self.steg_totalt} {self.steg_text}"

    @property
    def procent(self) -> int:
        if not self.steg_totalt:
            return 0
        return min(100, round(100 * self.steg_klara / self.steg_totalt))


class Handlingsdel(models.Model):
    """A handling as it goes into a packet, processed once and kept by its SHA-256."""

    #: The handling's SHA-256 (of the bytes stored with the `Handling`).
    sha256 = models.CharField("handlingens SHA-256", max_length=64)
    #: The processing the file comes from (`nameden.paket.delar.VERSION`): a new way of
    #: processing makes new parts instead of reusing old ones.
    version = models.PositiveSmallIntegerField("bearbetningens version")
    fil = models.FileField("fil", upload_to="namnd/handlingsdelar/")
    #: SHA-256 of the processed file, checked before every use.
    fil_sha256 = models.CharField("delens SHA-256", max_length=64)
    storlek = models.PositiveBigIntegerField("storlek (byte)")
    sidor = models.PositiveIntegerField("sidor")
    #: False when the handling is no PDF and the part is a page saying so.
    ar_pdf = models.BooleanField("är PDF", default=True)
    skapad_at = models.DateTimeField("skapad", default=timezone.now)

    class Meta:
        verbose_name = "bearbetad handling"
        verbose_name_plural = "bearbetade handlingar"
        constraints = [
            models.UniqueConstraint(
                fields=["sha256", "version"], name="handlingsdel_unik_per_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sha256[:12]}… ({self.sidor} sidor)"
