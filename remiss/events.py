"""The case timeline: one entry per thing that happened, each kind with its own wording.

Services call `record`; nothing else writes timeline entries.
"""

from remiss.models import Handelse, Remiss

#: typ → the sentence shown in the timeline. Placeholders come from `record(**data)`.
#: A {steg} is a whole sentence (see `remiss.beredning.mening`) and brings its own full stop.
TEXTER: dict[str, str] = {
    "registrerad": "Remissen registrerades som {diarienummer} och tilldelades {handlaggare}.",
    "uppgifter_andrade": "Registreringsuppgifterna ändrades: {falt}.",
    "tilldelad": "Handläggare byttes från {fran} till {till}.",
    "beredning_paborjad": "Beredningen påbörjades med mallen ”{mall}”.",
    "tu_andrat": "Tjänsteutlåtandet ändrades: {vad}.",
    "beredningssteg_tillagt": "Beredningssteg lades till: {steg}",
    "beredningssteg_andrat": "Beredningssteg ändrades: {steg}",
    "beredningssteg_borttaget": "Beredningssteg togs bort: {steg}",
    "bilaga_tillagd": "Bilaga {nummer} lades till: {titel}.",
    "bilaga_borttagen": "Bilaga {nummer} togs bort: {titel}.",
    "status": "Status ändrades från ”{fran}” till ”{till}”.",
    "attest_skickad": "Tjänsteutlåtandet skickades till attest: {kedja}.",
    "attest_godkand": "{namn}, {titel}, attesterade tjänsteutlåtandet.",
    "attest_returnerad": "{namn} returnerade tjänsteutlåtandet till handläggaren.",
    "attest_upphavd": "Attesten upphävdes: {orsak}.",
    "slutversion_skapad": "Slutlig PDF skapades ({sidor}, SHA-256 {sha_kort}).",
    "namnd_beslut": "{namnd} beslutade{var}: {slag}.",
    "namnd_beslut_andrat": "{namnd_genitiv} beslut ändrades{var}: {slag}.",
    "namnd_aterremiss": "{namnd} återremitterade ärendet till förvaltningen{var}.",
    "namnd_expedierad": "{namnd_genitiv} beslut expedierades till {mottagare}: {filer}.",
    "slutversion_upphavd": (
        "Den slutliga PDF:en från {skapad} (SHA-256 {sha_kort}) upphävdes: {orsak}. "
        "Den finns kvar som upphävd slutversion."
    ),
    "attest_aterkallad": "{namn} återkallade tjänsteutlåtandet från attest.",
    "anmald_till_sammantrade": "Anmäldes till {namnd} sammanträde {datum}.",
    "medverkan_registrerad": "{forvaltning} medverkar med diarienummer {diarienummer} och "
    "kontaktperson {kontaktperson}; svarar även: {namnder}.",
    "medverkan_borttagen": "{forvaltning} ({diarienummer}) medverkar inte längre.",
}


def record(remiss: Remiss, typ: str, *, user, kommentar: str = "", **data) -> Handelse:
    return Handelse.objects.create(
        remiss=remiss,
        typ=typ,
        text=TEXTER[typ].format(**data),
        kommentar=kommentar,
        anvandare=user if user is not None and user.is_authenticated else None,
    )
