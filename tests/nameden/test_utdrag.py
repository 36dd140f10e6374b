"""The protokollsutdrag: a justerad paragraf as certified PDF/A, stored with its SHA-256."""

import datetime as dt
import hashlib
import io

import pikepdf
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from nameden.models import Protokollsutdrag, SammantradeHandelse
from nameden.pdf import validate_pdfa
from nameden.services.utskick import protokollsutdrag_skapa
from nameden.utdrag import filer
from tests.nameden import fabriker_utskick as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def kalla(monkeypatch):
    return f.registrera_kalla(monkeypatch, f.ProvKalla())


@pytest.fixture
def beslut(kalla, mote, johan):
    p = f.paragraf(mote, johan)
    f.med_votering(p, johan)
    return p


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_an_utdrag_of_a_justerad_paragraf_reads_back_with_everything_the_law_asks(
    beslut, mote, johan
):
    """GIVEN § 45 of Socialnämnden's meeting, justerat 30 april, with yrkanden, a vote and a
    reservation WHEN Johan takes out a protokollsutdrag THEN the stored PDF's text has the
    nämnd, the date, §, dnr, rubrik, beslut, the vote, the reservation, "Justerat" and the
    Utdragsbestyrkande with his name and title; it is PDF/A and hashes to the stored SHA-256."""
    f.justera(mote, johan)

    utdrag = protokollsutdrag_skapa(user=johan, paragraf=beslut)

    data = filer.utdrag_fil(utdrag)
    assert hashlib.sha256(data).hexdigest() == utdrag.sha256
    assert utdrag.storlek == len(data) and utdrag.sidor >= 1
    validate_pdfa(data)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.open_metadata().pdfa_status == "2B"
    text = " ".join(_text(data).split())
    for vantat in (
        "Protokollsutdrag",
        "Socialnämnden",
        "2024-04-23",
        "§ 45",
        "Dnr SOF 2024/1",
        "Remiss av Kommunikationsprogram för Stockholms stad",
        "Beslut",
        f.BESLUT,
        "Yrkanden",
        "Anna Ordf (S) yrkar: Bifall till förslaget.",
        "1 ja, 1 nej, 0 avstår",
        "Bo Opp (M) reserverar sig mot beslutet: Programmet är för dyrt.",
        "Justerat 2024-04-30",
        "Utdragsbestyrkande",
        "Johan Ek",
        "Nämndsekreterare",
    ):
        assert vantat in text, vantat
    assert "SEKRETESS" not in text
    assert SammantradeHandelse.objects.filter(sammantrade=mote, typ="utdrag_skapat").exists()


def test_an_utdrag_is_never_changed_a_new_one_is_a_new_row(beslut, mote, johan):
    """GIVEN an utdrag WHEN another is taken out THEN both rows and files exist, unchanged."""
    f.justera(mote, johan)
    forsta = protokollsutdrag_skapa(user=johan, paragraf=beslut)
    andra = protokollsutdrag_skapa(user=johan, paragraf=beslut)

    assert Protokollsutdrag.objects.count() == 2
    assert forsta.fil.name != andra.fil.name
    assert filer.utdrag_fil(Protokollsutdrag.objects.get(pk=forsta.pk))


def test_refused_for_a_paragraf_not_justerad(beslut, johan):
    """GIVEN a decided paragraf whose protokoll is not justerat WHEN Johan asks for an utdrag
    THEN he is refused in Swedish and nothing is stored."""
    with pytest.raises(ValidationError, match="inte justerad"):
        protokollsutdrag_skapa(user=johan, paragraf=beslut)
    assert not Protokollsutdrag.objects.exists()


def test_a_sekretess_punkts_utdrag_is_marked_as_such(kalla, mote, johan):
    """GIVEN a sekretess punkt's paragraf WHEN an utdrag is taken out THEN the row and the
    PDF say sekretess."""
    p = f.paragraf(mote, johan, referens=None, sekretess=True, rubrik="Ansökan om bistånd")
    f.justera(mote, johan)

    utdrag = protokollsutdrag_skapa(user=johan, paragraf=p)

    assert utdrag.sekretess
    assert "SEKRETESS" in _text(filer.utdrag_fil(utdrag))


def test_a_changed_stored_file_is_never_read_back(beslut, mote, johan):
    """GIVEN a stored utdrag WHEN its file is changed behind the system's back THEN reading
    it raises instead of returning other bytes."""
    f.justera(mote, johan)
    utdrag = protokollsutdrag_skapa(user=johan, paragraf=beslut)
    with open(utdrag.fil.path, "ab") as fil:
        fil.write(b"%")

    with pytest.raises(filer.UtdragSkadad):
        filer.utdrag_fil(utdrag)


def test_the_same_utdrag_renders_to_the_same_bytes(beslut, mote, johan):
    """GIVEN one paragraf and one certification time WHEN rendered twice THEN the bytes are
    equal (nothing reads the clock)."""
    from nameden.utdrag.innehall import utdrag_innehall
    from nameden.utdrag.pdf import render_utdrag

    f.justera(mote, johan)
    beslut.refresh_from_db()
    at = timezone.make_aware(dt.datetime(2024, 5, 2, 9, 0))
    ett = render_utdrag(utdrag_innehall(beslut, bestyrkt_av=johan, bestyrkt_at=at)).pdf
    tva = render_utdrag(utdrag_innehall(beslut, bestyrkt_av=johan, bestyrkt_at=at)).pdf

    assert ett == tva


def test_only_the_sekreterare_of_the_serving_forvaltning(
    beslut, mote, johan, karin, annan_sekreterare
):
    """GIVEN a justerad paragraf WHEN a handläggare or another förvaltning's sekreterare asks
    THEN both are refused (PermissionDenied) and nothing is stored."""
    f.justera(mote, johan)
    for user in (karin, annan_sekreterare):
        with pytest.raises(PermissionDenied):
            protokollsutdrag_skapa(user=user, paragraf=beslut)
    assert not Protokollsutdrag.objects.exists()
