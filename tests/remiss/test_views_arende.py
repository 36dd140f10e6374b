"""The case page and the transitions started from it: påbörja beredning and avskriv."""

import pytest
from django.urls import reverse

from remiss.models import Tjansteutlatande
from remiss.workflow import Status
from tests.factories import stockholm_mall

pytestmark = pytest.mark.django_db


def test_case_page_shows_details_and_timeline(client, per, remiss):
    """GIVEN a registered remiss WHEN a läsare opens it THEN the summary and the timeline with
    who and when (Swedish format) are shown, and no action buttons."""
    client.force_login(per)

    response = client.get(reverse("remiss:detalj", args=[remiss.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert remiss.rubrik in html
    assert "KS 2024/112" in html
    assert "30 april 2024" in html
    assert "Försenad" in html  # the fixture's svarsdatum is long past
    assert f"Remissen registrerades som {remiss.diarienummer}" in html
    assert " kl. " in html
    assert "Påbörja beredning" not in html
    assert "Avskriv remissen" not in html


def test_case_page_offers_only_allowed_actions(client, karin, maria, remiss):
    """GIVEN a registered remiss WHEN Karin (its handläggare) and Maria (registrator) open it
    THEN Karin is offered Påbörja beredning and Maria the registrator's actions."""
    client.force_login(karin)
    karins = client.get(reverse("remiss:detalj", args=[remiss.pk])).content.decode()
    client.force_login(maria)
    marias = client.get(reverse("remiss:detalj", args=[remiss.pk])).content.decode()

    assert reverse("remiss:paborja", args=[remiss.pk]) in karins
    assert reverse("remiss:avskriva", args=[remiss.pk]) not in karins
    assert reverse("remiss:paborja", args=[remiss.pk]) not in marias
    for name in ("avskriva", "tilldela", "andra_uppgifter"):
        assert reverse(f"remiss:{name}", args=[remiss.pk]) in marias


def test_other_forvaltning_gets_404(client, utomstaende, remiss):
    """GIVEN a SOF remiss WHEN someone from another förvaltning opens it THEN 404, not 403."""
    client.force_login(utomstaende)

    assert client.get(reverse("remiss:detalj", args=[remiss.pk])).status_code == 404


def test_paborja_creates_the_tjansteutlatande_from_the_standard_mall(client, karin, remiss):
    """GIVEN Karin's registered remiss WHEN she opens Påbörja beredning THEN the standard mall
    is preselected, and WHEN she submits THEN the TU exists and she lands on it."""
    client.force_login(karin)
    url = reverse("remiss:paborja", args=[remiss.pk])
    form = client.get(url).context["form"]
    assert form["mall"].value() == stockholm_mall().pk

    response = client.post(url, {"mall": stockholm_mall().pk})

    assert response.status_code == 302
    assert response["Location"] == reverse("remiss:tu", args=[remiss.pk])
    remiss.refresh_from_db()
    assert remiss.status == Status.UNDER_BEREDNING
    assert Tjansteutlatande.objects.filter(remiss=remiss).exists()


def test_paborja_twice_explains_instead_of_failing(client, karin, tu):
    """GIVEN beredning already started WHEN Karin posts Påbörja beredning again (a stale page)
    THEN she is sent back to the case with the workflow's message."""
    client.force_login(karin)

    response = client.post(
        reverse("remiss:paborja", args=[tu.remiss_id]), {"mall": stockholm_mall().pk}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("remiss:detalj", args=[tu.remiss_id])
    assert "går inte när remissen har status" in response.content.decode()


def test_hugo_may_not_start_someone_elses_beredning(client, hugo, remiss):
    """GIVEN Karin's remiss WHEN Hugo posts Påbörja beredning THEN 403 and nothing changes."""
    client.force_login(hugo)

    response = client.post(
        reverse("remiss:paborja", args=[remiss.pk]), {"mall": stockholm_mall().pk}
    )

    assert response.status_code == 403
    remiss.refresh_from_db()
    assert remiss.status == Status.REGISTRERAD


def test_avskriv_needs_a_comment(client, maria, remiss):
    """GIVEN a registered remiss WHEN Maria avskriver it without a comment THEN 400 and a
    Swedish message; with a comment THEN it is avskriven and the comment is in the timeline."""
    client.force_login(maria)
    url = reverse("remiss:avskriva", args=[remiss.pk])

    utan = client.post(url, {"kommentar": "  "})
    med = client.post(url, {"kommentar": "Remissen gäller inte nämnden."}, follow=True)

    assert utan.status_code == 400
    assert "Skriv varför remissen avskrivs." in utan.content.decode()
    remiss.refresh_from_db()
    assert remiss.status == Status.AVSKRIVEN
    assert "Remissen gäller inte nämnden." in med.content.decode()
