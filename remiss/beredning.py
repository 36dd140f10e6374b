"""The "Ärendets beredning" paragraph, written from the beredningssteg.

Each kind of step has one sentence per outcome. The wording distinguishes a body that *has
treated* the matter from one that *has had the opportunity to treat* it, as Stockholm's
documents do. A step without a date leaves the date out.

The paragraph tells the steps in date order, whatever order they were entered in. Steps without
a date come first: only preparation within the förvaltning may lack one, and that work comes
before the dated consultations (as in the reference document, KS 2024/112). Steps on the same
day, and undated steps among themselves, keep the order they were entered in.
"""

import datetime as dt
from collections.abc import Iterable

from nameden.svenska import datum_i_text, versal_forst
from remiss.models.tjansteutlatande import Beredningssteg, Beredningstyp, Utfall

T, U = Beredningstyp, Utfall

#: (typ, utfall) → sentence. {vem} is the step's motpart, {den} is " den 17 april 2024".
MENINGAR: dict[tuple[str, str], str] = {
    (T.INTERN, U.BEHANDLAT): "Ärendet har beretts inom {vem}.",
    (T.INTERN, U.MOJLIGHET): "Ärendet har beretts inom {vem}.",
    (T.FORVALTNINGSGRUPP, U.BEHANDLAT): "Förvaltningsgruppen har behandlat ärendet{den}.",
    (
        T.FORVALTNINGSGRUPP,
        U.MOJLIGHET,
    ): "Förvaltningsgruppen har haft möjlighet att behandla ärendet{den}.",
    (
        T.FUNKTIONSHINDERRAD,
        U.BEHANDLAT,
    ): "Rådet för funktionshinderfrågor har behandlat ärendet{den}.",
    (
        T.FUNKTIONSHINDERRAD,
        U.MOJLIGHET,
    ): "Rådet för funktionshinderfrågor har haft möjlighet att behandla ärendet{den}.",
    (T.PENSIONARSRAD, U.BEHANDLAT): "Pensionärsrådet har behandlat ärendet{den}.",
    (T.PENSIONARSRAD, U.MOJLIGHET): "Pensionärsrådet har haft möjlighet att behandla ärendet{den}.",
    (T.SAMRAD, U.BEHANDLAT): "Samråd har skett med {vem}{den}.",
    (T.SAMRAD, U.MOJLIGHET): "{Vem} har haft möjlighet att lämna synpunkter på ärendet{den}.",
    (T.ANNAT, U.BEHANDLAT): "{Vem} har behandlat ärendet{den}.",
    (T.ANNAT, U.MOJLIGHET): "{Vem} har haft möjlighet att behandla ärendet{den}.",
}

#: Steps that need a motpart to make a sentence.
KRAVER_MOTPART = frozenset({T.INTERN, T.SAMRAD, T.ANNAT})


def mening(steg: Beredningssteg) -> str:
    den = f" den {datum_i_text(steg.datum)}" if steg.datum else ""
    vem = steg.motpart.strip()
    return MENINGAR[(steg.typ, steg.utfall)].format(vem=vem, Vem=versal_forst(vem), den=den)


def i_datumordning(steg: Iterable[Beredningssteg]) -> list[Beredningssteg]:
    """The steps as the paragraph tells them: undated first, then by date, then as entered.

    `selectors.beredningssteg_lista` orders the page's table the same way in SQL.
    """
    return sorted(
        steg, key=lambda s: (s.datum is not None, s.datum or dt.date.min, s.ordning, s.pk or 0)
    )


def beredningstext(steg: Iterable[Beredningssteg]) -> str:
    """One paragraph: the sentences of every step, in date order (see the module docstring)."""
    return " ".join(mening(s) for s in i_datumordning(steg))
