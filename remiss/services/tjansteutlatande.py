"""Writing the tjänsteutlåtande: created from a mall, then edited section by section.

No lost updates: every edit names the version the editor started from (`bas_version`). If the
document has moved on since, the edit still goes through when the part being saved is
untouched by the others (two people writing different sections do not block each other); if
that same part was changed, `Konflikt` is raised with both texts and nothing is written.

The header (förvaltning, handläggare, Till, undertecknare, …) is the document's own content:
copied from the organisation at creation, edited by hand in `tjansteutlatande_spara_huvud`,
and refreshed from the organisation only on purpose, by `tjansteutlatande_hamta_uppgifter`.
"""

import copy
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden import markering
from nameden.historik import save_tracked
from nameden.models import Sammantrade
from nameden.svenska import organ_i_lopande_text
from remiss import events, granser, policy, samverkan, selectors
from remiss.beredning import beredningstext
from remiss.dokumenthuvud import (
    FRAN_ORGANISATIONEN,
    HUVUD,
    adressering,
    aktuella_uppgifter,
    huvud_text_av,
    organisationens_uppgifter,
    skillnader,
    undertecknare_snapshot,
)
from remiss.huvudlayout import layout_fran_mall, profil_fran_mall
from remiss.models import Avsnittstyp, Dokumentmall, Remiss, Tjansteutlatande
from remiss.services.attestering import innan_andring
from remiss.services.las import las_arende
from remiss.validering import dokumentpunkter, dokumentrader, dokumentstycken
from remiss.workflow import Action


@dataclass
class Konflikt(Exception):
    """Someone else changed the same part since the editor loaded it."""

    vad: str
    din_text: str
    deras_text: str
    andrad_av: str
    andrad_at: object
    version: int

    def __str__(self) -> str:
        return (
            f"{self.vad} har ändrats av {self.andrad_av} sedan du öppnade det. "
            "Din text är inte sparad: jämför och spara igen."
        )


def normalisera_text(text: str) -> str:
    """Unix line ends, no trailing spaces, at most one blank line between paragraphs."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def normalisera_punkter(punkter: list[str]) -> list[str]:
    return [" ".join(p.split()) for p in punkter if p and p.strip()]


def _namnd_text(remiss: Remiss) -> str:
    return " och ".join(n.namn for n in remiss.namnder.all())


def standard_undertecknare(remiss: Remiss) -> list[dict]:
    """The förvaltningschef and the handläggare's avdelningschef, as Stockholm signs; for a
    joint document the same pair for every deltagare (its chef, its kontaktperson's
    avdelningschef), the registering förvaltning first: a document is signed by every
    förvaltning that writes it."""
    people = []
    for deltagare in samverkan.deltagare(remiss):
        people.append(deltagare.forvaltning.chef)
        if deltagare.kontaktperson.avdelning_id:
            people.append(deltagare.kontaktperson.avdelning.chef)
    seen, result = set(), []
    for person in people:
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            result.append(undertecknare_snapshot(person))
    return result


def tjansteutlatande_skapa(*, user, remiss: Remiss, mall: Dokumentmall) -> Tjansteutlatande:
    """Create the document from `mall`; called by `remiss_paborja_beredning` in its transaction."""
    if not selectors.mall_far_anvandas(mall, remiss.forvaltning):
        # Inactive, another förvaltning's or another kommun's (remiss.selectors.mallar_for).
        raise ValidationError({"mall": "Välj en aktiv mall som förvaltningen får använda."})
    namnd = _namnd_text(remiss)
    avsnitt = []
    for del_ in mall.avsnitt.order_by("ordning"):
        entry = {
            "nyckel": del_.nyckel,
            "rubrik": del_.rubrik,
            "typ": del_.typ,
            "obligatorisk": del_.obligatorisk,
            "text": "",
        }
        if del_.efter_undertecknare:
            # Only when set: a document without it reads as every document always has.
            entry["efter_undertecknare"] = True
        standard = del_.standardtext.replace("{namnd}", namnd)
        if del_.typ == Avsnittstyp.BESLUTSPUNKTER:
            entry["punkter"] = normalisera_punkter(standard.splitlines())
        else:
            entry["text"] = normalisera_text(standard)
            # Written in the markup from the start; older documents have no "format" and
            # keep their plain paragraphs (remiss.dokument.avsnitt_av).
            entry["format"] = markering.FORMAT
        avsnitt.append(entry)
    # A mall with more sections or standard text than a document may hold is refused here,
    # before anything is saved (remiss.granser).
    for entry in avsnitt:
        granser.kontrollera_avsnitt(entry, falt="mall")
    granser.kontrollera_dokument(avsnitt, falt="mall")
    tu = Tjansteutlatande(
        remiss=remiss,
        mall=mall,
        dokumenttyp=mall.dokumenttyp,
        # The header is the document's own from now on (remiss.dokumenthuvud).
        **organisationens_uppgifter(remiss, sammantrade=None),
        datum=timezone.localdate(),
        rubrik=remiss.rubrik,
        underrubrik=mall.formatera_underrubrik(
            avsandare=organ_i_lopande_text(remiss.avsandare),
            avsandarens_diarienummer=remiss.avsandarens_diarienummer,
        ),
        avsnitt=avsnitt,
        undertecknare=standard_undertecknare(remiss),
        # The mall's header and layout, copied like its sections: a later mall edit never
        # changes this document (remiss.huvudlayout).
        layout=layout_fran_mall(mall),
        profil=profil_fran_mall(mall, remiss.forvaltning),
        andrad_av=user,
    )
    save_tracked(tu, user=user, reason=f"Skapades från mallen ”{mall.namn}”")
    return tu


def _version(tu: Tjansteutlatande, version: int):
    return tu.history.filter(version=version).order_by("-history_date").first()


def _check_conflict(tu, *, bas_version: int, vad: str, read, din_text: str) -> None:
    """Raise Konflikt if the part `read` picks out changed between bas_version and now."""
    if bas_version == tu.version:
        return
    bas = _version(tu, bas_version)
    if bas is not None and read(bas) == read(tu):
        return
    raise Konflikt(
        vad=vad,
        din_text=din_text,
        deras_text=_as_text(read(tu)),
        andrad_av=str(tu.andrad_av or "någon annan"),
        andrad_at=tu.andrad_at,
        version=tu.version,
    )


def _as_text(value) -> str:
    if isinstance(value, list):
        return "\n".join(f"{i}. {p}" for i, p in enumerate(value, start=1))
    if isinstance(value, dict):
        return "\n".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def spara_ny_version(tu: Tjansteutlatande, *, user, reason: str, vad: str) -> Tjansteutlatande:
    """Save a changed document as its next version (locked by `las_arende` by the caller)."""
    tu.version += 1
    tu.andrad_at = timezone.now()
    tu.andrad_av = user
    save_tracked(tu, user=user, reason=reason)
    events.record(tu.remiss, "tu_andrat", user=user, vad=vad)
    return tu


def _avsnitt_value(avsnitt: dict):
    return (
        avsnitt.get("punkter", [])
        if avsnitt["typ"] == Avsnittstyp.BESLUTSPUNKTER
        else avsnitt["text"]
    )


@transaction.atomic
def tjansteutlatande_spara_avsnitt(
    *,
    user,
    tu: Tjansteutlatande,
    nyckel: str,
    bas_version: int,
    text: str | None = None,
    punkter: list[str] | None = None,
    bekraftat: bool = False,
) -> Tjansteutlatande:
    """Save one section: `text` for a text section, `punkter` for the beslutspunkter."""
    tu = las_arende(tu)
    policy.require(user, Action.REDIGERA, tu.remiss)
    avsnitt = copy.deepcopy(tu.avsnitt)
    del_ = next((a for a in avsnitt if a["nyckel"] == nyckel), None)
    if del_ is None:
        raise ValidationError(f"Avsnittet ”{nyckel}” finns inte i dokumentet.")
    if del_["typ"] == Avsnittstyp.BESLUTSPUNKTER:
        # Only characters that may be stored and that the PDF's font draws (remiss.validering).
        ny = normalisera_punkter(
            dokumentpunkter(punkter or [], falt="punkter", etikett=del_["rubrik"])
        )
        if not ny:
            raise ValidationError({"punkter": "Skriv minst en beslutspunkt."})
    else:
        ny = normalisera_text(dokumentstycken(text or "", falt="text", etikett=del_["rubrik"]))
    if ny == _avsnitt_value(del_):
        return tu
    # Bounded work (remiss.granser): the section, and the document, as they would read.
    falt = "punkter" if del_["typ"] == Avsnittstyp.BESLUTSPUNKTER else "text"
    andrat = {**del_, falt: ny}
    granser.kontrollera_avsnitt(andrat, falt=falt)
    granser.kontrollera_dokument([andrat if a is del_ else a for a in avsnitt], falt=falt)

    def read(version):
        found = next((a for a in version.avsnitt if a["nyckel"] == nyckel), None)
        return _avsnitt_value(found) if found else None

    _check_conflict(
        tu,
        bas_version=bas_version,
        vad=f"Avsnittet ”{del_['rubrik']}”",
        read=read,
        din_text=_as_text(ny),
    )
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    if del_["typ"] == Avsnittstyp.BESLUTSPUNKTER:
        del_["punkter"] = ny
    else:
        del_["text"] = ny
    if del_["typ"] == Avsnittstyp.BEREDNING:
        tu.beredning_manuell = ny != beredningstext(tu.beredningssteg.all())
    tu.avsnitt = avsnitt
    return spara_ny_version(
        tu, user=user, reason=f"Ändrade avsnittet ”{del_['rubrik']}”", vad=del_["rubrik"]
    )


#: Every field of the head, as the conflict check and the history compare them.
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
    _check_conflict(
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

    _check_conflict(
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
