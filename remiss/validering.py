"""Validation rules shared by forms and services, so both say the same thing in Swedish."""

import re

from django.core.exceptions import ValidationError

# "KS 2024/112", "SLK 2023/45", "KF-A 2024/7"; and Stockholm's classified form "1.6-0463/2024".
_DNR_SERIE = re.compile(r"^[A-ZÅÄÖ]{1,10}(-[A-ZÅÄÖ0-9]{1,10})? (19|20)\d\d/\d{1,6}$")
_DNR_KLASSAD = re.compile(r"^\d{1,3}(\.\d{1,3}){0,3}-\d{1,6}/(19|20)\d\d$")

DNR_FEL = (
    "Ange diarienumret som avsändaren skriver det, till exempel KS 2024/112 eller 1.6-0463/2024."
)


def normalisera_diarienummer(value: str) -> str:
    """Fold spacing and case so 'ks  2024 / 112' and 'KS 2024/112' are the same number."""
    value = re.sub(r"\s*/\s*", "/", value.strip().upper())
    return re.sub(r"\s+", " ", value)


def validera_diarienummer(value: str) -> str:
    """Return the normalised number or raise ValidationError."""
    normal = normalisera_diarienummer(value)
    if not (_DNR_SERIE.match(normal) or _DNR_KLASSAD.match(normal)):
        raise ValidationError(DNR_FEL, code="diarienummer")
    return normal


def validera_datum(*, inkom_datum, svarsdatum) -> dict[str, str]:
    """Field → message for date combinations that cannot be right."""
    errors: dict[str, str] = {}
    if inkom_datum and svarsdatum and svarsdatum < inkom_datum:
        errors["svarsdatum"] = "Svarsdatum kan inte vara före datumet då remissen kom in."
    return errors
