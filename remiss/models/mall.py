"""Dokumentmallar: a document type and its sections, stored as data.

A municipality that writes "Tjänsteskrivelse" with "Beslutsunderlag" and "Barnperspektiv"
gets that by adding a mall in the admin, not by changing code or templates. A tjänsteutlåtande
copies its mall's structure when it is created, so later edits to a mall never change a
document already being written (or one already attested).
"""

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from nameden import platshallare, textkontroll
from nameden.models import Forvaltning, Kommun
from nameden.sparmanager import TrackedManager
from remiss.models.mallhuvud import Bilageplacering, Undertecknarplacering


class Avsnittstyp(models.TextChoices):
    TEXT = "text", "Fritext"
    BESLUTSPUNKTER = "beslutspunkter", "Numrerade beslutspunkter"
    BEREDNING = "beredning", "Ärendets beredning (genereras från beredningsstegen)"


#: Roles a mall's attestkedja may name; remiss.attestkedja.ROLLER says how each is found.
ATTESTROLLER = ("avdelningschef", "forvaltningschef")


def default_attestkedja() -> list[str]:
    """Stockholm's order: the handläggare's avdelningschef, then the förvaltningschef."""
    return ["avdelningschef", "forvaltningschef"]


def _dokumenttext_fel(text: str, *, etikett: str, flerradig: bool = False) -> str | None:
    """A mall's text is printed in every document made from it: checked as typed text is."""
    return textkontroll.fel_i(text, etikett=etikett, flerradig=flerradig, dokument=True)


class Dokumentmall(models.Model):
    # Unique within a kommun (the constraints below): two kommuner in one installation may
    # both call their mall "Tjänsteutlåtande".
    namn = models.CharField("namn", max_length=200)
    dokumenttyp = models.CharField(
        "dokumenttyp", max_length=100, help_text="Skrivs i dokumentets sidhuvud."
    )
    underrubrik_mall = models.CharField(
        "mall för underrubrik",
        max_length=300,
        blank=True,
        default="Svar på remiss från {avsandare}, Dnr {avsandarens_diarienummer}",
        help_text="Platshållare: {avsandare} och {avsandarens_diarienummer}. Har avsändaren "
        "inget diarienummer skrivs ”avsändaren har inget diarienummer” i stället för "
        "platshållaren och texten mellan den och kommatecknet före. Tom: dokumentet får "
        "ingen underrubrik.",
    )
    forvaltning = models.ForeignKey(
        Forvaltning,
        verbose_name="förvaltning",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dokumentmallar",
        help_text="Lämna tomt för en mall som alla förvaltningar i kommunen kan använda.",
    )
    #: Whose mall it is: offered to this kommun's förvaltningar only (`remiss.selectors.
    #: mallar_for`). A mall with a förvaltning belongs to that förvaltning's kommun (`clean`
    #: fills it in). Empty, with no förvaltning: a mall for every kommun of the installation,
    #: as every mall without a förvaltning was before kommuner existed (migration 0013 gives
    #: an installation of one kommun's mallar to that kommun).
    kommun = models.ForeignKey(
        Kommun,
        verbose_name="kommun",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dokumentmallar",
        help_text="Kommunen vars förvaltningar får använda mallen. Har mallen en förvaltning "
        "är det förvaltningens kommun. Tom utan förvaltning: alla kommuner i installationen.",
    )
    standard = models.BooleanField(
        "förvald", default=False, help_text="Föreslås när beredningen påbörjas."
    )
    aktiv = models.BooleanField("aktiv", default=True)
    attestkedja = models.JSONField(
        "attestkedja",
        default=default_attestkedja,
        help_text="Rollerna som attesterar, i ordning. Möjliga: avdelningschef, forvaltningschef.",
    )
    # --- Layout (the header is the inline MallHuvudfalt) ---------------------------------
    # Copied into each document when it is created (remiss.huvudlayout), like the sections.
    undertecknare_placering = models.CharField(
        "undertecknarnas placering",
        max_length=20,
        choices=Undertecknarplacering.choices,
        default=Undertecknarplacering.EFTER_AVSNITTEN,
    )
    bilagor_placering = models.CharField(
        "bilageförteckningens placering",
        max_length=20,
        choices=Bilageplacering.choices,
        default=Bilageplacering.EFTER_UNDERTECKNARE,
    )
    utelamna_tomma_avsnitt = models.BooleanField(
        "utelämna tomma valfria avsnitt",
        default=False,
        help_text="Ett avsnitt som inte är obligatoriskt och saknar text skrivs då inte ut, "
        "inte heller dess rubrik.",
    )
    # The kommun's grafisk profil (nameden.grafiskprofil): snapshotted into the document when
    # it is created, only when the mall prints some of it.
    skriv_logotyp = models.BooleanField(
        "skriv ut kommunens logotyp",
        default=False,
        help_text="Logotypen från kommunens grafiska profil, överst på första sidan.",
    )
    skriv_sidfot = models.BooleanField(
        "skriv ut kommunens sidfot",
        default=False,
        help_text="Adresser, telefon, webb och organisationsnummer från kommunens grafiska "
        "profil, längst ned på varje sida.",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "dokumentmall"
        verbose_name_plural = "dokumentmallar"
        ordering = ["-standard", "namn"]
        constraints = [
            models.UniqueConstraint(
                fields=["kommun", "namn"],
                name="dokumentmall_namn_unikt_per_kommun",
                violation_error_message="Kommunen har redan en mall med det namnet.",
            ),
            models.UniqueConstraint(
                fields=["namn"],
                condition=models.Q(kommun__isnull=True),
                name="dokumentmall_namn_unikt_utan_kommun",
                violation_error_message="Det finns redan en mall för alla kommuner med det namnet.",
            ),
        ]

    def __str__(self) -> str:
        return self.namn

    def clean(self) -> None:
        errors = {}
        if self.forvaltning_id is not None:
            kommun_id = self.forvaltning.kommun_id
            if self.kommun_id not in (None, kommun_id):
                errors["kommun"] = (
                    "En mall för en förvaltning hör till förvaltningens kommun. Välj "
                    f"{self.forvaltning.kommun} eller lämna fältet tomt."
                )
            else:
                self.kommun_id = kommun_id
        kedja = self.attestkedja
        if not isinstance(kedja, list) or not kedja:
            errors["attestkedja"] = (
                "Välj minst en roll i attestkedjan, i den ordning de attesterar."
            )
        elif okanda := [roll for roll in kedja if roll not in ATTESTROLLER]:
            errors["attestkedja"] = (
                f"Okänd roll: {', '.join(map(str, okanda))}. Möjliga: {', '.join(ATTESTROLLER)}."
            )
        elif len(set(kedja)) != len(kedja):
            errors["attestkedja"] = "Varje roll kan stå en gång i attestkedjan."
        if (fel := self._underrubrik_fel()) is not None:
            errors["underrubrik_mall"] = fel
        if fel := _dokumenttext_fel(self.dokumenttyp, etikett="Dokumenttyp"):
            errors["dokumenttyp"] = fel
        if (
            self.undertecknare_placering == Undertecknarplacering.EFTER_BILAGOR
            and self.bilagor_placering != Bilageplacering.EFTER_UNDERTECKNARE
        ):
            errors["undertecknare_placering"] = (
                "Undertecknarna kan stå efter bilageförteckningen bara när den står efter "
                "avsnitten. Välj en annan placering för bilageförteckningen eller undertecknarna."
            )
        if errors:
            raise ValidationError(errors)

    def _underrubrik_varden(self, *, avsandare: str, avsandarens_diarienummer: str) -> dict:
        return {"avsandare": avsandare, "avsandarens_diarienummer": avsandarens_diarienummer}

    def _underrubrik_fel(self) -> str | None:
        """The template may name only the two placeholders, and must fit the underrubrik
        (300 characters) with the longest avsändare and diarienummer a remiss can have."""
        from remiss.models.remiss import Remiss
        from remiss.models.tjansteutlatande import Tjansteutlatande

        def langd(model, falt: str) -> int:
            return model._meta.get_field(falt).max_length

        fel = platshallare.granska(
            self.underrubrik_mall,
            langsta=self._underrubrik_varden(
                avsandare="X" * langd(Remiss, "avsandare"),
                avsandarens_diarienummer="X" * langd(Remiss, "avsandarens_diarienummer"),
            ),
            max_langd=langd(Tjansteutlatande, "underrubrik"),
        )
        return fel or _dokumenttext_fel(self.underrubrik_mall, etikett="Mall för underrubrik")

    def formatera_underrubrik(self, *, avsandare: str, avsandarens_diarienummer: str) -> str:
        """The underrubrik of a new document; ValidationError on "mall" (never anything else)
        if the template cannot make one, e.g. one saved before `clean` checked it. A sender
        without a diarienummer is said to have none (`platshallare.fyll_i_utan`)."""
        if not self.underrubrik_mall:
            return ""  # a mall without an underrubrik: the document has none
        varden = self._underrubrik_varden(
            avsandare=avsandare, avsandarens_diarienummer=avsandarens_diarienummer
        )
        try:
            if avsandarens_diarienummer:
                text = platshallare.fyll_i(self.underrubrik_mall, varden)
            else:
                from remiss.models.remiss import INGET_AVSANDARDIARIENUMMER

                text = platshallare.fyll_i_utan(
                    self.underrubrik_mall,
                    varden,
                    namn="avsandarens_diarienummer",
                    ersattning=INGET_AVSANDARDIARIENUMMER.lower(),
                )
        except platshallare.Mallfel as exc:
            fel = str(exc)
        else:
            from remiss.models.tjansteutlatande import Tjansteutlatande

            max_langd = Tjansteutlatande._meta.get_field("underrubrik").max_length
            if len(text) <= max_langd:
                return text
            fel = f"Underrubriken blir längre än {max_langd} tecken."
        raise ValidationError(
            {
                "mall": f"Mallen ”{self.namn}” har en underrubrik som inte går att använda: "
                f"{fel} Be en administratör rätta mallen."
            }
        )


class MallAvsnitt(models.Model):
    mall = models.ForeignKey(Dokumentmall, on_delete=models.CASCADE, related_name="avsnitt")
    ordning = models.PositiveSmallIntegerField("ordning")
    nyckel = models.SlugField(
        "nyckel", max_length=60, help_text="Tekniskt namn, till exempel sammanfattning."
    )
    rubrik = models.CharField("rubrik", max_length=200)
    typ = models.CharField(
        "typ", max_length=20, choices=Avsnittstyp.choices, default=Avsnittstyp.TEXT
    )
    hjalptext = models.TextField("hjälptext", blank=True)
    obligatorisk = models.BooleanField("obligatorisk", default=True)
    standardtext = models.TextField(
        "standardtext",
        blank=True,
        help_text="Förifylld text. Platshållaren {namnd} blir nämndens namn. "
        "För beslutspunkter: en punkt per rad.",
    )
    efter_undertecknare = models.BooleanField(
        "efter underskrifterna",
        default=False,
        help_text="Avsnittet står efter undertecknarna, till exempel ”Beslut sänds till”.",
    )
    history = HistoricalRecords()
    objects = TrackedManager()

    class Meta:
        verbose_name = "avsnitt i mall"
        verbose_name_plural = "avsnitt i mall"
        ordering = ["mall", "ordning"]
        constraints = [
            models.UniqueConstraint(fields=["mall", "nyckel"], name="mallavsnitt_nyckel_unik"),
            models.UniqueConstraint(fields=["mall", "ordning"], name="mallavsnitt_ordning_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.ordning}. {self.rubrik}"

    def clean(self) -> None:
        errors = {}
        if fel := _dokumenttext_fel(self.rubrik, etikett="Rubrik"):
            errors["rubrik"] = fel
        if fel := _dokumenttext_fel(self.standardtext, etikett="Standardtext", flerradig=True):
            errors["standardtext"] = fel
        if errors:
            raise ValidationError(errors)
