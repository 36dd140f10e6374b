"""The kommun at the top of the organisation, with its grafisk profil.

One installation may serve several kommuner (a kommunalförbund, a shared service centre):
each förvaltning belongs to one (`Forvaltning.kommun`), and through it its nämnder and its
people. Names are unique within a kommun, not across the installation.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from nameden import grafiskprofil
from nameden.sparmanager import TrackedManager


class Kommun(models.Model):
    """A kommun (or region, or kommunalförbund) and its grafisk profil.

    The profile (logotyp, colours, footer) is data a document copies when it is created
    (`nameden.grafiskprofil.profil_varde`); editing it here changes no existing document.
    The logotyp is stored only as `nameden.logotyp.sanera` rebuilt it (bytes, MIME type and
    SHA-256 together, set by `kommun_satt_logotyp`), never as uploaded.
    """

    namn = models.CharField(
        "namn",
        max_length=200,
        unique=True,
        help_text="Så som den skrivs i dokumenten, till exempel Stockholms stad.",
    )
    slug = models.SlugField(
        "kortadress",
        max_length=60,
        unique=True,
        help_text="Används i adressen till kommunens anslagstavla, till exempel stockholm "
        "(/anslagstavla/stockholm/). Små bokstäver a–z, siffror och bindestreck.",
    )
    organisationsnummer = models.CharField(
        "organisationsnummer",
        max_length=11,
        blank=True,
        help_text="NNNNNN-NNNN, till exempel 212000-0142. Skrivs i sidfoten.",
    )
    accentfarg = models.CharField(
        "accentfärg",
        max_length=7,
        default=grafiskprofil.STANDARD_ACCENT,
        help_text="Profilfärg som hexkod, till exempel #0f4c81. Används till text på vitt "
        "papper och som bakgrund, så den måste ha minst 4,5:1 i kontrast mot vitt.",
    )
    text_pa_accent = models.CharField(
        "textfärg på accentfärgen",
        max_length=7,
        default=grafiskprofil.STANDARD_TEXT_PA_ACCENT,
        help_text="Färgen på text som står på accentfärgen, oftast vitt (#ffffff). Minst "
        "4,5:1 i kontrast mot accentfärgen.",
    )
    logotyp = models.BinaryField("logotyp", blank=True, default=b"", editable=False)
    logotyp_mime = models.CharField("logotypens filtyp", max_length=20, blank=True, editable=False)
    logotyp_sha256 = models.CharField(
        "logotypens SHA-256", max_length=64, blank=True, editable=False
    )
    postadress = models.CharField(
        "postadress",
        max_length=200,
        blank=True,
        help_text="Till exempel Box 123, 111 22 Stockholm.",
    )
    besoksadress = models.CharField(
        "besöksadress",
        max_length=200,
        blank=True,
        help_text="Till exempel Stadshuset, Hantverkargatan 1.",
    )
    telefon = models.CharField(
        "telefon",
        max_length=40,
        blank=True,
        help_text="Växelns nummer, till exempel 08-508 290 00.",
    )
    webb = models.URLField(
        "webbplats", max_length=200, blank=True, help_text="Till exempel https://start.stockholm."
    )
    epost = models.EmailField("e-post", max_length=200, blank=True)
    # The logo bytes stay out of the history (its SHA-256 is kept): a document holds its own
    # copy, and a row per save would store the same image again and again.
    history = HistoricalRecords(excluded_fields=["logotyp"])
    objects = TrackedManager()

    class Meta:
        verbose_name = "kommun"
        verbose_name_plural = "kommuner"
        ordering = ["namn"]

    def __str__(self) -> str:
        return self.namn

    def clean(self) -> None:
        """Everything the profile prints must be printable, the organisationsnummer must
        carry its check digit and the colours must be readable."""
        from nameden.models.organisation import texter_som_trycks_fel

        super().clean()
        errors = texter_som_trycks_fel(
            self, ["namn", "postadress", "besoksadress", "telefon", "webb", "epost"]
        )
        if self.organisationsnummer:
            try:
                self.organisationsnummer = grafiskprofil.organisationsnummer(
                    self.organisationsnummer
                )
            except ValidationError as exc:
                errors.setdefault("organisationsnummer", exc.messages[0])
        for falt, fel in grafiskprofil.fargfel(self.accentfarg, self.text_pa_accent).items():
            errors.setdefault(falt, fel)
        if fel := grafiskprofil.logotypfel(self):
            errors.setdefault(NON_FIELD_ERRORS, fel)
        if not errors:
            self.accentfarg = grafiskprofil.farg(self.accentfarg, etikett="Accentfärgen")
            self.text_pa_accent = grafiskprofil.farg(self.text_pa_accent, etikett="Textfärgen")
        if errors:
            raise ValidationError(errors)


def standardkommun() -> int:
    """The kommun a förvaltning belongs to when none is named: the installation's first.

    Most installations serve one kommun, and code written before kommuner existed (fixtures,
    scripts) creates förvaltningar without naming one; they go where every förvaltning went
    then. On an installation with no kommun yet it is created, as "Kommunen", to be renamed
    in the admin. With several kommuner the admin asks for one (`ForvaltningAdmin`)."""
    forsta = Kommun.objects.order_by("pk").values_list("pk", flat=True).first()
    if forsta is not None:
        return forsta
    return Kommun.objects.create(namn=STANDARDKOMMUN_NAMN, slug=STANDARDKOMMUN_SLUG).pk


#: The kommun `standardkommun` (and migration 0007) creates when there is none.
STANDARDKOMMUN_NAMN = "Kommunen"
STANDARDKOMMUN_SLUG = "kommunen"
