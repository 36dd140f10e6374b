"""A kommun's grafisk profil as data: organisationsnummer, colours, logotyp and footer.

`profil_varde(kommun)` is the one value a document copies when it is created (the
tjänsteutlåtande snapshots it; a mall file carries it): plain JSON, stable keys, the logo
inline as a data: URI, so that a document printed years later shows the profile it was
written under and the PDF renderer never fetches anything for it. Editing the kommun changes
no document that already holds its copy.

The rules the admin and `Kommun.clean` apply live here too, as plain functions:
organisationsnummer with its check digit (Luhn, as Skatteverket computes it), colours that
meet WCAG 2.1's 4.5:1 for text (`nameden.kontrast`). The logotyp itself is checked by
`nameden.logotyp`.
"""

import re

from django.core.exceptions import ValidationError

from nameden import kontrast, logotyp

#: The value's shape; a reader that finds another number knows the keys may differ.
PROFIL_FORMAT = "grafisk-profil/1"

#: The colours a new kommun starts with: dark blue with white text (8.9:1 on white).
STANDARD_ACCENT = "#0f4c81"
STANDARD_TEXT_PA_ACCENT = "#ffffff"
#: What the accent colour must be readable against: the paper.
PAPPER = "#ffffff"

_ORGNR = re.compile(r"(\d{6})-?(\d{4})")

ORGNR_FORMAT_FEL = "Ange organisationsnumret som NNNNNN-NNNN, till exempel 212000-0142."


def luhn_giltig(siffror: str) -> bool:
    """Does the last digit of `siffror` check the others (the Luhn, or modulus 10, rule that
    Swedish organisations- and personnummer use)?"""
    summa = 0
    for i, tecken in enumerate(reversed(siffror)):
        tal = int(tecken) * (2 if i % 2 else 1)
        summa += tal - 9 if tal > 9 else tal
    return summa % 10 == 0


def organisationsnummer(text: str) -> str:
    """The organisationsnummer as NNNNNN-NNNN, or ValidationError (Swedish): ten digits, the
    hyphen optional when typed, the last digit the Luhn check digit."""
    match = _ORGNR.fullmatch((text or "").strip())
    if not match:
        raise ValidationError(ORGNR_FORMAT_FEL, code="orgnr_format")
    if not luhn_giltig(match.group(1) + match.group(2)):
        raise ValidationError(
            f"Organisationsnumret {match.group(1)}-{match.group(2)} stämmer inte: "
            "kontrollsiffran (den sista) är fel. Kontrollera att alla siffror är rätt.",
            code="orgnr_kontrollsiffra",
        )
    return f"{match.group(1)}-{match.group(2)}"


def farg(text: str, *, etikett: str) -> str:
    """A colour as #rrggbb, or ValidationError naming the field."""
    try:
        return kontrast.normalisera((text or "").strip())
    except ValueError:
        raise ValidationError(
            f"{etikett} ska anges som en hexadecimal färg, till exempel #0f4c81.",
            code="farg",
        ) from None


def fargfel(accent: str, text_pa_accent: str) -> dict[str, str]:
    """Field → Swedish error for a pair of colours a document could not be read in: the
    accent colour is used for text on white paper and as the background of text in
    `text_pa_accent`, so both pairs need 4.5:1."""
    fel = {}
    try:
        accent = farg(accent, etikett="Accentfärgen")
    except ValidationError as exc:
        fel["accentfarg"] = exc.messages[0]
    try:
        text_pa_accent = farg(text_pa_accent, etikett="Textfärgen på accentfärgen")
    except ValidationError as exc:
        fel["text_pa_accent"] = exc.messages[0]
    if fel:
        return fel
    krav = f"{kontrast.TEXT_KONTRAST:.1f}".replace(".", ",")
    mot_papper = kontrast.kontrast(accent, PAPPER)
    if not kontrast.racker_for_text(accent, PAPPER):
        fel["accentfarg"] = (
            f"Accentfärgen {accent} har för låg kontrast mot vit bakgrund "
            f"({_kvot(mot_papper)}:1, minst {krav}:1 krävs för text). Välj en mörkare färg."
        )
    mot_text = kontrast.kontrast(accent, text_pa_accent)
    if not kontrast.racker_for_text(accent, text_pa_accent):
        fel["text_pa_accent"] = (
            f"Textfärgen {text_pa_accent} syns för dåligt på accentfärgen {accent} "
            f"({_kvot(mot_text)}:1, minst {krav}:1 krävs). Välj en färg med större kontrast, "
            "till exempel vitt (#ffffff) på en mörk accentfärg."
        )
    return fel


def _kvot(tal: float) -> str:
    """A ratio as WCAG tools print it, rounded down so that it never reads as passing."""
    return f"{int(tal * 100) / 100:.2f}".replace(".", ",")


def logotyp_for(kommun) -> logotyp.Logotyp | None:
    """The kommun's stored logo, checked (hash and sanitised form) before it is used."""
    if not kommun.logotyp_sha256:
        return None
    return logotyp.kontrollera_lagrad(
        mime=kommun.logotyp_mime, data=bytes(kommun.logotyp), sha256=kommun.logotyp_sha256
    )


def logotypfel(kommun) -> str | None:
    """Why the kommun's logo fields cannot be stored (bytes, type and SHA-256 are one value,
    as `nameden.logotyp.sanera` made it), or None."""
    delar = (bool(kommun.logotyp), bool(kommun.logotyp_mime), bool(kommun.logotyp_sha256))
    if not any(delar):
        return None
    if not all(delar):
        return "Logotypen är ofullständig. Ladda upp den igen."
    try:
        logotyp_for(kommun)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def profil_varde(kommun) -> dict:
    """The kommun's grafisk profil as a JSON-ready dict with stable keys:

    ``format``, ``namn``, ``organisationsnummer``, ``logotyp`` (None, or ``mime``,
    ``sha256``, ``data_uri``), ``farger`` (``accent``, ``text_pa_accent``) and ``sidfot``
    (``postadress``, ``besoksadress``, ``telefon``, ``webb``, ``epost``,
    ``organisationsnummer``; an empty string where the kommun has none).

    The logo is checked against its SHA-256 on the way out, so a changed row never reaches a
    document (ValidationError instead)."""
    bild = logotyp_for(kommun)
    return {
        "format": PROFIL_FORMAT,
        "namn": kommun.namn,
        "organisationsnummer": kommun.organisationsnummer,
        "logotyp": None
        if bild is None
        else {"mime": bild.mime, "sha256": bild.sha256, "data_uri": bild.data_uri},
        "farger": {"accent": kommun.accentfarg, "text_pa_accent": kommun.text_pa_accent},
        "sidfot": {
            "postadress": kommun.postadress,
            "besoksadress": kommun.besoksadress,
            "telefon": kommun.telefon,
            "webb": kommun.webb,
            "epost": kommun.epost,
            "organisationsnummer": kommun.organisationsnummer,
        },
    }


# --- Writing ----------------------------------------------------------------------------------


def kommun_spara(
    *, user, kommun, logotyp_ny: logotyp.Logotyp | None = None, ta_bort_logotyp: bool = False
):
    """Save `kommun` (new or changed) with its profile: checked as a whole (`full_clean`),
    the logo only as `nameden.logotyp.sanera` rebuilt it, and a history row naming `user`.
    ValidationError (Swedish, by field) and nothing saved if anything is wrong."""
    from django.db import transaction

    from nameden.historik import save_tracked

    with transaction.atomic():
        if logotyp_ny is not None:
            kommun.logotyp = logotyp_ny.data
            kommun.logotyp_mime = logotyp_ny.mime
            kommun.logotyp_sha256 = logotyp_ny.sha256
        elif ta_bort_logotyp:
            kommun.logotyp, kommun.logotyp_mime, kommun.logotyp_sha256 = b"", "", ""
        kommun.full_clean()
        ny = kommun.pk is None
        if logotyp_ny is not None:
            orsak = f"Ny logotyp ({logotyp_ny.mime}, SHA-256 {logotyp_ny.sha256[:12]}…)"
        elif ta_bort_logotyp:
            orsak = "Logotypen borttagen"
        else:
            orsak = "Kommunen skapad" if ny else "Kommunens uppgifter ändrade"
        save_tracked(kommun, user=user, reason=orsak)
    return kommun
