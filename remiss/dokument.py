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

from django.utils.safestring import SafeString

from nameden import markering
from nameden.markering import stycken  # plain paragraphs; also read from here by callers
from remiss.models import Avsnittstyp, Tjansteutlatande


@dataclass(frozen=True)
class Avsnitt:
    """One section. A text section is either plain paragraphs (`stycken`: every document
    written before the markup, and any text that uses none of it) or, when its text uses the
    markup (`nameden.markering`), that text as written (`text`) in `textformat`."""

    nyckel: str
    rubrik: str
    typ: str
    stycken: tuple[str, ...] = ()
    punkter: tuple[str, ...] = ()
    textformat: str = ""
    text: str = ""

    def html(self, *, rubrikniva: int = markering.RUBRIKNIVA) -> SafeString:
        """The section's text as the PDF prints it (sub-headings at `rubrikniva`): one
        renderer for the PDF and every preview."""
        if self.textformat == markering.FORMAT:
            return markering.html(self.text, rubrikniva=rubrikniva)
        return markering.stycken_html(self.stycken)


#: Keys a plain section never has in `Dokument.as_dict`: the JSON of every document that uses
#: no markup, and so every fingerprint ever taken, stays byte for byte what it was.
_MARKERINGSNYCKLAR = ("textformat", "text")


def avsnitt_av(data: dict) -> Avsnitt:
    """A section of `Tjansteutlatande.avsnitt` as the document reads it.

    The text is read as markup only when the section was created with it (its ``format``
    is `markering.FORMAT`, set by `tjansteutlatande_skapa` since issue 9) and uses it: an
    older document whose paragraph begins with "1. " or "- " keeps that paragraph.
    """
    typ = data["typ"]
    punkter = tuple(data.get("punkter", ()))
    if typ == Avsnittstyp.BESLUTSPUNKTER:
        return Avsnitt(data["nyckel"], data["rubrik"], typ, punkter=punkter)
    text = data.get("text", "")
    if data.get("format") == markering.FORMAT and markering.anvander_markering(text):
        return Avsnitt(
            data["nyckel"],
            data["rubrik"],
            typ,
            punkter=punkter,
            textformat=markering.FORMAT,
            text=text,
        )
    return Avsnitt(data["nyckel"], data["rubrik"], typ, stycken=stycken(text), punkter=punkter)


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
        for avsnitt in data["avsnitt"]:
            if not avsnitt["textformat"]:
                for key in _MARKERINGSNYCKLAR:
                    del avsnitt[key]
        for key in ("sammantradesdatum", "datum"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        return data


def dokument_for(tu: Tjansteutlatande) -> Dokument:
    """Read the document from its own rows: no remiss, user, nämnd or förvaltning is read."""
    avsnitt = tuple(avsnitt_av(a) for a in tu.avsnitt)
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
