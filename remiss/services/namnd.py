"""Anmäl an attested tjänsteutlåtande to a sammanträde of a nämnd that answers the remiss.

Not a workflow transition: the remiss stays attesterad while the nämnd handles it. Each
answering nämnd gets its own ärende (`namndkoppling.referens_for(remiss, namnd)`), so a
remiss answered by several nämnder goes on each one's list and is decided by each; its
`Namndbehandling` row records it as anmäld (`remiss.services.namndbehandling`).

Lock order across the two sides: the sammanträde row first, then the case
(`nameden.services.las`, then `las_arende`), as when the committee side reports a beslut
from a justering it holds the sammanträde for.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from nameden import svenska
from nameden.models import Punkt, Sammantrade
from nameden.services.foredragningslista import HandlingVarde, arende_anmal
from nameden.services.las import las_sammantrade
from nameden.workflow import KOMMANDE_STATUSES
from remiss import attestlage, events, namndkoppling, policy, selectors
from remiss.dokument import dokument_for
from remiss.models import Avsnittstyp, Remiss
from remiss.services.las import las_arende
from remiss.services.namndbehandling import namnd_anmald
from remiss.workflow import Action

TITEL_TJANSTEUTLATANDE = "Tjänsteutlåtande"


def _forslag_till_beslut(dokument) -> str:
    """The beslutspunkter as the list prints them: "1. …" one per line."""
    punkter = [
        p for a in dokument.avsnitt if a.typ == Avsnittstyp.BESLUTSPUNKTER for p in a.punkter
    ]
    return "\n".join(f"{nummer}. {punkt}" for nummer, punkt in enumerate(punkter, start=1))


def _handlingar(tu, slutversion) -> list[HandlingVarde]:
    """The stored final PDF and every bilaga, each read back only if its SHA-256 holds."""
    try:
        handlingar = [HandlingVarde(TITEL_TJANSTEUTLATANDE, selectors.slutversion_fil(slutversion))]
        for bilaga in tu.bilagor.order_by("ordning"):
            with selectors.bilaga_fil(bilaga) as fil:
                innehall = fil.read()
            handlingar.append(HandlingVarde(f"Bilaga {bilaga.ordning}: {bilaga.titel}", innehall))
    except (selectors.SlutversionSkadad, selectors.BilagaSkadad) as exc:
        raise ValidationError(str(exc)) from exc
    return handlingar


@transaction.atomic
def remiss_anmal_till_sammantrade(*, user, remiss: Remiss, sammantrade: Sammantrade) -> Punkt:
    """Put `remiss`'s attested tjänsteutlåtande (its final PDF and bilagor, with the
    beslutspunkter as förslag till beslut) on `sammantrade`, a coming one of an answering
    nämnd. Refused while it already stands on a coming list of that nämnd, and for a nämnd
    that has already decided it. A joint document is answered by the nämnder of several
    förvaltningar: each nämnd's own förvaltning's sekreterare anmäler it there."""
    sammantrade = las_sammantrade(sammantrade)
    remiss = las_arende(remiss)
    policy.require(user, Action.ANMALA, remiss)
    tu = las_arende(remiss.tjansteutlatande)
    dokument = dokument_for(tu)
    slutversion = selectors.gallande_slutversion(tu, dokument=dokument)
    if not attestlage.ar_attesterad(tu) or slutversion is None:
        raise ValidationError(
            "Tjänsteutlåtandet har ingen gällande attest och slutlig PDF och kan inte anmälas."
        )
    if not remiss.namnder.filter(pk=sammantrade.namnd_id).exists():
        raise ValidationError(
            {
                "sammantrade": f"{sammantrade.namnd} svarar inte på remissen. Välj ett "
                "sammanträde i en nämnd som svarar."
            }
        )
    if not user.is_superuser and sammantrade.namnd.forvaltning_id != user.forvaltning_id:
        raise ValidationError(
            {
                "sammantrade": f"{sammantrade.namnd} bereds av en annan förvaltning. Dess "
                "nämndsekreterare anmäler ärendet till nämndens sammanträden."
            }
        )
    if sammantrade.status not in KOMMANDE_STATUSES:
        raise ValidationError(
            {"sammantrade": "Sammanträdet har redan hållits. Välj ett kommande sammanträde."}
        )
    namnd_anmald(user=user, remiss=remiss, sammantrade=sammantrade)
    punkt = arende_anmal(
        user=user,
        sammantrade=sammantrade,
        kalla=namndkoppling.NAMN,
        referens=namndkoppling.referens_for(remiss, sammantrade.namnd),
        rubrik=dokument.rubrik,
        diarienummer=dokument.diarienummer,
        forslag_till_beslut=_forslag_till_beslut(dokument),
        handlingar=_handlingar(tu, slutversion),
    )
    events.record(
        remiss,
        "anmald_till_sammantrade",
        user=user,
        namnd=svenska.genitiv(sammantrade.namnd.namn),
        datum=svenska.datum_i_huvud(sammantrade.datum),
    )
    return punkt
