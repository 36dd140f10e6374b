"""History: every domain model keeps django-simple-history, and the rows say what they must.

A received or finalised document is an allmän handling: its earlier states must stay readable.
"""

import pytest
from django.apps import apps

from remiss.models import Dokumentmall, MallAvsnitt, Remiss, Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.factories import NamndFactory

#: Models that deliberately keep no history, each documented on the model: the diarium's
#: counter (the numbers it hands out are recorded on each remiss), the append-only timeline,
#: a read receipt, and the handlingar packet's derived data: its part cache (made again from
#: the tracked handlingar at any time) and its progress counter (rewritten many times per
#: build; the outcome is on the tracked `Handlingspaket`).
UTAN_HISTORIK = {
    "remiss.Diarieserie",
    "remiss.Handelse",
    "remiss.SeddVersion",
    "nameden.Handlingsdel",
    "nameden.Paketframsteg",
}


def _domain_models() -> list[str]:
    return sorted(
        model._meta.label
        for app in ("nameden", "remiss")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    )


@pytest.mark.parametrize("label", [m for m in _domain_models() if m not in UTAN_HISTORIK], ids=str)
def test_domain_model_has_history(label):
    """GIVEN a domain model of nameden or remiss WHEN inspected THEN it is tracked by
    simple-history."""
    assert hasattr(apps.get_model(label), "history")


def test_the_exceptions_exist_and_really_have_no_history():
    """GIVEN the documented exceptions WHEN inspected THEN each is a model without history, so
    the list cannot silently outlive its reason."""
    for label in UTAN_HISTORIK:
        assert not hasattr(apps.get_model(label), "history"), label


def _skriv(tu, karin, text):
    tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=tu,
        nyckel="sammanfattning",
        text=text,
        bas_version=Tjansteutlatande.objects.get(pk=tu.pk).version,
    )


def test_tu_history_rows_are_full_snapshots(tu, karin):
    """GIVEN the Sammanfattning written twice WHEN version 2 is read from history THEN it holds
    the first text, and version 1 the empty one."""
    _skriv(tu, karin, "Första utkastet.")
    _skriv(tu, karin, "Andra utkastet.")

    def sammanfattning(version):
        row = tu.history.get(version=version)
        return next(a["text"] for a in row.avsnitt if a["nyckel"] == "sammanfattning")

    assert [sammanfattning(v) for v in (1, 2, 3)] == ["", "Första utkastet.", "Andra utkastet."]


def test_tu_history_snapshot_holds_every_section(tu, karin):
    """GIVEN a TU written once WHEN its earlier version is read THEN every section of the
    document is in that row, not only the changed one."""
    _skriv(tu, karin, "Första utkastet.")

    row = tu.history.get(version=1)
    assert [a["nyckel"] for a in row.avsnitt] == [a["nyckel"] for a in tu.avsnitt]


def test_remiss_history_tracks_the_namnder(registrera, socialnamnden, sof):
    """GIVEN a remiss for Socialnämnden WHEN Äldrenämnden is added THEN the newest history row
    lists both and the one before lists only Socialnämnden.

    No service changes nämnder yet, so the m2m is changed directly; simple-history records it
    through its m2m signal all the same.
    """
    remiss = registrera()
    aldre = NamndFactory(namn="Äldrenämnden", forvaltning=sof)

    remiss.namnder.add(aldre)

    nyast, forra = remiss.history.order_by("-history_date", "-history_id")[:2]
    assert sorted(n.namnd.namn for n in nyast.namnder.all()) == ["Socialnämnden", "Äldrenämnden"]
    assert [n.namnd.namn for n in forra.namnder.all()] == ["Socialnämnden"]


def test_history_user_is_the_person_not_the_request(remiss, maria):
    """GIVEN a remiss registered in a service call, outside any request WHEN its history is read
    THEN Maria is named, since services set the user themselves."""
    assert set(remiss.history.values_list("history_user", flat=True)) == {maria.pk}


def test_long_change_reason_is_shortened_to_fit_not_refused(remiss, karin):
    """GIVEN a mall whose name is 200 characters WHEN a beredning starts with it THEN the TU is
    created and its history reason is shortened to the column's 100 characters.

    simple-history stores the reason in a varchar(100); PostgreSQL refuses a longer value, so
    without shortening the whole beredning would fail on a long mall name or section heading.
    """
    mall = Dokumentmall.objects.create(namn="Mall " + "x" * 195, dokumenttyp="Tjänsteutlåtande")
    MallAvsnitt.objects.create(mall=mall, ordning=1, nyckel="sammanfattning", rubrik="Samman")

    remiss_paborja_beredning(user=karin, remiss=remiss, mall=mall)

    reason = Tjansteutlatande.objects.get(remiss=remiss).history.get().history_change_reason
    assert len(reason) == 100
    assert reason.startswith("Skapades från mallen ”Mall xxx")
    assert reason.endswith("…")


def test_short_change_reason_is_kept_whole(tu):
    """GIVEN the Stockholm mall's short name WHEN the TU's history is read THEN the reason is
    whole, with no ellipsis."""
    assert tu.history.get().history_change_reason == (
        "Skapades från mallen ”Stockholms stad – tjänsteutlåtande”"
    )


def test_every_remiss_history_row_has_a_reason(registrera, maria, hugo):
    """GIVEN a remiss registered and reassigned WHEN its history is read THEN no row lacks a
    reason."""
    from remiss.services.registrering import remiss_tilldela

    remiss = registrera()
    remiss_tilldela(user=maria, remiss=remiss, handlaggare=hugo)

    assert None not in Remiss.history.filter(id=remiss.pk).values_list(
        "history_change_reason", flat=True
    )
