"""Exporting a mall as a `remiss-mall/1` file: what the mall says, in the file's own words.

The export writes every field, defaults included, in the canonical order (`mallfil.skriv`),
so that exporting, importing and exporting again gives the same bytes. The mall's local
choices (its förvaltning, förvald, aktiv) are not part of a shared file.

Nothing here writes to the database.
"""

from nameden.models import Kommun
from remiss import mallfil
from remiss.mallfil_import import HUVUDFALT, LAYOUTFALT
from remiss.mallfil_profil import profil_som_data
from remiss.models import Dokumentmall
from remiss.models.mallhuvud import KONTAKTRADER, Huvudfalt


def _huvudrad(rad) -> dict:
    """A header row; the kontaktperson's lines (titel, telefon, e-post) only on that row,
    the one they can be chosen for."""
    return {
        namn: getattr(rad, namn)
        for namn in HUVUDFALT
        if namn not in KONTAKTRADER or rad.falt == Huvudfalt.KONTAKTPERSON
    }


def mall_som_data(mall: Dokumentmall, *, profil: Kommun | None = None) -> dict:
    """The file's content for `mall` (with `profil`'s grafisk profil if given), checked
    against the format before it is returned."""
    data = {
        "format": mallfil.FORMAT,
        "namn": mall.namn,
        "dokumenttyp": mall.dokumenttyp,
        "underrubrik": mall.underrubrik_mall or None,
        "attestkedja": list(mall.attestkedja),
        "huvud": [_huvudrad(rad) for rad in mall.huvudfalt.order_by("ordning")],
        "layout": {namn: getattr(mall, namn) for namn in LAYOUTFALT},
        "avsnitt": [
            {
                "nyckel": avsnitt.nyckel,
                "rubrik": avsnitt.rubrik,
                "typ": avsnitt.typ,
                "obligatorisk": avsnitt.obligatorisk,
                "efter_undertecknare": avsnitt.efter_undertecknare,
                "hjalptext": avsnitt.hjalptext,
                "standardtext": avsnitt.standardtext,
            }
            for avsnitt in mall.avsnitt.order_by("ordning")
        ],
    }
    if profil is not None:
        data["profil"] = profil_som_data(profil)
    # A mall saved before a rule existed could not be read back: say so now, not on import.
    mallfil.granska(data)
    return data


def mall_som_fil(mall: Dokumentmall, *, profil: Kommun | None = None) -> str:
    return mallfil.skriv(mall_som_data(mall, profil=profil))


def profilens_kommun(mall: Dokumentmall, *, namn: str = "") -> Kommun:
    """Whose profile goes with `mall`: the kommun named, else the mall's kommun (or its
    förvaltning's), else the installation's only kommun; ValueError (Swedish) if that is not
    clear."""
    if namn:
        kommun = Kommun.objects.filter(namn=namn.strip()).first()
        if kommun is None:
            raise ValueError(f"Det finns ingen kommun som heter ”{namn}”.")
        return kommun
    if mall.kommun_id is not None:
        return mall.kommun
    if mall.forvaltning_id is not None:
        return mall.forvaltning.kommun
    kommuner = list(Kommun.objects.order_by("namn")[:2])
    if len(kommuner) == 1:
        return kommuner[0]
    raise ValueError(
        f"Mallen ”{mall.namn}” hör inte till någon kommun och installationen har flera "
        "kommuner: ange vilken kommuns profil som ska med, med --kommun NAMN."
    )
