"""A förvaltning with its own diarium format and klassificeringsstruktur, for the diarium tests.

Each of the real number forms (KS-2014/742.912, SN 18/0098, 1.6-0463/2024, T2012-050-05828)
is a förvaltning set up as an administrator would: a format, a kortnamn, a few klass codes
and, where the series is already under way, the last number given that year.
"""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from nameden.models import Forvaltning, Klassificering, Namnd, User
from nameden.roles import Roll
from remiss.models import Diarieserie, Remiss
from remiss.services.registrering import remiss_registrera
from tests.factories import AvdelningFactory, UserFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")


@dataclass
class Diarium:
    forvaltning: Forvaltning
    registrator: User
    handlaggare: User
    namnd: Namnd
    klasser: dict[str, Klassificering] = field(default_factory=dict)


def diarium(
    *,
    kortnamn: str,
    format_: str,
    klasser: dict[str, str] | None = None,
    senaste: dict[int, int] | None = None,
) -> Diarium:
    """A förvaltning writing `format_`, with a registrator, a handläggare and a nämnd;
    `klasser` kod → benämning; `senaste` year → the last löpnummer already given."""
    forvaltning = Forvaltning(
        namn=f"Förvaltningen {kortnamn}", kortnamn=kortnamn, diarienummer_format=format_
    )
    forvaltning.full_clean()  # as the admin would: the format must pass its own check
    forvaltning.save()
    avdelning = AvdelningFactory(forvaltning=forvaltning, namn="Kansliet")
    kortnamn_slug = kortnamn.lower().replace(" ", "")
    registrator = UserFactory(
        username=f"reg-{kortnamn_slug}", roll=Roll.REGISTRATOR, avdelning=avdelning
    )
    handlaggare = UserFactory(
        username=f"hl-{kortnamn_slug}", roll=Roll.HANDLAGGARE, avdelning=avdelning
    )
    namnd = Namnd.objects.create(namn=f"Nämnden {kortnamn}", forvaltning=forvaltning)
    koder = {}
    for kod, benamning in (klasser or {}).items():
        klass = Klassificering(forvaltning=forvaltning, kod=kod, benamning=benamning)
        klass.full_clean()
        klass.save()
        koder[kod] = klass
    for ar, lopnummer in (senaste or {}).items():
        Diarieserie.objects.create(forvaltning=forvaltning, ar=ar, senaste=lopnummer)
    return Diarium(forvaltning, registrator, handlaggare, namnd, koder)


def registrera_i(d: Diarium, *, ar: int, kod: str | None = None, **andrat) -> Remiss:
    """Register a remiss in `d` in year `ar` (imported with that registration date), in the
    klass of code `kod`; `andrat` overrides any argument of `remiss_registrera`."""
    data = {
        "user": d.registrator,
        "avsandare": "Kommunstyrelsen",
        "avsandarens_diarienummer": "",
        "rubrik": "Remiss av översiktsplan",
        "inkom_datum": dt.date(ar, 3, 1),
        "svarsdatum": dt.date(ar, 4, 30),
        "namnder": [d.namnd],
        "handlaggare": d.handlaggare,
        "registrerad_at": dt.datetime(ar, 3, 4, 9, 0, tzinfo=STOCKHOLM),
        "klass": d.klasser[kod] if kod is not None else None,
    }
    data.update(andrat)
    return remiss_registrera(**data)
