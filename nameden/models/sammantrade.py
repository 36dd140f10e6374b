"""A nämnd's sammanträde and its föredragningslista: punkter, the ärenden behind them, their
handlingar, and the sammanträde's own event log.

Every change goes through `nameden.services`; the order of the list (`Punkt.ordning`) is kept
dense and unique there, under the sammanträde's row lock.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.models.handelse import HandelseBas
from nameden.models.organisation import Namnd
from nameden.sparmanager import TrackedManager
from nameden.workflow import Status


class Sammantrade(models.Model):
    """A meeting of a nämnd. The tjänsteutlåtande's "Till" date is its meeting's date."""

    namnd = models.ForeignKey(
        Namnd, verbose_name="nämnd", on_delete=models.PROTECT, related_name="sammantraden"
    )
    datum = models.DateField("datum")
    # Null only for meetings created before the time was recorded (and the demo's).
    tid = models.TimeField("tid", null=True, blank=True)
    plats = models.CharField("plats", max_length=200, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.PLANERAT
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "sammanträde"
        verbose_name_plural = "sammanträden"
        ordering = ["datum", "namnd__namn"]
        constraints = [
            models.UniqueConstraint(fields=["namnd", "datum"], name="sammantrade_unikt_per_dag")
        ]
        permissions = [
            ("lasa_namnd", "Läsa nämndens sammanträden och föredragningslistor"),
            ("sekreterare_namnd", "Planera sammanträden och föredragningslistor"),
        ]

    def __str__(self) -> str:
        return f"{self.namnd} {self.datum:%Y-%m-%d}"


class Arende(models.Model):
    """An ärende the nämnd handles, owned by its källa (see `nameden.arendekallor`).

    The committee side keeps only what the list shows and the källa's opaque referens, which
    it hands back when it tells the källa about a beslut.
    """

    kalla = models.CharField("källa", max_length=40)
    referens = models.CharField("referens", max_length=200)
    rubrik = models.CharField("rubrik", max_length=300)
    diarienummer = models.CharField("diarienummer", max_length=40, blank=True)
    anmalt_at = models.DateTimeField("anmält", default=timezone.now)
    anmalt_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="anmält av",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "ärende"
        verbose_name_plural = "ärenden"
        ordering = ["-anmalt_at"]
        constraints = [
            models.UniqueConstraint(fields=["kalla", "referens"], name="arende_unikt_per_kalla")
        ]

    def __str__(self) -> str:
        return f"{self.diarienummer} {self.rubrik}".strip()


class Punkt(models.Model):
    """One item of a sammanträde's föredragningslista.

    The list is ordered by `ordning` (1, 2, 3 … with no gaps); a punkt that is withdrawn is
    kept, marked tillbakadragen, with no place in the order.
    """

    class Typ(models.TextChoices):
        # In the order the list holds them (`TYP_ORDNING`).
        INLEDANDE = "inledande", "Inledande punkt"
        BESLUTSARENDE = "beslutsarende", "Beslutsärende"
        ANMALNINGSARENDE = "anmalningsarende", "Anmälningsärende"
        NAMNDENS_FRAGOR = "namndens_fragor", "Nämndens frågor"

    class Status(models.TextChoices):
        PA_LISTAN = "pa_listan", "På listan"
        BORDLAGD = "bordlagd", "Bordlagd"
        TILLBAKADRAGEN = "tillbakadragen", "Tillbakadragen"

    #: The section of the list each kind stands in: the list is these sections in this order.
    TYP_ORDNING = {t: i for i, t in enumerate(Typ)}
    #: Each section's heading on the list.
    AVSNITT = {
        Typ.INLEDANDE: "Inledande punkter",
        Typ.BESLUTSARENDE: "Beslutsärenden",
        Typ.ANMALNINGSARENDE: "Anmälningsärenden",
        Typ.NAMNDENS_FRAGOR: "Nämndens frågor",
    }
    #: A punkt in one of these has a place in the order (a bordlagd punkt is on its new list).
    PA_LISTAN_STATUSES = frozenset({Status.PA_LISTAN, Status.BORDLAGD})

    sammantrade = models.ForeignKey(
        Sammantrade, verbose_name="sammanträde", on_delete=models.PROTECT, related_name="punkter"
    )
    ordning = models.PositiveIntegerField("ordning", null=True, blank=True)
    typ = models.CharField("typ", max_length=20, choices=Typ.choices)
    rubrik = models.CharField("rubrik", max_length=300)
    diarienummer = models.CharField("diarienummer", max_length=40, blank=True)
    foredragande = models.CharField("föredragande", max_length=200, blank=True)
    forslag_till_beslut = models.TextField("förslag till beslut", blank=True)
    sekretess = models.BooleanField(
        "sekretess",
        default=False,
        help_text="Punkten utelämnas i den offentliga versionen av föredragningslistan.",
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.PA_LISTAN
    )
    arende = models.ForeignKey(
        Arende,
        verbose_name="ärende",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="punkter",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "punkt"
        verbose_name_plural = "punkter"
        ordering = ["sammantrade_id", "ordning"]
        constraints = [
            models.UniqueConstraint(
                fields=["sammantrade", "ordning"], name="punkt_unik_ordning_per_sammantrade"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ordning}. {self.rubrik}" if self.ordning else self.rubrik

    @property
    def pa_listan(self) -> bool:
        return self.status in self.PA_LISTAN_STATUSES

    @property
    def ar_bordlagd(self) -> bool:
        """Carried over from an earlier sammanträde (shown as "Bordlagd" on the list)."""
        return self.status == self.Status.BORDLAGD

    @property
    def inledande(self) -> bool:
        return self.typ == self.Typ.INLEDANDE


class Handling(models.Model):
    """A document that goes out with a punkt (the tjänsteutlåtande, its bilagor), stored in
    the committee side's own storage with its SHA-256, so it is read back only unchanged."""

    punkt = models.ForeignKey(
        Punkt, verbose_name="punkt", on_delete=models.PROTECT, related_name="handlingar"
    )
    ordning = models.PositiveIntegerField("ordning")
    titel = models.CharField("titel", max_length=300)
    fil = models.FileField("fil", upload_to="namnd/handlingar/%Y/")
    sha256 = models.CharField("SHA-256", max_length=64)
    storlek = models.PositiveBigIntegerField("storlek (byte)")
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "handling"
        verbose_name_plural = "handlingar"
        ordering = ["punkt_id", "ordning"]
        constraints = [
            models.UniqueConstraint(fields=["punkt", "ordning"], name="handling_unik_per_punkt")
        ]

    def __str__(self) -> str:
        return self.titel


class SammantradeHandelse(HandelseBas):
    """One entry in a sammanträde's event log. Append-only: written by services, never edited
    (tracked all the same, like every domain model of nameden)."""

    sammantrade = models.ForeignKey(Sammantrade, on_delete=models.PROTECT, related_name="handelser")
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta(HandelseBas.Meta):
        verbose_name = "händelse på sammanträde"
        verbose_name_plural = "händelser på sammanträden"
