"""Edges of the one rule of who may attest (`attestlage.vantande_rundor`).

A deputy who is also named for a later step of the same round, or who lacks the attest
permission, is not offered the step: the inbox, the policy and the service all ask the same
rule, so the round can always be finished by someone.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from nameden.models import Ersattare
from remiss import attestlage, selectors
from remiss.models import Attestrunda, Tjansteutlatande
from remiss.services.attestering import attest_godkann
from remiss.workflow import Status

pytestmark = pytest.mark.django_db


def _ersatter(ordinarie, ersattare):
    Ersattare.objects.create(ordinarie=ordinarie, ersattare=ersattare, fran=dt.date(2020, 1, 1))


def _fresh(tu):
    return Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)


def test_a_deputy_named_for_a_later_step_is_not_offered_an_earlier_one(skickad, lisa, veronica):
    """GIVEN Veronica is Lisa's deputy and the förvaltningschef of step 2 of the same round
    WHEN step 1 waits
    THEN Veronica is not offered step 1 (inbox, policy and service agree), Lisa is; and once
    Lisa has approved, Veronica decides her own step and the round completes."""
    _ersatter(lisa, veronica)

    assert selectors.att_attestera(veronica) == []
    assert not attestlage.far_attestera(veronica, _fresh(skickad).remiss)
    with pytest.raises(PermissionDenied):
        attest_godkann(user=veronica, tu=_fresh(skickad))
    assert [rad.remiss.pk for rad in selectors.att_attestera(lisa)] == [skickad.remiss_id]

    attest_godkann(user=lisa, tu=_fresh(skickad))
    assert [rad.remiss.pk for rad in selectors.att_attestera(veronica)] == [skickad.remiss_id]
    attest_godkann(user=veronica, tu=_fresh(skickad))

    assert _fresh(skickad).remiss.status == Status.ATTESTERAD
    assert Attestrunda.objects.get().status == Attestrunda.Status.KLAR


def test_a_deputy_without_the_attest_permission_is_shown_nothing(skickad, lisa, johan):
    """GIVEN Johan (nämndsekreterare, no attest permission) is set as Lisa's deputy
    WHEN step 1 waits THEN his inbox is empty and he may not attest it."""
    _ersatter(lisa, johan)

    assert selectors.att_attestera(johan) == []
    assert not attestlage.far_attestera(johan, _fresh(skickad).remiss)


def test_a_deputy_outside_the_chain_is_offered_the_step(skickad, lisa, stab):
    """GIVEN another avdelningschef outside the chain is Lisa's deputy WHEN step 1 waits
    THEN the deputy is offered it (the exclusion above is only for people in the chain)."""
    from nameden.roles import Roll
    from tests.factories import UserFactory

    annan = UserFactory(username="annan", roll=Roll.AVDELNINGSCHEF, avdelning=stab)
    _ersatter(lisa, annan)

    [rad] = selectors.att_attestera(annan)
    assert rad.som_ersattare
    assert attestlage.far_attestera(annan, _fresh(skickad).remiss)
