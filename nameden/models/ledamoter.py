"""The nämnd's members: förtroendevalda and their uppdrag (ordförande, ledamot, ersättare …).

Förtroendevalda are managed centrally, in the admin; the rules of a mandate are checked in
`clean`, which the admin runs before it saves.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from nameden.models.organisation import Namnd, texter_som_trycks_fel
from nameden.sparmanager import TrackedManager


class Fortroendevald(models.Model):
    """A person elected to serve in one or more nämnder, with or without a login."""

    namn = models.CharField("namn", max_length=200)
    parti = models.CharField("parti", max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="inloggning",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fortroendevald",
        help_text="Användaren som den förtroendevalda loggar in som, om hen har en.",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "förtroendevald"
        verbose_name_plural = "förtroendevalda"
        ordering = ["namn"]

    def __str__(self) -> str:
        return f"{self.namn} ({self.parti})" if self.parti else self.namn

    def clean(self) -> None:
        super().clean()
        # The name and party are printed in the protokoll's närvarolista.
        if errors := texter_som_trycks_fel(self, ["namn", "parti"]):
            raise ValidationError(errors)


class Uppdrag(models.Model):
    """One förtroendevald's seat in one nämnd, in one role, for one mandate period."""

    class Roll(models.TextChoices):
        ORDFORANDE = "ordforande", "Ordförande"
        VICE_ORDFORANDE = "vice_ordforande", "Vice ordförande"
        LEDAMOT = "ledamot", "Ledamot"
        ERSATTARE = "ersattare", "Ersättare"

    #: Roles a nämnd has exactly one of at a time.
    ENSAMMA_ROLLER = frozenset({Roll.ORDFORANDE, Roll.VICE_ORDFORANDE})

    namnd = models.ForeignKey(
        Namnd, verbose_name="nämnd", on_delete=models.PROTECT, related_name="uppdrag"
    )
    fortroendevald = models.ForeignKey(
        Fortroendevald,
        verbose_name="förtroendevald",
        on_delete=models.PROTECT,
        related_name="uppdrag",
    )
    roll = models.CharField("roll", max_length=20, choices=Roll.choices)
    fran = models.DateField("från och med")
    till = models.DateField("till och med")
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "uppdrag"
        verbose_name_plural = "uppdrag"
        ordering = ["namnd__namn", "roll", "fortroendevald__namn"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(till__gte=models.F("fran")), name="uppdrag_till_efter_fran"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fortroendevald}, {self.get_roll_display().lower()} i {self.namnd}"

    def overlappande(self) -> models.QuerySet["Uppdrag"]:
        """The nämnd's other uppdrag whose period shares at least one day with this one."""
        return (
            Uppdrag.objects.filter(namnd_id=self.namnd_id, fran__lte=self.till, till__gte=self.fran)
            .exclude(pk=self.pk)
            .select_related("fortroendevald")
        )

    def clean(self) -> None:
        super().clean()
        if self.fran is None or self.till is None or self.namnd_id is None:
            return  # the field errors already say what is missing
        if self.till < self.fran:
            raise ValidationError(
                {"till": "Mandatperioden måste sluta samma dag som den börjar eller senare."}
            )
        andra = self.overlappande()
        if self.roll in self.ENSAMMA_ROLLER:
            upptagen = next((u for u in andra if u.roll == self.roll), None)
            if upptagen is not None:
                raise ValidationError(
                    {
                        "roll": f"{self.namnd} har redan en {self.get_roll_display().lower()} "
                        f"under perioden: {upptagen.fortroendevald.namn} "
                        f"({upptagen.fran:%Y-%m-%d}–{upptagen.till:%Y-%m-%d})."
                    }
                )
        if self.fortroendevald_id is not None and any(
            u.fortroendevald_id == self.fortroendevald_id for u in andra
        ):
            raise ValidationError(
                {
                    "fortroendevald": "Den förtroendevalda har redan ett uppdrag i nämnden "
                    "under en del av perioden."
                }
            )
