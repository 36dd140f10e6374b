"""Validation rules shared by forms and services, so both say the same thing in Swedish.

The date ranges of the case live here, one constant each; every date field also keeps to the
years of `nameden.forms.rimligt_ar`. Which characters a text may hold is
`nameden.textkontroll`'s rule, used by every form and, through `Textfel`, by the services.
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone

from nameden.diarienummer import tecken_namn
from nameden.forms import rimligt_ar
from nameden.textkontroll import Textfel

#: The latest svarsdatum: this many years after the remiss came in.
SVARSDATUM_HOGST_AR_EFTER_INKOM = 5
#: A beredningssteg took place at most this many years ago …
BEREDNING_HOGST_AR_BAKAT = 10
#: … and is planned at most this many years ahead.
BEREDNING_HOGST_AR_FRAMAT = 1

#: The longest sender's number (`Remiss.avsandarens_diarienummer`).
AVSANDARDNR_MAX_TECKEN = 40
#: A sender's number is written in many ways ("KS 2024/112", "SN 18/0098", "1.6-0463/2024",
#: "T2012-050-05828", "Dnr 2024:17"): letters, digits and these separators.
AVSANDARDNR_SKILJETECKEN = " -/.:"
_AVSANDARDNR_TECKEN = re.compile(r"[^\W_]|[ \-/.:]")
_TVA_SKILJETECKEN = re.compile(r"[-/.:]{2}")

DNR_EXEMPEL = "till exempel KS 2024/112, SN 18/0098 eller 1.6-0463/2024"
DNR_FEL = f"Skriv diarienumret som avsändaren skriver det, {DNR_EXEMPEL}."
DNR_UTAN_SIFFRA = (
    f"Ett diarienummer har minst en siffra, {DNR_EXEMPEL}. Har avsändaren inget "
    "diarienummer: lämna fältet tomt."
)


def normalisera_diarienummer(value: str) -> str:
    """Fold spacing and case so 'ks  2024 / 112' and 'KS 2024/112' are the same number."""
    value = re.sub(r"\s*/\s*", "/", value.strip().upper())
    return re.sub(r"\s+", " ", value)


def avsandardiarienummer_fel(normal: str) -> str | None:
    """Why `normal` (normalised) is clearly no diarienummer, or None.

    Lenient on purpose: senders number in every way, so only clear mistakes are refused: a
    character no diarium uses, no digit at all, a number that starts or ends in a separator
    (cut off, "KS 2024/") or has two in a row ("KS 2024//112")."""
    if len(normal) > AVSANDARDNR_MAX_TECKEN:
        return f"Avsändarens diarienummer får vara högst {AVSANDARDNR_MAX_TECKEN} tecken."
    for tecken in normal:
        if not _AVSANDARDNR_TECKEN.fullmatch(tecken):
            return (
                f"Diarienumret kan inte innehålla tecknet {tecken_namn(tecken)}. Det kan ha "
                "bokstäver, siffror, mellanslag och - / . :"
            )
    if not any(tecken.isdigit() for tecken in normal):
        return DNR_UTAN_SIFFRA
    if not (normal[0].isalnum() and normal[-1].isalnum()):
        return (
            "Diarienumret ska börja och sluta med en bokstav eller siffra. Kontrollera att "
            f"hela numret kom med, {DNR_EXEMPEL}."
        )
    if match := _TVA_SKILJETECKEN.search(normal):
        return f"Diarienumret har två skiljetecken i rad (”{match.group()}”). {DNR_FEL}"
    return None


def validera_diarienummer(value: str) -> str:
    """The sender's number normalised, "" when there is none, or ValidationError in Swedish."""
    normal = normalisera_diarienummer(value or "")
    if normal and (fel := avsandardiarienummer_fel(normal)):
        raise ValidationError(fel, code="diarienummer")
    return normal


EPOST_FEL = "Ange en e-postadress i formatet namn@exempel.se, eller lämna fältet tomt."
EPOST_MAX_TECKEN = 254


def validera_epost(value: str) -> str:
    """The registry address trimmed (blank allowed: a sender may have none), or
    ValidationError in Swedish."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) > EPOST_MAX_TECKEN:
        raise ValidationError(
            f"E-postadressen får vara högst {EPOST_MAX_TECKEN} tecken.", code="max_length"
        )
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(EPOST_FEL, code="epost") from None
    return value


def ar_fran(datum: dt.date, ar: int) -> dt.date:
    """The same day `ar` years later (earlier if negative); 29 February becomes the 28th."""
    try:
        return datum.replace(year=datum.year + ar)
    except ValueError:
        return datum.replace(year=datum.year + ar, day=28)


def _ar_fel(datum) -> str | None:
    try:
        rimligt_ar(datum)
    except ValidationError as exc:
        return exc.messages[0]
    return None


def validera_datum(*, inkom_datum, svarsdatum, idag: dt.date | None = None) -> dict[str, str]:
    """Field → message for the registration's dates: the inkom date not after today, the
    svarsdatum not before it and at most SVARSDATUM_HOGST_AR_EFTER_INKOM years after it."""
    idag = idag or timezone.localdate()
    errors: dict[str, str] = {}
    for falt, datum in (("inkom_datum", inkom_datum), ("svarsdatum", svarsdatum)):
        if (fel := _ar_fel(datum)) is not None:
            errors[falt] = fel
    if inkom_datum and "inkom_datum" not in errors and inkom_datum > idag:
        errors["inkom_datum"] = (
            "Datumet då remissen kom in kan inte vara senare än i dag "
            f"({idag:%Y-%m-%d}). Kontrollera datumet."
        )
    if inkom_datum and svarsdatum and not errors:
        if svarsdatum < inkom_datum:
            errors["svarsdatum"] = "Svarsdatum kan inte vara före datumet då remissen kom in."
        elif svarsdatum > ar_fran(inkom_datum, SVARSDATUM_HOGST_AR_EFTER_INKOM):
            errors["svarsdatum"] = (
                f"Svarsdatum kan vara högst {SVARSDATUM_HOGST_AR_EFTER_INKOM} år efter datumet "
                "då remissen kom in. Kontrollera årtalet."
            )
    return errors


def validera_beredningsdatum(datum: dt.date | None, *, idag: dt.date | None = None) -> str | None:
    """The message if a beredningssteg's date is out of range, else None."""
    if datum is None:
        return None
    if (fel := _ar_fel(datum)) is not None:
        return fel
    idag = idag or timezone.localdate()
    forsta = ar_fran(idag, -BEREDNING_HOGST_AR_BAKAT)
    sista = ar_fran(idag, BEREDNING_HOGST_AR_FRAMAT)
    if not forsta <= datum <= sista:
        return (
            f"Ange ett datum mellan {forsta:%Y-%m-%d} och {sista:%Y-%m-%d}: högst "
            f"{BEREDNING_HOGST_AR_BAKAT} år bakåt och {BEREDNING_HOGST_AR_FRAMAT} år framåt."
        )
    return None


# --- Text that is printed in the document --------------------------------------------------

#: Service field → the label its form gives it, so that a service names a field as the page
#: does. Every one-line text here is printed in the tjänsteutlåtande.
ETIKETTER = {
    "avsandare": "Avsändare",
    "avsandarens_diarienummer": "Avsändarens diarienummer",
    "rubrik": "Rubrik",
    "underrubrik": "Underrubrik",
    "forvaltning_namn": "Förvaltning",
    "enhet": "Enhet",
    "handlaggare_namn": "Namn",
    "handlaggare_titel": "Titel",
    "handlaggare_telefon": "Telefon",
    "handlaggare_epost": "E-post",
    "motpart": "Vem",
    "titel": "Titel",
}


def dokumentrader(**texter: str) -> dict[str, str]:
    """One-line texts of the document, folded; ValidationError (field → message) if one holds
    a character that may not be stored or that the PDF's font cannot draw."""
    fel = Textfel()
    renade = {
        falt: fel.rad(falt, text or "", etikett=ETIKETTER.get(falt, falt), dokument=True)
        for falt, text in texter.items()
    }
    fel.raise_if_any()
    return renade


def dokumentstycken(text: str, *, falt: str, etikett: str) -> str:
    """A section's text (multi-line) as it may be stored, or ValidationError on `falt`."""
    fel = Textfel()
    text = fel.stycken(falt, text or "", etikett=etikett, dokument=True)
    fel.raise_if_any()
    return text


def dokumentpunkter(punkter: list[str], *, falt: str, etikett: str) -> list[str]:
    """Beslutspunkter (each one line, folded), or ValidationError on `falt`."""
    fel = Textfel()
    punkter = fel.lista(falt, list(punkter or []), etikett=etikett, dokument=True)
    fel.raise_if_any()
    return punkter


#: The longest free comment (return, recall, avskrivning): a note, not a document.
KOMMENTAR_MAX_TECKEN = 2000


def kommentar(
    text: str,
    *,
    falt: str = "kommentar",
    etikett: str = "Kommentar",
    max_tecken: int | None = KOMMENTAR_MAX_TECKEN,
) -> str:
    """A free comment (return, recall, avskrivning, a beslut's text) as it may be stored:
    several lines, no control characters, at most `max_tecken`; ValidationError on `falt`.
    Comments are shown on pages and in e-mail, not printed in the document, so the font is
    not asked."""
    fel = Textfel()
    text = fel.stycken(falt, (text or "").strip(), etikett=etikett)
    fel.raise_if_any()
    if max_tecken is not None and len(text) > max_tecken:
        raise ValidationError(
            {falt: f"{etikett} får vara högst {max_tecken:,} tecken.".replace(",", " ")}
        )
    return text
