"""Yrkanden, omröstningar, reservationer and jäv in one paragraf.

Who takes part is `motet_selectors.tjanstgorande(paragraf)`: the members serving in the
paragraf, without the jäviga. Only they make yrkanden and vote; every one of them gives a
röst (ja, nej or avstår) in an omröstning, and nobody else. The proposition with more ja or
nej röster wins; on a tie the one presiding (the ordförande, or the vice ordförande when the
ordförande does not serve) has the utslagsröst (kommunallagen 6 kap. 33 §): the side they
voted for wins, so they must have voted ja or nej.

A reservation (kommunallagen 4 kap. 27 §) is for those who took part in the beslut and did
not side with it: a serving member who is not jävig, and, when the paragraf went to an
omröstning, who voted for the losing proposition in the last one (abstaining is not taking
part). A jävig member takes no part at all: jäv is refused for someone who already made a
yrkande, voted or reserved themselves in the paragraf.

Corrections: a yrkande, an omröstning (with its röster) and a reservation recorded by
mistake can be removed (`*_ta_bort`), until the protokoll is justerat. History keeps the
removed row with who removed it, the timeline says what was removed, and the later ones of
the paragraf move up one place so the protokoll's numbering stays 1, 2, 3.
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from nameden import events
from nameden.historik import delete_tracked, save_tracked
from nameden.models import Fortroendevald, Jav, Omrostning, Paragraf, Reservation, Rost, Yrkande
from nameden.services import motet_selectors as urval
from nameden.services.motet import andrat, las_paragraf
from nameden.textkontroll import Textfel

V = Rost.Val
_PROPOSITION_MAX = Omrostning._meta.get_field("ja_proposition").max_length


def _tjanstgor(paragraf: Paragraf, person: Fortroendevald, *, falt: str, vad: str):
    if not any(n.fortroendevald_id == person.pk for n in urval.tjanstgorande(paragraf)):
        raise ValidationError(
            {
                falt: f"{person.namn} tjänstgör inte i § {paragraf.nummer} (eller är jävig) "
                f"och kan inte {vad}."
            }
        )


def _nasta(rader) -> int:
    return max((r.ordning for r in rader), default=0) + 1


def _flytta_upp(efter, *, user, reason: str) -> None:
    """Close the gap a removal left: the protokoll prints yrkanden and omröstningar by their
    `ordning`, so "1, 3" would read as if one were missing. Ascending, one place each: every
    row moves into the place just freed, so the unique (paragraf, ordning) never clashes."""
    for rad in efter.order_by("ordning"):
        rad.ordning -= 1
        save_tracked(rad, user=user, reason=reason)


def _las_rad(paragraf: Paragraf, rader, pk: int, *, vad: str):
    """The row `pk` of the paragraf, re-read under the lock: a Swedish refusal (not a 500)
    when it is gone, e.g. removed in another tab a moment ago."""
    rad = rader.filter(pk=pk).first()
    if rad is None:
        raise ValidationError(
            f"{vad} finns inte längre i § {paragraf.nummer}. Det kan redan ha tagits bort."
        )
    return rad


def _reservationer_som_faller(paragraf: Paragraf, sista: Omrostning | None, roster=None):
    """The paragraf's reservationer that would no longer be allowed if `sista` were its last
    omröstning (with `roster`, by member id, when it is not saved yet): those of members who
    then abstained, did not vote, or voted for the side that won. With no omröstning left a
    reservation rests on the beslut alone and stays."""
    if sista is None:
        return []
    if roster is None:
        roster = {r.fortroendevald_id: r.val for r in sista.roster.all()}
    return [
        r
        for r in paragraf.reservationer.select_related("fortroendevald").order_by("pk")
        if roster.get(r.fortroendevald_id) in (None, V.AVSTAR, sista.resultat)
    ]


def _namn_och(namn: list[str]) -> str:
    return namn[0] if len(namn) == 1 else f"{', '.join(namn[:-1])} och {namn[-1]}"


def _reservationerna_av(faller) -> str:
    namn = _namn_och([r.fortroendevald.namn for r in faller])
    return f"reservationen av {namn}" if len(faller) == 1 else f"reservationerna av {namn}"


# --- Yrkanden --------------------------------------------------------------------------------


@transaction.atomic
def yrkande_lagg_till(*, user, paragraf: Paragraf, yrkat_av: Fortroendevald, text: str) -> Yrkande:
    """A yrkande in `paragraf`, by a member serving in it, in the order they were made."""
    paragraf, sammantrade = las_paragraf(paragraf, user=user)
    fel = Textfel()
    text = (fel.stycken("text", text or "", etikett="Yrkande") or "").strip()
    fel.raise_if_any({} if text or fel.fel else {"text": "Skriv vad ledamoten yrkade."})
    _tjanstgor(paragraf, yrkat_av, falt="yrkat_av", vad="yrka")
    yrkande = Yrkande(
        paragraf=paragraf,
        ordning=_nasta(paragraf.yrkanden.all()),
        yrkat_av=yrkat_av,
        text=text,
    )
    save_tracked(yrkande, user=user, reason="Yrkande")
    events.record(
        sammantrade,
        "yrkande",
        user=user,
        nummer=paragraf.nummer,
        ordning=yrkande.ordning,
        namn=yrkat_av.namn,
    )
    andrat(sammantrade, user=user, vad=f"yrkanden i § {paragraf.nummer}")
    return yrkande


@transaction.atomic
def yrkande_ta_bort(*, user, yrkande: Yrkande) -> None:
    """Remove a yrkande recorded by mistake (before justering); the later ones move up.

    Nothing else in the paragraf points at a yrkande (the propositions of an omröstning are
    their own text), so no removal is refused for what it would leave behind."""
    paragraf, sammantrade = las_paragraf(yrkande.paragraf, user=user)
    yrkande = _las_rad(
        paragraf, paragraf.yrkanden.select_related("yrkat_av"), yrkande.pk, vad="Yrkandet"
    )
    delete_tracked(yrkande, user=user, reason="Yrkandet togs bort")
    _flytta_upp(
        paragraf.yrkanden.filter(ordning__gt=yrkande.ordning),
        user=user,
        reason="Yrkandet flyttade upp: ett tidigare togs bort",
    )
    events.record(
        sammantrade,
        "yrkande_borttaget",
        user=user,
        nummer=paragraf.nummer,
        namn=yrkande.yrkat_av.namn,
    )
    andrat(sammantrade, user=user, vad=f"yrkanden i § {paragraf.nummer}")


# --- Omröstning ------------------------------------------------------------------------------


def resultat(roster: Mapping[int, str], *, ordforande_id: int | None) -> tuple[str, bool]:
    """(winning side, decided by utslagsröst) for röster by member id; a pure function."""
    ja = sum(1 for v in roster.values() if v == V.JA)
    nej = sum(1 for v in roster.values() if v == V.NEJ)
    if ja != nej:
        return (Omrostning.Resultat.JA if ja > nej else Omrostning.Resultat.NEJ), False
    ordforandens = roster.get(ordforande_id) if ordforande_id is not None else None
    if ordforandens not in (V.JA, V.NEJ):
        raise ValidationError(
            {
                "roster": "Lika röstetal: ordföranden har utslagsröst och måste ha röstat ja "
                "eller nej."
            }
        )
    return Omrostning.Resultat(ordforandens), True


@transaction.atomic
def omrostning_genomfor(
    *,
    user,
    paragraf: Paragraf,
    ja_proposition: str,
    nej_proposition: str,
    roster: Mapping[int, str],
) -> Omrostning:
    """An omröstning in `paragraf`: `roster` gives each serving member's röst (id → ja, nej
    or avstår); the result, and whether the utslagsröst decided it, are computed."""
    paragraf, sammantrade = las_paragraf(paragraf, user=user)
    fel = Textfel()
    ja_proposition = fel.rad("ja_proposition", ja_proposition, etikett="Ja-proposition") or ""
    nej_proposition = fel.rad("nej_proposition", nej_proposition, etikett="Nej-proposition") or ""
    extra = {}
    for falt, text, namn in (
        ("ja_proposition", ja_proposition, "ja-propositionen"),
        ("nej_proposition", nej_proposition, "nej-propositionen"),
    ):
        if falt in fel.fel:
            continue
        if not text.strip():
            extra[falt] = f"Skriv {namn}."
        elif len(text) > _PROPOSITION_MAX:
            extra[falt] = f"Propositionen får vara högst {_PROPOSITION_MAX} tecken."
    fel.raise_if_any(extra)
    tjanstgor = urval.tjanstgorande(paragraf)
    if not tjanstgor:
        raise ValidationError("Ingen tjänstgör i paragrafen: fyll i närvaron först.")
    roster = dict(roster)
    okanda = set(roster) - {n.fortroendevald_id for n in tjanstgor}
    if okanda:
        raise ValidationError(
            {"roster": "Bara de som tjänstgör i paragrafen och inte är jäviga får rösta."}
        )
    saknas = [n.fortroendevald.namn for n in tjanstgor if roster.get(n.fortroendevald_id) is None]
    if saknas:
        raise ValidationError({"roster": f"Ange röst för {', '.join(saknas)}."})
    if any(v not in V.values for v in roster.values()):
        raise ValidationError({"roster": "En röst är ja, nej eller avstår."})
    ordforande = urval.ordforande_bland(tjanstgor)
    vann, utslag = resultat(
        roster, ordforande_id=ordforande.fortroendevald_id if ordforande else None
    )
    faller = _reservationer_som_faller(paragraf, Omrostning(resultat=vann), roster)
    if faller:
        raise ValidationError(
            {
                "roster": f"Med de här rösterna kan {_reservationerna_av(faller)} inte stå "
                "kvar: en reservation är för den som röstade mot det förslag som vann. Ta "
                "först bort reservationen."
            }
        )
    omrostning = Omrostning(
        paragraf=paragraf,
        ordning=_nasta(paragraf.omrostningar.all()),
        ja_proposition=ja_proposition.strip(),
        nej_proposition=nej_proposition.strip(),
        resultat=vann,
        utslagsrost=utslag,
    )
    save_tracked(omrostning, user=user, reason="Omröstning")
    for narvaro in tjanstgor:
        rost = Rost(
            omrostning=omrostning,
            fortroendevald=narvaro.fortroendevald,
            val=roster[narvaro.fortroendevald_id],
        )
        save_tracked(rost, user=user, reason="Röst i omröstning")
    raknat = {v: sum(1 for x in roster.values() if x == v) for v in V.values}
    events.record(
        sammantrade,
        "omrostning",
        user=user,
        nummer=paragraf.nummer,
        ja=raknat[V.JA],
        nej=raknat[V.NEJ],
        avstar=raknat[V.AVSTAR],
        resultat=omrostning.get_resultat_display().lower()
        + (" med ordförandens utslagsröst" if utslag else ""),
    )
    andrat(sammantrade, user=user, vad=f"omröstning i § {paragraf.nummer}")
    return omrostning


@transaction.atomic
def omrostning_ta_bort(*, user, omrostning: Omrostning) -> None:
    """Remove an omröstning recorded by mistake, with its röster (before justering); the
    later ones move up.

    Reservationer rest on the last omröstning: only who voted for the losing side may
    reserve. Removing the last one makes the one before it the last, and a reservation that
    would not be allowed against that one is left inconsistent. Such a removal is *refused*,
    naming the reservationer to remove first, rather than removing them along with it: a
    reservation is a member's own declaration in the protokoll (kommunallagen 4 kap. 27 §),
    and it should not disappear as a side effect of correcting a vote; the sekreterare takes
    it away explicitly, and that shows in the timeline on its own. With no omröstning left a
    reservation rests on the beslut alone and stays."""
    paragraf, sammantrade = las_paragraf(omrostning.paragraf, user=user)
    omrostning = _las_rad(
        paragraf,
        paragraf.omrostningar.prefetch_related("roster"),
        omrostning.pk,
        vad="Omröstningen",
    )
    andra = paragraf.omrostningar.exclude(pk=omrostning.pk).order_by("-ordning")
    if not andra.filter(ordning__gt=omrostning.ordning).exists():
        faller = _reservationer_som_faller(paragraf, andra.prefetch_related("roster").first())
        if faller:
            raise ValidationError(
                f"Omröstning {omrostning.ordning} i § {paragraf.nummer} kan inte tas bort: "
                f"{_reservationerna_av(faller)} bygger på dess resultat och gäller inte mot "
                "den omröstning som då blir den sista. Ta först bort "
                f"{'reservationen' if len(faller) == 1 else 'reservationerna'}."
            )
    roster = list(omrostning.roster.all())
    raknat = {v: sum(1 for r in roster if r.val == v) for v in V.values}
    for rost in roster:
        delete_tracked(rost, user=user, reason="Omröstningen togs bort")
    delete_tracked(omrostning, user=user, reason="Omröstningen togs bort")
    _flytta_upp(
        paragraf.omrostningar.filter(ordning__gt=omrostning.ordning),
        user=user,
        reason="Omröstningen flyttade upp: en tidigare togs bort",
    )
    events.record(
        sammantrade,
        "omrostning_borttagen",
        user=user,
        ordning=omrostning.ordning,
        nummer=paragraf.nummer,
        ja=raknat[V.JA],
        nej=raknat[V.NEJ],
        avstar=raknat[V.AVSTAR],
    )
    andrat(sammantrade, user=user, vad=f"omröstning i § {paragraf.nummer}")


# --- Reservation -----------------------------------------------------------------------------


@transaction.atomic
def reservation_anmal(
    *, user, paragraf: Paragraf, fortroendevald: Fortroendevald, text: str = ""
) -> Reservation:
    """`fortroendevald` reserves themselves against the beslut in `paragraf`; `text` is the
    written reservation (it may come later, before justering)."""
    paragraf, sammantrade = las_paragraf(paragraf, user=user)
    fel = Textfel()
    text = (fel.stycken("text", text or "", etikett="Skriftlig reservation") or "").strip()
    fel.raise_if_any()
    if not paragraf.beslutad:
        raise ValidationError("Registrera beslutet i paragrafen innan någon reserverar sig.")
    _tjanstgor(paragraf, fortroendevald, falt="fortroendevald", vad="reservera sig")
    sista = paragraf.omrostningar.order_by("-ordning").first()
    if sista is not None:
        rost = sista.roster.filter(fortroendevald=fortroendevald).first()
        if rost is None or rost.val == V.AVSTAR:
            raise ValidationError(
                {
                    "fortroendevald": f"{fortroendevald.namn} avstod från att rösta och deltog "
                    "därför inte i beslutet."
                }
            )
        if rost.val == sista.resultat:
            raise ValidationError(
                {
                    "fortroendevald": f"{fortroendevald.namn} röstade för det förslag som vann "
                    "och kan inte reservera sig mot beslutet."
                }
            )
    if paragraf.reservationer.filter(fortroendevald=fortroendevald).exists():
        raise ValidationError(
            {"fortroendevald": f"{fortroendevald.namn} har redan reserverat sig i paragrafen."}
        )
    reservation = Reservation(paragraf=paragraf, fortroendevald=fortroendevald, text=text)
    save_tracked(reservation, user=user, reason="Reservation")
    events.record(
        sammantrade, "reservation", user=user, nummer=paragraf.nummer, namn=fortroendevald.namn
    )
    andrat(sammantrade, user=user, vad=f"reservationer i § {paragraf.nummer}")
    return reservation


@transaction.atomic
def reservation_ta_bort(*, user, reservation: Reservation) -> None:
    """Remove a reservation recorded by mistake, or withdrawn by the member (before
    justering). Nothing rests on a reservation, so it is never refused for what it leaves."""
    paragraf, sammantrade = las_paragraf(reservation.paragraf, user=user)
    reservation = _las_rad(
        paragraf,
        paragraf.reservationer.select_related("fortroendevald"),
        reservation.pk,
        vad="Reservationen",
    )
    delete_tracked(reservation, user=user, reason="Reservationen togs bort")
    events.record(
        sammantrade,
        "reservation_borttagen",
        user=user,
        nummer=paragraf.nummer,
        namn=reservation.fortroendevald.namn,
    )
    andrat(sammantrade, user=user, vad=f"reservationer i § {paragraf.nummer}")


# --- Jäv -------------------------------------------------------------------------------------


@transaction.atomic
def jav_anmal(*, user, paragraf: Paragraf, fortroendevald: Fortroendevald) -> Jav:
    """`fortroendevald` is jävig in `paragraf` and takes no part in it."""
    paragraf, sammantrade = las_paragraf(paragraf, user=user)
    rader = [
        n for n in urval.narvaro_rader(sammantrade) if n.fortroendevald_id == fortroendevald.pk
    ]
    if not rader:
        raise ValidationError(
            {"fortroendevald": "Personen finns inte i närvarolistan för sammanträdet."}
        )
    if paragraf.jav.filter(fortroendevald=fortroendevald).exists():
        raise ValidationError(
            {"fortroendevald": f"{fortroendevald.namn} är redan anmäld som jävig i paragrafen."}
        )
    deltagit = (
        paragraf.yrkanden.filter(yrkat_av=fortroendevald).exists()
        or Rost.objects.filter(
            omrostning__paragraf=paragraf, fortroendevald=fortroendevald
        ).exists()
        or paragraf.reservationer.filter(fortroendevald=fortroendevald).exists()
    )
    if deltagit:
        raise ValidationError(
            {
                "fortroendevald": f"{fortroendevald.namn} har redan yrkat, röstat eller "
                "reserverat sig i paragrafen. Jäv anmäls innan ärendet behandlas."
            }
        )
    jav = Jav(paragraf=paragraf, fortroendevald=fortroendevald)
    save_tracked(jav, user=user, reason="Jäv")
    events.record(sammantrade, "jav", user=user, nummer=paragraf.nummer, namn=fortroendevald.namn)
    andrat(sammantrade, user=user, vad=f"jäv i § {paragraf.nummer}")
    return jav


@transaction.atomic
def jav_ta_bort(*, user, jav: Jav) -> None:
    """Remove a jäv recorded by mistake; refused while an ersättare serves in their place."""
    paragraf, sammantrade = las_paragraf(jav.paragraf, user=user)
    jav = _las_rad(paragraf, paragraf.jav.select_related("fortroendevald"), jav.pk, vad="Jävet")
    ersattare = next(
        (n for n in urval.tjanstgorande(paragraf) if n.tjanstgor_for_id == jav.fortroendevald_id),
        None,
    )
    if ersattare is not None:
        raise ValidationError(
            f"{ersattare.fortroendevald.namn} tjänstgör för {jav.fortroendevald.namn} i "
            f"§ {paragraf.nummer}. Ändra först ersättarens närvaro."
        )
    delete_tracked(jav, user=user, reason="Jävet togs bort")
    events.record(
        sammantrade,
        "jav_borttaget",
        user=user,
        nummer=paragraf.nummer,
        namn=jav.fortroendevald.namn,
    )
    andrat(sammantrade, user=user, vad=f"jäv i § {paragraf.nummer}")
