"""How large a tjänsteutlåtande may grow: the limits, as a table, and the checks.

Why limits at all: every preview and the final version lay the whole document out with
WeasyPrint, whose cost grows with the text; a document without bounds lets one editor make
every render take a minute. The limits are generous for a real tjänsteutlåtande (the
reference case KS 2024/112 uses a few per cent of each) and are checked by the services,
the one write path, so they hold for every caller; the forms show them and check them first
so the user is told on the field.

Each limit is a row: its key, its default and the Swedish message. `settings.DOKUMENT_GRANSER`
overrides any key (in the environment: `DOKUMENT_GRANS_TECKEN_PER_AVSNITT=…`). The size of a
single bilaga stays `settings.BILAGA_MAX_BYTES`, which `nameden.filkontroll` enforces while
reading the file.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Grans:
    nyckel: str
    standard: int
    #: What the user is told; `{grans}` is the limit, `{antal}` what they have.
    meddelande: str


GRANSER = (
    Grans(
        "tecken_per_avsnitt",
        50_000,
        "Avsnittet ”{rubrik}” får vara högst {grans} tecken (nu {antal}).",
    ),
    Grans(
        "tecken_per_dokument",
        200_000,
        "Tjänsteutlåtandet får vara högst {grans} tecken sammanlagt; med din ändring blir det "
        "{antal}. Korta texten eller lägg det långa i en bilaga.",
    ),
    Grans(
        "tecken_per_beslutspunkt",
        5_000,
        "En beslutspunkt får vara högst {grans} tecken.",
    ),
    Grans(
        "beslutspunkter",
        50,
        "Förslaget till beslut får ha högst {grans} beslutspunkter (nu {antal}).",
    ),
    Grans(
        "avsnitt",
        30,
        "Ett tjänsteutlåtande får ha högst {grans} avsnitt; mallen har {antal}.",
    ),
    Grans(
        "bilagor",
        50,
        "Ett tjänsteutlåtande får ha högst {grans} bilagor. Ta bort en innan du laddar upp "
        "en ny, eller samla flera i en fil.",
    ),
)

_PER_NYCKEL = {g.nyckel: g for g in GRANSER}


def grans(nyckel: str) -> int:
    """The limit in force: the setting if given, else the table's default."""
    overrides = getattr(settings, "DOKUMENT_GRANSER", None) or {}
    return int(overrides.get(nyckel, _PER_NYCKEL[nyckel].standard))


def tal(n: int) -> str:
    """50000 → "50 000", as Swedish writes numbers."""
    return f"{n:,}".replace(",", " ")


def meddelande(nyckel: str, *, antal: int = 0, **varden) -> str:
    return _PER_NYCKEL[nyckel].meddelande.format(
        grans=tal(grans(nyckel)), antal=tal(antal), **varden
    )


def _kontrollera(nyckel: str, antal: int, *, falt: str | None, **varden) -> None:
    if antal > grans(nyckel):
        text = meddelande(nyckel, antal=antal, **varden)
        raise ValidationError({falt: text} if falt else text)


def tecken_i(avsnitt: dict) -> int:
    """The characters a section holds: its text, or its beslutspunkter together."""
    return len(avsnitt.get("text") or "") + sum(len(p) for p in avsnitt.get("punkter") or ())


def kontrollera_avsnitt(avsnitt: dict, *, falt: str) -> None:
    """One section as it is about to be saved."""
    punkter = avsnitt.get("punkter") or ()
    _kontrollera("beslutspunkter", len(punkter), falt=falt)
    if any(len(p) > grans("tecken_per_beslutspunkt") for p in punkter):
        raise ValidationError({falt: meddelande("tecken_per_beslutspunkt")})
    _kontrollera("tecken_per_avsnitt", tecken_i(avsnitt), falt=falt, rubrik=avsnitt["rubrik"])


def kontrollera_dokument(avsnitt: list[dict], *, falt: str | None = None) -> None:
    """The whole document's sections as they are about to be saved."""
    _kontrollera("avsnitt", len(avsnitt), falt=falt)
    _kontrollera("tecken_per_dokument", sum(tecken_i(a) for a in avsnitt), falt=falt)


def kontrollera_ny_bilaga(antal_befintliga: int) -> None:
    """Before a bilaga is added to a document that has `antal_befintliga`."""
    _kontrollera("bilagor", antal_befintliga + 1, falt="fil")
