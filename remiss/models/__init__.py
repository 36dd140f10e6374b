"""Models of the remiss app, one module per aggregate, re-exported here."""

from remiss.models.attestering import Attestering, Attestrunda, SeddVersion
from remiss.models.mall import Avsnittstyp, Dokumentmall, MallAvsnitt
from remiss.models.mallhuvud import MallHuvudfalt
from remiss.models.namndbehandling import Namndbehandling
from remiss.models.remiss import Diarieserie, Handelse, Remiss
from remiss.models.samverkan import MedverkandeForvaltning
from remiss.models.slutversion import Slutversion
from remiss.models.tjansteutlatande import (
    Beredningssteg,
    Beredningstyp,
    Bilaga,
    Tjansteutlatande,
    Utfall,
)

__all__ = [
    "Attestering",
    "Attestrunda",
    "Avsnittstyp",
    "Beredningssteg",
    "Beredningstyp",
    "Bilaga",
    "Diarieserie",
    "Dokumentmall",
    "Handelse",
    "MallAvsnitt",
    "MallHuvudfalt",
    "MedverkandeForvaltning",
    "Namndbehandling",
    "Remiss",
    "SeddVersion",
    "Slutversion",
    "Tjansteutlatande",
    "Utfall",
]
