"""Digital justering: ordförande and justerare confirm the protokoll they read; the last one
freezes it (PDF/A stored with SHA-256, sammanträde justerat, the källa told); a change voids
a justering; omedelbar justering of one § at the meeting."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from nameden import arendekallor
from nameden.models import Justering, Protokoll, Sammantrade
from nameden.models.protokoll import Beslutsrapport
from nameden.protokoll import filer, lage
from nameden.services.protokoll import (
    InnehalletAndrat,
    fingeravtryck_nu,
    paragraf_justera,
    protokoll_andra,
    protokoll_justera,
)
from nameden.services.protokollandring import innehall_andrat
from nameden.utdrag.selectors import utskick_paragrafer
from nameden.workflow import Status, TransitionNotAllowed
from tests.nameden.fabriker_protokoll import KALLA, SmallKalla, andra, halla_mote
from tests.remiss.pdf_verktyg import fulltext

pytestmark = pytest.mark.django_db

DAGEN = dt.date(2024, 4, 30)  # within the fourteen days of 23 April 2024


@pytest.fixture
def kalla(monkeypatch):
    """A real, small källa registered for the test only."""
    kalla = SmallKalla()
    monkeypatch.setitem(arendekallor._kallor, KALLA, kalla)
    return kalla


@pytest.fixture
def motet(mote, johan, kalla):
    return halla_mote(mote, johan)


@pytest.fixture
def protokoll(motet, johan) -> Protokoll:
    """Anna is ordförande, Bertil justerare, justering on 30 April in Stadshuset."""
    return protokoll_andra(
        user=johan,
        sammantrade=motet.sammantrade,
        ordforande=motet.anna,
        justerare=[motet.bertil],
        justering_tid=DAGEN,
        justering_plats="Stadshuset",
    )


def _justera(user, motet, **kwargs):
    return protokoll_justera(
        user=user, sammantrade=motet.sammantrade, idag=kwargs.pop("idag", DAGEN), **kwargs
    )


def test_both_justeringar_freeze_the_protokoll(protokoll, motet, kalla):
    """GIVEN a held meeting's protokoll with Anna as ordförande and Bertil as justerare WHEN
    both justerar THEN it is justerat: the full and public PDF/A are stored with their
    SHA-256, the sammanträde is justerat, and the källa is told the beslut of § 5 (bifall),
    but of nothing noted."""
    anna, bertil = motet.anna.user, motet.bertil.user
    sett = fingeravtryck_nu(motet.sammantrade, protokoll)

    _justera(anna, motet, sett_fingeravtryck=sett)
    assert Protokoll.objects.get(pk=protokoll.pk).justerat_at is None
    _justera(bertil, motet, sett_fingeravtryck=sett)

    protokoll.refresh_from_db()
    assert protokoll.justerat_at is not None
    assert Sammantrade.objects.get(pk=motet.sammantrade.pk).status == Status.JUSTERAT
    for offentlig, sha in ((False, protokoll.sha256), (True, protokoll.offentlig_sha256)):
        fil = filer.lagrad_fil(protokoll, offentlig=offentlig)
        assert hashlib.sha256(fil.innehall).hexdigest() == sha
        assert fil.innehall.startswith(b"%PDF")
    text = fulltext(filer.lagrad_fil(protokoll).innehall)
    idag = f"{timezone.localdate():%Y-%m-%d}"
    assert f"Ordförande Anna Ordförande (S) Digitalt justerad {idag} av Anna Ordförande" in text
    assert f"Justerare Bertil Justerare (M) Digitalt justerad {idag}" in text
    assert "UTKAST" not in text
    assert list(kalla.beslut) == ["ref-112"]
    beslut = kalla.beslut["ref-112"]
    assert (beslut.slag, beslut.paragraf, beslut.sammantradesdatum) == (
        arendekallor.Beslutsslag.BIFALL,
        "§ 5",
        dt.date(2024, 4, 23),
    )
    assert beslut.text.startswith("Socialnämnden godkänner")
    assert Beslutsrapport.objects.filter(protokoll=protokoll).count() == 1
    assert lage.paragraf_justerad(motet.beslut)


def test_a_change_after_a_justering_voids_it(protokoll, motet):
    """GIVEN Anna has justerat WHEN the beslut of § 5 is changed and the meeting's service
    reports it THEN her justering is upphävd with the reason, and the protokoll needs her
    justering again."""
    _justera(motet.anna.user, motet)

    andra(motet.beslut, beslutstext="Socialnämnden avstår från att yttra sig.")
    innehall_andrat(motet.sammantrade, user=None, vad="beslut i § 5")

    justering = Justering.objects.get(fortroendevald=motet.anna)
    assert justering.upphavd_at is not None
    assert "beslut i § 5" in justering.upphavd_skal
    assert "upphävdes" in motet.sammantrade.handelser.order_by("-id").first().text
    _justera(motet.bertil.user, motet)
    protokoll.refresh_from_db()
    assert protokoll.justerat_at is None


def test_a_change_behind_the_services_back_voids_it_too(protokoll, motet):
    """GIVEN Anna has justerat WHEN the text of § 5 changes without the hook being called THEN
    her justering no longer counts (its fingerprint no longer matches)."""
    _justera(motet.anna.user, motet)
    andra(motet.beslut, text="Ändrad utan att någon sa till.")

    from nameden.protokoll.innehall import protokoll_innehall

    innehall = protokoll_innehall(motet.sammantrade, protokoll)
    assert [k.klar for k in lage.lage(protokoll, innehall)] == [False, False]


def test_a_stale_fingerprint_is_refused(protokoll, motet):
    """GIVEN Bertil opened the justering page WHEN § 5 changes before he confirms THEN his
    justering is refused (InnehalletAndrat) and nothing is recorded."""
    sett = fingeravtryck_nu(motet.sammantrade, protokoll)
    andra(motet.beslut, beslutstext="Ny lydelse.")

    with pytest.raises(InnehalletAndrat):
        _justera(motet.bertil.user, motet, sett_fingeravtryck=sett)
    assert not Justering.objects.exists()


def test_justering_after_the_last_day_needs_a_reason_which_is_printed(protokoll, motet):
    """GIVEN a meeting on 23 April 2024 (last day for justering 7 May) WHEN Anna justerar on
    8 May without a reason THEN refused naming the last day; with a reason it is recorded and
    printed in the protokoll."""
    with pytest.raises(ValidationError) as exc:
        _justera(motet.anna.user, motet, idag=dt.date(2024, 5, 8))
    assert "2024-05-07" in exc.value.message_dict["sen_skal"][0]

    _justera(motet.anna.user, motet, idag=dt.date(2024, 5, 8), sen_skal="Ordföranden var sjuk.")
    _justera(motet.bertil.user, motet, idag=dt.date(2024, 5, 8), sen_skal="Ordföranden var sjuk.")
    protokoll.refresh_from_db()
    assert "Ordföranden var sjuk." in fulltext(filer.lagrad_fil(protokoll).innehall)


def test_someone_else_may_not_justera(protokoll, motet):
    """GIVEN Fredrik, a ledamot who is neither ordförande nor justerare WHEN he justerar THEN
    PermissionDenied."""
    with pytest.raises(PermissionDenied):
        _justera(motet.fredrik.user, motet)


def test_the_same_person_cannot_justera_twice(protokoll, motet):
    """GIVEN Anna has justerat WHEN she justerar again THEN refused."""
    _justera(motet.anna.user, motet)
    with pytest.raises(ValidationError, match="redan justerat"):
        _justera(motet.anna.user, motet)


def test_a_protokoll_with_a_paragraf_without_beslut_cannot_be_justerat(protokoll, motet):
    """GIVEN § 7 has no beslut WHEN Anna justerar THEN refused, naming the §."""
    andra(motet.anmalan, slag="")
    with pytest.raises(ValidationError, match="§ 7"):
        _justera(motet.anna.user, motet)


def test_a_meeting_not_yet_held_cannot_be_justerat_as_a_whole(mote, johan, kalla):
    """GIVEN a meeting still kallat (in progress) WHEN Anna justerar the whole protokoll THEN
    the transition refuses it."""
    motet = halla_mote(mote, johan, genomfort=False)
    from nameden.services.sammantrade import sammantrade_overga
    from nameden.workflow import Action

    sammantrade_overga(user=johan, sammantrade=motet.sammantrade, action=Action.KALLA)
    protokoll_andra(
        user=johan,
        sammantrade=motet.sammantrade,
        ordforande=motet.anna,
        justerare=[motet.bertil],
        justering_tid=DAGEN,
        justering_plats="Stadshuset",
    )
    with pytest.raises(TransitionNotAllowed):
        _justera(motet.anna.user, motet)


def test_omedelbar_justering_of_one_paragraf(protokoll, motet, kalla):
    """GIVEN § 5 is to be justerad omedelbart WHEN Anna and Bertil justera it THEN it is
    justerad on its own (its justeringsdatum is today), its källa is told at once, and the
    later justering of the whole protokoll does not tell the källa again."""
    andra(motet.beslut, omedelbar_justering=True)
    innehall_andrat(motet.sammantrade, user=None, vad="omedelbar justering")
    for person in (motet.anna, motet.bertil):
        sett = fingeravtryck_nu(motet.sammantrade, protokoll, paragraf=motet.beslut)
        paragraf_justera(
            user=person.user,
            sammantrade=motet.sammantrade,
            paragraf=motet.beslut,
            sett_fingeravtryck=sett,
        )

    assert lage.paragraf_justerad(motet.beslut)
    assert not lage.paragraf_justerad(motet.anmalan)
    # The sammanträde's utskick list (utdrag, expediering) agrees, reading the content once.
    rader = {r.paragraf.pk: r.justerad for r in utskick_paragrafer(motet.sammantrade)}
    assert rader[motet.beslut.pk] and not rader[motet.anmalan.pk]
    assert len(kalla.anrop) == 1
    assert Justering.objects.filter(paragraf=motet.beslut).count() == 2

    # A change to another § leaves the omedelbar justering of § 5 alone.
    andra(motet.anmalan, beslutstext="Anmälan noteras.")
    innehall_andrat(motet.sammantrade, user=None, vad="§ 7")
    assert lage.paragraf_justerad(motet.beslut)

    _justera(motet.anna.user, motet)
    _justera(motet.bertil.user, motet)
    assert len(kalla.anrop) == 1
    protokoll.refresh_from_db()
    text = fulltext(filer.lagrad_fil(protokoll).innehall)
    assert "Justeras omedelbart." in text and "justerade paragrafen" in text


def test_a_paragraf_not_marked_is_not_justerad_omedelbart(protokoll, motet):
    """GIVEN § 7 is not marked for omedelbar justering WHEN Anna justerar it on its own THEN
    refused."""
    with pytest.raises(ValidationError, match="ska inte justeras omedelbart"):
        paragraf_justera(
            user=motet.anna.user, sammantrade=motet.sammantrade, paragraf=motet.anmalan
        )


def test_a_kalla_that_refuses_does_not_undo_the_justering(protokoll, motet, kalla):
    """GIVEN the källa already has a beslut on the ärende WHEN the protokoll is justerat THEN
    it is justerat all the same and the refusal is in the timeline."""
    kalla.beslut["ref-112"] = object()
    _justera(motet.anna.user, motet)
    _justera(motet.bertil.user, motet)

    protokoll.refresh_from_db()
    assert protokoll.justerat_at is not None
    assert motet.sammantrade.handelser.filter(typ="beslut_ej_rapporterat").exists()
    assert not Beslutsrapport.objects.exists()


def test_a_justerat_protokoll_cannot_change(protokoll, motet):
    """GIVEN a justerat protokoll WHEN the meeting's service reports a change THEN refused."""
    _justera(motet.anna.user, motet)
    _justera(motet.bertil.user, motet)
    with pytest.raises(ValidationError, match="justerat"):
        innehall_andrat(motet.sammantrade, user=None, vad="test")
