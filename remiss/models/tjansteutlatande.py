"""The tjänsteutlåtande (the förvaltning's statement and proposed decision) and its parts.

The body is one JSON list, `avsnitt`, copied from the mall when the document is created:
each entry is ``{"nyckel", "rubrik", "typ", "text"}`` and, for the decision section,
``"punkter"`` (the numbered beslutspunkter). Keeping the whole body in one row means every
historical version is a complete snapshot, which makes "what changed between two versions"
and the attestation fingerprint exact and cheap.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from nameden.models import Sammantrade
from nameden.sparmanager import TrackedManager
from remiss.models.mall import Dokumentmall
from remiss.models.remiss import Remiss


class Tjansteutlatande(models.Model):
    remiss = models.OneToOneField(Remiss, on_delete=models.PROTECT, related_name="tjansteutlatande")
    mall = models.ForeignKey(
        Dokumentmall, verbose_name="dokumentmall", on_delete=models.PROTECT, related_name="+"
    )
    dokumenttyp = models.CharField("dokumenttyp", max_length=100)
    rubrik = models.CharField("rubrik", max_length=300)
    underrubrik = models.CharField("underrubrik", max_length=300, blank=True)
    sammantrade = models.ForeignKey(
        Sammantrade,
        verbose_name="sammanträde",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # --- The header, as the document prints it -------------------------------------------
    # Copied from the organisation when the document is created and edited like any other
    # part afterwards: renaming a nämnd or a new telefon never changes a written document.
    # `remiss.services.tjansteutlatande_huvud.tjansteutlatande_hamta_uppgifter` pulls the current
    # values in on purpose.
    diarienummer = models.CharField("diarienummer", max_length=40, blank=True)
    forvaltning_namn = models.CharField("förvaltning", max_length=200, blank=True)
    enhet = models.CharField("enhet", max_length=200, blank=True)
    handlaggare_namn = models.CharField("handläggare", max_length=200, blank=True)
    handlaggare_titel = models.CharField("handläggarens titel", max_length=120, blank=True)
    handlaggare_telefon = models.CharField("handläggarens telefon", max_length=40, blank=True)
    handlaggare_epost = models.CharField("handläggarens e-post", max_length=254, blank=True)
    #: The nämnder the document is addressed to ("Till"), by name, in order.
    till = models.JSONField("till", default=list, blank=True)
    sammantradesdatum = models.DateField("sammanträdesdatum", null=True, blank=True)
    #: Each "Till" entry's own date (ISO or null), in the order of `till`, when the nämnder
    #: meet on different days (a joint document); empty: `sammantradesdatum` for them all.
    till_datum = models.JSONField("datum per mottagare", default=list, blank=True)
    datum = models.DateField("dokumentets datum", null=True, blank=True)
    #: "Er beteckning": the sender's diarienummer as the document prints it; empty when the
    #: sender has none (the header then says so) or the document was made before the copy.
    avsandarens_diarienummer = models.CharField(
        "avsändarens diarienummer", max_length=40, blank=True
    )
    #: A joint document's other förvaltningar, after the one in the single fields above (the
    #: first entry, so a document of one förvaltning reads as it always has):
    #: [{"namn", "titel", "telefon", "epost", "forvaltning"}] and
    #: [{"forvaltning", "diarienummer"}], in the order of `remiss.samverkan.deltagare`.
    ovriga_kontaktpersoner = models.JSONField("fler kontaktpersoner", default=list, blank=True)
    ovriga_beteckningar = models.JSONField("fler diarienummer", default=list, blank=True)
    #: The mall's header and layout as copied when the document was created
    #: (`remiss.huvudlayout`); empty for a document made before the copy: Stockholm's.
    layout = models.JSONField("sidhuvud och layout", default=dict, blank=True)
    #: The kommun's grafisk profil (`nameden.grafiskprofil.profil_varde`) as it was when the
    #: document was created, when its mall prints the logotyp or the footer; else empty.
    profil = models.JSONField("grafisk profil", default=dict, blank=True)
    avsnitt = models.JSONField("avsnitt", default=list)
    beredning_manuell = models.BooleanField(
        "beredningstexten är manuellt redigerad",
        default=False,
        help_text="När texten har redigerats för hand skrivs den inte över av beredningsstegen.",
    )
    undertecknare = models.JSONField("undertecknare", default=list, blank=True)
    #: The keys of the sections the handläggare has marked done, in the document's order
    #: (`remiss.services.tjansteutlatande.tjansteutlatande_markera_avsnitt`). Working notes
    #: about the document, not its content: neither `remiss.dokument` (so the fingerprint and
    #: the PDF) nor `version` (the editors' conflict token) reads it; its history rows say
    #: who marked what and when.
    klara_avsnitt = models.JSONField("avsnitt markerade som klara", default=list, blank=True)
    version = models.PositiveIntegerField("version", default=1)
    andrad_at = models.DateTimeField("senast ändrad", default=timezone.now)
    andrad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="senast ändrad av",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "tjänsteutlåtande"
        verbose_name_plural = "tjänsteutlåtanden"

    def __str__(self) -> str:
        return f"{self.dokumenttyp} {self.rubrik}"

    def get_avsnitt(self, nyckel: str) -> dict | None:
        return next((a for a in self.avsnitt if a["nyckel"] == nyckel), None)


class Beredningstyp(models.TextChoices):
    INTERN = "intern", "Beredning inom förvaltningen"
    FORVALTNINGSGRUPP = "forvaltningsgrupp", "Förvaltningsgruppen (MBL/samverkan)"
    FUNKTIONSHINDERRAD = "funktionshinderrad", "Rådet för funktionshinderfrågor"
    PENSIONARSRAD = "pensionarsrad", "Pensionärsrådet"
    SAMRAD = "samrad", "Samråd med annan förvaltning"
    ANNAT = "annat", "Annat"


class Utfall(models.TextChoices):
    BEHANDLAT = "behandlat", "Har behandlat ärendet"
    MOJLIGHET = "mojlighet", "Har haft möjlighet att behandla ärendet"


class Beredningssteg(models.Model):
    tjansteutlatande = models.ForeignKey(
        Tjansteutlatande, on_delete=models.CASCADE, related_name="beredningssteg"
    )
    typ = models.CharField("typ", max_length=30, choices=Beredningstyp.choices)
    motpart = models.CharField(
        "vem",
        max_length=200,
        blank=True,
        help_text="Behövs för samråd, intern beredning och annat, till exempel "
        "”stadsbyggnadskontoret” eller ”kommunikationsenheten på socialförvaltningen”.",
    )
    datum = models.DateField("datum", null=True, blank=True)
    utfall = models.CharField(
        "utfall", max_length=20, choices=Utfall.choices, default=Utfall.BEHANDLAT
    )
    ordning = models.PositiveSmallIntegerField("ordning", default=0)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "beredningssteg"
        verbose_name_plural = "beredningssteg"
        ordering = ["ordning", "datum", "id"]

    def __str__(self) -> str:
        return f"{self.get_typ_display()} {self.datum or ''}".strip()


def bilaga_upload_to(instance: "Bilaga", filename: str) -> str:
    """A path that no user controls: the original name is kept only in the database."""
    return f"bilagor/{instance.sha256[:2]}/{uuid.uuid4().hex}.{instance.filtyp}"


class Bilaga(models.Model):
    tjansteutlatande = models.ForeignKey(
        Tjansteutlatande, on_delete=models.PROTECT, related_name="bilagor"
    )
    ordning = models.PositiveSmallIntegerField("nummer")
    titel = models.CharField("titel", max_length=300)
    fil = models.FileField("fil", upload_to=bilaga_upload_to, max_length=200)
    original_filnamn = models.CharField("ursprungligt filnamn", max_length=255)
    filtyp = models.CharField("filtyp", max_length=10)
    storlek = models.PositiveBigIntegerField("storlek (byte)")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    uppladdad_av = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uppladdad_at = models.DateTimeField("uppladdad", default=timezone.now)
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "bilaga"
        verbose_name_plural = "bilagor"
        ordering = ["ordning"]
        constraints = [
            models.UniqueConstraint(
                fields=["tjansteutlatande", "ordning"], name="bilaga_nummer_unikt"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ordning}. {self.titel}"
