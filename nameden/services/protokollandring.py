"""The one call every change to a protokoll's content makes: `innehall_andrat`.

Närvaro, paragrafer, beslut, yrkanden, omröstningar, reservationer and jäv are written by
`nameden.services.motet`; the protokoll's own fields by `nameden.services.protokoll`. A
justering binds to the fingerprint of the content it confirmed, so after any such change the
justeringar given so far no longer hold. Each service calls `innehall_andrat` inside its
transaction, after its change, with the sammanträde row already locked.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from nameden import events
from nameden.historik import save_tracked
from nameden.models import Justering, Protokoll, Sammantrade
from nameden.protokoll import fingeravtryck as fa
from nameden.protokoll.innehall import protokoll_innehall
from nameden.svenska import genitiv

_SKAL_MAX = Justering._meta.get_field("upphavd_skal").max_length


def innehall_andrat(sammantrade: Sammantrade, *, user, vad: str) -> None:
    """The content of `sammantrade`'s protokoll changed (`vad` says what, in Swedish, for the
    record): void every justering that no longer matches it, with that reason.

    A justerat protokoll is frozen: a change to it is refused (the policy's statuses keep the
    services away from it; this is the last line). While no justering is in force this costs
    one query.
    """
    protokoll = Protokoll.objects.filter(sammantrade_id=sammantrade.pk).first()
    if protokoll is None:
        return
    if protokoll.justerat_at is not None:
        raise ValidationError("Protokollet är justerat och kan inte längre ändras.")
    giltiga = list(
        protokoll.justeringar.filter(upphavd_at__isnull=True).select_related(
            "fortroendevald", "paragraf"
        )
    )
    if not giltiga:
        return
    innehall = protokoll_innehall(sammantrade, protokoll)
    skal = f"protokollet ändrades ({vad})"
    if len(skal) > _SKAL_MAX:
        skal = skal[: _SKAL_MAX - 2] + "…)"
    nu = timezone.now()
    for justering in giltiga:
        if fa.stammer(
            innehall,
            sha256=justering.fingeravtryck,
            format=justering.fingeravtryck_format,
            paragraf_pk=justering.paragraf_id,
        ):
            continue
        justering.upphavd_at = nu
        justering.upphavd_skal = skal
        save_tracked(justering, user=user, reason="Justeringen upphävdes: protokollet ändrades")
        namn = justering.fortroendevald.namn if justering.fortroendevald else str(justering.user)
        events.record(
            sammantrade,
            "justering_upphavd",
            user=user,
            namn=genitiv(namn),
            vad=f"§ {justering.paragraf.nummer}" if justering.paragraf_id else "protokollet",
            skal=skal,
        )
