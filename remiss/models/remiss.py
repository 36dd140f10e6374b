"""The remiss itself, the diarium's number series and the case timeline."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.models import Forvaltning, Klassificering, Namnd
from nameden.models.handelse import HandelseBas
from nameden.sparmanager import TrackedManager
from remiss.workflow import OPEN_STATUSES, Status

#: What pages and documents say in place of the sender's number when there is none.
INGET_AVSANDARDIARIENUMMER = "Avsändaren har inget diarienummer"


class Remiss(models.Model):
    """A consultation referral received by a förvaltning, answered by one or more nämnder."""

    forvaltning = models.ForeignKey(
        Forvaltning, verbose_name="förvaltning", on_delete=models.PROTECT, related_name="remisser"
    )
    # Unique in the förvaltning's diarium (constraint below), not across förvaltningar: a
    # format without {kortnamn}, "1.6-0463/2024", may give two diarier the same number.
    diarienummer = models.CharField("diarienummer", max_length=40, db_index=True, editable=False)
    dnr_ar = models.PositiveSmallIntegerField("diarieår", editable=False)
    dnr_lopnummer = models.PositiveIntegerField("löpnummer", editable=False)
    #: Chosen at registration when the förvaltning's format has {klass}; part of the number.
    klass = models.ForeignKey(
        Klassificering,
        verbose_name="klassificering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="remisser",
    )

    avsandare = models.CharField(
        "avsändare", max_length=200, help_text="Till exempel Kommunstyrelsen."
    )
    avsandarens_diarienummer = models.CharField(
        "avsändarens diarienummer",
        max_length=40,
        blank=True,
        db_index=True,
        help_text="Som avsändaren skriver det, till exempel KS 2024/112. Tomt när avsändaren "
        "inte har något diarienummer.",
    )
    #: Where the answer is expedierat (the sender's registry); blank when the sender has none.
    avsandare_epost = models.EmailField(
        "avsändarens registratur (e-post)",
        blank=True,
        help_text="Adressen som remissvaret expedieras till, till exempel "
        "registrator@stadshuset.example.se.",
    )
    rubrik = models.CharField("rubrik", max_length=300)
    inkom_datum = models.DateField("inkom")
    svarsdatum = models.DateField("svarsdatum", help_text="Sista dag för svar till avsändaren.")
    namnder = models.ManyToManyField(
        Namnd, verbose_name="nämnder som svarar", related_name="remisser"
    )
    handlaggare = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="handläggare",
        on_delete=models.PROTECT,
        related_name="handlagger_remisser",
    )
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.REGISTRERAD
    )
    registrerad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrerad av",
        on_delete=models.PROTECT,
        related_name="registrerade_remisser",
    )
    registrerad_at = models.DateTimeField("registrerad", default=timezone.now, editable=False)
    history = HistoricalRecords(m2m_fields=[namnder])
    objects = TrackedManager()

    class Meta:
        verbose_name = "remiss"
        verbose_name_plural = "remisser"
        ordering = ["svarsdatum", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["forvaltning", "dnr_ar", "dnr_lopnummer"], name="remiss_dnr_unikt"
            ),
            models.UniqueConstraint(
                fields=["forvaltning", "diarienummer"],
                name="remiss_diarienummer_unikt_per_forv",
                violation_error_message="Diarienumret finns redan i förvaltningens diarium. "
                "Be en administratör se över formatet för diarienummer.",
            ),
            models.CheckConstraint(
                condition=models.Q(svarsdatum__gte=models.F("inkom_datum")),
                name="remiss_svarsdatum_efter_inkom",
            ),
        ]
        indexes = [
            models.Index(fields=["handlaggare", "status", "svarsdatum"], name="remiss_mina_idx"),
            models.Index(fields=["forvaltning", "svarsdatum"], name="remiss_forv_svar_idx"),
        ]
        permissions = [
            ("lasa_remiss", "Kan läsa remisser i sin förvaltning"),
            ("registrera_remiss", "Kan registrera remisser"),
            ("handlagga_remiss", "Kan handlägga remisser"),
            ("attestera_remiss", "Kan attestera tjänsteutlåtanden"),
            ("sekreterare_remiss", "Kan föra remisser till nämnd och expediera"),
        ]

    def __str__(self) -> str:
        return f"{self.diarienummer} {self.rubrik}"

    @property
    def avsandarens_beteckning(self) -> str:
        """The sender's number as pages and e-mail show it, saying so when there is none."""
        return self.avsandarens_diarienummer or INGET_AVSANDARDIARIENUMMER

    @property
    def is_overdue(self) -> bool:
        return self.status in OPEN_STATUSES and self.svarsdatum < timezone.localdate()


class Diarieserie(models.Model):
    """The running number series of one förvaltning's diarium for one year.

    Only `remiss.services.diarium.next_diarienummer` touches it, under a row lock. It is a
    counter, not a domain object, so it keeps no history: the numbers it hands out are
    recorded on each remiss.
    """

    forvaltning = models.ForeignKey(Forvaltning, on_delete=models.PROTECT)
    ar = models.PositiveSmallIntegerField("år")
    senaste = models.PositiveIntegerField("senast utdelade löpnummer", default=0)

    class Meta:
        verbose_name = "diarieserie"
        verbose_name_plural = "diarieserier"
        constraints = [
            models.UniqueConstraint(fields=["forvaltning", "ar"], name="diarieserie_unik")
        ]

    def __str__(self) -> str:
        return f"{self.forvaltning.kortnamn} {self.ar}: {self.senaste}"


class Handelse(HandelseBas):
    """One entry in a case's timeline. Append-only: written by services, never edited."""

    remiss = models.ForeignKey(Remiss, on_delete=models.PROTECT, related_name="handelser")
    kommentar = models.TextField("kommentar", blank=True)

    class Meta(HandelseBas.Meta):
        verbose_name = "händelse"
        verbose_name_plural = "händelser"
        indexes = [models.Index(fields=["remiss", "-tidpunkt"], name="handelse_tidslinje_idx")]
