"""What a packet is built from, read once, and its fingerprint.

The build works from this snapshot, never from the live rows, so the stored packet is exactly
what its fingerprint says: if the agenda changes while a build runs, the packet comes out with
the old fingerprint and is shown as inaktuell at once. The fingerprint covers everything the
packet prints or contains: the sammanträde's nämnd, date, time and place; the agenda's order;
each punkt's texts, kind, bordlagd and sekretess marks; each handling's order, title and
SHA-256 (the bytes themselves are covered by their hash). `FORMAT` names the layout, so a new
kallelse layout makes every stored packet inaktuell.
"""

import hashlib
import json
from dataclasses import dataclass

from nameden.models import Handling, Punkt, Sammantrade

FORMAT = "kallelse-och-handlingar/1"


@dataclass(frozen=True)
class PunktUnderlag:
    punkt: Punkt
    handlingar: tuple[Handling, ...]

    @property
    def ordning(self) -> int:
        return self.punkt.ordning

    @property
    def sekretess(self) -> bool:
        return self.punkt.sekretess


@dataclass(frozen=True)
class Underlag:
    sammantrade: Sammantrade
    punkter: tuple[PunktUnderlag, ...]
    fingeravtryck: str

    def punkter_i(self, *, offentlig: bool) -> tuple[PunktUnderlag, ...]:
        """The punkter whose handlingar a version carries: the public one none of a
        sekretess punkt's (the kallelse still lists the punkt, without its details)."""
        return tuple(p for p in self.punkter if not (offentlig and p.sekretess))

    @property
    def handlingar(self) -> list[Handling]:
        return [h for p in self.punkter for h in p.handlingar]


def underlag_for(sammantrade: Sammantrade) -> Underlag:
    """The sammanträde's agenda with its handlingar, in order (two queries), fingerprinted.
    `sammantrade` must have its nämnd loaded (as the selectors and the lock load it)."""
    punkter = list(
        sammantrade.punkter.filter(status__in=Punkt.PA_LISTAN_STATUSES).order_by("ordning")
    )
    per_punkt: dict[int, list[Handling]] = {p.pk: [] for p in punkter}
    for handling in Handling.objects.filter(punkt__in=punkter).order_by("punkt_id", "ordning"):
        per_punkt[handling.punkt_id].append(handling)
    delar = tuple(PunktUnderlag(p, tuple(per_punkt[p.pk])) for p in punkter)
    return Underlag(
        sammantrade=sammantrade, punkter=delar, fingeravtryck=_fingeravtryck(sammantrade, delar)
    )


def _fingeravtryck(sammantrade: Sammantrade, punkter: tuple[PunktUnderlag, ...]) -> str:
    kanonisk = {
        "format": FORMAT,
        "namnd": sammantrade.namnd.namn,
        "datum": sammantrade.datum.isoformat(),
        "tid": sammantrade.tid.isoformat() if sammantrade.tid else "",
        "plats": sammantrade.plats,
        "punkter": [
            {
                "ordning": p.punkt.ordning,
                "typ": p.punkt.typ,
                "rubrik": p.punkt.rubrik,
                "diarienummer": p.punkt.diarienummer,
                "foredragande": p.punkt.foredragande,
                "forslag_till_beslut": p.punkt.forslag_till_beslut,
                "sekretess": p.punkt.sekretess,
                "bordlagd": p.punkt.ar_bordlagd,
                "handlingar": [[h.ordning, h.titel, h.sha256] for h in p.handlingar],
            }
            for p in punkter
        ],
    }
    data = json.dumps(kanonisk, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(data.encode()).hexdigest()
