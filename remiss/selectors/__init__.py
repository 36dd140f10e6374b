"""Reads: every query the views need, each with its joins decided here (no N+1).

One module per kind of read, re-exported here so callers write `selectors.remiss_for(...)`:
`remisser` (lists, one case, the start page, the organisation's choices), `dokument` (the
tjänsteutlåtande's parts), `attest` (the inbox) and `filer` (stored files, hash-checked).
"""

from remiss.selectors.attest import (
    InkorgRad,
    andringar_sedan_last,
    att_attestera,
    inkorg_rader,
    vantar_pa_attest,
)
from remiss.selectors.dokument import (
    beredningssteg_for,
    beredningssteg_lista,
    bilaga_for,
    bilagor_lista,
    hjalptext_for,
    versioner_for,
    versioner_med_id,
)
from remiss.selectors.filer import (
    BilagaSkadad,
    SlutversionSkadad,
    bilaga_fil,
    gallande_slutversion,
    slutversion_fil,
    slutversion_for,
    slutversioner_for,
    upphavd_slutversion_for,
)
from remiss.selectors.namnd import (
    NamndRad,
    anmalda_punkter_for,
    kommande_sammantraden_for,
    namndbehandlingar_for,
)
from remiss.selectors.remisser import (
    alla_remisser,
    avsandare_for,
    handlaggare_for,
    mall_far_anvandas,
    mallar_for,
    mina_remisser,
    namnder_for,
    remiss_att_medverka_i,
    remiss_for,
    sammantraden_for,
    senast_registrerade,
    tidslinje,
    tjansteutlatande_for,
    undertecknare_for,
    vantar_pa_namnden,
)

__all__ = [
    "BilagaSkadad",
    "InkorgRad",
    "NamndRad",
    "SlutversionSkadad",
    "alla_remisser",
    "andringar_sedan_last",
    "anmalda_punkter_for",
    "att_attestera",
    "avsandare_for",
    "beredningssteg_for",
    "beredningssteg_lista",
    "bilaga_fil",
    "bilaga_for",
    "bilagor_lista",
    "gallande_slutversion",
    "handlaggare_for",
    "hjalptext_for",
    "inkorg_rader",
    "kommande_sammantraden_for",
    "mall_far_anvandas",
    "mallar_for",
    "mina_remisser",
    "namndbehandlingar_for",
    "namnder_for",
    "remiss_att_medverka_i",
    "remiss_for",
    "sammantraden_for",
    "senast_registrerade",
    "slutversion_fil",
    "slutversion_for",
    "slutversioner_for",
    "tidslinje",
    "tjansteutlatande_for",
    "undertecknare_for",
    "upphavd_slutversion_for",
    "vantar_pa_attest",
    "vantar_pa_namnden",
    "versioner_for",
    "versioner_med_id",
]
