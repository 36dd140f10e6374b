"""One lock order: every change to a case locks the remiss row first, then its document.

"Edit after attest" and "approve" used to lock the same two rows in opposite orders: the edit
path read the tjänsteutlåtande FOR UPDATE and only then (voiding the attest, moving the status)
the remiss; the approval locked the remiss and then the document. Two such transactions that
each got their first lock waited for each other's second until PostgreSQL killed one with
"deadlock detected" (a 500 for its user). `remiss.services.las.las_arende` now takes both,
remiss first, in every service; the PostgreSQL tests below build exactly the arrangement that
used to deadlock and show that both requests now complete, one after the other.

The threads need committed data and their own connections, hence `transaction=True`; with
`serialized_rollback=True` the rows the data migrations wrote (role groups, the Stockholm mall)
are restored after the flush that ends each such test.

The last test reads the services package and checks that each public atomic service that
changes a case starts with `las_arende`, so the order cannot quietly come undone.
"""

import ast
import threading
from pathlib import Path

import psycopg
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

import remiss.services
from nameden.models import User
from remiss import selectors
from remiss.fingeravtryck import fingeravtryck_for
from remiss.models import Attestering, Attestrunda, Handelse, Remiss, Slutversion, Tjansteutlatande
from remiss.services.attestering import KraverBekraftelse, attest_godkann
from remiss.services.tjansteutlatande import Konflikt, tjansteutlatande_spara_avsnitt
from remiss.workflow import Status, TransitionNotAllowed
from tests.lasko import vanta_tills_blockerade

NY_TEXT = "Staden har haft riktlinjer sedan 1980-talet."

#: What a refused request may raise: the user gets a clear message, never a 500.
VAGRAN = (PermissionDenied, ValidationError, KraverBekraftelse, TransitionNotAllowed, Konflikt)


def fresh(tu) -> Tjansteutlatande:
    return Tjansteutlatande.objects.select_related("remiss").get(pk=tu.pk)


@pytest.fixture
def vantar_pa_sista(skickad, lisa, veronica):
    """Lisa has attested; the document waits for Veronica, the last attestant."""
    attest_godkann(user=lisa, tu=skickad)
    return fresh(skickad)


# --- The harness: a held lock, two queued requests, one release -----------------------------


def _utfall(exc: BaseException) -> str:
    if isinstance(exc.__cause__, psycopg.errors.DeadlockDetected):
        return "deadlock"
    if isinstance(exc, VAGRAN):
        return f"refused: {exc}"
    return f"error: {exc!r}"


def _i_ko(remiss: Remiss, **jobb) -> dict[str, object]:
    """Hold `remiss`'s row lock (a third connection: this thread's), start each job in its
    own thread in the given order, wait until each queues behind the lock before starting the
    next, release, and return each job's outcome ("ok", its return value, or what it raised).
    """
    utfall: dict[str, object] = {}

    def kor(namn, fn):
        try:
            utfall[namn] = fn()
        except Exception as exc:
            utfall[namn] = _utfall(exc)
        finally:
            connection.close()

    tradar = []
    with transaction.atomic():
        Remiss.objects.select_for_update().get(pk=remiss.pk)
        for antal, (namn, fn) in enumerate(jobb.items(), start=1):
            trad = threading.Thread(target=kor, args=(namn, fn), name=namn)
            trad.start()
            tradar.append(trad)
            vanta_tills_blockerade(antal, trad=trad)
    # Committed: the lock is released and the queued requests run, first come first served.
    for trad in tradar:
        trad.join(timeout=120)
        assert not trad.is_alive(), f"{trad.name} still waits: a lock is never released"
    return utfall


def _assert_godkand_och_sedan_upphavd(tu, *, karin, veronica) -> None:
    """The approval went first (it queued first): it attested the document and stored the
    final PDF; then the confirmed edit voided it all and superseded that PDF."""
    tu = fresh(tu)
    assert tu.remiss.status == Status.UNDER_BEREDNING
    assert next(a for a in tu.avsnitt if a["nyckel"] == "bakgrund")["text"] == NY_TEXT
    godkannanden = Attestering.objects.filter(beslut=Attestering.Beslut.GODKAND)
    assert godkannanden.count() == 2
    assert all(a.ogiltig_at is not None for a in godkannanden)
    assert Attestering.objects.get(attestant=veronica).ogiltig_orsak == (
        "innehållet ändrades efter attest"
    )
    assert Attestrunda.objects.get().status == Attestrunda.Status.UPPHAVD
    slutversion = Slutversion.objects.get()
    assert slutversion.upphavd_at is not None
    assert slutversion.upphavd_av == karin
    assert selectors.gallande_slutversion(tu) is None
    typer = list(
        Handelse.objects.filter(
            remiss=tu.remiss,
            typ__in=[
                "attest_godkand",
                "slutversion_skapad",
                "slutversion_upphavd",
                "attest_upphavd",
            ],
        )
        .order_by("tidpunkt", "id")
        .values_list("typ", flat=True)
    )
    assert typer == [
        "attest_godkand",
        "attest_godkand",
        "slutversion_skapad",
        "slutversion_upphavd",
        "attest_upphavd",
    ]


# --- Through the services -------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_edit_after_attest_and_last_approval_both_complete_without_deadlock(
    vantar_pa_sista, karin, veronica
):
    """GIVEN the document waits for Veronica, the last attestant, and a third connection holds
    the remiss row lock
    WHEN Veronica's approval queues on that lock, then Karin's confirmed edit of a section
    queues too, and the lock is released
    THEN both complete, one after the other: the approval attests the document and stores its
    final PDF, the edit voids the attest and supersedes that PDF. No deadlock, no error.

    This is the arrangement that deadlocked before `las_arende`: the edit took the document's
    lock while the approval waited for the remiss, then waited for the remiss itself; once the
    remiss was free the approval took it and waited for the document: each held what the
    other needed."""
    tu = vantar_pa_sista

    def godkann():
        attest_godkann(user=User.objects.get(pk=veronica.pk), tu=fresh(tu))
        return "ok"

    def redigera():
        doc = fresh(tu)
        tjansteutlatande_spara_avsnitt(
            user=User.objects.get(pk=karin.pk),
            tu=doc,
            nyckel="bakgrund",
            text=NY_TEXT,
            bas_version=doc.version,
            bekraftat=True,
        )
        return "ok"

    utfall = _i_ko(tu.remiss, godkann=godkann, redigera=redigera)

    assert utfall == {"godkann": "ok", "redigera": "ok"}
    _assert_godkand_och_sedan_upphavd(tu, karin=karin, veronica=veronica)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_old_lock_order_deadlocks_in_this_arrangement(vantar_pa_sista, veronica):
    """GIVEN the same arrangement WHEN the second transaction locks in the old edit path's
    order (document first, then remiss) THEN PostgreSQL detects a deadlock and kills one of
    the two.

    Proves the harness above really builds the deadlock it claims to rule out: were the edit
    path to lock in the old order again, the test above would fail the same way."""
    tu = vantar_pa_sista

    def godkann():
        attest_godkann(user=User.objects.get(pk=veronica.pk), tu=fresh(tu))
        return "ok"

    def gammal_ordning():
        with transaction.atomic():
            Tjansteutlatande.objects.select_for_update().get(pk=tu.pk)
            Remiss.objects.select_for_update().get(pk=tu.remiss_id)
        return "ok"

    utfall = _i_ko(tu.remiss, godkann=godkann, gammal_ordning=gammal_ordning)

    assert sorted(utfall.values()) == ["deadlock", "ok"], utfall


# --- Through the HTTP views -----------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_pair_through_the_views_answers_no_500(vantar_pa_sista, karin, veronica):
    """GIVEN the same arrangement WHEN Veronica presses "Attestera" and Karin saves a section
    with the confirmation ticked, both queued behind the remiss lock
    THEN both requests answer with a redirect (their success pages), neither with a 500, and
    the case ends as in the service test."""
    tu = vantar_pa_sista
    remiss_pk = tu.remiss_id
    veronica_klient, karin_klient = Client(), Client()
    veronica_klient.force_login(veronica)
    karin_klient.force_login(karin)

    # What Veronica's attest page showed her: the content before Karin's edit.
    sett = fingeravtryck_for(tu)

    def godkann():
        response = veronica_klient.post(
            reverse("remiss:attest", args=[remiss_pk]),
            {"beslut": "godkann", "fingeravtryck": sett},
        )
        return response.status_code, response.get("Location")

    def redigera():
        response = karin_klient.post(
            reverse("remiss:tu_avsnitt", args=[remiss_pk, "bakgrund"]),
            {"bas_version": tu.version, "text": NY_TEXT, "bekraftat": "on"},
        )
        return response.status_code, response.get("Location")

    utfall = _i_ko(tu.remiss, godkann=godkann, redigera=redigera)

    assert utfall == {
        "godkann": (302, reverse("remiss:inkorg")),
        "redigera": (302, reverse("remiss:tu", args=[remiss_pk])),
    }
    _assert_godkand_och_sedan_upphavd(tu, karin=karin, veronica=veronica)


# --- Every service takes the lock first -----------------------------------------------------

SERVICES = Path(remiss.services.__file__).parent

#: Public atomic services that change no existing case, and why.
UTAN_ARENDE = {
    "registrering.remiss_registrera": "creates the case: there is no row to lock yet",
}
#: Services that change a sammanträde's list too: the one order across both sides is the
#: sammanträde row first, then the case, as when the committee side reports a beslut from a
#: justering it holds the sammanträde for (nameden.services.las, then las_arende).
SAMMANTRADE_FORST = {
    "namnd.remiss_anmal_till_sammantrade": "puts the case on a nämnd's list",
}


def _ar_atomic(decorator: ast.expr) -> bool:
    if isinstance(decorator, ast.Call):
        decorator = decorator.func
    name = decorator.attr if isinstance(decorator, ast.Attribute) else getattr(decorator, "id", "")
    return name == "atomic"


def _anropsnamn(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _argumentkontroll(namn: str) -> bool:
    """A call a service may make before `las_arende`, to check its own arguments: a string
    method, or building a value (an exception, an enum member: a class, so capitalised)."""
    return namn in {"strip", "split"} or namn[:1].isupper()


def _validering(call: ast.Call) -> bool:
    """`validering.…(…)`: checking the arguments' text or dates, before anything is read."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id == "validering"
    )


def _moduler() -> dict[str, dict[str, ast.FunctionDef]]:
    return {
        path.stem: {
            node.name: node
            for node in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(node, ast.FunctionDef)
        }
        for path in sorted(SERVICES.glob("*.py"))
    }


MODULER = _moduler()
TJANSTER = {
    f"{modul}.{namn}": node
    for modul, funktioner in MODULER.items()
    for namn, node in funktioner.items()
    if not namn.startswith("_") and any(_ar_atomic(d) for d in node.decorator_list)
}


def _forsta_anrop(modul: str, funktion: ast.FunctionDef) -> str | None:
    """The first call, in statement order, that is not an argument check; a call to a private
    helper of the same module is followed into that helper."""
    for statement in funktion.body:
        anrop = [n for n in ast.walk(statement) if isinstance(n, ast.Call)]
        for call in sorted(anrop, key=lambda n: (n.lineno, n.col_offset)):
            namn = _anropsnamn(call)
            if _argumentkontroll(namn) or _validering(call):
                continue
            hjalpare = MODULER[modul].get(namn)
            if namn.startswith("_") and hjalpare is not None and hjalpare is not funktion:
                return _forsta_anrop(modul, hjalpare)
            return namn
    return None


def test_the_services_are_found():
    """GIVEN the services package WHEN it is read THEN the known case-changing services are
    among those checked below (so the check cannot pass by finding nothing)."""
    for namn in (
        "attestgodkannande.attest_godkann_i_las",
        "attestering.attest_aterkalla",
        "attestering.upphav_attest",
        "tjansteutlatande.tjansteutlatande_spara_avsnitt",
        "beredning.beredningssteg_lagg_till",
        "bilagor.bilaga_ladda_upp",
        "slutversion.slutversion_skapa",
        "arbetsflode.remiss_avskriva",
    ):
        assert namn in TJANSTER


@pytest.mark.parametrize("namn", sorted(SAMMANTRADE_FORST))
def test_a_service_that_changes_a_list_too_locks_the_sammantrade_then_the_case(namn):
    """GIVEN a service that changes a nämnd's list and a case WHEN its body is read THEN it
    locks the sammanträde first and the case right after: the order the committee side keeps
    when it reports a beslut, so the two never wait on each other in a circle."""
    modul = namn.split(".")[0]
    anrop = [
        _anropsnamn(n)
        for statement in TJANSTER[namn].body
        for n in sorted(
            (n for n in ast.walk(statement) if isinstance(n, ast.Call)),
            key=lambda n: (n.lineno, n.col_offset),
        )
    ]
    lasningar = [a for a in anrop if a in {"las_sammantrade", "las_arende"}]
    assert lasningar[:2] == ["las_sammantrade", "las_arende"]
    assert _forsta_anrop(modul, TJANSTER[namn]) == "las_sammantrade"


@pytest.mark.parametrize("namn", sorted(set(TJANSTER) - set(UTAN_ARENDE) - set(SAMMANTRADE_FORST)))
def test_every_service_that_changes_a_case_calls_las_arende_first(namn):
    """GIVEN a public @transaction.atomic service in remiss/services WHEN its body is read
    THEN the first thing it calls, after checking its own arguments, is `las_arende`: every
    transaction queues on the remiss row before it reads or locks anything else of the case."""
    modul = namn.split(".")[0]
    assert _forsta_anrop(modul, TJANSTER[namn]) == "las_arende"
