"""The anslag: the notice on the digital anslagstavla that the protokoll is justerat.

`protokoll_ansla` (sekreterare, Action.ANSLA, a justerat sammanträde) records the day the
notice goes up, computes the day it may come down (the day after the appeal time has run,
KL 8 kap. 12 § and 13 kap. 5 §, with 1930:173), and renders the justerat protokoll once more
with its Anslagsbevis, stored beside the justerat files (which never change).

**Dates.** The day defaults to today and may be any day from the justering's day up to the
last day for anslag (the second day after justering, KL 8 kap. 12 §, moved to a weekday);
a future day within that limit is an anslag planned ahead. Before the justering's day it is
refused: there is nothing to announce yet. After the last day the law is already broken, but
the beslut stand and the appeal time simply runs from the real anslag (an
ordningsföreskrift): the anslag is accepted only with a stated reason, printed on the
Anslagsbevis, and only for today or an earlier day (a late anslag is not planned ahead).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden import events, policy, textkontroll
from nameden.historik import save_tracked
from nameden.kommunallag import nedtas, sista_dag_for_anslag, sista_dag_for_overklagande
from nameden.models import Anslag, Sammantrade
from nameden.services.las import las_sammantrade
from nameden.services.protokoll import lagra_protokollpar, protokoll_for, standard_forvaringsplats
from nameden.workflow import Action

_FORVARING_MAX = Anslag._meta.get_field("forvaringsplats").max_length
_SKAL_MAX = Anslag._meta.get_field("sen_skal").max_length


def anslagsdagar(justerat_at: dt.datetime) -> tuple[dt.date, dt.date]:
    """(first, last) day the anslag may be put up for a protokoll justerat at `justerat_at`."""
    justerat = timezone.localdate(justerat_at)
    return justerat, sista_dag_for_anslag(justerat)


def _text(text: str, *, etikett: str, max_langd: int, falt: str) -> str:
    try:
        text = textkontroll.kontrollera(text or "", etikett=etikett, dokument=True)
    except ValidationError as exc:
        raise ValidationError({falt: exc.messages[0]}) from exc
    if len(text) > max_langd:
        raise ValidationError({falt: f"{etikett} får vara högst {max_langd} tecken."})
    return text


@transaction.atomic
def protokoll_ansla(
    *,
    user,
    sammantrade: Sammantrade,
    anslaget: dt.date | None = None,
    forvaringsplats: str = "",
    sen_skal: str = "",
    idag: dt.date | None = None,
    tidpunkt: dt.datetime | None = None,
) -> Anslag:
    """Put the justerat protokoll's notice up on `anslaget` (default today). `tidpunkt` is
    for importing historical protokoll (and the demo); it defaults to now."""
    sammantrade = las_sammantrade(sammantrade)
    policy.require(user, Action.ANSLA, sammantrade)
    protokoll = protokoll_for(sammantrade)
    if protokoll is None or protokoll.justerat_at is None:
        raise ValidationError("Protokollet är inte justerat än.")
    if Anslag.objects.filter(protokoll=protokoll).exists():
        raise ValidationError("Protokollet är redan anslaget.")
    tidpunkt = tidpunkt or timezone.now()
    idag = idag or timezone.localdate(tidpunkt)
    anslaget = anslaget or idag
    forsta, sista = anslagsdagar(protokoll.justerat_at)
    if not isinstance(anslaget, dt.date):
        raise ValidationError({"anslaget": "Ange dagen då anslaget sätts upp."})
    if anslaget < forsta:
        raise ValidationError(
            {
                "anslaget": f"Protokollet justerades {forsta:%Y-%m-%d}: anslaget kan inte "
                "sättas upp före justeringen."
            }
        )
    skal = _text(sen_skal, etikett="Skäl", max_langd=_SKAL_MAX, falt="sen_skal")
    if anslaget > sista:
        if anslaget > idag:
            raise ValidationError(
                {
                    "anslaget": f"Sista dag för anslag är {sista:%Y-%m-%d} (andra dagen efter "
                    "justeringen, kommunallagen 8 kap. 12 §). Välj den dagen eller tidigare."
                }
            )
        if not skal:
            raise ValidationError(
                {
                    "sen_skal": f"Sista dag för anslag var {sista:%Y-%m-%d} (andra dagen efter "
                    "justeringen, kommunallagen 8 kap. 12 §). Ange skälet till att anslaget "
                    "sätts upp senare; det skrivs i anslagsbeviset och överklagandetiden "
                    "räknas från den dag anslaget faktiskt sätts upp."
                }
            )
    else:
        skal = ""
    forvaring = _text(
        forvaringsplats or protokoll.forvaringsplats or standard_forvaringsplats(sammantrade),
        etikett="Förvaringsplats",
        max_langd=_FORVARING_MAX,
        falt="forvaringsplats",
    )
    if not forvaring:
        raise ValidationError({"forvaringsplats": "Ange var protokollet förvaras."})
    anslag = Anslag(
        protokoll=protokoll,
        anslaget=anslaget,
        nedtas=nedtas(anslaget),
        anslaget_av=user,
        anslaget_at=tidpunkt,
        forvaringsplats=forvaring,
        sen_skal=skal,
    )
    lagra_protokollpar(anslag, sammantrade, protokoll, anslag=anslag)
    save_tracked(anslag, user=user, reason="Protokollet anslogs")
    if skal:
        events.record(
            sammantrade,
            "protokoll_anslaget_sent",
            user=user,
            anslaget=f"{anslaget:%Y-%m-%d}",
            sista_anslag=f"{sista:%Y-%m-%d}",
            skal=skal,
        )
    events.record(
        sammantrade,
        "protokoll_anslaget",
        user=user,
        anslaget=f"{anslaget:%Y-%m-%d}",
        nedtas=f"{anslag.nedtas:%Y-%m-%d}",
        sista=f"{sista_dag_for_overklagande(anslaget):%Y-%m-%d}",
    )
    return anslag
