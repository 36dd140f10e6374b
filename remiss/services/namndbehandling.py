"""Each answering nämnd's steps with a remiss: anmäld, beslut (or återremiss), expediering.

The committee side reports a nämnd's beslut and expediering through `nameden.arendekallor`
(`remiss.namndkoppling` calls the services here). Each nämnd's state is its own
`Namndbehandling` row; the remiss's status follows from all of them:

- it becomes **beslutad** when every answering nämnd has decided (until then it stays
  attesterad, and the case page shows who has);
- it becomes **besvarad** when every nämnd's decision has been expedierad;
- an **återremiss** sends it back to beredning (ATERREMITTERA voids the attestation exactly as
  ATEROPPNA does) with the nämnd's words, and that nämnd must have it anmäld and decide again.

The other nämnders' decisions stand when one nämnd återremitterar: a nämnd's beslut is its own
act, which neither the förvaltning nor another nämnd can undo, and the document it decided on
stays with its punkt on the committee side (the handlingar are copies). Those nämnder are not
asked again; the new tjänsteutlåtande goes only to the nämnd that sent it back.

Every refusal is `StegetGarInte` in the interface's own terms; the committee side cannot know
remiss's exceptions.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from nameden import svenska, textkontroll
from nameden.arendekallor import Beslut, Beslutsslag, Expediering, StegetGarInte
from nameden.historik import save_tracked
from nameden.models import Namnd, Sammantrade
from remiss import events, notifieringar, validering
from remiss.models import Namndbehandling, Remiss
from remiss.services.arbetsflode import BESLUTSTEXT_MAX_TECKEN, remiss_besluta, remiss_expediera
from remiss.services.attestering import upphav_attest
from remiss.services.las import las_arende
from remiss.workflow import Action, Status

NB = Namndbehandling.Status
#: A case that is closed takes no more steps from the nämnder.
STANGDA = frozenset({Status.AVSLUTAD, Status.AVSKRIVEN})
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
PARAGRAF_MAX = Namndbehandling._meta.get_field("paragraf").max_length


def var_beslutat(behandling: Namndbehandling) -> str:
    """ " (§ 45, 2024-04-23)": where the beslut stands, for sentences; "" if nothing is known."""
    delar = [behandling.paragraf]
    if behandling.sammantradesdatum:
        delar.append(svenska.datum_i_huvud(behandling.sammantradesdatum))
    delar = [d for d in delar if d]
    return f" ({', '.join(delar)})" if delar else ""


def alla_har_beslutat(remiss: Remiss) -> bool:
    """Has every answering nämnd a beslut that stands (not återremiss)?"""
    return _alla(remiss, Namndbehandling.BESLUTADE)


def alla_har_expedierat(remiss: Remiss) -> bool:
    return _alla(remiss, {NB.EXPEDIERAD})


def _alla(remiss: Remiss, statuses) -> bool:
    svarar = set(remiss.namnder.values_list("pk", flat=True))
    klara = set(
        remiss.namndbehandlingar.filter(status__in=statuses).values_list("namnd_id", flat=True)
    )
    return bool(svarar) and svarar <= klara


def _las_behandling(remiss: Remiss, namnd: Namnd) -> Namndbehandling | None:
    return (
        Namndbehandling.objects.select_for_update(of=("self",))
        .select_related("namnd")
        .filter(remiss=remiss, namnd=namnd)
        .first()
    )


def _oppen(remiss: Remiss) -> None:
    if remiss.status in STANGDA:
        raise StegetGarInte(
            f"Remissen är {Status(remiss.status).label.lower()} och tar inte emot fler steg "
            "från nämnderna."
        )


# --- Anmäld -----------------------------------------------------------------------------------


def namnd_anmald(*, user, remiss: Remiss, sammantrade: Sammantrade) -> Namndbehandling:
    """Record that `remiss` is anmäld to `sammantrade` of an answering nämnd. Called by
    `remiss_anmal_till_sammantrade` inside its transaction, with the remiss locked.

    A nämnd that has decided (and not sent it back) is not asked again: ValidationError."""
    namnd = sammantrade.namnd
    behandling = _las_behandling(remiss, namnd)
    if behandling is not None and behandling.har_beslutat:
        raise ValidationError(
            {
                "sammantrade": f"{namnd} har redan beslutat i ärendet"
                f"{var_beslutat(behandling)} och behöver inte få det igen."
            }
        )
    if behandling is None:
        behandling = Namndbehandling(remiss=remiss, namnd=namnd)
        reason = f"Anmäldes till {namnd}"
    else:
        reason = f"Anmäldes på nytt till {namnd}"
    # A new round: what an earlier återremiss said is kept in the history and the timeline.
    behandling.status = NB.ANMALD
    behandling.sammantrade = sammantrade
    behandling.anmald_at = timezone.now()
    behandling.anmald_av = user
    behandling.beslut_slag = behandling.beslut_text = behandling.paragraf = ""
    behandling.sammantradesdatum = behandling.beslutat_at = behandling.beslutat_av = None
    save_tracked(behandling, user=user, reason=f"{reason} {sammantrade.datum:%Y-%m-%d}")
    return behandling


# --- Beslut -----------------------------------------------------------------------------------


def _beslutets_varden(beslut: Beslut) -> dict:
    """The beslut as it may be stored, or ValidationError in Swedish per field."""
    try:
        slag = Beslutsslag(beslut.slag)
    except ValueError:
        raise ValidationError({"slag": "Okänt slags beslut."}) from None
    text = validering.kommentar(
        beslut.text, falt="text", etikett="Beslutets text", max_tecken=BESLUTSTEXT_MAX_TECKEN
    )
    if not text:
        raise ValidationError({"text": "Beslutet saknar text."})
    paragraf = textkontroll.kontrollera(beslut.paragraf or "", etikett="Paragraf")
    if len(paragraf) > PARAGRAF_MAX:
        raise ValidationError({"paragraf": f"Paragrafen får vara högst {PARAGRAF_MAX} tecken."})
    return {
        "beslut_slag": slag.value,
        "beslut_text": text,
        "paragraf": paragraf,
        "sammantradesdatum": beslut.sammantradesdatum,
    }


def _samma_beslut(behandling: Namndbehandling, varden: dict) -> bool:
    return all(getattr(behandling, falt) == varde for falt, varde in varden.items())


@transaction.atomic
def namnd_beslut(*, remiss: Remiss, namnd: Namnd, beslut: Beslut, user=None) -> Namndbehandling:
    """`namnd` has decided `remiss` (reported when its paragraf is justerad).

    The same beslut reported again changes nothing (a retried call, a protokoll justerat
    anew without change). A changed beslut before expediering (the protokoll was changed and
    justerat again) replaces the recorded one, in the timeline as changed; after expediering,
    or once the nämnd has återremitterat, it is refused: the nämnd must have it anmäld again.
    """
    remiss = las_arende(remiss)
    varden = _beslutets_varden(beslut)
    _oppen(remiss)
    behandling = _las_behandling(remiss, namnd)
    if behandling is None:
        raise StegetGarInte(
            f"Remissen är inte anmäld till {svenska.genitiv(namnd.namn)} sammanträde, så "
            "nämnden kan inte ha beslutat i den."
        )
    if behandling.status != NB.ANMALD:
        if _samma_beslut(behandling, varden):
            return behandling
        return _andrat_beslut(
            remiss=remiss,
            behandling=behandling,
            varden=varden,
            user=user,
            justerat_at=beslut.justerat_at,
        )
    _registrera_beslut(behandling, varden, user=user, justerat_at=beslut.justerat_at)
    if varden["beslut_slag"] == Beslutsslag.ATERREMISS:
        return _aterremiss(remiss=remiss, behandling=behandling, user=user)
    behandling.status = NB.BESLUTAD
    save_tracked(behandling, user=user, reason=f"Beslut{var_beslutat(behandling)}")
    events.record(
        remiss,
        "namnd_beslut",
        user=user,
        kommentar=behandling.beslut_text,
        namnd=namnd.namn,
        var=var_beslutat(behandling),
        slag=behandling.get_beslut_slag_display().lower(),
    )
    if remiss.status == Status.ATTESTERAD and alla_har_beslutat(remiss):
        remiss_besluta(remiss=remiss, user=user, kommentar="Alla nämnder som svarar har beslutat.")
    return behandling


def _registrera_beslut(
    behandling: Namndbehandling, varden: dict, *, user, justerat_at=None
) -> None:
    for falt, varde in varden.items():
        setattr(behandling, falt, varde)
    # The beslut counts from its justering (when the källa is told, or, for an import, then).
    behandling.beslutat_at = justerat_at or timezone.now()
    behandling.beslutat_av = user if user is not None and user.is_authenticated else None


def _andrat_beslut(*, remiss, behandling: Namndbehandling, varden: dict, user, justerat_at=None):
    namnd = behandling.namnd
    if behandling.status == NB.EXPEDIERAD:
        raise StegetGarInte(
            f"{svenska.genitiv(namnd.namn)} beslut{var_beslutat(behandling)} är redan "
            "expedierat och kan inte ändras."
        )
    if behandling.status == NB.ATERREMITTERAD:
        raise StegetGarInte(
            f"{namnd} återremitterade ärendet{var_beslutat(behandling)}. Det behöver anmälas "
            "till ett sammanträde igen innan nämnden kan besluta."
        )
    if varden["beslut_slag"] == Beslutsslag.ATERREMISS:
        raise StegetGarInte(
            f"{svenska.genitiv(namnd.namn)} beslut{var_beslutat(behandling)} är redan "
            "registrerat och kan inte bli en återremiss."
        )
    _registrera_beslut(behandling, varden, user=user, justerat_at=justerat_at)
    save_tracked(behandling, user=user, reason=f"Beslutet ändrades{var_beslutat(behandling)}")
    events.record(
        remiss,
        "namnd_beslut_andrat",
        user=user,
        kommentar=behandling.beslut_text,
        namnd_genitiv=svenska.genitiv(namnd.namn),
        var=var_beslutat(behandling),
        slag=behandling.get_beslut_slag_display().lower(),
    )
    return behandling


def _aterremiss(*, remiss: Remiss, behandling: Namndbehandling, user) -> Namndbehandling:
    """The nämnd sent the case back: its state is återremitterad, the timeline keeps its
    words, the handläggare is told, and an attested case goes back to beredning with its
    attestation voided (ATERREMITTERA, through the same path as ATEROPPNA). A case already
    back in beredning (another nämnd sent it back first) only gets the words."""
    namnd = behandling.namnd
    var = var_beslutat(behandling)
    behandling.status = NB.ATERREMITTERAD
    save_tracked(behandling, user=user, reason=f"Återremitterades{var}")
    events.record(
        remiss,
        "namnd_aterremiss",
        user=user,
        kommentar=behandling.beslut_text,
        namnd=namnd.namn,
        var=var,
    )
    if remiss.status == Status.ATTESTERAD:
        upphav_attest(
            user=user,
            tu=remiss.tjansteutlatande,
            orsak=f"{namnd} återremitterade ärendet{var}",
            action=Action.ATERREMITTERA,
        )
    notifieringar.aterremitterad(
        remiss=remiss, namnd=namnd.namn, var=var.strip(), text=behandling.beslut_text
    )
    return behandling


# --- Expediering ------------------------------------------------------------------------------


def _expedieringens_varden(expediering: Expediering) -> dict:
    """The expediering as it may be stored, or ValidationError in Swedish."""
    mottagare = [str(m).strip() for m in expediering.mottagare or ()]
    if not mottagare:
        raise ValidationError({"mottagare": "Expedieringen saknar mottagare."})
    for adress in mottagare:
        try:
            validate_email(adress)
        except ValidationError:
            raise ValidationError(
                {"mottagare": f"”{adress[:80]}” är ingen giltig e-postadress."}
            ) from None
    skickat_at = expediering.skickat_at
    if skickat_at is None or timezone.is_naive(skickat_at):
        raise ValidationError({"skickat_at": "Expedieringen saknar tidpunkt med tidszon."})
    filer = []
    for nummer, fil in enumerate(expediering.filer or (), start=1):
        titel = textkontroll.kontrollera(fil.titel or "", etikett=f"Fil {nummer}")
        filnamn = textkontroll.kontrollera(fil.filnamn or "", etikett=f"Fil {nummer}")
        if not titel or not filnamn:
            raise ValidationError({"filer": f"Fil {nummer} saknar titel eller filnamn."})
        if not _SHA256.match(str(fil.sha256)) or not isinstance(fil.storlek, int):
            raise ValidationError({"filer": f"Fil {nummer} saknar giltig SHA-256 eller storlek."})
        if fil.storlek < 0:
            raise ValidationError({"filer": f"Fil {nummer} har en negativ storlek."})
        filer.append(
            {"titel": titel, "filnamn": filnamn, "sha256": fil.sha256, "storlek": fil.storlek}
        )
    return {"mottagare": mottagare, "expedierad_at": skickat_at, "filer": filer}


def _filer_i_text(filer: list[dict]) -> str:
    if not filer:
        return "inga filer"
    return ", ".join(f"{f['titel']} (SHA-256 {f['sha256'][:12]})" for f in filer)


@transaction.atomic
def namnd_expedierad(
    *, remiss: Remiss, namnd: Namnd, expediering: Expediering, user=None
) -> Namndbehandling:
    """`namnd`'s decision has been sent: to whom, when, which files with their SHA-256.

    Refused before that nämnd's beslut (or after it återremitterade). A second expediering
    of the same decision (to a corrected address) is recorded too; the row keeps the latest
    and its history every one. The remiss becomes besvarad with the last nämnd's expediering.
    """
    remiss = las_arende(remiss)
    varden = _expedieringens_varden(expediering)
    _oppen(remiss)
    behandling = _las_behandling(remiss, namnd)
    if behandling is None or behandling.status == NB.ANMALD:
        raise StegetGarInte(
            f"{svenska.genitiv(namnd.namn)} beslut är inte registrerat, så det finns inget "
            "att expediera än."
        )
    if behandling.status == NB.ATERREMITTERAD:
        raise StegetGarInte(
            f"{namnd} återremitterade ärendet{var_beslutat(behandling)}; det finns inget svar "
            "att expediera."
        )
    for falt, varde in varden.items():
        setattr(behandling, falt, varde)
    behandling.expedierad_av = user if user is not None and user.is_authenticated else None
    behandling.status = NB.EXPEDIERAD
    save_tracked(
        behandling, user=user, reason=f"Expedierades till {', '.join(varden['mottagare'])}"
    )
    events.record(
        remiss,
        "namnd_expedierad",
        user=user,
        namnd_genitiv=svenska.genitiv(namnd.namn),
        mottagare=", ".join(varden["mottagare"]),
        filer=_filer_i_text(varden["filer"]),
    )
    if remiss.status == Status.BESLUTAD and alla_har_expedierat(remiss):
        remiss_expediera(
            remiss=remiss,
            user=user,
            kommentar="Alla nämnders beslut är expedierade.",
        )
    return behandling
