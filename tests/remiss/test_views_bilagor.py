"""Bilagor through the pages: upload decided by content, download only for those who may see."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from remiss.models import Bilaga

pytestmark = pytest.mark.django_db

# The smallest PDF that parses: a catalog, a page tree and one page (every upload must open
# with pikepdf, and a catalog without pages does not).
PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


@pytest.fixture(autouse=True)
def privat_lagring(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


def _ladda_upp(client, tu, namn, innehall, titel="Kommunikationsprogram för Stockholms stad"):
    fil = SimpleUploadedFile(namn, innehall, content_type="application/pdf")
    return client.post(reverse("remiss:bilagor", args=[tu.remiss_id]), {"titel": titel, "fil": fil})


def _hamta(client, bilaga):
    remiss_pk = bilaga.tjansteutlatande.remiss_id
    return client.get(reverse("remiss:bilaga_hamta", args=[remiss_pk, bilaga.pk]))


def test_upload_and_download_return_the_same_bytes(client, karin, per, tu):
    """GIVEN Karin uploads a tiny PDF WHEN Per (läsare) downloads it THEN he gets the same
    bytes as an attachment with its original name, the PDF type and nosniff."""
    client.force_login(karin)
    response = _ladda_upp(client, tu, "program.pdf", PDF)
    assert response.status_code == 302
    bilaga = Bilaga.objects.get()
    assert (bilaga.ordning, bilaga.filtyp) == (1, "pdf")

    client.force_login(per)
    download = _hamta(client, bilaga)

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == 'attachment; filename="program.pdf"'


def test_list_shows_number_size_and_short_hash(client, karin, tu):
    """GIVEN an uploaded bilaga WHEN the list is shown THEN it has its number, title, size
    and a shortened SHA-256 with the full hash in the title attribute."""
    client.force_login(karin)
    _ladda_upp(client, tu, "program.pdf", PDF)
    bilaga = Bilaga.objects.get()

    html = client.get(reverse("remiss:bilagor", args=[tu.remiss_id])).content.decode()

    assert "Kommunikationsprogram för Stockholms stad" in html
    assert f'title="{bilaga.sha256}"' in html
    assert f"{bilaga.sha256[:12]}…" in html
    assert f"{len(PDF)} byte" in html


@pytest.mark.parametrize(
    ("namn", "innehall"), [("bild.pdf", PNG), ("text.pdf", b"Bara text, ingen PDF.\n")]
)
def test_a_file_that_is_not_what_its_name_says_is_refused(client, karin, tu, namn, innehall):
    """GIVEN a PNG or a text file named .pdf WHEN Karin uploads it THEN 400 with the Swedish
    message about content, the title she typed is kept, and nothing is stored."""
    client.force_login(karin)

    response = _ladda_upp(client, tu, namn, innehall, titel="Min titel")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Typen avgörs av filens innehåll, inte av dess namn." in html
    assert 'value="Min titel"' in html
    assert not Bilaga.objects.exists()


def test_upload_without_title_or_file_says_what_is_missing(client, karin, tu):
    """GIVEN the upload form WHEN it is sent empty THEN 400 with both Swedish messages."""
    client.force_login(karin)

    response = client.post(reverse("remiss:bilagor", args=[tu.remiss_id]), {"titel": ""})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv bilagans titel som den ska stå i dokumentet." in html
    assert "Välj en fil att ladda upp." in html


def test_other_forvaltning_cannot_download(client, karin, utomstaende, tu):
    """GIVEN a bilaga on a SOF remiss WHEN someone from another förvaltning asks for it
    THEN 404."""
    client.force_login(karin)
    _ladda_upp(client, tu, "program.pdf", PDF)
    client.force_login(utomstaende)

    assert _hamta(client, Bilaga.objects.get()).status_code == 404
    assert client.get(reverse("remiss:bilagor", args=[tu.remiss_id])).status_code == 404


def test_bilaga_must_belong_to_the_remiss_in_the_url(client, karin, tu, registrera):
    """GIVEN a bilaga of one remiss WHEN it is asked for through another visible remiss
    THEN 404."""
    from remiss.services.arbetsflode import remiss_paborja_beredning
    from tests.factories import stockholm_mall

    client.force_login(karin)
    _ladda_upp(client, tu, "program.pdf", PDF)
    annan = registrera()
    remiss_paborja_beredning(user=karin, remiss=annan, mall=stockholm_mall())
    bilaga = Bilaga.objects.get()

    url = reverse("remiss:bilaga_hamta", args=[annan.pk, bilaga.pk])
    assert client.get(url).status_code == 404


def test_hugo_cannot_upload_or_remove(client, karin, hugo, tu):
    """GIVEN Karin's TU with a bilaga WHEN Hugo uploads or removes THEN 403 both times."""
    client.force_login(karin)
    _ladda_upp(client, tu, "program.pdf", PDF)
    client.force_login(hugo)

    upload = _ladda_upp(client, tu, "annan.pdf", PDF)
    remove = client.post(
        reverse("remiss:bilaga_ta_bort", args=[tu.remiss_id, Bilaga.objects.get().pk])
    )

    assert (upload.status_code, remove.status_code) == (403, 403)
    assert Bilaga.objects.count() == 1


def test_remove_renumbers(client, karin, tu):
    """GIVEN two bilagor WHEN Karin removes the first THEN the second becomes number 1."""
    client.force_login(karin)
    _ladda_upp(client, tu, "a.pdf", PDF, titel="Första")
    _ladda_upp(client, tu, "b.pdf", PDF, titel="Andra")
    forsta = Bilaga.objects.get(titel="Första")

    response = client.post(
        reverse("remiss:bilaga_ta_bort", args=[tu.remiss_id, forsta.pk]), follow=True
    )

    assert [(b.ordning, b.titel) for b in Bilaga.objects.all()] == [(1, "Andra")]
    assert "Bilaga 1 ”Första” är borttagen." in response.content.decode()


def test_the_download_name_takes_the_extension_of_the_content(client, karin, per, tu):
    """GIVEN Karin uploads a PDF named "program.exe" WHEN Per downloads it THEN it comes as
    "program.pdf": the name the uploader gave, the extension its content was found to be."""
    client.force_login(karin)
    _ladda_upp(client, tu, "program.exe", PDF)
    client.force_login(per)

    download = _hamta(client, Bilaga.objects.get())

    assert download["Content-Disposition"] == 'attachment; filename="program.pdf"'


@pytest.mark.parametrize("url", ["remiss:beredning_steg", "remiss:beredning_ta_bort"])
def test_a_step_of_another_document_answers_404_before_any_permission(
    client, per, tu, registrera, karin, url
):
    """GIVEN a beredningssteg of another remiss's document WHEN Per (läsare, who may not edit)
    opens the edit or remove page with its id under this remiss THEN 404, as for any id that
    is not this document's: the permission is asked only about parts that exist here."""
    from remiss.models import Beredningstyp
    from remiss.services.arbetsflode import remiss_paborja_beredning
    from tests.factories import stockholm_mall
    from tests.remiss.beredning_verktyg import steg_lagg_till

    annan = registrera(avsandarens_diarienummer="KS 2024/999")
    remiss_paborja_beredning(user=karin, remiss=annan, mall=stockholm_mall())
    steg = steg_lagg_till(annan.tjansteutlatande, karin, Beredningstyp.INTERN, None, motpart="x")
    client.force_login(per)

    assert client.get(reverse(url, args=[tu.remiss_id, steg.pk])).status_code == 404
    assert client.get(reverse(url, args=[annan.pk, steg.pk])).status_code == 403


def test_a_bilaga_of_another_document_answers_404_on_its_remove_page(client, karin, per, tu):
    """GIVEN a bilaga id that is not this document's WHEN Per opens its remove page THEN 404;
    this document's own bilaga answers 403 (he may see but not change it)."""
    client.force_login(karin)
    _ladda_upp(client, tu, "program.pdf", PDF)
    bilaga = Bilaga.objects.get()
    client.force_login(per)

    url = "remiss:bilaga_ta_bort"
    assert client.get(reverse(url, args=[tu.remiss_id, bilaga.pk + 1000])).status_code == 404
    assert client.get(reverse(url, args=[tu.remiss_id, bilaga.pk])).status_code == 403
