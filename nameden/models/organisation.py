"""Organisation: kommuner, förvaltningar, avdelningar, nämnder, the user and their ersättare.

The kommun is the top: one installation may serve several (a kommunalförbund, a shared
service centre). Names are unique within a kommun, not across the installation, and a user
belongs to the kommun of their avdelning's förvaltning (`nameden.policy` keeps them inside it).

The user model carries what a document needs to say about a person (titel, telefon) and where
they sit (avdelning, and through it förvaltning). It is in the first migration on purpose:
swapping the user model later is painful.
"""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from nameden import diarienummer, textkontroll
from nameden.historik import UserHistoricalRecords
from nameden.models.kommun import Kommun, standardkommun
from nameden.sparmanager import TrackedManager, TrackedUserManager

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

    kommun = models.ForeignKey(
        Kommun,
        verbose_name="kommun",
        on_delete=models.PROTECT,
        related_name="forvaltningar",
        default=standardkommun,
    )
    namn = models.CharField("namn", max_length=200)
    kortnamn = models.CharField(
        "kortnamn",
        max_length=10,
        help_text="Används i förvaltningens diarienummer, till exempel SOF. Unikt inom kommunen.",
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
    objects = TrackedManager()

    class Meta:
        verbose_name = "förvaltning"
        verbose_name_plural = "förvaltningar"
        ordering = ["namn"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "namn"],
                name="forvaltning_namn_unikt_per_kommun",
                violation_error_message="Det finns redan en förvaltning med det namnet i kommunen.",
            ),
            models.UniqueConstraint(
                fields=["kommun", "kortnamn"],
                name="forvaltning_kortnamn_unikt_per_kommun",
                violation_error_message="Det finns redan en förvaltning med det kortnamnet i "
                "kommunen. Kortnamnet skrivs i diarienumret och måste vara unikt inom kommunen.",
            ),
        ]

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
        if fel := self._kommunbyte_fel():
            errors.setdefault("kommun", fel)
        if errors:
            raise ValidationError(errors)

    def _kommunbyte_fel(self) -> str | None:
        """A förvaltning with nämnder stays in its kommun: each nämnd's name is unique in the
        kommun it is in (`Namnd.kommun`), so moving them along could make two of one name."""
        if self.pk is None or self.kommun_id is None:
            return None
        fore = Forvaltning.objects.filter(pk=self.pk).values_list("kommun_id", flat=True).first()
        if fore is None or fore == self.kommun_id or not self.namnder.exists():
            return None
        return (
            "Förvaltningen betjänar nämnder och kan inte flyttas till en annan kommun. Flytta "
            "nämnderna till en förvaltning i den nya kommunen först."
        )

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
    objects = TrackedManager()

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
    # Roles are groups: who gave or took a role (or a permission), and when, is in the history.
    history = UserHistoricalRecords(
        excluded_fields=["last_login", "password"], m2m_fields=["groups", "user_permissions"]
    )
    objects = TrackedUserManager()

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

    @property
    def kommun_id(self) -> int | None:
        """The kommun the user belongs to: their avdelning's förvaltning's (no query if
        joined). None for someone without an avdelning (a förtroendevald, an administrator)."""
        return self.avdelning.forvaltning.kommun_id if self.avdelning_id else None


class KommunFranForvaltning(models.ForeignKey):
    """The kommun of a row that belongs to a förvaltning, copied from it on every save.

    The column exists only so that the database itself can hold a name unique within a
    kommun (a unique constraint cannot reach through a join). It is never chosen: whatever
    saves the row, the admin, a service, a factory or `objects.create`, it is set from the
    förvaltning, as `auto_now` sets a date, so it cannot disagree with it.
    """

    def pre_save(self, model_instance, add):
        if getattr(type(model_instance), "instance_type", None) is not None:
            # A history row copies the value the row itself was just saved with.
            return getattr(model_instance, self.attname)
        forvaltning = model_instance._state.fields_cache.get("forvaltning")
        if forvaltning is not None and forvaltning.pk == model_instance.forvaltning_id:
            kommun_id = forvaltning.kommun_id
        else:
            # The model the row's own foreign key points at: in a migration that is the
            # historical Forvaltning of that point in time, not today's.
            forvaltningar = type(model_instance)._meta.get_field("forvaltning").related_model
            kommun_id = (
                forvaltningar._default_manager.filter(pk=model_instance.forvaltning_id)
                .values_list("kommun_id", flat=True)
                .first()
            )
        if kommun_id is not None:
            setattr(model_instance, self.attname, kommun_id)
        return getattr(model_instance, self.attname)


class Namnd(models.Model):
    """A nämnd (committee) that decides; served by one förvaltning, in its kommun."""

    namn = models.CharField("namn", max_length=200)
    forvaltning = models.ForeignKey(
        Forvaltning,
        verbose_name="förvaltning",
        on_delete=models.PROTECT,
        related_name="namnder",
        help_text="Förvaltningen som bereder nämndens ärenden.",
    )
    kommun = KommunFranForvaltning(
        Kommun,
        verbose_name="kommun",
        on_delete=models.PROTECT,
        related_name="namnder",
        editable=False,
        help_text="Förvaltningens kommun (sätts från förvaltningen).",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "nämnd"
        verbose_name_plural = "nämnder"
        ordering = ["namn"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "namn"],
                name="namnd_namn_unikt_per_kommun",
                violation_error_message="Det finns redan en nämnd med det namnet i kommunen.",
            ),
        ]

    def __str__(self) -> str:
        return self.namn

    def clean(self) -> None:
        """The name must be printable and free in the förvaltning's kommun. The kommun is
        not on the form (it follows the förvaltning), so the unique constraint, which a form
        checks only for the fields it shows, is checked here with its own message."""
        super().clean()
        errors = texter_som_trycks_fel(self, ["namn"])
        if self.forvaltning_id is not None:
            self.kommun_id = self.forvaltning.kommun_id
            upptagen = Namnd.objects.filter(kommun_id=self.kommun_id, namn=self.namn)
            if self.pk is not None:
                upptagen = upptagen.exclude(pk=self.pk)
            if self.namn and upptagen.exists():
                errors.setdefault(
                    "namn",
                    f"Det finns redan en nämnd som heter ”{self.namn}” i "
                    f"{self.forvaltning.kommun}. Namnet måste vara unikt inom kommunen.",
                )
        if errors:
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
    objects = TrackedManager()

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
