"""Documents and mall files: a replaced mall never changes a written document, and the
shipped Stockholm file gives exactly the reference document.
"""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings

from remiss import attestlage, mallfil, pdf, selectors
from remiss.demo.seed import seed_demo
from remiss.dokument import dokument_for
from remiss.fingeravtryck import fingeravtryck_for
from remiss.mallfil_import import mallfil_importera
from remiss.models import Dokumentmall, Remiss, Tjansteutlatande
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.attestering import attest_godkann
from tests.reference import las_referens
from tests.remiss.pdf_verktyg import REFERENS_ATTESTER, sidtexter

pytestmark = pytest.mark.django_db

MALLAR = Path(__file__).resolve().parents[2] / "remiss" / "mallar"
STOCKHOLM = "Stockholms stad – tjänsteutlåtande"
#: The dates test_pdf renders the reference with, so that two renders can be compared.
SKAPAD = dt.date(2024, 4, 2)
ANDRAD = dt.datetime(2024, 4, 10, 15, 42, 7, tzinfo=dt.UTC)


def _las(namn: str) -> dict:
    return json.loads((MALLAR / namn).read_text(encoding="utf-8"))


def _importera(data: dict, **kwargs):
    return mallfil_importera(data=mallfil.las(json.dumps(data, ensure_ascii=False)), **kwargs)


def _ersattning() -> dict:
    """Another mall under Stockholm's name: other document type, headings and sections."""
    data = _las("tjansteskrivelse.json") | {"namn": STOCKHOLM}
    data["avsnitt"][1]["rubrik"] = "Kort sammanfattning"
    return data


def test_replacing_a_mall_leaves_an_attested_document_exactly_as_it_was(skickad, lisa, veronica):
    """GIVEN a document made from the Stockholm mall and attested by both WHEN the mall is
    replaced from a file with --ersatt THEN the document's content, fingerprint, PDF text
    and attestation are unchanged; only a document created afterwards follows the new mall."""
    attest_godkann(user=lisa, tu=skickad)
    attest_godkann(user=veronica, tu=skickad)
    tu = Tjansteutlatande.objects.get(pk=skickad.pk)
    fore = (dokument_for(tu), fingeravtryck_for(tu), sidtexter(pdf.tjansteutlatande_pdf(tu).pdf))
    assert attestlage.ar_attesterad(tu)

    resultat = _importera(_ersattning(), ersatt=True)

    tu = Tjansteutlatande.objects.get(pk=skickad.pk)
    assert resultat.mall.pk == tu.mall_id  # the same mall row, now saying something else
    efter = (dokument_for(tu), fingeravtryck_for(tu), sidtexter(pdf.tjansteutlatande_pdf(tu).pdf))
    assert efter == fore
    assert attestlage.ar_attesterad(tu)
    assert "Förvaltningens synpunkter och förslag" in " ".join(efter[2])


def test_a_document_created_after_the_replacement_follows_the_new_mall(registrera, karin):
    _importera(_ersattning(), ersatt=True)
    remiss = registrera(avsandarens_diarienummer="KS 2024/200")

    remiss_paborja_beredning(
        user=karin, remiss=remiss, mall=Dokumentmall.objects.get(namn=STOCKHOLM)
    )

    dokument = dokument_for(Tjansteutlatande.objects.get(remiss=remiss))
    assert dokument.dokumenttyp == "Tjänsteskrivelse"
    assert [a.rubrik for a in dokument.avsnitt][:2] == [
        "Förslag till beslut",
        "Kort sammanfattning",
    ]


def _demo_pdf(tmp_path, *, fore_seed=None) -> tuple:
    """seed_demo's KS 2024/112 rendered as test_pdf renders it, inside a rolled-back
    transaction; `fore_seed` runs first (to import a mall file)."""
    storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    storage["OPTIONS"] = {"location": tmp_path / "privat"}
    with override_settings(STORAGES={"default": storage}), transaction.atomic():
        if fore_seed:
            fore_seed()
        remiss = seed_demo()
        tu = selectors.tjansteutlatande_for(remiss.handlaggare, remiss.pk)
        dokument = dokument_for(tu)
        rendered = pdf.render_tjansteutlatande(
            dokument,
            attester=REFERENS_ATTESTER,
            utkast=False,
            skapad=SKAPAD,
            andrad=ANDRAD,
        )
        fingeravtryck = fingeravtryck_for(tu)
        transaction.set_rollback(True)
    return dokument, fingeravtryck, rendered.pdf


def test_the_shipped_stockholm_file_gives_exactly_the_reference_document(tmp_path):
    """GIVEN the Stockholm mall replaced by importing stockholm-tjansteutlatande.json WHEN
    seed_demo creates KS 2024/112 from it THEN the document, its fingerprint and its PDF are
    byte for byte what the migration's mall gives, and its sections are the reference's."""
    fil = (MALLAR / "stockholm-tjansteutlatande.json").read_text("utf-8")

    def importera():
        mallfil_importera(data=mallfil.las(fil), ersatt=True, kalla="stockholm.json")

    utan = _demo_pdf(tmp_path / "a")
    med = _demo_pdf(tmp_path / "b", fore_seed=importera)

    assert med[0] == utan[0] and med[1] == utan[1]
    assert sidtexter(med[2]) == sidtexter(utan[2])
    assert med[2] == utan[2]
    ref = las_referens()
    assert [a.rubrik for a in med[0].avsnitt] == list(ref.sektioner)
    assert not Remiss.objects.filter(avsandarens_diarienummer="KS 2024/112").exists()
