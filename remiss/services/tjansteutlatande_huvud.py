"""The tjänsteutlåtande's header: edited by hand (`tjansteutlatande_spara_huvud`) and
refreshed from the organisation only on purpose (`tjansteutlatande_hamta_uppgifter`).

The header is the document's own content, copied from the organisation when the document is
created (`remiss.services.tjansteutlatande.tjansteutlatande_skapa`); the same lost-update
rule as the sections holds (`check_conflict`), and every change is a new version.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from nameden.models import Sammantrade
from remiss import policy, selectors
from remiss.dokumenthuvud import (
    FRAN_ORGANISATIONEN,
    HUVUD,
    adressering,
    aktuella_uppgifter,
    huvud_text_av,
    skillnader,
    undertecknare_snapshot,
)
from remiss.models import Tjansteutlatande
from remiss.services.attestering import innan_andring
from remiss.services.las import las_arende
from remiss.services.tjansteutlatande import check_conflict, spara_ny_version
from remiss.validering import dokumentrader
from remiss.workflow import Action

HUVUD_FALT = tuple(HUVUD)


class _Oforandrat:
    def __repr__(self) -> str:
        return "OFORANDRAT"


#: "Leave this field as the document has it" (a field may also be cleared, so not None).
OFORANDRAT: Any = _Oforandrat()


def _en_rad(text: str) -> str:
    return " ".join((text or "").split())


def _kontrollera_undertecknare(tu: Tjansteutlatande, undertecknare: list) -> str | None:
    """The error for the signatories chosen, if any. People already on the document stay
    even if they no longer sign (their snapshot is content); the rule is for new ones."""
    befintliga = {u.get("user_id") for u in tu.undertecknare}
    nya = [u for u in undertecknare if u.pk not in befintliga]
    if not nya:
        return None
    forvaltning = tu.remiss.forvaltning
    if any(u.forvaltning_id != forvaltning.pk for u in nya):
        return "Undertecknare ska arbeta på förvaltningen."
    tillatna = set(
        selectors.undertecknare_for(forvaltning)
        .filter(pk__in=[u.pk for u in nya])
        .values_list("pk", flat=True)
    )
    if any(u.pk not in tillatna for u in nya):
        return (
            "Undertecknare ska vara förvaltningschef, avdelningschef eller attestera "
            "tjänsteutlåtanden på förvaltningen."
        )
    return None


def _andrade(tu: Tjansteutlatande, new: dict) -> list[str]:
    """The labels of the fields `new` changes, for the history reason and the timeline."""
    falt = [f for f, value in new.items() if getattr(tu, f) != value]
    if "sammantrade_id" in falt:
        # Choosing a meeting writes Till and its date: one change as the reader sees it.
        falt = [f for f in falt if f not in ("till", "sammantradesdatum", "till_datum")]
    return [HUVUD[f].lower() for f in falt]


@transaction.atomic
def tjansteutlatande_spara_huvud(
    *,
    user,
    tu: Tjansteutlatande,
    bas_version: int,
    rubrik: str,
    underrubrik: str,
    sammantrade: Sammantrade | None,
    undertecknare: list,
    datum: dt.date | None = OFORANDRAT,
    forvaltning_namn: str = OFORANDRAT,
    enhet: str = OFORANDRAT,
    handlaggare_namn: str = OFORANDRAT,
    handlaggare_titel: str = OFORANDRAT,
    handlaggare_telefon: str = OFORANDRAT,
    handlaggare_epost: str = OFORANDRAT,
    avsandarens_diarienummer: str = OFORANDRAT,
    bekraftat: bool = False,
) -> Tjansteutlatande:
    """Save the head of the document, all of it as the handläggare wrote it.

    `undertecknare` are users, in the order they sign. Choosing another sammanträde (or
    none) writes its nämnd and date into "Till"; keeping the one chosen keeps "Till" as the
    document has it. A header field left as OFORANDRAT keeps the document's value.
    """
    tu = las_arende(tu)
    policy.require(user, Action.REDIGERA, tu.remiss)
    texter = {
        "forvaltning_namn": forvaltning_namn,
        "enhet": enhet,
        "handlaggare_namn": handlaggare_namn,
        "handlaggare_titel": handlaggare_titel,
        "handlaggare_telefon": handlaggare_telefon,
        "handlaggare_epost": handlaggare_epost,
        "avsandarens_diarienummer": avsandarens_diarienummer,
    }
    texter = {f: _en_rad(v) for f, v in texter.items() if v is not OFORANDRAT}
    errors = {}
    try:
        dokumentrader(rubrik=rubrik, underrubrik=underrubrik, **texter)
    except ValidationError as exc:
        errors.update((falt, fel[0]) for falt, fel in exc.message_dict.items())
    if not rubrik.strip():
        errors["rubrik"] = "Skriv en rubrik."
    if texter.get("forvaltning_namn") == "":
        errors["forvaltning_namn"] = "Skriv förvaltningens namn."
    if texter.get("handlaggare_namn") == "":
        errors["handlaggare_namn"] = "Skriv handläggarens namn."
    if sammantrade is not None and not tu.remiss.namnder.filter(pk=sammantrade.namnd_id).exists():
        errors["sammantrade"] = "Välj ett sammanträde med en nämnd som ska svara på remissen."
    fel = _kontrollera_undertecknare(tu, undertecknare)
    if fel:
        errors["undertecknare"] = fel
    if errors:
        raise ValidationError(errors)
    befintliga = {u["user_id"]: u for u in tu.undertecknare if u.get("user_id")}
    new = {f: getattr(tu, f) for f in HUVUD_FALT}
    new.update(
        rubrik=_en_rad(rubrik),
        underrubrik=_en_rad(underrubrik),
        undertecknare=[befintliga.get(u.pk) or undertecknare_snapshot(u) for u in undertecknare],
        **texter,
    )
    if datum is not OFORANDRAT:
        new["datum"] = datum
    sammantrade_id = sammantrade.pk if sammantrade else None
    if sammantrade_id != tu.sammantrade_id:
        new.update(sammantrade_id=sammantrade_id, **adressering(tu.remiss, sammantrade))

    def read(version):
        return {f: getattr(version, f) for f in HUVUD_FALT}

    andrade = _andrade(tu, new)
    if not andrade:
        return tu
    check_conflict(
        tu,
        bas_version=bas_version,
        vad="Dokumentets uppgifter",
        read=read,
        din_text="\n".join(f"{k}: {v}" for k, v in huvud_text_av(new).items()),
    )
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    for field, value in new.items():
        setattr(tu, field, value)
    return spara_ny_version(
        tu,
        user=user,
        reason="Ändrade dokumentets uppgifter: " + ", ".join(andrade),
        vad=", ".join(andrade),
    )


@transaction.atomic
def tjansteutlatande_hamta_uppgifter(
    *, user, tu: Tjansteutlatande, bas_version: int, bekraftat: bool = False
) -> Tjansteutlatande:
    """Write today's organisation values into the header ("Hämta aktuella uppgifter").

    Diarienummer, förvaltning, the current handläggare with their enhet, titel, telefon and
    e-post, "Till" (the chosen meeting, else the remiss's nämnder) and how the signatories
    are described now. In a joint document also every deltagare's kontaktperson and
    diarienummer (a förvaltning that joined after the document was made enters its header
    only here) and each nämnd's date (`remiss.dokumenthuvud.gemensam_adressering`). Nothing
    to change: no new version. In attest it is an edit like any other: it needs
    confirmation and voids the attestations.
    """
    tu = las_arende(tu)
    policy.require(user, Action.REDIGERA, tu.remiss)
    nya = aktuella_uppgifter(tu)
    rader = skillnader(tu, nya)
    if not rader:
        return tu

    def read(version):
        return {f: getattr(version, f) for f in FRAN_ORGANISATIONEN}

    check_conflict(
        tu,
        bas_version=bas_version,
        vad="Dokumentets uppgifter",
        read=read,
        din_text="\n".join(f"{r.etikett}: {r.ny}" for r in rader),
    )
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    for field in FRAN_ORGANISATIONEN:
        setattr(tu, field, nya[field])
    andrade = ", ".join(r.etikett.lower() for r in rader)
    return spara_ny_version(
        tu, user=user, reason=f"Hämtade aktuella uppgifter: {andrade}", vad=andrade
    )
