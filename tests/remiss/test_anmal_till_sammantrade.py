"""Anmäl till sammanträde: the attested tjänsteutlåtande goes on an answering nämnd's list,
its final PDF and bilagor as handlingar, its beslutspunkter as förslag till beslut."""

import datetime as dt
import hashlib
import io

import pypdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nameden.models import Arende, Namnd, Punkt, Sammantrade
from nameden.services.foredragningslista import punkt_bordlagg
from nameden.services.sammantrade import sammantrade_skapa
from nameden.workflow import Status as MS
from remiss import attestlage, namndkoppling, selectors
from remiss.models import Remiss, Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_godkann, attest_skicka
from remiss.services.bilagor import bilaga_ladda_upp
from remiss.services.namnd import remiss_anmal_till_sammantrade
from tests.conftest import fyll_i
from tests.factories import stockholm_mall

pytestmark = pytest.mark.django_db


def pdf_bytes() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


BILAGA = pdf_bytes()


def skapa(johan, namnd, datum: dt.date) -> Sammantrade:
    return sammantrade_skapa(
        user=johan, namnd=namnd, datum=datum, tid=dt.time(13, 0), plats="Stadshuset"
    )


def fresh(tu) -> Tjansteutlatande:
    return Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)


def attestera(remiss, karin, lisa, veronica) -> Remiss:
    """Beredning, every section filled, one bilaga, sent and attested by Lisa and Veronica."""
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
    tu = fyll_i(Remiss.objects.get(pk=remiss.pk).tjansteutlatande, karin)
    bilaga_ladda_upp(
        user=karin,
        tu=fresh(tu),
        fil=SimpleUploadedFile("program.pdf", BILAGA, content_type="application/pdf"),
        titel="Kommunikationsprogram",
    )
    attest_skicka(user=karin, tu=fresh(tu))
    attest_godkann(user=lisa, tu=fresh(tu))
    attest_godkann(user=veronica, tu=fresh(tu))
    return Remiss.objects.get(pk=remiss.pk)


@pytest.fixture
def attesterad(remiss, karin, lisa, veronica) -> Remiss:
    return attestera(remiss, karin, lisa, veronica)


@pytest.fixture
def mote(johan, socialnamnden) -> Sammantrade:
    return skapa(johan, socialnamnden, dt.date(2024, 4, 23))


@pytest.fixture
def nasta_mote(johan, socialnamnden) -> Sammantrade:
    return skapa(johan, socialnamnden, dt.date(2024, 5, 21))


@pytest.fixture
def aldrenamnden(sof) -> Namnd:
    return Namnd.objects.create(namn="Äldrenämnden", forvaltning=sof)


def _fel(exc) -> str:
    return " ".join(exc.value.messages)


# --- The service ------------------------------------------------------------------------------


def test_the_punkt_carries_the_final_pdf_the_bilaga_and_the_beslutspunkter(attesterad, mote, johan):
    """GIVEN an attested remiss with one bilaga WHEN Johan anmäler it to Socialnämnden's
    sammanträde THEN a beslutsärende stands there with the document's rubrik, diarienummer and
    numbered beslutspunkter, and two handlingar whose SHA-256 are the stored final PDF's and
    the bilaga's; the timeline says so."""
    punkt = remiss_anmal_till_sammantrade(user=johan, remiss=attesterad, sammantrade=mote)

    tu = fresh(attesterad.tjansteutlatande)
    slutversion = selectors.gallande_slutversion(tu)
    bilaga = tu.bilagor.get()
    assert punkt.sammantrade_id == mote.pk and punkt.typ == Punkt.Typ.BESLUTSARENDE
    assert (punkt.rubrik, punkt.diarienummer) == (tu.rubrik, tu.diarienummer)
    punkter = next(a["punkter"] for a in tu.avsnitt if a["typ"] == "beslutspunkter")
    assert punkt.forslag_till_beslut == "\n".join(
        f"{i}. {p}" for i, p in enumerate(punkter, start=1)
    )
    handlingar = list(punkt.handlingar.order_by("ordning"))
    assert [(h.titel, h.sha256) for h in handlingar] == [
        ("Tjänsteutlåtande", slutversion.sha256),
        ("Bilaga 1: Kommunikationsprogram", bilaga.sha256),
    ]
    assert handlingar[1].sha256 == hashlib.sha256(BILAGA).hexdigest()
    assert punkt.arende.referens == f"{attesterad.pk}:{mote.namnd_id}"
    assert attesterad.handelser.filter(
        typ="anmald_till_sammantrade",
        text="Anmäldes till Socialnämndens sammanträde 2024-04-23.",
    ).exists()
    assert Remiss.objects.get(pk=attesterad.pk).status == "attesterad"


def test_a_remiss_answered_by_two_namnder_goes_on_each_list(
    registrera, karin, lisa, veronica, johan, socialnamnden, aldrenamnden, mote
):
    """GIVEN a remiss answered by Socialnämnden and Äldrenämnden, attested WHEN Johan anmäler
    it to a sammanträde of each THEN two ärenden, one per nämnd, each on its own list, and
    the källa finds the remiss from either reference."""
    remiss = attestera(registrera(namnder=[socialnamnden, aldrenamnden]), karin, lisa, veronica)
    aldre_mote = skapa(johan, aldrenamnden, dt.date(2024, 4, 25))

    a = remiss_anmal_till_sammantrade(user=johan, remiss=remiss, sammantrade=mote)
    b = remiss_anmal_till_sammantrade(user=johan, remiss=remiss, sammantrade=aldre_mote)

    assert a.arende_id != b.arende_id
    assert Arende.objects.filter(kalla="remiss").count() == 2
    assert set(selectors.anmalda_punkter_for(remiss)) == {socialnamnden.pk, aldrenamnden.pk}
    for referens in (a.arende.referens, b.arende.referens):
        assert namndkoppling.KALLA._remiss(referens).pk == remiss.pk


def test_not_attested_is_refused(tu, mote, johan):
    """GIVEN a remiss under beredning WHEN Johan anmäler it THEN the policy refuses: the
    action is open only while the remiss is attesterad."""
    with pytest.raises(PermissionDenied):
        remiss_anmal_till_sammantrade(user=johan, remiss=tu.remiss, sammantrade=mote)

    assert not Punkt.objects.filter(arende__isnull=False).exists()


def test_without_a_final_version_in_force_it_is_refused(attesterad, mote, johan):
    """GIVEN an attested remiss whose final version has been superseded behind the app's
    back WHEN Johan anmäler it THEN refused: no handling without a final PDF in force."""
    from django.utils import timezone

    from remiss.models import Slutversion

    sv = Slutversion.objects.get(tjansteutlatande__remiss=attesterad)
    sv.upphavd_at = timezone.now()
    sv.save()

    with pytest.raises(ValidationError) as exc:
        remiss_anmal_till_sammantrade(user=johan, remiss=attesterad, sammantrade=mote)

    assert "slutlig PDF" in _fel(exc)


def test_a_sammantrade_of_another_namnd_is_refused(attesterad, johan, aldrenamnden):
    """GIVEN a remiss answered by Socialnämnden only WHEN Johan anmäler it to Äldrenämnden
    THEN refused."""
    aldre_mote = skapa(johan, aldrenamnden, dt.date(2024, 4, 25))

    with pytest.raises(ValidationError) as exc:
        remiss_anmal_till_sammantrade(user=johan, remiss=attesterad, sammantrade=aldre_mote)

    assert "svarar inte på remissen" in _fel(exc)


def test_a_held_sammantrade_is_refused(attesterad, mote, johan):
    """GIVEN a genomfört sammanträde WHEN Johan anmäler the remiss to it THEN refused."""
    from nameden.services.sammantrade import sammantrade_overga
    from nameden.workflow import Action as MoteAction

    for steg in (MoteAction.KALLA, MoteAction.GENOMFORA):
        mote = sammantrade_overga(user=johan, sammantrade=mote, action=steg)
    assert mote.status == MS.GENOMFORT

    with pytest.raises(ValidationError) as exc:
        remiss_anmal_till_sammantrade(user=johan, remiss=attesterad, sammantrade=mote)

    assert "redan hållits" in _fel(exc)


def test_already_on_a_coming_list_is_refused(attesterad, mote, nasta_mote, johan):
    """GIVEN the remiss on Socialnämnden's April list WHEN anmäld again to May THEN refused."""
    remiss_anmal_till_sammantrade(user=johan, remiss=attesterad, sammantrade=mote)

    with pytest.raises(ValidationError) as exc:
        remiss_anmal_till_sammantrade(user=johan, remiss=attesterad, sammantrade=nasta_mote)

    assert "står redan på föredragningslistan" in _fel(exc)


@pytest.mark.parametrize("persona", ["karin", "lisa", "veronica", "per"])
def test_only_the_namndsekreterare_may(request, attesterad, mote, persona):
    """GIVEN an attested remiss WHEN anyone but the nämndsekreterare anmäler it THEN 403."""
    with pytest.raises(PermissionDenied):
        remiss_anmal_till_sammantrade(
            user=request.getfixturevalue(persona), remiss=attesterad, sammantrade=mote
        )


def test_moving_the_punkt_leaves_the_attestation_in_force(attesterad, mote, nasta_mote, johan):
    """GIVEN the remiss on the April list WHEN the punkt is bordlagd to May THEN the
    tjänsteutlåtande is still attested with its final version in force."""
    punkt = remiss_anmal_till_sammantrade(user=johan, remiss=attesterad, sammantrade=mote)

    punkt_bordlagg(user=johan, punkt=punkt, till=nasta_mote)

    tu = fresh(attesterad.tjansteutlatande)
    assert attestlage.ar_attesterad(tu)
    assert selectors.gallande_slutversion(tu) is not None
    assert Remiss.objects.get(pk=attesterad.pk).status == "attesterad"
    assert selectors.anmalda_punkter_for(attesterad)[mote.namnd_id].sammantrade_id == (
        nasta_mote.pk
    )


# --- The page ---------------------------------------------------------------------------------


def _url(remiss) -> str:
    return reverse("remiss:anmal", args=[remiss.pk])


def test_the_page_offers_the_coming_sammantraden_and_posts(client, attesterad, mote, johan):
    """GIVEN an attested remiss WHEN Johan opens the page THEN the sammanträde is a choice,
    the case page links it; posting anmäler and redirects to the case."""
    client.force_login(johan)
    detalj = client.get(reverse("remiss:detalj", args=[attesterad.pk])).text
    assert _url(attesterad) in detalj
    assert _url(attesterad) in client.get(reverse("remiss:tu", args=[attesterad.pk])).text

    svar = client.get(_url(attesterad))
    assert svar.status_code == 200
    assert "Socialnämnden, 2024-04-23" in svar.text

    svar = client.post(_url(attesterad), {"sammantrade": mote.pk})
    assert svar.status_code == 302
    assert "Anmäld till sammanträdet 2024-04-23" in client.get(_url(attesterad)).text


def test_the_page_refuses_with_400(client, attesterad, tu_ej_attesterad, mote, johan):
    """GIVEN an attested remiss already anmäld WHEN Johan posts THEN 400 with the reason in
    Swedish; a sammanträde not offered is 400 too; a remiss not attested sends him to the case
    page, which says why."""
    client.force_login(johan)
    assert client.post(_url(attesterad), {"sammantrade": 999999}).status_code == 400
    client.post(_url(attesterad), {"sammantrade": mote.pk})

    svar = client.post(_url(attesterad), {"sammantrade": mote.pk})
    assert svar.status_code == 400
    assert "står redan på föredragningslistan" in svar.text

    svar = client.get(_url(tu_ej_attesterad.remiss), follow=True)
    assert svar.redirect_chain[0][0] == reverse("remiss:detalj", args=[tu_ej_attesterad.remiss_id])
    assert "”Anmäl till sammanträde” går inte när remissen har status ”under beredning”" in (
        svar.text
    )


def test_no_coming_sammantrade_is_400(client, attesterad, johan):
    """GIVEN no coming sammanträde WHEN Johan posts THEN 400 and the page says so."""
    client.force_login(johan)

    svar = client.post(_url(attesterad), {})
    assert svar.status_code == 400
    assert "inget kommande sammanträde" in svar.text


def test_another_forvaltning_gets_404_and_a_reader_403(client, attesterad, utomstaende, per):
    """GIVEN an attested SOF remiss WHEN someone of another förvaltning opens the page THEN
    404; Per (läsare) gets 403 and the case page shows him no link."""
    client.force_login(utomstaende)
    assert client.get(_url(attesterad)).status_code == 404
    client.force_login(per)
    assert client.get(_url(attesterad)).status_code == 403
    assert _url(attesterad) not in client.get(reverse("remiss:detalj", args=[attesterad.pk])).text


@pytest.fixture
def tu_ej_attesterad(registrera, karin, socialnamnden):
    remiss = registrera(avsandarens_diarienummer="KS 2024/113")
    remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
    return Remiss.objects.get(pk=remiss.pk).tjansteutlatande
