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
from remiss.huvudlayout import STANDARDLAYOUT, Layout, layout_av
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
    #: Printed after the signatories ("Beslut sänds till"), as the mall's section says.
    efter_undertecknare: bool = False

    def html(self, *, rubrikniva: int = markering.RUBRIKNIVA) -> SafeString:
        """The section's text as the PDF prints it (sub-headings at `rubrikniva`): one
        renderer for the PDF and every preview."""
        if self.textformat == markering.FORMAT:
            return markering.html(self.text, rubrikniva=rubrikniva)
        return markering.stycken_html(self.stycken)


#: Keys a plain section never has in `Dokument.as_dict`: the JSON of every document that uses
#: no markup, and so every fingerprint ever taken, stays byte for byte what it was.
_MARKERINGSNYCKLAR = ("textformat", "text")


def _tom(data: dict) -> bool:
    return not (data.get("text", "").strip() or data.get("punkter"))


def avsnitt_av(data: dict) -> Avsnitt:
    """A section of `Tjansteutlatande.avsnitt` as the document reads it.

    The text is read as markup only when the section was created with it (its ``format``
    is `markering.FORMAT`, set by `tjansteutlatande_skapa` since issue 9) and uses it: an
    older document whose paragraph begins with "1. " or "- " keeps that paragraph.
    """
    typ = data["typ"]
    punkter = tuple(data.get("punkter", ()))
    efter = bool(data.get("efter_undertecknare"))
    if typ == Avsnittstyp.BESLUTSPUNKTER:
        return Avsnitt(
            data["nyckel"], data["rubrik"], typ, punkter=punkter, efter_undertecknare=efter
        )
    text = data.get("text", "")
    if data.get("format") == markering.FORMAT and markering.anvander_markering(text):
        return Avsnitt(
            data["nyckel"],
            data["rubrik"],
            typ,
            punkter=punkter,
            textformat=markering.FORMAT,
            text=text,
            efter_undertecknare=efter,
        )
    return Avsnitt(
        data["nyckel"],
        data["rubrik"],
        typ,
        stycken=stycken(text),
        punkter=punkter,
        efter_undertecknare=efter,
    )


@dataclass(frozen=True)
class Person:
    namn: str
    titel: str
    forvaltning: str


@dataclass(frozen=True)
class Kontaktperson:
    """A handläggare or kontaktperson as the header prints them."""

    namn: str
    titel: str = ""
    telefon: str = ""
    epost: str = ""
    forvaltning: str = ""


@dataclass(frozen=True)
class Beteckning:
    """One förvaltning's diarienummer for the document ("Vår beteckning")."""

    forvaltning: str
    diarienummer: str


@dataclass(frozen=True)
class Mottagare:
    """One "Till" entry: a nämnd, with its own meeting date when it has one."""

    namn: str
    datum: dt.date | None = None


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
    # --- Issue 9: the header and layout the document copied from its mall, and the header's
    # lists. Each is in `as_dict` only when it is not its default, which is what a document
    # made before it printed (`_NYA_NYCKLAR`): old fingerprints stay what they were.
    layout: Layout = STANDARDLAYOUT
    #: "Er beteckning"; empty: the sender has none (or the document predates the copy).
    avsandarens_diarienummer: str = ""
    #: A joint document's other kontaktpersoner and diarienummer, after the first entry
    #: (the single fields above): see `kontaktpersoner` and `beteckningar`.
    ovriga_kontaktpersoner: tuple[Kontaktperson, ...] = ()
    ovriga_beteckningar: tuple[Beteckning, ...] = ()
    #: Each `till` entry's own date, in order; empty: `sammantradesdatum` for them all.
    till_datum: tuple[dt.date | None, ...] = ()
    #: The kommun's grafisk profil as copied at creation (`nameden.grafiskprofil`), when the
    #: layout prints its logotyp or footer; None otherwise.
    profil: dict | None = None

    @property
    def kontaktpersoner(self) -> tuple[Kontaktperson, ...]:
        """The handläggare (the single fields) first, then a joint document's others."""
        forsta = Kontaktperson(
            self.handlaggare, self.titel, self.telefon, self.epost, self.forvaltning
        )
        return (forsta, *self.ovriga_kontaktpersoner)

    @property
    def beteckningar(self) -> tuple[Beteckning, ...]:
        return (Beteckning(self.forvaltning, self.diarienummer), *self.ovriga_beteckningar)

    @property
    def mottagare(self) -> tuple[Mottagare, ...]:
        datum = self.till_datum
        return tuple(
            Mottagare(namn, datum[i] if i < len(datum) else None)
            for i, namn in enumerate(self.till)
        )

    def huvudavsnitt(self) -> tuple[Avsnitt, ...]:
        return tuple(a for a in self.avsnitt if not a.efter_undertecknare)

    def avsnitt_efter_undertecknare(self) -> tuple[Avsnitt, ...]:
        return tuple(a for a in self.avsnitt if a.efter_undertecknare)

    def as_dict(self) -> dict:
        """A JSON-ready form (dates as ISO strings), stable in key order."""
        data = asdict(self)
        for avsnitt in data["avsnitt"]:
            if not avsnitt["textformat"]:
                for key in _MARKERINGSNYCKLAR:
                    del avsnitt[key]
            if not avsnitt["efter_undertecknare"]:
                del avsnitt["efter_undertecknare"]
        for key in ("sammantradesdatum", "datum"):
            value = getattr(self, key)
            data[key] = value.isoformat() if value else None
        for key in _NYA_NYCKLAR:
            if getattr(self, key) == _STANDARD[key]:
                del data[key]
        if "till_datum" in data:
            data["till_datum"] = [d.isoformat() if d else None for d in self.till_datum]
        if "layout" in data:
            data["layout"] = self.layout.as_dict()
        return data


#: `Dokument` fields a document made before issue 9's header had none of: left out of
#: `as_dict` while they hold their default, like `_MARKERINGSNYCKLAR` in a section.
_NYA_NYCKLAR = (
    "layout",
    "avsandarens_diarienummer",
    "ovriga_kontaktpersoner",
    "ovriga_beteckningar",
    "till_datum",
    "profil",
)
_STANDARD = {
    "layout": STANDARDLAYOUT,
    "avsandarens_diarienummer": "",
    "ovriga_kontaktpersoner": (),
    "ovriga_beteckningar": (),
    "till_datum": (),
    "profil": None,
}


def dokument_for(tu: Tjansteutlatande) -> Dokument:
    """Read the document from its own rows: no remiss, user, nämnd or förvaltning is read.

    A mall that leaves out empty optional sections (its layout, copied into the document)
    leaves them out of the document itself: what is not printed is not part of what it says.
    """
    layout = layout_av(tu.layout)
    avsnitt = tuple(
        avsnitt_av(a)
        for a in tu.avsnitt
        if not (layout.utelamna_tomma_avsnitt and not a.get("obligatorisk", True) and _tom(a))
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
        layout=layout,
        avsandarens_diarienummer=tu.avsandarens_diarienummer,
        ovriga_kontaktpersoner=tuple(
            Kontaktperson(**{k: p.get(k, "") for k in _KONTAKTNYCKLAR})
            for p in tu.ovriga_kontaktpersoner
        ),
        ovriga_beteckningar=tuple(
            Beteckning(b.get("forvaltning", ""), b.get("diarienummer", ""))
            for b in tu.ovriga_beteckningar
        ),
        till_datum=tuple(dt.date.fromisoformat(d) if d else None for d in tu.till_datum),
        profil=tu.profil or None,
    )


_KONTAKTNYCKLAR = ("namn", "titel", "telefon", "epost", "forvaltning")
