"""A kommun's grafisk profil in a mall file: written from `profil_varde`, read back through
the same checks the admin applies.

The file's ``profil`` names the kommun and holds its organisationsnummer, colours, footer
fields and logotyp (base64, with the SHA-256 of those bytes). On import the profile goes to
the kommun of that name: created if there is none, left alone if it already says the same,
replaced only with ``--ersatt``. Documents hold their own copy of the profile, so replacing
it changes no document already written.

The logotyp is never stored as it stands in the file: its SHA-256 must match (a damaged or
edited file is refused), then `nameden.logotyp.sanera` rebuilds it from an allow-list and the
rebuilt bytes are what is stored. Colours, organisationsnummer and printable text are
checked by `Kommun.full_clean()`.
"""

import base64
import binascii
import hashlib

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from nameden import grafiskprofil, logotyp
from nameden.models import Kommun
from remiss.mallfil import Mallfilfel

#: The footer fields, in the file's order (Kommun's field names).
SIDFOT = ("postadress", "besoksadress", "telefon", "webb", "epost")

#: Kommun field → its place in the file.
PLATSER = {
    "namn": "profil.namn",
    "slug": "profil.namn",
    "organisationsnummer": "profil.organisationsnummer",
    "accentfarg": "profil.farger.accent",
    "text_pa_accent": "profil.farger.text_pa_accent",
    **{falt: f"profil.sidfot.{falt}" for falt in SIDFOT},
}


def profil_som_data(kommun: Kommun) -> dict:
    """The file's ``profil`` for `kommun`, from the one value documents copy."""
    varde = grafiskprofil.profil_varde(kommun)
    bild = varde["logotyp"]
    return {
        "namn": varde["namn"],
        "organisationsnummer": varde["organisationsnummer"],
        "farger": dict(varde["farger"]),
        "sidfot": {falt: varde["sidfot"][falt] for falt in SIDFOT},
        "logotyp": None
        if bild is None
        else {
            "mime": bild["mime"],
            "sha256": bild["sha256"],
            "base64": bild["data_uri"].split(",", 1)[1],
        },
    }


def _logotyp_av(fil: dict | None) -> tuple[logotyp.Logotyp | None, list[tuple[str, str]]]:
    """The file's logo, checked and sanitised; or the errors, by place."""
    if fil is None:
        return None, []
    try:
        data = base64.b64decode(fil["base64"], validate=True)
    except (binascii.Error, ValueError):
        return None, [("profil.logotyp.base64", "är inte giltig base64.")]
    if hashlib.sha256(data).hexdigest() != fil["sha256"].lower():
        return None, [
            (
                "profil.logotyp.sha256",
                "stämmer inte med logotypens innehåll: filen är skadad eller ändrad efter "
                "att den skrevs.",
            )
        ]
    try:
        ren = logotyp.sanera(data)
    except ValidationError as exc:
        return None, [("profil.logotyp", text) for text in exc.messages]
    if ren.mime != fil["mime"]:
        return None, [
            ("profil.logotyp.mime", f"filen säger {fil['mime']}, men logotypen är {ren.mime}.")
        ]
    return ren, []


def _kommun_av(profil: dict, befintlig: Kommun | None) -> Kommun:
    kommun = befintlig or Kommun(namn=profil["namn"], slug=slugify(profil["namn"])[:60])
    kommun.organisationsnummer = profil["organisationsnummer"]
    kommun.accentfarg = profil["farger"]["accent"]
    kommun.text_pa_accent = profil["farger"]["text_pa_accent"]
    for falt in SIDFOT:
        setattr(kommun, falt, profil["sidfot"][falt])
    return kommun


def profil_importera(*, profil: dict, ersatt: bool, user) -> str:
    """Give the kommun named in `profil` that profile; "skapad", "ersatt" or "oförändrad".
    Mallfilfel (nothing saved) if the profile cannot be used. Saved through the kommun's one
    write path (`grafiskprofil.kommun_spara`), in the caller's transaction."""
    bild, fel = _logotyp_av(profil["logotyp"])
    if fel:
        raise Mallfilfel(fel)
    befintlig = Kommun.objects.select_for_update().filter(namn=profil["namn"]).first()
    if befintlig is not None:
        if profil_som_data(befintlig) == _som_exporterad(profil, bild):
            return "oförändrad"
        if not ersatt:
            raise Mallfilfel(
                [
                    (
                        "profil",
                        f"{befintlig.namn} har redan en annan grafisk profil. Importera med "
                        "--ersatt för att ersätta den; dokument som redan skapats ändras inte.",
                    )
                ]
            )
    kommun = _kommun_av(profil, befintlig)
    try:
        grafiskprofil.kommun_spara(
            user=user, kommun=kommun, logotyp_ny=bild, ta_bort_logotyp=bild is None
        )
    except ValidationError as exc:
        raise Mallfilfel(
            [
                (PLATSER.get(falt, "profil"), text)
                for falt, texter in exc.message_dict.items()
                for text in texter
            ]
        ) from exc
    return "ersatt" if befintlig is not None else "skapad"


def _som_exporterad(profil: dict, bild) -> dict:
    """The file's profile as an export of it would read, to tell "the same" from "changed"."""
    try:
        orgnr = grafiskprofil.organisationsnummer(profil["organisationsnummer"])
    except ValidationError:
        orgnr = profil["organisationsnummer"]
    farger = {}
    for namn, varde in profil["farger"].items():
        try:
            farger[namn] = grafiskprofil.farg(varde, etikett=namn)
        except ValidationError:
            farger[namn] = varde
    return {
        "namn": profil["namn"],
        "organisationsnummer": orgnr if profil["organisationsnummer"] else "",
        "farger": farger,
        "sidfot": {falt: profil["sidfot"][falt] for falt in SIDFOT},
        "logotyp": None
        if bild is None
        else {
            "mime": bild.mime,
            "sha256": bild.sha256,
            "base64": base64.b64encode(bild.data).decode("ascii"),
        },
    }
