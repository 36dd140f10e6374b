"""The last approval renders the final PDF before it takes the case's row locks.

Rendering and validating take 0.2-0.8 s; holding `las_arende` for that long made every other
change to the case queue behind it. The attest service now renders first, with no lock and
no transaction, and only stores the file under the locks once it has checked that the
document still reads with the fingerprint that was rendered.

The seam is the render itself (`remiss.services.slutversion.render_tjansteutlatande`): the
tests wrap it, the real render still runs, and they look at what holds while it runs.
"""

import hashlib
import threading

import pytest
from django.db import OperationalError, connection, transaction

from nameden.sparmanager import untracked_writes
from remiss.fingeravtryck import fingeravtryck_for
from remiss.models import Attestering, Attestrunda, Handelse, Remiss, Slutversion, Tjansteutlatande
from remiss.services import slutversion as slutversion_service
from remiss.services.attestering import InnehalletAndrat, attest_godkann, attest_godkann_i_las
from remiss.services.las import las_arende
from remiss.workflow import Status


def fresh(tu) -> Tjansteutlatande:
    return Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)


@pytest.fixture
def under_rendering(monkeypatch):
    """Run `medan()` (set by the test) while the final PDF renders; record every render with
    whether a transaction was open and the bytes it made."""
    renderingar: list[dict] = []
    original = slutversion_service.render_tjansteutlatande
    krok: dict = {"medan": None}

    def rendera(*args, **kwargs):
        rad = {"i_transaktion": connection.in_atomic_block}
        if krok["medan"] is not None:
            krok["medan"]()
        rendered = original(*args, **kwargs)
        rad["sha256"] = hashlib.sha256(rendered.pdf).hexdigest()
        renderingar.append(rad)
        return rendered

    monkeypatch.setattr(slutversion_service, "render_tjansteutlatande", rendera)
    krok["renderingar"] = renderingar
    return krok


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_approval_renders_with_no_transaction_open_and_stores_those_bytes(
    skickad, lisa, veronica, under_rendering
):
    """GIVEN a document Lisa has approved, waiting for Veronica's last step
    WHEN Veronica approves (from the attest page, with the fingerprint she read)
    THEN the final PDF is rendered once, while no transaction is open, and the stored final
    version is exactly the file that render made."""
    attest_godkann(user=lisa, tu=skickad)
    tu = fresh(skickad)
    attest_godkann(user=veronica, tu=tu, sett_fingeravtryck=fingeravtryck_for(tu))

    renderingar = under_rendering["renderingar"]
    assert [r["i_transaktion"] for r in renderingar] == [False]
    slutversion = Slutversion.objects.get()
    assert slutversion.sha256 == renderingar[0]["sha256"]
    with slutversion.fil.open("rb") as fil:
        assert hashlib.sha256(fil.read()).hexdigest() == slutversion.sha256
    assert fresh(skickad).remiss.status == Status.ATTESTERAD


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_while_the_last_approval_renders_another_transaction_takes_the_case_lock_at_once(
    skickad, lisa, veronica, under_rendering
):
    """GIVEN a document waiting for Veronica's last step (PostgreSQL: real row locks)
    WHEN, while her approval renders the final PDF, another connection takes `las_arende` on
    the same remiss with a 3 s lock timeout
    THEN it gets the lock without waiting (the approval holds no lock while rendering), and
    the approval still completes afterwards."""
    attest_godkann(user=lisa, tu=skickad)
    remiss_pk = skickad.remiss_id
    utfall: list[str] = []

    def ta_laset() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '3s'")
                las_arende(Remiss(pk=remiss_pk))
            utfall.append("fick låset")
        except OperationalError as exc:
            utfall.append(f"väntade: {exc}")
        finally:
            connection.close()

    def medan() -> None:
        trad = threading.Thread(target=ta_laset)
        trad.start()
        trad.join(timeout=30)
        utfall.append("renderar")

    under_rendering["medan"] = medan
    tu = fresh(skickad)
    attest_godkann(user=veronica, tu=tu, sett_fingeravtryck=fingeravtryck_for(tu))

    assert utfall == ["fick låset", "renderar"]
    assert Slutversion.objects.count() == 1
    assert fresh(skickad).remiss.status == Status.ATTESTERAD


@pytest.mark.django_db
@pytest.mark.parametrize("fran_sidan", [True, False], ids=["attestsidan", "utan-sida"])
def test_a_change_while_the_final_pdf_renders_records_nothing(
    skickad, lisa, veronica, under_rendering, fran_sidan
):
    """GIVEN a document waiting for Veronica's last step
    WHEN its text is changed (behind the app's back) while her approval renders the final PDF,
    whether she approves from the attest page (with the fingerprint she read) or a caller
    with no page does
    THEN the approval is refused with the Swedish "has changed" message and nothing is
    recorded: no approval, no final version, no event, the round still waits for her."""
    attest_godkann(user=lisa, tu=skickad)
    tu = fresh(skickad)
    sett = fingeravtryck_for(tu) if fran_sidan else None

    def medan() -> None:
        avsnitt = fresh(skickad).avsnitt
        avsnitt[1]["text"] = "Ändrat medan den slutliga PDF:en renderades."
        with untracked_writes("test: a change made while the final PDF renders"):
            Tjansteutlatande.objects.filter(pk=skickad.pk).update(avsnitt=avsnitt)

    under_rendering["medan"] = medan
    with pytest.raises(InnehalletAndrat, match="har ändrats sedan du öppnade det"):
        attest_godkann(user=veronica, tu=tu, sett_fingeravtryck=sett)

    assert len(under_rendering["renderingar"]) == 1
    assert list(Attestering.objects.values_list("attestant", flat=True)) == [lisa.pk]
    assert not Slutversion.objects.exists()
    assert not Handelse.objects.filter(typ="slutversion_skapad", remiss=skickad.remiss).exists()
    assert Handelse.objects.filter(typ="attest_godkand", remiss=skickad.remiss).count() == 1
    runda = Attestrunda.objects.get()
    assert (runda.status, runda.vantar_pa_id) == (Attestrunda.Status.PAGAR, veronica.pk)
    assert fresh(skickad).remiss.status == skickad.remiss.status


@pytest.mark.django_db
def test_a_file_rendered_for_other_lines_is_not_stored_but_rendered_again_under_the_lock(
    skickad, lisa, veronica, under_rendering
):
    """GIVEN a document waiting for Veronica's last step, and a file rendered beforehand for
    other "Attesterat av" lines (as when another chain's approval came in between)
    WHEN the locked step is handed that file
    THEN it does not store it: it renders again under the lock, and stores that render."""
    attest_godkann(user=lisa, tu=skickad)
    tu = fresh(skickad)
    fingeravtryck = fingeravtryck_for(tu)
    fel = slutversion_service.Forrendering(
        fingeravtryck=fingeravtryck,
        attester=(),
        skapad=tu.andrad_at,
        andrad=tu.andrad_at,
        pdf=b"%PDF-1.7 not this file",
        sidor=1,
    )
    attest_godkann_i_las(user=veronica, tu=tu, sett_fingeravtryck=fingeravtryck, forrendering=fel)

    renderingar = under_rendering["renderingar"]
    assert len(renderingar) == 1
    slutversion = Slutversion.objects.get()
    assert slutversion.sha256 == renderingar[0]["sha256"]
    assert slutversion.sha256 != hashlib.sha256(fel.pdf).hexdigest()
