"""The utskick pages: a paragraf's utdrag and expedieringar, the buttons, the expediering
form, downloads hash-checked; 403 for a role that may not act, 404 for another förvaltning;
constant query counts as the history grows."""

import hashlib

import pytest
from django.urls import reverse

from nameden.models import Expediering, Protokollsutdrag
from nameden.services.utskick import expediera, protokollsutdrag_skapa
from tests.nameden import fabriker_utskick as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def som(client):
    def _som(user):
        client.force_login(user)
        return client

    return _som


@pytest.fixture
def inbox(settings):
    with f.smtp_server(settings) as inbox:
        yield inbox


@pytest.fixture
def kalla(monkeypatch):
    return f.registrera_kalla(monkeypatch, f.ProvKalla())


@pytest.fixture
def justerad(kalla, mote, johan):
    p = f.paragraf(mote, johan, handlingar=[("Tjänsteutlåtande", f.liten_pdf("TU"))])
    f.justera(mote, johan)
    return p


def url(namn, p, *extra):
    return reverse(f"namnd:{namn}", args=[p.punkt.sammantrade_id, p.pk, *extra])


def test_the_sekreterare_takes_out_an_utdrag_and_downloads_it(som, justerad, johan):
    """GIVEN a justerad § 45 WHEN Johan presses "Ta ut protokollsutdrag" THEN he lands on the
    paragraf's page with a banner and the utdrag listed; its download is the stored PDF."""
    sida = som(johan).get(url("utskick", justerad)).content.decode()
    assert "Ta ut protokollsutdrag" in sida and "Expediera" in sida

    svar = som(johan).post(url("utdrag_skapa", justerad))

    assert svar.status_code == 302 and svar.url == url("utskick", justerad)
    utdrag = Protokollsutdrag.objects.get()
    sida = som(johan).get(svar.url).content.decode()
    assert "är uttaget och bestyrkt" in sida and utdrag.sha256[:12] in sida
    fil = som(johan).get(url("utdrag_hamta", justerad, utdrag.pk))
    assert fil.status_code == 200 and fil["Content-Type"] == "application/pdf"
    assert hashlib.sha256(fil.content).hexdigest() == utdrag.sha256
    assert 'filename="protokollsutdrag-2024-45.pdf"' in fil["Content-Disposition"]


def test_a_changed_file_is_not_served(som, justerad, johan):
    utdrag = protokollsutdrag_skapa(user=johan, paragraf=justerad)
    with open(utdrag.fil.path, "r+b") as fil:
        fil.write(b"%PDF-9")

    assert som(johan).get(url("utdrag_hamta", justerad, utdrag.pk)).status_code == 500


def test_before_justering_the_button_is_absent_and_a_post_explains(som, kalla, mote, johan):
    """GIVEN a paragraf not justerad WHEN Johan opens its page and posts anyway THEN no
    buttons, and a Swedish banner instead of an utdrag."""
    p = f.paragraf(mote, johan)

    sida = som(johan).get(url("utskick", p)).content.decode()
    assert (
        "Ta ut protokollsutdrag" not in sida and "blir möjliga när paragrafen är justerad" in sida
    )

    svar = som(johan).post(url("utdrag_skapa", p), follow=True)
    assert "inte justerad" in svar.content.decode()
    assert not Protokollsutdrag.objects.exists()


def test_expediera_through_the_form_to_a_real_server(som, inbox, justerad, johan):
    """GIVEN the form, showing the källa's registry address WHEN Johan adds an address and
    sends THEN the message reaches the server, he lands on the paragraf's page, which says it
    was sent, when and to whom, and the form now warns that it was already sent."""
    sida = som(johan).get(url("expediera", justerad)).content.decode()
    assert f.REGISTRATUR in sida and "Tjänsteutlåtande" in sida

    svar = som(johan).post(url("expediera", justerad), {"extra_mottagare": "a@example.se"})

    assert svar.status_code == 302
    (message,) = inbox.messages
    assert message["To"] == f"{f.REGISTRATUR}, a@example.se"
    sida = som(johan).get(svar.url).content.decode()
    assert "Beslutet i § 45 är expedierat till registrator@ks.example.se, a@example.se" in sida
    assert "Beslutet är redan expedierat" in sida
    assert "Expediera igen" in som(johan).get(url("expediera", justerad)).content.decode()


def test_a_bad_address_answers_400_with_the_error_on_its_field(som, inbox, justerad, johan):
    svar = som(johan).post(url("expediera", justerad), {"extra_mottagare": "inte en adress"})

    html = svar.content.decode()
    assert svar.status_code == 400
    assert "Det finns problem" in html and "inte en giltig e-postadress" in html
    assert 'href="#id_extra_mottagare"' in html
    assert inbox.messages == [] and not Expediering.objects.exists()


def test_smtp_down_shows_a_swedish_error_not_a_500(som, settings, justerad, johan):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", f.ledig_port()

    svar = som(johan).post(url("expediera", justerad), {"extra_mottagare": ""})

    assert svar.status_code == 400
    assert "E-postmeddelandet kunde inte skickas" in svar.content.decode()
    assert not Expediering.objects.exists()


def test_a_handlaggare_reads_but_gets_403_on_the_actions(som, justerad, karin, johan):
    """GIVEN Karin (handläggare, same förvaltning) WHEN she opens the page THEN she sees it
    without buttons; posting or opening the form answers 403."""
    protokollsutdrag_skapa(user=johan, paragraf=justerad)
    sida = som(karin).get(url("utskick", justerad))
    assert sida.status_code == 200 and "Ta ut protokollsutdrag" not in sida.content.decode()

    assert som(karin).post(url("utdrag_skapa", justerad)).status_code == 403
    assert som(karin).get(url("expediera", justerad)).status_code == 403
    assert som(karin).post(url("expediera", justerad), {}).status_code == 403


def test_another_forvaltning_gets_404_everywhere(som, justerad, johan, annan_sekreterare):
    utdrag = protokollsutdrag_skapa(user=johan, paragraf=justerad)
    for namn, extra in (("utskick", ()), ("expediera", ()), ("utdrag_hamta", (utdrag.pk,))):
        assert som(annan_sekreterare).get(url(namn, justerad, *extra)).status_code == 404
    assert som(annan_sekreterare).post(url("utdrag_skapa", justerad)).status_code == 404


def test_a_paragraf_of_another_sammantrade_or_a_huge_id_is_404(som, justerad, johan, nasta_mote):
    assert (
        som(johan).get(reverse("namnd:utskick", args=[nasta_mote.pk, justerad.pk])).status_code
        == 404
    )
    assert (
        som(johan)
        .get(reverse("namnd:utskick", args=[justerad.punkt.sammantrade_id, 2**62]))
        .status_code
        == 404
    )
    assert som(johan).get(url("utdrag_hamta", justerad, 2**62)).status_code == 404


def test_a_sekretess_utdrag_is_downloaded_only_by_the_sekreterare(som, kalla, mote, johan, per):
    p = f.paragraf(mote, johan, referens=None, sekretess=True)
    f.justera(mote, johan)
    utdrag = protokollsutdrag_skapa(user=johan, paragraf=p)

    assert som(per).get(url("utdrag_hamta", p, utdrag.pk)).status_code == 403
    assert som(johan).get(url("utdrag_hamta", p, utdrag.pk)).status_code == 200
    sida = som(johan).get(url("utskick", p)).content.decode()
    assert "expedieras inte med e-post" in sida and url("expediera", p) not in sida


def test_the_page_keeps_its_query_count_as_the_history_grows(
    som, inbox, justerad, johan, django_assert_max_num_queries
):
    """GIVEN one utdrag and one expediering, then many WHEN the page is read THEN the number
    of queries does not grow (both lists paginated, joined)."""
    klient = som(johan)
    expediera(user=johan, paragraf=justerad)
    klient.get(url("utskick", justerad))
    with django_assert_max_num_queries(30) as fa:
        assert klient.get(url("utskick", justerad)).status_code == 200
    for _ in range(25):
        protokollsutdrag_skapa(user=johan, paragraf=justerad)
        expediera(user=johan, paragraf=justerad)

    with django_assert_max_num_queries(len(fa.captured_queries)):
        svar = klient.get(url("utskick", justerad))
    assert "Sida 1 av 2" in svar.content.decode()


def test_the_sammantrade_page_lists_the_beslut_with_constant_queries(
    som, kalla, mote, johan, django_assert_max_num_queries
):
    """GIVEN a justerat sammanträde with one beslut, then with many WHEN its page is read
    THEN each beslut links to its utskick page, and the query count stays the same."""
    forsta = f.paragraf(mote, johan, nummer=1, referens="R-1")
    f.justera(mote, johan)
    klient = som(johan)
    detalj = reverse("namnd:detalj", args=[mote.pk])
    html = klient.get(detalj).content.decode()
    assert "Protokollsutdrag och expediering" in html and url("utskick", forsta) in html
    with django_assert_max_num_queries(60) as fa:
        klient.get(detalj)

    from nameden.models import Arende, Paragraf, Punkt

    for n in range(2, 12):
        arende = Arende.objects.create(kalla=f.KALLA, referens=f"R-{n}", rubrik=f"Ärende {n}")
        punkt = Punkt.objects.create(
            sammantrade=mote,
            typ="beslutsarende",
            rubrik=f"Ärende {n}",
            ordning=10 + n,
            arende=arende,
        )
        Paragraf.objects.create(
            punkt=punkt, namnd=mote.namnd, ar=2024, nummer=n, slag="bifall", beslutstext="Bifall."
        )

    with django_assert_max_num_queries(len(fa.captured_queries)):
        html = klient.get(detalj).content.decode()
    assert "§ 11 Ärende 11" in html
