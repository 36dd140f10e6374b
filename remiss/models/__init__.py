"""Models of the remiss app, one module per aggregate, re-exported here."""

from remiss.models.mall import Avsnittstyp, Dokumentmall, MallAvsnitt
from remiss.models.remiss import Diarieserie, Handelse, Remiss
from remiss.models.tjansteutlatande import (
    Beredningssteg,
    Beredningstyp,
    Bilaga,
    Tjansteutlatande,
    Utfall,
)

__all__ = [
    "Avsnittstyp",
    "Beredningssteg",
    "Beredningstyp",
    "Bilaga",
    "Diarieserie",
    "Dokumentmall",
    "Handelse",
    "MallAvsnitt",
    "Remiss",
    "Tjansteutlatande",
    "Utfall",
]
