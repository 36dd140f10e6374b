"""The case page's nämnd part: the sender's registry address at registration, each answering
nämnd's handling (anmäld, beslut, expediering with SHA-256), and closing the answered case."""

import datetime as dt

import pytest
from django.urls import reverse

from nameden.models import Namnd
from remiss.models import Remiss
from remiss.services.namndbehandling import namnd_beslut, namnd_expedierad
from remiss.workflow import Status
from tests.remiss.namnd_verktyg import (
    BESLUTSTEXT,
    REGISTRATUR,
    TU,
    UTDRAG,
    anmal,
    attestera,
    beslut,
    expediering,
    mote,
)
from tests.remiss.registrering_verktyg import registrering_post
from tests.remiss.test_views_fragor import antal_fragor

pytestmark = pytest.mark.django_db

EPOST_FEL = "Ange en e-postadress i formatet namn@exempel.se, eller lämna fältet tomt."


# --- The registry address ---------------------------------------------------------------------


def test_the_registry_address_is_asked_at_registration_and_shown(
    client, maria, karin, socialnamnden
):
    """GIVEN Maria registers a remiss with the sender's registry address WHEN she lands on it
    THEN the address is stored and shown on the remiss page."""
    client.force_login(maria)

    response = client.post(
        reverse("remiss:registrera"),
        registrering_post(karin, socialnamnden, avsandare_epost=f"  {REGISTRATUR} "),
        follow=True,
    )

    assert Remiss.objects.get().avsandare_epost == REGISTRATUR
    assert "Avsändarens registratur (e-post)" in response.text
    assert REGISTRATUR in response.text


def test_the_registry_address_is_optional(client, maria, karin, socialnamnden):
    """GIVEN a sender without a registry address WHEN Maria leaves the field empty THEN the
    remiss is registered without one."""
    client.force_login(maria)

    client.post(reverse("remiss:registrera"), registrering_post(karin, socialnamnden))

    assert Remiss.objects.get().avsandare_epost == ""


@pytest.mark.parametrize(
    ("varde", "meddelande"),
    [
        ("registrator.kommunstyrelsen", EPOST_FEL),
        ("a@b@c.se", EPOST_FEL),
        ("registrator@ks\x00.se", "U+0000"),
        ("r" * 250 + "@ks.se", "högst 254 tecken"),
    ],
)
def test_a_bad_registry_address_is_400_in_swedish(
    client, maria, karin, socialnamnden, varde, meddelande
):
    """GIVEN Maria types a malformed, poisoned or over-long address WHEN she registers THEN
    400 with a Swedish message at the field, and nothing is registered."""
    client.force_login(maria)

    response = client.post(
        reverse("remiss:registrera"),
        registrering_post(karin, socialnamnden, avsandare_epost=varde),
    )

    assert response.status_code == 400
    assert meddelande in response.context["form"].errors["avsandare_epost"][0]
    assert not Remiss.objects.exists()


def test_the_registry_address_is_edited_with_the_registration_details(client, maria, remiss):
    """GIVEN a registered remiss WHEN Maria corrects the registry address (first wrongly, then
    rightly) THEN a bad one is 400 and leaves it, a good one is stored and in the timeline."""
    client.force_login(maria)
    url = reverse("remiss:andra_uppgifter", args=[remiss.pk])
    data = {
        "avsandare": remiss.avsandare,
        "avsandarens_diarienummer": remiss.avsandarens_diarienummer,
        "rubrik": remiss.rubrik,
        "inkom_datum": remiss.inkom_datum.isoformat(),
        "svarsdatum": remiss.svarsdatum.isoformat(),
    }

    fel = client.post(url, {**data, "avsandare_epost": "inte-en-adress"})
    client.post(url, {**data, "avsandare_epost": REGISTRATUR})

    assert fel.status_code == 400
    assert EPOST_FEL in fel.text
    remiss.refresh_from_db()
    assert remiss.avsandare_epost == REGISTRATUR
    assert remiss.handelser.filter(
        text="Registreringsuppgifterna ändrades: avsändarens registratur."
    ).exists()


def test_the_service_refuses_a_bad_address_too(registrera):
    """GIVEN a caller without the form WHEN registering with a malformed address THEN the
    service says the same in Swedish, on the field."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        registrera(avsandare_epost="inte-en-adress")

    assert exc.value.message_dict == {"avsandare_epost": [EPOST_FEL]}


# --- Nämndbehandling on the case page ---------------------------------------------------------


@pytest.fixture
def aldrenamnden(sof) -> Namnd:
    return Namnd.objects.create(namn="Äldrenämnden", forvaltning=sof)


@pytest.fixture
def tva_namnder(registrera, socialnamnden, aldrenamnden, karin, lisa, veronica, johan) -> Remiss:
    """Attested, answered by two nämnder; anmäld to Socialnämnden, decided and expedierad."""
    remiss = attestera(
        registrera(namnder=[socialnamnden, aldrenamnden], avsandare_epost=REGISTRATUR),
        karin,
        lisa,
        veronica,
    )
    anmal(johan, remiss, mote(johan, socialnamnden))
    namnd_beslut(remiss=remiss, namnd=socialnamnden, beslut=beslut(), user=johan)
    namnd_expedierad(
        remiss=remiss,
        namnd=socialnamnden,
        expediering=expediering(skickat_at=dt.datetime(2024, 4, 30, 8, 15, tzinfo=dt.UTC)),
        user=johan,
    )
    return remiss


def test_the_case_page_shows_each_namnds_handling(client, per, tva_namnder):
    """GIVEN Socialnämnden has decided and expedierat, Äldrenämnden has not had it WHEN a
    läsare opens the remiss THEN "Nämndbehandling" shows, per nämnd, where it stands: the
    sammanträde, the beslut with § and date and its wording, and the expediering with who,
    when, to whom and each file's full SHA-256; Äldrenämnden as not anmäld."""
    client.force_login(per)

    html = client.get(reverse("remiss:detalj", args=[tva_namnder.pk])).text

    del_ = html.split('id="namndbehandling"', 1)[1]
    sn, an = del_.split("Socialnämnden</h3>", 1)[1], del_.split("Äldrenämnden</h3>", 1)[1]
    assert "Expedierad" in sn and "23 april 2024" in sn
    assert "§ 45, " in sn and "Bifall till förvaltningens förslag" in sn and BESLUTSTEXT in sn
    assert "30 april 2024" in sn and "Johan Ek" in sn and REGISTRATUR in sn
    assert UTDRAG.sha256 in sn and TU.sha256 in sn and UTDRAG.filnamn in sn
    assert "Inte anmäld" in an.split("</dl>", 1)[0]


def test_the_case_page_is_constant_in_the_number_of_namnder(
    client, per, registrera, sof, karin, lisa, veronica, johan, django_assert_max_num_queries
):
    """GIVEN a remiss answered by 1 nämnd and one answered by 4, every nämnd having it anmäld,
    decided and expedierad WHEN each page is shown THEN the same number of queries."""
    namnder = [Namnd.objects.create(namn=f"Nämnd {i}", forvaltning=sof) for i in range(5)]

    def behandlad(svarar) -> Remiss:
        remiss = attestera(registrera(namnder=svarar), karin, lisa, veronica)
        for namnd in svarar:
            anmal(johan, remiss, mote(johan, namnd))
            namnd_beslut(remiss=remiss, namnd=namnd, beslut=beslut(), user=johan)
            namnd_expedierad(remiss=remiss, namnd=namnd, expediering=expediering(), user=johan)
        assert Remiss.objects.get(pk=remiss.pk).status == Status.BESVARAD
        return remiss

    en, fyra = behandlad(namnder[:1]), behandlad(namnder[1:])
    client.force_login(per)

    client.get(reverse("remiss:detalj", args=[en.pk]))  # fills the ContentType cache first
    fore = antal_fragor(client, reverse("remiss:detalj", args=[en.pk]))
    # 15: the timeline's sekretess check (markings, bilagor) and the menu's roles (the read
    # log's link) are fixed costs of every case page; `efter == fore` is the constancy.
    with django_assert_max_num_queries(15):
        efter = antal_fragor(client, reverse("remiss:detalj", args=[fyra.pk]))
    assert efter == fore


# --- Closing ----------------------------------------------------------------------------------


@pytest.fixture
def besvarad(tva_namnder, aldrenamnden, johan) -> Remiss:
    anmal(johan, tva_namnder, mote(johan, aldrenamnden, dt.date(2024, 4, 25)))
    namnd_beslut(remiss=tva_namnder, namnd=aldrenamnden, beslut=beslut(), user=johan)
    namnd_expedierad(remiss=tva_namnder, namnd=aldrenamnden, expediering=expediering(), user=johan)
    remiss = Remiss.objects.get(pk=tva_namnder.pk)
    assert remiss.status == Status.BESVARAD
    return remiss


@pytest.mark.parametrize("persona", ["maria", "karin"])
def test_the_registrator_or_the_handlaggare_closes_the_answered_case(
    request, client, besvarad, persona
):
    """GIVEN a besvarad remiss WHEN the registrator or the handläggare opens it THEN it offers
    "Avsluta ärendet"; WHEN she posts it THEN the remiss is avslutad, with her comment in the
    timeline."""
    client.force_login(request.getfixturevalue(persona))
    url = reverse("remiss:detalj", args=[besvarad.pk])
    assert "Avsluta ärendet" in client.get(url).text

    response = client.post(
        reverse("remiss:avsluta", args=[besvarad.pk]), {"kommentar": "Arkiverad."}, follow=True
    )

    assert response.redirect_chain[-1][0] == url
    assert f"Remissen {besvarad.diarienummer} är avslutad." in response.text
    besvarad.refresh_from_db()
    assert besvarad.status == Status.AVSLUTAD
    assert besvarad.handelser.filter(typ="status", kommentar="Arkiverad.").exists()


def test_the_namndsekreterare_may_not_close_and_sees_no_button(client, besvarad, johan):
    """GIVEN a besvarad remiss WHEN Johan, the nämndsekreterare, opens it or posts Avsluta
    THEN no button and 403; it stays besvarad."""
    client.force_login(johan)

    sida = client.get(reverse("remiss:detalj", args=[besvarad.pk])).text
    response = client.post(reverse("remiss:avsluta", args=[besvarad.pk]))

    assert "Avsluta ärendet" not in sida
    assert response.status_code == 403
    assert Remiss.objects.get(pk=besvarad.pk).status == Status.BESVARAD


def test_closing_before_it_is_answered_explains_itself(client, tva_namnder, maria):
    """GIVEN a remiss one nämnd has not answered WHEN Maria posts Avsluta THEN she is back on
    the case with a Swedish banner saying why, and nothing changes."""
    client.force_login(maria)

    response = client.post(reverse("remiss:avsluta", args=[tva_namnder.pk]), follow=True)

    assert "”Avsluta ärendet” går inte när remissen har status ”attesterad”." in response.text
    assert Remiss.objects.get(pk=tva_namnder.pk).status == Status.ATTESTERAD


def test_another_forvaltning_gets_404_on_avsluta(client, besvarad, utomstaende):
    """GIVEN someone of another förvaltning WHEN they post Avsluta THEN 404."""
    client.force_login(utomstaende)

    assert client.post(reverse("remiss:avsluta", args=[besvarad.pk])).status_code == 404
