"""nameden's models, one module per meaning; `from nameden.models import X` names them all.

- `organisation`: förvaltningar, avdelningar, the user, nämnder, ersättare
- `ledamoter`: förtroendevalda and their uppdrag in a nämnd
- `sammantrade`: sammanträden, their föredragningslista (punkter), ärenden, handlingar, events
"""

from nameden.models.ledamoter import Fortroendevald, Uppdrag
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
from nameden.models.sammantrade import (
    Arende,
    Handling,
    Punkt,
    Sammantrade,
    SammantradeHandelse,
)

__all__ = [
    "DIARIENUMMER_MAX_LANGD",
    "STORSTA_LOPNUMMER",
    "Arende",
    "Avdelning",
    "Ersattare",
    "Fortroendevald",
    "Forvaltning",
    "Handling",
    "Namnd",
    "Punkt",
    "Sammantrade",
    "SammantradeHandelse",
    "Uppdrag",
    "User",
    "texter_som_trycks_fel",
]
