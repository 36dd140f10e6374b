"""Joint documents: a förvaltning registers its participation in another's remiss, or leaves.

The registrator of the medverkande förvaltning registers it in their own diarium: the
participation gets the next number of that förvaltning's series (the same series and format
as its own remisser, `remiss.services.diarium`), a kontaktperson among its handläggare and the
nämnder of its own that answer with it (they join `Remiss.namnder`, so each gets the document
on its own list). Leaving is allowed only before the document has ever been sent for attest:
after that its chain has attested, or been asked to.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.models import Klassificering, Namnd
from remiss import events, policy, samverkan, selectors
from remiss.models import Attestrunda, MedverkandeForvaltning, Remiss
from remiss.services.diarium import next_diarienummer
from remiss.services.las import las_arende
from remiss.services.registrering import klass_fel
from remiss.workflow import Action

EFTER_ATTEST = (
    "Medverkan kan inte tas bort: utlåtandet har skickats till attest, och förvaltningens "
    "attestkedja ingår i det."
)


def _validera(*, forvaltning, kontaktperson, namnder, klass) -> None:
    errors: dict[str, str] = {}
    if kontaktperson is None:
        errors["kontaktperson"] = "Välj en kontaktperson."
    elif not selectors.handlaggare_for(forvaltning).filter(pk=kontaktperson.pk).exists():
        errors["kontaktperson"] = (
            "Kontaktpersonen måste arbeta på din förvaltning och ha rollen handläggare."
        )
    if not namnder:
        errors["namnder"] = "Välj minst en nämnd som ska svara på remissen."
    elif any(n.forvaltning_id != forvaltning.pk for n in namnder):
        errors["namnder"] = "Välj nämnder som din förvaltning bereder ärenden åt."
    if (fel := klass_fel(forvaltning, klass)) is not None:
        errors["klass"] = fel
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def medverkan_registrera(
    *,
    user,
    remiss: Remiss,
    kontaktperson,
    namnder: list[Namnd],
    klass: Klassificering | None = None,
    registrerad_at: dt.datetime | None = None,
) -> MedverkandeForvaltning:
    """Register the user's förvaltning as medverkande in `remiss`, with its own diarienummer.

    `user` is a registrator of another förvaltning than those already taking part (the
    policy's REGISTRERA_MEDVERKAN), before the document goes for attest. `namnder` are the
    förvaltning's own nämnder that answer too. `registrerad_at` is for imports (and the demo);
    the diarium year is its year.
    """
    remiss = las_arende(remiss)
    policy.require(user, Action.REGISTRERA_MEDVERKAN, remiss)
    if user.avdelning_id is None:
        raise ValidationError("Ditt konto är inte kopplat till någon förvaltning.")
    forvaltning = user.avdelning.forvaltning
    if forvaltning.kommun_id != remiss.forvaltning.kommun_id:
        # One kommun's documents; another kommun in the same installation is not a deltagare.
        raise PermissionDenied("Du får inte göra detta: registrera medverkan.")
    namnder = list(namnder)
    _validera(forvaltning=forvaltning, kontaktperson=kontaktperson, namnder=namnder, klass=klass)
    registrerad_at = registrerad_at or timezone.now()
    ar = timezone.localtime(registrerad_at).year
    lopnummer, diarienummer = next_diarienummer(forvaltning=forvaltning, ar=ar, klass=klass)
    senaste = remiss.medverkande.aggregate(m=Max("ordning"))["m"] or 0
    medverkan = MedverkandeForvaltning(
        remiss=remiss,
        forvaltning=forvaltning,
        diarienummer=diarienummer,
        dnr_ar=ar,
        dnr_lopnummer=lopnummer,
        klass=klass,
        kontaktperson=kontaktperson,
        ordning=senaste + 1,
        registrerad_av=user,
        registrerad_at=registrerad_at,
    )
    medverkan.full_clean()
    save_tracked(medverkan, user=user, reason=f"Medverkan registrerades som {diarienummer}")
    remiss.namnder.add(*namnder)
    # The remiss's own history row then holds the nämnder that answer now.
    save_tracked(remiss, user=user, reason=f"{forvaltning} medverkar ({diarienummer})")
    samverkan.glom(remiss)
    events.record(
        remiss,
        "medverkan_registrerad",
        user=user,
        forvaltning=forvaltning,
        diarienummer=diarienummer,
        kontaktperson=kontaktperson,
        namnder=", ".join(n.namn for n in namnder),
    )
    return medverkan


@transaction.atomic
def medverkan_ta_bort(*, user, medverkan: MedverkandeForvaltning) -> MedverkandeForvaltning:
    """Take a medverkande förvaltning out of the document, before any attest.

    The registrator of that förvaltning or of the registering one may (TA_BORT_MEDVERKAN);
    its nämnder no longer answer. The row is kept, marked removed: its number stays used in
    the förvaltning's diarium.
    """
    remiss = las_arende(Remiss(pk=medverkan.remiss_id))
    policy.require(user, Action.TA_BORT_MEDVERKAN, remiss)
    medverkan = MedverkandeForvaltning.objects.select_for_update().get(pk=medverkan.pk)
    if not medverkan.aktiv:
        raise ValidationError("Förvaltningen medverkar inte längre i remissen.")
    if not user.is_superuser and user.forvaltning_id not in (
        remiss.forvaltning_id,
        medverkan.forvaltning_id,
    ):
        raise PermissionDenied(
            "Du får inte göra detta: bara registratorn på den förvaltningen eller på den "
            "registrerande förvaltningen tar bort en medverkan."
        )
    if Attestrunda.objects.filter(tjansteutlatande__remiss=remiss).exists():
        raise ValidationError(EFTER_ATTEST)
    medverkan.borttagen_at = timezone.now()
    medverkan.borttagen_av = user
    save_tracked(medverkan, user=user, reason="Medverkan togs bort")
    egna = list(remiss.namnder.filter(forvaltning_id=medverkan.forvaltning_id))
    remiss.namnder.remove(*egna)
    save_tracked(remiss, user=user, reason=f"{medverkan.forvaltning} medverkar inte längre")
    samverkan.glom(remiss)
    events.record(
        remiss,
        "medverkan_borttagen",
        user=user,
        forvaltning=medverkan.forvaltning,
        diarienummer=medverkan.diarienummer,
    )
    return medverkan
