"""Beredningssteg: recording who prepared the matter, and keeping "Ärendets beredning" in step.

The section's text follows the steps until the handläggare edits it by hand; from then on the
steps no longer overwrite it, until they ask for it to be written anew
(`beredning_generera_text`).
"""

import copy
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from nameden.historik import delete_tracked, save_tracked
from remiss import events, policy
from remiss.beredning import KRAVER_MOTPART, beredningstext, mening
from remiss.models import Avsnittstyp, Beredningssteg, Beredningstyp, Tjansteutlatande, Utfall
from remiss.services.attestering import innan_andring
from remiss.services.las import las_arende
from remiss.services.tjansteutlatande import spara_ny_version
from remiss.validering import dokumentrader, validera_beredningsdatum
from remiss.workflow import Action


def _validate(*, typ: str, motpart: str, datum: dt.date | None, utfall: str) -> str:
    """Raise ValidationError (field → message) or return `motpart` as it is stored."""
    errors = {}
    try:
        motpart = dokumentrader(motpart=motpart)["motpart"]
    except ValidationError as exc:
        errors["motpart"] = exc.messages[0]
    if typ not in Beredningstyp.values:
        errors["typ"] = "Välj vilken sorts beredning det var."
    elif typ in KRAVER_MOTPART and not motpart.strip():
        errors["motpart"] = "Skriv vem som beredde ärendet, till exempel ”stadsbyggnadskontoret”."
    if typ not in (Beredningstyp.INTERN, "") and datum is None:
        errors["datum"] = "Ange datum för beredningen."
    elif (datumfel := validera_beredningsdatum(datum)) is not None:
        errors["datum"] = datumfel
    if utfall not in Utfall.values:
        errors["utfall"] = (
            "Välj om ärendet behandlades eller om det fanns möjlighet att behandla det."
        )
    if errors:
        raise ValidationError(errors)
    return motpart


def _regenerate(tu: Tjansteutlatande, *, user, vad: str, force: bool = False) -> None:
    """Rewrite the beredning section from the steps (unless edited by hand) and save."""
    avsnitt = copy.deepcopy(tu.avsnitt)
    del_ = next((a for a in avsnitt if a["typ"] == Avsnittstyp.BEREDNING), None)
    if force:
        tu.beredning_manuell = False
    if del_ is not None and not tu.beredning_manuell:
        del_["text"] = beredningstext(tu.beredningssteg.all())
        tu.avsnitt = avsnitt
    spara_ny_version(tu, user=user, reason=vad, vad=vad)


@transaction.atomic
def beredningssteg_lagg_till(
    *,
    user,
    tu: Tjansteutlatande,
    typ: str,
    datum: dt.date | None,
    utfall: str,
    motpart: str = "",
    bekraftat: bool = False,
) -> Beredningssteg:
    tu = las_arende(tu)
    policy.require(user, Action.REDIGERA, tu.remiss)
    motpart = _validate(typ=typ, motpart=motpart, datum=datum, utfall=utfall)
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    sista = tu.beredningssteg.order_by("-ordning").values_list("ordning", flat=True).first()
    steg = Beredningssteg(
        tjansteutlatande=tu,
        typ=typ,
        motpart=motpart.strip(),
        datum=datum,
        utfall=utfall,
        ordning=(sista or 0) + 1,
    )
    save_tracked(steg, user=user, reason="Beredningssteg lades till")
    events.record(tu.remiss, "beredningssteg_tillagt", user=user, steg=mening(steg))
    _regenerate(tu, user=user, vad="Ärendets beredning (nytt steg)")
    return steg


@transaction.atomic
def beredningssteg_andra(
    *,
    user,
    steg: Beredningssteg,
    typ: str,
    datum: dt.date | None,
    utfall: str,
    motpart: str = "",
    bekraftat: bool = False,
) -> Beredningssteg:
    tu = las_arende(steg.tjansteutlatande)
    policy.require(user, Action.REDIGERA, tu.remiss)
    motpart = _validate(typ=typ, motpart=motpart, datum=datum, utfall=utfall)
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    steg = tu.beredningssteg.get(pk=steg.pk)
    steg.typ, steg.motpart, steg.datum, steg.utfall = typ, motpart.strip(), datum, utfall
    save_tracked(steg, user=user, reason="Beredningssteg ändrades")
    events.record(tu.remiss, "beredningssteg_andrat", user=user, steg=mening(steg))
    _regenerate(tu, user=user, vad="Ärendets beredning (ändrat steg)")
    return steg


@transaction.atomic
def beredningssteg_ta_bort(*, user, steg: Beredningssteg, bekraftat: bool = False) -> None:
    tu = las_arende(steg.tjansteutlatande)
    policy.require(user, Action.REDIGERA, tu.remiss)
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    steg = tu.beredningssteg.get(pk=steg.pk)
    text = mening(steg)
    delete_tracked(steg, user=user, reason="Beredningssteg togs bort")
    events.record(tu.remiss, "beredningssteg_borttaget", user=user, steg=text)
    _regenerate(tu, user=user, vad="Ärendets beredning (borttaget steg)")


@transaction.atomic
def beredning_generera_text(
    *, user, tu: Tjansteutlatande, bekraftat: bool = False
) -> Tjansteutlatande:
    """Throw away a hand-edited beredning text and write it anew from the steps."""
    tu = las_arende(tu)
    policy.require(user, Action.REDIGERA, tu.remiss)
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    _regenerate(tu, user=user, vad="Ärendets beredning (skrevs om från stegen)", force=True)
    return tu
