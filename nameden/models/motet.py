"""What happens at the meeting: närvaro, each punkt's paragraf (§) with its beslut, yrkanden,
omröstningar with each ledamot's röst, reservationer and jäv.

Everything here is written by `nameden.services.motet` and read by the protokoll
(`nameden.protokoll`). A paragraf's number runs per nämnd and year (`Paragrafserie`) and is
never handed out twice; the unique constraint backs the service's lock.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.models.ledamoter import Fortroendevald, Uppdrag
from nameden.models.organisation import Namnd
from nameden.models.sammantrade import Punkt, Sammantrade
from nameden.sparmanager import TrackedManager


class Narvaro(models.Model):
    """One förtroendevald at one sammanträde: present or not, serving (tjänstgörande) or not,
    and for whom an ersättare serves. `fran_punkt`/`till_punkt` bound a row to part of the
    meeting (both empty: the whole meeting), so a change of who serves during the meeting is
    one more row for the same person with the paragraphs it covers."""

    sammantrade = models.ForeignKey(
        Sammantrade, verbose_name="sammanträde", on_delete=models.PROTECT, related_name="narvaro"
    )
    fortroendevald = models.ForeignKey(
        Fortroendevald,
        verbose_name="förtroendevald",
        on_delete=models.PROTECT,
        related_name="narvaro",
    )
    #: The role of the uppdrag the person held on the meeting's day (kept: the protokoll
    #: prints it, and an uppdrag may be changed later).
    roll = models.CharField("roll", max_length=20, choices=Uppdrag.Roll.choices)
    narvarande = models.BooleanField("närvarande", default=True)
    tjanstgor = models.BooleanField("tjänstgör", default=True)
    tjanstgor_for = models.ForeignKey(
        Fortroendevald,
        verbose_name="tjänstgör för",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ersatt_av",
    )
    fran_punkt = models.ForeignKey(
        Punkt,
        verbose_name="från och med punkt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    till_punkt = models.ForeignKey(
        Punkt,
        verbose_name="till och med punkt",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "närvaro"
        verbose_name_plural = "närvaro"
        ordering = ["sammantrade_id", "pk"]

    def __str__(self) -> str:
        return f"{self.fortroendevald} vid {self.sammantrade}"


class OvrigNarvarande(models.Model):
    """Someone present who is not a member: tjänstepersoner, the sekreterare, guests."""

    sammantrade = models.ForeignKey(
        Sammantrade,
        verbose_name="sammanträde",
        on_delete=models.PROTECT,
        related_name="ovriga_narvarande",
    )
    namn = models.CharField("namn", max_length=200)
    titel = models.CharField("titel eller funktion", max_length=200, blank=True)
    paragrafer = models.CharField(
        "paragrafer", max_length=100, blank=True, help_text="Tomt: hela sammanträdet."
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "övrig närvarande"
        verbose_name_plural = "övriga närvarande"
        ordering = ["sammantrade_id", "pk"]

    def __str__(self) -> str:
        return self.namn


class Paragrafserie(models.Model):
    """The last § number handed out in one nämnd's protokoll in one year. The row is locked
    while numbers are handed out, so two meetings numbered at once never share a number."""

    namnd = models.ForeignKey(
        Namnd, verbose_name="nämnd", on_delete=models.PROTECT, related_name="paragrafserier"
    )
    ar = models.PositiveSmallIntegerField("år")
    senaste = models.PositiveIntegerField("senast utdelade nummer", default=0)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "paragrafserie"
        verbose_name_plural = "paragrafserier"
        constraints = [
            models.UniqueConstraint(fields=["namnd", "ar"], name="paragrafserie_unik_per_ar")
        ]

    def __str__(self) -> str:
        return f"{self.namnd} {self.ar}: § {self.senaste}"


class Paragraf(models.Model):
    """A punkt as a paragraph of the protokoll: its § number and what the nämnd decided."""

    class Beslutsslag(models.TextChoices):
        BIFALL = "bifall", "Bifall till förslaget"
        ANDRAT = "andrat", "Ändrat beslut"
        AVSLAG = "avslag", "Avslag på förslaget"
        ATERREMISS = "aterremiss", "Återremiss"
        BORDLAGGNING = "bordlaggning", "Bordläggning"
        #: Anmälningsärenden and the opening punkter: noted, no proposal to decide on.
        NOTERAT = "noterat", "Noterat (läggs till handlingarna)"

    punkt = models.OneToOneField(
        Punkt, verbose_name="punkt", on_delete=models.PROTECT, related_name="paragraf"
    )
    namnd = models.ForeignKey(
        Namnd, verbose_name="nämnd", on_delete=models.PROTECT, related_name="paragrafer"
    )
    ar = models.PositiveSmallIntegerField("år")
    nummer = models.PositiveIntegerField("paragrafnummer")
    #: The paragraph's description of the ärende (the protokoll's text above the beslut).
    text = models.TextField("ärendebeskrivning", blank=True)
    slag = models.CharField(
        "beslut", max_length=20, choices=Beslutsslag.choices, blank=True, default=""
    )
    beslutstext = models.TextField("beslutets lydelse", blank=True)
    omedelbar_justering = models.BooleanField("justeras omedelbart", default=False)
    beslutat_at = models.DateTimeField("beslut registrerat", null=True, blank=True)
    beslutat_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="registrerat av",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "paragraf"
        verbose_name_plural = "paragrafer"
        ordering = ["namnd_id", "ar", "nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["namnd", "ar", "nummer"], name="paragraf_unikt_nummer_per_namnd_och_ar"
            )
        ]

    def __str__(self) -> str:
        return f"§ {self.nummer}"

    @property
    def beslutad(self) -> bool:
        return bool(self.slag)


class Yrkande(models.Model):
    """A motion made at the meeting on one paragraf: by whom, what, and whether it won."""

    paragraf = models.ForeignKey(
        Paragraf, verbose_name="paragraf", on_delete=models.PROTECT, related_name="yrkanden"
    )
    ordning = models.PositiveIntegerField("ordning")
    yrkat_av = models.ForeignKey(
        Fortroendevald, verbose_name="yrkat av", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("yrkande")
    bifallet = models.BooleanField("bifallet", null=True, blank=True)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "yrkande"
        verbose_name_plural = "yrkanden"
        ordering = ["paragraf_id", "ordning"]
        constraints = [
            models.UniqueConstraint(fields=["paragraf", "ordning"], name="yrkande_unik_ordning")
        ]

    def __str__(self) -> str:
        return f"{self.yrkat_av}: {self.text[:40]}"


class Omrostning(models.Model):
    """A vote on one paragraf between two propositions (ja / nej), with its result. A tie is
    decided by the ordförande's utslagsröst, as kommunallagen gives it (5 kap. 60 §, 6 kap.
    33 §)."""

    class Resultat(models.TextChoices):
        JA = "ja", "Ja-propositionen vann"
        NEJ = "nej", "Nej-propositionen vann"

    paragraf = models.ForeignKey(
        Paragraf, verbose_name="paragraf", on_delete=models.PROTECT, related_name="omrostningar"
    )
    ordning = models.PositiveIntegerField("ordning")
    ja_proposition = models.CharField("ja-proposition", max_length=500)
    nej_proposition = models.CharField("nej-proposition", max_length=500)
    resultat = models.CharField("resultat", max_length=3, choices=Resultat.choices, blank=True)
    utslagsrost = models.BooleanField("avgjord med utslagsröst", default=False)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "omröstning"
        verbose_name_plural = "omröstningar"
        ordering = ["paragraf_id", "ordning"]
        constraints = [
            models.UniqueConstraint(fields=["paragraf", "ordning"], name="omrostning_unik_ordning")
        ]

    def __str__(self) -> str:
        return f"Omröstning {self.ordning} i {self.paragraf}"


class Rost(models.Model):
    """One tjänstgörande member's röst in one omröstning."""

    class Val(models.TextChoices):
        JA = "ja", "Ja"
        NEJ = "nej", "Nej"
        AVSTAR = "avstar", "Avstår"

    omrostning = models.ForeignKey(
        Omrostning, verbose_name="omröstning", on_delete=models.PROTECT, related_name="roster"
    )
    fortroendevald = models.ForeignKey(
        Fortroendevald, verbose_name="ledamot", on_delete=models.PROTECT, related_name="+"
    )
    val = models.CharField("röst", max_length=6, choices=Val.choices)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "röst"
        verbose_name_plural = "röster"
        ordering = ["omrostning_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["omrostning", "fortroendevald"], name="rost_en_per_ledamot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fortroendevald}: {self.get_val_display()}"


class Reservation(models.Model):
    """A member's reservation against a paragraf's beslut, with an optional written text."""

    paragraf = models.ForeignKey(
        Paragraf, verbose_name="paragraf", on_delete=models.PROTECT, related_name="reservationer"
    )
    fortroendevald = models.ForeignKey(
        Fortroendevald, verbose_name="ledamot", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("skriftlig reservation", blank=True)
    anmald_at = models.DateTimeField("anmäld", default=timezone.now)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "reservation"
        verbose_name_plural = "reservationer"
        ordering = ["paragraf_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraf", "fortroendevald"], name="reservation_en_per_ledamot"
            )
        ]

    def __str__(self) -> str:
        return f"Reservation av {self.fortroendevald} mot {self.paragraf}"


class Jav(models.Model):
    """A member who is jävig in a paragraf and takes no part in it (no röst, no yrkande)."""

    paragraf = models.ForeignKey(
        Paragraf, verbose_name="paragraf", on_delete=models.PROTECT, related_name="jav"
    )
    fortroendevald = models.ForeignKey(
        Fortroendevald, verbose_name="ledamot", on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "jäv"
        verbose_name_plural = "jäv"
        constraints = [
            models.UniqueConstraint(
                fields=["paragraf", "fortroendevald"], name="jav_en_per_ledamot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.fortroendevald} jävig i {self.paragraf}"
