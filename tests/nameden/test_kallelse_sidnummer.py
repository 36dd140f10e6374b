"""A long kallelse is laid out once per piece and gets "Sida X (Y)" afterwards, as an
artifact drawn over each page (`nameden.pdf.sidnummer`), read back with pikepdf and pypdf.

The piece size is forced small so that a short agenda makes several pieces.
"""

import datetime as dt
import io
import re

import pikepdf
import pypdf
import pytest

from nameden.paket import kallelse as kallelsemodul
from nameden.paket.kallelse import kallelse_delar, kallelse_render
from nameden.paket.underlag import underlag_for
from nameden.pdf.sidnummer import lagg_pa_sidnummer
from tests.nameden.fabriker_paket import anmal_med_handlingar

SKAPAD = dt.datetime(2024, 4, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def lang_lista(johan, mote):
    """20 ärenden after the 4 opening punkter: several pages of föredragningslista."""
    for nummer in range(1, 21):
        anmal_med_handlingar(johan, mote, nummer, sidor=(1,))
    return mote


def _innehall(sida: pikepdf.Page) -> bytes:
    return b"".join(s.read_bytes() for s in sida.obj.Contents.wrap_in_array())


@pytest.mark.django_db
def test_each_piece_is_laid_out_once_and_its_numbers_in_a_header_only_render(
    lang_lista, monkeypatch
):
    """GIVEN a kallelse in several pieces WHEN rendered THEN WeasyPrint lays each piece out
    once (tagged) and renders each piece's page numbers once (untagged header only): no
    piece is laid out a second time; and rendering it again gives the same bytes (the
    overlay keeps the output deterministic)."""
    anrop = []
    verklig = kallelsemodul.render_pdf_del

    def raknad(*args, **kwargs):
        anrop.append(kwargs.get("taggad", True))
        return verklig(*args, **kwargs)

    monkeypatch.setattr(kallelsemodul, "render_pdf_del", raknad)
    underlag = underlag_for(lang_lista)

    # 10 punkter make two or more pages (about six fit on one), so every piece has a cut
    # and none is laid out again with twice the punkter.
    forsta = kallelse_delar(underlag, offentlig=False, skapad=SKAPAD, punkter_per_del=10)

    assert len(forsta.delar) >= 2
    assert anrop.count(True) == len(forsta.delar)  # the pieces, tagged
    assert anrop.count(False) == len(forsta.delar)  # each piece's page numbers, untagged
    andra = kallelse_delar(underlag, offentlig=False, skapad=SKAPAD, punkter_per_del=10)
    assert [d.pdf for d in andra.delar] == [d.pdf for d in forsta.delar]


@pytest.mark.django_db
def test_the_page_number_is_an_artifact_drawn_once_over_each_page(lang_lista):
    """GIVEN a kallelse in pieces WHEN read back THEN every page draws the /Sidnummer form
    last, inside /Artifact marked content, the form carries no marked-content ids of its
    own (the structure tree is the pieces'), each page reads "Sida" exactly once (the
    piece itself draws no number), and no id of the planning is left as a named
    destination."""
    kallelse = kallelse_render(
        underlag_for(lang_lista), offentlig=False, skapad=SKAPAD, punkter_per_del=6
    )

    assert kallelse.delar >= 3
    with pikepdf.open(io.BytesIO(kallelse.pdf)) as pdf:
        assert "/Names" not in pdf.Root and "/Dests" not in pdf.Root
        for sida in pdf.pages:
            innehall = _innehall(sida)
            artefakt = rb"/Artifact <<[^>]*/Pagination[^>]*>> BDC q /Sidnummer Do Q EMC\s*$"
            assert re.search(artefakt, innehall)
            form = sida.obj.Resources.XObject.Sidnummer
            assert form.Subtype == "/Form"
            assert b"MCID" not in form.read_bytes()
            for typsnitt in form.Resources.Font.values():
                assert "/FontFile2" in typsnitt.DescendantFonts[0].FontDescriptor  # embedded
    texter = [s.extract_text() for s in pypdf.PdfReader(io.BytesIO(kallelse.pdf)).pages]
    for n, text in enumerate(texter, start=1):
        assert text.count("Sida") == 1
        assert f"Sida {n} ({len(texter)})" in text


@pytest.mark.django_db
def test_the_overlay_must_match_the_pages(lang_lista):
    """GIVEN a piece and a page-number render of another page count WHEN put together THEN
    it refuses (a number would be missing or left over)."""
    underlag = underlag_for(lang_lista)
    delar = kallelse_delar(underlag, offentlig=False, skapad=SKAPAD, punkter_per_del=6).delar
    hel = kallelse_render(underlag, offentlig=False, skapad=SKAPAD, punkter_per_del=10_000)
    assert hel.sidor > delar[0].sidor

    with pytest.raises(ValueError, match="Sidnumren har"):
        lagg_pa_sidnummer(delar[0], hel.pdf)
