"""The packet's pages: the section on the sammanträde's page, ordering it (POST), the
progress page with and without JavaScript, and downloads that serve only an intact file.

Packets here are built with `paket_bygg`, the worker's own steps run without the queue (the
queue and the worker themselves are proven in test_paket_bygg.py)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nameden.models import Handlingspaket, Paketframsteg
from nameden.paket.bygg import paket_bygg
from tests.nameden.fabriker_paket import anmal_med_handlingar, las_paket

pytestmark = pytest.mark.django_db
V = Handlingspaket.Version


@pytest.fixture
def som(client):
    def _som(user):
        client.force_login(user)
        return client

    return _som


def url(namn, mote, *args):
    return reverse(f"namnd:{namn}", args=[mote.pk, *args])


def test_the_sekreterare_orders_the_packet_with_a_plain_post(som, johan, mote):
    """GIVEN Johan on the sammanträde's page WHEN he presses "Skapa kallelse och handlingar"
    THEN both versions are köade and he lands on the progress page, which reloads itself
    without JavaScript (noscript refresh, with a way to stop it) and says where it is."""
    anmal_med_handlingar(johan, mote, 1)
    client = som(johan)
    sida = client.get(url("detalj", mote)).content.decode()
    assert "Skapa kallelse och handlingar</button>" in sida
    assert f'action="{url("handlingar_skapa", mote)}"' in sida

    svar = client.post(url("handlingar_skapa", mote), follow=True)

    assert svar.redirect_chain[-1][0] == url("handlingar", mote)
    html = svar.content.decode()
    assert "skapas nu i bakgrunden" in html
    assert '<noscript><meta http-equiv="refresh" content="4"></noscript>' in html
    assert 'aria-live="polite"' in html and 'data-pagar="1"' in html
    assert "Väntar på att arbetet ska börja" in html
    assert "Sluta uppdatera automatiskt" in html
    assert {p.status for p in mote.handlingspaket.all()} == {Handlingspaket.Status.KOAD}
    utan = client.get(url("handlingar", mote) + "?auto=av").content.decode()
    assert "http-equiv" not in utan and "Uppdatera sidan" in utan


def test_the_status_region_alone_for_the_script(som, johan, mote):
    """GIVEN a running build WHEN the script asks for ?del=status THEN it gets only the
    region with its progress, no page around it."""
    anmal_med_handlingar(johan, mote, 1)
    client = som(johan)
    client.post(url("handlingar_skapa", mote))
    Paketframsteg.objects.filter(sammantrade=mote).update(
        steg_klara=2, steg_totalt=8, steg_text="Handling 2 av 2"
    )

    html = client.get(url("handlingar", mote) + "?del=status").content.decode()

    assert html.lstrip().startswith("<div") and "<html" not in html
    assert "Steg 2 av 8: Handling 2 av 2" in html and 'value="25"' in html


def test_a_built_packet_shows_its_file_and_downloads_intact(som, johan, per, mote):
    """GIVEN a built packet WHEN a reader opens the page and downloads THEN each version
    shows pages, size and SHA-256, and the file is served as stored, as an attachment."""
    anmal_med_handlingar(johan, mote, 1)
    paket = paket_bygg(sammantrade=mote, user=johan).paket
    client = som(per)

    sida = client.get(url("detalj", mote)).content.decode()
    svar = client.get(url("handlingar_hamta", mote, "fullstandig"))

    full = paket[V.FULLSTANDIG]
    assert full.sha256 in sida and f"{full.sidor} sidor" in sida
    assert "Skapa kallelse och handlingar" not in sida  # a reader may not order it
    assert svar.status_code == 200
    assert b"".join(svar.streaming_content) == las_paket(full)
    assert svar["Content-Disposition"] == (
        'attachment; filename="kallelse-och-handlingar-socialnamnden-2024-04-23.pdf"'
    )
    offentlig = client.get(url("handlingar_hamta", mote, "offentlig"))
    assert offentlig.status_code == 200 and "offentlig.pdf" in offentlig["Content-Disposition"]


def test_a_changed_stored_packet_is_never_served(som, johan, mote):
    """GIVEN a stored packet whose file was changed behind the app WHEN downloaded THEN 500
    and nothing of the file."""
    anmal_med_handlingar(johan, mote, 1)
    full = paket_bygg(sammantrade=mote, user=johan).paket[V.FULLSTANDIG]
    with open(full.fil.path, "ab") as fil:
        fil.write(b"%tillagt")

    svar = som(johan).get(url("handlingar_hamta", mote, "fullstandig"))

    assert svar.status_code == 500


def test_an_inaktuell_packet_says_so(som, johan, mote):
    """GIVEN a built packet WHEN a punkt's förslag changes THEN the page marks both versions
    inaktuell and says why."""
    from nameden.services.foredragningslista import punkt_andra

    punkt = anmal_med_handlingar(johan, mote, 1)
    paket_bygg(sammantrade=mote, user=johan)
    punkt_andra(user=johan, punkt=punkt, rubrik=punkt.rubrik, forslag_till_beslut="Annat.")

    sida = som(johan).get(url("detalj", mote)).content.decode()

    assert sida.count(">Inaktuell<") == 2
    assert "har ändrats sedan paketet skapades" in sida


@pytest.mark.parametrize("namn,args", [("handlingar", ()), ("handlingar_hamta", ("fullstandig",))])
def test_another_forvaltning_gets_404(som, johan, mote, annan_sekreterare, namn, args):
    anmal_med_handlingar(johan, mote, 1)
    paket_bygg(sammantrade=mote, user=johan)
    client = som(annan_sekreterare)

    assert client.get(url(namn, mote, *args)).status_code == 404
    assert client.post(url("handlingar_skapa", mote)).status_code == 404
    assert not Handlingspaket.objects.filter(bestalld_av=annan_sekreterare).exists()


def test_a_handlaggare_may_not_order_it(som, karin, mote):
    """GIVEN Karin, who may read the sammanträde WHEN she posts the order THEN 403, nothing
    is ordered."""
    assert som(karin).post(url("handlingar_skapa", mote)).status_code == 403
    assert not mote.handlingspaket.exists()


def test_unknown_version_and_none_built_are_404(som, johan, mote):
    client = som(johan)
    assert client.get(url("handlingar_hamta", mote, "fullstandig")).status_code == 404
    assert client.get(url("handlingar_hamta", mote, "hemlig")).status_code == 404
    assert client.get(f"/namnd/sammantraden/{mote.pk}/handlingar/..%2f.pdf").status_code == 404


def test_ordering_again_while_it_runs_says_so(som, johan, mote):
    client = som(johan)
    client.post(url("handlingar_skapa", mote))

    html = client.post(url("handlingar_skapa", mote), follow=True).content.decode()

    assert "håller redan på att skapas" in html
    assert mote.handlingspaket.get(version=V.FULLSTANDIG).history.count() == 1


def _fragor(client, adress) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(adress).status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_cost_the_same_however_many_punkter_and_handlingar(som, johan, mote):
    """GIVEN a built packet WHEN the agenda grows (and the packet is rebuilt) THEN the
    sammanträde's page and the progress page make as many queries as before."""
    anmal_med_handlingar(johan, mote, 1)
    paket_bygg(sammantrade=mote, user=johan)
    client = som(johan)
    fa = (_fragor(client, url("detalj", mote)), _fragor(client, url("handlingar", mote)))
    for nummer in range(2, 8):
        anmal_med_handlingar(johan, mote, nummer, sidor=(1, 1))
    paket_bygg(sammantrade=mote, user=johan)

    assert (_fragor(client, url("detalj", mote)), _fragor(client, url("handlingar", mote))) == fa
