"""The föredragningslista: add, edit, reorder, bordlägg and withdraw punkter; anmäl ärenden.

The list is sections in a fixed order (`Punkt.TYP_ORDNING`: the opening punkter, then
beslutsärenden, anmälningsärenden, nämndens frågor); a new punkt goes to the end of its
section and a punkt moves only within its own, so the opening punkter always stay first.
`ordning` is 1, 2, 3 … without gaps and unique per sammanträde (a database constraint backs
it). Every service locks the sammanträde row first (`las_sammantraden`) and re-reads the
punkt under it, so two moves at once are applied one after the other to the order as it is.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from nameden import arendekallor, events, policy, textkontroll
from nameden.historik import save_tracked
from nameden.models import Arende, Handling, Paragraf, Punkt, Sammantrade
from nameden.services.las import las_sammantrade, las_sammantraden
from nameden.workflow import KOMMANDE_STATUSES, Action

T = Punkt.Typ


@dataclass(frozen=True)
class HandlingVarde:
    """A document to go out with an anmält ärende: its title and its bytes."""

    titel: str
    innehall: bytes


# --- Input ------------------------------------------------------------------------------------

_MAX = {f: Punkt._meta.get_field(f).max_length for f in ("rubrik", "diarienummer", "foredragande")}
_ETIKETT = {
    "rubrik": "Rubrik",
    "diarienummer": "Diarienummer",
    "foredragande": "Föredragande",
    "forslag_till_beslut": "Förslag till beslut",
}


def _texter(**texter: str) -> dict[str, str]:
    """The punkt's texts as they may be stored, or ValidationError in Swedish per field."""
    errors, ut = {}, {}
    for falt, text in texter.items():
        try:
            ut[falt] = textkontroll.kontrollera(
                text or "", etikett=_ETIKETT[falt], flerradig=falt == "forslag_till_beslut"
            )
        except ValidationError as exc:
            errors[falt] = exc.messages[0]
            continue
        if falt in _MAX and len(ut[falt]) > _MAX[falt]:
            errors[falt] = f"{_ETIKETT[falt]} får vara högst {_MAX[falt]} tecken."
    if "rubrik" in ut and not ut["rubrik"]:
        errors["rubrik"] = "Skriv punktens rubrik."
    if errors:
        raise ValidationError(errors)
    return ut


# --- The order --------------------------------------------------------------------------------


def _pa_listan(sammantrade: Sammantrade) -> list[Punkt]:
    return list(sammantrade.punkter.filter(status__in=Punkt.PA_LISTAN_STATUSES).order_by("ordning"))


def _infoga(punkt: Punkt, sammantrade: Sammantrade, *, user, reason: str) -> None:
    """Give `punkt` the place at the end of its section of `sammantrade`'s list and save it.
    Punkter after that place move down one, the last first, so no two ever share a place."""
    rang = Punkt.TYP_ORDNING[punkt.typ]
    lista = [p for p in _pa_listan(sammantrade) if p.pk != punkt.pk]
    plats = 1 + sum(1 for p in lista if Punkt.TYP_ORDNING[p.typ] <= rang)
    for senare in reversed([p for p in lista if p.ordning >= plats]):
        senare.ordning += 1
        save_tracked(senare, user=user, reason=f"Blev punkt {senare.ordning}")
    punkt.sammantrade = sammantrade
    punkt.ordning = plats
    save_tracked(punkt, user=user, reason=reason)


def _stang_luckan(sammantrade: Sammantrade, fran: int, *, user) -> None:
    """Close the gap at place `fran` (just left): the punkter after it move up one."""
    for senare in _pa_listan(sammantrade):
        if senare.ordning > fran:
            senare.ordning -= 1
            save_tracked(senare, user=user, reason=f"Blev punkt {senare.ordning}")


def _las_punkt(punkt: Punkt) -> tuple[Punkt, Sammantrade]:
    """The punkt re-read under its sammanträde's lock (the caller checks the policy)."""
    sammantrade = las_sammantrade(Sammantrade(pk=punkt.sammantrade_id))
    punkt = sammantrade.punkter.get(pk=punkt.pk)
    punkt.sammantrade = sammantrade
    return punkt, sammantrade


def _utan_paragraf_kravs(punkt: Punkt) -> None:
    """A punkt that has its § in the protokoll keeps its place: the protokollföring has begun
    and the number follows the agenda order. At the meeting the nämnd decides instead (a
    bordläggning is then a beslut, `nameden.services.motet_beslut`)."""
    paragraf = Paragraf.objects.filter(punkt_id=punkt.pk).first()
    if paragraf is not None:
        raise ValidationError(
            f"Punkten har redan {paragraf} i protokollet och kan inte längre flyttas eller dras "
            "tillbaka. Registrera i stället nämndens beslut om bordläggning under "
            "protokollföringen."
        )


def _pa_listan_kravs(punkt: Punkt) -> None:
    if not punkt.pa_listan:
        raise ValidationError("Punkten är tillbakadragen och står inte längre på listan.")


# --- Services ---------------------------------------------------------------------------------


@transaction.atomic
def punkt_lagg_till(
    *,
    user,
    sammantrade: Sammantrade,
    typ: str,
    rubrik: str,
    diarienummer: str = "",
    foredragande: str = "",
    forslag_till_beslut: str = "",
    sekretess: bool = False,
) -> Punkt:
    """Add a punkt by hand at the end of its section (not an opening punkt: those come with
    the sammanträde)."""
    sammantrade = las_sammantrade(sammantrade)
    policy.require(user, Action.ANDRA_LISTA, sammantrade)
    if typ not in T.values or typ == T.INLEDANDE:
        raise ValidationError(
            {
                "typ": "Välj om punkten är ett beslutsärende, ett "
                "anmälningsärende eller nämndens frågor."
            }
        )
    texter = _texter(
        rubrik=rubrik,
        diarienummer=diarienummer,
        foredragande=foredragande,
        forslag_till_beslut=forslag_till_beslut,
    )
    punkt = Punkt(sammantrade=sammantrade, typ=typ, sekretess=bool(sekretess), **texter)
    _infoga(punkt, sammantrade, user=user, reason="Punkten lades till")
    events.record(
        sammantrade, "punkt_tillagd", user=user, ordning=punkt.ordning, rubrik=punkt.rubrik
    )
    return punkt


@transaction.atomic
def punkt_andra(
    *,
    user,
    punkt: Punkt,
    rubrik: str,
    diarienummer: str = "",
    foredragande: str = "",
    forslag_till_beslut: str = "",
    sekretess: bool = False,
) -> Punkt:
    """Change a punkt's texts and its sekretess mark (its kind and place stay)."""
    punkt, sammantrade = _las_punkt(punkt)
    policy.require(user, Action.ANDRA_LISTA, sammantrade)
    _pa_listan_kravs(punkt)
    nytt = {
        **_texter(
            rubrik=rubrik,
            diarienummer=diarienummer,
            foredragande=foredragande,
            forslag_till_beslut=forslag_till_beslut,
        ),
        "sekretess": bool(sekretess),
    }
    andrade = [f for f, v in nytt.items() if getattr(punkt, f) != v]
    if not andrade:
        return punkt
    for falt, varde in nytt.items():
        setattr(punkt, falt, varde)
    namn = ", ".join(_ETIKETT.get(f, "sekretess").lower() for f in andrade)
    save_tracked(punkt, user=user, reason=f"Ändrade: {namn}")
    events.record(sammantrade, "punkt_andrad", user=user, ordning=punkt.ordning, falt=namn)
    return punkt


@transaction.atomic
def punkt_flytta(*, user, punkt: Punkt, riktning: Literal["upp", "ner"]) -> Punkt:
    """Move a punkt one place up or down within its section of the list."""
    punkt, sammantrade = _las_punkt(punkt)
    policy.require(user, Action.ANDRA_LISTA, sammantrade)
    _pa_listan_kravs(punkt)
    _utan_paragraf_kravs(punkt)
    if riktning not in ("upp", "ner"):
        raise ValidationError("Välj om punkten ska flyttas upp eller ner.")
    lista = _pa_listan(sammantrade)
    index = next(i for i, p in enumerate(lista) if p.pk == punkt.pk)
    granne_index = index - 1 if riktning == "upp" else index + 1
    granne = lista[granne_index] if 0 <= granne_index < len(lista) else None
    if granne is None or granne.typ != punkt.typ:
        var = "först" if riktning == "upp" else "sist"
        raise ValidationError(
            f"Punkten står redan {var} bland {Punkt.AVSNITT[punkt.typ].lower()} och flyttas "
            "bara inom sin del av listan."
        )
    fran, till = punkt.ordning, granne.ordning
    # The unique order allows no two punkter on one place, not even for a moment: the punkt
    # steps off the list while its neighbour takes its place.
    punkt.ordning = None
    save_tracked(punkt, user=user, reason=f"Flyttas från plats {fran} till {till}")
    granne.ordning = fran
    save_tracked(granne, user=user, reason=f"Blev punkt {fran}")
    punkt.ordning = till
    save_tracked(punkt, user=user, reason=f"Flyttades från plats {fran} till {till}")
    events.record(
        sammantrade, "punkt_flyttad", user=user, rubrik=punkt.rubrik, fran=fran, till=till
    )
    return punkt


def kommande_sammantraden(sammantrade: Sammantrade):
    """The sammanträden a punkt of `sammantrade` may be bordlagd to: the same nämnd's later
    ones that have not been held."""
    return Sammantrade.objects.filter(
        namnd_id=sammantrade.namnd_id, datum__gt=sammantrade.datum, status__in=KOMMANDE_STATUSES
    ).order_by("datum")


@transaction.atomic
def punkt_bordlagg(*, user, punkt: Punkt, till: Sammantrade) -> Punkt:
    """Move a punkt to a coming sammanträde of the same nämnd (bordläggning): it goes to the
    end of its section there, marked bordlagd, and its place here closes."""
    if till.pk == punkt.sammantrade_id:
        raise ValidationError({"till": "Välj ett annat sammanträde än det punkten står på."})
    fran_s, till_s = las_sammantraden(Sammantrade(pk=punkt.sammantrade_id), till)
    punkt = fran_s.punkter.get(pk=punkt.pk)
    policy.require(user, Action.ANDRA_LISTA, fran_s)
    _pa_listan_kravs(punkt)
    _utan_paragraf_kravs(punkt)
    if punkt.inledande:
        raise ValidationError(
            "En inledande punkt hör till sitt sammanträde och kan inte bordläggas."
        )
    if not kommande_sammantraden(fran_s).filter(pk=till_s.pk).exists():
        raise ValidationError(
            {"till": "Välj ett senare sammanträde i samma nämnd som inte har hållits än."}
        )
    policy.require(user, Action.ANDRA_LISTA, till_s)
    gammal_plats = punkt.ordning
    punkt.status = Punkt.Status.BORDLAGD
    _infoga(
        punkt,
        till_s,
        user=user,
        reason=f"Bordlades från sammanträdet {fran_s.datum:%Y-%m-%d} till {till_s.datum:%Y-%m-%d}",
    )
    _stang_luckan(fran_s, gammal_plats, user=user)
    events.record(
        fran_s, "punkt_bordlagd_harifran", user=user, rubrik=punkt.rubrik, till=str(till_s)
    )
    events.record(
        till_s,
        "punkt_bordlagd_hit",
        user=user,
        rubrik=punkt.rubrik,
        fran=str(fran_s),
        ordning=punkt.ordning,
    )
    return punkt


@transaction.atomic
def punkt_dra_tillbaka(*, user, punkt: Punkt) -> Punkt:
    """Withdraw a punkt: it is kept, marked tillbakadragen, with no place on the list."""
    punkt, sammantrade = _las_punkt(punkt)
    policy.require(user, Action.ANDRA_LISTA, sammantrade)
    _pa_listan_kravs(punkt)
    _utan_paragraf_kravs(punkt)
    if punkt.inledande:
        raise ValidationError("En inledande punkt kan inte tas bort från listan.")
    gammal_plats = punkt.ordning
    punkt.ordning = None
    punkt.status = Punkt.Status.TILLBAKADRAGEN
    save_tracked(punkt, user=user, reason=f"Drogs tillbaka från plats {gammal_plats}")
    _stang_luckan(sammantrade, gammal_plats, user=user)
    events.record(sammantrade, "punkt_tillbakadragen", user=user, rubrik=punkt.rubrik)
    return punkt


@transaction.atomic
def arende_anmal(
    *,
    user,
    sammantrade: Sammantrade,
    kalla: str,
    referens: str,
    rubrik: str,
    diarienummer: str,
    forslag_till_beslut: str,
    handlingar: Iterable[HandlingVarde | tuple[str, bytes]] = (),
) -> Punkt:
    """Anmäl an ärende of `kalla` (its opaque `referens`) to `sammantrade`: the committee
    side's Arende, a beslutsärende at the end of that section, and its handlingar stored
    with their SHA-256, in the order given. Refused while the ärende already stands on the
    list of a sammanträde that has not been held."""
    sammantrade = las_sammantrade(sammantrade)
    policy.require(user, Action.ANDRA_LISTA, sammantrade)
    if kalla not in arendekallor.registrerade():
        raise ValidationError(f"Det finns ingen ärendekälla som heter ”{kalla}”.")
    texter = _texter(
        rubrik=rubrik, diarienummer=diarienummer, forslag_till_beslut=forslag_till_beslut
    )
    handlingar = [h if isinstance(h, HandlingVarde) else HandlingVarde(*h) for h in handlingar]
    titlar = []
    for nummer, handling in enumerate(handlingar, start=1):
        titel = textkontroll.kontrollera(handling.titel or "", etikett=f"Handling {nummer}")
        if not titel or not handling.innehall:
            raise ValidationError(f"Handling {nummer} saknar titel eller innehåll.")
        if len(titel) > Handling._meta.get_field("titel").max_length:
            raise ValidationError(f"Titeln på handling {nummer} är för lång.")
        titlar.append(titel)
    arende = Arende.objects.filter(kalla=kalla, referens=referens).first()
    if arende is None:
        arende = Arende(kalla=kalla, referens=referens, anmalt_av=user)
    else:
        redan = (
            arende.punkter.filter(
                status__in=Punkt.PA_LISTAN_STATUSES, sammantrade__status__in=KOMMANDE_STATUSES
            )
            .select_related("sammantrade")
            .first()
        )
        if redan is not None:
            raise ValidationError(
                f"Ärendet står redan på föredragningslistan till sammanträdet {redan.sammantrade}."
            )
    arende.rubrik, arende.diarienummer = texter["rubrik"], texter["diarienummer"]
    save_tracked(arende, user=user, reason=f"Anmäldes till sammanträdet {sammantrade}")
    punkt = Punkt(sammantrade=sammantrade, typ=T.BESLUTSARENDE, arende=arende, **texter)
    _infoga(punkt, sammantrade, user=user, reason="Ärendet anmäldes till sammanträdet")
    for ordning, (titel, varde) in enumerate(zip(titlar, handlingar, strict=True), start=1):
        handling = Handling(
            punkt=punkt,
            ordning=ordning,
            titel=titel,
            sha256=hashlib.sha256(varde.innehall).hexdigest(),
            storlek=len(varde.innehall),
        )
        # The file is written before the row: a failed transaction leaves an orphan file,
        # never a row without its file.
        handling.fil.save(f"handling-{ordning}", ContentFile(varde.innehall), save=False)
        save_tracked(handling, user=user, reason="Handling till anmält ärende")
    events.record(
        sammantrade,
        "arende_anmalt",
        user=user,
        diarienummer=punkt.diarienummer or "utan diarienummer",
        ordning=punkt.ordning,
        rubrik=punkt.rubrik,
    )
    return punkt
