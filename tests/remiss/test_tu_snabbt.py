"""The quick interface of a section (issue 11): the same POSTs answered with a partial for htmx
(the `HX-Request` header), the whole page or a redirect without it.

Each behaviour is proven both ways: what the browser with htmx swaps in, and what a plain form
post gets, which must stay as it was.
"""

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from remiss.models import Tjansteutlatande

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(tu, nyckel):
    return reverse("remiss:tu_avsnitt", args=[tu.remiss_id, nyckel])


def _dom(response):
    return lxml_html.fragment_fromstring(response.content.decode(), create_parent="div")


def _saved(nyckel):
    return Tjansteutlatande.objects.get().get_avsnitt(nyckel)


def test_htmx_save_and_next_swaps_in_the_next_section(client, karin, tu):
    """GIVEN Karin on Sammanfattning with htmx WHEN she presses "Spara och gå till nästa
    avsnitt" THEN the text is saved and the answer is a partial: Bakgrund's form (posting to
    its own address, with the new version token), its heading marked for focus, the section
    list out of band with Sammanfattning now "Ifylld", "sparat" for the live region, the new
    title and the new address to push; no message is left for the next page load."""
    client.force_login(karin)

    response = client.post(
        _url(tu, "sammanfattning"),
        {"bas_version": tu.version, "text": "Kort.", "nasta": "1"},
        **HTMX,
    )

    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert response["HX-Push-Url"] == _url(tu, "bakgrund")
    assert _saved("sammanfattning")["text"] == "Kort."
    dom = _dom(response)
    (form,) = dom.xpath("//form[@hx-post]")
    assert form.get("action") == form.get("hx-post") == _url(tu, "bakgrund")
    assert form.xpath(".//input[@name='bas_version']/@value") == [str(tu.version + 1)]
    (rubrik,) = dom.xpath("//h1[@data-fokus]")
    assert rubrik.text_content() == "Bakgrund" and rubrik.get("tabindex") == "-1"
    assert dom.xpath("//title")[0].text.startswith("Bakgrund – ")
    (lista,) = dom.xpath("//nav[@id='tu-avsnittslista']")
    assert lista.get("hx-swap-oob") == "true"
    (sammanfattning,) = lista.xpath(".//li[a[text()='Sammanfattning']]")
    assert "Ifylld" in sammanfattning.text_content()
    assert lista.xpath(".//a[@aria-current='page']")[0].text == "Bakgrund"
    (brodsmulor,) = dom.xpath("//nav[@id='brodsmulor']")
    assert brodsmulor.get("hx-swap-oob") == "true"
    assert brodsmulor.xpath(".//*[@aria-current='page']")[0].text_content() == "Bakgrund"
    (status,) = dom.xpath("//div[@id='meddelanden']")
    assert status.get("hx-swap-oob") == "innerHTML"
    assert status.xpath(".//*[@role='status']")
    assert "Avsnittet ”Sammanfattning” är sparat." in status.text_content()
    overview = client.get(reverse("remiss:tu", args=[tu.remiss_id])).content.decode()
    assert "är sparat" not in overview


def test_plain_save_and_next_still_redirects_and_shows_the_list(client, karin, tu):
    """GIVEN Karin without JavaScript WHEN she saves Sammanfattning and goes on THEN a redirect
    to Bakgrund, whose page has the live region with the message and the section list with
    Sammanfattning "Ifylld" and Bakgrund as the current one."""
    client.force_login(karin)

    response = client.post(
        _url(tu, "sammanfattning"),
        {"bas_version": tu.version, "text": "Kort.", "nasta": "1"},
        follow=True,
    )

    assert response.redirect_chain == [(_url(tu, "bakgrund"), 302)]
    dom = lxml_html.fromstring(response.content.decode())
    (region,) = dom.xpath("//div[@id='meddelanden']")
    assert region.get("aria-live") == "polite"
    assert "Avsnittet ”Sammanfattning” är sparat." in region.text_content()
    lista = dom.xpath("//nav[@id='tu-avsnittslista']")[0]
    assert lista.get("hx-swap-oob") is None
    assert "Ifylld" in lista.xpath(".//li[a[text()='Sammanfattning']]")[0].text_content()
    assert lista.xpath(".//a[@aria-current='page']")[0].text == "Bakgrund"
    assert not dom.xpath("//*[@data-fokus]")


def test_htmx_save_without_next_goes_to_the_overview_like_the_plain_form(client, karin, tu):
    """GIVEN Karin with htmx WHEN she presses "Spara" THEN htmx is told to load the overview
    (HX-Redirect), which then shows the saved message, as the plain form's redirect does."""
    client.force_login(karin)

    response = client.post(
        _url(tu, "sammanfattning"), {"bas_version": tu.version, "text": "Kort."}, **HTMX
    )

    oversikt = reverse("remiss:tu", args=[tu.remiss_id])
    assert response["HX-Redirect"] == oversikt
    assert "Avsnittet ”Sammanfattning” är sparat." in client.get(oversikt).content.decode()


def test_live_preview_answers_with_the_preview_alone(client, karin, tu):
    """GIVEN Karin typing in Bakgrund with htmx WHEN the pause sends "forhandsgranska" THEN the
    answer is only the preview element, with the typed text as the PDF prints it, marked
    unsaved; nothing is saved."""
    client.force_login(karin)

    response = client.post(
        _url(tu, "bakgrund"),
        {"bas_version": tu.version, "text": "Första.\r\n\r\nAndra.", "forhandsgranska": "1"},
        **HTMX,
    )

    assert response.status_code == 200
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="tu-forhandsgranskning">')
    assert "<form" not in text
    dom = _dom(response)
    assert [p.text for p in dom.xpath("//div[@class='app-document__avsnitt']/p")] == [
        "Första.",
        "Andra.",
    ]
    assert "Den är inte sparad." in text
    assert _saved("bakgrund")["text"] == ""


def test_plain_preview_is_still_the_whole_page(client, karin, tu):
    """GIVEN Karin without JavaScript WHEN she presses "Förhandsgranska" THEN the whole page
    with her text in the form and in the preview; nothing is saved."""
    client.force_login(karin)

    response = client.post(
        _url(tu, "bakgrund"),
        {"bas_version": tu.version, "text": "Utkast.", "forhandsgranska": "1"},
    )

    text = response.content.decode()
    assert response.status_code == 200 and "<html" in text
    assert "Utkast.</textarea>" in text and "<p>Utkast.</p>" in text
    assert _saved("bakgrund")["text"] == ""


def test_the_page_wires_live_preview_without_racing(client, karin, tu):
    """GIVEN a text section's page WHEN it is read THEN the text field sits in an element that
    posts "forhandsgranska" after a pause in typing into the preview, synchronised on the form
    (a save aborts it, and none is sent while a save runs)."""
    client.force_login(karin)

    dom = lxml_html.fromstring(client.get(_url(tu, "bakgrund")).content.decode())

    (levande,) = dom.xpath("//div[@hx-trigger][.//textarea[@name='text']]")
    assert levande.get("hx-post") == _url(tu, "bakgrund")
    assert levande.get("hx-trigger") == "input delay:500ms"
    assert levande.get("hx-sync") == "closest form:abort"
    assert levande.get("hx-target") == "#tu-forhandsgranskning"
    assert '"forhandsgranska"' in levande.get("hx-vals")
    assert dom.xpath("//div[@id='tu-forhandsgranskning']")


def test_htmx_conflict_swaps_in_the_conflict_and_announces_it(client, karin, tu):
    """GIVEN two tabs at the same version, the first saved WHEN the second saves with htmx THEN
    409 with the partial: the conflict panel, the user's own text kept, the newer version in
    the hidden field, an alert for the live region; the saved text is untouched."""
    client.force_login(karin)
    bas = tu.version
    url = _url(tu, "sammanfattning")
    client.post(url, {"bas_version": bas, "text": "Först."})

    response = client.post(url, {"bas_version": bas, "text": "Sen.", "nasta": "1"}, **HTMX)

    assert response.status_code == 409
    assert "<html" not in response.content.decode()
    dom = _dom(response)
    assert "Texten har ändrats sedan du öppnade sidan" in dom.xpath("//h2")[0].text_content()
    assert dom.xpath("//textarea[@name='text']")[0].text.strip() == "Sen."
    assert dom.xpath("//input[@name='bas_version']/@value") == [str(bas + 1)]
    (alert,) = dom.xpath("//div[@id='meddelanden']//*[@role='alert']")
    assert "Din text är inte sparad" in alert.text_content()
    assert _saved("sammanfattning")["text"] == "Först."
    assert not response.has_header("HX-Push-Url")


def test_htmx_form_errors_come_back_as_the_partial_with_400(client, karin, tu):
    """GIVEN Karin with htmx WHEN she saves a control character THEN 400 with the partial: the
    error summary (to be focused) linking to the text field, which points at its error."""
    client.force_login(karin)

    response = client.post(
        _url(tu, "sammanfattning"),
        {"bas_version": tu.version, "text": "Fel\x01tecken", "nasta": "1"},
        **HTMX,
    )

    assert response.status_code == 400
    dom = _dom(response)
    (summary,) = dom.xpath("//div[contains(@class, 'app-error-summary')]")
    assert summary.get("autofocus") is not None
    assert summary.xpath(".//a/@href") == ["#id_text"]
    (falt,) = dom.xpath("//textarea[@id='id_text']")
    beskrivning = [dom.get_element_by_id(i) for i in falt.get("aria-describedby").split()]
    assert any("app-error-message" in e.get("class", "") for e in beskrivning)
    assert _saved("sammanfattning")["text"] == ""


def test_a_get_with_hx_request_is_the_whole_page(client, karin, tu):
    """GIVEN htmx restoring history (it asks with HX-Request) WHEN it GETs a section THEN the
    whole page, never a partial that would replace the body with a fragment."""
    client.force_login(karin)

    response = client.get(_url(tu, "bakgrund"), **HTMX)

    assert response.status_code == 200
    assert "<html" in response.content.decode()
