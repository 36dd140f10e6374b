"""The committee side drives a remiss through `nameden.arendekallor`: each nämnd's beslut and
expediering, the registry address to send to, avslut on a user's behalf. No signals: one
registered källa, called by name, with the ärende's referens "<remiss>:<nämnd>".
"""

import pytest
from django.core.exceptions import ImproperlyConfigured

from nameden import arendekallor
from nameden.arendekallor import ArendeSaknas, StegetGarInte, kalla_for
from nameden.models import Arende, Namnd
from remiss import namndkoppling
from remiss.models import Namndbehandling, Remiss
from remiss.workflow import Status
from tests.remiss.namnd_verktyg import (
    REGISTRATUR,
    anmal,
    attestera,
    beslut,
    expediering,
    mote,
)

pytestmark = pytest.mark.django_db

BESLUT = beslut()


@pytest.fixture
def attesterad(registrera, karin, lisa, veronica) -> Remiss:
    """An attested remiss answered by Socialnämnden, with the sender's registry address."""
    return attestera(registrera(avsandare_epost=REGISTRATUR), karin, lisa, veronica)


@pytest.fixture
def anmald(attesterad, johan, socialnamnden) -> Remiss:
    anmal(johan, attesterad, mote(johan, socialnamnden))
    return attesterad


def _status(remiss) -> Status:
    return Remiss.objects.get(pk=remiss.pk).status


def test_remiss_is_registered_as_a_kalla_when_the_app_starts():
    """GIVEN the apps are loaded WHEN the committee side asks for the källa "remiss" THEN it
    is remiss's implementation, and it has every method of the contract."""
    kalla = kalla_for("remiss")

    assert kalla is namndkoppling.KALLA
    assert isinstance(kalla, arendekallor.Arendekalla)
    assert "remiss" in arendekallor.registrerade()


def test_the_anmalda_arende_is_decided_and_expedited_through_the_interface(
    anmald, johan, maria, socialnamnden
):
    """GIVEN a remiss anmäld to Socialnämnden WHEN the committee side reports the beslut and
    the expediering under the ärende's referens THEN the remiss is beslutad, then besvarad,
    each step saved with history naming the sekreterare; the registrator then closes it
    through the interface too, on her own behalf."""
    kalla = kalla_for("remiss")
    (arende,) = Arende.objects.filter(kalla="remiss")
    assert arende.referens == namndkoppling.referens_for(anmald, socialnamnden)

    kalla.beslut_fattat(arende.referens, beslut=BESLUT, av=johan)
    assert _status(anmald) == Status.BESLUTAD
    kalla.expedierat(arende.referens, expediering=expediering(), av=johan)
    assert _status(anmald) == Status.BESVARAD
    kalla.avslutat(arende.referens, av=maria)
    assert _status(anmald) == Status.AVSLUTAD

    historik = list(anmald.history.order_by("-history_date", "-history_id")[:3])
    assert [(h.status, h.history_user, h.history_change_reason) for h in historik] == [
        (Status.AVSLUTAD, maria, "Avsluta ärendet: Besvarad → Avslutad"),
        (Status.BESVARAD, johan, "Expediera svaret: Beslutad → Besvarad"),
        (Status.BESLUTAD, johan, "Registrera nämndens beslut: Attesterad → Beslutad"),
    ]
    assert Namndbehandling.objects.get(remiss=anmald).status == Namndbehandling.Status.EXPEDIERAD


def test_a_plain_reference_names_the_only_answering_namnd(anmald):
    """GIVEN a remiss answered by one nämnd WHEN a beslut is reported under the plain
    "<remiss>" reference THEN it is that nämnd's, by the system (no user named)."""
    kalla_for("remiss").beslut_fattat(namndkoppling.referens_for(anmald), beslut=BESLUT)

    assert _status(anmald) == Status.BESLUTAD
    assert anmald.history.order_by("-history_date").first().history_user is None
    assert anmald.handelser.get(typ="namnd_beslut").anvandare is None


def test_mottagare_is_the_senders_registry_address(anmald, registrera, socialnamnden):
    """GIVEN one remiss registered with the sender's registry address and one without WHEN the
    committee side asks whom to expediera to THEN the address, or nothing."""
    utan = registrera()
    kalla = kalla_for("remiss")

    assert kalla.mottagare(namndkoppling.referens_for(anmald, socialnamnden)) == (REGISTRATUR,)
    assert kalla.mottagare(namndkoppling.referens_for(utan, socialnamnden)) == ()


def test_a_step_out_of_order_is_refused_in_the_interface_s_terms(anmald, johan, socialnamnden):
    """GIVEN an anmäld remiss WHEN the committee side reports it expedierat before any beslut
    THEN StegetGarInte with a Swedish sentence, and nothing changes."""
    fore = anmald.history.count()

    with pytest.raises(StegetGarInte) as exc:
        kalla_for("remiss").expedierat(
            namndkoppling.referens_for(anmald, socialnamnden), expediering=expediering(), av=johan
        )

    assert str(exc.value) == (
        "Socialnämndens beslut är inte registrerat, så det finns inget att expediera än."
    )
    assert (_status(anmald), anmald.history.count()) == (Status.ATTESTERAD, fore)


def test_a_remiss_still_in_beredning_cannot_be_decided(tu, johan, socialnamnden):
    """GIVEN a remiss under beredning WHEN a beslut is reported THEN refused: only an attested
    tjänsteutlåtande anmäld to the nämnd can be decided."""
    with pytest.raises(StegetGarInte):
        kalla_for("remiss").beslut_fattat(
            namndkoppling.referens_for(tu.remiss, socialnamnden), beslut=BESLUT, av=johan
        )

    assert _status(tu.remiss) == Status.UNDER_BEREDNING


@pytest.mark.parametrize("vem", [None, "johan"])
def test_the_committee_side_cannot_close_a_remiss_on_its_own(request, anmald, johan, vem):
    """GIVEN a besvarad remiss WHEN the committee side reports it closed by the system or by
    the nämndsekreterare THEN StegetGarInte: the registrator or the handläggare closes it."""
    kalla = kalla_for("remiss")
    referens = namndkoppling.referens_for(anmald)
    kalla.beslut_fattat(referens, beslut=BESLUT, av=johan)
    kalla.expedierat(referens, expediering=expediering(), av=johan)

    with pytest.raises(StegetGarInte, match="registratorn eller handläggaren"):
        kalla.avslutat(referens, av=request.getfixturevalue(vem) if vem else None)

    assert _status(anmald) == Status.BESVARAD


def test_a_reference_to_a_namnd_that_does_not_answer_is_arende_saknas(anmald, sof):
    """GIVEN a remiss answered by Socialnämnden WHEN a beslut is reported for another nämnd's
    reference, or a plain reference for a remiss several nämnder answer THEN ArendeSaknas."""
    annan = Namnd.objects.create(namn="Kulturnämnden", forvaltning=sof)
    with pytest.raises(ArendeSaknas):
        kalla_for("remiss").beslut_fattat(namndkoppling.referens_for(anmald, annan), beslut=BESLUT)
    anmald.namnder.add(annan)
    with pytest.raises(ArendeSaknas):
        kalla_for("remiss").beslut_fattat(namndkoppling.referens_for(anmald), beslut=BESLUT)


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
        def expedierat(self, referens, *, expediering, av=None): ...
        def mottagare(self, referens): ...
        def avslutat(self, referens, *, av=None): ...

    with pytest.raises(ImproperlyConfigured):
        arendekallor.registrera("remiss", Annan())
    with pytest.raises(ImproperlyConfigured):
        arendekallor.registrera("tom", object())

    arendekallor.registrera("remiss", namndkoppling.KALLA)  # again, the same: harmless
    assert kalla_for("remiss") is namndkoppling.KALLA
    assert "tom" not in arendekallor.registrerade()
