"""A sammanträde's event log: one entry per thing that happened, each kind with its wording.

Services call `record`; nothing else writes these entries.
"""

from nameden.historik import save_tracked
from nameden.models import Sammantrade, SammantradeHandelse

#: typ → the sentence shown in the log. Placeholders come from `record(**data)`.
TEXTER: dict[str, str] = {
    "skapat": "Sammanträdet skapades med {antal} inledande punkter.",
    "andrat": "Sammanträdet ändrades: {falt}.",
    "status": "Status ändrades från ”{fran}” till ”{till}”.",
    "punkt_tillagd": "Punkt {ordning} lades till: {rubrik}.",
    "punkt_andrad": "Punkt {ordning} ändrades: {falt}.",
    "punkt_flyttad": "Punkten ”{rubrik}” flyttades från plats {fran} till plats {till}.",
    "arende_anmalt": "Ärendet {diarienummer} anmäldes som punkt {ordning}: {rubrik}.",
    "punkt_bordlagd_hit": "Punkten ”{rubrik}” bordlades från sammanträdet {fran} och blev punkt "
    "{ordning}.",
    "punkt_bordlagd_harifran": "Punkten ”{rubrik}” bordlades till sammanträdet {till}.",
    "punkt_tillbakadragen": "Punkten ”{rubrik}” drogs tillbaka från listan.",
}


def record(sammantrade: Sammantrade, typ: str, *, user, **data) -> SammantradeHandelse:
    handelse = SammantradeHandelse(
        sammantrade=sammantrade,
        typ=typ,
        text=TEXTER[typ].format(**data),
        anvandare=user if user is not None and user.is_authenticated else None,
    )
    save_tracked(handelse, user=user, reason="Händelse")
    return handelse
