"""The anslag of a justerat protokoll: the day (default today, not before the justering, by
the second day after it, later only with a reason), when it comes down, and the protokoll with
its Anslagsbevis stored beside the justerat one."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from nameden import arendekallor
from nameden.kommunallag import nedtas, sista_dag_for_anslag, sista_dag_for_overklagande
from nameden.models import Anslag, Protokoll
from nameden.pdf import validate_pdfa
from nameden.protokoll import filer
from nameden.services.anslag import protokoll_ansla
from nameden.workflow import TransitionNotAllowed
from tests.nameden.fabriker_protokoll import KALLA, SmallKalla, farskt_mote, justera_alla
from tests.remiss.pdf_verktyg import fulltext

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kalla(monkeypatch):
    monkeypatch.setitem(arendekallor._kallor, KALLA, SmallKalla())


@pytest.fixture
def motet(johan, socialnamnden):
    motet = farskt_mote(johan, socialnamnden)
    justera_alla(motet)
    return motet


def test_anslag_today_with_its_dates_and_anslagsbevis(motet, johan):
    """GIVEN a protokoll justerat today WHEN Johan anslår it THEN today, coming down the day
    after the appeal time; the protokoll with its Anslagsbevis is stored (PDF/A, SHA-256),
    the justerat files untouched, and downloads now serve the version with the bevis."""
    protokoll = Protokoll.objects.get(sammantrade=motet.sammantrade)
    justerat_sha = protokoll.sha256
    anslag = protokoll_ansla(user=johan, sammantrade=motet.sammantrade)

    idag = timezone.localdate()
    assert (anslag.anslaget, anslag.nedtas) == (idag, nedtas(idag))
    assert anslag.forvaringsplats == "Socialförvaltningens kansli"
    protokoll.refresh_from_db()
    assert protokoll.sha256 == justerat_sha
    fil = filer.lagrad_fil(protokoll)
    assert (fil.version, fil.sha256) == ("anslaget", anslag.sha256)
    assert hashlib.sha256(fil.innehall).hexdigest() == anslag.sha256
    validate_pdfa(fil.innehall)
    text = fulltext(fil.innehall)
    for del_ in (
        "Anslagsbevis",
        f"Datum då anslaget sätts upp {idag:%Y-%m-%d}",
        f"Datum då anslaget tas ned {nedtas(idag):%Y-%m-%d}",
        f"Överklagandetiden går ut {sista_dag_for_overklagande(idag):%Y-%m-%d}",
        "Förvaringsplats för protokollet Socialförvaltningens kansli",
        "Underskrift Johan Ek",
        "Organ Socialnämnden",
    ):
        assert del_ in text, del_
    assert "Hemlig Person" not in fulltext(filer.lagrad_fil(protokoll, offentlig=True).innehall)


def test_anslag_before_the_justering_is_refused(motet, johan):
    """GIVEN a protokoll justerat today WHEN the anslag is dated yesterday THEN refused."""
    igar = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="före justeringen"):
        protokoll_ansla(user=johan, sammantrade=motet.sammantrade, anslaget=igar)


def test_a_planned_anslag_after_the_last_day_is_refused_naming_it(motet, johan):
    """GIVEN a protokoll justerat today WHEN the anslag is planned ten days ahead THEN refused,
    naming the last day."""
    sista = sista_dag_for_anslag(timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        protokoll_ansla(
            user=johan,
            sammantrade=motet.sammantrade,
            anslaget=timezone.localdate() + dt.timedelta(days=10),
        )
    assert f"{sista:%Y-%m-%d}" in exc.value.message_dict["anslaget"][0]


def test_a_late_anslag_needs_a_reason_and_the_appeal_runs_from_it(motet, johan):
    """GIVEN the last day for anslag has passed WHEN Johan anslår without a reason THEN
    refused; with one it is recorded, printed, and the appeal time counts from that day."""
    sen = timezone.localdate() + dt.timedelta(days=10)
    with pytest.raises(ValidationError) as exc:
        protokoll_ansla(user=johan, sammantrade=motet.sammantrade, anslaget=sen, idag=sen)
    assert "sen_skal" in exc.value.message_dict

    anslag = protokoll_ansla(
        user=johan, sammantrade=motet.sammantrade, anslaget=sen, idag=sen,
        sen_skal="Anslagstavlan låg nere.",
    )  # fmt: skip
    assert anslag.nedtas == nedtas(sen)
    assert "Anslagstavlan låg nere." in fulltext(filer.lagrad_fil(anslag.protokoll).innehall)


def test_anslag_once_by_the_sekreterare_of_a_justerat_protokoll(motet, johan, karin):
    """GIVEN a justerat protokoll WHEN Karin anslår THEN 403; Johan twice THEN refused."""
    with pytest.raises(PermissionDenied):
        protokoll_ansla(user=karin, sammantrade=motet.sammantrade)
    protokoll_ansla(user=johan, sammantrade=motet.sammantrade)
    with pytest.raises(ValidationError, match="redan anslaget"):
        protokoll_ansla(user=johan, sammantrade=motet.sammantrade)
    assert Anslag.objects.count() == 1


def test_a_protokoll_not_justerat_cannot_be_anslaget(johan, socialnamnden):
    """GIVEN a held meeting not yet justerat WHEN Johan anslår THEN the status refuses."""
    motet = farskt_mote(johan, socialnamnden)
    with pytest.raises(TransitionNotAllowed):
        protokoll_ansla(user=johan, sammantrade=motet.sammantrade)


def test_the_anslag_page(client, motet, johan):
    """GIVEN Johan WHEN he opens the anslag page and posts THEN the dates are shown, a bad
    date is a 400, and a good one anslår; the sammanträde's page then shows the appeal
    period's last day."""
    client.force_login(johan)
    url = reverse("namnd:protokoll_ansla", args=[motet.sammantrade.pk])
    assert "Anslås senast" in client.get(url).content.decode()
    assert client.post(url, {"anslaget": "2024-13-01", "forvaringsplats": "x"}).status_code == 400
    idag = timezone.localdate()
    svar = client.post(url, {"anslaget": f"{idag:%Y-%m-%d}", "forvaringsplats": "Kansliet"})
    assert svar.status_code == 302
    sida = client.get(reverse("namnd:detalj", args=[motet.sammantrade.pk])).content.decode()
    assert "Överklagandetiden går ut" in sida
