"""What the document's header prints and in which order its blocks stand, from the document
alone: the PDF (templates/pdf/tjansteutlatande.html) and the preview
(templates/remiss/_dokument.html) both render from here, so they cannot disagree.

The header is a set of columns of paragraphs (`Stycke`), filled field by field from the
layout the document copied from its mall (`Dokument.layout`). For Stockholm's layout the
paragraphs and their classes are exactly those the fixed header printed, so every document
made before the header was configurable renders to the same bytes.

Nothing here reads the database.
"""

from dataclasses import dataclass, field

from nameden.svenska import datum_i_huvud
from remiss.dokument import Dokument
from remiss.huvudlayout import Huvudrad
from remiss.models.mallhuvud import SIDHUVUD, Etikettform, Huvudfalt, Placering
from remiss.models.remiss import INGET_AVSANDARDIARIENUMMER

#: The label Stockholm's "Sida X (Y)" is printed with entirely by the stylesheet (bas.css).
_SIDA_STANDARD = "Sida"


@dataclass(frozen=True)
class Stycke:
    """One line of the header. `klass` is its CSS class; `markering` (UTKAST) follows the
    text in its own span; `sida` marks the page number, which only the PDF can print (its
    stylesheet's counters); `tips` is what the preview says when the value is missing."""

    text: str
    klass: str = ""
    markering: str = ""
    sida: bool = False
    tips: str = ""


@dataclass(frozen=True)
class Huvudvy:
    sidhuvud_vanster: tuple[Stycke, ...] = ()
    sidhuvud_hoger: tuple[Stycke, ...] = ()
    forsta_vanster: tuple[Stycke, ...] = ()
    forsta_hoger: tuple[Stycke, ...] = ()
    forsta_under: tuple[Stycke, ...] = ()

    @property
    def forsta_sidan(self) -> bool:
        return bool(self.forsta_vanster or self.forsta_hoger or self.forsta_under)


@dataclass
class _Kolumn:
    placering: str
    stycken: list[Stycke] = field(default_factory=list)
    falt: int = 0

    @property
    def i_sidhuvudet(self) -> bool:
        return self.placering in SIDHUVUD


def _rader(dokument: Dokument, rad: Huvudrad) -> list[str]:
    """The lines a field prints, without its label; none when the document has no value."""
    falt = rad.falt
    if falt == Huvudfalt.FORVALTNING:
        return list(dict.fromkeys(b.forvaltning for b in dokument.beteckningar if b.forvaltning))
    if falt == Huvudfalt.ENHET:
        return [dokument.enhet] if dokument.enhet else []
    if falt == Huvudfalt.DOKUMENTTYP:
        return [dokument.dokumenttyp]
    if falt == Huvudfalt.DIARIENUMMER:
        beteckningar = dokument.beteckningar
        if len(beteckningar) == 1:
            return [beteckningar[0].diarienummer]
        return [f"{b.diarienummer} ({b.forvaltning})" for b in beteckningar]
    if falt == Huvudfalt.ER_BETECKNING:
        return [dokument.avsandarens_diarienummer or INGET_AVSANDARDIARIENUMMER]
    if falt == Huvudfalt.DATUM:
        return [datum_i_huvud(dokument.datum)] if dokument.datum else []
    if falt == Huvudfalt.TILL:
        return _till(dokument)
    raise ValueError(falt)


def _till(dokument: Dokument) -> list[str]:
    """Each nämnd, with its own date under it when it has one; else the one meeting date
    after them all (as every document of one nämnd has always printed)."""
    rader = []
    for mottagare in dokument.mottagare:
        rader.append(mottagare.namn)
        if mottagare.datum:
            rader.append(datum_i_huvud(mottagare.datum))
    if dokument.sammantradesdatum and not any(m.datum for m in dokument.mottagare):
        rader.append(datum_i_huvud(dokument.sammantradesdatum))
    return rader


def _kontaktpersoner(dokument: Dokument, rad: Huvudrad) -> list[list[str]]:
    """Each person's lines: the name, then the titel, telefon and e-post the mall asks for,
    and in a joint document the förvaltning the person speaks for."""
    personer = dokument.kontaktpersoner
    flera_forvaltningar = len({p.forvaltning for p in personer}) > 1
    grupper = []
    for person in personer:
        rader = [person.namn]
        if rad.med_titel and person.titel:
            rader.append(person.titel)
        if rad.med_telefon and person.telefon:
            rader.append(f"Telefon: {person.telefon}")
        if rad.med_epost and person.epost:
            rader.append(f"E-post: {person.epost}")
        if flera_forvaltningar and person.forvaltning:
            rader.append(person.forvaltning)
        grupper.append(rader)
    return grupper


def _klass(kolumn: _Kolumn, falt: str) -> str:
    if not kolumn.i_sidhuvudet:
        return ""
    return {Huvudfalt.FORVALTNING: "sidhuvud__organ", Huvudfalt.DOKUMENTTYP: "sidhuvud__typ"}.get(
        falt, ""
    )


def _lagg_till(kolumn: _Kolumn, rad: Huvudrad, grupper: list[list[str]]) -> None:
    """The field's lines with its label (on its own line above, or before the first line),
    a little apart from the field above it on the first page (class ``huvud__nytt``)."""
    if not any(grupper):
        return
    stycken = []
    if rad.etikett and rad.etikettform == Etikettform.OVANFOR:
        stycken.append(Stycke(rad.etikett, "etikett"))
    klass = _klass(kolumn, rad.falt)
    for nummer, rader in enumerate(grupper):
        for i, text in enumerate(rader):
            ny = "huvud__person" if nummer > 0 and i == 0 else ""
            stycken.append(Stycke(text, " ".join(filter(None, (klass, ny)))))
    if rad.etikett and rad.etikettform == Etikettform.FORE:
        forsta = stycken[0]
        stycken[0] = Stycke(f"{rad.etikett} {forsta.text}", forsta.klass)
    if kolumn.falt and not kolumn.i_sidhuvudet:
        forsta = stycken[0]
        stycken[0] = Stycke(forsta.text, " ".join(filter(None, (forsta.klass, "huvud__nytt"))))
    kolumn.stycken.extend(stycken)
    kolumn.falt += 1


def _sida(kolumn: _Kolumn, rad: Huvudrad) -> None:
    """Stockholm's "Sida X (Y)" is all the stylesheet's; another label is the text before
    the counters (class ``sidhuvud__sida--egen``)."""
    if rad.etikett == _SIDA_STANDARD and rad.etikettform == Etikettform.FORE:
        kolumn.stycken.append(Stycke("", "sidhuvud__sida", sida=True))
    else:
        fore = f"{rad.etikett} " if rad.etikett and rad.etikettform == Etikettform.FORE else ""
        if rad.etikett and rad.etikettform == Etikettform.OVANFOR:
            kolumn.stycken.append(Stycke(rad.etikett, "etikett"))
        kolumn.stycken.append(Stycke(fore, "sidhuvud__sida sidhuvud__sida--egen", sida=True))
    kolumn.falt += 1


def huvudvy(dokument: Dokument, *, markering: str = "") -> Huvudvy:
    """The header of `dokument` as its layout places it; `markering` (UTKAST) follows the
    document type in the running header, or heads its right column when the layout has no
    document type there."""
    kolumner = {p: _Kolumn(p) for p in Placering.values}
    markerad = False
    for rad in dokument.layout.huvud:
        kolumn = kolumner[rad.placering]
        if rad.falt == Huvudfalt.SIDA:
            _sida(kolumn, rad)
        elif rad.falt == Huvudfalt.KONTAKTPERSON:
            _lagg_till(kolumn, rad, _kontaktpersoner(dokument, rad))
        elif rad.falt == Huvudfalt.TILL:
            _lagg_till(kolumn, rad, [_till(dokument)])
            if not (dokument.sammantradesdatum or any(m.datum for m in dokument.mottagare)):
                kolumn.stycken.append(Stycke("", tips="Sammanträde inte valt"))
        else:
            antal = len(kolumn.stycken)
            _lagg_till(kolumn, rad, [_rader(dokument, rad)])
            if markering and rad.falt == Huvudfalt.DOKUMENTTYP and kolumn.i_sidhuvudet:
                typ = kolumn.stycken[antal]
                kolumn.stycken[antal] = Stycke(typ.text, typ.klass, markering=markering)
                markerad = True
    hoger = kolumner[Placering.SIDHUVUD_HOGER].stycken
    if markering and not markerad:
        hoger.insert(0, Stycke("", "sidhuvud__typ", markering=markering))
    return Huvudvy(**{p: tuple(k.stycken) for p, k in kolumner.items()})
