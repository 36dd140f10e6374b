"""The committee side drives a remiss through `nameden.arendekallor`: beslut, expediering,
avslut. No signals, no permission in the remiss policy: one registered källa, called by name.
"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from nameden import arendekallor
from nameden.arendekallor import ArendeSaknas, Beslut, Beslutsslag, StegetGarInte, kalla_for
from remiss import namndkoppling
from remiss.models import Remiss
from remiss.services.attestering import attest_godkann
from remiss.workflow import Status

pytestmark = pytest.mark.django_db

BESLUT = Beslut(
    slag=Beslutsslag.BIFALL,
    text="Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
)


@pytest.fixture
def attesterad(skickad, lisa, veronica) -> Remiss:
    """A remiss whose tjänsteutlåtande Lisa and Veronica have attested."""
    attest_godkann(user=lisa, tu=skickad)
    skickad.refresh_from_db()
    attest_godkann(user=veronica, tu=skickad)
    return Remiss.objects.get(pk=skickad.remiss_id)


def _status(remiss) -> Status:
    return Remiss.objects.get(pk=remiss.pk).status


def test_remiss_is_registered_as_a_kalla_when_the_app_starts():
    """GIVEN the apps are loaded WHEN the committee side asks for the källa "remiss" THEN it
    is remiss's implementation, and it has every method of the contract."""
    kalla = kalla_for("remiss")

    assert kalla is namndkoppling.KALLA
    assert isinstance(kalla, arendekallor.Arendekalla)
    assert "remiss" in arendekallor.registrerade()


def test_attested_remiss_is_decided_expedited_and_closed_through_the_interface(attesterad, johan):
    """GIVEN an attested remiss WHEN the committee side reports beslut, expediering and
    avslut through kalla_for("remiss") THEN it moves beslutad → besvarad → avslutad, each step
    saved with history naming the sekreterare and recorded in the timeline with the decision's
    kind and wording."""
    kalla = kalla_for("remiss")
    referens = namndkoppling.referens_for(attesterad)

    kalla.beslut_fattat(referens, beslut=BESLUT, av=johan)
    assert _status(attesterad) == Status.BESLUTAD
    kalla.expedierat(referens, av=johan)
    assert _status(attesterad) == Status.BESVARAD
    kalla.avslutat(referens, av=johan)
    assert _status(attesterad) == Status.AVSLUTAD

    historik = list(attesterad.history.order_by("-history_date", "-history_id")[:3])
    assert [(h.status, h.history_user, h.history_change_reason) for h in historik] == [
        (Status.AVSLUTAD, johan, "Avsluta ärendet: Besvarad → Avslutad"),
        (Status.BESVARAD, johan, "Expediera svaret: Beslutad → Besvarad"),
        (Status.BESLUTAD, johan, "Registrera nämndens beslut: Attesterad → Beslutad"),
    ]
    beslut = attesterad.handelser.get(typ="beslut_fattat")
    assert (beslut.text, beslut.kommentar, beslut.anvandare) == (
        "Nämndens beslut: bifall till förvaltningens förslag.",
        BESLUT.text,
        johan,
    )
    assert [h.text for h in attesterad.handelser.filter(typ="status").order_by("id")][-3:] == [
        "Status ändrades från ”Attesterad” till ”Beslutad”.",
        "Status ändrades från ”Beslutad” till ”Besvarad”.",
        "Status ändrades från ”Besvarad” till ”Avslutad”.",
    ]


def test_the_system_itself_may_take_the_steps(attesterad):
    """GIVEN an attested remiss WHEN the committee side reports the beslut with no user THEN it
    is beslutad, and history and timeline name no one ("Systemet" on the page)."""
    kalla_for("remiss").beslut_fattat(namndkoppling.referens_for(attesterad), beslut=BESLUT)

    assert _status(attesterad) == Status.BESLUTAD
    assert attesterad.history.order_by("-history_date").first().history_user is None
    assert attesterad.handelser.get(typ="beslut_fattat").anvandare is None


def test_a_step_out_of_order_is_refused_in_the_interface_s_terms(attesterad, johan):
    """GIVEN an attested remiss WHEN the committee side reports it expedierat before any beslut
    THEN StegetGarInte with the workflow's Swedish sentence, and nothing changes."""
    fore = attesterad.history.count()

    with pytest.raises(StegetGarInte) as exc:
        kalla_for("remiss").expedierat(namndkoppling.referens_for(attesterad), av=johan)

    assert str(exc.value) == "”Expediera svaret” går inte när remissen har status ”attesterad”."
    assert (_status(attesterad), attesterad.history.count()) == (Status.ATTESTERAD, fore)


def test_a_remiss_still_in_beredning_cannot_be_decided(tu, johan):
    """GIVEN a remiss under beredning WHEN a beslut is reported THEN refused: only an attested
    tjänsteutlåtande goes to the nämnd."""
    with pytest.raises(StegetGarInte):
        kalla_for("remiss").beslut_fattat(
            namndkoppling.referens_for(tu.remiss), beslut=BESLUT, av=johan
        )

    assert _status(tu.remiss) == Status.UNDER_BEREDNING


@pytest.mark.parametrize("referens", ["999999", "inte-ett-nummer", ""])
def test_an_unknown_reference_is_arende_saknas(referens):
    """GIVEN no remiss with the reference WHEN the committee side reports on it THEN
    ArendeSaknas (a LookupError), not a crash."""
    with pytest.raises(ArendeSaknas):
        kalla_for("remiss").avslutat(referens)


def test_an_unknown_kalla_is_a_lookup_error():
    """GIVEN no källa called "motion" WHEN the committee side asks for it THEN LookupError."""
    with pytest.raises(LookupError, match="motion"):
        kalla_for("motion")


def test_a_second_different_kalla_under_a_taken_name_is_refused():
    """GIVEN "remiss" is registered WHEN something else registers under the same name, or an
    object without the contract's methods is registered THEN ImproperlyConfigured, and the
    registered källa stays."""

    class Annan:
        def beslut_fattat(self, referens, *, beslut, av=None): ...
        def expedierat(self, referens, *, av=None): ...
        def avslutat(self, referens, *, av=None): ...

    with pytest.raises(ImproperlyConfigured):
        arendekallor.registrera("remiss", Annan())
    with pytest.raises(ImproperlyConfigured):
        arendekallor.registrera("tom", object())

    arendekallor.registrera("remiss", namndkoppling.KALLA)  # again, the same: harmless
    assert kalla_for("remiss") is namndkoppling.KALLA
    assert "tom" not in arendekallor.registrerade()
