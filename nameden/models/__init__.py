"""nameden's models, one module per meaning; `from nameden.models import X` names them all.

- `kommun`: the kommun at the top of the organisation, with its grafisk profil
- `organisation`: förvaltningar, avdelningar, the user, nämnder, ersättare
- `ledamoter`: förtroendevalda and their uppdrag in a nämnd
- `sammantrade`: sammanträden, their föredragningslista (punkter), ärenden, handlingar, events
- `paket`: the kallelse-and-handlingar packet of a sammanträde, built in the background
- `motet`: närvaro, paragrafer (§) with beslut, yrkanden, omröstningar, reservationer, jäv
- `protokoll`: the protokoll, its digital justering and its anslag
- `utskick`: protokollsutdrag and expedieringar
- `sekretess`: OSL paragraphs, sekretessmarkeringar and the read log of secret handlingar
"""

from nameden.models.klassificering import Klassificering
from nameden.models.kommun import Kommun, standardkommun
from nameden.models.ledamoter import Fortroendevald, Uppdrag
from nameden.models.motet import (
    Jav,
    Narvaro,
    Omrostning,
    OvrigNarvarande,
    Paragraf,
    Paragrafserie,
    Reservation,
    Rost,
    Yrkande,
)
from nameden.models.organisation import (
    DIARIENUMMER_MAX_LANGD,
    STORSTA_LOPNUMMER,
    Avdelning,
    Ersattare,
    Forvaltning,
    Namnd,
    User,
    texter_som_trycks_fel,
)
from nameden.models.paket import Handlingsdel, Handlingspaket, Paketframsteg
from nameden.models.protokoll import Anslag, Justering, Protokoll
from nameden.models.sammantrade import (
    Arende,
    Handling,
    Punkt,
    Sammantrade,
    SammantradeHandelse,
)
from nameden.models.sekretess import OslParagraf, Sekretesslasning, Sekretessmarkering
from nameden.models.utskick import Expediering, Protokollsutdrag

__all__ = [
    "DIARIENUMMER_MAX_LANGD",
    "STORSTA_LOPNUMMER",
    "Anslag",
    "Arende",
    "Avdelning",
    "Ersattare",
    "Expediering",
    "Fortroendevald",
    "Forvaltning",
    "Handling",
    "Handlingsdel",
    "Handlingspaket",
    "Jav",
    "Justering",
    "Klassificering",
    "Kommun",
    "Namnd",
    "Narvaro",
    "Omrostning",
    "OslParagraf",
    "OvrigNarvarande",
    "Paketframsteg",
    "Paragraf",
    "Paragrafserie",
    "Protokoll",
    "Protokollsutdrag",
    "Punkt",
    "Reservation",
    "Rost",
    "Sammantrade",
    "SammantradeHandelse",
    "Sekretesslasning",
    "Sekretessmarkering",
    "Uppdrag",
    "User",
    "Yrkande",
    "standardkommun",
    "texter_som_trycks_fel",
]
