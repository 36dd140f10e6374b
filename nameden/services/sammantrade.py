"""Sammanträden: create one (with the list's opening punkter), change it, move its status."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from nameden import events, policy, textkontroll
from nameden.forms import rimligt_ar
from nameden.historik import save_tracked
from nameden.models import Namnd, Punkt, Sammantrade
from nameden.services.las import las_sammantrade
from nameden.workflow import Action, Status, target_of

#: The punkter every föredragningslista opens with, in this order (DOMAIN: "opens with
#: upprop, val av justerare and the time for justering, fastställande av listan, anmälan av
#: jäv"). A municipality that opens differently changes this table, not the services.
STANDARDPUNKTER: tuple[str, ...] = (
    "Upprop",
    "Val av justerare och tid för justering",
    "Fastställande av föredragningslistan",
    "Anmälan av jäv",
)


def _uppgifter(*, namnd: Namnd, datum, tid, plats: str, utom: Sammantrade | None = None):
    """The sammanträde's fields as they may be stored, or ValidationError in Swedish."""
    errors: dict[str, str] = {}
    if not isinstance(datum, dt.date):
        errors["datum"] = "Ange sammanträdets datum."
    else:
        try:
            rimligt_ar(datum)
        except ValidationError as exc:
            errors["datum"] = exc.messages[0]
    if tid is None:
        errors["tid"] = "Ange när sammanträdet börjar, till exempel 13:00."
    try:
        plats = textkontroll.kontrollera(plats or "", etikett="Plats")
    except ValidationError as exc:
        errors["plats"] = exc.messages[0]
    if not plats and "plats" not in errors:
        errors["plats"] = "Ange var sammanträdet hålls."
    if "datum" not in errors:
        samma_dag = Sammantrade.objects.filter(namnd=namnd, datum=datum)
        if utom is not None:
            samma_dag = samma_dag.exclude(pk=utom.pk)
        if samma_dag.exists():
            errors["datum"] = f"{namnd} har redan ett sammanträde den {datum:%Y-%m-%d}."
    if errors:
        raise ValidationError(errors)
    return datum, tid, plats


def _spara_unik_dag(sammantrade: Sammantrade, *, user, reason: str) -> None:
    """Save `sammantrade`; if another one of its nämnd took the same day in the meantime (two
    sekreterare at once: the check in `_uppgifter` saw neither), the database's constraint
    refuses it and the user gets the same message as when the check sees it."""
    try:
        with transaction.atomic():
            save_tracked(sammantrade, user=user, reason=reason)
    except IntegrityError:
        if (
            not Sammantrade.objects.filter(namnd_id=sammantrade.namnd_id, datum=sammantrade.datum)
            .exclude(pk=sammantrade.pk)
            .exists()
        ):
            raise
        dag = f"{sammantrade.datum:%Y-%m-%d}"
        raise ValidationError(
            {"datum": f"{sammantrade.namnd} har redan ett sammanträde den {dag}."}
        ) from None


@transaction.atomic
def sammantrade_skapa(*, user, namnd: Namnd, datum: dt.date, tid: dt.time, plats: str):
    """A new, planned sammanträde of `namnd`, its list holding the opening punkter."""
    policy.require(user, Action.SKAPA, namnd=namnd)
    datum, tid, plats = _uppgifter(namnd=namnd, datum=datum, tid=tid, plats=plats)
    sammantrade = Sammantrade(namnd=namnd, datum=datum, tid=tid, plats=plats)
    _spara_unik_dag(sammantrade, user=user, reason="Sammanträdet skapades")
    for ordning, rubrik in enumerate(STANDARDPUNKTER, start=1):
        punkt = Punkt(
            sammantrade=sammantrade, ordning=ordning, typ=Punkt.Typ.INLEDANDE, rubrik=rubrik
        )
        save_tracked(punkt, user=user, reason="Inledande punkt när sammanträdet skapades")
    events.record(sammantrade, "skapat", user=user, antal=len(STANDARDPUNKTER))
    return sammantrade


FALT = {"datum": "datum", "tid": "tid", "plats": "plats"}


@transaction.atomic
def sammantrade_andra(*, user, sammantrade: Sammantrade, datum: dt.date, tid: dt.time, plats: str):
    """Change a coming sammanträde's date, time or place."""
    sammantrade = las_sammantrade(sammantrade)
    policy.require(user, Action.ANDRA, sammantrade)
    datum, tid, plats = _uppgifter(
        namnd=sammantrade.namnd, datum=datum, tid=tid, plats=plats, utom=sammantrade
    )
    nytt = {"datum": datum, "tid": tid, "plats": plats}
    andrade = [FALT[f] for f, v in nytt.items() if getattr(sammantrade, f) != v]
    if not andrade:
        return sammantrade
    for falt, varde in nytt.items():
        setattr(sammantrade, falt, varde)
    _spara_unik_dag(sammantrade, user=user, reason=f"Ändrade: {', '.join(andrade)}")
    events.record(sammantrade, "andrat", user=user, falt=", ".join(andrade))
    return sammantrade


@transaction.atomic
def sammantrade_overga(*, user, sammantrade: Sammantrade, action: Action) -> Sammantrade:
    """Take a user's transition of `nameden.workflow` (kalla, genomföra)."""
    sammantrade = las_sammantrade(sammantrade)
    policy.require(user, action, sammantrade)
    fran = Status(sammantrade.status)
    sammantrade.status = target_of(action, sammantrade.status)
    save_tracked(sammantrade, user=user, reason=Action(action).label)
    events.record(
        sammantrade,
        "status",
        user=user,
        fran=fran.label.lower(),
        till=Status(sammantrade.status).label.lower(),
    )
    return sammantrade
