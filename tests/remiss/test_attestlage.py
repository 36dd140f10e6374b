"""Who may attest: one rule (`attestlage.vantande_rundor`), kept in step with the round.

The rule (designated attestant or their deputy in the deputy's date window; never the author;
never twice) is one SQL filter. The policy's ATTESTANT relation and the attest inbox both read
it, so these tests ask both in every case and require the same answer. The filter stands on
`Attestrunda.vantar_pa`, the open step's attestant, which the attest services keep in step;
the data migration 0006 fills it for rounds that were under way.
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from nameden.models import Ersattare
from nameden.roles import Roll
from remiss import attestlage, policy, selectors
from remiss.models import Attestering, Attestrunda, Tjansteutlatande
from remiss.services.attestering import (
    attest_aterkalla,
    attest_godkann,
    attest_returnera,
    attest_skicka,
)
from remiss.workflow import Action
from tests.factories import UserFactory
from tests.remiss.attest_verktyg import andra_avsnitt

pytestmark = pytest.mark.django_db

migration_0006 = importlib.import_module("remiss.migrations.0006_attestrunda_vantar_pa")


def fresh(tu):
    return Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)


def runda_av(tu) -> Attestrunda:
    return Attestrunda.objects.filter(tjansteutlatande=tu).first()


def svar(user, tu) -> tuple[bool, bool, bool]:
    """(the rule, the policy, the inbox) on whether `user` may attest `tu` now."""
    tu = fresh(tu)
    regeln = attestlage.vantande_rundor(user).filter(tjansteutlatande=tu).exists()
    policyn = policy.allowed(user, Action.ATTESTERA, tu.remiss)
    inkorgen = tu.remiss in [rad.remiss for rad in selectors.att_attestera(user)]
    return regeln, policyn, inkorgen


JA = (True, True, True)
NEJ = (False, False, False)


# --- vantar_pa follows the round ---------------------------------------------------------------


def test_vantar_pa_follows_the_round_from_sending_to_the_last_approval(skickad, lisa, veronica):
    """GIVEN a round of Lisa then Veronica WHEN it is sent, Lisa approves, Veronica approves
    THEN it waits for Lisa, then for Veronica, then for no one; each move has a history row."""
    assert runda_av(skickad).vantar_pa == lisa

    attest_godkann(user=lisa, tu=skickad)
    assert runda_av(skickad).vantar_pa == veronica

    attest_godkann(user=veronica, tu=fresh(skickad))
    runda = runda_av(skickad)
    assert (runda.status, runda.vantar_pa) == (Attestrunda.Status.KLAR, None)
    assert [h.vantar_pa_id for h in runda.history.order_by("history_date", "history_id")] == [
        lisa.pk,
        veronica.pk,
        None,
    ]


def test_a_returned_round_waits_for_no_one(skickad, lisa):
    """GIVEN a round waiting for Lisa WHEN she returns it THEN it waits for no one."""
    attest_returnera(user=lisa, tu=skickad, kommentar="Korta ned.")

    assert runda_av(skickad).vantar_pa is None


def test_a_recalled_round_waits_for_no_one(skickad, karin):
    """GIVEN a round waiting for Lisa WHEN Karin recalls it THEN it waits for no one."""
    attest_aterkalla(user=karin, tu=skickad)

    assert runda_av(skickad).vantar_pa is None


def test_a_round_voided_by_an_edit_waits_for_no_one(skickad, karin):
    """GIVEN a round waiting for Lisa WHEN Karin edits the document and confirms THEN the
    round is voided and waits for no one."""
    andra_avsnitt(skickad, karin, "Ny bakgrund.", nyckel="bakgrund", bekraftat=True)

    assert runda_av(skickad).vantar_pa is None


# --- The rule, asked three ways ----------------------------------------------------------------


def test_only_the_designated_attestant_in_turn(skickad, lisa, veronica, karin, hugo, johan):
    """GIVEN a round waiting for Lisa WHEN each persona is asked THEN only Lisa may attest, by
    the rule, the policy and the inbox alike; Veronica's turn comes after Lisa's."""
    assert {u.username: svar(u, skickad) for u in (lisa, veronica, karin, hugo, johan)} == {
        "lisa": JA,
        "veronica": NEJ,
        "karin": NEJ,
        "hugo": NEJ,
        "johan": NEJ,
    }
    attest_godkann(user=lisa, tu=skickad)
    assert (svar(lisa, skickad), svar(veronica, skickad)) == (NEJ, JA)


def test_a_deputy_only_within_their_dates(skickad, lisa):
    """GIVEN Ulla deputises for Lisa WHEN her window is past, then current THEN she may
    attest only while it is current."""
    ulla = UserFactory(username="ulla", roll=Roll.AVDELNINGSCHEF, avdelning=lisa.avdelning)
    idag = timezone.localdate()
    Ersattare.objects.create(
        ordinarie=lisa,
        ersattare=ulla,
        fran=idag - dt.timedelta(days=30),
        till=idag - dt.timedelta(days=1),
    )
    assert svar(ulla, skickad) == NEJ

    Ersattare.objects.create(ordinarie=lisa, ersattare=ulla, fran=idag, till=idag)
    assert svar(ulla, skickad) == JA
    assert selectors.att_attestera(ulla)[0].som_ersattare


def test_a_deputy_from_tomorrow_may_not_attest_today(skickad, lisa):
    """GIVEN Ulla deputises for Lisa from tomorrow WHEN asked today THEN no."""
    ulla = UserFactory(username="ulla", roll=Roll.AVDELNINGSCHEF, avdelning=lisa.avdelning)
    Ersattare.objects.create(
        ordinarie=lisa, ersattare=ulla, fran=timezone.localdate() + dt.timedelta(days=1)
    )

    assert svar(ulla, skickad) == NEJ


def test_the_author_never_even_as_deputy(skickad, lisa, karin):
    """GIVEN Karin, who wrote the draft, is also Lisa's deputy WHEN asked THEN she may not
    attest her own draft."""
    Ersattare.objects.create(ordinarie=lisa, ersattare=karin, fran=dt.date(2020, 1, 1))

    assert svar(karin, skickad) == NEJ


def test_no_one_twice_even_as_deputy_for_the_next_step(skickad, lisa, veronica):
    """GIVEN Lisa deputises for Veronica WHEN Lisa has approved step 1 THEN she may not decide
    step 2 as deputy as well, while Veronica may."""
    Ersattare.objects.create(ordinarie=veronica, ersattare=lisa, fran=dt.date(2020, 1, 1))
    attest_godkann(user=lisa, tu=skickad)

    assert (svar(lisa, skickad), svar(veronica, skickad)) == (NEJ, JA)


def test_another_forvaltning_never_sees_a_round_even_if_named(skickad):
    """GIVEN a round whose deputy is an avdelningschef of another förvaltning WHEN they are
    asked THEN the rule names them, but neither the policy nor the inbox lets them in:
    visibility is the policy's, on top of the rule."""
    from nameden.roles import Roll
    from tests.factories import AvdelningFactory, ForvaltningFactory, UserFactory

    annan = AvdelningFactory(forvaltning=ForvaltningFactory(namn="Kulturförvaltningen"))
    chef = UserFactory(username="kulturchef", roll=Roll.AVDELNINGSCHEF, avdelning=annan)
    runda = runda_av(skickad)
    Ersattare.objects.create(
        ordinarie_id=runda.vantar_pa_id, ersattare=chef, fran=dt.date(2020, 1, 1)
    )

    assert svar(chef, skickad) == (True, False, False)


def test_the_inbox_filters_in_sql_not_in_python(skickad, lisa, karin, registrera, veronica):
    """GIVEN one round waiting for Lisa and many waiting for Veronica WHEN Lisa's inbox rounds
    are read THEN only hers are fetched from the database at all."""
    from remiss.services.arbetsflode import remiss_paborja_beredning
    from tests.conftest import fyll_i
    from tests.factories import stockholm_mall

    for i in range(3):
        remiss = registrera(avsandarens_diarienummer=f"KS 2024/{200 + i}")
        remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
        attest_skicka(user=karin, tu=fyll_i(remiss.tjansteutlatande, karin))
        attest_godkann(user=lisa, tu=fresh(remiss.tjansteutlatande))

    rundor = list(selectors.vantar_pa_attest(lisa))

    assert [r.tjansteutlatande_id for r in rundor] == [skickad.pk]
    assert Attestrunda.objects.filter(vantar_pa=veronica).count() == 3


# --- The data migration ------------------------------------------------------------------------


def _runda(tu, karin, kedja, status=Attestrunda.Status.PAGAR) -> Attestrunda:
    """A round as it was stored before migration 0006: without vantar_pa."""
    return Attestrunda.objects.create(
        tjansteutlatande=tu, kedja=kedja, status=status, skickad_av=karin, skickad_version=1
    )


def _godkand(runda, user, steg):
    Attestering.objects.create(
        runda=runda,
        steg=steg,
        roll="avdelningschef",
        attestant=user,
        namn=str(user),
        titel=user.titel,
        beslut=Attestering.Beslut.GODKAND,
        fingeravtryck="0" * 64,
        fingeravtryck_format="remiss-tu/1",
        version=1,
    )


def test_the_data_migration_fills_vantar_pa_for_rounds_under_way(tu, karin, lisa, veronica):
    """GIVEN rounds from before 0006: one with no decision, one with step 1 approved, one
    ended, one whose every step is decided WHEN the data step runs THEN the first two wait
    for Lisa and Veronica and the others for no one; and running it again changes nothing."""
    kedja = [
        {"roll": "avdelningschef", "attestant_id": lisa.pk},
        {"roll": "forvaltningschef", "attestant_id": veronica.pk},
    ]
    ny = _runda(tu, karin, kedja)
    halvvags = _runda(tu, karin, kedja)
    _godkand(halvvags, lisa, 1)
    klar = _runda(tu, karin, kedja, status=Attestrunda.Status.KLAR)
    _godkand(klar, lisa, 1)
    _godkand(klar, veronica, 2)
    beslutad = _runda(tu, karin, kedja[:1])
    _godkand(beslutad, lisa, 1)

    for _ in range(2):
        migration_0006.fyll_vantar_pa(django_apps, None)
        assert {r.pk: r.vantar_pa_id for r in Attestrunda.objects.filter(tjansteutlatande=tu)} == {
            ny.pk: lisa.pk,
            halvvags.pk: veronica.pk,
            klar.pk: None,
            beslutad.pk: None,
        }


def test_migration_0006_is_the_leaf_after_the_document_header():
    """GIVEN the migration graph WHEN 0006 is read THEN it follows 0005 and adds the column
    before filling it."""
    loader = MigrationLoader(connection)
    migration = loader.get_migration("remiss", "0006_attestrunda_vantar_pa")

    assert ("remiss", "0005_dokumenthuvud") in migration.dependencies
    assert [type(op).__name__ for op in migration.operations] == [
        "AddField",
        "AddField",
        "RunPython",
    ]
