"""The protokoll as PDF/A: the template, its metadata, and a render of it as it reads now.

The machinery (WeasyPrint, the safe fetcher, fonts, the PDF/A check) is `nameden.pdf`; this
module knows what a protokoll prints. The full version prints every §; the public version
(`offentlig=True`) prints a sekretess punkt's § as one line, "§ N Sekretess enligt OSL",
without its text. A draft (`utkast=True`) is marked UTKAST on every page. The justerat
versions are rendered once and stored (`nameden.services.protokoll`); later reads serve the
stored files (`nameden.protokoll.filer`).
"""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from nameden.kommunallag import sista_dag_for_overklagande
from nameden.models import Anslag, Paragraf, Protokoll, Sammantrade
from nameden.pdf import RenderedPdf, render_pdf
from nameden.pdf.metadata import w3c_datum, xmp_description
from nameden.pdf.sidhuvud import Sidhuvud
from nameden.protokoll import lage
from nameden.protokoll.innehall import ProtokollInnehall, protokoll_innehall
from nameden.svenska import datum_i_huvud

TEMPLATE = "pdf/protokoll.html"
STYLESHEET = "pdf/protokoll.css"
GENERATOR = "Remisshantering"
DOKUMENTTYP = "Protokoll"


@dataclass(frozen=True)
class Underskrift:
    """One name in the Underskrifter block, with its digital justering once made."""

    roll: str
    namn: str
    justerad: dt.date | None = None
    sen_skal: str = ""


@dataclass(frozen=True)
class Anslagsbevis:
    organ: str
    sammantradesdatum: dt.date
    justerat: dt.date
    anslaget: dt.date
    nedtas: dt.date
    sista_dag_for_overklagande: dt.date
    forvaringsplats: str
    underskrift: str
    sen_skal: str = ""


def render_protokoll(
    innehall: ProtokollInnehall,
    *,
    underskrifter: Sequence[Underskrift],
    omedelbart: Mapping[int, Sequence[Underskrift]] | None = None,
    anslagsbevis: Anslagsbevis | None = None,
    utkast: bool,
    offentlig: bool = False,
    skapad,
    andrad,
) -> RenderedPdf:
    """The protokoll as PDF/A with the HTML it came from (tests read both).

    `underskrifter`: Sekreterare, Ordförande, Justerare, each with its justering date if any;
    `omedelbart`: per paragraf pk, who justerade it at the meeting. `skapad` and `andrad`
    become the PDF's dates: from the data, never the clock.
    """
    html = render_to_string(
        TEMPLATE,
        {
            "p": innehall,
            "sidhuvud": _sidhuvud(innehall, utkast=utkast, offentlig=offentlig),
            "underskrifter": list(underskrifter),
            "paragrafrader": [
                (par, list((omedelbart or {}).get(par.pk, ()))) for par in innehall.paragrafer
            ],
            "anslagsbevis": anslagsbevis,
            "utkast": utkast,
            "offentlig": offentlig,
            "skapad": w3c_datum(skapad),
            "andrad": w3c_datum(andrad),
            "generator": GENERATOR,
            "titel": _titel(innehall, offentlig=offentlig),
        },
    )
    xmp = xmp_description(
        identifier=f"{innehall.namnd} {innehall.datum:%Y-%m-%d} {innehall.paragrafintervall}",
        publisher=innehall.forvaltning,
        typ=DOKUMENTTYP,
    )
    pdf, sidor = render_pdf(html, xmp=xmp, stylesheet=STYLESHEET)
    return RenderedPdf(html=html, pdf=pdf, sidor=sidor)


def _sidhuvud(innehall: ProtokollInnehall, *, utkast: bool, offentlig: bool) -> Sidhuvud:
    rad = f"Sammanträde {datum_i_huvud(innehall.datum)}"
    if innehall.paragrafintervall:
        rad = f"{rad}, {innehall.paragrafintervall}"
    return Sidhuvud(
        organ=innehall.namnd,
        typ=f"{DOKUMENTTYP} (offentlig version)" if offentlig else DOKUMENTTYP,
        rad=rad,
        markering="UTKAST" if utkast else "",
    )


def _titel(innehall: ProtokollInnehall, *, offentlig: bool) -> str:
    titel = f"Protokoll {innehall.namnd} {innehall.datum:%Y-%m-%d}"
    return f"{titel} (offentlig version)" if offentlig else titel


def _datum(tidpunkt: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(tidpunkt) if tidpunkt is not None else None


def underskrifter(protokoll: Protokoll | None, innehall: ProtokollInnehall) -> list[Underskrift]:
    """Sekreterare, ordförande, justerare, each with their justering in force."""
    ut = [Underskrift(roll="Sekreterare", namn=innehall.sekreterare)]
    if protokoll is None or not protokoll.pk:
        return ut
    for kravd in lage.lage(protokoll, innehall):
        j = kravd.justering
        ut.append(
            Underskrift(
                roll=kravd.roll_text,
                namn=str(kravd.fortroendevald),
                justerad=_datum(j.justerat_at) if j else None,
                sen_skal=j.sen_skal if j else "",
            )
        )
    return ut


def omedelbara(protokoll: Protokoll | None, innehall: ProtokollInnehall):
    """Per paragraf pk marked omedelbar justering: who has justerat it, and when."""
    if protokoll is None or not protokoll.pk:
        return {}
    ut = {}
    for p in innehall.paragrafer:
        if not p.omedelbar_justering:
            continue
        paragraf = Paragraf(pk=p.pk, omedelbar_justering=True)
        ut[p.pk] = [
            Underskrift(
                roll=k.roll_text,
                namn=str(k.fortroendevald),
                justerad=_datum(k.justering.justerat_at) if k.justering else None,
            )
            for k in lage.lage(protokoll, innehall, paragraf=paragraf)
        ]
    return ut


def anslagsbevis_for(anslag: Anslag, protokoll: Protokoll, innehall) -> Anslagsbevis:
    anvandare = anslag.anslaget_av
    return Anslagsbevis(
        organ=innehall.namnd,
        sammantradesdatum=innehall.datum,
        justerat=timezone.localdate(protokoll.justerat_at),
        anslaget=anslag.anslaget,
        nedtas=anslag.nedtas,
        sista_dag_for_overklagande=sista_dag_for_overklagande(anslag.anslaget),
        forvaringsplats=anslag.forvaringsplats,
        underskrift=(anvandare.get_full_name() or anvandare.username) if anvandare else "",
        sen_skal=anslag.sen_skal,
    )


def pdf_datum(protokoll: Protokoll | None, sammantrade: Sammantrade) -> tuple:
    """(created, modified) for the metadata: from the protokoll's history, never the clock."""
    if protokoll is None or not protokoll.pk:
        return sammantrade.datum, sammantrade.datum
    datum = list(protokoll.history.order_by("history_date").values_list("history_date", flat=True))
    if not datum:
        return sammantrade.datum, sammantrade.datum
    andrad = protokoll.justerat_at or datum[-1]
    return datum[0], max(andrad, datum[0])


def protokoll_pdf(
    sammantrade: Sammantrade,
    protokoll: Protokoll | None,
    *,
    offentlig: bool = False,
    anslag: Anslag | None = None,
    utkast: bool | None = None,
) -> RenderedPdf:
    """Render the protokoll as it reads now: UTKAST unless it is justerat (`utkast` may
    force it), with the anslagsbevis when `anslag` is given."""
    innehall = protokoll_innehall(sammantrade, protokoll)
    justerat = protokoll is not None and protokoll.justerat_at is not None
    skapad, andrad = pdf_datum(protokoll, sammantrade)
    return render_protokoll(
        innehall,
        underskrifter=underskrifter(protokoll, innehall),
        omedelbart=omedelbara(protokoll, innehall),
        anslagsbevis=anslagsbevis_for(anslag, protokoll, innehall) if anslag else None,
        utkast=(not justerat) if utkast is None else utkast,
        offentlig=offentlig,
        skapad=skapad,
        andrad=andrad,
    )
