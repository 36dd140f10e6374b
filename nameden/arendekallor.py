"""The committee side's interface to where its ärenden come from: one small, explicit contract.

An ärende the nämnd handles (today a remiss) is owned by another part of the system, its
*källa*. When the nämnd has decided, the answer has been sent (expedierat) or the ärende is
closed, the committee side tells the källa so through the methods below; it never imports the
källa's code or changes its rows, and nothing happens through signals. A källa registers
itself under a name when its app starts (`registrera`, from `AppConfig.ready`), and the
committee side finds it with `kalla_for(namn)`. The ärende is named by an opaque `referens`
the källa hands out (a string the committee side stores and gives back, never parses).
"""

import datetime
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from nameden.models import User


class Beslutsslag(models.TextChoices):
    """What the nämnd decided about the förvaltning's proposal."""

    BIFALL = "bifall", "Bifall till förvaltningens förslag"
    ANDRAT = "andrat", "Förvaltningens förslag med ändringar"
    AVSLAG = "avslag", "Avslag på förvaltningens förslag"
    #: Sent back for more work: the källa takes the ärende back to beredning with `text`.
    ATERREMISS = "aterremiss", "Återremiss till förvaltningen"


@dataclass(frozen=True)
class Beslut:
    """The nämnd's decision on one ärende: its kind and its wording in the protokoll, where
    it stands (e.g. "§ 45", the sammanträde's date) and when it was justerat."""

    slag: Beslutsslag
    text: str
    paragraf: str = ""
    sammantradesdatum: datetime.date | None = None
    #: When the protokoll (or, at omedelbar justering, the paragraf) was justerat: the
    #: moment the beslut may be acted on.
    justerat_at: datetime.datetime | None = None


@dataclass(frozen=True)
class ExpedieradFil:
    """One file that went out with an expediering, as the källa records it."""

    titel: str
    filnamn: str
    sha256: str
    storlek: int


@dataclass(frozen=True)
class Expediering:
    """What was sent when a decision was expedierat: to whom, when, and which files."""

    mottagare: tuple[str, ...]
    skickat_at: datetime.datetime
    filer: tuple[ExpedieradFil, ...] = field(default_factory=tuple)


class ArendeSaknas(LookupError):
    """No ärende of this källa has the given referens."""


class StegetGarInte(Exception):
    """The ärende is not in a state in which this step can be taken (the message says why)."""


@runtime_checkable
class Arendekalla(Protocol):
    """What the committee side may tell the owner of an ärende. Each call is one step, taken
    in full or not at all; `av` is the nämndsekreterare who recorded it, if any.

    Raises ArendeSaknas for an unknown referens and StegetGarInte when the step does not
    follow from the ärende's state (e.g. expedierat before any beslut).
    """

    def beslut_fattat(self, referens: str, *, beslut: Beslut, av: User | None = None) -> None:
        """The nämnd has decided the ärende."""

    def expedierat(
        self, referens: str, *, expediering: Expediering, av: User | None = None
    ) -> None:
        """The decision (protokollsutdrag) has been sent to whoever asked."""

    def mottagare(self, referens: str) -> tuple[str, ...]:
        """The e-mail addresses the decision is to be expedierat to (e.g. the sender's
        registry address); empty when the källa knows none."""

    def avslutat(self, referens: str, *, av: User | None = None) -> None:
        """The ärende is closed."""


_kallor: dict[str, Arendekalla] = {}


def registrera(namn: str, kalla: Arendekalla) -> None:
    """Make `kalla` the källa called `namn`. Registering the same källa again is harmless;
    a second, different one under a taken name is a configuration error."""
    if not isinstance(kalla, Arendekalla):
        raise ImproperlyConfigured(f"{kalla!r} har inte en ärendekällas metoder.")
    befintlig = _kallor.get(namn)
    if befintlig is not None and type(befintlig) is not type(kalla):
        raise ImproperlyConfigured(f"Ärendekällan {namn!r} är redan registrerad: {befintlig!r}.")
    _kallor[namn] = kalla


def kalla_for(namn: str) -> Arendekalla:
    """The källa registered as `namn`; LookupError if there is none."""
    try:
        return _kallor[namn]
    except KeyError:
        raise LookupError(f"Det finns ingen ärendekälla som heter {namn!r}.") from None


def registrerade() -> tuple[str, ...]:
    """The names of every registered källa."""
    return tuple(sorted(_kallor))
