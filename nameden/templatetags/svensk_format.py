"""Swedish formatting for templates: dates, times, sizes, counts, days left.

The formats follow `nameden.svenska` (and so the documents), not the server's locale. Load
with `{% load svensk_format %}`; the remiss's own filters (status colours) are `remiss_format`.
"""

import datetime as dt

from django import template
from django.utils import timezone

from nameden import svenska
from nameden.svenska import datum_i_huvud, datum_i_text

register = template.Library()


@register.filter
def datum(value) -> str:
    """'17 april 2024'. Datetimes are shown in Stockholm time."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return datum_i_text(value)


@register.filter
def datum_tid(value) -> str:
    """'17 april 2024 kl. 14.05'."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{datum_i_text(local.date())} kl. {local:%H.%M}"


@register.filter
def iso(value) -> str:
    """Machine-readable form for <time datetime="…">."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    return value.isoformat()


@register.filter
def huvuddatum(value) -> str:
    """'2024-04-23': the form used in document headers."""
    return datum_i_huvud(value) if value else ""


@register.filter
def dagar_kvar(svarsdatum: dt.date) -> str:
    """How far away the answer date is, in words."""
    if not svarsdatum:
        return ""
    dagar = (svarsdatum - timezone.localdate()).days
    if dagar == 0:
        return "Sista dag i dag"
    if dagar == 1:
        return "1 dag kvar"
    if dagar > 1:
        return f"{dagar} dagar kvar"
    if dagar == -1:
        return "1 dag sent"
    return f"{-dagar} dagar sent"


@register.filter
def filstorlek(antal_byte: int) -> str:
    """'812 byte', '14 kB', '2,4 MB': with a decimal comma, as Swedish writes it."""
    if antal_byte is None:
        return ""
    if antal_byte < 1024:
        return f"{antal_byte} byte"
    if antal_byte < 1024 * 1024:
        return f"{round(antal_byte / 1024)} kB"
    return f"{antal_byte / (1024 * 1024):.1f} MB".replace(".", ",")


@register.filter
def kort_hash(sha256: str) -> str:
    return (sha256 or "")[:12]


@register.filter
def antal(n: int, former: str) -> str:
    """'1 bilaga', '3 bilagor': `former` is "singular,plural"."""
    singular, _, plural = former.partition(",")
    return svenska.antal(n, singular, plural or singular)
