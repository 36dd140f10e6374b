"""Importing a mall file: one transaction, all or nothing, never touching a written document.

`mallfil_importera` is the one write path for a mall that arrives as a file. It checks the
file (`remiss.mallfil`), then builds every row it would save and runs each model's own
`full_clean()` (the same rules as the admin: labels the PDF font cannot draw, unsafe
placeholders), reporting every error with its place in the file. Only when nothing is wrong
does it write, saving with `save_tracked` so the mall's history says it came from a file.

A name already taken is refused unless `ersatt=True`. Replacing updates the mall in place:
its history keeps the old version, and documents already created keep their own copy of
what the mall said (`Tjansteutlatande.avsnitt`, its header and dokumenttyp are copied at
creation), so a replacement changes no written document, no PDF and no fingerprint. What a
replacement does change is what the mall decides from now on: the sections of documents
created later, the help texts shown in the editor and the attest chain of the next sending.
The mall's local choices (which förvaltning may use it, whether it is förvald, aktiv) are not
in the file and are kept.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from nameden.historik import delete_tracked, save_tracked
from nameden.models import Kommun
from remiss import mallfil
from remiss.mallfil import Mallfilfel
from remiss.mallfil_profil import profil_importera
from remiss.models import Dokumentmall, MallAvsnitt
from remiss.models.mallhuvud import MallHuvudfalt

#: What a user must be allowed in the admin to import a mall (replacing one included).
BEHORIGHETER = ("remiss.add_dokumentmall", "remiss.change_dokumentmall")

#: Model field → the field's name in the file.
MALLFALT = {
    "namn": "namn",
    "dokumenttyp": "dokumenttyp",
    "underrubrik_mall": "underrubrik",
    "attestkedja": "attestkedja",
    "undertecknare_placering": "layout.undertecknare_placering",
    "bilagor_placering": "layout.bilagor_placering",
    "utelamna_tomma_avsnitt": "layout.utelamna_tomma_avsnitt",
    "skriv_logotyp": "layout.skriv_logotyp",
    "skriv_sidfot": "layout.skriv_sidfot",
}
LAYOUTFALT = (
    "undertecknare_placering",
    "bilagor_placering",
    "utelamna_tomma_avsnitt",
    "skriv_logotyp",
    "skriv_sidfot",
)
HUVUDFALT = {
    namn: namn
    for namn in (
        "falt",
        "etikett",
        "etikettform",
        "placering",
        "med_titel",
        "med_telefon",
        "med_epost",
    )
}
AVSNITTSFALT = {
    "nyckel": "nyckel",
    "rubrik": "rubrik",
    "typ": "typ",
    "hjalptext": "hjalptext",
    "obligatorisk": "obligatorisk",
    "standardtext": "standardtext",
    "efter_undertecknare": "efter_undertecknare",
}


@dataclass(frozen=True)
class Importresultat:
    mall: Dokumentmall
    ersatt: bool
    antal_avsnitt: int
    #: What became of the file's grafisk profil: "" (the file has none), "skapad" (a new
    #: kommun), "ersatt" or "oförändrad".
    profil: str = ""


def _fel_av(exc: ValidationError, *, falt: dict[str, str], prefix: str) -> list[tuple[str, str]]:
    """A model's ValidationError as (place in the file, message) pairs."""
    fel = []
    for modellfalt, meddelanden in exc.message_dict.items():
        namn = falt.get(modellfalt)
        plats = ".".join(p for p in (prefix, namn) if p) or "filen"
        fel.extend((plats, text) for text in meddelanden)
    return fel


def _mall_av(data: dict, befintlig: Dokumentmall | None, kommun) -> Dokumentmall:
    mall = befintlig or Dokumentmall(
        namn=data["namn"], kommun=kommun, forvaltning=None, standard=False
    )
    mall.dokumenttyp = data["dokumenttyp"]
    mall.underrubrik_mall = data["underrubrik"] or ""
    mall.attestkedja = list(data["attestkedja"])
    for namn in LAYOUTFALT:
        setattr(mall, namn, data["layout"][namn])
    return mall


def _huvud_av(data: dict, mall: Dokumentmall) -> list[MallHuvudfalt]:
    return [
        MallHuvudfalt(mall=mall, ordning=ordning, **{namn: rad[namn] for namn in HUVUDFALT})
        for ordning, rad in enumerate(data["huvud"], start=1)
    ]


def _avsnitt_av(data: dict, mall: Dokumentmall) -> list[MallAvsnitt]:
    return [
        MallAvsnitt(
            mall=mall,
            ordning=ordning,
            nyckel=avsnitt["nyckel"],
            rubrik=avsnitt["rubrik"],
            typ=avsnitt["typ"],
            hjalptext=avsnitt["hjalptext"],
            obligatorisk=avsnitt["obligatorisk"],
            standardtext=avsnitt["standardtext"],
            efter_undertecknare=avsnitt["efter_undertecknare"],
        )
        for ordning, avsnitt in enumerate(data["avsnitt"], start=1)
    ]


def _granska_rader(
    mall: Dokumentmall, huvud: list[MallHuvudfalt], avsnitt: list[MallAvsnitt]
) -> list[tuple[str, str]]:
    """Every row's own validation, as the admin runs it; nothing is saved."""
    fel = []
    try:
        # The name is the import's own check (`_befintlig`): a taken name is "use --ersatt".
        mall.full_clean(
            exclude=["forvaltning", "kommun"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        fel += _fel_av(exc, falt=MALLFALT, prefix="")
    # The rows are not saved yet, so their unique constraints cannot be asked of the
    # database: `mallfil.granska` has checked keys and header fields are unique in the file.
    for lista, rader, falt in (("huvud", huvud, HUVUDFALT), ("avsnitt", avsnitt, AVSNITTSFALT)):
        for index, rad in enumerate(rader):
            try:
                rad.full_clean(exclude=["mall"], validate_unique=False, validate_constraints=False)
            except ValidationError as exc:
                fel += _fel_av(exc, falt=falt, prefix=f"{lista}[{index}]")
    return fel


def importens_kommun(*, namn: str = "", alla: bool = False) -> Kommun | None:
    """Whose mall an import makes: the kommun named, None for every kommun (`alla`), else
    the installation's only kommun (None while there is none). ValueError (Swedish) when
    the installation has several and neither is said."""
    if namn and alla:
        raise ValueError("Ange antingen --kommun eller --alla-kommuner, inte båda.")
    if alla:
        return None
    if namn:
        kommun = Kommun.objects.filter(namn=namn.strip()).first()
        if kommun is None:
            raise ValueError(f"Det finns ingen kommun som heter ”{namn}”.")
        return kommun
    kommuner = list(Kommun.objects.order_by("namn")[:2])
    if len(kommuner) > 1:
        raise ValueError(
            "Installationen har flera kommuner: ange vems mallen är med --kommun NAMN, eller "
            "--alla-kommuner för en mall som alla kommuner får använda."
        )
    return kommuner[0] if kommuner else None


def _befintlig(namn: str, kommun) -> Dokumentmall | None:
    """The mall a kommun's users know by `namn`, locked: the kommun's own, else the one for
    every kommun. With `kommun` None (a mall for every kommun): only such a mall."""
    mallar = Dokumentmall.objects.select_for_update().filter(namn=namn)
    if kommun is None:
        return mallar.filter(kommun__isnull=True).first()
    mallar = mallar.filter(Q(kommun=kommun) | Q(kommun__isnull=True))
    return mallar.order_by(F("kommun").asc(nulls_last=True)).first()


def mallfil_importera(
    *, data: dict, ersatt: bool = False, user=None, kalla: str = "", kommun=None
) -> Importresultat:
    """Create the mall the checked file `data` (`mallfil.las`) describes, or with `ersatt`
    replace the mall of the same name; Mallfilfel (nothing written) if anything is wrong.

    A new mall is `kommun`'s (None: every kommun's, as a mall without förvaltning); a mall
    is replaced where that kommun's users see it under the name (`_befintlig`), and keeps
    its kommun. `user` None is the operator at the command line (as every management
    command runs); a user must hold the admin's permissions to add and change mallar."""
    if user is not None and not user.has_perms(BEHORIGHETER):
        raise PermissionDenied("Du får inte importera dokumentmallar.")
    data = mallfil.med_standardvarden(data)
    mallfil.granska(data)
    fran = f" från {kalla}" if kalla else ""
    with transaction.atomic():
        befintlig = _befintlig(data["namn"], kommun)
        fel = []
        if befintlig is not None and not ersatt:
            fel.append(
                (
                    "namn",
                    f"Det finns redan en mall som heter ”{data['namn']}”. Importera med "
                    "--ersatt för att ersätta den; dokument som redan skapats ändras inte.",
                )
            )
            befintlig = None  # check the file's rows as a new mall's, write nothing
        mall = _mall_av(data, befintlig, kommun)
        huvud = _huvud_av(data, mall)
        avsnitt = _avsnitt_av(data, mall)
        if fel := fel + _granska_rader(mall, huvud, avsnitt):
            raise Mallfilfel(fel)
        orsak = f"Ersattes av mallfil{fran}" if befintlig else f"Importerades från mallfil{fran}"
        try:
            with transaction.atomic():
                save_tracked(mall, user=user, reason=orsak)
        except IntegrityError as exc:  # the same name imported at the same moment
            raise Mallfilfel(
                [("namn", f"Det finns redan en mall som heter ”{data['namn']}”.")]
            ) from exc
        if befintlig is not None:
            for gammal in [*befintlig.huvudfalt.all(), *befintlig.avsnitt.all()]:
                delete_tracked(gammal, user=user, reason=orsak)
        for rad in [*huvud, *avsnitt]:
            rad.mall = mall
            save_tracked(rad, user=user, reason=orsak)
        profil = ""
        if data.get("profil") is not None:
            profil = profil_importera(profil=data["profil"], ersatt=ersatt, user=user)
    return Importresultat(
        mall=mall, ersatt=befintlig is not None, antal_avsnitt=len(avsnitt), profil=profil
    )
