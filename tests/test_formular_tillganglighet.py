"""Every form of the app, sent with invalid data, answers with a page a screen reader can use
(issue 11; WCAG 2.1 1.3.1, 3.3.1, 3.3.2, 4.1.2).

The forms are the property-based tests' table (`tests/test_formular_hypotes.py`: each form's
URL, who may post it, the seeded world's objects and the page that shows it), so a new form is
checked here as soon as it gets its row there. Each form with fields is read on its page and
posted as that page renders it (its hidden fields, such as the version token, kept) with a
control character in every text field and every choice left unmade; the page that comes back
is parsed (lxml) and must have:

- an error summary whose every link points at the id of a field of the page (a radio group's
  first option, for a group);
- every error message tied to its field (or fieldset) through `aria-describedby`, and every id
  an `aria-describedby` names present in the page;
- a label for every visible field (`<label for>`, a wrapping label, or aria-label/-labelledby);
- and no id twice.

The form's page before the POST is checked for the same (labels, ids, describedby). The few
forms with nothing that can be wrong in the seeded state are listed, each with why.
"""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from lxml import html as lxml_html

from tests.hypotes_formular import formular_pa_sidan
from tests.test_formular_hypotes import (  # noqa: F401  (the fixtures are found by name)
    FORMULAR,
    _lagring,
    _seedad,
    _url,
    private_storage,
    varld,
)

pytestmark = pytest.mark.django_db

FALT = (
    "//input[not(@type='hidden' or @type='submit' or @type='button' or @type='reset'"
    " or @type='image')] | //select | //textarea"
)


def _klass(namn: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {namn} ')"


def brister(html: str) -> list[str]:
    """What the page lacks of the error-summary, error-message and label contract (empty: it
    holds). Written in Swedish: it is what the failing test prints."""
    dom = lxml_html.fromstring(html)
    fel = []
    alla_id = dom.xpath("//@id")
    fel += [
        f"id {i} finns flera gånger" for i in sorted({i for i in alla_id if alla_id.count(i) > 1})
    ]
    ids = set(alla_id)
    fel += _etiketter(dom)
    beskrivna = set()
    for element in dom.xpath("//*[@aria-describedby]"):
        for i in element.get("aria-describedby").split():
            beskrivna.add(i)
            if i not in ids:
                vad = element.get("name") or element.tag
                fel.append(f"aria-describedby på {vad} pekar på {i}, som saknas")
    for meddelande in dom.xpath(f"//*[{_klass('app-error-message')}]"):
        egna = {meddelande.get("id"), *meddelande.xpath(".//@id")} - {None}
        if not egna & beskrivna:
            text = meddelande.text_content().strip()
            fel.append(f"felmeddelandet ”{text}” är inte kopplat till sitt fält (aria-describedby)")
    return fel


def _etiketter(dom) -> list[str]:
    fel = []
    for falt in dom.xpath(FALT):
        if falt.get("aria-label") or falt.get("aria-labelledby") or falt.xpath("ancestor::label"):
            continue
        falt_id = falt.get("id")
        if falt_id and dom.xpath("//label[@for=$i]", i=falt_id):
            continue
        fel.append(f"fältet {falt.get('name')} saknar etikett")
    return fel


def felsammanfattning(html: str) -> list[str]:
    """The error summary's links, each checked against the page's fields."""
    dom = lxml_html.fromstring(html)
    sammanfattningar = dom.xpath(f"//div[{_klass('app-error-summary')}][.//ul]")
    if not sammanfattningar:
        return ["ingen felsammanfattning"]
    fel = []
    for lank in dom.xpath(f"//div[{_klass('app-error-summary')}]//a"):
        href = lank.get("href", "")
        mal = dom.xpath("//*[@id=$i]", i=href[1:]) if href.startswith("#") else []
        if not mal:
            fel.append(f"länken ”{lank.text_content()}” pekar på {href}, som inte finns")
        elif mal[0].tag not in {"input", "select", "textarea"}:
            fel.append(f"länken ”{lank.text_content()}” pekar på en {mal[0].tag}, inte ett fält")
    if not dom.xpath(f"//div[{_klass('app-error-summary')}]//a"):
        fel.append("felsammanfattningen länkar inte till något fält")
    return fel


FORMULAR_MED_FALT = [namn for namn, form in FORMULAR.items() if form.klasser]


def _klient(form) -> Client:
    from nameden.models import User

    client = Client()
    if form.vem is not None:
        client.force_login(User.objects.get(username=form.vem))
    return client


#: Text-like controls that get a control character, which every form refuses (textkontroll,
#: or the field's own parsing of a number or a date).
TEXTLIKA = {"text", "textarea", "email", "tel", "number", "date", "time", "search", "url"}

#: Forms in which, in the seeded state the table gives them, nothing can be wrong: posted
#: like the rest they are accepted (302), so only their page is checked. Each with why.
INGET_FEL_MOJLIGT = {
    # A confirmation page: its only field is the attest checkbox, and the draft is not in attest.
    "beredning_generera": "bekräftelse; kryssrutan finns bara i attest",
    "beredning_ta_bort": "bekräftelse; kryssrutan finns bara i attest",
    "bilaga_ta_bort": "bekräftelse; kryssrutan finns bara i attest",
    "punkt_dra_tillbaka": "bekräftelse utan fält att fylla i",
    # Bound to the protokoll's fingerprint, which the page carries; nothing to type.
    "protokoll_justera": "justering: bara protokollets fingeravtryck",
    "protokoll_justera_paragraf": "omedelbar justering: bara fingeravtrycket",
    # An optional comment; a control character in it is not refused here (reported, issue 11).
    "attest_aterkalla": "valfri kommentar",
    # A button: its one field is hidden ("klar" 1 or 0), so the page's own values mark it.
    "tu_avsnitt_klar": "knapp med ett dolt värde; inget att fylla i",
}
#: Forms the page shows only when there is something to do, which the seeded draft lacks.
INTE_PA_SIDAN = {
    "tu_hamta_uppgifter": "formuläret visas bara när något skulle ändras; i utkastet ingenting",
}


def _ogiltigt(sida_html: str, sidans_url: str, url: str) -> dict:
    """What the form that posts to `url` on the page is sent: its hidden fields as rendered
    (the version token, a prefix's management data), a control character in every text-like
    field, nothing in the others (a required choice left unmade)."""
    data = {"inget_falt": ""}
    for form in formular_pa_sidan(sida_html, sidans_url):
        if urlsplit(form.action).path != url:
            continue
        for namn, falt in form.falt.items():
            if falt.kind == "hidden":
                data[namn] = falt.varden[:1] or [""]
            elif falt.kind in TEXTLIKA:
                data[namn] = "Fel\x01tecken"
    return data


@pytest.mark.parametrize("namn", FORMULAR_MED_FALT)
def test_invalid_data_comes_back_with_linked_errors_and_labels(varld, namn):  # noqa: F811
    """GIVEN a user who may use the form, on its page WHEN it is posted with invalid data (a
    control character in each text field, required choices unmade) THEN the form comes back
    (400; the login page answers 200) with an error summary linking to the fields, each error
    tied to its field, every field labelled and no id twice; the page before had its labels."""
    form = FORMULAR[namn]
    client = _klient(form)
    url = _url(form.url, form.params, varld)
    sidans_url = url
    if form.sida is not None:
        sidnamn, params = form.sida
        sidans_url = _url(sidnamn, tuple((p, dict(form.params)[p]) for p in params), varld)
    sida = client.get(sidans_url)
    assert sida.status_code == 200, f"{namn}: GET {sidans_url} {sida.status_code}"
    fel = [f"GET: {b}" for b in brister(sida.content.decode())]

    renderat = any(
        urlsplit(f.action).path == url for f in formular_pa_sidan(sida.content.decode(), sidans_url)
    )
    assert renderat != (namn in INTE_PA_SIDAN), f"{namn}: formuläret på sidan: {renderat}"
    if namn in INTE_PA_SIDAN:
        assert fel == [], f"{namn} ({sidans_url}):\n" + "\n".join(fel)
        return

    svar = client.post(url, _ogiltigt(sida.content.decode(), sidans_url, url))

    if namn in INGET_FEL_MOJLIGT:
        assert svar.status_code == 302, f"{namn}: {svar.status_code} (ta bort den ur listan?)"
    else:
        vantat = 200 if namn == "login" else 400
        assert svar.status_code == vantat, f"{namn}: {svar.status_code}, väntat {vantat}"
        html = svar.content.decode()
        fel += [f"POST: {b}" for b in felsammanfattning(html) + brister(html)]
    assert fel == [], f"{namn} ({url}):\n" + "\n".join(fel)


def test_the_checks_catch_what_they_look_for():
    """GIVEN a page with an unlabelled field, an unlinked error, a summary link to nothing and
    a describedby to nothing WHEN checked THEN each is reported (the checks can fail)."""
    html = """<html><body>
      <div class="app-error-summary"><ul><li><a href="#saknas">Fel</a></li></ul></div>
      <input name="a" id="a">
      <p class="app-error-message" id="a-error">Fyll i a</p>
      <label for="b">B</label><input name="b" id="b" aria-describedby="b-hint">
    </body></html>"""

    assert felsammanfattning(html) == ["länken ”Fel” pekar på #saknas, som inte finns"]
    assert brister(html) == [
        "fältet a saknar etikett",
        "aria-describedby på b pekar på b-hint, som saknas",
        "felmeddelandet ”Fyll i a” är inte kopplat till sitt fält (aria-describedby)",
    ]
