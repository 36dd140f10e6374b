"""At the meeting: start the protokollföring (upprop and § numbers) and keep the närvaro.

Every service here (and in `motet_beslut`, `motet_omrostning`) locks the sammanträde row
first (`nameden.services.las`), checks `Action.PROTOKOLLFORA` (the sekreterare of the serving
förvaltning, while the sammanträde is kallat or genomfört), validates in Swedish, saves with
history, records the sammanträde's event and tells the protokoll its content changed
(`protokollandring.innehall_andrat`), so a justering given so far no longer holds.

Närvaro: one row per person and part of the meeting (see `nameden.models.motet.Narvaro`).
The upprop makes one row per uppdrag valid on the meeting's day: the presidium and the
ledamöter present and serving, the ersättare present and not serving. `narvaro_andra` sets
one person's närvaro for the whole meeting or from one § to another, splitting and merging
their rows, so "left after § 5" is two rows. An ersättare serves for a ledamot of the same
meeting who does not serve there (absent, or jävig in every such §), and a ledamot is
replaced by at most one ersättare at a time.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from nameden import events, policy, textkontroll
from nameden.historik import delete_tracked, save_tracked
from nameden.models import (
    Fortroendevald,
    Jav,
    Narvaro,
    OvrigNarvarande,
    Paragraf,
    Sammantrade,
    Uppdrag,
)
from nameden.services import motet_selectors as urval
from nameden.services import paragrafer, protokollandring
from nameden.services.las import las_sammantrade
from nameden.workflow import Action

R = Uppdrag.Roll


# --- Building blocks the meeting's services share ---------------------------------------------


def las_for_protokoll(sammantrade: Sammantrade, *, user) -> Sammantrade:
    """Lock the sammanträde and check that `user` may keep its protokoll now."""
    sammantrade = las_sammantrade(sammantrade)
    policy.require(user, Action.PROTOKOLLFORA, sammantrade)
    return sammantrade


def las_paragraf(paragraf: Paragraf, *, user) -> tuple[Paragraf, Sammantrade]:
    """The paragraf re-read under its sammanträde's lock, after the policy check."""
    punkt = paragraf.punkt
    sammantrade = las_for_protokoll(Sammantrade(pk=punkt.sammantrade_id), user=user)
    paragraf = Paragraf.objects.select_related("punkt__arende").get(pk=paragraf.pk)
    paragraf.punkt.sammantrade = sammantrade
    return paragraf, sammantrade


def andrat(sammantrade: Sammantrade, *, user, vad: str) -> None:
    """The last step of every write here: the protokoll's content changed."""
    protokollandring.innehall_andrat(sammantrade, user=user, vad=vad)


def nummerspann(nya: list[Paragraf]) -> str:
    if len(nya) == 1:
        return f"§ {nya[0].nummer}"
    return f"§ {nya[0].nummer}–{nya[-1].nummer}"


# --- Start: upprop and paragraph numbers ------------------------------------------------------


def uppdrag_pa_dagen(sammantrade: Sammantrade):
    """The nämnd's uppdrag valid on the meeting's day."""
    return Uppdrag.objects.filter(
        namnd_id=sammantrade.namnd_id, fran__lte=sammantrade.datum, till__gte=sammantrade.datum
    ).select_related("fortroendevald")


@dataclass(frozen=True)
class Oppnad:
    """What `protokollforing_oppna` did: who was added to the närvarolista, which new §."""

    narvaro: list[Narvaro]
    paragrafer: list[Paragraf]


@transaction.atomic
def protokollforing_oppna(*, user, sammantrade: Sammantrade) -> Oppnad:
    """Start (or bring up to date) the protokoll of `sammantrade`: everyone with an uppdrag in
    the nämnd on the day who is not yet in the närvarolista is added (ordförande, vice and
    ledamöter present and serving, ersättare present), and every punkt on the list without a
    § gets the next number of the nämnd's series, in agenda order. Safe to repeat: it adds
    only what is missing, e.g. a punkt added during the meeting."""
    sammantrade = las_for_protokoll(sammantrade, user=user)
    redan = set(
        Narvaro.objects.filter(sammantrade=sammantrade).values_list("fortroendevald_id", flat=True)
    )
    nya_narvaro = []
    for uppdrag in sorted(
        uppdrag_pa_dagen(sammantrade),
        key=lambda u: (urval.ROLL_ORDNING[u.roll], u.fortroendevald.namn),
    ):
        if uppdrag.fortroendevald_id in redan:
            continue
        ersattare = uppdrag.roll == R.ERSATTARE
        narvaro = Narvaro(
            sammantrade=sammantrade,
            fortroendevald=uppdrag.fortroendevald,
            roll=uppdrag.roll,
            narvarande=True,
            tjanstgor=not ersattare,
        )
        save_tracked(narvaro, user=user, reason="Upprop")
        nya_narvaro.append(narvaro)
    nya_paragrafer = paragrafer.numrera(sammantrade, user=user)
    if not nya_narvaro and not nya_paragrafer:
        raise ValidationError(
            "Närvarolistan och paragrafnumren är redan klara: det finns inget att lägga till."
        )
    if nya_narvaro:
        events.record(sammantrade, "upprop", user=user, antal=len(nya_narvaro))
    if nya_paragrafer:
        events.record(
            sammantrade, "paragrafer_numrerade", user=user, nummer=nummerspann(nya_paragrafer)
        )
    andrat(sammantrade, user=user, vad="närvaro och paragrafer")
    return Oppnad(narvaro=nya_narvaro, paragrafer=nya_paragrafer)


# --- Närvaro ---------------------------------------------------------------------------------


@dataclass
class _Del:
    """One person's närvaro over part of the meeting, as § numbers (open ends as keys)."""

    fran: int
    till: int
    narvarande: bool
    tjanstgor: bool
    tjanstgor_for_id: int | None

    def varden(self) -> tuple:
        return (self.narvarande, self.tjanstgor, self.tjanstgor_for_id)

    def overlappar(self, fran: int, till: int) -> bool:
        return self.fran <= till and fran <= self.till


def _del(narvaro: Narvaro) -> _Del:
    return _Del(
        urval.fran_nummer(narvaro),
        urval.till_nummer(narvaro),
        narvaro.narvarande,
        narvaro.tjanstgor,
        narvaro.tjanstgor_for_id,
    )


class _Nummer:
    """The meeting's § numbers in order, to find the one before and after a boundary."""

    def __init__(self, paragrafer_i_ordning: list[Paragraf]):
        self.paragrafer = paragrafer_i_ordning
        self.nummer = [p.nummer for p in paragrafer_i_ordning]
        self.punkt_for = {p.nummer: p.punkt for p in paragrafer_i_ordning}

    def fore(self, nummer: int) -> int | None:
        tidigare = [n for n in self.nummer if n < nummer]
        return tidigare[-1] if tidigare else None

    def efter(self, nummer: int) -> int | None:
        senare = [n for n in self.nummer if n > nummer]
        return senare[0] if senare else None

    def inom(self, fran: int, till: int) -> list[int]:
        return [n for n in self.nummer if fran <= n <= till]


def _las_in(delar: list[_Del], ny: _Del, nummer: _Nummer) -> list[_Del]:
    """`delar` with `ny` laid over them: what it covers is cut out of the others."""
    ut = []
    for d in delar:
        if not d.overlappar(ny.fran, ny.till):
            ut.append(d)
            continue
        if d.fran < ny.fran and (fore := nummer.fore(ny.fran)) is not None:
            ut.append(_Del(d.fran, fore, *d.varden()))
        if d.till > ny.till and (efter := nummer.efter(ny.till)) is not None:
            ut.append(_Del(efter, d.till, *d.varden()))
    ut.append(ny)
    ut.sort(key=lambda d: d.fran)
    # Neighbours that now say the same thing become one row again.
    sammanslagna: list[_Del] = []
    for d in ut:
        if sammanslagna and sammanslagna[-1].varden() == d.varden():
            sammanslagna[-1].till = d.till
        else:
            sammanslagna.append(d)
    return sammanslagna


def _namn(person: Fortroendevald) -> str:
    return person.namn


def _del_text(fran: Paragraf | None, till: Paragraf | None) -> str:
    if fran is None and till is None:
        return ""
    if till is None:
        return f" från och med § {fran.nummer}"
    if fran is None:
        return f" till och med § {till.nummer}"
    if fran.nummer == till.nummer:
        return f" i § {fran.nummer}"
    return f" i § {fran.nummer}–{till.nummer}"


@transaction.atomic
def narvaro_andra(
    *,
    user,
    sammantrade: Sammantrade,
    fortroendevald: Fortroendevald,
    narvarande: bool,
    tjanstgor_for: Fortroendevald | None = None,
    fran: Paragraf | None = None,
    till: Paragraf | None = None,
) -> list[Narvaro]:
    """Set `fortroendevald`'s närvaro from § `fran` to § `till` (None: from the start / to
    the end): present or absent, and for an ersättare for whom they serve (none: present
    without serving). Returns the person's rows afterwards."""
    sammantrade = las_for_protokoll(sammantrade, user=user)
    rader = list(urval.narvaro_rader(sammantrade))
    egna = sorted(
        (n for n in rader if n.fortroendevald_id == fortroendevald.pk), key=urval.fran_nummer
    )
    if not egna:
        raise ValidationError(
            {"fortroendevald": "Personen finns inte i närvarolistan för sammanträdet."}
        )
    roll = egna[0].roll
    nummer = _Nummer(list(urval.paragrafer_att_valja(sammantrade)))
    errors: dict[str, str] = {}
    for namn, paragraf in (("fran", fran), ("till", till)):
        if paragraf is not None and paragraf.nummer not in nummer.punkt_for:
            errors[namn] = "Välj en paragraf i det här sammanträdet."
    if errors:
        raise ValidationError(errors)
    if fran is not None and till is not None and till.nummer < fran.nummer:
        raise ValidationError({"till": "Sista paragrafen kan inte komma före den första."})
    a = fran.nummer if fran is not None else urval.FORE_FORSTA
    b = till.nummer if till is not None else urval.EFTER_SISTA
    if b != urval.EFTER_SISTA and nummer.efter(b) is None:
        b = urval.EFTER_SISTA  # to the last § is to the end, also for § added later

    if roll != R.ERSATTARE and tjanstgor_for is not None:
        raise ValidationError(
            {"tjanstgor_for": "Bara en ersättare kan tjänstgöra för någon annan."}
        )
    if tjanstgor_for is not None and not narvarande:
        raise ValidationError(
            {"tjanstgor_for": "En ersättare som inte är närvarande kan inte tjänstgöra."}
        )
    tjanstgor = narvarande and (roll != R.ERSATTARE or tjanstgor_for is not None)
    if tjanstgor_for is not None:
        _ersattare_far_tjanstgora(
            rader, sammantrade, ersattare=fortroendevald, ledamot=tjanstgor_for, a=a, b=b, n=nummer
        )
    if narvarande and roll != R.ERSATTARE:
        ersatt = next(
            (
                n
                for n in rader
                if n.tjanstgor_for_id == fortroendevald.pk
                and n.narvarande
                and _del(n).overlappar(a, b)
            ),
            None,
        )
        if ersatt is not None:
            raise ValidationError(
                f"{_namn(ersatt.fortroendevald)} tjänstgör för {_namn(fortroendevald)} under "
                "den delen av sammanträdet. Ändra först ersättarens närvaro."
            )

    ny = _Del(a, b, narvarande, tjanstgor, tjanstgor_for.pk if tjanstgor_for else None)
    delar = _las_in([_del(n) for n in egna], ny, nummer)
    if [d.__dict__ for d in delar] == [_del(n).__dict__ for n in egna]:
        return egna
    vad = _vad(narvarande, tjanstgor_for)
    reason = f"Närvaro{_del_text(fran, till)}: {vad}"
    ut = []
    for i, d in enumerate(delar):
        rad = (
            egna[i]
            if i < len(egna)
            else Narvaro(sammantrade=sammantrade, fortroendevald=fortroendevald, roll=roll)
        )
        rad.narvarande, rad.tjanstgor, rad.tjanstgor_for_id = d.varden()
        rad.fran_punkt = nummer.punkt_for.get(d.fran)
        rad.till_punkt = nummer.punkt_for.get(d.till)
        save_tracked(rad, user=user, reason=reason)
        ut.append(rad)
    for overflodig in egna[len(delar) :]:
        delete_tracked(overflodig, user=user, reason=reason)
    events.record(
        sammantrade,
        "narvaro_andrad",
        user=user,
        namn=_namn(fortroendevald),
        del_=_del_text(fran, till),
        vad=vad,
    )
    andrat(sammantrade, user=user, vad="närvaro")
    return ut


def _vad(narvarande: bool, tjanstgor_for: Fortroendevald | None) -> str:
    if not narvarande:
        return "inte närvarande"
    if tjanstgor_for is not None:
        return f"tjänstgör för {_namn(tjanstgor_for)}"
    return "närvarande"


def _ersattare_far_tjanstgora(rader, sammantrade, *, ersattare, ledamot, a, b, n) -> None:
    """An ersättare serves for a ledamot of this meeting who does not serve in any § of the
    part (absent, or jävig in it), and whom no other ersättare replaces there."""
    ledamotens = [r for r in rader if r.fortroendevald_id == ledamot.pk]
    if not ledamotens or ledamotens[0].roll == R.ERSATTARE:
        raise ValidationError(
            {
                "tjanstgor_for": "Välj en ledamot i nämnden (ordförande, vice ordförande eller "
                "ledamot) som finns i närvarolistan."
            }
        )
    javig_i = set(
        Jav.objects.filter(
            paragraf__punkt__sammantrade=sammantrade, fortroendevald=ledamot
        ).values_list("paragraf__nummer", flat=True)
    )
    upptagen = [nr for nr in n.inom(a, b) if _tjanstgor_i(ledamotens, nr) and nr not in javig_i]
    if b == urval.EFTER_SISTA and _tjanstgor_i(ledamotens, urval.EFTER_SISTA):
        upptagen.append(urval.EFTER_SISTA)
    if upptagen:
        var = "" if upptagen[0] == urval.EFTER_SISTA else f" i § {upptagen[0]}"
        raise ValidationError(
            {
                "tjanstgor_for": f"{_namn(ledamot)} tjänstgör själv{var}. En ersättare kan "
                "bara tjänstgöra för en ledamot som är frånvarande eller jävig."
            }
        )
    annan = next(
        (
            r
            for r in rader
            if r.tjanstgor_for_id == ledamot.pk
            and r.fortroendevald_id != ersattare.pk
            and r.narvarande
            and _del(r).overlappar(a, b)
        ),
        None,
    )
    if annan is not None:
        raise ValidationError(
            {
                "tjanstgor_for": f"{_namn(annan.fortroendevald)} tjänstgör redan för "
                f"{_namn(ledamot)} under den delen av sammanträdet."
            }
        )


def _tjanstgor_i(rader, nummer: int) -> bool:
    return any(r.narvarande and r.tjanstgor and urval.galler(r, nummer) for r in rader)


# --- Övriga närvarande -----------------------------------------------------------------------

_OVRIG_MAX = {f: OvrigNarvarande._meta.get_field(f).max_length for f in ("namn", "titel")}
_OVRIG_MAX["paragrafer"] = OvrigNarvarande._meta.get_field("paragrafer").max_length
_OVRIG_ETIKETT = {"namn": "Namn", "titel": "Titel eller funktion", "paragrafer": "Paragrafer"}


@transaction.atomic
def ovrig_narvarande_lagg_till(
    *, user, sammantrade: Sammantrade, namn: str, titel: str = "", paragrafer: str = ""
) -> OvrigNarvarande:
    """Someone present who is not a member (a tjänsteperson, the sekreterare, a guest);
    `paragrafer` as the protokoll prints it ("§ 5–7"), empty for the whole meeting."""
    sammantrade = las_for_protokoll(sammantrade, user=user)
    fel = textkontroll.Textfel()
    texter = {
        f: fel.rad(f, v, etikett=_OVRIG_ETIKETT[f])
        for f, v in (("namn", namn), ("titel", titel), ("paragrafer", paragrafer))
    }
    extra = {
        f: f"{_OVRIG_ETIKETT[f]} får vara högst {_OVRIG_MAX[f]} tecken."
        for f, v in texter.items()
        if f not in fel.fel and len(v or "") > _OVRIG_MAX[f]
    }
    if not (texter["namn"] or "").strip() and "namn" not in fel.fel:
        extra["namn"] = "Skriv namnet på den som är närvarande."
    fel.raise_if_any(extra)
    ovrig = OvrigNarvarande(sammantrade=sammantrade, **texter)
    save_tracked(ovrig, user=user, reason="Övrig närvarande")
    events.record(sammantrade, "ovrig_narvarande_tillagd", user=user, namn=ovrig.namn)
    andrat(sammantrade, user=user, vad="övriga närvarande")
    return ovrig


@transaction.atomic
def ovrig_narvarande_ta_bort(*, user, ovrig: OvrigNarvarande) -> None:
    sammantrade = las_for_protokoll(Sammantrade(pk=ovrig.sammantrade_id), user=user)
    ovrig = OvrigNarvarande.objects.get(pk=ovrig.pk, sammantrade=sammantrade)
    delete_tracked(ovrig, user=user, reason="Togs bort ur närvarolistan")
    events.record(sammantrade, "ovrig_narvarande_borttagen", user=user, namn=ovrig.namn)
    andrat(sammantrade, user=user, vad="övriga närvarande")
