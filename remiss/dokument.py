"""The tjänsteutlåtande as one plain, immutable value: what the document says.

Everything that shows or binds the document's content reads it from here: the preview page,
the PDF, the comparison with the reference and the attestation fingerprint. Keeping one
reader means they cannot disagree about what the document contains.

`dokument_for` reads the document's own rows only (the tjänsteutlåtande, its bilagor and
beredningssteg), never the remiss, the handläggare, the nämnd or the förvaltning: the header
is a copy made when the document was created (see `remiss.dokumenthuvud`), so an
organisation change never changes a written document or voids its attestation.
"""

import datetime as dt
from dataclasses import asdict, dataclass

from remiss.models import Avsnittstyp, Tjansteutlatande


def stycken(text: str) -> tuple[str, ...]:
    """Paragraphs: blocks separated by a blank line, inner line breaks folded to spaces."""
    blocks = (" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n"))
    return tuple(block for block in blocks if block)


@dataclass(frozen=True)
class Avsnitt:
    nyckel: str
    rubrik: str
    typ: str
    stycken: tuple[str, ...] = ()
    punkter: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    namn: str
    titel: str
    forvaltning: str


@dataclass(frozen=True)
class BilagaRad:
    nummer: int
    titel: str
    sha256: str


@dataclass(frozen=True)
class BeredningRad:
    """A recorded beredning step. Part of the content an attestation binds to, even while
    the section text is edited by hand and no longer follows the steps."""

    typ: str
    motpart: str
    datum: str  # ISO date, or "" when the step has none
    utfall: str


@dataclass(frozen=True)
class AttestRad:
    """One line of the "Attesterat av" block: "Lisa Cadenius, Avdelningschef  2024-04-11"."""

    namn: str
    titel: str
    datum: dt.date


@dataclass(frozen=True)
class Dokument:
    forvaltning: str
    dokumenttyp: str
    diarienummer: str
    handlaggare: str
    telefon: str
    till: tuple[str, ...]
    sammantradesdatum: dt.date | None
    rubrik: str
    underrubrik: str
    avsnitt: tuple[Avsnitt, ...]
    undertecknare: tuple[Person, ...]
    bilagor: tuple[BilagaRad, ...]
    beredning: tuple[BeredningRad, ...] = ()
    # The rest of the header, stored since migration 0005 (fingerprint format remiss-tu/2).
    # The Stockholm layout prints none of them yet; which a mall prints is issue 9.
    enhet: str = ""
    #: The handläggare's titel and e-post (like `telefon`, the handläggare's own).
    titel: str = ""
    epost: str = ""
    #: The document's date.
    datum: dt.date | None = None

    def as_dict(self) -> dict:
        """A JSON-ready form (dates as ISO strings), stable in key order."""
        data = asdict(self)
        for key in ("sammantradesdatum", "datum"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        return data


def dokument_for(tu: Tjansteutlatande) -> Dokument:
    """Read the document from its own rows: no remiss, user, nämnd or förvaltning is read."""
    avsnitt = tuple(
        Avsnitt(
            nyckel=a["nyckel"],
            rubrik=a["rubrik"],
            typ=a["typ"],
            stycken=() if a["typ"] == Avsnittstyp.BESLUTSPUNKTER else stycken(a["text"]),
            punkter=tuple(a.get("punkter", ())),
        )
        for a in tu.avsnitt
    )
    return Dokument(
        forvaltning=tu.forvaltning_namn,
        dokumenttyp=tu.dokumenttyp,
        diarienummer=tu.diarienummer,
        handlaggare=tu.handlaggare_namn,
        telefon=tu.handlaggare_telefon,
        till=tuple(tu.till),
        sammantradesdatum=tu.sammantradesdatum,
        rubrik=tu.rubrik,
        underrubrik=tu.underrubrik,
        avsnitt=avsnitt,
        undertecknare=tuple(
            Person(namn=u["namn"], titel=u["titel"], forvaltning=u["forvaltning"])
            for u in tu.undertecknare
        ),
        bilagor=tuple(
            BilagaRad(nummer=b.ordning, titel=b.titel, sha256=b.sha256)
            for b in tu.bilagor.order_by("ordning")
        ),
        beredning=tuple(
            BeredningRad(
                typ=b.typ,
                motpart=b.motpart,
                datum=b.datum.isoformat() if b.datum else "",
                utfall=b.utfall,
            )
            for b in tu.beredningssteg.all()
        ),
        enhet=tu.enhet,
        titel=tu.handlaggare_titel,
        epost=tu.handlaggare_epost,
        datum=tu.datum,
    )
