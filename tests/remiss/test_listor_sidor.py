"""Every list is a page at a time: the rows a page renders and the queries it costs stay the
same however much data there is.

Each test shrinks the page (PER_SIDA = 5, so a few rows are enough to fill several pages),
measures a page, grows the data, measures again, and requires the same number of rows on the
page and the same number of queries. The lists: Mina öppna remisser, Att attestera, Alla
remisser, the case timeline and the versions of a tjänsteutlåtande.
"""

import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from remiss import events
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_skicka
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from remiss.views import _common
from tests.conftest import fyll_i
from tests.factories import stockholm_mall

pytestmark = pytest.mark.django_db

PER_SIDA = 5
_nummer = itertools.count(1000)


@pytest.fixture(autouse=True)
def _sma_sidor(monkeypatch):
    monkeypatch.setattr(_common, "PER_SIDA", PER_SIDA)


def hamta(client, url, data=None):
    """(response, number of queries) for a GET of `url`."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data)
    assert response.status_code == 200, response.status_code
    return response, len(ctx.captured_queries)


def tabellrader(response) -> int:
    """Rows of the page's (first) table body."""
    html = response.content.decode()
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr")


def registrera_n(registrera, n, **kwargs):
    idag = timezone.localdate()
    return [
        registrera(
            avsandarens_diarienummer=f"KS 2024/{next(_nummer)}",
            inkom_datum=idag,
            svarsdatum=idag + dt.timedelta(days=i),
            **kwargs,
        )
        for i in range(n)
    ]


def till_attest_n(registrera, karin, n):
    """`n` remisser whose tjänsteutlåtanden wait for Lisa's attest."""
    for remiss in registrera_n(registrera, n):
        remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
        remiss.refresh_from_db()
        attest_skicka(user=karin, tu=fyll_i(remiss.tjansteutlatande, karin))


def bunden(client, url, vaxa, rader, *, data=None):
    """Measure `url`, grow the data, measure again: a full page both times, equal queries.
    One request first, unmeasured, fills the process-wide ContentType cache (the sekretess
    checks use it), which an earlier test in the same process may or may not have filled."""
    client.get(url, data)
    fore, fragor_fore = hamta(client, url, data)
    vaxa()
    efter, fragor_efter = hamta(client, url, data)
    assert (rader(fore), rader(efter)) == (PER_SIDA, PER_SIDA)
    assert fragor_efter == fragor_fore, f"{fragor_fore} queries before growing, {fragor_efter}"
    return efter


def test_mina_oppna_remisser_is_paginated_and_bounded(client, karin, registrera):
    """GIVEN 6 and then 18 open remisser for Karin WHEN her full list is shown THEN 5 rows a
    page, the same queries, and a page 4 with the rest."""
    registrera_n(registrera, 6)
    client.force_login(karin)
    url = reverse("remiss:mina_lista")

    response = bunden(client, url, lambda: registrera_n(registrera, 12), tabellrader)

    assert "Sida 1 av 4" in response.content.decode()
    sista, _ = hamta(client, url, {"page": 4})
    assert tabellrader(sista) == 3


def test_att_attestera_is_paginated_and_bounded(client, karin, lisa, veronica, registrera):
    """GIVEN 6 and then 12 documents waiting for Lisa WHEN her inbox is shown THEN 5 rows a
    page, the same queries, the count of all of them, and the oldest first."""
    till_attest_n(registrera, karin, 6)
    client.force_login(lisa)
    url = reverse("remiss:inkorg")

    response = bunden(client, url, lambda: till_attest_n(registrera, karin, 6), tabellrader)

    html = response.content.decode()
    assert "12 tjänsteutlåtanden väntar på din attest" in html
    assert "Sida 1 av 3" in html
    rader = response.context["rader"]
    assert [r.runda.skickad_at for r in rader] == sorted(r.runda.skickad_at for r in rader)


def test_alla_remisser_is_paginated_and_bounded(client, per, registrera):
    """GIVEN 6 and then 18 remisser WHEN a läsare lists them all THEN 5 rows a page and the
    same queries."""
    registrera_n(registrera, 6)
    client.force_login(per)

    bunden(client, reverse("remiss:lista"), lambda: registrera_n(registrera, 12), tabellrader)


def test_the_timeline_is_paginated_and_bounded(client, maria, remiss):
    """GIVEN a case with 6 and then 30 timeline events WHEN its page is shown THEN 5 events a
    page, the newest first, and the same queries."""

    def handelser(n):
        for i in range(n):
            events.record(remiss, "uppgifter_andrade", user=maria, falt=f"rubrik {i}")

    handelser(5)  # with the registration: 6
    client.force_login(maria)

    response = bunden(
        client,
        reverse("remiss:detalj", args=[remiss.pk]),
        lambda: handelser(24),
        lambda r: r.content.decode().count('class="app-timeline__item"'),
    )

    assert "Registreringsuppgifterna ändrades: rubrik 23." in response.content.decode()
    assert "Sida 1 av 6" in response.content.decode()


def _spara(tu, karin, n):
    for i in range(n):
        tu.refresh_from_db()
        tjansteutlatande_spara_avsnitt(
            user=karin, tu=tu, nyckel="bakgrund", bas_version=tu.version, text=f"Version {i}."
        )


def test_the_versions_are_paginated_and_bounded(client, karin, tu):
    """GIVEN a tjänsteutlåtande with 6 and then 16 saved versions WHEN its versions are shown
    THEN 5 a page and the same queries."""
    _spara(tu, karin, 5)
    client.force_login(karin)

    bunden(
        client,
        reverse("remiss:historik", args=[tu.remiss_id]),
        lambda: _spara(tu, karin, 10),
        lambda r: r.content.decode().count('name="fran"'),
    )


def test_comparing_across_pages_keeps_the_choice_made_on_another_page(client, karin, tu):
    """GIVEN 12 versions over three pages WHEN Karin turns to page 3 THEN the two newest
    versions stay chosen (hidden, they are on page 1), turning the page is no error, and a
    comparison between a version on page 3 and the newest one works."""
    _spara(tu, karin, 11)
    client.force_login(karin)
    url = reverse("remiss:historik", args=[tu.remiss_id])
    nyaste, naststa = tu.history.order_by("-history_date", "-history_id")[:2]

    sida3, _ = hamta(client, url, {"page": 3})

    html = sida3.content.decode()
    assert f'<input type="hidden" name="fran" value="{naststa.history_id}">' in html
    assert f'<input type="hidden" name="till" value="{nyaste.history_id}">' in html
    forsta = tu.history.order_by("history_date", "history_id").first()
    jamforelse, _ = hamta(client, url, {"fran": forsta.history_id, "till": nyaste.history_id})
    assert f"Från version {forsta.version} till version {nyaste.version}" in (
        jamforelse.content.decode()
    )


# --- The start page ---------------------------------------------------------------------------


def test_the_start_page_is_bounded_in_every_section(
    client, karin, lisa, veronica, registrera, django_assert_max_num_queries
):
    """GIVEN Lisa holds every role, with 1 and then 8 of everything waiting (her own open
    remisser, documents for her attest, registered remisser) WHEN her start page is shown
    THEN each section shows at most its few rows, says how many there are, and the page
    costs the same queries."""
    from django.contrib.auth.models import Group

    from nameden.roles import Roll, group_name

    for roll in (Roll.HANDLAGGARE, Roll.REGISTRATOR, Roll.NAMNDSEKRETERARE):
        lisa.groups.add(Group.objects.get(name=group_name(roll)))

    def vaxa(n):
        registrera_n(registrera, n, handlaggare=lisa)
        till_attest_n(registrera, karin, n)

    vaxa(1)
    client.force_login(lisa)
    url = reverse("remiss:mina")
    client.get(url)  # fills the ContentType cache first, as in `bunden`
    _, fore = hamta(client, url)
    vaxa(7)
    with django_assert_max_num_queries(22):
        response, efter = hamta(client, url)

    assert efter == fore
    context = response.context
    assert (len(context["mina"].rader), context["mina"].antal) == (8, 8)
    assert (len(context["attest_rader"]), context["attest"].antal) == (5, 8)
    assert (len(context["registrerade"].rader), context["registrerade"].antal) == (5, 16)
    html = response.content.decode()
    assert "Visa alla 8 i Att attestera" in html
    assert re.search(r"Väntar på din attest\s*\(8\)", html)
