"""Registering a remiss in the förvaltning's diarium, and correcting what was registered."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.models import Forvaltning, Klassificering, Namnd
from remiss import events, policy, selectors
from remiss.models import Remiss
from remiss.services.diarium import next_diarienummer
from remiss.services.las import las_arende
from remiss.validering import (
    dokumentrader,
    validera_datum,
    validera_diarienummer,
    validera_epost,
)
from remiss.workflow import Action


class MojligDubblett(ValidationError):
    """The förvaltning already has a remiss with this avsändarens diarienummer.

    Usually the same remiss registered twice (it came by post and by e-mail); sometimes a
    sender really reuses a number, so it is a question, not a refusal: the caller registers
    anyway with `registrera_anda=True`. `befintliga` are the remisser already registered.
    """

    def __init__(self, *, avsandarens_diarienummer: str, befintliga: list[Remiss]):
        self.befintliga = befintliga
        nummer = ", ".join(r.diarienummer for r in befintliga)
        super().__init__(
            {
                "registrera_anda": (
                    f"Avsändarens diarienummer {avsandarens_diarienummer} finns redan i "
                    f"diariet ({nummer}). Kryssa i ”Registrera ändå” om det är en annan remiss."
                )
            }
        )


def _samma_avsandardiarienummer(forvaltning, avsandarens_diarienummer: str) -> list[Remiss]:
    return list(
        Remiss.objects.filter(
            forvaltning=forvaltning, avsandarens_diarienummer=avsandarens_diarienummer
        ).order_by("registrerad_at", "id")
    )


def _epost(avsandare_epost: str, errors: dict[str, str]) -> str:
    try:
        return validera_epost(avsandare_epost)
    except ValidationError as exc:
        errors["avsandare_epost"] = exc.messages[0]
        return avsandare_epost


def klass_fel(forvaltning: Forvaltning, klass: Klassificering | None) -> str | None:
    """The klass is asked for when the förvaltning's numbers carry it, and must be one of its
    active codes whenever given."""
    if klass is None:
        if forvaltning.anvander_klass:
            return (
                "Välj ärendets klassificering: förvaltningens diarienummer innehåller koden ur "
                "klassificeringsstrukturen."
            )
        return None
    if klass.forvaltning_id != forvaltning.pk or not klass.aktiv:
        return "Välj en aktiv klassificering ur förvaltningens klassificeringsstruktur."
    return None


def _validate(
    *, forvaltning, avsandarens_diarienummer, inkom_datum, svarsdatum, namnder, handlaggare, klass
) -> str:
    errors: dict[str, str] = {}
    try:
        avsandarens_diarienummer = validera_diarienummer(avsandarens_diarienummer or "")
    except ValidationError as exc:
        errors["avsandarens_diarienummer"] = exc.messages[0]
    if (fel := klass_fel(forvaltning, klass)) is not None:
        errors["klass"] = fel
    errors.update(validera_datum(inkom_datum=inkom_datum, svarsdatum=svarsdatum))
    if not namnder:
        errors["namnder"] = "Välj minst en nämnd som ska svara på remissen."
    elif any(n.forvaltning_id != forvaltning.pk for n in namnder):
        errors["namnder"] = "Välj nämnder som förvaltningen bereder ärenden åt."
    if handlaggare is None:
        errors["handlaggare"] = "Välj en handläggare."
    elif not selectors.handlaggare_for(forvaltning).filter(pk=handlaggare.pk).exists():
        errors["handlaggare"] = (
            "Handläggaren måste arbeta på förvaltningen och ha rollen handläggare."
        )
    if errors:
        raise ValidationError(errors)
    return avsandarens_diarienummer


@transaction.atomic
def remiss_registrera(
    *,
    user,
    avsandare: str,
    avsandarens_diarienummer: str,
    rubrik: str,
    inkom_datum: dt.date,
    svarsdatum: dt.date,
    namnder: list[Namnd],
    handlaggare,
    registrerad_at: dt.datetime | None = None,
    registrera_anda: bool = False,
    avsandare_epost: str = "",
    klass: Klassificering | None = None,
) -> Remiss:
    """Register a received remiss and give it the next number of the förvaltning's series.

    `registrerad_at` exists for importing historical cases (and the demo); the diarium year
    is the year of registration. `avsandarens_diarienummer` is "" when the sender has none.
    When the förvaltning already has a remiss with the same avsändarens diarienummer, raises
    `MojligDubblett` unless `registrera_anda` confirms that this is another remiss (a remiss
    without one is never a possible duplicate by it). `avsandare_epost` is the sender's
    registry address, where the answer is expedierat (optional: a sender may have none).
    `klass` is the case's code in the förvaltning's klassificeringsstruktur, required when
    its diarienummer format has {klass}.
    """
    policy.require(user, Action.REGISTRERA)
    if user.avdelning_id is None:
        raise ValidationError("Ditt konto är inte kopplat till någon förvaltning.")
    forvaltning = user.avdelning.forvaltning
    namnder = list(namnder)
    # The three texts are printed in the tjänsteutlåtande: only characters its font draws.
    avsandare, avsandarens_diarienummer, rubrik = dokumentrader(
        avsandare=avsandare, avsandarens_diarienummer=avsandarens_diarienummer, rubrik=rubrik
    ).values()
    epostfel: dict[str, str] = {}
    avsandare_epost = _epost(avsandare_epost, epostfel)
    try:
        avsandarens_diarienummer = _validate(
            forvaltning=forvaltning,
            avsandarens_diarienummer=avsandarens_diarienummer,
            inkom_datum=inkom_datum,
            svarsdatum=svarsdatum,
            namnder=namnder,
            handlaggare=handlaggare,
            klass=klass,
        )
    except ValidationError as exc:
        raise ValidationError({**exc.message_dict, **epostfel}) from None
    if epostfel:
        raise ValidationError(epostfel)
    if avsandarens_diarienummer and not registrera_anda:
        befintliga = _samma_avsandardiarienummer(forvaltning, avsandarens_diarienummer)
        if befintliga:
            raise MojligDubblett(
                avsandarens_diarienummer=avsandarens_diarienummer, befintliga=befintliga
            )
    registrerad_at = registrerad_at or timezone.now()
    ar = timezone.localtime(registrerad_at).year
    lopnummer, diarienummer = next_diarienummer(forvaltning=forvaltning, ar=ar, klass=klass)
    remiss = Remiss(
        forvaltning=forvaltning,
        diarienummer=diarienummer,
        dnr_ar=ar,
        dnr_lopnummer=lopnummer,
        klass=klass,
        avsandare=avsandare.strip(),
        avsandarens_diarienummer=avsandarens_diarienummer,
        avsandare_epost=avsandare_epost,
        rubrik=rubrik.strip(),
        inkom_datum=inkom_datum,
        svarsdatum=svarsdatum,
        handlaggare=handlaggare,
        registrerad_av=user,
        registrerad_at=registrerad_at,
    )
    remiss.full_clean(exclude=["namnder"])
    save_tracked(remiss, user=user, reason="Remissen registrerades")
    remiss.namnder.set(namnder)
    events.record(
        remiss, "registrerad", user=user, diarienummer=diarienummer, handlaggare=handlaggare
    )
    return remiss


UPPGIFTER = {
    "avsandare": "avsändare",
    "avsandarens_diarienummer": "avsändarens diarienummer",
    "avsandare_epost": "avsändarens registratur",
    "rubrik": "rubrik",
    "inkom_datum": "inkom",
    "svarsdatum": "svarsdatum",
}


@transaction.atomic
def remiss_andra_uppgifter(*, user, remiss: Remiss, **changes) -> Remiss:
    """Correct registration details (not the förvaltning's own diarienummer, which is fixed)."""
    remiss = las_arende(remiss)
    policy.require(user, Action.ANDRA_UPPGIFTER, remiss)
    unknown = set(changes) - set(UPPGIFTER)
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    new = {field: changes.get(field, getattr(remiss, field)) for field in UPPGIFTER}
    new.update(
        dokumentrader(
            **{f: str(new[f]) for f in ("avsandare", "avsandarens_diarienummer", "rubrik")}
        )
    )
    errors = validera_datum(inkom_datum=new["inkom_datum"], svarsdatum=new["svarsdatum"])
    try:
        new["avsandarens_diarienummer"] = validera_diarienummer(new["avsandarens_diarienummer"])
    except ValidationError as exc:
        errors["avsandarens_diarienummer"] = exc.messages[0]
    new["avsandare_epost"] = _epost(str(new["avsandare_epost"] or ""), errors)
    if errors:
        raise ValidationError(errors)
    changed = [field for field, value in new.items() if getattr(remiss, field) != value]
    if not changed:
        return remiss
    for field in changed:
        setattr(remiss, field, new[field])
    remiss.full_clean(exclude=["namnder"])
    falt = ", ".join(UPPGIFTER[f] for f in changed)
    save_tracked(remiss, user=user, reason=f"Ändrade {falt}")
    events.record(remiss, "uppgifter_andrade", user=user, falt=falt)
    return remiss


@transaction.atomic
def remiss_tilldela(*, user, remiss: Remiss, handlaggare) -> Remiss:
    remiss = las_arende(remiss)
    policy.require(user, Action.TILLDELA, remiss)
    if not selectors.handlaggare_for(remiss.forvaltning).filter(pk=handlaggare.pk).exists():
        raise ValidationError(
            {"handlaggare": "Handläggaren måste arbeta på förvaltningen och ha rollen handläggare."}
        )
    if handlaggare.pk == remiss.handlaggare_id:
        return remiss
    fran = remiss.handlaggare
    remiss.handlaggare = handlaggare
    save_tracked(remiss, user=user, reason=f"Handläggare byttes till {handlaggare}")
    events.record(remiss, "tilldelad", user=user, fran=fran, till=handlaggare)
    return remiss
