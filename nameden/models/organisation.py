"""Organisation: förvaltningar, avdelningar, nämnder, the user and their ersättare.

The user model carries what a document needs to say about a person (titel, telefon) and where
they sit (avdelning, and through it förvaltning). It is in the first migration on purpose:
swapping the user model later is painful.
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from nameden import diarienummer, textkontroll

#: `Remiss.diarienummer`'s length (remiss.models; nameden does not import it).
DIARIENUMMER_MAX_LANGD = 40
#: The largest löpnummer a series can reach (`Remiss.dnr_lopnummer` is a PositiveIntegerField).
STORSTA_LOPNUMMER = 2_147_483_647


def texter_som_trycks_fel(instance: models.Model, falt: list[str]) -> dict[str, str]:
    """Field → Swedish error for each of `falt` that a document could not print: control
    characters, or characters the PDF font cannot draw. Organisation names and a person's
    name, titel and telefon are copied into documents, so they are refused when typed in the
    admin, not when a document is made."""
    errors = {}
    for namn in falt:
        etikett = str(instance._meta.get_field(namn).verbose_name).capitalize()
        text = getattr(instance, namn) or ""
        if textfel := textkontroll.fel_i(text, etikett=etikett, dokument=True):
            errors[namn] = textfel
    return errors


class Forvaltning(models.Model):
    """A förvaltning (administration) that keeps a diarium and serves one or more nämnder."""

    namn = models.CharField("namn", max_length=200, unique=True)
    kortnamn = models.CharField(
        "kortnamn",
        max_length=10,
        unique=True,
        help_text="Används i förvaltningens diarienummer, till exempel SOF.",
    )
    diarienummer_format = models.CharField(
        "format för diarienummer",
        max_length=60,
        default="{kortnamn} {ar}/{lopnummer}",
        help_text="Platshållare: {kortnamn}, {klass} (ärendets klassificering), {ar} (fyra "
        "siffror), {ar2} (två siffror), {lopnummer} och {lopnummer:4} (med nollor till fyra "
        "siffror). Annan text skrivs som den står: bokstäver, siffror, mellanslag, - / och . "
        "Till exempel {kortnamn} {ar}/{lopnummer} (SOF 2024/7), {klass}-{lopnummer:4}/{ar} "
        "(1.6-0463/2024) eller T{ar}-{klass}-{lopnummer:5} (T2012-050-05828).",
    )
    chef = models.ForeignKey(
        "nameden.User",
        verbose_name="förvaltningschef",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leder_forvaltningar",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "förvaltning"
        verbose_name_plural = "förvaltningar"
        ordering = ["namn"]

    def __str__(self) -> str:
        return self.namn

    @property
    def anvander_klass(self) -> bool:
        """Whether the förvaltning's numbers carry the case's klassificering, so that a
        registrator must choose one."""
        return diarienummer.anvander(self.diarienummer_format, "klass")

    def _diarienummer_fel(self) -> dict[str, str]:
        from nameden.models.klassificering import Klassificering

        fel = diarienummer.granska(
            self.diarienummer_format,
            kortnamn_langd=self._meta.get_field("kortnamn").max_length,
            klass_langd=Klassificering._meta.get_field("kod").max_length,
            max_langd=DIARIENUMMER_MAX_LANGD,
            lopnummer=STORSTA_LOPNUMMER,
        )
        errors = {"diarienummer_format": fel} if fel else {}
        if diarienummer.anvander(self.diarienummer_format, "kortnamn") and (
            fel := diarienummer.text_fel(self.kortnamn, etikett="Kortnamnet")
        ):
            errors["kortnamn"] = fel
        return errors

    def clean(self) -> None:
        """The format must make a unique diarienummer that fits, whatever the year, number
        and klass."""
        super().clean()
        # The name and the number are printed in every document's header.
        errors = texter_som_trycks_fel(self, ["namn", "kortnamn", "diarienummer_format"])
        for falt, fel in self._diarienummer_fel().items():
            errors.setdefault(falt, fel)
        if errors:
            raise ValidationError(errors)

    def format_diarienummer(self, *, ar: int, lopnummer: int, klass: str = "") -> str:
        """The diarienummer for `ar`, `lopnummer` and the case's klass code; ValidationError
        (never anything else) if the stored format cannot make one, e.g. one saved before
        `clean` checked it."""
        try:
            nummer = diarienummer.fyll_i(
                self.diarienummer_format,
                kortnamn=self.kortnamn,
                klass=klass,
                ar=ar,
                lopnummer=lopnummer,
            )
        except diarienummer.Formatfel as exc:
            fel = str(exc)
        else:
            if len(nummer) <= DIARIENUMMER_MAX_LANGD:
                return nummer
            fel = f"Diarienumret ”{nummer[:60]}” blir längre än {DIARIENUMMER_MAX_LANGD} tecken."
        raise ValidationError(
            f"Formatet för diarienummer på {self.namn} går inte att använda: {fel} "
            "Be en administratör rätta formatet under Förvaltningar.",
            code="diarienummer_format",
        )


class Avdelning(models.Model):
    forvaltning = models.ForeignKey(
        Forvaltning,
        verbose_name="förvaltning",
        on_delete=models.PROTECT,
        related_name="avdelningar",
    )
    namn = models.CharField("namn", max_length=200)
    chef = models.ForeignKey(
        "nameden.User",
        verbose_name="avdelningschef",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leder_avdelningar",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "avdelning"
        verbose_name_plural = "avdelningar"
        ordering = ["forvaltning__namn", "namn"]
        constraints = [
            models.UniqueConstraint(fields=["forvaltning", "namn"], name="avdelning_unik_per_forv")
        ]

    def __str__(self) -> str:
        return f"{self.namn} ({self.forvaltning.kortnamn})"

    def clean(self) -> None:
        super().clean()
        if errors := texter_som_trycks_fel(self, ["namn"]):
            raise ValidationError(errors)


class User(AbstractUser):
    """A person who works in the system. Roles are groups (see `nameden.roles`)."""

    titel = models.CharField("titel", max_length=120, blank=True)
    telefon = models.CharField("telefon", max_length=40, blank=True)
    avdelning = models.ForeignKey(
        Avdelning,
        verbose_name="avdelning",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="medarbetare",
    )
    history = HistoricalRecords(excluded_fields=["last_login", "password"])

    class Meta:
        verbose_name = "användare"
        verbose_name_plural = "användare"
        ordering = ["first_name", "last_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if errors := texter_som_trycks_fel(self, ["first_name", "last_name", "titel", "telefon"]):
            raise ValidationError(errors)

    @property
    def forvaltning_id(self) -> int | None:
        """The förvaltning the user belongs to, through their avdelning (no query if joined)."""
        return self.avdelning.forvaltning_id if self.avdelning_id else None


class Namnd(models.Model):
    """A nämnd (committee) that decides; served by one förvaltning."""

    namn = models.CharField("namn", max_length=200, unique=True)
    forvaltning = models.ForeignKey(
        Forvaltning,
        verbose_name="förvaltning",
        on_delete=models.PROTECT,
        related_name="namnder",
        help_text="Förvaltningen som bereder nämndens ärenden.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "nämnd"
        verbose_name_plural = "nämnder"
        ordering = ["namn"]

    def __str__(self) -> str:
        return self.namn

    def clean(self) -> None:
        super().clean()
        if errors := texter_som_trycks_fel(self, ["namn"]):
            raise ValidationError(errors)


class Ersattare(models.Model):
    """A deputy who may act for `ordinarie` (e.g. attest) between two dates."""

    ordinarie = models.ForeignKey(
        User, verbose_name="ordinarie", on_delete=models.CASCADE, related_name="ersattare"
    )
    ersattare = models.ForeignKey(
        User, verbose_name="ersättare", on_delete=models.CASCADE, related_name="ersatter"
    )
    fran = models.DateField("från och med")
    till = models.DateField("till och med", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "ersättare"
        verbose_name_plural = "ersättare"
        ordering = ["ordinarie", "fran"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(ordinarie=models.F("ersattare")),
                name="ersattare_inte_sig_sjalv",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ersattare} ersätter {self.ordinarie}"
