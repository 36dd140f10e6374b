"""Kommun at the top of the organisation: names unique within a kommun (by the database, on
both backends), the nämnd's kommun following its förvaltning, the admin's Swedish errors, and
a user kept inside their own kommun (404 for anything of another)."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image, PngImagePlugin

from nameden import policy, selectors
from nameden.clamd_lokal import EICAR
from nameden.forms_namnd import SammantradeForm
from nameden.models import Forvaltning, Kommun, Namnd
from nameden.roles import Roll
from tests.factories import (
    AvdelningFactory,
    ForvaltningFactory,
    KommunFactory,
    NamndFactory,
    SammantradeFactory,
    UserFactory,
)
from tests.nameden.fabriker_motet import ledamot

pytestmark = pytest.mark.django_db


@pytest.fixture
def solna(sof) -> Kommun:
    """A second kommun in the installation, with a förvaltning and a nämnd of the very same
    names as the first kommun's (SOF, Socialförvaltningen, Socialnämnden). After `sof`: a
    förvaltning created without a kommun goes to the installation's first."""
    return KommunFactory(namn="Solna stad", slug="solna")


@pytest.fixture
def solna_sof(solna) -> Forvaltning:
    return ForvaltningFactory(kommun=solna, namn="Socialförvaltningen", kortnamn="SOF")


@pytest.fixture
def solna_namnd(solna_sof) -> Namnd:
    return NamndFactory(forvaltning=solna_sof, namn="Socialnämnden")


@pytest.fixture
def solna_mote(solna_namnd):
    return SammantradeFactory(namnd=solna_namnd, datum=dt.date(2024, 4, 23))


# --- Names unique within a kommun -----------------------------------------------------------


def test_the_same_names_in_two_kommuner_are_allowed(socialnamnden, solna_namnd):
    """GIVEN Socialnämnden (and SOF) in the installation's first kommun WHEN another kommun
    gets its own Socialnämnden and SOF THEN both exist, each in its kommun."""
    assert socialnamnden.kommun != solna_namnd.kommun
    assert Namnd.objects.filter(namn="Socialnämnden").count() == 2
    assert Forvaltning.objects.filter(kortnamn="SOF").count() == 2


@pytest.mark.parametrize(
    "skapa",
    [
        lambda sof: Namnd.objects.create(namn="Socialnämnden", forvaltning=sof),
        lambda sof: Forvaltning.objects.create(
            kommun=sof.kommun, namn="Socialförvaltningen", kortnamn="ANNAN"
        ),
        lambda sof: Forvaltning.objects.create(kommun=sof.kommun, namn="Annan", kortnamn="SOF"),
    ],
    ids=["namnd namn", "forvaltning namn", "forvaltning kortnamn"],
)
def test_the_database_refuses_a_name_twice_in_one_kommun(socialnamnden, sof, skapa):
    """GIVEN Socialnämnden and SOF in a kommun WHEN a second nämnd or förvaltning of the same
    name (or kortnamn) is written straight to the database in that kommun THEN the database
    refuses it: the rule holds whatever writes the row."""
    with pytest.raises(IntegrityError), transaction.atomic():
        skapa(sof)


def test_a_namnd_in_another_forvaltning_of_the_same_kommun_collides_too(socialnamnden, sof):
    """GIVEN Socialnämnden served by SOF WHEN a nämnd of that name is created for another
    förvaltning of the same kommun THEN the database refuses it (unique per kommun, not per
    förvaltning)."""
    slk = ForvaltningFactory(kommun=sof.kommun, namn="Stadsledningskontoret", kortnamn="SLK")
    with pytest.raises(IntegrityError), transaction.atomic():
        Namnd.objects.create(namn="Socialnämnden", forvaltning=slk)


def test_the_namnds_kommun_follows_its_forvaltning_on_every_save(sof, solna_sof):
    """GIVEN a nämnd created without naming a kommun, and one later moved to a förvaltning
    of another kommun WHEN saved THEN its kommun is its förvaltning's each time."""
    namnd = Namnd.objects.create(namn="Kulturnämnden", forvaltning=sof)
    assert namnd.kommun_id == sof.kommun_id
    namnd.forvaltning = solna_sof
    namnd.save()
    namnd.refresh_from_db()
    assert namnd.kommun_id == solna_sof.kommun_id


def test_a_forvaltning_with_namnder_cannot_move_to_another_kommun(socialnamnden, sof, solna):
    """GIVEN SOF serving Socialnämnden WHEN an administrator moves SOF to another kommun THEN
    clean refuses it in Swedish (its nämnder's names are unique in the kommun they are in)."""
    sof.kommun = solna
    with pytest.raises(ValidationError) as exc:
        sof.full_clean()
    assert "kan inte flyttas till en annan kommun" in exc.value.message_dict["kommun"][0]


def test_forvaltning_full_clean_names_the_collision(sof):
    """GIVEN SOF WHEN another förvaltning with kortnamn SOF is checked in the same kommun THEN
    the message says the kortnamn must be unique within the kommun."""
    with pytest.raises(ValidationError) as exc:
        Forvaltning(kommun=sof.kommun, namn="Annan förvaltning", kortnamn="SOF").full_clean()
    assert "unikt inom kommunen" in " ".join(exc.value.messages)


# --- The admin ------------------------------------------------------------------------------


def _namnd_lagg_till(admin_client, forvaltning, namn):
    return admin_client.post(
        reverse("admin:nameden_namnd_add"), {"namn": namn, "forvaltning": forvaltning.pk}
    )


def test_the_admin_refuses_a_namnd_name_twice_in_one_kommun(admin_client, solna_namnd, solna_sof):
    """GIVEN Solna's Socialnämnden WHEN the admin adds another Socialnämnden to Solna THEN the
    form answers with a Swedish error on the name naming the kommun, and nothing is saved."""
    svar = _namnd_lagg_till(admin_client, solna_sof, "Socialnämnden")
    assert svar.status_code == 200
    html = svar.content.decode()
    assert "Det finns redan en nämnd som heter ”Socialnämnden” i Solna stad" in html
    assert Namnd.objects.filter(kommun=solna_sof.kommun).count() == 1


def test_the_admin_adds_the_same_name_in_another_kommun(admin_client, solna_namnd, sof):
    """GIVEN Solna's Socialnämnden WHEN the admin adds Socialnämnden for the first kommun's
    SOF THEN it is saved, in that kommun."""
    svar = _namnd_lagg_till(admin_client, sof, "Socialnämnden")
    assert svar.status_code == 302
    assert Namnd.objects.get(namn="Socialnämnden", kommun=sof.kommun).forvaltning == sof


def test_the_admins_forvaltning_choice_names_the_kommun(admin_client, sof, solna_sof):
    """Two Socialförvaltningen in the nämnd form's list are told apart by their kommun."""
    html = admin_client.get(reverse("admin:nameden_namnd_add")).content.decode()
    assert "Socialförvaltningen (Solna stad)" in html
    assert f"Socialförvaltningen ({sof.kommun.namn})" in html


def _kommun_data(**andra) -> dict:
    return {
        "namn": "Exempelkommunen",
        "slug": "exempel",
        "organisationsnummer": "212000-0142",
        "accentfarg": "#0f4c81",
        "text_pa_accent": "#ffffff",
        "postadress": "",
        "besoksadress": "",
        "telefon": "",
        "webb": "",
        "epost": "",
        **andra,
    }


def test_the_admin_stores_an_uploaded_png_only_as_sanitised(admin_client):
    """GIVEN a PNG with an Author text chunk WHEN uploaded as a kommun's logo in the admin
    THEN the kommun is saved with a re-encoded PNG: the chunk is gone and the SHA-256 is of
    the stored bytes."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Hemlig person")
    ut = io.BytesIO()
    Image.new("RGB", (30, 10), (0, 0, 0)).save(ut, format="PNG", pnginfo=info)
    fil = SimpleUploadedFile("logo.png", ut.getvalue(), content_type="image/png")

    svar = admin_client.post(reverse("admin:nameden_kommun_add"), _kommun_data(logotyp_fil=fil))

    assert svar.status_code == 302, svar.content.decode()[:2000]
    kommun = Kommun.objects.get(slug="exempel")
    data = bytes(kommun.logotyp)
    assert data.startswith(b"\x89PNG") and b"Hemlig person" not in data
    assert kommun.logotyp_sha256 == hashlib.sha256(data).hexdigest()
    assert kommun.history.latest().history_change_reason.startswith("Ny logotyp (image/png")


@pytest.mark.parametrize(
    ("namn", "data", "i_felet"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" onload="alert(1)"/>',
            "händelsehanterare",
        ),
        ("logo.png", b"GIF89a inte en png", "måste vara en PNG- eller SVG-fil"),
    ],
)
def test_the_admin_refuses_a_bad_logo_with_a_clear_error(admin_client, namn, data, i_felet):
    """GIVEN an SVG with an event handler, or GIF bytes named logo.png WHEN uploaded in the
    admin THEN the form shows the sanitiser's Swedish message and no kommun is saved."""
    fil = SimpleUploadedFile(namn, data)
    svar = admin_client.post(reverse("admin:nameden_kommun_add"), _kommun_data(logotyp_fil=fil))
    assert svar.status_code == 200
    assert i_felet in svar.content.decode()
    assert not Kommun.objects.filter(slug="exempel").exists()


_SVG_MED_EICAR = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><!-- '
    + EICAR
    + b' --><rect width="1" height="1"/></svg>'
)


def test_the_admin_scans_an_uploaded_logo_for_viruses(admin_client):
    """GIVEN an SVG that is valid apart from the EICAR test string in a comment (which the
    sanitiser alone would drop and store the rest) WHEN uploaded as a logo THEN clamd's
    verdict refuses it with the Swedish message and no kommun is saved."""
    fil = SimpleUploadedFile("logo.svg", _SVG_MED_EICAR)
    svar = admin_client.post(reverse("admin:nameden_kommun_add"), _kommun_data(logotyp_fil=fil))
    assert svar.status_code == 200
    assert "Virussökningen hittade skadlig kod i filen" in svar.content.decode()
    assert not Kommun.objects.filter(slug="exempel").exists()


def test_the_admin_refuses_a_logo_when_the_scanner_is_down(admin_client, settings, tmp_path):
    """GIVEN clamd unreachable WHEN a clean PNG logo is uploaded THEN it fails closed: the
    scanner's Swedish message and nothing saved."""
    settings.CLAMD_SOCKET = str(tmp_path / "ingen.sock")
    ut = io.BytesIO()
    Image.new("RGB", (30, 10), (0, 0, 0)).save(ut, format="PNG")
    fil = SimpleUploadedFile("logo.png", ut.getvalue(), content_type="image/png")
    svar = admin_client.post(reverse("admin:nameden_kommun_add"), _kommun_data(logotyp_fil=fil))
    assert svar.status_code == 200
    assert "virussökningen inte svarar just nu" in svar.content.decode()
    assert not Kommun.objects.filter(slug="exempel").exists()


def test_the_admin_refuses_a_wrong_organisationsnummer_and_a_pale_colour(admin_client):
    svar = admin_client.post(
        reverse("admin:nameden_kommun_add"),
        _kommun_data(organisationsnummer="212000-0143", accentfarg="#ffcc00"),
    )
    html = svar.content.decode()
    assert svar.status_code == 200
    assert "kontrollsiffran (den sista) är fel" in html
    assert "för låg kontrast mot vit bakgrund" in html


# --- Users see their own kommun only -------------------------------------------------------


def test_a_sekreterare_gets_404_on_another_kommuns_sammantrade(client, johan, solna_mote):
    """GIVEN Johan, nämndsekreterare in the first kommun WHEN he opens Solna's Socialnämnden's
    sammanträde (same nämnd name as his own) THEN 404, and his list does not show it."""
    client.force_login(johan)
    assert client.get(reverse("namnd:detalj", args=[solna_mote.pk])).status_code == 404
    assert solna_mote not in selectors.sammantraden_for(johan)


def test_a_fortroendevald_with_an_uppdrag_in_another_kommun_does_not_see_it(
    client, stab, solna_mote
):
    """GIVEN a förtroendevald whose login belongs to an avdelning of the first kommun and who
    holds an uppdrag in Solna's Socialnämnden WHEN they open Solna's sammanträde THEN 404:
    a user belongs to their own kommun, whatever uppdrag they hold."""
    user = UserFactory(username="frida", roll=Roll.FORTROENDEVALD, avdelning=stab)
    person = ledamot(solna_mote.namnd, "Frida Ledamot")
    person.user = user
    person.save()

    client.force_login(user)
    assert client.get(reverse("namnd:detalj", args=[solna_mote.pk])).status_code == 404
    assert not policy.can_see(user, solna_mote)
    assert not policy.visible_sammantraden(user).filter(pk=solna_mote.pk).exists()


def test_a_fortroendevald_without_an_avdelning_is_placed_by_the_uppdrag(client, solna_mote):
    """GIVEN a förtroendevald with no avdelning (in no kommun) and an uppdrag in Solna's
    nämnd WHEN they open the sammanträde THEN they see it: the uppdrag is their relation."""
    user = UserFactory(username="gustav", roll=Roll.FORTROENDEVALD, avdelning=None)
    person = ledamot(solna_mote.namnd, "Gustav Ledamot")
    person.user = user
    person.save()

    client.force_login(user)
    assert client.get(reverse("namnd:detalj", args=[solna_mote.pk])).status_code == 200
    assert list(policy.synliga_kommuner(user)) == [solna_mote.namnd.kommun]


def test_choice_lists_do_not_offer_another_kommuns_namnder(
    client, johan, socialnamnden, solna_namnd
):
    """GIVEN two Socialnämnden, one in Johan's kommun WHEN Johan plans a sammanträde THEN the
    list offers only his, and posting the other's id is refused as not in the list."""
    assert list(selectors.namnder_att_planera(johan)) == [socialnamnden]
    form = SammantradeForm(
        {"namnd": solna_namnd.pk, "datum": "2024-05-21", "tid": "13:00", "plats": "Rum 1"},
        namnder=selectors.namnder_att_planera(johan),
    )
    assert not form.is_valid() and "namnd" in form.errors

    client.force_login(johan)
    html = client.get(reverse("namnd:skapa")).content.decode()
    assert f'value="{socialnamnden.pk}"' in html and f'value="{solna_namnd.pk}"' not in html


def test_an_administrator_sees_every_kommun(admin_user, socialnamnden, solna_mote):
    assert set(policy.synliga_kommuner(admin_user)) == {
        socialnamnden.kommun,
        solna_mote.namnd.kommun,
    }
    assert policy.visible_sammantraden(admin_user).filter(pk=solna_mote.pk).exists()


def test_a_users_kommun_is_their_avdelnings_forvaltnings(solna_sof):
    user = UserFactory(avdelning=AvdelningFactory(forvaltning=solna_sof))
    assert user.kommun_id == solna_sof.kommun_id
    assert UserFactory(avdelning=None).kommun_id is None


def test_the_list_costs_the_same_with_more_kommuner(
    client, johan, socialnamnden, django_assert_num_queries
):
    """GIVEN Johan's list of sammanträden WHEN other kommuner with their own sammanträden are
    added THEN the list costs the same number of queries (the kommun is a subquery)."""
    SammantradeFactory(namnd=socialnamnden)
    client.force_login(johan)
    client.get(reverse("namnd:lista"))  # the session's first save is not the list's cost
    with CaptureQueriesContext(connection) as fa:
        client.get(reverse("namnd:lista"))
    for _ in range(3):
        kommun = KommunFactory()
        namnd = NamndFactory(forvaltning=ForvaltningFactory(kommun=kommun))
        SammantradeFactory(namnd=namnd)
    with django_assert_num_queries(len(fa.captured_queries)):
        client.get(reverse("namnd:lista"))


def _forvaltning_lagg_till(admin_client, **data):
    return admin_client.post(
        reverse("admin:nameden_forvaltning_add"),
        {
            "namn": "Kulturförvaltningen",
            "kortnamn": "KUF",
            "diarienummer_format": "{kortnamn} {ar}/{lopnummer}",
            "chef": "",
            **{
                f"{prefix}-{nyckel}": varde
                for prefix in ("avdelningar", "klassificeringar")
                for nyckel, varde in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
            **data,
        },
    )


def test_with_several_kommuner_the_admin_asks_which(admin_client, solna):
    """GIVEN two kommuner WHEN the admin adds a förvaltning without choosing a kommun THEN
    the form asks for one (nothing is assumed); choosing Solna saves it there."""
    svar = _forvaltning_lagg_till(admin_client)
    assert svar.status_code == 200
    assert "kommun" in svar.context["adminform"].form.errors
    assert not Forvaltning.objects.filter(kortnamn="KUF").exists()

    assert _forvaltning_lagg_till(admin_client, kommun=solna.pk).status_code == 302
    assert Forvaltning.objects.get(kortnamn="KUF").kommun == solna


def test_with_one_kommun_the_admin_needs_no_choice(admin_client, sof):
    """GIVEN one kommun WHEN the admin adds a förvaltning without choosing THEN it goes to
    that kommun."""
    assert _forvaltning_lagg_till(admin_client).status_code == 302
    assert Forvaltning.objects.get(kortnamn="KUF").kommun == sof.kommun
