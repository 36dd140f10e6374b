"""Masking where a case's secret handlingar were still quoted: the case's timeline and the
attest inbox (on its page and on the start page)."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nameden.models import OslParagraf
from nameden.services.sekretess import sekretess_markera
from remiss import selectors
from remiss.beredning import mening
from remiss.models import Beredningstyp, Handelse, Utfall
from remiss.services.attestering import attest_returnera
from remiss.services.beredning import beredningssteg_lagg_till
from remiss.services.bilagor import bilaga_ladda_upp

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
MASKERAD = "Sekretessbelagd handling (OSL 26:1)"
TITEL = "Utredning om familjen Svensson"


@pytest.fixture
def socialtjanst(db):
    return OslParagraf.objects.get(kapitel=26, paragraf=1)


def _bilaga(tu, karin, titel=TITEL):
    fil = SimpleUploadedFile("utredning.pdf", PDF, content_type="application/pdf")
    return bilaga_ladda_upp(user=karin, tu=tu, fil=fil, titel=titel)


def _case_page(client, user, tu) -> str:
    client.force_login(user)
    return client.get(reverse("remiss:detalj", args=[tu.remiss_id])).content.decode()


def test_the_timeline_masks_a_secret_bilagas_title_and_keeps_its_number(
    client, tu, karin, hugo, socialtjanst
):
    """GIVEN two bilagor, the first secret under OSL 26:1
    WHEN another handläggare (no access) opens the case page
    THEN its timeline entry reads "Bilaga 1 lades till: Sekretessbelagd handling (OSL 26:1)."
    and never its title, while the other bilaga's entry is unchanged; the handläggare reads
    both titles."""
    hemlig = _bilaga(tu, karin)
    _bilaga(tu, karin, titel="Remissvar från länsstyrelsen")
    sekretess_markera(user=karin, handling=hemlig, paragraf=socialtjanst, skal="Familj.")

    sida = _case_page(client, hugo, tu)
    assert f"Bilaga 1 lades till: {MASKERAD}." in sida
    assert "familjen Svensson" not in sida
    assert "Bilaga 2 lades till: Remissvar från länsstyrelsen." in sida

    sida = _case_page(client, karin, tu)
    assert f"Bilaga 1 lades till: {TITEL}." in sida and MASKERAD not in sida


def test_the_timeline_masks_what_quotes_a_secret_tjansteutlatande(
    client, skickad, karin, hugo, lisa, socialtjanst
):
    """GIVEN a secret tjänsteutlåtande with a bilaga, a beredningssteg and a return comment
    WHEN another handläggare opens the case page
    THEN the bilaga's title, the beredning sentence and the attestant's comment on the text
    are not shown (the masked form instead); the stored entries are unchanged and the
    handläggare still reads them all."""
    tu = skickad
    attest_returnera(user=lisa, tu=tu, kommentar="Stryk uppgiften om familjens ekonomi.")
    tu.refresh_from_db()
    _bilaga(tu, karin)
    steg = beredningssteg_lagg_till(
        user=karin,
        tu=tu,
        typ=Beredningstyp.FORVALTNINGSGRUPP,
        datum=dt.date(2024, 4, 17),
        utfall=Utfall.BEHANDLAT,
    )
    sekretess_markera(user=karin, handling=tu, paragraf=socialtjanst, skal="Enskilds förhållanden.")

    sida = _case_page(client, hugo, tu)
    assert "familjen Svensson" not in sida
    assert mening(steg) not in sida
    assert "familjens ekonomi" not in sida
    assert f"Bilaga 1 lades till: {MASKERAD}." in sida
    assert f"Beredningssteg lades till: {MASKERAD}." in sida

    sida = _case_page(client, karin, tu)
    assert TITEL in sida and mening(steg) in sida and "familjens ekonomi" in sida
    assert Handelse.objects.filter(text__contains=TITEL).exists()


def test_the_timeline_of_a_case_with_nothing_secret_is_unchanged(client, tu, karin, hugo):
    """GIVEN a bilaga that is not secret WHEN another handläggare opens the case page THEN
    the timeline names it as it always did (masking changes nothing that is not secret)."""
    _bilaga(tu, karin)
    assert f"Bilaga 1 lades till: {TITEL}." in _case_page(client, hugo, tu)


def test_the_attest_inbox_shows_the_subject_to_the_attestant_who_may_read_it(
    client, skickad, karin, lisa, socialtjanst
):
    """GIVEN a secret document waiting for Lisa (she stands in its chain, so she may read it)
    WHEN she opens "Att attestera" and the start page
    THEN both show its subject (the masking hides nothing from those who may read)."""
    sekretess_markera(user=karin, handling=skickad, paragraf=socialtjanst, skal="Skäl.")
    client.force_login(lisa)
    for url in (reverse("remiss:inkorg"), reverse("remiss:mina")):
        sida = client.get(url).content.decode()
        assert skickad.remiss.rubrik in sida and MASKERAD not in sida, url


def test_the_inbox_rows_mask_the_subject_for_a_reader_outside_the_access_rule(
    skickad, karin, lisa, hugo, socialtjanst
):
    """GIVEN a secret document waiting for Lisa
    WHEN its inbox rows are built for a reader outside the access rule (the rows the inbox
    and the start page render, here for another handläggare)
    THEN the row's subject reads "Sekretessbelagd handling (OSL 26:1)"; for Lisa it reads the
    subject."""
    from remiss.templatetags.sekretess_format import visad_rubrik

    sekretess_markera(user=karin, handling=skickad, paragraf=socialtjanst, skal="Skäl.")
    rundor = list(selectors.vantar_pa_attest(lisa))
    assert [visad_rubrik(r.remiss) for r in selectors.inkorg_rader(hugo, rundor)] == [MASKERAD]
    rundor = list(selectors.vantar_pa_attest(lisa))
    assert [visad_rubrik(r.remiss) for r in selectors.inkorg_rader(lisa, rundor)] == [
        skickad.remiss.rubrik
    ]
