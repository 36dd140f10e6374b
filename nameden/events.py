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
    # --- kallelse och handlingar (nameden.services.paket) ---
    "paket_bestallt": "Kallelse och handlingar beställdes.",
    "paket_klart": "Kallelse och handlingar skapades: {sidor} sidor (offentlig version "
    "{offentliga} sidor), SHA-256 {sha}…; {nya} handlingar bearbetades, {ateranvanda} "
    "återanvändes.",
    "paket_fel": "Kallelse och handlingar kunde inte skapas: {fel}.",
    # --- at the meeting (nameden.services.motet) ---
    "upprop": "Upprop: {antal} förtroendevalda fördes in i närvarolistan.",
    "paragrafer_numrerade": "Paragrafnummer delades ut: {nummer}.",
    "narvaro_andrad": "Närvaron för {namn}{del_} ändrades: {vad}.",
    "ovrig_narvarande_tillagd": "{namn} fördes in bland övriga närvarande.",
    "ovrig_narvarande_borttagen": "{namn} togs bort från övriga närvarande.",
    "beslut": "Beslut i § {nummer}: {slag}{oj}.",
    "bordlagd_vid_motet_hit": "Punkten ”{rubrik}” bordlades vid sammanträdet {fran} (§ {nummer}) "
    "och blev punkt {ordning}.",
    "paragraf_text": "Ärendebeskrivningen i § {nummer} ändrades.",
    "yrkande": "Yrkande {ordning} i § {nummer} av {namn}.",
    "yrkande_borttaget": "Ett yrkande av {namn} i § {nummer} togs bort.",
    "omrostning": "Omröstning i § {nummer}: {ja} ja, {nej} nej, {avstar} avstår; {resultat}.",
    "omrostning_borttagen": "Omröstning {ordning} i § {nummer} ({ja} ja, {nej} nej, {avstar} "
    "avstår) togs bort med sina röster.",
    "reservation": "{namn} reserverade sig mot beslutet i § {nummer}.",
    "reservation_borttagen": "Reservationen av {namn} i § {nummer} togs bort.",
    "jav": "{namn} anmälde jäv i § {nummer}.",
    "jav_borttaget": "Jävet för {namn} i § {nummer} togs bort.",
    # --- protokoll, justering, anslag (nameden.services.protokoll, .anslag) ---
    "protokoll_andrat": "Protokollets uppgifter ändrades: {falt}.",
    "protokoll_justering": "{namn} justerade protokollet digitalt som {roll}.",
    "protokoll_justering_sen": "{namn} justerade protokollet digitalt som {roll}, efter sista "
    "dagen för justering ({sista}). Skäl: {skal}",
    "paragraf_justering": "{namn} justerade § {nummer} omedelbart som {roll}.",
    "paragraf_justerad": "§ {nummer} är omedelbart justerad.",
    "protokoll_justerat": "Protokollet är justerat. Det lagrades som PDF/A ({sidor}, SHA-256 "
    "{sha256}) och i en offentlig version.",
    "justering_upphavd": "{namn} justering av {vad} upphävdes: {skal}.",
    "beslut_rapporterat": "Beslutet i § {nummer} meddelades ärendet {arende}.",
    "beslut_ej_rapporterat": "Beslutet i § {nummer} kunde inte meddelas ärendet {arende}: {fel}",
    "protokoll_anslaget": "Protokollets justering anslogs {anslaget} och tas ned {nedtas}; "
    "överklagandetiden går ut {sista}.",
    "protokoll_anslaget_sent": "Protokollets justering anslogs {anslaget}, efter sista dagen "
    "för anslag ({sista_anslag}). Skäl: {skal}",
    # --- protokollsutdrag, expediering (nameden.services.utskick) ---
    "utdrag_skapat": "Protokollsutdrag ur {paragraf} togs ut och bestyrktes (SHA-256 {sha}).",
    "expedierat": "Beslutet i {paragraf} expedierades till {mottagare} ({antal_filer} filer).",
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
