"""Mallar as files: the remiss-mall/1 format, its published schema, export and import.

A kommun shares its mall as one file (docs/mallar.md). What the schema in docs/ describes is
what the import accepts, every bad file is refused with the place of each error and changes
nothing, and export → import → export gives the same bytes.
"""

import copy
import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from nameden.models import Kommun
from remiss import mallfil, mallfil_schema
from remiss.mallfil import Mallfilfel
from remiss.mallfil_export import mall_som_fil
from remiss.mallfil_import import mallfil_importera
from remiss.models import Dokumentmall, MallAvsnitt
from remiss.models.mallhuvud import MallHuvudfalt
from tests.factories import KommunFactory

pytestmark = pytest.mark.django_db

MALLAR = Path(__file__).resolve().parents[2] / "remiss" / "mallar"
SKEPPADE = sorted(MALLAR.glob("*.json"))
STOCKHOLM = "Stockholms stad – tjänsteutlåtande"


def _las(namn: str) -> dict:
    return json.loads((MALLAR / namn).read_text(encoding="utf-8"))


def _importera(data: dict, **kwargs):
    """As mall_import does it: the file's text checked, then imported."""
    return mallfil_importera(data=mallfil.las(json.dumps(data, ensure_ascii=False)), **kwargs)


def _felen(data: dict, **kwargs) -> dict[str, str]:
    with pytest.raises(Mallfilfel) as fangat:
        _importera(data, **kwargs)
    return dict(fangat.value.fel)


def _lage() -> tuple:
    """Everything an import could change: rows and history rows of the mall tables and
    kommuner, and every mall as a file."""
    modeller = (Dokumentmall, MallAvsnitt, MallHuvudfalt, Kommun)
    antal = tuple(m.objects.count() for m in modeller)
    historik = tuple(m.history.count() for m in modeller)
    filer = tuple(mall_som_fil(m) for m in Dokumentmall.objects.order_by("namn"))
    return antal, historik, filer


# --- The shipped files ------------------------------------------------------------------


def test_three_mallar_are_shipped():
    assert [p.name for p in SKEPPADE] == [
        "gemensamt-svar-pa-remiss.json",
        "stockholm-tjansteutlatande.json",
        "tjansteskrivelse.json",
    ]


@pytest.mark.parametrize("fil", SKEPPADE, ids=lambda p: p.stem)
def test_every_shipped_file_validates_against_the_published_schema_and_imports(fil):
    """GIVEN a shipped mall file WHEN it is checked against docs/schemas/… and imported THEN
    the schema finds nothing, the import takes it, and exporting the imported mall gives the
    file back byte for byte (the shipped files are in the canonical form)."""
    text = fil.read_text(encoding="utf-8")
    assert mallfil_schema.granska(json.loads(text)) == []

    resultat = mallfil_importera(data=mallfil.las(text), ersatt=True, kalla=fil.name)

    assert mall_som_fil(resultat.mall) == text


def test_the_shipped_stockholm_file_is_the_mall_migration_0002_ships():
    """GIVEN the Stockholm mall as the migrations make it WHEN exported THEN it is exactly
    the shipped stockholm-tjansteutlatande.json."""
    mall = Dokumentmall.objects.get(namn=STOCKHOLM)
    assert mall_som_fil(mall) == (MALLAR / "stockholm-tjansteutlatande.json").read_text("utf-8")


# --- Round trip -------------------------------------------------------------------------


def test_export_import_export_gives_the_same_file_through_the_commands(tmp_path):
    """GIVEN a mall exported with mall_export WHEN that file is imported under a new name and
    exported again THEN the two files differ only in the name."""
    forsta, andra = tmp_path / "forsta.json", tmp_path / "andra.json"
    call_command("mall_export", STOCKHOLM, out=str(forsta), stdout=io.StringIO())
    data = json.loads(forsta.read_text("utf-8"))
    data["namn"] = "Kopia av Stockholms mall"
    kopia = tmp_path / "kopia.json"
    kopia.write_text(mallfil.skriv(data), encoding="utf-8")

    ut = io.StringIO()
    call_command("mall_import", str(kopia), stdout=ut)
    call_command("mall_export", "Kopia av Stockholms mall", out=str(andra), stdout=io.StringIO())

    assert "Skapade mallen ”Kopia av Stockholms mall” (6 avsnitt)." in ut.getvalue()
    assert andra.read_text("utf-8") == kopia.read_text("utf-8")
    assert json.loads(andra.read_text("utf-8")) | {"namn": STOCKHOLM} == json.loads(
        forsta.read_text("utf-8")
    )


def test_a_file_that_leaves_out_optional_fields_imports_with_the_schemas_defaults():
    """GIVEN a minimal hand-written file (format, namn, dokumenttyp, one section) WHEN
    imported THEN the mall has the defaults the schema documents: Stockholm's underrubrik and
    attest chain, the standard header, the default layout, an obligatory section."""
    resultat = _importera(
        {
            "format": "remiss-mall/1",
            "namn": "Liten mall",
            "dokumenttyp": "Yttrande",
            "avsnitt": [{"nyckel": "yttrande", "rubrik": "Yttrande", "typ": "text"}],
        }
    )
    mall = Dokumentmall.objects.get(pk=resultat.mall.pk)
    standard = Dokumentmall()
    assert mall.underrubrik_mall == standard.underrubrik_mall
    assert mall.attestkedja == ["avdelningschef", "forvaltningschef"]
    assert not mall.huvudfalt.exists()  # printed as the standard header
    assert (mall.undertecknare_placering, mall.bilagor_placering) == (
        standard.undertecknare_placering,
        standard.bilagor_placering,
    )
    [avsnitt] = mall.avsnitt.all()
    assert (avsnitt.obligatorisk, avsnitt.efter_undertecknare, avsnitt.hjalptext) == (
        True,
        False,
        "",
    )


def test_underrubrik_null_gives_a_mall_without_underrubrik():
    data = _las("tjansteskrivelse.json")
    assert data["underrubrik"] is None
    mall = _importera(data).mall
    assert mall.underrubrik_mall == ""
    assert mall.formatera_underrubrik(avsandare="x", avsandarens_diarienummer="y") == ""


# --- Bad files: a clear Swedish error at its place, and nothing changed -----------------


def test_wrong_format_version_is_named_and_nothing_else_is_checked():
    data = _las("tjansteskrivelse.json") | {"format": "remiss-mall/2"}
    fore = _lage()
    assert _felen(data) == {
        "format": 'filen har formatet "remiss-mall/2"; den här versionen läser bara '
        "”remiss-mall/1”."
    }
    assert _lage() == fore


def test_missing_format_says_how_the_file_must_begin():
    data = _las("tjansteskrivelse.json")
    del data["format"]
    assert '"format": "remiss-mall/1"' in _felen(data)["format"]


def test_unknown_field_missing_rubrik_and_duplicate_key_are_all_reported_at_their_places():
    """GIVEN a file with a misspelt field (so its rubrik is missing) and two sections with
    the same key WHEN imported THEN each error is named at its place, all at once, and
    nothing is written."""
    data = _las("tjansteskrivelse.json")
    data["avsnitt"][3]["rubirk"] = data["avsnitt"][3].pop("rubrik")
    data["avsnitt"][5]["nyckel"] = "sammanfattning"
    fore = _lage()

    fel = _felen(data)

    assert fel["avsnitt[3].rubrik"] == "saknas. Fältet måste finnas."
    assert fel["avsnitt[3].rubirk"].startswith("okänt fält. Möjliga fält här: nyckel, rubrik")
    assert fel["avsnitt[5].nyckel"] == (
        "”sammanfattning” finns redan i avsnitt[1]. Varje avsnitt behöver en egen nyckel."
    )
    assert _lage() == fore


def test_a_header_field_twice_is_refused():
    data = _las("tjansteskrivelse.json")
    data["huvud"].append(copy.deepcopy(data["huvud"][2]))
    assert _felen(data)["huvud[8].falt"] == (
        "”datum” finns redan i huvud[2]. Varje fält får stå en gång i sidhuvudet."
    )


def test_a_label_the_pdf_font_cannot_draw_is_refused_by_the_models_own_rule():
    """GIVEN a header label and a section heading with characters Liberation Sans cannot
    draw or must never print WHEN imported THEN the admin's own rules refuse them, at
    their places in the file, and no row is written."""
    data = _las("tjansteskrivelse.json")
    data["huvud"][2]["etikett"] = "Datum ☃"
    data["avsnitt"][1]["rubrik"] = "Sammanfattning\u0007"
    fore = _lage()

    fel = _felen(data)

    assert "”☃” (U+2603)" in fel["huvud[2].etikett"]
    assert "Liberation Sans" in fel["huvud[2].etikett"]
    assert "U+0007" in fel["avsnitt[1].rubrik"]
    assert _lage() == fore


def test_the_models_layout_rule_is_reported_under_layout():
    data = _las("tjansteskrivelse.json")
    data["layout"] |= {"undertecknare_placering": "efter_bilagor", "bilagor_placering": "overst"}
    assert (
        "Undertecknarna kan stå efter bilageförteckningen"
        in _felen(data)["layout.undertecknare_placering"]
    )


def test_an_unsafe_underrubrik_placeholder_is_refused():
    data = _las("tjansteskrivelse.json") | {"underrubrik": "Svar till {avsandare.__class__}"}
    assert "underrubrik" in _felen(data)


def test_a_value_of_the_wrong_type_or_an_unknown_choice_says_what_is_allowed():
    data = _las("tjansteskrivelse.json")
    data["avsnitt"][0]["obligatorisk"] = "ja"
    data["avsnitt"][1]["typ"] = "fritext"
    data["attestkedja"] = ["avdelningschef", "kommundirektor"]
    fel = _felen(data)
    assert fel["avsnitt[0].obligatorisk"] == "ska vara sant eller falskt (true/false), inte ”ja”."
    assert fel["avsnitt[1].typ"] == (
        "”fritext” är inte tillåtet. Tillåtna värden: ”text”, ”beslutspunkter”, ”beredning”."
    )
    assert fel["attestkedja[1]"].startswith("”kommundirektor” är inte tillåtet.")


def test_a_json_key_written_twice_is_refused_not_silently_dropped():
    text = (MALLAR / "tjansteskrivelse.json").read_text("utf-8")
    text = text.replace('"namn": "Tjänsteskrivelse",', '"namn": "A",\n  "namn": "B",', 1)
    with pytest.raises(Mallfilfel, match="”namn” står två gånger"):
        mallfil.las(text)


def test_a_file_nested_beyond_reason_is_refused_not_a_crash():
    with pytest.raises(Mallfilfel, match="för djupt nästlad"):
        mallfil.las("[" * 100_000 + "]" * 100_000)


def test_a_file_that_is_a_list_not_an_object_is_refused():
    with pytest.raises(Mallfilfel, match="ett JSON-objekt"):
        mallfil.las("[]")


def test_broken_json_names_line_and_column():
    with pytest.raises(Mallfilfel, match="rad 1, kolumn"):
        mallfil.las('{"format": "remiss-mall/1",')


def test_a_taken_name_is_refused_without_ersatt_and_the_mall_is_unchanged():
    """GIVEN the Stockholm mall WHEN a file of the same name is imported without --ersatt
    THEN the import is refused with the way to replace it, and the mall is as it was."""
    data = _las("stockholm-tjansteutlatande.json")
    data["dokumenttyp"] = "Något annat"
    fore = _lage()
    assert "Importera med --ersatt" in _felen(data)["namn"]
    assert _lage() == fore


def test_ersatt_replaces_the_mall_in_place_and_its_history_keeps_the_old_version():
    """GIVEN a mall imported from a file WHEN a changed file of the same name is imported
    with --ersatt THEN the same row holds the new version, its history the old one (the
    mall's row and every old section, recorded as removed), and the local choice of förvald
    is kept."""
    data = _las("tjansteskrivelse.json")
    mall = _importera(data).mall
    mall.standard = True
    mall.save()
    data["dokumenttyp"] = "Yttrande"
    data["avsnitt"] = data["avsnitt"][:2]

    resultat = _importera(data, ersatt=True, kalla="ny.json")

    mall.refresh_from_db()
    assert resultat.ersatt and resultat.mall.pk == mall.pk
    assert mall.dokumenttyp == "Yttrande" and mall.avsnitt.count() == 2
    assert mall.standard
    senaste, *_, forsta = mall.history.all()
    assert senaste.history_change_reason == "Ersattes av mallfil från ny.json"
    assert forsta.dokumenttyp == "Tjänsteskrivelse"
    borttagna = MallAvsnitt.history.filter(mall_id=mall.pk, history_type="-")
    assert sorted(borttagna.values_list("nyckel", flat=True)) == sorted(
        a["nyckel"] for a in _las("tjansteskrivelse.json")["avsnitt"]
    )


def test_a_failure_late_in_the_import_undoes_everything_written_before_it():
    """GIVEN a valid mall with a profile whose colours fail the contrast rule WHEN imported
    with --ersatt over the Stockholm mall THEN the mall's rows, already saved when the
    profile is checked, are rolled back with it."""
    data = _las("stockholm-tjansteutlatande.json")
    data["dokumenttyp"] = "Yttrande"
    data["profil"] = {"namn": "Ljusa kommunen", "farger": {"accent": "#ffff00"}}
    fore = _lage()

    fel = _felen(data, ersatt=True)

    assert "för låg kontrast" in fel["profil.farger.accent"]
    assert _lage() == fore


def test_mall_import_command_prints_every_error_and_changes_nothing(tmp_path):
    data = _las("tjansteskrivelse.json") | {"namn": "Ny mall"}
    data["avsnitt"][2]["typ"] = "lista"
    fil = tmp_path / "fel.json"
    fil.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fore = _lage()

    with pytest.raises(CommandError) as fangat:
        call_command("mall_import", str(fil), stdout=io.StringIO())

    assert str(fangat.value).startswith(f"{fil} importerades inte. Ingenting har ändrats.\n")
    assert "avsnitt[2].typ: ”lista” är inte tillåtet." in str(fangat.value)
    assert _lage() == fore


def test_a_user_without_the_admins_mall_permissions_may_not_import(karin):
    """The command runs as the operator; a user (a future upload page) needs the admin's
    permissions to add and change dokumentmallar, and is refused before anything is read."""
    fore = _lage()
    with pytest.raises(PermissionDenied, match="Du får inte importera dokumentmallar"):
        _importera(_las("tjansteskrivelse.json") | {"namn": "Karins mall"}, user=karin)
    assert _lage() == fore


def test_an_administrator_imports_and_the_history_names_them(admin_user):
    mall = _importera(_las("tjansteskrivelse.json") | {"namn": "Adminmall"}, user=admin_user).mall
    assert mall.history.first().history_user == admin_user


def test_mall_import_refuses_a_file_that_is_not_utf8_text(tmp_path):
    fil = tmp_path / "bild.json"
    fil.write_bytes(b"\xff\xd8\xff\xe0 not text")
    with pytest.raises(CommandError, match="inte en textfil i UTF-8"):
        call_command("mall_import", str(fil), stdout=io.StringIO())


def test_mall_export_of_an_unknown_name_lists_the_mallar(tmp_path):
    with pytest.raises(CommandError, match=f"Mallar: .*{STOCKHOLM}"):
        call_command("mall_export", "Finns inte", out=str(tmp_path / "x.json"))


# --- Whose mall: one kommun's, or every kommun's ------------------------------------------


def test_two_kommuner_may_each_import_the_same_mall_under_the_same_name(sof, tmp_path):
    """GIVEN an installation serving two kommuner WHEN the Tjänsteskrivelse is imported for
    each with --kommun THEN each kommun has its own mall of that name; without --kommun the
    command asks whose it is, and changes nothing."""
    fil = str(MALLAR / "tjansteskrivelse.json")
    annan = KommunFactory(namn="Annan kommun", slug="annan")
    fore = _lage()
    with pytest.raises(CommandError, match="flera kommuner: ange vems mallen är med --kommun"):
        call_command("mall_import", fil, stdout=io.StringIO())
    assert _lage() == fore

    call_command("mall_import", fil, kommun=sof.kommun.namn, stdout=io.StringIO())
    call_command("mall_import", fil, kommun="Annan kommun", stdout=io.StringIO())

    mallar = Dokumentmall.objects.filter(namn="Tjänsteskrivelse")
    assert sorted(m.kommun_id for m in mallar) == sorted([sof.kommun_id, annan.pk])


def test_replacing_finds_the_mall_every_kommun_uses_and_makes_no_second_one(sof):
    """GIVEN a mall for every kommun (no kommun) WHEN a file of that name is imported with
    --ersatt for the installation's one kommun THEN that same mall is replaced, still for
    every kommun: the kommun's users never see two mallar of one name."""
    data = _las("tjansteskrivelse.json")
    mall = _importera(data, kommun=None).mall

    resultat = _importera(data | {"dokumenttyp": "Yttrande"}, ersatt=True, kommun=sof.kommun)

    assert resultat.mall.pk == mall.pk and resultat.ersatt
    assert Dokumentmall.objects.filter(namn="Tjänsteskrivelse").count() == 1
    mall.refresh_from_db()
    assert mall.kommun_id is None and mall.dokumenttyp == "Yttrande"


def test_another_kommuns_mall_of_the_same_name_is_not_replaced(sof):
    annan = KommunFactory(namn="Annan kommun", slug="annan")
    deras = _importera(_las("tjansteskrivelse.json"), kommun=annan).mall

    resultat = _importera(_las("tjansteskrivelse.json"), kommun=sof.kommun)

    assert not resultat.ersatt and resultat.mall.pk != deras.pk
    assert resultat.mall.kommun_id == sof.kommun_id
