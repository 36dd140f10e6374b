"""Every real diarienummer form, written by a förvaltning's own series at registration.

KS-2014/742.912 (kortnamn-år/löpnummer.klass), SN 18/0098 (kortnamn, two-digit year, padded
löpnummer), 1.6-0463/2024 (Stockholm's klass-löpnummer/år) and T2012-050-05828 (a fixed
prefix, the year, a klass and a five-digit löpnummer): set up through the förvaltning's
format and klassificeringsstruktur, numbered by `remiss_registrera` from a series that is
already under way.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from nameden.models import Klassificering
from remiss.models import Diarieserie, Remiss
from tests.remiss.diarium_verktyg import diarium, registrera_i
from tests.remiss.registrering_verktyg import registrering_post

pytestmark = pytest.mark.django_db

KLASSER = {"1.6": "Remisser och yttranden", "2.1": "Planärenden", "050": "Trafik"}


def _fel(exc_info) -> dict:
    return exc_info.value.message_dict


@pytest.mark.parametrize(
    ("kortnamn", "format_", "klass", "ar", "senaste", "nummer"),
    [
        ("KS", "{kortnamn}-{ar}/{lopnummer}.{klass}", "912", 2014, 741, "KS-2014/742.912"),
        ("SN", "{kortnamn} {ar2}/{lopnummer:4}", None, 2018, 97, "SN 18/0098"),
        ("SBK", "{klass}-{lopnummer:4}/{ar}", "1.6", 2024, 462, "1.6-0463/2024"),
        ("TK", "T{ar}-{klass}-{lopnummer:5}", "050", 2012, 5827, "T2012-050-05828"),
    ],
    ids=["KS-2014/742.912", "SN 18/0098", "1.6-0463/2024", "T2012-050-05828"],
)
def test_a_series_writes_each_real_form(kortnamn, format_, klass, ar, senaste, nummer):
    """GIVEN a förvaltning with the format, its klass codes and a series that has given
    `senaste` numbers that year WHEN a remiss is registered (with a klass where the format
    has one) THEN it gets the next number in exactly the real form, the klass is stored on
    it, and the series moves on by one."""
    d = diarium(
        kortnamn=kortnamn,
        format_=format_,
        klasser={**KLASSER, "912": "Yttranden"},
        senaste={ar: senaste},
    )

    remiss = registrera_i(d, ar=ar, kod=klass)

    remiss = Remiss.objects.select_related("klass").get(pk=remiss.pk)
    assert remiss.diarienummer == nummer
    assert (remiss.dnr_ar, remiss.dnr_lopnummer) == (ar, senaste + 1)
    assert (remiss.klass.kod if remiss.klass else None) == klass
    assert Diarieserie.objects.get(forvaltning=d.forvaltning, ar=ar).senaste == senaste + 1


def test_different_klasser_share_the_years_series():
    """GIVEN Stockholm's classified format WHEN three remisser of two klasser are registered
    THEN they take the year's löpnummer in turn (one series per year, whatever the klass)."""
    d = diarium(kortnamn="SBK", format_="{klass}-{lopnummer:4}/{ar}", klasser=KLASSER)

    nummer = [registrera_i(d, ar=2024, kod=k).diarienummer for k in ("1.6", "2.1", "1.6")]

    assert nummer == ["1.6-0001/2024", "2.1-0002/2024", "1.6-0003/2024"]


def test_a_new_year_starts_the_two_digit_series_again():
    """GIVEN SN's two-digit-year format WHEN remisser are registered in 2018 and 2019 THEN
    each year has its own series from 1."""
    d = diarium(kortnamn="SN", format_="{kortnamn} {ar2}/{lopnummer:4}")

    nummer = [registrera_i(d, ar=ar).diarienummer for ar in (2018, 2018, 2019)]

    assert nummer == ["SN 18/0001", "SN 18/0002", "SN 19/0001"]


def test_two_forvaltningar_with_the_same_format_may_share_a_number():
    """GIVEN two förvaltningar both writing {klass}-{lopnummer:4}/{ar}, without kortnamn WHEN
    each registers its first remiss of 2024 in klass 1.6 THEN both are 1.6-0001/2024: a
    number is unique in its own diarium, not across diarier."""
    forsta = diarium(kortnamn="SBK", format_="{klass}-{lopnummer:4}/{ar}", klasser=KLASSER)
    andra = diarium(kortnamn="MF", format_="{klass}-{lopnummer:4}/{ar}", klasser=KLASSER)

    a = registrera_i(forsta, ar=2024, kod="1.6")
    b = registrera_i(andra, ar=2024, kod="1.6")

    assert a.diarienummer == b.diarienummer == "1.6-0001/2024"
    assert a.forvaltning_id != b.forvaltning_id


def test_a_number_already_in_the_diarium_is_refused_in_swedish_and_gives_its_number_back():
    """GIVEN a diarium whose first remiss of 2024 was SBK 2024/11 under the format
    {kortnamn} {ar}/1{lopnummer}, and the format changed mid-year back to the default WHEN
    löpnummer 11 would write SBK 2024/11 again THEN the constraint's Swedish message, no new
    remiss, and the series is as it was."""
    d = diarium(kortnamn="SBK", format_="{kortnamn} {ar}/1{lopnummer}")
    assert registrera_i(d, ar=2024).diarienummer == "SBK 2024/11"
    d.forvaltning.diarienummer_format = "{kortnamn} {ar}/{lopnummer}"
    d.forvaltning.save()
    serie = Diarieserie.objects.get(forvaltning=d.forvaltning, ar=2024)
    serie.senaste = 10
    serie.save()

    with pytest.raises(ValidationError) as exc:
        registrera_i(d, ar=2024)

    assert exc.value.messages == [
        "Diarienumret finns redan i förvaltningens diarium. Be en administratör se över "
        "formatet för diarienummer."
    ]
    assert Remiss.objects.count() == 1
    assert Diarieserie.objects.get(pk=serie.pk).senaste == 10


# --- The klass at registration ------------------------------------------------------------


def test_a_format_with_klass_requires_one():
    """GIVEN a format with {klass} WHEN a remiss is registered without one THEN refused on
    klass, saying why, and no number is used."""
    d = diarium(kortnamn="SBK", format_="{klass}-{lopnummer:4}/{ar}", klasser=KLASSER)

    with pytest.raises(ValidationError) as exc:
        registrera_i(d, ar=2024)

    assert _fel(exc) == {
        "klass": [
            "Välj ärendets klassificering: förvaltningens diarienummer innehåller koden ur "
            "klassificeringsstrukturen."
        ]
    }
    assert not Diarieserie.objects.filter(forvaltning=d.forvaltning, senaste__gt=0).exists()


def test_an_inactive_klass_or_another_forvaltnings_is_refused():
    """GIVEN an inactive code and another förvaltning's code WHEN either is chosen THEN
    refused on klass: only the förvaltning's active codes may be used."""
    d = diarium(kortnamn="SBK", format_="{klass}-{lopnummer:4}/{ar}", klasser=KLASSER)
    annan = diarium(kortnamn="MF", format_="{klass}-{lopnummer:4}/{ar}", klasser=KLASSER)
    inaktiv = d.klasser["2.1"]
    inaktiv.aktiv = False
    inaktiv.save()

    for klass in (inaktiv, annan.klasser["1.6"]):
        with pytest.raises(ValidationError) as exc:
            registrera_i(d, ar=2024, klass=klass)
        assert _fel(exc) == {
            "klass": ["Välj en aktiv klassificering ur förvaltningens klassificeringsstruktur."]
        }
    assert not Remiss.objects.exists()


def test_the_form_asks_for_the_klass_only_when_the_format_has_it(client, maria, sof):
    """GIVEN SOF's default format WHEN Maria opens the form THEN there is no klass field;
    GIVEN a format with {klass} THEN there is one, listing the active codes "kod benämning"
    in code order."""
    client.force_login(maria)
    assert "klass" not in client.get(reverse("remiss:registrera")).context["form"].fields

    sof.diarienummer_format = "{klass}-{lopnummer:4}/{ar}"
    sof.save()
    sof.klassificeringar.create(kod="2.1", benamning="Planärenden")
    sof.klassificeringar.create(kod="1.6", benamning="Remisser och yttranden")
    sof.klassificeringar.create(kod="9.9", benamning="Gammal", aktiv=False)
    response = client.get(reverse("remiss:registrera"))

    falt = response.context["form"]["klass"]
    assert [str(label) for _, label in falt.field.choices][1:] == [
        "1.6 Remisser och yttranden",
        "2.1 Planärenden",
    ]
    html = response.content.decode()
    assert 'for="id_klass"' in html
    assert "Den blir en del av diarienumret." in html


def test_registering_without_a_klass_in_the_form_is_a_swedish_400(
    client, maria, karin, socialnamnden, sof
):
    """GIVEN a format with {klass} WHEN Maria posts the form without choosing one THEN 400,
    the message in the summary and at the field, and nothing is stored; WHEN she chooses
    1.6 THEN the remiss is 1.6-0001/<year>."""
    sof.diarienummer_format = "{klass}-{lopnummer:4}/{ar}"
    sof.save()
    klass = sof.klassificeringar.create(kod="1.6", benamning="Remisser och yttranden")
    client.force_login(maria)
    data = registrering_post(karin, socialnamnden)

    response = client.post(reverse("remiss:registrera"), data)

    assert response.status_code == 400
    assert response.content.decode().count("Välj ärendets klassificering.") >= 2
    assert not Remiss.objects.exists()

    response = client.post(reverse("remiss:registrera"), {**data, "klass": str(klass.pk)})

    remiss = Remiss.objects.get()
    assert response.status_code == 302
    assert remiss.klass == klass
    assert remiss.diarienummer == f"1.6-0001/{remiss.dnr_ar}"


@pytest.mark.parametrize("klass", ["9" * 30, "x", "-1"])
def test_a_bad_klass_id_is_not_a_choice(client, maria, karin, socialnamnden, sof, klass):
    """GIVEN a format with {klass} WHEN the post carries a huge, non-numeric or unknown klass
    id THEN a Swedish 400 on the field, never a 500."""
    sof.diarienummer_format = "{klass}-{lopnummer:4}/{ar}"
    sof.save()
    sof.klassificeringar.create(kod="1.6", benamning="Remisser och yttranden")
    client.force_login(maria)

    response = client.post(
        reverse("remiss:registrera"), {**registrering_post(karin, socialnamnden), "klass": klass}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["klass"]
    assert not Remiss.objects.exists()


def test_the_remiss_page_shows_the_klass(client, maria):
    """GIVEN a remiss registered in klass 050 WHEN its page is opened THEN it shows the
    diarienummer and the klass with its benämning."""
    d = diarium(kortnamn="TK", format_="T{ar}-{klass}-{lopnummer:5}", klasser=KLASSER)
    remiss = registrera_i(d, ar=2024, kod="050")
    client.force_login(d.registrator)

    html = client.get(reverse("remiss:detalj", args=[remiss.pk])).content.decode()

    assert "T2024-050-00001" in html
    assert "050 Trafik" in html


def test_a_code_in_use_cannot_be_deleted_only_made_inactive(registrera, sof):
    """GIVEN a remiss registered in klass 1.6 WHEN the code is deleted THEN refused (the number
    carries it); WHEN it is made inactive THEN it is no longer offered, and the remiss keeps
    it."""
    sof.diarienummer_format = "{klass}-{lopnummer:4}/{ar}"
    sof.save()
    klass = Klassificering.objects.create(forvaltning=sof, kod="1.6", benamning="Remisser")
    remiss = registrera(klass=klass)

    with pytest.raises(ProtectedError):
        klass.delete()

    klass.aktiv = False
    klass.save()
    assert not Klassificering.objects.aktiva_for(sof).exists()
    remiss.refresh_from_db()
    assert remiss.klass == klass
    assert remiss.diarienummer.startswith("1.6-")
