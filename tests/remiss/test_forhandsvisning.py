"""The preview of a tjänsteutlåtande has a bounded cost (nameden.pdf.forhandsvisning): the
same content is rendered once, a render that takes too long is stopped with a Swedish
message, and previews of different documents do not wait for each other."""

import io
import multiprocessing
import threading
import time

import pikepdf
import pytest
from django.core.cache import cache
from django.urls import reverse

from nameden.pdf import PdfFel, forhandsvisning, render
from nameden.pdf.forhandsvisning import ForLangTid, render_forhandsvisning
from remiss import attestlage, pdf
from remiss.dokument import dokument_for
from remiss.services.tjansteutlatande import tjansteutlatande_spara_avsnitt
from tests.remiss.pdf_verktyg import fulltext

pytestmark = pytest.mark.django_db


@pytest.fixture
def renderingar(monkeypatch):
    """Every render a preview starts (each is a real render in a child process), counted."""
    cache.clear()
    anrop = []
    original = forhandsvisning._render_med_tidsgrans

    def raknande(html, **kwargs):
        anrop.append(html)
        return original(html, **kwargs)

    monkeypatch.setattr(forhandsvisning, "_render_med_tidsgrans", raknande)
    return anrop


def stort_dokument(stycken: int = 3000) -> str:
    """A document far larger than any real one: thousands of pages of paragraphs."""
    stycke = "<p>" + "Förvaltningen bedömer att förslaget är genomförbart. " * 40 + "</p>"
    return f"<html lang='sv'><body><h1>Stort</h1>{stycke * stycken}</body></html>"


def test_the_same_content_is_rendered_once(tu, renderingar):
    """GIVEN a document WHEN its preview is asked for twice THEN it is rendered once, the
    second answer comes from the cache with the same bytes, and those bytes are the PDF an
    in-process render of the same content makes (the preview is the document)."""
    tu = tu.__class__.objects.select_related("remiss").get(pk=tu.pk)
    forsta = pdf.tjansteutlatande_pdf(tu)
    andra = pdf.tjansteutlatande_pdf(tu)
    assert len(renderingar) == 1
    assert andra.pdf == forsta.pdf
    skapad, andrad = pdf.pdf_datum(tu)
    direkt = pdf.render_tjansteutlatande(
        dokument_for(tu),
        attester=attestlage.giltiga_attester(tu),
        utkast=True,
        skapad=skapad,
        andrad=andrad,
    )
    assert forsta.pdf == direkt.pdf
    assert forsta.sidor == direkt.sidor == len(pikepdf.open(io.BytesIO(forsta.pdf)).pages)


def test_changed_content_is_rendered_anew(tu, karin, renderingar):
    """GIVEN a previewed document WHEN a section is edited and the preview asked for again
    THEN it is rendered again, and the new PDF holds the new text (never a stale one)."""
    pdf.tjansteutlatande_pdf(tu)
    tu = tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=tu,
        nyckel="sammanfattning",
        text="Helt ny sammanfattning.",
        bas_version=tu.version,
    )
    ny = pdf.tjansteutlatande_pdf(tu)
    assert len(renderingar) == 2
    assert "Helt ny sammanfattning." in fulltext(ny.pdf)


def test_the_preview_page_renders_once_for_two_requests(client, tu, karin, renderingar):
    """GIVEN Karin WHEN she opens the preview twice THEN both answers are the same PDF and it
    was rendered once."""
    client.force_login(karin)
    url = reverse("remiss:pdf_forhandsgranska", args=[tu.remiss.pk])
    forsta, andra = client.get(url), client.get(url)
    assert forsta.status_code == andra.status_code == 200
    assert forsta.content == andra.content
    assert forsta.content.startswith(b"%PDF-")
    assert len(renderingar) == 1


def test_a_huge_document_hits_the_time_limit_and_is_remembered(settings, renderingar):
    """GIVEN a time limit of half a second WHEN a huge document is previewed THEN the render
    is stopped with the Swedish message, no render process is left running, and asking again
    answers the same without rendering again."""
    settings.PDF_FORHANDSVISNING_SEKUNDER = 0.5
    html = stort_dokument()
    with pytest.raises(ForLangTid) as exc:
        render_forhandsvisning(html)
    assert str(exc.value) == (
        "Förhandsvisningen avbröts: PDF:en tog längre tid än 0.5 sekunder att skapa. "
        "Dokumentet är för stort för att förhandsgranskas. Korta texten eller lägg långa "
        "delar i en bilaga, och försök igen."
    )
    assert multiprocessing.active_children() == []
    with pytest.raises(ForLangTid):
        render_forhandsvisning(html)
    assert len(renderingar) == 1


def test_a_document_too_slow_to_preview_sends_the_user_back_with_the_message(
    client, settings, tu, karin, renderingar
):
    """GIVEN a document with a long section and a time limit it cannot meet WHEN Karin opens
    the preview THEN she is sent back to the document with the message, not a 500 and not
    a worker held for a minute."""
    tu = tjansteutlatande_spara_avsnitt(
        user=karin,
        tu=tu,
        nyckel="bakgrund",
        text="\n\n".join(["Staden har haft riktlinjer sedan 1990-talet. " * 20] * 40),
        bas_version=tu.version,
    )
    settings.PDF_FORHANDSVISNING_SEKUNDER = 0.05
    client.force_login(karin)
    response = client.get(reverse("remiss:pdf_forhandsgranska", args=[tu.remiss.pk]), follow=True)
    assert response.redirect_chain[0][0] == reverse("remiss:tu", args=[tu.remiss.pk])
    assert "Förhandsvisningen avbröts" in response.content.decode()


def test_a_preview_does_not_wait_for_another_documents_preview(tu, monkeypatch, renderingar):
    """GIVEN one preview in flight that takes seconds (its render is slowed down in its own
    process) WHEN another document is previewed meanwhile THEN that one is done while the
    first is still running: previews are not serialised behind one lock."""
    original = render.render_pdf

    def langsam(html, **kwargs):
        if "Långsam" in html:
            # Holding the render lock, as a long render does (in its own process).
            with render._render_lock:
                time.sleep(5)
        return original(html, **kwargs)

    # Set before the fork, so the slow render's child process has it.
    monkeypatch.setattr(render, "render_pdf", langsam)
    forsta_klar = threading.Event()

    def forsta():
        try:
            render_forhandsvisning("<html lang='sv'><body><p>Långsam</p></body></html>")
        finally:
            forsta_klar.set()

    traden = threading.Thread(target=forsta)
    traden.start()
    try:
        for _ in range(500):
            if forhandsvisning.renderingar_i_taget() == 1:
                break
            time.sleep(0.01)
        assert forhandsvisning.renderingar_i_taget() == 1
        andra = pdf.tjansteutlatande_pdf(tu)
        assert andra.pdf.startswith(b"%PDF-")
        assert not forsta_klar.is_set()
    finally:
        traden.join()
    assert len(renderingar) == 2


def test_a_preview_is_made_while_another_render_holds_the_process_lock(tu, renderingar):
    """GIVEN this process's render lock held (a final version being rendered in another
    thread) WHEN a preview is asked for THEN it is made anyway: its process starts with a
    lock of its own."""
    with render._render_lock:
        rendered = pdf.tjansteutlatande_pdf(tu)
    assert rendered.pdf.startswith(b"%PDF-")


def test_requests_for_the_same_content_share_one_render(tu, renderingar):
    """GIVEN four requests for the same preview at once WHEN they finish THEN one render was
    made and all four have its bytes (single flight per fingerprint)."""
    tu = tu.__class__.objects.select_related("remiss").get(pk=tu.pk)
    skapad, andrad = pdf.pdf_datum(tu)
    html, xmp = pdf.tjansteutlatande_html(
        dokument_for(tu), attester=(), utkast=True, skapad=skapad, andrad=andrad
    )
    svar = []

    def hamta():
        svar.append(render_forhandsvisning(html, xmp=xmp, stylesheet=pdf.STYLESHEET))

    tradar = [threading.Thread(target=hamta) for _ in range(4)]
    for trad in tradar:
        trad.start()
    for trad in tradar:
        trad.join()
    assert len(renderingar) == 1
    assert len(svar) == 4
    assert len({s[0] for s in svar}) == 1


def test_a_failed_preview_is_shared_by_its_waiters_but_not_kept(monkeypatch, renderingar):
    """GIVEN a document the renderer refuses (it asks for a file outside the static files)
    WHEN four requests for it come at once THEN it is rendered once and all four get the
    Swedish refusal; WHEN asked for again later THEN it is rendered again (a refusal other
    than the time limit is not cached)."""
    html = "<html lang='sv'><body><img src='file:///etc/passwd' alt='x'></body></html>"
    original = render.render_pdf

    def efter_en_stund(html, **kwargs):
        time.sleep(1)  # in the render's own process: the four requests surely overlap
        return original(html, **kwargs)

    monkeypatch.setattr(render, "render_pdf", efter_en_stund)
    fel = []

    def hamta():
        try:
            render_forhandsvisning(html)
        except PdfFel as exc:
            fel.append(str(exc))

    tradar = [threading.Thread(target=hamta) for _ in range(4)]
    for trad in tradar:
        trad.start()
    for trad in tradar:
        trad.join()
    assert len(renderingar) == 1
    assert len(fel) == 4
    assert len(set(fel)) == 1
    assert fel[0].startswith("PDF:en skapades inte.")
    with pytest.raises(PdfFel):
        render_forhandsvisning(html)
    assert len(renderingar) == 2
