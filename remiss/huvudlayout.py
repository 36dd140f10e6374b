"""The header and layout a document copied from its mall, as a value.

`layout_fran_mall` is the copy `tjansteutlatande_skapa` stores in `Tjansteutlatande.layout`
(plain JSON); `layout_av` reads it back. A document made before the copy has an empty
`layout` and reads as `STANDARDLAYOUT`, Stockholm's: what it has always printed. The copy is
part of what the document says (`remiss.dokument.Dokument.layout`), so it is fingerprinted,
but only when it differs from `STANDARDLAYOUT` (see `Dokument.as_dict`).

`remiss.huvudvy` turns a document and its layout into what the PDF and the preview print.
"""

from dataclasses import asdict, dataclass

from nameden.grafiskprofil import profil_varde
from remiss.models.mallhuvud import (
    KONTAKTRADER,
    STANDARDHUVUD,
    Bilageplacering,
    Etikettform,
    Undertecknarplacering,
)


@dataclass(frozen=True)
class Huvudrad:
    """One header field as the mall placed and labelled it (`MallHuvudfalt`)."""

    falt: str
    placering: str
    etikett: str = ""
    etikettform: str = Etikettform.OVANFOR.value
    med_titel: bool = False
    med_telefon: bool = False
    med_epost: bool = False

    def as_dict(self) -> dict:
        data = {
            "falt": self.falt,
            "etikett": self.etikett,
            "etikettform": self.etikettform,
            "placering": self.placering,
        }
        data.update({k: True for k in KONTAKTRADER if getattr(self, k)})
        return data


def huvudrad_av(data: dict) -> Huvudrad:
    return Huvudrad(
        falt=data["falt"],
        placering=data["placering"],
        etikett=data.get("etikett", ""),
        etikettform=data.get("etikettform", Etikettform.OVANFOR.value),
        **{k: bool(data.get(k)) for k in KONTAKTRADER},
    )


#: The blocks of the body after the title, by name: the templates include one partial each.
AVSNITT, AVSNITT_EFTER, UNDERTECKNARE, BILAGOR = (
    "avsnitt",
    "avsnitt_efter",
    "undertecknare",
    "bilagor",
)


@dataclass(frozen=True)
class Layout:
    """The header rows in order, and where the signatories and the bilagor list stand."""

    huvud: tuple[Huvudrad, ...]
    undertecknare: str = Undertecknarplacering.EFTER_AVSNITTEN.value
    bilagor: str = Bilageplacering.EFTER_UNDERTECKNARE.value
    utelamna_tomma_avsnitt: bool = False
    #: Print the kommun's logotyp and footer from the document's copy of the grafisk profil.
    logotyp: bool = False
    sidfot: bool = False

    def as_dict(self) -> dict:
        data = asdict(self)
        data["huvud"] = [rad.as_dict() for rad in self.huvud]
        for key in ("logotyp", "sidfot"):
            if not data[key]:
                del data[key]  # added later: a layout copied before reads as it always has
        return data

    @property
    def blockordning(self) -> tuple[str, ...]:
        """The body's blocks in reading order: the bilagor list at the top, after the
        signatories (Stockholm's) or at the end; the signatories after the sections or after
        the bilagor list; the sections that follow the signatories after them."""
        if self.bilagor == Bilageplacering.OVERST:
            return (BILAGOR, AVSNITT, UNDERTECKNARE, AVSNITT_EFTER)
        if self.bilagor == Bilageplacering.SIST:
            return (AVSNITT, UNDERTECKNARE, AVSNITT_EFTER, BILAGOR)
        if self.undertecknare == Undertecknarplacering.EFTER_BILAGOR:
            return (AVSNITT, BILAGOR, UNDERTECKNARE, AVSNITT_EFTER)
        return (AVSNITT, UNDERTECKNARE, BILAGOR, AVSNITT_EFTER)


#: Stockholm's layout: what every document printed before the layout was configurable.
STANDARDLAYOUT = Layout(huvud=tuple(huvudrad_av(rad) for rad in STANDARDHUVUD))


def layout_av(data: dict | None) -> Layout:
    """`Tjansteutlatande.layout` as a value; empty (a document before the copy): Stockholm's."""
    if not data:
        return STANDARDLAYOUT
    standard = STANDARDLAYOUT
    return Layout(
        huvud=tuple(huvudrad_av(rad) for rad in data.get("huvud", ())) or standard.huvud,
        undertecknare=data.get("undertecknare", standard.undertecknare),
        bilagor=data.get("bilagor", standard.bilagor),
        utelamna_tomma_avsnitt=bool(data.get("utelamna_tomma_avsnitt", False)),
        logotyp=bool(data.get("logotyp", False)),
        sidfot=bool(data.get("sidfot", False)),
    )


def layout_fran_mall(mall) -> dict:
    """The copy of `mall`'s header and layout a new document stores (JSON). A mall without
    header rows gives Stockholm's header, as it did before the header was configurable."""
    rader = [rad.som_rad() for rad in mall.huvudfalt.order_by("ordning")]
    return Layout(
        huvud=tuple(huvudrad_av(rad) for rad in rader) or STANDARDLAYOUT.huvud,
        undertecknare=mall.undertecknare_placering,
        bilagor=mall.bilagor_placering,
        utelamna_tomma_avsnitt=mall.utelamna_tomma_avsnitt,
        logotyp=mall.skriv_logotyp,
        sidfot=mall.skriv_sidfot,
    ).as_dict()


def profil_fran_mall(mall, forvaltning) -> dict:
    """The grafisk profil a new document stores: the förvaltning's kommun's, as it is now,
    when the mall prints its logotyp or footer; nothing otherwise (so a mall that prints
    neither, Stockholm's, makes documents exactly as before). ValidationError (Swedish) when
    the kommun's stored logotyp no longer matches its checksum."""
    if not (mall.skriv_logotyp or mall.skriv_sidfot):
        return {}
    return profil_varde(forvaltning.kommun)
