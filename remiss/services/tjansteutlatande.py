"""Writing the tjänsteutlåtande: created from a mall, then edited section by section.

No lost updates: every edit names the version the editor started from (`bas_version`). If the
document has moved on since, the edit still goes through when the part being saved is
untouched by the others (two people writing different sections do not block each other); if
that same part was changed, `Konflikt` is raised with both texts and nothing is written.
"""

import copy
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden.historik import save_tracked
from nameden.models import Sammantrade
from nameden.svenska import organ_i_lopande_text
from remiss import events, policy
from remiss.beredning import beredningstext
from remiss.models import Avsnittstyp, Dokumentmall, Remiss, Tjansteutlatande
from remiss.services.attestering import innan_andring
from remiss.services.las import las_arende
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


def undertecknare_snapshot(user) -> dict:
    """How a signatory is written on the document, frozen at the time it is chosen."""
    avdelning = user.avdelning
    return {
        "user_id": user.pk,
        "namn": user.get_full_name() or user.username,
        "titel": user.titel,
        "forvaltning": avdelning.forvaltning.namn if avdelning else "",
    }


def standard_undertecknare(remiss: Remiss) -> list[dict]:
    """The förvaltningschef and the handläggare's avdelningschef, as Stockholm signs."""
    people = [remiss.forvaltning.chef]
    if remiss.handlaggare.avdelning_id:
        people.append(remiss.handlaggare.avdelning.chef)
    seen, result = set(), []
    for person in people:
        if person is not None and person.pk not in seen:
            seen.add(person.pk)
            result.append(undertecknare_snapshot(person))
    return result


def tjansteutlatande_skapa(*, user, remiss: Remiss, mall: Dokumentmall) -> Tjansteutlatande:
    """Create the document from `mall`; called by `remiss_paborja_beredning` in its transaction."""
    if not mall.aktiv or (mall.forvaltning_id not in (None, remiss.forvaltning_id)):
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
        standard = del_.standardtext.replace("{namnd}", namnd)
        if del_.typ == Avsnittstyp.BESLUTSPUNKTER:
            entry["punkter"] = normalisera_punkter(standard.splitlines())
        else:
            entry["text"] = normalisera_text(standard)
        avsnitt.append(entry)
    tu = Tjansteutlatande(
        remiss=remiss,
        mall=mall,
        dokumenttyp=mall.dokumenttyp,
        rubrik=remiss.rubrik,
        underrubrik=mall.underrubrik_mall.format(
            avsandare=organ_i_lopande_text(remiss.avsandare),
            avsandarens_diarienummer=remiss.avsandarens_diarienummer,
        ),
        avsnitt=avsnitt,
        undertecknare=standard_undertecknare(remiss),
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
        ny = normalisera_punkter(punkter or [])
        if not ny:
            raise ValidationError({"punkter": "Skriv minst en beslutspunkt."})
    else:
        ny = normalisera_text(text or "")
    if ny == _avsnitt_value(del_):
        return tu

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


HUVUD_FALT = ("rubrik", "underrubrik", "sammantrade_id", "undertecknare")


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
    bekraftat: bool = False,
) -> Tjansteutlatande:
    """Save the head of the document: rubrik, underrubrik, meeting and signatories (users)."""
    tu = las_arende(tu)
    policy.require(user, Action.REDIGERA, tu.remiss)
    errors = {}
    if not rubrik.strip():
        errors["rubrik"] = "Skriv en rubrik."
    if sammantrade is not None and not tu.remiss.namnder.filter(pk=sammantrade.namnd_id).exists():
        errors["sammantrade"] = "Välj ett sammanträde med en nämnd som ska svara på remissen."
    if any(u.forvaltning_id != tu.remiss.forvaltning_id for u in undertecknare):
        errors["undertecknare"] = "Undertecknare ska arbeta på förvaltningen."
    if errors:
        raise ValidationError(errors)
    new = {
        "rubrik": " ".join(rubrik.split()),
        "underrubrik": " ".join(underrubrik.split()),
        "sammantrade_id": sammantrade.pk if sammantrade else None,
        "undertecknare": [undertecknare_snapshot(u) for u in undertecknare],
    }

    def read(version):
        return {f: getattr(version, f) for f in HUVUD_FALT}

    if read(tu) == new:
        return tu
    _check_conflict(
        tu, bas_version=bas_version, vad="Dokumentets uppgifter", read=read, din_text=_as_text(new)
    )
    innan_andring(user=user, tu=tu, bekraftat=bekraftat)
    for field, value in new.items():
        setattr(tu, field, value)
    return spara_ny_version(
        tu,
        user=user,
        reason="Ändrade rubrik, sammanträde eller undertecknare",
        vad="rubrik, sammanträde och undertecknare",
    )
