"""Registering a remiss in the förvaltning's diarium, and correcting what was registered."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.models import Namnd
from remiss import events, policy, selectors
from remiss.models import Remiss
from remiss.services.diarium import next_diarienummer
from remiss.services.las import las_arende
from remiss.validering import validera_datum, validera_diarienummer
from remiss.workflow import Action


def _validate(
    *, forvaltning, avsandarens_diarienummer, inkom_datum, svarsdatum, namnder, handlaggare
) -> str:
    errors: dict[str, str] = {}
    try:
        avsandarens_diarienummer = validera_diarienummer(avsandarens_diarienummer or "")
    except ValidationError as exc:
        errors["avsandarens_diarienummer"] = exc.messages[0]
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
) -> Remiss:
    """Register a received remiss and give it the next number of the förvaltning's series.

    `registrerad_at` exists for importing historical cases (and the demo); the diarium year
    is the year of registration.
    """
    policy.require(user, Action.REGISTRERA)
    if user.avdelning_id is None:
        raise ValidationError("Ditt konto är inte kopplat till någon förvaltning.")
    forvaltning = user.avdelning.forvaltning
    namnder = list(namnder)
    avsandarens_diarienummer = _validate(
        forvaltning=forvaltning,
        avsandarens_diarienummer=avsandarens_diarienummer,
        inkom_datum=inkom_datum,
        svarsdatum=svarsdatum,
        namnder=namnder,
        handlaggare=handlaggare,
    )
    registrerad_at = registrerad_at or timezone.now()
    ar = timezone.localtime(registrerad_at).year
    lopnummer, diarienummer = next_diarienummer(forvaltning=forvaltning, ar=ar)
    remiss = Remiss(
        forvaltning=forvaltning,
        diarienummer=diarienummer,
        dnr_ar=ar,
        dnr_lopnummer=lopnummer,
        avsandare=avsandare.strip(),
        avsandarens_diarienummer=avsandarens_diarienummer,
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
    new["avsandare"] = " ".join(str(new["avsandare"]).split())
    new["rubrik"] = " ".join(str(new["rubrik"]).split())
    errors = validera_datum(inkom_datum=new["inkom_datum"], svarsdatum=new["svarsdatum"])
    try:
        new["avsandarens_diarienummer"] = validera_diarienummer(new["avsandarens_diarienummer"])
    except ValidationError as exc:
        errors["avsandarens_diarienummer"] = exc.messages[0]
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
