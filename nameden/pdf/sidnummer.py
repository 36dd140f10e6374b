""" "Sida X (Y)" put on the pages of a document drawn in pieces, once its page total is known.

A long kallelse is laid out in pieces (`nameden.paket.kallelsedelar`), each laid out once
and drawn at once; the document's page total is known only when the last piece is drawn.
Laying every piece out a second time with the total cost as much again as the first pass
(measured: 6.7 s against 3.6 s for the two kallelser of 40 punkter). Instead the pieces are
drawn with the running header but without its page number, and the numbers come from a
render of the header alone per piece: as many empty pages as the piece has, numbered from
its first page with the document's total, the same header (same stylesheet, same text, so
the number stands where it would), everything but the number invisible; each page becomes
a form XObject drawn on top of its page. Per piece, not once for the whole document: a
laid-out page costs about half a megabyte even with nothing on it but the header, so one
render of all the pages grew the worker's peak with the agenda again (measured: 8.2 MB
spread from 10 to 80 punkter).

The overlay is marked content `/Artifact` (pagination: a page number is page furniture,
not content), rendered untagged so it brings no marked-content ids of its own, and the
pieces' structure trees are not touched. Its font subset is embedded (WeasyPrint embeds
every font) and renamed, since WeasyPrint derives a subset's tag from the font's name only
and the piece's own subset of the same font has other glyphs. Drawn last on the page, after
the running header, its text is read where the one-pass document's number is: last.
"""

import io
from dataclasses import replace

import pikepdf

from nameden.pdf.merge import byt_namn_pa_typsnitt
from nameden.pdf.render import PdfDel

#: The overlay's subsets get tags of their own, apart from every piece's (`merge._ny_tagg`).
_TYPSNITTSINDEX = "sidnummer"
_ARTEFAKT = b"/Artifact << /Type /Pagination /Subtype /Header >> BDC"
#: The overlay's name in a page's resources (WeasyPrint's own XObjects are named /x…, /i…).
_NAMN = pikepdf.Name("/Sidnummer")


def lagg_pa_sidnummer(del_: PdfDel, sidnummer: bytes) -> PdfDel:
    """The piece with page n of `sidnummer` drawn over its page n. `sidnummer` must have
    exactly as many pages as the piece."""
    with pikepdf.open(io.BytesIO(sidnummer)) as kalla, pikepdf.open(io.BytesIO(del_.pdf)) as pdf:
        if len(kalla.pages) != len(pdf.pages):
            raise ValueError(f"Sidnumren har {len(kalla.pages)} sidor, delen {len(pdf.pages)}.")
        byt_namn_pa_typsnitt(kalla, _TYPSNITTSINDEX)
        for sida, nummer in zip(pdf.pages, kalla.pages, strict=True):
            _rita_over(pdf, sida, pdf.copy_foreign(nummer.as_form_xobject()))
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True)
    return replace(del_, pdf=buffer.getvalue())


def _rita_over(pdf: pikepdf.Pdf, sida: pikepdf.Page, form: pikepdf.Object) -> None:
    """Draw `form` over `sida`, as an artifact. WeasyPrint gives all pages of a document one
    /Resources dictionary, so the page gets its own (the same entries, its own /XObject
    with the overlay under a fixed name: the output stays deterministic)."""
    gamla = sida.obj.get("/Resources", pikepdf.Dictionary())
    xobjekt = pikepdf.Dictionary(dict(gamla.get("/XObject", {}).items()))
    if _NAMN in xobjekt:
        raise ValueError("Sidan har redan ett XObject med namnet /Sidnummer.")
    xobjekt[_NAMN] = form
    resurser = pikepdf.Dictionary(dict(gamla.items()))
    resurser.XObject = xobjekt
    sida.obj.Resources = pdf.make_indirect(resurser)
    # The page's own drawing in q … Q, so the overlay starts from the default coordinates
    # whatever the page left set.
    sida.contents_add(b"q\n", prepend=True)
    sida.contents_add(b"\nQ\n" + _ARTEFAKT + b" q " + _NAMN.unparse() + b" Do Q EMC\n")
