"""The protokoll: its own fields, digital justering, omedelbar justering and the freeze.

- `protokoll_andra` (sekreterare, Action.PROTOKOLLFORA): ordförande, 1–2 justerare, the day
  and place of justering (the day no later than kommunallagen's last day), förvaringsplats.
- `protokoll_justera` (the protokoll's ordförande or justerare, Action.JUSTERA_PROTOKOLL):
  one person's justering, bound to the fingerprint of the content they read. The last one
  freezes the protokoll (`_frys`): full and public PDF/A rendered, validated and stored with
  their SHA-256, the system transition JUSTERA taken, and each beslut told to its källa.
- `paragraf_justera`: omedelbar justering of one § at the meeting, bound to that §'s own
  fingerprint; when the ordförande and every justerare have justerat it, its beslut is told
  to its källa at once.

**Late justering.** Justering within fourteen days (KL 6 kap. 35 §) is an ordningsföreskrift:
a protokoll justerat later is still justerat and its beslut stand, and the appeal time runs
from the anslag. So the day *planned* for justering may not be after the last day (the
sekreterare plans within the law), but a justering made after it is accepted only with a
stated reason (`sen_skal`), which the protokoll prints beside that person's justering.
"""

import datetime as dt
import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from nameden import arendekallor, events, policy, textkontroll
from nameden.historik import save_tracked
from nameden.kommunallag import sista_dag_for_justering
from nameden.models import Fortroendevald, Justering, Narvaro, Paragraf, Protokoll, Sammantrade
from nameden.models.protokoll import Beslutsrapport
from nameden.pdf import validate_pdfa
from nameden.protokoll import fingeravtryck as fa
from nameden.protokoll import lage
from nameden.protokoll.innehall import ProtokollInnehall, protokoll_innehall
from nameden.protokoll.pdf import protokoll_pdf
from nameden.services.las import las_sammantrade
from nameden.services.protokollandring import innehall_andrat
from nameden.svenska import antal, genitiv
from nameden.workflow import Action, Status, target_of

logger = logging.getLogger(__name__)

B = Paragraf.Beslutsslag
#: The beslut a källa is told of, in its own terms. Bordläggning and noterat decide nothing
#: about the ärende, so the källa hears nothing of them.
RAPPORTERAS: dict[str, arendekallor.Beslutsslag] = {
    B.BIFALL: arendekallor.Beslutsslag.BIFALL,
    B.ANDRAT: arendekallor.Beslutsslag.ANDRAT,
    B.AVSLAG: arendekallor.Beslutsslag.AVSLAG,
    B.ATERREMISS: arendekallor.Beslutsslag.ATERREMISS,
}

MAX_JUSTERARE = 2
_PLATS_MAX = Protokoll._meta.get_field("justering_plats").max_length
_FORVARING_MAX = Protokoll._meta.get_field("forvaringsplats").max_length
_SKAL_MAX = Justering._meta.get_field("sen_skal").max_length


class InnehalletAndrat(ValidationError):
    """The protokoll changed between the justerare reading it and confirming: nothing is
    recorded, so no one justerar a text they have not seen (the page answers 409)."""

    def __init__(self):
        super().__init__(
            "Protokollet har ändrats sedan du öppnade det. Läs det som det ser ut nu och "
            "justera igen."
        )


# --- Reading ----------------------------------------------------------------------------------


def protokoll_for(sammantrade: Sammantrade) -> Protokoll | None:
    return (
        Protokoll.objects.select_related("ordforande", "sekreterare")
        .prefetch_related("justerare")
        .filter(sammantrade_id=sammantrade.pk)
        .first()
    )


def tjanstgorande(sammantrade: Sammantrade):
    """The förtroendevalda who were present and served at the meeting: who may be
    ordförande or justerare."""
    ids = Narvaro.objects.filter(
        sammantrade_id=sammantrade.pk, narvarande=True, tjanstgor=True
    ).values("fortroendevald_id")
    return Fortroendevald.objects.filter(pk__in=ids).order_by("namn", "pk")


def standard_ordforande(sammantrade: Sammantrade) -> Fortroendevald | None:
    """The nämnd's ordförande if present and serving, else its vice ordförande."""
    for roll in ("ordforande", "vice_ordforande"):
        rad = (
            Narvaro.objects.filter(
                sammantrade_id=sammantrade.pk, narvarande=True, tjanstgor=True, roll=roll
            )
            .select_related("fortroendevald")
            .first()
        )
        if rad is not None:
            return rad.fortroendevald
    return None


def standard_forvaringsplats(sammantrade: Sammantrade) -> str:
    """ "Socialförvaltningens kansli": where the serving förvaltning keeps the original."""
    return f"{genitiv(sammantrade.namnd.forvaltning.namn)} kansli"


def fingeravtryck_nu(sammantrade: Sammantrade, protokoll: Protokoll | None, *, paragraf=None):
    """The fingerprint a justering page shows (of the whole protokoll or of one §)."""
    innehall = protokoll_innehall(sammantrade, protokoll)
    if paragraf is None:
        return fa.fingeravtryck(innehall)
    return fa.paragraf_fingeravtryck(innehall, paragraf.pk)


# --- The protokoll's own fields -----------------------------------------------------------


def _text(text: str, *, etikett: str, max_langd: int, falt: str, errors: dict) -> str:
    try:
        text = textkontroll.kontrollera(text or "", etikett=etikett, dokument=True)
    except ValidationError as exc:
        errors[falt] = exc.messages[0]
        return ""
    if len(text) > max_langd:
        errors[falt] = f"{etikett} får vara högst {max_langd} tecken."
    return text


@transaction.atomic
def protokoll_andra(
    *,
    user,
    sammantrade: Sammantrade,
    ordforande: Fortroendevald | None,
    justerare,
    justering_tid: dt.date | None,
    justering_plats: str,
    forvaringsplats: str = "",
) -> Protokoll:
    """Set who justerar the protokoll, when and where. A change voids the justeringar made
    so far (they confirmed a protokoll naming other people, or another day)."""
    sammantrade = las_sammantrade(sammantrade)
    policy.require(user, Action.PROTOKOLLFORA, sammantrade)
    errors: dict[str, str] = {}
    valbara = {f.pk: f for f in tjanstgorande(sammantrade)}
    if ordforande is None:
        errors["ordforande"] = "Välj protokollets ordförande."
    elif ordforande.pk not in valbara:
        errors["ordforande"] = "Ordföranden ska vara närvarande och tjänstgöra vid sammanträdet."
    justerare = list(dict.fromkeys(justerare or []))
    if not justerare:
        errors["justerare"] = "Välj en eller två justerare."
    elif len(justerare) > MAX_JUSTERARE:
        errors["justerare"] = "Välj högst två justerare."
    elif any(j.pk not in valbara for j in justerare):
        errors["justerare"] = "Justerarna ska vara ledamöter eller ersättare som tjänstgjorde."
    elif ordforande is not None and any(j.pk == ordforande.pk for j in justerare):
        errors["justerare"] = "Ordföranden justerar redan som ordförande; välj någon annan."
    sista = sista_dag_for_justering(sammantrade.datum)
    if not isinstance(justering_tid, dt.date):
        errors["justering_tid"] = "Ange dag för justering."
    elif justering_tid < sammantrade.datum:
        errors["justering_tid"] = (
            f"Justeringen kan inte ske före sammanträdet ({sammantrade.datum:%Y-%m-%d})."
        )
    elif justering_tid > sista:
        errors["justering_tid"] = (
            f"Protokollet ska justeras senast {sista:%Y-%m-%d} (fjorton dagar efter "
            "sammanträdet, kommunallagen 6 kap. 35 §). Välj den dagen eller tidigare."
        )
    plats = _text(
        justering_plats,
        etikett="Plats för justering",
        max_langd=_PLATS_MAX,
        falt="justering_plats",
        errors=errors,
    )
    if not plats and "justering_plats" not in errors:
        errors["justering_plats"] = "Ange var justeringen sker."
    forvaring = _text(
        forvaringsplats,
        etikett="Förvaringsplats",
        max_langd=_FORVARING_MAX,
        falt="forvaringsplats",
        errors=errors,
    )
    if errors:
        raise ValidationError(errors)
    protokoll = protokoll_for(sammantrade) or Protokoll(sammantrade=sammantrade)
    fore = _installningar(protokoll) if protokoll.pk else None
    protokoll.ordforande = ordforande
    protokoll.justering_tid = justering_tid
    protokoll.justering_plats = plats
    protokoll.forvaringsplats = forvaring or standard_forvaringsplats(sammantrade)
    if protokoll.sekreterare_id is None:
        protokoll.sekreterare = user
    save_tracked(protokoll, user=user, reason="Protokollets uppgifter")
    protokoll.justerare.set(justerare)
    efter = _installningar(protokoll)
    andrade = [namn for namn in efter if fore is None or fore[namn] != efter[namn]]
    if andrade:
        events.record(sammantrade, "protokoll_andrat", user=user, falt=", ".join(andrade))
        innehall_andrat(sammantrade, user=user, vad=", ".join(andrade))
    return protokoll


def _installningar(protokoll: Protokoll) -> dict[str, object]:
    return {
        "ordförande": protokoll.ordforande_id,
        "justerare": sorted(protokoll.justerare.values_list("pk", flat=True)),
        "dag för justering": protokoll.justering_tid,
        "plats för justering": protokoll.justering_plats,
        "förvaringsplats": protokoll.forvaringsplats,
    }


# --- Justering ------------------------------------------------------------------------------


def _roll_for(user, protokoll: Protokoll) -> tuple[str, Fortroendevald]:
    """The role in which `user` justerar (the policy has already said they may)."""
    for roll, person in lage.kravda(protokoll):
        if person.user_id == user.pk:
            return roll, person
    raise ValidationError("Du är inte ordförande eller justerare för protokollet.")


def _kontrollera_fingeravtryck(nu: str, sett: str | None) -> None:
    if sett is not None and sett != nu:
        raise InnehalletAndrat()


def _las(user, sammantrade: Sammantrade) -> tuple[Sammantrade, Protokoll]:
    sammantrade = las_sammantrade(sammantrade)
    policy.require(user, Action.JUSTERA_PROTOKOLL, sammantrade)
    protokoll = protokoll_for(sammantrade)
    if protokoll is None:  # the policy's relation needs one; kept for clarity
        raise ValidationError("Protokollet har ingen ordförande eller justerare än.")
    if protokoll.justerat_at is not None:
        raise ValidationError("Protokollet är redan justerat.")
    return sammantrade, protokoll


def _komplett(innehall: ProtokollInnehall) -> None:
    if not innehall.paragrafer:
        raise ValidationError("Protokollet har inga paragrafer än.")
    utan = [f"§ {p.nummer}" for p in innehall.paragrafer if not p.slag]
    if utan:
        raise ValidationError(f"Beslut saknas i {', '.join(utan)}: protokollet kan inte justeras.")


def _sen_skal(text: str) -> str:
    try:
        text = textkontroll.kontrollera(text or "", etikett="Skäl", dokument=True)
    except ValidationError as exc:
        raise ValidationError({"sen_skal": exc.messages[0]}) from exc
    if len(text) > _SKAL_MAX:
        raise ValidationError({"sen_skal": f"Skälet får vara högst {_SKAL_MAX} tecken."})
    return text


@transaction.atomic
def protokoll_justera(
    *,
    user,
    sammantrade: Sammantrade,
    sett_fingeravtryck: str | None = None,
    sen_skal: str = "",
    idag: dt.date | None = None,
    tidpunkt: dt.datetime | None = None,
) -> Justering:
    """`user` (the protokoll's ordförande or a justerare) justerar the whole protokoll as they
    read it (`sett_fingeravtryck`; None: as it reads now). After the last day for justering
    a reason is required. The last required justering freezes the protokoll. `tidpunkt` is
    for importing historical protokoll (and the demo); it defaults to now."""
    sammantrade, protokoll = _las(user, sammantrade)
    # Only a held meeting's protokoll is justerat as a whole: the transition's own rule.
    target_of(Action.JUSTERA, sammantrade.status)
    roll, person = _roll_for(user, protokoll)
    innehall = protokoll_innehall(sammantrade, protokoll)
    _komplett(innehall)
    nu = fa.fingeravtryck(innehall)
    _kontrollera_fingeravtryck(nu, sett_fingeravtryck)
    if any(k.fortroendevald.pk == person.pk and k.klar for k in lage.lage(protokoll, innehall)):
        raise ValidationError("Du har redan justerat protokollet.")
    tidpunkt = tidpunkt or timezone.now()
    idag = idag or timezone.localdate(tidpunkt)
    sista = sista_dag_for_justering(sammantrade.datum)
    skal = _sen_skal(sen_skal) if idag > sista else ""
    if idag > sista and not skal:
        raise ValidationError(
            {
                "sen_skal": f"Sista dag för justering var {sista:%Y-%m-%d} (fjorton dagar efter "
                "sammanträdet, kommunallagen 6 kap. 35 §). Ange skälet till att protokollet "
                "justeras senare; det skrivs i protokollet."
            }
        )
    justering = Justering(
        protokoll=protokoll,
        roll=roll,
        fortroendevald=person,
        user=user,
        fingeravtryck=nu,
        fingeravtryck_format=fa.FORMAT,
        sen_skal=skal,
        justerat_at=tidpunkt,
    )
    save_tracked(justering, user=user, reason=f"Justerade protokollet som {roll}")
    roll_text = Justering.Roll(roll).label.lower()
    if skal:
        events.record(
            sammantrade,
            "protokoll_justering_sen",
            user=user,
            namn=person.namn,
            roll=roll_text,
            sista=f"{sista:%Y-%m-%d}",
            skal=skal,
        )
    else:
        events.record(
            sammantrade, "protokoll_justering", user=user, namn=person.namn, roll=roll_text
        )
    if lage.ar_justerad(lage.lage(protokoll, innehall)):
        _frys(sammantrade, protokoll, innehall, user=user, tidpunkt=tidpunkt)
    return justering


@transaction.atomic
def paragraf_justera(
    *, user, sammantrade: Sammantrade, paragraf: Paragraf, sett_fingeravtryck: str | None = None
) -> Justering:
    """Omedelbar justering: `user` justerar one § marked for it, at the meeting, as they read
    it. When everyone required has, the § is justerad and its beslut goes to its källa."""
    sammantrade, protokoll = _las(user, sammantrade)
    try:
        paragraf = Paragraf.objects.select_related("punkt__arende").get(
            pk=paragraf.pk, punkt__sammantrade_id=sammantrade.pk
        )
    except Paragraf.DoesNotExist as exc:
        raise ValidationError("Paragrafen hör inte till sammanträdet.") from exc
    if not paragraf.omedelbar_justering:
        raise ValidationError(
            f"§ {paragraf.nummer} ska inte justeras omedelbart; den justeras med protokollet."
        )
    if not paragraf.slag:
        raise ValidationError(f"§ {paragraf.nummer} har inget beslut än.")
    roll, person = _roll_for(user, protokoll)
    innehall = protokoll_innehall(sammantrade, protokoll)
    nu = fa.paragraf_fingeravtryck(innehall, paragraf.pk)
    _kontrollera_fingeravtryck(nu, sett_fingeravtryck)
    if any(
        k.fortroendevald.pk == person.pk and k.klar
        for k in lage.lage(protokoll, innehall, paragraf=paragraf)
    ):
        raise ValidationError(f"Du har redan justerat § {paragraf.nummer}.")
    justering = Justering(
        protokoll=protokoll,
        paragraf=paragraf,
        roll=roll,
        fortroendevald=person,
        user=user,
        fingeravtryck=nu,
        fingeravtryck_format=fa.PARAGRAF_FORMAT,
    )
    save_tracked(justering, user=user, reason=f"Justerade § {paragraf.nummer} omedelbart")
    events.record(
        sammantrade,
        "paragraf_justering",
        user=user,
        namn=person.namn,
        nummer=paragraf.nummer,
        roll=Justering.Roll(roll).label.lower(),
    )
    if lage.ar_justerad(lage.lage(protokoll, innehall, paragraf=paragraf)):
        events.record(sammantrade, "paragraf_justerad", user=user, nummer=paragraf.nummer)
        _rapportera(sammantrade, protokoll, [paragraf], user=user)
    return justering


# --- The freeze -----------------------------------------------------------------------------


def lagra_pdf(faltet, pdf: bytes, namn: str) -> str:
    """Write `pdf` to the file field (the row is saved by the caller); its SHA-256."""
    sha256 = hashlib.sha256(pdf).hexdigest()
    # The file is written before the row: a failed transaction leaves an orphan file, never
    # a row without its file.
    faltet.save(f"{namn}-{sha256[:12]}.pdf", ContentFile(pdf), save=False)
    return sha256


def lagra_protokollpar(rad, sammantrade: Sammantrade, protokoll: Protokoll, *, anslag=None):
    """Render the justerat protokoll, full and public (with the anslagsbevis when `anslag` is
    given), check both as PDF/A and store them in `rad`'s `fil` and `offentlig_fil` with their
    SHA-256 (a `Protokoll`, or the `Anslag`; the row is saved by the caller). Returns the full
    render (its page count goes into the timeline)."""
    full = protokoll_pdf(sammantrade, protokoll, anslag=anslag, utkast=False)
    offentlig = protokoll_pdf(sammantrade, protokoll, anslag=anslag, utkast=False, offentlig=True)
    validate_pdfa(full.pdf)
    validate_pdfa(offentlig.pdf)
    namn = f"protokoll-{sammantrade.datum:%Y-%m-%d}" + ("-anslaget" if anslag else "")
    rad.sha256 = lagra_pdf(rad.fil, full.pdf, namn)
    rad.offentlig_sha256 = lagra_pdf(rad.offentlig_fil, offentlig.pdf, f"{namn}-offentlig")
    return full


def _frys(sammantrade: Sammantrade, protokoll: Protokoll, innehall, *, user, tidpunkt=None) -> None:
    """The last justering is in: store the justerat protokoll (full and public PDF/A), move
    the sammanträde to justerat, and tell each decided ärende's källa."""
    protokoll.justerat_at = tidpunkt or timezone.now()
    protokoll.fingeravtryck = fa.fingeravtryck(innehall)
    protokoll.fingeravtryck_format = fa.FORMAT
    full = lagra_protokollpar(protokoll, sammantrade, protokoll)
    save_tracked(protokoll, user=user, reason="Protokollet justerades")
    _overga_till_justerat(sammantrade, user=user)
    events.record(
        sammantrade,
        "protokoll_justerat",
        user=user,
        sidor=antal(full.sidor, "sida", "sidor"),
        sha256=protokoll.sha256[:12] + "…",
    )
    paragrafer = Paragraf.objects.filter(punkt__sammantrade_id=sammantrade.pk).select_related(
        "punkt__arende"
    )
    _rapportera(sammantrade, protokoll, list(paragrafer.order_by("nummer")), user=user)


def _overga_till_justerat(sammantrade: Sammantrade, *, user) -> None:
    """The system transition genomfört → justerat (no user is granted it: the last
    justering takes it), recorded as `sammantrade_overga` records a user's."""
    fran = Status(sammantrade.status)
    sammantrade.status = target_of(Action.JUSTERA, sammantrade.status)
    save_tracked(sammantrade, user=user, reason=Action.JUSTERA.label)
    events.record(
        sammantrade,
        "status",
        user=user,
        fran=fran.label.lower(),
        till=Status(sammantrade.status).label.lower(),
    )


def _rapportera(sammantrade: Sammantrade, protokoll: Protokoll, paragrafer, *, user) -> None:
    """Tell each paragraf's källa its beslut, once. A källa that cannot take the step
    (the ärende is gone, or in a state where it cannot be decided) does not undo the
    justering, a legal fact: the refusal goes into the timeline for the sekreterare."""
    redan = set(
        Beslutsrapport.objects.filter(paragraf__in=[p.pk for p in paragrafer]).values_list(
            "paragraf_id", flat=True
        )
    )
    for paragraf in paragrafer:
        arende = paragraf.punkt.arende
        slag = RAPPORTERAS.get(paragraf.slag)
        if arende is None or slag is None or paragraf.pk in redan:
            continue
        beslut = arendekallor.Beslut(
            slag=slag,
            text=paragraf.beslutstext or paragraf.get_slag_display(),
            paragraf=f"§ {paragraf.nummer}",
            sammantradesdatum=sammantrade.datum,
            justerat_at=protokoll.justerat_at or timezone.now(),
        )
        namn = arende.diarienummer or arende.rubrik
        try:
            with transaction.atomic():
                arendekallor.kalla_for(arende.kalla).beslut_fattat(
                    arende.referens, beslut=beslut, av=user
                )
        except (LookupError, arendekallor.StegetGarInte) as exc:
            logger.warning("Beslutet i § %s nådde inte källan: %s", paragraf.nummer, exc)
            events.record(
                sammantrade,
                "beslut_ej_rapporterat",
                user=user,
                nummer=paragraf.nummer,
                arende=namn,
                fel=str(exc),
            )
            continue
        save_tracked(
            Beslutsrapport(protokoll=protokoll, paragraf=paragraf, slag=paragraf.slag),
            user=user,
            reason=f"Beslutet i § {paragraf.nummer} meddelat källan",
        )
        events.record(
            sammantrade, "beslut_rapporterat", user=user, nummer=paragraf.nummer, arende=namn
        )
