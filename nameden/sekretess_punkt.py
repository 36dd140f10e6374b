"""The agenda punkt as a kind of secret handling (`nameden.sekretess`).

Marking a punkt covers its handlingar: they go out with it, in the full packet only. The
punkt's own flag (`Punkt.sekretess`, which the public packet, the anslagstavla, the protokoll
and the utdrag read) follows its marking: marking sets it, lifting clears it, in the same
transaction, so every public version keeps leaving the punkt out.
"""

from collections.abc import Callable

from django.shortcuts import get_object_or_404
from django.urls import reverse

from nameden import policy, roles
from nameden.historik import save_tracked
from nameden.models import Punkt, Sekretessmarkering
from nameden.sekretess import CHEFSROLLER, Relation, Slag, har_roll, registrera

R = Relation

#: Who reads a secret punkt and its handlingar: the sekreterare and chefs of a förvaltning
#: serving the nämnd, and the nämnd's ledamöter (they get the full packet).
PUNKT_LASA = (R.SEKRETERARE, R.CHEF, R.LEDAMOT)
#: Who marks a punkt secret or lifts the marking: the nämndsekreterare.
PUNKT_MARKERA = (R.SEKRETERARE,)


def _sekreterare(user, punkt: Punkt) -> bool:
    return user.has_perm(roles.SEKRETERARE_NAMND) and policy.serverar(user, punkt.sammantrade.namnd)


def _chef(user, punkt: Punkt) -> bool:
    return policy.serverar(user, punkt.sammantrade.namnd) and har_roll(user, *CHEFSROLLER)


def _ledamot(user, punkt: Punkt) -> bool:
    return policy.ledamot_vid(user, punkt.sammantrade)


def _hamta(user, pk: int) -> Punkt:
    return get_object_or_404(
        Punkt.objects.select_related("sammantrade__namnd").filter(
            sammantrade__in=policy.visible_sammantraden(user)
        ),
        pk=pk,
    )


def _beskrivning(punkt: Punkt) -> str:
    nummer = f"Punkt {punkt.ordning}" if punkt.ordning else "Punkt"
    sammantrade = punkt.sammantrade
    return f"{nummer} på {sammantrade.namnd.namn}s sammanträde {sammantrade.datum:%Y-%m-%d}"


def _efter_andring(punkt: Punkt, user, galler: bool) -> None:
    if punkt.sekretess != galler:
        punkt.sekretess = galler
        orsak = "Sekretessmarkerad" if galler else "Sekretessmarkering hävd"
        save_tracked(punkt, user=user, reason=orsak)


registrera(
    Slag(
        nyckel="punkt",
        namn="punkt",
        modell=Punkt,
        lasa=PUNKT_LASA,
        markera=PUNKT_MARKERA,
        relationer={R.SEKRETERARE: _sekreterare, R.CHEF: _chef, R.LEDAMOT: _ledamot},
        hamta=_hamta,
        forvaltning_id=lambda punkt: punkt.sammantrade.namnd.forvaltning_id,
        beskrivning=_beskrivning,
        tillbaka_url=lambda punkt: reverse("namnd:detalj", kwargs={"pk": punkt.sammantrade_id}),
        efter_andring=_efter_andring,
    )
)


#: källa → the markings in force on the source handlingar of its ärenden: a function from
#: a list of `Arende` of that källa to {ärende pk: marking}. Registered by the app that is
#: the källa (`remiss.sekretess` for "remiss"), so nameden names no other app.
KALLOR: dict[str, Callable[[list], dict[int, Sekretessmarkering]]] = {}


def registrera_kalla(kalla: str, hemliga: Callable[[list], dict[int, Sekretessmarkering]]) -> None:
    """Let the agenda mask the punkter whose ärende is secret at its source (`KALLOR`)."""
    KALLOR[kalla] = hemliga


def kallans_markeringar(punkter: list[Punkt]) -> dict[int, Sekretessmarkering]:
    """{punkt pk: marking in force at the source} for punkter whose ärende's own handling is
    secret where it came from (a remiss whose tjänsteutlåtande is secret). One query per
    källa on the list."""
    per_kalla: dict[str, list] = {}
    for punkt in punkter:
        if punkt.arende_id is not None:
            per_kalla.setdefault(punkt.arende.kalla, []).append(punkt.arende)
    hemliga: dict[int, Sekretessmarkering] = {}
    for kalla, arenden in per_kalla.items():
        if kalla in KALLOR:
            hemliga.update(KALLOR[kalla](arenden))
    return {p.pk: hemliga[p.arende_id] for p in punkter if p.arende_id in hemliga}


def maskera_punkter(user, punkter: list[Punkt]) -> list[Punkt]:
    """The agenda as `user` may read it: a secret punkt they may not read keeps its place
    with its title masked and its texts left out (`punkt.sekretess_maskerad`). Each punkt
    gets its marking in force (`punkt.sekretessmarkering`). One query for the markings.

    A punkt whose ärende is secret at its source (the remiss's tjänsteutlåtande) counts as
    secret under that marking, read by the same table as a marked punkt (`PUNKT_LASA`: those
    who prepare and decide the meeting): its title is the source's secret subject."""
    from nameden.sekretess import far_lasa, galler_for_manga, maskerad_titel

    punkter = list(punkter)
    markeringar = kallans_markeringar(punkter)
    markeringar.update(galler_for_manga(Punkt, [p.pk for p in punkter]))
    for punkt in punkter:
        markering = punkt.sekretessmarkering = markeringar.get(punkt.pk)
        punkt.sekretess_maskerad = markering is not None and not far_lasa(user, punkt, markering)
        if punkt.sekretess_maskerad:
            # For this page only: the instance is never saved from here.
            punkt.rubrik = maskerad_titel(markering)
            punkt.diarienummer = punkt.foredragande = punkt.forslag_till_beslut = ""
    return punkter


def maskera_handelser(user, sammantrade, handelser) -> list:
    """The sammanträde's event log (one page) as `user` may read it: an entry that quotes a
    secret punkt they may not read ("Punkt 5 lades till: …", "Punkten ”…” drogs tillbaka")
    shows the masked title in its place, and no diarienummer. Every punkt ever on the list
    counts, the withdrawn ones too. The instances change for the page only, never saved."""
    handelser = list(handelser)
    if not handelser:
        return handelser
    punkter = list(sammantrade.punkter.select_related("arende", "sammantrade__namnd"))
    original = {p.pk: (p.rubrik, p.diarienummer) for p in punkter}
    ersatt = [
        (*original[p.pk], p.rubrik) for p in maskera_punkter(user, punkter) if p.sekretess_maskerad
    ]
    for handelse in handelser:
        for rubrik, diarienummer, maskerad in ersatt:
            if rubrik and rubrik in handelse.text:
                handelse.text = handelse.text.replace(rubrik, maskerad)
                if diarienummer:
                    handelse.text = handelse.text.replace(f" {diarienummer}", "")
    return handelser


def hemliga_punkter(sammantrade) -> list[tuple[Punkt, object]]:
    """The punkter on `sammantrade`'s list that are secret now, with their markings."""
    from nameden.sekretess import galler_for_manga

    punkter = {
        p.pk: p
        for p in sammantrade.punkter.filter(status__in=Punkt.PA_LISTAN_STATUSES).select_related(
            "sammantrade__namnd"
        )
    }
    return [(punkter[pk], m) for pk, m in galler_for_manga(Punkt, punkter).items()]
