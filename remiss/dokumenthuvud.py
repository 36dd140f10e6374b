"""The document's header: which fields it has, and what the organisation says about them now.

Everything a tjänsteutlåtande prints is its own content. The header is copied from the
organisation when the document is created (`organisationens_uppgifter`), then edited like any
other part. Renaming a nämnd, a new telefon or another handläggare never reaches a written
document; "Hämta aktuella uppgifter" (`skillnader` shows what it would change, the service
`tjansteutlatande_hamta_uppgifter` does it) pulls today's values in on purpose.

Nothing here writes.
"""

import datetime as dt
from dataclasses import dataclass

from nameden.models import User
from remiss import samverkan
from remiss.diff import undertecknare_text

#: The document's head, field → the label it has in forms, comparisons and the history,
#: in the order a reader meets them.
HUVUD: dict[str, str] = {
    "rubrik": "Rubrik",
    "underrubrik": "Underrubrik",
    "datum": "Dokumentets datum",
    "diarienummer": "Diarienummer",
    "forvaltning_namn": "Förvaltning",
    "enhet": "Enhet",
    "handlaggare_namn": "Handläggare",
    "handlaggare_titel": "Handläggarens titel",
    "handlaggare_telefon": "Telefon",
    "handlaggare_epost": "E-post",
    "sammantrade_id": "Sammanträde",
    "till": "Till",
    "sammantradesdatum": "Sammanträdesdatum",
    "till_datum": "Datum per mottagare",
    "undertecknare": "Undertecknare",
    "avsandarens_diarienummer": "Er beteckning",
    "ovriga_kontaktpersoner": "Fler kontaktpersoner",
    "ovriga_beteckningar": "Fler diarienummer",
}

#: The header's plain text fields from the organisation: copied when the document is
#: created, edited as they are on the Uppgifter page (`HuvudForm`), refreshed by "Hämta".
TEXTFALT = (
    "forvaltning_namn",
    "enhet",
    "handlaggare_namn",
    "handlaggare_titel",
    "handlaggare_telefon",
    "handlaggare_epost",
    "avsandarens_diarienummer",
)

#: The fields "Hämta aktuella uppgifter" refreshes from the organisation.
FRAN_ORGANISATIONEN = (
    "diarienummer",
    *TEXTFALT,
    "till",
    "sammantradesdatum",
    "till_datum",
    "undertecknare",
    "ovriga_kontaktpersoner",
    "ovriga_beteckningar",
)


def person_namn(user) -> str:
    return user.get_full_name() or user.username


def undertecknare_snapshot(user) -> dict:
    """How a signatory is written on the document, frozen at the time it is chosen."""
    avdelning = user.avdelning
    return {
        "user_id": user.pk,
        "namn": person_namn(user),
        "titel": user.titel,
        "forvaltning": avdelning.forvaltning.namn if avdelning else "",
    }


def adressering(remiss, sammantrade) -> dict:
    """The "Till" and its dates: the chosen meeting's nämnd and date, else the remiss's
    nämnder (no per-nämnd dates: `till_datum` is for nämnder meeting on different days).
    A joint document is addressed to every deltagare's nämnder, each with its own date
    (`gemensam_adressering`)."""
    if samverkan.ar_gemensam(remiss):
        return gemensam_adressering(remiss, sammantrade)
    if sammantrade is not None:
        return {
            "till": [sammantrade.namnd.namn],
            "sammantradesdatum": sammantrade.datum,
            "till_datum": [],
        }
    return {
        "till": [n.namn for n in remiss.namnder.order_by("namn")],
        "sammantradesdatum": None,
        "till_datum": [],
    }


def mottagande_namnder(remiss) -> list:
    """The nämnder a joint document is addressed to, in the order of its deltagare (the
    registering förvaltning's first), each förvaltning's by name."""
    plats = {d.forvaltning.pk: i for i, d in enumerate(samverkan.deltagare(remiss))}
    return sorted(
        remiss.namnder.all(),
        key=lambda n: (plats.get(n.forvaltning_id, len(plats)), n.namn, n.pk),
    )


def namndernas_sammantraden(remiss, sammantrade) -> dict:
    """Nämnd pk → the sammanträde whose date "Till" gives that nämnd: where the ärende stands
    on the nämnd's list (its latest punkt: bordläggning moves it), else the one it was last
    anmäld to, else the one chosen on the document (`Tjansteutlatande.sammantrade`) when it
    is that nämnd's. A nämnd with none has no date yet."""
    # Imported here: remiss.selectors reads this module (huvud_text) when it is imported.
    from remiss.selectors.namnd import namndbehandlingar_for

    valda = {sammantrade.namnd_id: sammantrade} if sammantrade is not None else {}
    for rad in namndbehandlingar_for(remiss):
        if rad.punkt is not None:
            valda[rad.namnd.pk] = rad.punkt.sammantrade
        elif rad.behandling is not None and rad.behandling.sammantrade is not None:
            valda[rad.namnd.pk] = rad.behandling.sammantrade
    return valda


def gemensam_adressering(remiss, sammantrade) -> dict:
    """A joint document's "Till": every deltagare's nämnder, each with the date of its own
    sammanträde (`namndernas_sammantraden`) or none yet. `sammantradesdatum` stays the
    chosen meeting's, as for a document of one nämnd."""
    namnder = mottagande_namnder(remiss)
    valda = namndernas_sammantraden(remiss, sammantrade)
    datum = [valda[n.pk].datum.isoformat() if n.pk in valda else None for n in namnder]
    return {
        "till": [n.namn for n in namnder],
        "sammantradesdatum": sammantrade.datum if sammantrade is not None else None,
        "till_datum": datum if any(datum) else [],
    }


def handlaggarens_uppgifter(remiss) -> dict:
    """The remiss's current handläggare as the header writes them, with their unit."""
    handlaggare = remiss.handlaggare
    return {
        "enhet": handlaggare.avdelning.namn if handlaggare.avdelning_id else "",
        "handlaggare_namn": person_namn(handlaggare),
        "handlaggare_titel": handlaggare.titel,
        "handlaggare_telefon": handlaggare.telefon,
        "handlaggare_epost": handlaggare.email,
    }


def kontaktperson(deltagare) -> dict:
    """A participant's kontaktperson as the header's list holds them."""
    person = deltagare.kontaktperson
    return {
        "namn": person_namn(person),
        "titel": person.titel,
        "telefon": person.telefon,
        "epost": person.email,
        "forvaltning": deltagare.forvaltning.namn,
    }


def ovriga_deltagare(remiss) -> dict:
    """A joint document's other förvaltningar (`remiss.samverkan.deltagare` after the
    first, whose values are the single fields): their kontaktpersoner and diarienummer."""
    ovriga = samverkan.deltagare(remiss)[1:]
    return {
        "ovriga_kontaktpersoner": [kontaktperson(d) for d in ovriga],
        "ovriga_beteckningar": [
            {"forvaltning": d.forvaltning.namn, "diarienummer": d.diarienummer} for d in ovriga
        ],
    }


def organisationens_uppgifter(remiss, *, sammantrade) -> dict:
    """Today's value of every field in FRAN_ORGANISATIONEN but the signatories."""
    return {
        "diarienummer": remiss.diarienummer,
        "forvaltning_namn": remiss.forvaltning.namn,
        **handlaggarens_uppgifter(remiss),
        **adressering(remiss, sammantrade),
        "avsandarens_diarienummer": remiss.avsandarens_diarienummer,
        **ovriga_deltagare(remiss),
    }


def aktuella_undertecknare(undertecknare: list[dict]) -> list[dict]:
    """The signatories (snapshots), each whose user still exists written as they are now."""
    users = User.objects.select_related("avdelning__forvaltning").in_bulk(
        [u["user_id"] for u in undertecknare if u.get("user_id")]
    )
    return [
        undertecknare_snapshot(users[u["user_id"]]) if u.get("user_id") in users else u
        for u in undertecknare
    ]


def varde_text(falt: str, value) -> str:
    """A header value as a reader sees it."""
    if falt == "undertecknare":
        return undertecknare_text(value or [])
    if falt == "till":
        return "\n".join(value or [])
    if falt == "till_datum":
        return "\n".join(d or "–" for d in value or [])
    if falt == "ovriga_kontaktpersoner":
        # Every part the header may print: a new telefon must show as a change.
        return "\n".join(
            ", ".join(filter(None, (p.get(k, "") for k in ("namn", "titel", "telefon", "epost"))))
            + f" ({p.get('forvaltning', '')})"
            for p in value or []
        )
    if falt == "ovriga_beteckningar":
        return "\n".join(
            f"{b.get('diarienummer', '')} ({b.get('forvaltning', '')})" for b in value or []
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def huvud_text(version) -> dict[str, str]:
    """Label → text of every header field of `version` (the document or a history row), for
    comparisons. The meeting shows as the "Till" and "Sammanträdesdatum" it wrote."""
    return huvud_text_av({falt: getattr(version, falt) for falt in HUVUD})


def huvud_text_av(values: dict) -> dict[str, str]:
    """`huvud_text` of header values given field by field (a form's, not yet saved)."""
    return {
        etikett: varde_text(falt, values.get(falt))
        for falt, etikett in HUVUD.items()
        if falt != "sammantrade_id"
    }


@dataclass(frozen=True)
class Skillnad:
    """One header field that "Hämta aktuella uppgifter" would change."""

    falt: str
    etikett: str
    nu: str
    ny: str


def aktuella_uppgifter(tu) -> dict:
    """What the organisation says today, for the fields FRAN_ORGANISATIONEN of `tu`.

    Expects `tu.remiss` with its förvaltning (as `las_arende` and the selectors load it).
    """
    return {
        **organisationens_uppgifter(tu.remiss, sammantrade=tu.sammantrade),
        "undertecknare": aktuella_undertecknare(tu.undertecknare),
    }


def skillnader(tu, nya: dict | None = None) -> list[Skillnad]:
    """Every field whose current organisation value differs from the document's."""
    nya = aktuella_uppgifter(tu) if nya is None else nya
    rader = []
    for falt in FRAN_ORGANISATIONEN:
        nu, ny = getattr(tu, falt), nya[falt]
        if _jamforbar(falt, nu) != _jamforbar(falt, ny):
            rader.append(Skillnad(falt, HUVUD[falt], varde_text(falt, nu), varde_text(falt, ny)))
    return rader


def _jamforbar(falt: str, value):
    # A signatory is compared as printed: a snapshot refreshed to the same name, titel and
    # förvaltning is no change.
    if falt == "undertecknare":
        return [(u.get("namn"), u.get("titel"), u.get("forvaltning")) for u in value or []]
    return value
