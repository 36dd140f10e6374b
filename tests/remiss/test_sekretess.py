"""Sekretess on a case's handlingar: marking and lifting a bilaga or a tjänsteutlåtande,
404 for those without access, masked titles in lists and search, and the read log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nameden import sekretess
from nameden.models import OslParagraf, Punkt, Sekretesslasning, Sekretessmarkering
from nameden.services.sekretess import sekretess_hava, sekretess_markera
from remiss.services.arbetsflode import remiss_paborja_beredning
from remiss.services.bilagor import bilaga_ladda_upp
from tests.factories import stockholm_mall

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
MASKERAD = "Sekretessbelagd handling (OSL 26:1)"


@pytest.fixture(autouse=True)
def privat_lagring(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.fixture
def socialtjanst(db):
    return OslParagraf.objects.get(kapitel=26, paragraf=1)


@pytest.fixture
def bilaga(tu, karin):
    fil = SimpleUploadedFile("utredning.pdf", PDF, content_type="application/pdf")
    return bilaga_ladda_upp(user=karin, tu=tu, fil=fil, titel="Utredning om familjen Svensson")


def _hamta(client, bilaga):
    return client.get(
        reverse("remiss:bilaga_hamta", args=[bilaga.tjansteutlatande.remiss_id, bilaga.pk])
    )


# --- Marking and lifting --------------------------------------------------------------


def test_marking_a_bilaga_keeps_who_when_which_paragraph_and_why(bilaga, karin, socialtjanst):
    """GIVEN Karin's bilaga WHEN she marks it under OSL 26:1 THEN the marking in force says
    who, which paragraph and why, and its history has the row, attributed to her."""
    markering = sekretess_markera(
        user=karin, handling=bilaga, paragraf=socialtjanst, skal="Uppgifter om en familj."
    )
    galler = sekretess.galler_for(bilaga)
    assert galler == markering
    assert (galler.markerad_av, galler.paragraf.beteckning, galler.skal) == (
        karin,
        "OSL 26:1",
        "Uppgifter om en familj.",
    )
    rad = markering.history.get()
    assert rad.history_user == karin and rad.history_type == "+"


def test_lifting_keeps_the_marking_with_who_lifted_it_and_why(bilaga, karin, lisa, socialtjanst):
    """GIVEN a marked bilaga WHEN the avdelningschef lifts it THEN it is no longer secret, the
    row keeps who lifted it and why, and the history holds both steps."""
    markering = sekretess_markera(
        user=karin, handling=bilaga, paragraf=socialtjanst, skal="Familj."
    )
    sekretess_hava(user=lisa, handling=bilaga, skal="Uppgifterna är avidentifierade.")
    assert sekretess.galler_for(bilaga) is None
    markering.refresh_from_db()
    assert (markering.havd_av, markering.havningsskal) == (lisa, "Uppgifterna är avidentifierade.")
    assert [h.history_type for h in markering.history.order_by("history_date")] == ["+", "~"]


def test_marking_twice_is_refused_in_swedish(bilaga, karin, socialtjanst):
    """GIVEN a marked bilaga WHEN it is marked again THEN a Swedish error, one marking."""
    sekretess_markera(user=karin, handling=bilaga, paragraf=socialtjanst, skal="Familj.")
    with pytest.raises(ValidationError, match="redan sekretessmarkerad"):
        sekretess_markera(user=karin, handling=bilaga, paragraf=socialtjanst, skal="Igen.")
    assert Sekretessmarkering.objects.count() == 1


def test_a_marking_needs_a_reason(bilaga, karin, socialtjanst):
    """GIVEN no reason WHEN marking THEN a Swedish error and nothing is stored."""
    with pytest.raises(ValidationError, match="Ange skälet"):
        sekretess_markera(user=karin, handling=bilaga, paragraf=socialtjanst, skal="  ")
    assert not Sekretessmarkering.objects.exists()


def test_only_the_handlaggare_and_chefs_may_mark(bilaga, hugo, maria, per, socialtjanst):
    """GIVEN another handläggare, the registrator and a läsare WHEN they try to mark THEN
    each is refused in Swedish (the policy table says handläggare and chefs)."""
    for user in (hugo, maria, per):
        with pytest.raises(PermissionDenied, match="Du får inte sekretessmarkera"):
            sekretess_markera(user=user, handling=bilaga, paragraf=socialtjanst, skal="Skäl.")
    assert not Sekretessmarkering.objects.exists()


def test_marking_a_punkt_is_not_the_case_officers(sammantrade, karin, socialtjanst):
    """GIVEN an agenda punkt WHEN the handläggare tries to mark it THEN refused: the
    nämndsekreterare marks punkter."""
    punkt = Punkt.objects.create(
        sammantrade=sammantrade, typ="beslutsarende", rubrik="LVU", ordning=1
    )
    with pytest.raises(PermissionDenied):
        sekretess_markera(user=karin, handling=punkt, paragraf=socialtjanst, skal="Skäl.")


# --- Access: 404 and the read log --------------------------------------------------------


def test_a_secret_bilaga_is_404_to_those_without_access(
    client, bilaga, karin, hugo, utomstaende, socialtjanst
):
    """GIVEN a secret bilaga WHEN another handläggare of the förvaltning, or one of another
    förvaltning, fetches it THEN 404, and nothing is logged for them."""
    sekretess_markera(user=karin, handling=bilaga, paragraf=socialtjanst, skal="Familj.")
    for user in (hugo, utomstaende):
        client.force_login(user)
        assert _hamta(client, bilaga).status_code == 404
    assert not Sekretesslasning.objects.exists()


def test_every_download_of_a_secret_bilaga_is_logged(
    client, bilaga, karin, lisa, maria, socialtjanst
):
    """GIVEN a secret bilaga WHEN the handläggare, the chef and the registrator fetch it
    THEN each gets the file and each read is a row: who, what, how."""
    sekretess_markera(user=karin, handling=bilaga, paragraf=socialtjanst, skal="Familj.")
    for user in (karin, lisa, maria):
        client.force_login(user)
        response = _hamta(client, bilaga)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    rader = list(Sekretesslasning.objects.order_by("id"))
    assert [r.lasare for r in rader] == [karin, lisa, maria]
    assert {r.vad for r in rader} == {
        f"Bilaga 1 till {bilaga.tjansteutlatande.remiss.diarienummer}"
    }
    assert {r.satt for r in rader} == {"fil"}


def test_a_bilaga_not_secret_is_not_logged(client, bilaga, hugo):
    """GIVEN a bilaga without marking WHEN anyone in the förvaltning fetches it THEN no log."""
    client.force_login(hugo)
    assert _hamta(client, bilaga).status_code == 200
    assert not Sekretesslasning.objects.exists()


def test_a_lifted_bilaga_is_readable_again(client, bilaga, karin, hugo, socialtjanst):
    """GIVEN a marking that was lifted WHEN another handläggare fetches THEN 200, no log."""
    sekretess_markera(user=karin, handling=bilaga, paragraf=socialtjanst, skal="Familj.")
    sekretess_hava(user=karin, handling=bilaga, skal="Avidentifierad.")
    client.force_login(hugo)
    assert _hamta(client, bilaga).status_code == 200
    assert not Sekretesslasning.objects.exists()


def test_the_bilagor_list_masks_a_secret_title(client, bilaga, karin, hugo, socialtjanst):
    """GIVEN a secret bilaga WHEN another handläggare opens the list THEN its title is masked
    with the paragraph and there is no download link; the handläggare sees the title."""
    sekretess_markera(user=karin, handling=bilaga, paragraf=socialtjanst, skal="Familj.")
    url = reverse("remiss:bilagor", args=[bilaga.tjansteutlatande.remiss_id])
    client.force_login(hugo)
    sida = client.get(url).content.decode()
    assert MASKERAD in sida and "familjen Svensson" not in sida
    assert (
        reverse("remiss:bilaga_hamta", args=[bilaga.tjansteutlatande.remiss_id, bilaga.pk])
        not in sida
    )
    client.force_login(karin)
    sida = client.get(url).content.decode()
    assert "Utredning om familjen Svensson" in sida and MASKERAD not in sida


def test_a_secret_tjansteutlatande_is_404_and_its_reads_logged(
    client, tu, karin, hugo, veronica, socialtjanst
):
    """GIVEN a secret tjänsteutlåtande WHEN another handläggare opens its page or its PDF THEN
    404; WHEN the förvaltningschef opens the page THEN 200 and the read is logged as a page."""
    sekretess_markera(user=karin, handling=tu, paragraf=socialtjanst, skal="Enskilds förhållanden.")
    sidor = [
        reverse("remiss:tu", args=[tu.remiss_id]),
        reverse("remiss:bilagor", args=[tu.remiss_id]),
    ]
    client.force_login(hugo)
    for url in sidor:
        assert client.get(url).status_code == 404
    client.force_login(veronica)
    assert client.get(sidor[0]).status_code == 200
    rad = Sekretesslasning.objects.get()
    assert (rad.lasare, rad.satt) == (veronica, "sida")


def test_the_attest_chain_reads_a_secret_document(skickad, karin, lisa, socialtjanst):
    """GIVEN a secret document waiting for Lisa's attest THEN she may read it (she attests
    it), as the table says, even without the chef's role relation being asked."""
    sekretess_markera(user=karin, handling=skickad, paragraf=socialtjanst, skal="Skäl.")
    assert sekretess.far_lasa(lisa, skickad, sekretess.galler_for(skickad))


# --- Lists and search ------------------------------------------------------------------


def test_lists_and_search_mask_a_secret_subject(client, tu, karin, hugo, socialtjanst):
    """GIVEN a remiss whose tjänsteutlåtande is secret WHEN another handläggare lists all
    remisser THEN its subject is masked; searching a word of its subject finds nothing;
    the handläggare sees and finds it."""
    sekretess_markera(user=karin, handling=tu, paragraf=socialtjanst, skal="Skäl.")
    client.force_login(hugo)
    lista = client.get(reverse("remiss:lista")).content.decode()
    assert MASKERAD in lista and "Kommunikationsprogram" not in lista
    sok = client.get(reverse("remiss:lista"), {"q": "Kommunikationsprogram"}).content.decode()
    assert tu.remiss.diarienummer not in sok
    client.force_login(karin)
    sok = client.get(reverse("remiss:lista"), {"q": "Kommunikationsprogram"}).content.decode()
    assert "Kommunikationsprogram" in sok and MASKERAD not in sok


def test_the_list_costs_the_same_queries_with_more_secret_rows(
    client, registrera, karin, hugo, socialtjanst
):
    """GIVEN 2, then 6 secret remisser WHEN another handläggare lists them THEN the same
    number of queries (masking is decided in SQL)."""

    def skapa(antal):
        for _ in range(antal):
            remiss = registrera()
            remiss_paborja_beredning(user=karin, remiss=remiss, mall=stockholm_mall())
            remiss.refresh_from_db()
            sekretess_markera(
                user=karin, handling=remiss.tjansteutlatande, paragraf=socialtjanst, skal="S."
            )

    client.force_login(hugo)
    url = reverse("remiss:lista")
    skapa(2)
    client.get(url)
    with CaptureQueriesContext(connection) as fa:
        assert client.get(url).content.decode().count(MASKERAD) == 2
    skapa(4)
    with CaptureQueriesContext(connection) as manga:
        assert client.get(url).content.decode().count(MASKERAD) == 6
    assert len(manga) == len(fa)


def test_a_secret_documents_pdf_is_404_or_logged(client, tu, karin, hugo, socialtjanst):
    """GIVEN a secret tjänsteutlåtande WHEN another handläggare asks for its PDF preview THEN
    404; WHEN the handläggare does THEN a real PDF and a logged read of the file."""
    sekretess_markera(user=karin, handling=tu, paragraf=socialtjanst, skal="Skäl.")
    url = reverse("remiss:pdf_forhandsgranska", args=[tu.remiss_id])
    client.force_login(hugo)
    assert client.get(url).status_code == 404
    client.force_login(karin)
    svar = client.get(url)
    assert svar.status_code == 200 and svar.content.startswith(b"%PDF-")
    rad = Sekretesslasning.objects.get()
    assert (rad.lasare, rad.satt, rad.vad) == (
        karin,
        "fil",
        f"Tjänsteutlåtande i {tu.remiss.diarienummer}",
    )


def test_the_case_page_masks_a_secret_subject(client, tu, karin, hugo, socialtjanst):
    """GIVEN a secret tjänsteutlåtande WHEN another handläggare opens the case's page THEN its
    subject is masked in the heading and the title; the handläggare reads it."""
    sekretess_markera(user=karin, handling=tu, paragraf=socialtjanst, skal="Skäl.")
    url = reverse("remiss:detalj", args=[tu.remiss_id])
    client.force_login(hugo)
    sida = client.get(url).content.decode()
    assert f'<h1 class="app-heading-l">{MASKERAD}</h1>' in sida
    assert "<title>" in sida and "Kommunikationsprogram" not in sida.split("</title>")[0]
    client.force_login(karin)
    assert "Remiss av Kommunikationsprogram" in client.get(url).content.decode()
