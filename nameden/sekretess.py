"""Sekretess (OSL): the registry of secret-capable handlingar, who may read and mark them,
and masking.

A marking (`nameden.models.Sekretessmarkering`) points at its handling through a generic
relation. What a kind of handling means is told by the app that owns it, which registers a
`Slag` at start-up (`registrera`): nameden registers the agenda punkt itself, remiss its
bilaga and tjänsteutlåtande (`remiss.sekretess`). So nameden never imports remiss.

Who may read a secret handling, and who may mark or lift its marking, are tables of
relations per kind (`Slag.lasa`, `Slag.markera`), each relation a small question the owning
app answers (`Slag.relationer`). An administrator may always read (and is logged like
anyone else); a user who holds none of the kind's relations gets 404 for the handling, and
sees its title masked in every list ("Sekretessbelagd handling (OSL 26:1)").

The agenda punkt's table is here (`PUNKT_LASA`, `PUNKT_MARKERA`): the nämndsekreterare of a
förvaltning serving the nämnd, that förvaltning's chefs, and the nämnd's ledamöter on the
meeting's day (they receive the full packet); only the nämndsekreterare marks or lifts.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from django.contrib.contenttypes.models import ContentType
from django.db import models

from nameden import roles
from nameden.models import Sekretessmarkering
from nameden.roles import Roll

#: What a list shows in place of a secret handling's title.
MASKERAD_TITEL = "Sekretessbelagd handling ({beteckning})"
#: What the public diary shows in place of a sender or a subject OSL 5 kap. 2 § lets it hide.
DOLD_UPPGIFT = "Uppgift sekretessbelagd"


class Relation(StrEnum):
    """A user's relation to a handling, as the access tables name them."""

    HANDLAGGARE = "handlaggare"  # the case's assigned handläggare
    CHEF = "chef"  # an avdelningschef or förvaltningschef of the handling's förvaltning
    REGISTRATOR = "registrator"  # a registrator of the handling's förvaltning
    ATTESTKEDJA = "attestkedja"  # named in an attest chain of the tjänsteutlåtande
    SEKRETERARE = "sekreterare"  # a nämndsekreterare of a förvaltning serving the nämnd
    LEDAMOT = "ledamot"  # holds an uppdrag in the nämnd on the meeting's day


#: The roles `Relation.CHEF` means.
CHEFSROLLER = frozenset({Roll.AVDELNINGSCHEF, Roll.FORVALTNINGSCHEF})


@dataclass(frozen=True)
class Slag:
    """One kind of handling that can be marked secret, as its owning app describes it."""

    #: The URL's name for the kind ("bilaga", "tjansteutlatande", "punkt").
    nyckel: str
    #: Its Swedish name ("bilaga"), for messages.
    namn: str
    modell: type[models.Model]
    #: The relations that give read access to it when it is secret.
    lasa: tuple[Relation, ...]
    #: The relations that may mark it or lift its marking.
    markera: tuple[Relation, ...]
    #: relation → (user, handling) → does it hold?
    relationer: dict[Relation, Callable[[object, models.Model], bool]] = field(repr=False)
    #: The handling `user` may see (a 404 otherwise), by its id: the page's lookup.
    hamta: Callable[[object, int], models.Model] = field(repr=False)
    #: The id of the förvaltning whose handling it is.
    forvaltning_id: Callable[[models.Model], int] = field(repr=False)
    #: The handling in words, for the read log and the marking page ("Bilaga 2 …").
    beskrivning: Callable[[models.Model], str] = field(repr=False)
    #: Where the marking page leads back to.
    tillbaka_url: Callable[[models.Model], str] = field(repr=False)
    #: Called inside the marking's transaction after a marking or lifting (e.g. the punkt's
    #: public-version flag follows its marking), with (handling, user, galler).
    efter_andring: Callable[[models.Model, object, bool], None] | None = field(
        default=None, repr=False
    )


_SLAG: dict[str, Slag] = {}


def registrera(slag: Slag) -> None:
    """Register a kind of handling (an app's `ready`). Registering a key twice replaces it."""
    _SLAG[slag.nyckel] = slag


def slag(nyckel: str) -> Slag | None:
    _upptack()
    return _SLAG.get(nyckel)


def slag_for(handling: models.Model) -> Slag:
    _upptack()
    for s in _SLAG.values():
        if isinstance(handling, s.modell):
            return s
    raise LookupError(f"{type(handling).__name__} is not a registered kind of handling")


def registrerade() -> tuple[Slag, ...]:
    _upptack()
    return tuple(_SLAG.values())


# --- Reading markings --------------------------------------------------------------------


def _ct(modell: type[models.Model]) -> ContentType:
    # ContentType's own cache: one query per process and model, none per request after.
    return ContentType.objects.get_for_model(modell)


def galler_for(handling: models.Model) -> Sekretessmarkering | None:
    """The marking in force on `handling`, with its paragraph; None if it is not secret."""
    return (
        Sekretessmarkering.objects.select_related("paragraf")
        .filter(content_type=_ct(type(handling)), object_id=handling.pk, havd_at__isnull=True)
        .first()
    )


def galler_for_manga(
    modell: type[models.Model], ids: Iterable[int]
) -> dict[int, Sekretessmarkering]:
    """The markings in force on many handlingar of one kind, by id: one query for a list."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return {}
    return {
        m.object_id: m
        for m in Sekretessmarkering.objects.select_related("paragraf").filter(
            content_type=_ct(modell), object_id__in=ids, havd_at__isnull=True
        )
    }


def markeringar_for(handling: models.Model):
    """Every marking `handling` has had, in force or lifted, the newest first."""
    return Sekretessmarkering.objects.select_related("paragraf", "markerad_av", "havd_av").filter(
        content_type=_ct(type(handling)), object_id=handling.pk
    )


def maskerad_titel(markering: Sekretessmarkering) -> str:
    return MASKERAD_TITEL.format(beteckning=markering.paragraf.beteckning)


# --- Access -------------------------------------------------------------------------------


#: The roles `user` holds (their groups), read once per user object with their permissions.
roller = roles.roller
har_roll = roles.har_roll


def _aktiv(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def _haller(user, s: Slag, relationer: tuple[Relation, ...], handling) -> bool:
    if not _aktiv(user):
        return False
    return any(s.relationer[r](user, handling) for r in relationer)


def far_lasa(user, handling: models.Model, markering: Sekretessmarkering | None = None) -> bool:
    """May `user` read `handling` as far as secrecy goes? Always, when it is not secret
    (pass the marking in force, or None, when the caller has it already: a list does)."""
    if markering is None:
        return True
    if _aktiv(user) and user.is_superuser:
        return True
    s = slag_for(handling)
    return _haller(user, s, s.lasa, handling)


def far_markera(user, handling: models.Model) -> bool:
    """May `user` mark `handling` secret or lift its marking?"""
    if _aktiv(user) and user.is_superuser:
        return True
    s = slag_for(handling)
    return _haller(user, s, s.markera, handling)


def titel_for(user, handling, titel: str, markering: Sekretessmarkering | None) -> str:
    """`titel`, or the masked title when `handling` is secret and `user` may not read it."""
    if markering is None or far_lasa(user, handling, markering):
        return titel
    return maskerad_titel(markering)


# --- The public diary ----------------------------------------------------------------------


@dataclass(frozen=True)
class Diariekalla:
    """Where the public diary's rows come from (the remiss app: nameden knows no remiss).

    `rader(kommun)` is the ordered queryset of registered handlingar, masked in SQL;
    `rad(obj)` one row as a dict: diarienummer, datum, forvaltning, avsandare, rubrik, dold.
    """

    rader: Callable[[object], object]
    rad: Callable[[object], dict]


_DIARIUM: list[Diariekalla] = []


def registrera_diarium(kalla: Diariekalla) -> None:
    _DIARIUM[:] = [kalla]


def diariekalla() -> Diariekalla | None:
    _upptack()
    return _DIARIUM[0] if _DIARIUM else None


# --- Registration -----------------------------------------------------------------------

_upptackt = False


def _upptack() -> None:
    """Import every installed app's `sekretess` module once, so each registers its kinds
    (Django's autodiscovery, as the admin finds `admin.py`): nameden names no other app."""
    global _upptackt
    if _upptackt:
        return
    _upptackt = True
    from django.utils.module_loading import autodiscover_modules

    from nameden import sekretess_punkt  # noqa: F401  (registers the agenda punkt)

    autodiscover_modules("sekretess")
