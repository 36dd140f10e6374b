"""The protokoll's pages: settings form with the 14-day rule, preview, the justering page with
its fingerprint and the 409 when it went stale, 403/404 per role, stored downloads, the
"Att justera" list (paginated, constant queries), the export command, and no 500s."""

import datetime as dt
import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from nameden import arendekallor
from nameden.models import Justering, Protokoll
from nameden.services.protokoll import fingeravtryck_nu, protokoll_andra, protokoll_for
from tests.nameden.fabriker_protokoll import (
    KALLA,
    SmallKalla,
    andra,
    halla_mote,
    halla_mote_med_protokoll,
)
from tests.remiss.pdf_verktyg import fulltext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kalla(monkeypatch):
    monkeypatch.setitem(arendekallor._kallor, KALLA, SmallKalla())


@pytest.fixture
def motet(mote, johan):
    return halla_mote_med_protokoll(mote, johan)


@pytest.fixture
def nytt_motet(johan, socialnamnden):
    """A meeting held yesterday, so its justering today is in time."""
    from django.utils import timezone

    from tests.nameden.conftest import skapa

    igar = timezone.localdate() - dt.timedelta(days=1)
    motet = halla_mote(skapa(johan, socialnamnden, igar), johan)
    protokoll_andra(
        user=johan,
        sammantrade=motet.sammantrade,
        ordforande=motet.anna,
        justerare=[motet.bertil],
        justering_tid=igar + dt.timedelta(days=2),
        justering_plats="Digitalt",
    )
    return motet


def _url(namn, motet, *args):
    return reverse(f"namnd:{namn}", args=[motet.sammantrade.pk, *args])


def _inloggad(client, user):
    client.force_login(user)
    return client


def test_the_settings_form_refuses_a_day_after_the_last_day(client, motet, johan):
    """GIVEN the meeting of 23 April 2024 WHEN Johan sets the justering to 8 May THEN 400 with
    a message naming the last day, 2024-05-07."""
    svar = _inloggad(client, johan).post(
        _url("protokoll_installningar", motet),
        {
            "ordforande": motet.anna.pk,
            "justerare": [motet.bertil.pk],
            "justering_tid": "2024-05-08",
            "justering_plats": "Stadshuset",
        },
    )
    assert svar.status_code == 400
    assert "senast 2024-05-07" in svar.content.decode()


def test_the_settings_form_saves_and_shows_the_dates(client, motet, johan):
    """GIVEN Johan WHEN he saves the settings THEN redirect, and the sammanträde's page shows
    the last day for justering."""
    svar = _inloggad(client, johan).post(
        _url("protokoll_installningar", motet),
        {
            "ordforande": motet.anna.pk,
            "justerare": [motet.bertil.pk, motet.david.pk],
            "justering_tid": "2024-05-07",
            "justering_plats": "Digitalt",
        },
    )
    assert svar.status_code == 302
    sida = client.get(_url("detalj", motet)).content.decode()
    assert "Sista dag för justering" in sida and "7 maj 2024" in sida
    assert set(protokoll_for(motet.sammantrade).justerare.all()) == {motet.bertil, motet.david}


@pytest.mark.parametrize(
    "data",
    [
        {"ordforande": "99999999999999999999999", "justerare": ["x"]},
        {"ordforande": "abc", "justering_tid": "2024-02-30"},
        {"justering_plats": "a\x00b", "justering_tid": "9999-99-99"},
        {"justering_plats": "x" * 10000, "justerare": ["1", "2", "3"]},
        {"forvaringsplats": "\x07", "justering_tid": "0001-01-01"},
    ],
)
def test_bad_input_is_a_400_never_a_500(client, motet, johan, data):
    """GIVEN Johan WHEN he posts nonsense THEN 400 with errors."""
    svar = _inloggad(client, johan).post(_url("protokoll_installningar", motet), data)
    assert svar.status_code == 400


def test_the_preview_is_a_draft_pdf(client, motet, karin):
    """GIVEN anyone who sees the sammanträde WHEN they preview THEN a PDF marked UTKAST; the
    public one lacks the sekretess § text."""
    _inloggad(client, karin)
    svar = client.get(_url("protokoll_forhandsgranska", motet))
    assert svar["Content-Type"] == "application/pdf"
    assert "UTKAST" in fulltext(svar.content)
    offentlig = client.get(_url("protokoll_forhandsgranska", motet) + "?offentlig=1")
    assert "Hemlig Person" not in fulltext(offentlig.content)


def test_the_justering_page_shows_the_fingerprint_and_justerar(client, nytt_motet):
    """GIVEN Anna WHEN she opens the justering page and confirms THEN it carried the
    fingerprint of the content, and her justering is recorded with it."""
    motet = nytt_motet
    _inloggad(client, motet.anna.user)
    sida = client.get(_url("protokoll_justera", motet))
    nu = fingeravtryck_nu(motet.sammantrade, protokoll_for(motet.sammantrade))
    assert sida.status_code == 200 and nu in sida.content.decode()
    svar = client.post(_url("protokoll_justera", motet), {"fingeravtryck": nu})
    assert svar.status_code == 302
    assert Justering.objects.get(fortroendevald=motet.anna).fingeravtryck == nu


def test_a_stale_justering_page_answers_409(client, motet):
    """GIVEN Bertil opened the justering page WHEN § 5 changed before he confirmed THEN 409
    with the protokoll as it reads now and its new fingerprint; nothing recorded."""
    _inloggad(client, motet.bertil.user)
    gammal = fingeravtryck_nu(motet.sammantrade, protokoll_for(motet.sammantrade))
    andra(motet.beslut, beslutstext="Socialnämnden avstår.")
    svar = client.post(_url("protokoll_justera", motet), {"fingeravtryck": gammal})

    assert svar.status_code == 409
    sida = svar.content.decode()
    assert "har ändrats sedan du öppnade det" in sida and "Socialnämnden avstår." in sida
    assert fingeravtryck_nu(motet.sammantrade, protokoll_for(motet.sammantrade)) in sida
    assert not Justering.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("anna", 200),
        ("fredrik", 403),
        ("karin", 403),
        ("johan", 403),
        ("gustav", 404),
        ("utomstaende", 404),
    ],
)
def test_who_may_open_the_justering_page(request, client, motet, sof, persona, status):
    """GIVEN the protokoll WHEN each persona opens its justering page THEN the ordförande 200,
    another ledamot, a handläggare and the sekreterare 403, a förtroendevald of another nämnd
    and another förvaltning 404."""
    if persona in ("anna", "fredrik"):
        user = getattr(motet, persona).user
    elif persona == "gustav":
        from nameden.models import Namnd
        from tests.nameden.fabriker_protokoll import inloggning, ledamot

        user = inloggning("gustav", "Gustav", "Annan")
        ledamot(Namnd.objects.create(namn="Äldrenämnden", forvaltning=sof), "Gustav", "C",
                "ledamot", user=user)  # fmt: skip
    else:
        user = request.getfixturevalue(persona)
    assert _inloggad(client, user).get(_url("protokoll_justera", motet)).status_code == status


def test_bad_justering_posts_are_400(client, motet):
    """GIVEN Anna WHEN she posts without or with a broken fingerprint THEN 400."""
    _inloggad(client, motet.anna.user)
    for data in ({}, {"fingeravtryck": "x" * 5000}, {"fingeravtryck": "\x00"}):
        assert client.post(_url("protokoll_justera", motet), data).status_code == 400


def test_an_unknown_paragraf_or_sammantrade_is_404(client, motet):
    """GIVEN Anna WHEN she opens omedelbar justering of a § not marked, or a sammanträde that
    does not exist THEN 404."""
    _inloggad(client, motet.anna.user)
    assert (
        client.get(_url("protokoll_justera_paragraf", motet, motet.anmalan.pk)).status_code == 404
    )
    assert client.get(reverse("namnd:protokoll_justera", args=[99999999])).status_code == 404


def _justera_bada(client, motet):
    for person in (motet.anna, motet.bertil):
        _inloggad(client, person.user)
        nu = fingeravtryck_nu(motet.sammantrade, protokoll_for(motet.sammantrade))
        assert (
            client.post(_url("protokoll_justera", motet), {"fingeravtryck": nu}).status_code == 302
        )


def test_stored_pdfs_are_served_hash_checked(client, nytt_motet, karin):
    """GIVEN a protokoll justerat through the pages WHEN Karin downloads it THEN the stored
    bytes with their SHA-256; before justering 404; an unknown version 404."""
    motet = nytt_motet
    _inloggad(client, karin)
    assert client.get(_url("protokoll_lagrad", motet, "fullstandig")).status_code == 404
    _justera_bada(client, motet)
    _inloggad(client, karin)
    protokoll = Protokoll.objects.get(sammantrade=motet.sammantrade)
    svar = client.get(_url("protokoll_lagrad", motet, "fullstandig"))
    assert hashlib.sha256(svar.content).hexdigest() == protokoll.sha256
    offentlig = client.get(_url("protokoll_lagrad", motet, "offentlig"))
    assert hashlib.sha256(offentlig.content).hexdigest() == protokoll.offentlig_sha256
    assert client.get(_url("protokoll_lagrad", motet, "annan")).status_code == 404


def test_att_justera_lists_my_protokoll_in_constant_queries(
    client, motet, johan, django_assert_max_num_queries
):
    """GIVEN Anna chairs one protokoll WHEN she opens "Att justera" THEN it is listed; with
    more protokoll the page costs the same number of queries; Fredrik's list is empty."""
    from tests.nameden.conftest import skapa

    _inloggad(client, motet.anna.user)
    svar = client.get(reverse("namnd:att_justera"))
    assert "23 april 2024" in svar.content.decode()
    with django_assert_max_num_queries(12) as fore:
        client.get(reverse("namnd:att_justera"))
    for dag in range(1, 6):
        annat = skapa(johan, motet.sammantrade.namnd, dt.date(2024, 6, dag))
        Protokoll.objects.create(sammantrade=annat, ordforande=motet.anna)
        from nameden.services.sammantrade import sammantrade_overga
        from nameden.workflow import Action

        sammantrade_overga(user=johan, sammantrade=annat, action=Action.KALLA)
    with django_assert_max_num_queries(len(fore.captured_queries)):
        sida = client.get(reverse("namnd:att_justera")).content.decode()
    assert "5 juni 2024" in sida
    _inloggad(client, motet.fredrik.user)
    assert "inga protokoll att justera" in client.get(reverse("namnd:att_justera")).content.decode()


def test_export_command_writes_the_draft_then_the_stored_version(client, nytt_motet, tmp_path):
    """GIVEN a protokoll WHEN exported before justering THEN a draft marked UTKAST (and the
    command says so); after justering the stored file byte for byte; --offentlig the public
    one; an unknown meeting or date is a Swedish error."""
    motet = nytt_motet
    ut = tmp_path / "p.pdf"
    datum = f"{motet.sammantrade.datum:%Y-%m-%d}"
    args = ["--namnd", "Socialnämnden", "--datum", datum, "--out", str(ut)]
    from io import StringIO

    meddelande = StringIO()
    call_command("export_protokoll", *args, stdout=meddelande)
    assert "UTKAST" in meddelande.getvalue() and "UTKAST" in fulltext(ut.read_bytes())

    _justera_bada(client, motet)
    protokoll = Protokoll.objects.get(sammantrade=motet.sammantrade)
    meddelande = StringIO()
    call_command("export_protokoll", *args, stdout=meddelande)
    assert "det justerade protokollet" in meddelande.getvalue()
    assert hashlib.sha256(ut.read_bytes()).hexdigest() == protokoll.sha256
    call_command("export_protokoll", *args, "--offentlig", stdout=StringIO())
    assert hashlib.sha256(ut.read_bytes()).hexdigest() == protokoll.offentlig_sha256

    with pytest.raises(CommandError, match="Socialnämnden har inget sammanträde 2020-04-24"):
        call_command("export_protokoll", "--namnd", "Socialnämnden", "--datum", "2020-04-24",
                     "--out", str(ut))  # fmt: skip
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM-DD"):
        call_command("export_protokoll", "--namnd", "X", "--datum", "23/4", "--out", str(ut))


def test_a_late_justering_page_asks_for_the_reason(client, motet):
    """GIVEN the meeting of 23 April 2024, long past its last day WHEN Anna opens the page and
    confirms without a reason THEN the page asks for one (400) naming 2024-05-07; with one
    her justering is recorded with it."""
    _inloggad(client, motet.anna.user)
    url = _url("protokoll_justera", motet)
    assert "Skäl till att justeringen sker efter sista dagen" in client.get(url).content.decode()
    nu = fingeravtryck_nu(motet.sammantrade, protokoll_for(motet.sammantrade))
    svar = client.post(url, {"fingeravtryck": nu})
    assert svar.status_code == 400 and "Sista dag för justering var 2024-05-07" in (
        svar.content.decode()
    )
    svar = client.post(url, {"fingeravtryck": nu, "sen_skal": "Sjukdom."})
    assert svar.status_code == 302
    assert Justering.objects.get(fortroendevald=motet.anna).sen_skal == "Sjukdom."


def test_omedelbar_justering_through_its_page(client, nytt_motet):
    """GIVEN § 5 marked for omedelbar justering WHEN Anna and Bertil confirm it on its page
    THEN it is justerad and the sammanträde's page lists it; the protokoll is not justerat."""
    from nameden.protokoll import lage

    motet = nytt_motet
    andra(motet.beslut, omedelbar_justering=True)
    url = _url("protokoll_justera_paragraf", motet, motet.beslut.pk)
    for person in (motet.anna, motet.bertil):
        _inloggad(client, person.user)
        sida = client.get(url).content.decode()
        assert "Justera § 5 omedelbart" in sida
        nu = fingeravtryck_nu(
            motet.sammantrade, protokoll_for(motet.sammantrade), paragraf=motet.beslut
        )
        assert client.post(url, {"fingeravtryck": nu}).status_code == 302
    assert lage.paragraf_justerad(motet.beslut)
    assert Protokoll.objects.get(sammantrade=motet.sammantrade).justerat_at is None
    sida = client.get(_url("detalj", motet)).content.decode()
    assert "Omedelbar justering" in sida and "Justera protokollet" in sida


def test_the_sammantrade_page_for_a_fortroendevald(client, motet):
    """GIVEN Fredrik, a ledamot without a förvaltning WHEN he opens the sammanträde THEN he
    reads it and its protokoll section, without a justering button."""
    _inloggad(client, motet.fredrik.user)
    sida = client.get(_url("detalj", motet))
    assert sida.status_code == 200
    text = sida.content.decode()
    assert "Sista dag för justering" in text and "Justera protokollet</a>" not in text
