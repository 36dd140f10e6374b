"""The rows of the remiss tables (`remiss.selectors.remissrader`): the same content as the
per-row template gave, from plain values, for one light query a page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nameden.models import Namnd, OslParagraf
from nameden.services.sekretess import sekretess_markera
from nameden.svenska import datum_i_text
from remiss import selectors
from remiss.selectors.remissrader import remiss_rader
from remiss.services.arbetsflode import remiss_avskriva, remiss_paborja_beredning
from remiss.templatetags.remiss_format import status_farg
from tests.factories import stockholm_mall

pytestmark = pytest.mark.django_db


def _rader(user, **kwargs):
    return remiss_rader(selectors.alla_remisser(user, **kwargs))


def test_a_row_carries_what_the_table_shows(karin, registrera, sof):
    """GIVEN an open remiss past its svarsdatum, answered by two nämnder WHEN its row is built
    THEN it links to the remiss and shows the values the template filters gave."""
    idag = timezone.localdate()
    aldrenamnden = Namnd.objects.create(namn="Äldrenämnden", forvaltning=sof)
    remiss = registrera(
        svarsdatum=idag - dt.timedelta(days=2),
        namnder=[Namnd.objects.get(namn="Socialnämnden"), aldrenamnden],
    )

    (rad,) = _rader(karin)

    assert rad == {
        "url": reverse("remiss:detalj", args=[remiss.pk]),
        "diarienummer": remiss.diarienummer,
        "rubrik": remiss.rubrik,
        "avsandare": "Kommunstyrelsen",
        "har_avsandardiarienummer": True,
        "avsandarens_beteckning": "KS 2024/112",
        # Namnd's own order: by name, as the related manager gave them.
        "namnder": "Socialnämnden, Äldrenämnden",
        "handlaggare": str(karin),
        "svarsdatum_iso": (idag - dt.timedelta(days=2)).isoformat(),
        "svarsdatum": datum_i_text(idag - dt.timedelta(days=2)),
        "oppen": True,
        "forsenad": True,
        "dagar_kvar": "2 dagar sent",
        "status": "Registrerad",
        "status_farg": status_farg("registrerad"),
    }


def test_a_closed_remiss_is_neither_late_nor_counting_days(karin, maria, registrera):
    """GIVEN an avskriven remiss past its svarsdatum WHEN its row is built THEN it is not
    open, not late, and shows no days left."""
    remiss = registrera(svarsdatum=timezone.localdate() - dt.timedelta(days=5))
    remiss_avskriva(user=maria, remiss=remiss, kommentar="Fel mottagare")

    (rad,) = _rader(karin)

    assert (rad["oppen"], rad["forsenad"], rad["dagar_kvar"]) == (False, False, "")
    assert rad["status"] == "Avskriven"


def test_a_secret_subject_is_masked_in_the_row_for_those_who_may_not_read_it(
    karin, per, registrera
):
    """GIVEN a remiss whose tjänsteutlåtande is secret WHEN Per (a läsare) and Karin (its
    handläggare) get its row THEN Per sees the masked title, Karin the subject."""
    remiss = registrera(rubrik="Familjen Svensson")
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
    remiss.refresh_from_db()
    paragraf = OslParagraf.objects.get(kapitel=26, paragraf=1)
    sekretess_markera(
        user=karin, handling=remiss.tjansteutlatande, paragraf=paragraf, skal="Familj."
    )

    assert _rader(karin)[0]["rubrik"] == "Familjen Svensson"
    maskerad = _rader(per)[0]["rubrik"]
    assert "Familjen" not in maskerad
    assert "OSL 26:1" in maskerad


def test_the_rows_of_a_page_cost_one_query_and_an_empty_page_none(karin, registrera):
    """GIVEN 12 remisser, read WHEN their rows are built THEN one query (the nämnder) is
    made; for no remisser none."""
    for i in range(12):
        registrera(rubrik=f"Remiss {i}")
    remisser = list(selectors.alla_remisser(karin))

    with CaptureQueriesContext(connection) as ctx:
        rader = remiss_rader(remisser)
    assert (len(rader), len(ctx.captured_queries)) == (12, 1)

    with CaptureQueriesContext(connection) as ctx:
        assert remiss_rader([]) == []
    assert len(ctx.captured_queries) == 0


def test_the_list_page_shows_the_rows(client, per, registrera):
    """GIVEN a remiss WHEN Per opens Alla remisser THEN its row links to it and shows the
    status tag, the svarsdatum and the nämnd."""
    remiss = registrera()
    client.force_login(per)

    html = client.get(reverse("remiss:lista")).content.decode()

    assert f'<a href="/remisser/{remiss.pk}/">{remiss.diarienummer}</a>' in html
    assert '<strong class="app-tag app-tag--grey">Registrerad</strong>' in html
    assert '<time class="app-u-nowrap" datetime="2024-04-30">30 april 2024</time>' in html
    assert "<td>Socialnämnden</td>" in html
