"""The mall in the admin: the header as rows and the attest chain as an ordered list of roles,
no JSON to type, every mistake refused in Swedish where it was made."""

import pytest

from remiss.models import Dokumentmall
from remiss.models.mallhuvud import STANDARDHUVUD, huvudfel
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "/admin/remiss/dokumentmall/add/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def _post(admin_client, *, huvud=(), kedja=("avdelningschef",), **falt):
    data = {
        "namn": "Upplands-Bro – tjänsteskrivelse",
        "dokumenttyp": "Tjänsteskrivelse",
        "underrubrik_mall": "",
        "forvaltning": "",
        "aktiv": "on",
        "undertecknare_placering": "efter_avsnitten",
        "bilagor_placering": "efter_undertecknare",
        "avsnitt-TOTAL_FORMS": "0",
        "avsnitt-INITIAL_FORMS": "0",
        "avsnitt-MIN_NUM_FORMS": "0",
        "avsnitt-MAX_NUM_FORMS": "1000",
        "huvudfalt-TOTAL_FORMS": str(len(huvud)),
        "huvudfalt-INITIAL_FORMS": "0",
        "huvudfalt-MIN_NUM_FORMS": "0",
        "huvudfalt-MAX_NUM_FORMS": "1000",
        **falt,
    }
    for i in range(3):
        data[f"attestkedja_{i}"] = kedja[i] if i < len(kedja) else ""
    for i, rad in enumerate(huvud):
        for key, value in {"ordning": str(i + 1), "etikettform": "ovanfor", **rad}.items():
            if value is True:
                value = "on"
            data[f"huvudfalt-{i}-{key}"] = value
    return admin_client.post(ADD, data)


def _fel(response) -> str:
    """Every error the admin page shows (the form's, the inlines' and their rows'), joined."""
    texter = [str(response.context["adminform"].form.errors)]
    for inline in response.context["inline_admin_formsets"]:
        texter.append(" ".join(inline.formset.non_form_errors()))
        texter.extend(str(fel) for fel in inline.formset.errors)
    return " ".join(texter)


def test_a_header_of_rows_is_saved_in_order(admin_client):
    """GIVEN header rows with labels and placements WHEN saved THEN the mall has them, in
    order, as the document will copy them."""
    response = _post(
        admin_client,
        huvud=[
            {"falt": "forvaltning", "placering": "sidhuvud_vanster"},
            {"falt": "datum", "placering": "sidhuvud_hoger", "etikett": "Datum"},
            {
                "falt": "kontaktperson",
                "placering": "forsta_vanster",
                "etikett": "Kontaktperson",
                "med_epost": True,
            },
        ],
    )

    assert response.status_code == 302, _fel(response)
    mall = Dokumentmall.objects.get(dokumenttyp="Tjänsteskrivelse")
    assert [r.som_rad() for r in mall.huvudfalt.order_by("ordning")] == [
        {
            "falt": "forvaltning",
            "etikett": "",
            "etikettform": "ovanfor",
            "placering": "sidhuvud_vanster",
        },
        {
            "falt": "datum",
            "etikett": "Datum",
            "etikettform": "ovanfor",
            "placering": "sidhuvud_hoger",
        },
        {
            "falt": "kontaktperson",
            "etikett": "Kontaktperson",
            "etikettform": "ovanfor",
            "placering": "forsta_vanster",
            "med_epost": True,
        },
    ]


@pytest.mark.parametrize(
    ("huvud", "fel"),
    [
        (
            [
                {"falt": "datum", "placering": "sidhuvud_hoger"},
                {"falt": "datum", "placering": "forsta_hoger"},
            ],
            "Fältet ”Datum (dokumentets datum)” står två gånger i sidhuvudet",
        ),
        ([{"falt": "logga", "placering": "sidhuvud_hoger"}], "Välj ett giltigt alternativ"),
        (
            [{"falt": "datum", "placering": "sidhuvud_hoger", "etikett": "Datum \U0001f4c5"}],
            "U+1F4C5",
        ),
        (
            [{"falt": "sida", "placering": "forsta_hoger"}],
            "Sida X (Y) kan bara stå i sidhuvudet",
        ),
        (
            [{"falt": "till", "placering": "forsta_hoger", "med_telefon": True}],
            "kan bara väljas för handläggare och kontaktpersoner",
        ),
    ],
)
def test_a_bad_header_is_refused_in_swedish_and_nothing_is_saved(admin_client, huvud, fel):
    """GIVEN a header with a duplicate, an unknown field, a label the PDF font cannot draw,
    the page number on the first page or telefon on a field without a person WHEN saved
    THEN the admin says so in Swedish and saves nothing."""
    response = _post(admin_client, huvud=huvud)

    assert response.status_code == 200
    assert fel in _fel(response)
    assert not Dokumentmall.objects.filter(dokumenttyp="Tjänsteskrivelse").exists()


def test_the_attest_chain_is_chosen_as_ordered_roles_not_json(admin_client):
    """GIVEN the add form THEN the chain is a select per step with the roles by name, no
    JSON box; WHEN förvaltningschef then avdelningschef are chosen THEN saved in that order,
    and the change form shows them in it."""
    html = admin_client.get(ADD).content.decode()
    assert 'name="attestkedja_0"' in html and "<select" in html
    assert ">Förvaltningschef</option>" in html
    assert '<textarea name="attestkedja"' not in html

    response = _post(admin_client, kedja=("forvaltningschef", "avdelningschef"))

    assert response.status_code == 302, _fel(response)
    mall = Dokumentmall.objects.get(dokumenttyp="Tjänsteskrivelse")
    assert mall.attestkedja == ["forvaltningschef", "avdelningschef"]
    change = admin_client.get(f"/admin/remiss/dokumentmall/{mall.pk}/change/").content.decode()
    steg_0 = change[change.index('name="attestkedja_0"') :]
    assert steg_0.index('value="forvaltningschef" selected') < steg_0.index("attestkedja_1")


@pytest.mark.parametrize(
    ("kedja", "fel"),
    [
        ((), "Välj minst en roll i attestkedjan"),
        (("avdelningschef", "avdelningschef"), "Varje roll kan stå en gång i attestkedjan"),
        (("chef",), "Välj ett giltigt alternativ"),
    ],
)
def test_a_bad_attest_chain_is_refused_in_swedish(admin_client, kedja, fel):
    """GIVEN no role, a role twice or an unknown role WHEN saved THEN refused in Swedish."""
    response = _post(admin_client, kedja=kedja)

    assert response.status_code == 200
    assert fel in _fel(response)
    assert not Dokumentmall.objects.filter(dokumenttyp="Tjänsteskrivelse").exists()


def test_the_layout_choices_are_checked_together(admin_client):
    """GIVEN signatories after the bilagor list while the list stands at the top WHEN saved
    THEN refused in Swedish."""
    response = _post(
        admin_client, undertecknare_placering="efter_bilagor", bilagor_placering="overst"
    )

    assert response.status_code == 200
    assert "Undertecknarna kan stå efter bilageförteckningen bara" in _fel(response)


def test_the_header_rules_read_a_whole_header_as_a_mall_file_holds_it():
    """GIVEN a header as plain rows (as a mall file holds it) with an unknown field, a
    duplicate and a label the font cannot draw WHEN checked THEN each is named in Swedish,
    by row; Stockholm's header passes."""
    fel = huvudfel(
        [
            {"falt": "logga", "placering": "sidhuvud_vanster"},
            {"falt": "datum", "placering": "sidhuvud_hoger"},
            {"falt": "datum", "placering": "forsta_hoger", "etikett": "Datum \U0001f4c5"},
        ]
    )

    assert fel[0].startswith("Rad 1: okänt fält ”logga”")
    assert "Fältet ”Datum (dokumentets datum)” står två gånger i sidhuvudet" in fel[1]
    assert fel[2].startswith("Rad 3:") and "U+1F4C5" in fel[2]
    assert huvudfel(list(STANDARDHUVUD)) == []
