"""Writing the tjänsteutlåtande: created from a mall, then edited section by section.

No lost updates: every edit names the version the editor started from (`bas_version`). If the
document has moved on since, the edit still goes through when the part being saved is
untouched by the others (two people writing different sections do not block each other); if
that same part was changed, `Konflikt` is raised with both texts and nothing is written.

The header (förvaltning, handläggare, Till, undertecknare, …) is the document's own content:
copied from the organisation at creation, edited by hand in `tjansteutlatande_spara_huvud`,
and refreshed from the organisation only on purpose, by `tjansteutlatande_hamta_uppgifter`
(both in `remiss.services.tjansteutlatande_huvud`).

Which sections the handläggare has marked done (`tjansteutlatande_markera_avsnitt`) is a note
about the work, kept beside the content and never part of it.
"""

import copy
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from nameden import markering
from nameden.historik import save_tracked
from nameden.svenska import organ_i_lopande_text
from remiss import events, granser, policy, samverkan, selectors
from remiss.beredning import beredningstext
from remiss.dokumenthuvud import (
    organisationens_uppgifter,
    undertecknare_snapshot,
)
from remiss.huvudlayout import layout_fran_mall, profil_fran_mall
from remiss.models import Avsnittstyp, Dokumentmall, Remiss, Tjansteutlatande
from remiss.services.attestering import innan_andring
from remiss.services.las import las_arende
from remiss.validering import dokumentpunkter, dokumentstycken
from remiss.workflow import Action, Status


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


def check_conflict(tu, *, bas_version: int, vad: str, read, din_text: str) -> None:
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

    check_conflict(
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


#: Where a section may be marked done or the mark taken back: while the document is being
#: written. Sent for attest or attested, the marks stand as they were (taking one back would
#: say nothing about the content, and must not void an attestation as an edit does).
MARKERBARA_STATUSAR = frozenset({Status.UNDER_BEREDNING})


def avsnitt_kan_markeras(remiss: Remiss) -> bool:
    return remiss.status in MARKERBARA_STATUSAR


@transaction.atomic
def tjansteutlatande_markera_avsnitt(
    *, user, tu: Tjansteutlatande, nyckel: str, klar: bool
) -> Tjansteutlatande:
    """Mark the section `nyckel` done (`klar`), or take the mark back.

    Working metadata, not content: `klara_avsnitt` changes and nothing else. The version (the
    section forms' conflict token), "senast ändrad" and the fingerprint stay as they were, so
    a form opened before the mark saves without a false conflict and an attestation is never
    touched. The history row records who marked and when. A done section that is edited later
    stays done: the mark is the handläggare's own note and only they take it back.

    Http404 for a key the document lacks; ValidationError outside beredning (the status is
    checked first, as `remiss.views._common.kontrollera` does, so a stale button explains
    itself); PermissionDenied unless the user may edit the document. Marking what is already
    so writes nothing.
    """
    tu = las_arende(tu)
    del_ = tu.get_avsnitt(nyckel)
    if del_ is None:
        raise Http404("Avsnittet finns inte i dokumentet.")
    if not avsnitt_kan_markeras(tu.remiss):
        raise ValidationError(
            "Avsnitt kan bara markeras som klara medan utlåtandet är under beredning, inte "
            f"när remissen har status ”{tu.remiss.get_status_display().lower()}”."
        )
    policy.require(user, Action.REDIGERA, tu.remiss)
    klara = set(tu.klara_avsnitt)
    if klar:
        klara.add(nyckel)
    else:
        klara.discard(nyckel)
    ny = [a["nyckel"] for a in tu.avsnitt if a["nyckel"] in klara]  # the document's order
    if ny == tu.klara_avsnitt:
        return tu
    tu.klara_avsnitt = ny
    rubrik = del_["rubrik"]
    reason = (
        f"Markerade avsnittet ”{rubrik}” som klart"
        if klar
        else f"Ångrade att avsnittet ”{rubrik}” är klart"
    )
    save_tracked(tu, user=user, reason=reason, update_fields=["klara_avsnitt"])
    return tu


#: Every field of the head, as the conflict check and the history compare them.
