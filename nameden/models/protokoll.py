"""The protokoll of a sammanträde, its digital justering and its anslag on the anslagstavla.

A protokoll is a document like the tjänsteutlåtande: its content has a fingerprint, every
justering binds to the fingerprint it confirmed (a change voids it), and the justerat PDF/A
is stored with its SHA-256 and never changed. Written by `nameden.services.protokoll` and
`nameden.services.anslag`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.models.ledamoter import Fortroendevald
from nameden.models.motet import Paragraf
from nameden.models.sammantrade import Sammantrade
from nameden.sparmanager import TrackedManager


class Protokoll(models.Model):
    """The protokoll of one sammanträde: who justerar it, when and where, and once justerat
    the stored PDF/A (`fil`, `sha256`)."""

    sammantrade = models.OneToOneField(
        Sammantrade, verbose_name="sammanträde", on_delete=models.PROTECT, related_name="protokoll"
    )
    ordforande = models.ForeignKey(
        Fortroendevald,
        verbose_name="ordförande",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    justerare = models.ManyToManyField(
        Fortroendevald, verbose_name="justerare", blank=True, related_name="+"
    )
    sekreterare = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="sekreterare",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    justering_tid = models.DateField("dag för justering", null=True, blank=True)
    justering_plats = models.CharField("plats för justering", max_length=200, blank=True)
    #: Where the original is kept (printed on the anslag), e.g. "Socialförvaltningens kansli".
    forvaringsplats = models.CharField("förvaringsplats", max_length=200, blank=True)
    #: Once every justering is in: the justerat protokoll as stored PDF/A.
    justerat_at = models.DateTimeField("justerat", null=True, blank=True)
    fingeravtryck = models.CharField("fingeravtryck", max_length=80, blank=True)
    #: The canonical form the fingerprint was taken in (`nameden.protokoll.fingeravtryck`).
    fingeravtryck_format = models.CharField("fingeravtryckets format", max_length=40, blank=True)
    fil = models.FileField("protokoll (PDF/A)", upload_to="namnd/protokoll/%Y/", blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    offentlig_fil = models.FileField(
        "offentlig version (PDF/A)", upload_to="namnd/protokoll/%Y/", blank=True
    )
    offentlig_sha256 = models.CharField("SHA-256 (offentlig)", max_length=64, blank=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "protokoll"
        verbose_name_plural = "protokoll"
        permissions = [("justera_protokoll", "Justera protokoll som ordförande eller justerare")]

    def __str__(self) -> str:
        return f"Protokoll {self.sammantrade}"


class Justering(models.Model):
    """One person's digital justering of the protokoll (or, at omedelbar justering, of one
    paragraf), bound to the fingerprint of the content they saw. A change to the content voids
    it (`upphavd_at`, with the reason), exactly as for attest."""

    class Roll(models.TextChoices):
        ORDFORANDE = "ordforande", "Ordförande"
        JUSTERARE = "justerare", "Justerare"
        SEKRETERARE = "sekreterare", "Sekreterare"

    protokoll = models.ForeignKey(
        Protokoll, verbose_name="protokoll", on_delete=models.PROTECT, related_name="justeringar"
    )
    #: Set for omedelbar justering of one paragraf; empty for the whole protokoll.
    paragraf = models.ForeignKey(
        Paragraf,
        verbose_name="paragraf",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="justeringar",
    )
    roll = models.CharField("roll", max_length=20, choices=Roll.choices)
    fortroendevald = models.ForeignKey(
        Fortroendevald,
        verbose_name="förtroendevald",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="justerat av",
        on_delete=models.PROTECT,
        related_name="+",
    )
    justerat_at = models.DateTimeField("justerat", default=timezone.now)
    fingeravtryck = models.CharField("fingeravtryck", max_length=80)
    fingeravtryck_format = models.CharField("fingeravtryckets format", max_length=40)
    #: Why the justering came after kommunallagen's last day (printed in the protokoll).
    sen_skal = models.CharField("skäl för sen justering", max_length=500, blank=True)
    upphavd_at = models.DateTimeField("upphävd", null=True, blank=True)
    upphavd_skal = models.CharField("skäl", max_length=300, blank=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "justering"
        verbose_name_plural = "justeringar"
        ordering = ["protokoll_id", "justerat_at"]

    def __str__(self) -> str:
        return f"{self.get_roll_display()} {self.fortroendevald or self.user}"

    @property
    def giltig(self) -> bool:
        return self.upphavd_at is None


class Anslag(models.Model):
    """The notice on the digital anslagstavla that the protokoll is justerat (KL 8 kap. 12 §).
    It is put up no later than the second day after justering and stays at least three
    weeks, the time to appeal (laglighetsprövning, KL 13 kap. 5 §)."""

    protokoll = models.OneToOneField(
        Protokoll, verbose_name="protokoll", on_delete=models.PROTECT, related_name="anslag"
    )
    anslaget = models.DateField("anslaget")
    nedtas = models.DateField("tas ned")
    anslaget_at = models.DateTimeField("registrerat", default=timezone.now)
    anslaget_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="anslaget av",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    #: Printed on the anslagsbevis: where the justerat protokoll can be read.
    forvaringsplats = models.CharField("förvaringsplats", max_length=200)
    #: Why the anslag came after the second day after justering (printed on the anslagsbevis).
    sen_skal = models.CharField("skäl för sent anslag", max_length=500, blank=True)
    #: The justerat protokoll with its anslagsbevis, rendered once when anslaget (the
    #: justerat files of `Protokoll` stay as they were).
    fil = models.FileField("protokoll med anslagsbevis (PDF/A)", upload_to="namnd/protokoll/%Y/")
    sha256 = models.CharField("SHA-256", max_length=64)
    offentlig_fil = models.FileField(
        "offentlig version med anslagsbevis (PDF/A)", upload_to="namnd/protokoll/%Y/"
    )
    offentlig_sha256 = models.CharField("SHA-256 (offentlig)", max_length=64)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "anslag"
        verbose_name_plural = "anslag"
        ordering = ["-anslaget", "-pk"]

    def __str__(self) -> str:
        return f"Anslag {self.protokoll.sammantrade}"


class Beslutsrapport(models.Model):
    """That a justerad paragraf's beslut was reported to its ärende's källa
    (`nameden.arendekallor`): once per paragraf, whether at omedelbar justering or when the
    whole protokoll was justerat, so a källa is never told twice."""

    protokoll = models.ForeignKey(
        Protokoll, verbose_name="protokoll", on_delete=models.PROTECT, related_name="rapporter"
    )
    paragraf = models.OneToOneField(
        Paragraf, verbose_name="paragraf", on_delete=models.PROTECT, related_name="rapport"
    )
    slag = models.CharField("beslut", max_length=20)
    rapporterad_at = models.DateTimeField("rapporterad", default=timezone.now)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "rapporterat beslut"
        verbose_name_plural = "rapporterade beslut"
        ordering = ["protokoll_id", "pk"]

    def __str__(self) -> str:
        return f"{self.paragraf} rapporterad"
