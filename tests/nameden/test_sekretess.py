"""Sekretess on the committee side: the OSL paragraphs as data, marking an agenda punkt,
the masked agenda, the marking page and the chef's read log."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nameden import sekretess
from nameden.models import OslParagraf, Punkt, Sekretesslasning
from nameden.services.foredragningslista import punkt_lagg_till
from nameden.services.sekretess import sekretess_hava, sekretess_las, sekretess_markera

pytestmark = pytest.mark.django_db

MASKERAD = "Sekretessbelagd handling (OSL 26:1)"


@pytest.fixture
def socialtjanst(db):
    return OslParagraf.objects.get(kapitel=26, paragraf=1)


@pytest.fixture
def punkt(sammantrade, johan):
    return punkt_lagg_till(
        user=johan,
        sammantrade=sammantrade,
        typ=Punkt.Typ.BESLUTSARENDE,
        rubrik="Ansökan om vård enligt LVU för Bertil",
        forslag_till_beslut="Nämnden ansöker om vård.",
    )


def test_the_common_paragraphs_are_data_with_their_diary_rule(db):
    """GIVEN the migrated database THEN the common paragraphs are rows, and OSL 5:2 hides
    sender and subject for socialtjänst and hälso- och sjukvård, not for an anbud."""
    regler = {p.beteckning: p.dolj_i_diariet for p in OslParagraf.objects.all()}
    assert regler["OSL 26:1"] and regler["OSL 25:1"] and regler["OSL 23:2"] and regler["OSL 21:3"]
    assert regler["OSL 19:3"] is False and regler["OSL 31:16"] is False


def test_marking_a_punkt_sets_its_public_version_flag_and_lifting_clears_it(
    punkt, johan, socialtjanst
):
    """GIVEN a punkt WHEN the nämndsekreterare marks it THEN its flag (read by the public
    packet and the anslagstavla) is set, with history; WHEN lifted THEN cleared again."""
    sekretess_markera(user=johan, handling=punkt, paragraf=socialtjanst, skal="LVU-ärende.")
    punkt.refresh_from_db()
    assert punkt.sekretess is True
    assert punkt.history.first().history_change_reason == "Sekretessmarkerad"
    sekretess_hava(user=johan, handling=punkt, skal="Ärendet avgjort, avidentifierat.")
    punkt.refresh_from_db()
    assert punkt.sekretess is False
    assert [m.galler for m in sekretess.markeringar_for(punkt)] == [False]


def test_a_handlaggare_may_not_mark_a_punkt(punkt, karin, socialtjanst):
    """GIVEN a punkt WHEN a handläggare tries to mark it THEN refused (the sekreterare's)."""
    with pytest.raises(PermissionDenied):
        sekretess_markera(user=karin, handling=punkt, paragraf=socialtjanst, skal="Skäl.")


def _punkten(sida: str, punkt) -> str:
    """The agenda item of `punkt` on the sammanträde's page."""
    borjan = sida.index(f'id="punkt-{punkt.pk}"')
    return sida[borjan : sida.index("</li>", borjan)]


def test_the_agenda_masks_a_secret_punkt_for_those_without_access(
    client, punkt, johan, karin, lisa, socialtjanst
):
    """GIVEN a secret punkt WHEN a handläggare of the serving förvaltning opens the agenda THEN
    the punkt keeps its place, titled "Sekretessbelagd handling (OSL 26:1)", without its
    texts; the sekreterare and the avdelningschef see it in full."""
    sekretess_markera(user=johan, handling=punkt, paragraf=socialtjanst, skal="LVU.")
    url = reverse("namnd:detalj", args=[punkt.sammantrade_id])
    client.force_login(karin)
    rad = _punkten(client.get(url).content.decode(), punkt)
    assert MASKERAD in rad and "Bertil" not in rad and "ansöker om vård" not in rad
    for user in (johan, lisa):
        client.force_login(user)
        rad = _punkten(client.get(url).content.decode(), punkt)
        assert "Ansökan om vård enligt LVU för Bertil" in rad and MASKERAD not in rad


def test_the_marking_page_is_404_for_a_secret_handling_one_may_not_read(
    client, punkt, johan, karin, socialtjanst
):
    """GIVEN a secret punkt WHEN a handläggare opens its marking page THEN 404."""
    sekretess_markera(user=johan, handling=punkt, paragraf=socialtjanst, skal="LVU.")
    client.force_login(karin)
    assert client.get(reverse("sekretess:markering", args=["punkt", punkt.pk])).status_code == 404
    assert client.get(reverse("sekretess:markering", args=["okand", punkt.pk])).status_code == 404


def test_marking_through_the_page_and_a_missing_reason(client, punkt, johan, socialtjanst):
    """GIVEN the sekreterare on the marking page WHEN they post without a reason THEN 400 with
    a Swedish message; WHEN with one THEN the punkt is marked and they return to the list."""
    client.force_login(johan)
    url = reverse("sekretess:markering", args=["punkt", punkt.pk])
    svar = client.post(url, {"paragraf": socialtjanst.pk, "skal": ""})
    assert svar.status_code == 400
    assert "Ange skälet till sekretessmarkeringen." in svar.content.decode()
    svar = client.post(url, {"paragraf": socialtjanst.pk, "skal": "LVU."})
    assert svar.status_code == 302
    assert sekretess.galler_for(punkt).paragraf == socialtjanst
    svar = client.post(url, {"skal": "Avidentifierat."})
    assert svar.status_code == 302 and sekretess.galler_for(punkt) is None


def test_a_handlaggare_may_not_post_on_the_marking_page(client, punkt, karin, socialtjanst):
    """GIVEN a punkt WHEN a handläggare posts a marking THEN 403 and nothing is marked."""
    client.force_login(karin)
    url = reverse("sekretess:markering", args=["punkt", punkt.pk])
    assert client.post(url, {"paragraf": socialtjanst.pk, "skal": "S."}).status_code == 403
    assert sekretess.galler_for(punkt) is None


# --- The chef's read log ------------------------------------------------------------------


def _las(punkt, markering, user, antal):
    for _ in range(antal):
        sekretess_las(user=user, handling=punkt, satt="fil", markering=markering)


def test_a_chef_sees_the_read_log_of_their_forvaltning_only(
    client, punkt, johan, lisa, karin, utomstaende, socialtjanst
):
    """GIVEN reads of a secret punkt of SOF WHEN SOF's avdelningschef opens the log THEN every
    read is there (who, what); a handläggare is refused; a chef elsewhere sees none of it."""
    from nameden.roles import Roll
    from tests.factories import UserFactory

    markering = sekretess_markera(user=johan, handling=punkt, paragraf=socialtjanst, skal="LVU.")
    _las(punkt, markering, johan, 2)
    client.force_login(lisa)
    sida = client.get(reverse("sekretess:lasloggen")).content.decode()
    assert sida.count("Punkt 1 på Socialnämndens sammanträde 2024-04-23") == 2
    assert "Johan Ek" in sida
    client.force_login(karin)
    assert client.get(reverse("sekretess:lasloggen")).status_code == 403
    annan_chef = UserFactory(roll=Roll.AVDELNINGSCHEF, avdelning=utomstaende.avdelning)
    client.force_login(annan_chef)
    assert "Punkt 1" not in client.get(reverse("sekretess:lasloggen")).content.decode()


def test_the_read_log_costs_the_same_queries_with_more_rows(
    client, punkt, johan, lisa, socialtjanst
):
    """GIVEN 3, then 30 reads WHEN the chef opens the log THEN the same number of queries."""
    markering = sekretess_markera(user=johan, handling=punkt, paragraf=socialtjanst, skal="LVU.")
    client.force_login(lisa)
    url = reverse("sekretess:lasloggen")
    _las(punkt, markering, johan, 3)
    client.get(url)
    with CaptureQueriesContext(connection) as fa:
        client.get(url)
    _las(punkt, markering, lisa, 27)
    with CaptureQueriesContext(connection) as manga:
        assert client.get(url).content.decode().count("Punkt 1 på") == 30
    assert len(manga) == len(fa)


def test_reads_are_logged_only_for_a_secret_handling(punkt, johan, socialtjanst):
    """GIVEN a punkt WHEN read before marking and after lifting THEN nothing is logged; while
    marked THEN one row per read."""
    assert sekretess_las(user=johan, handling=punkt, satt="sida") is None
    markering = sekretess_markera(user=johan, handling=punkt, paragraf=socialtjanst, skal="LVU.")
    sekretess_las(user=johan, handling=punkt, satt="sida")
    sekretess_hava(user=johan, handling=punkt, skal="Avgjort.")
    sekretess_las(user=johan, handling=punkt, satt="sida")
    assert list(Sekretesslasning.objects.values_list("markering", flat=True)) == [markering.pk]


def test_the_punkt_form_cannot_clear_a_marked_punkts_secrecy(client, punkt, johan, socialtjanst):
    """GIVEN a marked punkt WHEN the sekreterare unticks "sekretess" in the punkt's form THEN
    400 with a Swedish message pointing to the marking page, and the punkt stays secret."""
    sekretess_markera(user=johan, handling=punkt, paragraf=socialtjanst, skal="LVU.")
    client.force_login(johan)
    url = reverse("namnd:punkt_andra", args=[punkt.sammantrade_id, punkt.pk])
    svar = client.post(url, {"rubrik": punkt.rubrik, "forslag_till_beslut": "Ny text."})
    assert svar.status_code == 400
    assert "Punkten är sekretessmarkerad enligt OSL 26:1." in svar.content.decode()
    punkt.refresh_from_db()
    assert punkt.sekretess is True and punkt.forslag_till_beslut == "Nämnden ansöker om vård."
