"""The beslut of each paragraf, and its ärendebeskrivning.

Kinds (`Paragraf.Beslutsslag`): bifall (the wording defaults to the punkt's förslag till
beslut), ändrat beslut (wording required), avslag, återremiss (the nämnd's motivering
required), bordläggning (to a chosen coming sammanträde of the same nämnd) and noterat (for
anmälningsärenden, nämndens frågor and the opening punkter, which have no proposal to decide
on).

Bordläggning at the meeting is not the list's bordläggning before it
(`foredragningslista.punkt_bordlagg`, which moves the punkt): the punkt has been dealt with
here and stays in this protokoll with its §; a new punkt with the same ärende, texts and
handlingar is put on the coming sammanträde's list (through `punkt_lagg_till`, so it gets
its place the same way), marked bordlagd. That is done once: a bordläggning cannot be turned
into another beslut afterwards (the new punkt is withdrawn on the other list if need be).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from nameden import events, policy
from nameden.historik import save_tracked
from nameden.models import Handling, Paragraf, Punkt, Sammantrade
from nameden.services.foredragningslista import kommande_sammantraden, punkt_lagg_till
from nameden.services.las import las_sammantraden
from nameden.services.motet import andrat, las_paragraf
from nameden.svenska import datum_i_text
from nameden.textkontroll import Textfel
from nameden.workflow import Action

B = Paragraf.Beslutsslag
T = Punkt.Typ

#: The kinds a punkt of each type may be decided with.
TILLATNA: dict[str, frozenset[str]] = {
    T.INLEDANDE: frozenset({B.NOTERAT, B.ANDRAT}),
    T.BESLUTSARENDE: frozenset({B.BIFALL, B.ANDRAT, B.AVSLAG, B.ATERREMISS, B.BORDLAGGNING}),
    T.ANMALNINGSARENDE: frozenset({B.NOTERAT, B.ANDRAT, B.ATERREMISS, B.BORDLAGGNING}),
    T.NAMNDENS_FRAGOR: frozenset({B.NOTERAT, B.ANDRAT, B.BORDLAGGNING}),
}


def standardtext(paragraf: Paragraf, slag: str, *, namnd: str, till: Sammantrade | None) -> str:
    """The wording a kind gets when the sekreterare writes none (empty: one must be written)."""
    if slag == B.BIFALL:
        return paragraf.punkt.forslag_till_beslut
    if slag == B.AVSLAG:
        return f"{namnd} avslår förslaget till beslut."
    if slag == B.NOTERAT:
        return f"{namnd} lägger informationen till handlingarna."
    if slag == B.BORDLAGGNING and till is not None:
        return f"Ärendet bordläggs till sammanträdet den {datum_i_text(till.datum)}."
    return ""


SAKNAS = {
    B.BIFALL: "Punkten har inget förslag till beslut. Skriv beslutets lydelse.",
    B.ANDRAT: "Skriv det ändrade beslutets lydelse.",
    B.ATERREMISS: "Skriv nämndens motivering till återremissen.",
}


@transaction.atomic
def paragraf_besluta(
    *,
    user,
    paragraf: Paragraf,
    slag: str,
    beslutstext: str = "",
    omedelbar_justering: bool = False,
    till: Sammantrade | None = None,
) -> Paragraf:
    """Record the nämnd's beslut in `paragraf` (or correct it, until justering). `till` is
    the coming sammanträde for a bordläggning."""
    if slag == B.BORDLAGGNING and till is not None:
        # A bordläggning changes two lists: lock both rows first, the lower id first (the
        # one lock order of `nameden.services.las`), before anything else is read.
        las_sammantraden(Sammantrade(pk=paragraf.punkt.sammantrade_id), till)
    paragraf, sammantrade = las_paragraf(paragraf, user=user)
    if paragraf.slag == B.BORDLAGGNING:
        raise ValidationError(
            "Ärendet är redan bordlagt och står på listan till ett kommande sammanträde; "
            "beslutet kan inte ändras här."
        )
    punkt = paragraf.punkt
    if slag not in B.values:
        raise ValidationError({"slag": "Välj vilket beslut nämnden fattade."})
    if slag not in TILLATNA[punkt.typ]:
        raise ValidationError(
            {
                "slag": f"{B(slag).label} passar inte för en punkt av typen "
                f"”{punkt.get_typ_display().lower()}”."
            }
        )
    fel = Textfel()
    beslutstext = fel.stycken("beslutstext", beslutstext or "", etikett="Beslutets lydelse")
    fel.raise_if_any()
    beslutstext = beslutstext.strip()
    if slag == B.BORDLAGGNING:
        till = _kommande(sammantrade, till)
    if not beslutstext:
        beslutstext = standardtext(paragraf, slag, namnd=sammantrade.namnd.namn, till=till)
    if not beslutstext:
        raise ValidationError({"beslutstext": SAKNAS[slag]})
    paragraf.slag = slag
    paragraf.beslutstext = beslutstext
    paragraf.omedelbar_justering = bool(omedelbar_justering)
    paragraf.beslutat_at = timezone.now()
    paragraf.beslutat_av = user
    save_tracked(paragraf, user=user, reason=f"Beslut: {B(slag).label}")
    events.record(
        sammantrade,
        "beslut",
        user=user,
        nummer=paragraf.nummer,
        slag=B(slag).label.lower(),
        oj=", justeras omedelbart" if paragraf.omedelbar_justering else "",
    )
    if slag == B.BORDLAGGNING:
        _bordlagg(paragraf, sammantrade, till, user=user)
    andrat(sammantrade, user=user, vad=f"beslutet i § {paragraf.nummer}")
    return paragraf


def _kommande(sammantrade: Sammantrade, till: Sammantrade | None) -> Sammantrade:
    if till is None or not kommande_sammantraden(sammantrade).filter(pk=till.pk).exists():
        raise ValidationError(
            {"till": "Välj ett senare sammanträde i samma nämnd som inte har hållits än."}
        )
    return las_sammantraden(till)[0]  # already locked by paragraf_besluta: re-read


def _bordlagg(paragraf: Paragraf, sammantrade: Sammantrade, till: Sammantrade, *, user) -> None:
    """Carry the punkt over to `till`: a new punkt with its ärende, texts and handlingar."""
    policy.require(user, Action.ANDRA_LISTA, till)
    gammal = paragraf.punkt
    ny = punkt_lagg_till(
        user=user,
        sammantrade=till,
        typ=gammal.typ,
        rubrik=gammal.rubrik,
        diarienummer=gammal.diarienummer,
        foredragande=gammal.foredragande,
        forslag_till_beslut=gammal.forslag_till_beslut,
        sekretess=gammal.sekretess,
    )
    ny.status = Punkt.Status.BORDLAGD
    ny.arende = gammal.arende
    save_tracked(
        ny, user=user, reason=f"Bordlades vid sammanträdet {sammantrade} (§ {paragraf.nummer})"
    )
    for handling in gammal.handlingar.order_by("ordning"):
        # The same stored file (its bytes never change: they are read back by SHA-256).
        kopia = Handling(
            punkt=ny,
            ordning=handling.ordning,
            titel=handling.titel,
            fil=handling.fil.name,
            sha256=handling.sha256,
            storlek=handling.storlek,
        )
        save_tracked(kopia, user=user, reason="Handling till bordlagd punkt")
    events.record(
        till,
        "bordlagd_vid_motet_hit",
        user=user,
        rubrik=ny.rubrik,
        fran=str(sammantrade),
        nummer=paragraf.nummer,
        ordning=ny.ordning,
    )


@transaction.atomic
def paragraf_andra_text(*, user, paragraf: Paragraf, text: str) -> Paragraf:
    """The paragraph's ärendebeskrivning, the text the protokoll prints above the beslut."""
    paragraf, sammantrade = las_paragraf(paragraf, user=user)
    fel = Textfel()
    text = fel.stycken("text", text or "", etikett="Ärendebeskrivning")
    fel.raise_if_any()
    text = text.strip()
    if text == paragraf.text:
        return paragraf
    paragraf.text = text
    save_tracked(paragraf, user=user, reason="Ärendebeskrivningen ändrades")
    events.record(sammantrade, "paragraf_text", user=user, nummer=paragraf.nummer)
    andrat(sammantrade, user=user, vad=f"ärendebeskrivningen i § {paragraf.nummer}")
    return paragraf
