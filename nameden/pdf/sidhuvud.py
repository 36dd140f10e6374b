"""The running header every printed document carries, as one value for one template.

`templates/pdf/_sidhuvud.html` prints a `Sidhuvud` and `static/pdf/bas.css` lays it out, so
the tjänsteutlåtande, the kallelse, the protokoll and the protokollsutdrag share one header:
each renderer says only what its header reads.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Sidhuvud:
    """`organ` bold at the top left (the förvaltning, or the nämnd with its `forvaltning`
    under it); at the right the document `typ` in bold with an optional `markering` (UTKAST,
    SEKRETESS, Offentlig version) after it, `rad` under it ("Dnr …", "Sammanträde …"), and
    "Sida X (Y)" from the CSS counters."""

    organ: str
    typ: str
    rad: str
    forvaltning: str = ""
    markering: str = ""
