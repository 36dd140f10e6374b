"""The published schema (docs/schemas/remiss-mall-1.schema.json) says what the models say.

The import applies the schema file itself (remiss.mallfil_schema), so the schema and the
import cannot disagree; these tests keep the schema and the models from disagreeing: every
choice, length and default the file format documents is the model's.
"""

import pytest

from nameden.models import Kommun
from remiss import mallfil, mallfil_schema
from remiss.models import Avsnittstyp, Dokumentmall, MallAvsnitt
from remiss.models.mall import ATTESTROLLER
from remiss.models.mallhuvud import (
    Bilageplacering,
    Etikettform,
    Huvudfalt,
    MallHuvudfalt,
    Placering,
    Undertecknarplacering,
)

SCHEMA = mallfil_schema.schema()
DEFS = SCHEMA["$defs"]


def _egenskap(*vag: str) -> dict:
    """A property of the schema by its path, following $ref."""
    del_ = SCHEMA
    for namn in vag:
        del_ = del_["properties"][namn]
        if "$ref" in del_:
            del_ = DEFS[del_["$ref"].removeprefix("#/$defs/")] | {
                k: v for k, v in del_.items() if k != "$ref"
            }
    return del_


def test_the_format_constant_is_the_codes():
    assert SCHEMA["properties"]["format"]["const"] == mallfil.FORMAT


@pytest.mark.parametrize(
    ("schema_enum", "val"),
    [
        (DEFS["avsnitt"]["properties"]["typ"]["enum"], Avsnittstyp.values),
        (SCHEMA["properties"]["attestkedja"]["items"]["enum"], list(ATTESTROLLER)),
        (DEFS["huvudfalt"]["properties"]["falt"]["enum"], Huvudfalt.values),
        (DEFS["huvudfalt"]["properties"]["placering"]["enum"], Placering.values),
        (DEFS["huvudfalt"]["properties"]["etikettform"]["enum"], Etikettform.values),
        (
            DEFS["layout"]["properties"]["undertecknare_placering"]["enum"],
            Undertecknarplacering.values,
        ),
        (DEFS["layout"]["properties"]["bilagor_placering"]["enum"], Bilageplacering.values),
    ],
    ids=[
        "avsnittstyp",
        "attestroller",
        "huvudfalt",
        "placering",
        "etikettform",
        "undertecknare",
        "bilagor",
    ],
)
def test_every_choice_in_the_schema_is_the_models(schema_enum, val):
    assert schema_enum == list(val)


@pytest.mark.parametrize(
    ("vag", "modell", "falt"),
    [
        (("namn",), Dokumentmall, "namn"),
        (("dokumenttyp",), Dokumentmall, "dokumenttyp"),
        (("underrubrik",), Dokumentmall, "underrubrik_mall"),
        (("profil", "namn"), Kommun, "namn"),
        (("profil", "organisationsnummer"), Kommun, "organisationsnummer"),
    ],
)
def test_text_lengths_are_the_models(vag, modell, falt):
    assert _egenskap(*vag)["maxLength"] == modell._meta.get_field(falt).max_length


@pytest.mark.parametrize(
    ("defn", "modell"),
    [("avsnitt", MallAvsnitt), ("huvudfalt", MallHuvudfalt), ("sidfot", Kommun)],
)
def test_row_text_lengths_are_the_models(defn, modell):
    for namn, egenskap in DEFS[defn]["properties"].items():
        if "maxLength" in egenskap and modell._meta.get_field(namn).max_length:
            assert egenskap["maxLength"] == modell._meta.get_field(namn).max_length, namn


def test_defaults_in_the_schema_are_the_models_defaults():
    """A file that leaves a field out gets what the admin's empty form would have."""
    mall, avsnitt, rad, kommun = Dokumentmall(), MallAvsnitt(), MallHuvudfalt(), Kommun()
    assert _egenskap("underrubrik")["default"] == mall.underrubrik_mall
    assert _egenskap("attestkedja")["default"] == mall.attestkedja
    for namn, egenskap in DEFS["layout"]["properties"].items():
        assert egenskap["default"] == getattr(mall, namn), namn
    for namn in ("obligatorisk", "efter_undertecknare", "hjalptext", "standardtext"):
        assert DEFS["avsnitt"]["properties"][namn]["default"] == getattr(avsnitt, namn), namn
    for namn in ("etikett", "etikettform", "med_titel", "med_telefon", "med_epost"):
        assert DEFS["huvudfalt"]["properties"][namn]["default"] == getattr(rad, namn), namn
    assert DEFS["farger"]["properties"]["accent"]["default"] == kommun.accentfarg
    assert DEFS["farger"]["properties"]["text_pa_accent"]["default"] == kommun.text_pa_accent


def test_the_interpreter_refuses_a_schema_keyword_it_does_not_apply():
    """A keyword the import would silently ignore must never be published in the schema."""
    with pytest.raises(mallfil_schema.SchemaFel, match="patternProperties"):
        mallfil_schema._granska_schema({"type": "object", "patternProperties": {}})


def test_the_published_schema_uses_only_keywords_the_interpreter_applies():
    mallfil_schema._granska_schema(SCHEMA)  # raises SchemaFel otherwise


#: Model fields a shared file leaves out on purpose: the installation's own choices (which
#: kommun and förvaltning may use the mall, förvald, aktiv), and the rows' keys and order
#: (the order is the file's list order).
LOKALA = {
    Dokumentmall: {"id", "kommun", "forvaltning", "standard", "aktiv"},
    MallAvsnitt: {"id", "mall", "ordning"},
    MallHuvudfalt: {"id", "mall", "ordning"},
}
#: Model field → where the file holds it, where the name differs.
I_FILEN = {
    Dokumentmall: {"underrubrik_mall": "underrubrik"},
    MallAvsnitt: {},
    MallHuvudfalt: {},
}


@pytest.mark.parametrize(
    ("modell", "egenskaper"),
    [
        (
            Dokumentmall,
            set(SCHEMA["properties"]) | set(DEFS["layout"]["properties"]),
        ),
        (MallAvsnitt, set(DEFS["avsnitt"]["properties"])),
        (MallHuvudfalt, set(DEFS["huvudfalt"]["properties"])),
    ],
)
def test_every_field_of_a_mall_is_in_the_file_or_deliberately_local(modell, egenskaper):
    """GIVEN the mall's models as they are now WHEN a field is added to one (a layout choice,
    a header option) THEN this fails until the file format carries it or it is declared
    local: a shared mall never silently loses what the mall says."""
    falt = {f.name for f in modell._meta.concrete_fields} - LOKALA[modell]
    saknas = {I_FILEN[modell].get(namn, namn) for namn in falt} - egenskaper
    assert saknas == set()
