"""Every read the utskick pages need, with their joins (the writes are
`nameden.services.utskick`). A sammanträde the user may not see is a 404, and so is a
paragraf or utdrag of another sammanträde."""

from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.shortcuts import get_object_or_404

from nameden import arendekallor, selectors
from nameden.models import Expediering, Paragraf, Protokoll, Protokollsutdrag, Sammantrade
from nameden.protokoll import lage
from nameden.protokoll.innehall import protokoll_innehall

#: Rows per page of a paragraf's utdrag and expedieringar.
PER_SIDA = 20


def paragraf_for(user, sammantrade_pk: int, paragraf_pk: int) -> Paragraf:
    """A paragraf of a sammanträde `user` may see, with its punkt and ärende; 404 otherwise."""
    sammantrade = selectors.sammantrade_for(user, sammantrade_pk)
    paragraf = get_object_or_404(
        Paragraf.objects.select_related("punkt__arende"),
        pk=paragraf_pk,
        punkt__sammantrade_id=sammantrade.pk,
    )
    paragraf.punkt.sammantrade = sammantrade
    return paragraf


def utdrag_for(paragraf: Paragraf, utdrag_pk: int) -> Protokollsutdrag:
    utdrag = get_object_or_404(Protokollsutdrag.objects.filter(paragraf=paragraf), pk=utdrag_pk)
    utdrag.paragraf = paragraf
    return utdrag


def utdrag_lista(paragraf: Paragraf) -> QuerySet[Protokollsutdrag]:
    return paragraf.utdrag.select_related("bestyrkt_av").order_by("-bestyrkt_at", "-pk")


def expedieringar(paragraf: Paragraf) -> QuerySet[Expediering]:
    return paragraf.expedieringar.select_related("skickat_av").order_by("-skickat_at", "-pk")


def mottagare_fran_kallan(paragraf: Paragraf) -> tuple[tuple[str, ...], str]:
    """(the källa's addresses for the punkt's ärende, a note when it cannot say), for the form
    page. The service asks again when it sends: this is only what the page shows."""
    arende = paragraf.punkt.arende
    if arende is None:
        return (), "Punkten har inget ärende från en ärendekälla: ange mottagarna själv."
    try:
        return tuple(arendekallor.kalla_for(arende.kalla).mottagare(arende.referens)), ""
    except (LookupError, arendekallor.ArendeSaknas):
        return (), "Ärendets källa kunde inte ange någon adress: ange mottagarna själv."


@dataclass
class UtskickLage:
    """What the sammanträde's page shows for each beslutad paragraf."""

    paragraf: Paragraf
    justerad: bool
    antal_utdrag: int
    antal_expedieringar: int
    senast_expedierad: object


def utskick_paragrafer(sammantrade: Sammantrade) -> list[UtskickLage]:
    """The sammanträde's beslutade paragrafer in § order, each with whether it is justerad
    and how much has gone out: three queries however many there are (plus one per
    omedelbart justerad paragraf while the whole protokoll is not justerat)."""
    paragrafer = list(
        Paragraf.objects.filter(punkt__sammantrade_id=sammantrade.pk)
        .exclude(slag="")
        .select_related("punkt")
        .annotate(
            antal_utdrag=Count("utdrag", distinct=True),
            antal_expedieringar=Count("expedieringar", distinct=True),
            senast_expedierad=Max("expedieringar__skickat_at"),
        )
        .order_by("nummer")
    )
    if not paragrafer:
        return []
    protokoll = Protokoll.objects.filter(sammantrade_id=sammantrade.pk).first()
    protokoll_justerat = protokoll is not None and protokoll.justerat_at is not None
    omedelbart_justerade: set[int] = set()
    omedelbara = [p for p in paragrafer if p.omedelbar_justering]
    if protokoll is not None and not protokoll_justerat and omedelbara:
        # The protokoll's content is read once for every omedelbart justerad paragraf, not
        # once per paragraf (it takes a dozen queries).
        innehall = protokoll_innehall(sammantrade, protokoll)
        omedelbart_justerade = {
            p.pk for p in omedelbara if lage.omedelbart_justerad_at(protokoll, innehall, p)
        }
    rader = []
    for p in paragrafer:
        p.punkt.sammantrade = sammantrade
        justerad = protokoll_justerat or p.pk in omedelbart_justerade
        rader.append(
            UtskickLage(
                paragraf=p,
                justerad=justerad,
                antal_utdrag=p.antal_utdrag,
                antal_expedieringar=p.antal_expedieringar,
                senast_expedierad=p.senast_expedierad,
            )
        )
    return rader
