"""Zip bombs are refused after a bounded amount of work, in bounded memory.

The bound is measured as work, not as wall-clock time: the bytes decompressed before the
refusal (which `Arkivfel.uppackat` reports, counted while decompressing) and the peak of
Python allocations during the check (tracemalloc). The CPU time is printed for the record
(`pytest -s`); on this machine the 1.5 GB ODT is refused in about a millisecond.
"""

import io
import os
import time
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError

from nameden import filkontroll, filkontroll_arkiv
from tests.nameden.test_filkontroll import (
    MB,
    docx_zipbomb,
    nollor_deflaterade,
    odt_mimetypbomb,
    raw_zip,
    zippost,
)
from tests.remiss.test_bilagor import DOCX_CONTENT_TYPES, DOCX_RELS, ODT_MANIFEST, ODT_MIMETYPE

# Far below the gigabytes a bomb expands to: a few chunks of the decompressor's output.
MINNESTAK = 8 * MB


def _matt(fn):
    """Run fn; return (its exception, peak traced bytes, CPU seconds)."""
    tracemalloc.start()
    start = time.process_time()
    try:
        fn()
    except ValidationError as exc:
        fel = exc
    else:
        fel = None
    cpu = time.process_time() - start
    _, topp = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return fel, topp, cpu


def test_the_odt_whose_mimetype_expands_to_1_5_gb_is_refused_after_a_hundred_bytes():
    """GIVEN the ODT from the attack (its `mimetype` entry inflates to 1.5 GB) WHEN checked
    THEN refused as a zip bomb after reading at most the mimetype's length plus a little,
    with a peak of allocations far below the file's expanded size."""
    data = odt_mimetypbomb()

    fel, topp, cpu = _matt(lambda: filkontroll.kontrollera(io.BytesIO(data)))

    print(f"\nODT 1.5 GB: {len(data)} bytes, refused in {cpu * 1000:.1f} ms CPU, peak {topp} B")
    assert fel is not None and fel.messages == [filkontroll_arkiv.FEL_BOMB]
    assert fel.uppackat <= len(filkontroll_arkiv.ODT_MIMETYPE) + 65
    assert topp < MINNESTAK


def test_a_docx_bomb_is_refused_once_its_entry_passes_the_ratio():
    """GIVEN a DOCX whose document.xml inflates 1 GB from about 1 MB WHEN checked THEN
    refused as a zip bomb after at most 2 MB decompressed (the ratio is measured against the
    compressed bytes actually read, so it trips at about MAX_KVOT times one read)."""
    data = docx_zipbomb()

    fel, topp, cpu = _matt(lambda: filkontroll.kontrollera(io.BytesIO(data)))

    print(f"\nDOCX 1 GB: refused after {fel.uppackat} B in {cpu * 1000:.1f} ms CPU, peak {topp} B")
    assert fel.messages == [filkontroll_arkiv.FEL_BOMB]
    assert fel.uppackat <= 2 * MB
    assert topp < MINNESTAK


def test_an_odt_with_a_proper_mimetype_and_a_bomb_inside_is_refused_by_the_ratio():
    """GIVEN an ODT that looks right (stored mimetype, manifest) and whose content.xml
    inflates 1 GB WHEN checked THEN refused as a zip bomb within the same bound."""
    bomb, crc = nollor_deflaterade(1024)
    data = raw_zip(
        [
            zippost("mimetype", ODT_MIMETYPE.encode(), zipfile.ZIP_STORED),
            zippost("META-INF/manifest.xml", ODT_MANIFEST.encode()),
            ("content.xml", zipfile.ZIP_DEFLATED, bomb, crc, 1024 * MB),
        ]
    )

    fel, topp, _ = _matt(lambda: filkontroll.kontrollera(io.BytesIO(data)))

    assert fel.messages == [filkontroll_arkiv.FEL_BOMB]
    assert fel.uppackat <= 2 * MB
    assert topp < MINNESTAK


def test_many_entries_each_below_the_ratio_are_stopped_by_the_total(monkeypatch):
    """GIVEN a total bound of 4 MB and a DOCX of ten 1 MB entries that compress only about
    2:1 (each well within the ratio) WHEN checked THEN refused as a zip bomb once the total
    passes 4 MB, not after all ten."""
    monkeypatch.setattr(filkontroll_arkiv, "MAX_UPPACKAT", 4 * MB)
    # Hex digits of random bytes: about 2:1 under deflate.
    delar = [(f"word/media/del{n}.xml", os.urandom(MB // 2).hex().encode()) for n in range(10)]
    data = raw_zip(
        [
            zippost("[Content_Types].xml", DOCX_CONTENT_TYPES.encode()),
            zippost("_rels/.rels", DOCX_RELS.encode()),
            zippost("word/document.xml", b"<w:document/>"),
            *(zippost(namn, innehall) for namn, innehall in delar),
        ]
    )

    with pytest.raises(filkontroll_arkiv.Arkivfel) as exc:
        filkontroll_arkiv.granska(io.BytesIO(data), filtyp="docx")

    assert exc.value.messages == [filkontroll_arkiv.FEL_BOMB]
    assert 4 * MB < exc.value.uppackat <= 4 * MB + filkontroll_arkiv.BIT


def test_a_header_that_understates_the_size_is_not_trusted():
    """GIVEN a DOCX whose central directory says document.xml is 100 bytes while its stream
    holds 2 MB WHEN checked THEN refused as damaged (the stream does not match the header's
    size and checksum), having decompressed no more than the header claimed."""
    innehall = b"<w:document>" + b"a" * (2 * MB) + b"</w:document>"
    namn, metod, packat, crc, _ = zippost("word/document.xml", innehall)
    data = raw_zip(
        [
            zippost("[Content_Types].xml", DOCX_CONTENT_TYPES.encode()),
            zippost("_rels/.rels", DOCX_RELS.encode()),
            (namn, metod, packat, crc, 100),
        ]
    )

    with pytest.raises(filkontroll_arkiv.Arkivfel) as exc:
        filkontroll_arkiv.granska(io.BytesIO(data), filtyp="docx")

    assert exc.value.messages == [filkontroll_arkiv.FEL_SKADAD]
    assert exc.value.uppackat <= 2 * filkontroll_arkiv.BIT
