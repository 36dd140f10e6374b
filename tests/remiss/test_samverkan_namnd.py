"""A joint document before two nämnder: each nämnd's own sekreterare puts it on that nämnd's
list, each nämnd decides, and the remiss is beslutad and besvarad only when both have."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nameden.models import Punkt
from remiss import namndkoppling, selectors
from remiss.models import Namndbehandling, Remiss
from remiss.services.attestering import attest_godkann, attest_skicka
from remiss.workflow import Status
from tests.remiss.namnd_verktyg import anmal, beslut, expediering, mote
from tests.remiss.test_samverkan_verktyg import (  # noqa: F401 (fixtures)
    fixture_anna,
    fixture_bo,
    fixture_byggnadsnamnden,
    fixture_gemensam,
    fixture_gemensam_klar,
    fixture_plan,
    fixture_rut,
    fixture_sara,
    fixture_sbk,
    fixture_sven,
    las_tu,
)

pytestmark = pytest.mark.django_db


def _status(remiss) -> str:
    return Remiss.objects.get(pk=remiss.pk).status


@pytest.fixture
def attesterad_gemensam(gemensam_klar, karin, lisa, veronica, anna, bo) -> Remiss:
    attest_skicka(user=karin, tu=gemensam_klar)
    for user in (anna, lisa, bo, veronica):
        attest_godkann(user=user, tu=las_tu(gemensam_klar.remiss))
    remiss = Remiss.objects.get(pk=gemensam_klar.remiss_id)
    assert remiss.status == Status.ATTESTERAD
    return remiss


@pytest.fixture
def moten(johan, sara, socialnamnden, byggnadsnamnden):
    """A coming sammanträde of each nämnd, each made by its own förvaltning's sekreterare."""
    return (
        mote(johan, socialnamnden, dt.date(2024, 4, 23)),
        mote(sara, byggnadsnamnden, dt.date(2024, 4, 25)),
    )


def test_the_joint_document_goes_on_each_namnds_list_by_its_own_sekreterare(
    attesterad_gemensam, moten, johan, sara, socialnamnden, byggnadsnamnden
):
    """GIVEN the joint document attested by both chains WHEN Johan anmäler it to
    Socialnämnden and Sara to Stadsbyggnadsnämnden THEN two punkter on two sammanträden of
    two nämnder, each carrying the same final PDF, and both nämnder's rows say anmäld."""
    sn_mote, sbn_mote = moten

    a = anmal(johan, attesterad_gemensam, sn_mote)
    b = anmal(sara, attesterad_gemensam, sbn_mote)

    assert (a.sammantrade.namnd, b.sammantrade.namnd) == (socialnamnden, byggnadsnamnden)
    slutversion = selectors.gallande_slutversion(las_tu(attesterad_gemensam))
    for punkt in (a, b):
        assert punkt.typ == Punkt.Typ.BESLUTSARENDE
        assert punkt.handlingar.order_by("ordning").first().sha256 == slutversion.sha256
    assert set(
        Namndbehandling.objects.filter(remiss=attesterad_gemensam).values_list(
            "namnd__namn", "status"
        )
    ) == {("Socialnämnden", "anmald"), ("Stadsbyggnadsnämnden", "anmald")}
    assert _status(attesterad_gemensam) == Status.ATTESTERAD


def test_a_sekreterare_may_not_anmala_to_another_forvaltnings_namnd(
    attesterad_gemensam, moten, johan
):
    """GIVEN the joint document WHEN Johan (SOF) anmäler it to Stadsbyggnadsnämnden THEN
    refused in Swedish: that nämnd's own sekreterare does."""
    with pytest.raises(ValidationError) as exc:
        anmal(johan, attesterad_gemensam, moten[1])

    assert exc.value.message_dict["sammantrade"] == [
        "Stadsbyggnadsnämnden bereds av en annan förvaltning. Dess nämndsekreterare anmäler "
        "ärendet till nämndens sammanträden."
    ]
    assert not Namndbehandling.objects.exists()


def test_beslutad_only_when_both_namnder_have_decided_and_besvarad_when_both_are_sent(
    attesterad_gemensam, moten, johan, sara, socialnamnden, byggnadsnamnden
):
    """GIVEN the joint document on both lists WHEN Socialnämnden decides THEN the remiss is
    still attesterad; WHEN Stadsbyggnadsnämnden decides too THEN beslutad; and besvarad only
    once both decisions are expedierade. The beslut come through the källa's interface, as the
    committee side reports them."""
    remiss = attesterad_gemensam
    anmal(johan, remiss, moten[0])
    anmal(sara, remiss, moten[1])
    kalla = namndkoppling.KALLA

    kalla.beslut_fattat(namndkoppling.referens_for(remiss, socialnamnden), beslut=beslut())
    assert _status(remiss) == Status.ATTESTERAD

    kalla.beslut_fattat(
        namndkoppling.referens_for(remiss, byggnadsnamnden), beslut=beslut(paragraf="§ 12")
    )
    assert _status(remiss) == Status.BESLUTAD

    kalla.expedierat(namndkoppling.referens_for(remiss, socialnamnden), expediering=expediering())
    assert _status(remiss) == Status.BESLUTAD
    kalla.expedierat(namndkoppling.referens_for(remiss, byggnadsnamnden), expediering=expediering())
    assert _status(remiss) == Status.BESVARAD


def test_the_anmal_page_offers_each_sekreterare_only_their_own_namnds_sammantraden(
    client, attesterad_gemensam, moten, sara
):
    """GIVEN both nämnder have a coming sammanträde WHEN Sara opens "Anmäl till sammanträde"
    THEN she is offered Stadsbyggnadsnämnden's only, and posting it anmäler it there."""
    client.force_login(sara)
    url = reverse("remiss:anmal", args=[attesterad_gemensam.pk])

    svar = client.get(url)

    assert svar.status_code == 200
    assert list(svar.context["form"].fields["sammantrade"].queryset) == [moten[1]]
    assert client.post(url, {"sammantrade": moten[1].pk}).status_code == 302
    assert client.post(url, {"sammantrade": moten[0].pk}).status_code == 400
