"""The quick interface on the nämnd side (issue 11): reordering the föredragningslista and
following the packet's progress with htmx, and the same pages without it.

With htmx a move answers with the list alone (`HX-Request`), focus kept on the moved punkt's
button; the progress region polls itself while a build runs and stops when it is done.
Without it, the old redirects and the noscript refresh stay.
"""

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from nameden import selectors
from nameden.models import Punkt
from nameden.paket.bygg import paket_bygg
from nameden.services.foredragningslista import punkt_lagg_till
from tests.nameden.fabriker_paket import anmal_med_handlingar

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _flytta(mote, punkt, riktning):
    return reverse("namnd:punkt_flytta", args=[mote.pk, punkt.pk, riktning])


def _rubriker(mote):
    return [
        p.rubrik for p in selectors.foredragningslista(mote) if p.typ == Punkt.Typ.BESLUTSARENDE
    ]


def _dom(response):
    return lxml_html.fragment_fromstring(response.content.decode(), create_parent="div")


@pytest.fixture
def abc(johan, mote):
    """Three beslutsärenden A, B, C on the meeting's list."""
    return [
        punkt_lagg_till(user=johan, sammantrade=mote, typ=Punkt.Typ.BESLUTSARENDE, rubrik=r)
        for r in "ABC"
    ]


def test_htmx_move_answers_with_the_list_and_keeps_focus_on_the_same_button(
    client, johan, mote, abc
):
    """GIVEN A, B, C WHEN Johan moves C up with htmx THEN the order is A, C, B and the answer is
    the list alone, in which C's "Flytta upp" (same id as before) is marked for focus, and the
    status line for the live region says where C is now."""
    client.force_login(johan)
    c = abc[2]

    response = client.post(_flytta(mote, c, "upp"), **HTMX)

    assert response.status_code == 200
    assert _rubriker(mote) == ["A", "C", "B"]
    assert "<html" not in response.content.decode()
    dom = _dom(response)
    (lista,) = dom.xpath("//div[@id='foredragningslista']")
    assert lista.get("hx-select") == "#foredragningslista"
    assert lista.get("hx-select-oob") == "#meddelanden:innerHTML"
    (fokus,) = dom.xpath("//*[@data-fokus]")
    assert fokus.get("id") == f"punkt-{c.pk}-upp"
    assert fokus.xpath("ancestor::form/@hx-post") == [_flytta(mote, c, "upp")]
    (status,) = dom.xpath("//div[@id='meddelanden']/*[@role='status']")
    assert f"Punkten ”C” är nu punkt {c.ordning - 1}." in status.text_content()


def test_htmx_move_to_the_top_keeps_focus_on_the_punkt_other_button(client, johan, mote, abc):
    """GIVEN A, B, C WHEN B is moved up to the top of its section with htmx THEN it has no
    "Flytta upp" any more, and the focus goes to its "Flytta ner" instead of being lost."""
    client.force_login(johan)
    b = abc[1]

    dom = _dom(client.post(_flytta(mote, b, "upp"), **HTMX))

    assert not dom.xpath(f"//*[@id='punkt-{b.pk}-upp']")
    assert [e.get("id") for e in dom.xpath("//*[@data-fokus]")] == [f"punkt-{b.pk}-ner"]


def test_plain_move_still_redirects_to_the_page(client, johan, mote, abc):
    """GIVEN A, B, C WHEN Johan moves A down without JavaScript THEN a redirect to the
    sammanträde's page, whose list has the buttons as htmx-enhanced plain forms and whose live
    region has the message; nothing is marked for focus."""
    client.force_login(johan)
    a = abc[0]

    response = client.post(_flytta(mote, a, "ner"), follow=True)

    assert response.redirect_chain == [(reverse("namnd:detalj", args=[mote.pk]), 302)]
    assert _rubriker(mote) == ["B", "A", "C"]
    dom = lxml_html.fromstring(response.content.decode())
    (form,) = dom.xpath(f"//form[.//button[@id='punkt-{a.pk}-ner']]")
    assert form.get("method") == "post" and form.get("action") == form.get("hx-post")
    region = dom.xpath("//div[@id='meddelanden']")[0]
    assert region.get("aria-live") == "polite"
    assert "Punkten ”A” är nu punkt" in region.text_content()
    assert not dom.xpath("//*[@data-fokus]")


def test_a_refused_htmx_move_lands_on_the_page_with_its_error(client, johan, mote, abc):
    """GIVEN A first among the beslutsärenden WHEN an old page still asks to move it up, with
    htmx THEN refused: the redirect goes to the whole page (htmx follows it and selects the
    list and the live region from it), which says why; the order is unchanged."""
    client.force_login(johan)

    response = client.post(_flytta(mote, abc[0], "upp"), follow=True, **HTMX)

    assert _rubriker(mote) == ["A", "B", "C"]
    dom = lxml_html.fromstring(response.content.decode())
    assert dom.xpath("//div[@id='foredragningslista']")
    (alert,) = dom.xpath("//div[@id='meddelanden']/*[@role='alert']")
    assert "först bland beslutsärenden" in alert.text_content()


def _status(client, mote, **headers):
    return client.get(reverse("namnd:handlingar", args=[mote.pk]) + "?del=status", **headers)


def test_a_running_build_polls_every_two_seconds_inside_a_fixed_live_region(client, johan, mote):
    """GIVEN a packet being built WHEN the progress page is read THEN the aria-live region is
    there from the start and its inner part asks for ?del=status every 2 s and replaces only
    itself; the noscript refresh is still there for a browser without JavaScript."""
    anmal_med_handlingar(johan, mote, 1)
    client.force_login(johan)
    client.post(reverse("namnd:handlingar_skapa", args=[mote.pk]))

    sida = client.get(reverse("namnd:handlingar", args=[mote.pk])).content.decode()

    dom = lxml_html.fromstring(sida)
    (region,) = dom.xpath("//div[@id='paket-status']")
    assert region.get("aria-live") == "polite" and region.get("hx-trigger") is None
    (inre,) = region.xpath("div[@id='paket-status-innehall']")
    assert inre.get("hx-trigger") == "every 2s"
    assert inre.get("hx-get") == reverse("namnd:handlingar", args=[mote.pk]) + "?del=status"
    assert inre.get("hx-select") == "#paket-status-innehall"
    assert inre.get("hx-target") == "this" and inre.get("hx-swap") == "outerHTML"
    assert '<noscript><meta http-equiv="refresh"' in sida
    assert "js/handlingar.js" not in sida
    svar = _dom(_status(client, mote, **HTMX))
    assert svar.xpath("//div[@id='paket-status-innehall'][@hx-trigger='every 2s']")
    assert not svar.xpath("//form[@hx-swap-oob]")  # the button stays disabled while it runs


def test_a_finished_build_stops_the_polling_and_gives_the_button_back(client, johan, mote):
    """GIVEN a packet that has been built WHEN htmx asks for the status THEN the new inner part
    has no hx-trigger (the polling stops) and the "Skapa" form comes out of band, enabled; a
    plain ?del=status (no htmx) has no out-of-band part."""
    anmal_med_handlingar(johan, mote, 1)
    paket_bygg(sammantrade=mote, user=johan)
    client.force_login(johan)

    dom = _dom(_status(client, mote, **HTMX))
    plain = _dom(_status(client, mote))

    (inre,) = dom.xpath("//div[@id='paket-status-innehall']")
    assert inre.get("hx-trigger") is None and inre.get("data-pagar") == "0"
    (form,) = dom.xpath("//form[@id='paket-skapa']")
    assert form.get("hx-swap-oob") == "true"
    assert form.xpath(".//button[not(@disabled)]/text()") == ["Skapa kallelse och handlingar igen"]
    assert not plain.xpath("//form")
