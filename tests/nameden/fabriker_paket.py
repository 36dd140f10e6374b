"""Test data for the kallelse-and-handlingar packet: real PDFs, ärenden with handlingar, and
the real worker run in this process.

The PDFs are made with pikepdf (a standard font, so each page's text can be read back): each
page says which document and page it is, so a test can tell from the packet's text where
each handling landed and that a sekretess punkt's pages are absent.
"""

import io
import signal
from contextlib import contextmanager

import pikepdf
import pypdf
from django.core.management import call_command

from nameden.services.foredragningslista import HandlingVarde, arende_anmal


def pdf_med_sidor(markering: str, sidor: int) -> bytes:
    """A real PDF of `sidor` pages; page n reads "<markering> sida n"."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.Type1,
            BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding,
        )
    )
    for nummer in range(1, sidor + 1):
        sida = pdf.add_blank_page(page_size=(595, 842))
        sida.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        text = f"{markering} sida {nummer}".encode("cp1252")
        sida.Contents = pdf.make_stream(b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET")
    ut = io.BytesIO()
    pdf.save(ut)
    return ut.getvalue()


def pdf_med_lank(markering: str) -> bytes:
    """A 2-page PDF (as `pdf_med_sidor`) whose first page links to its second."""
    pdf = pikepdf.open(io.BytesIO(pdf_med_sidor(markering, 2)))
    forsta, andra = pdf.pages[0], pdf.pages[1]
    forsta.Annots = pdf.make_indirect(
        pikepdf.Array(
            [
                pdf.make_indirect(
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[72, 740, 300, 780],
                        Dest=[andra.obj, pikepdf.Name.Fit],
                    )
                )
            ]
        )
    )
    ut = io.BytesIO()
    pdf.save(ut)
    return ut.getvalue()


def anmal_med_handlingar(
    johan, sammantrade, nummer: int, *, sidor=(3, 2), sekretess=False, handlingar=None, **kw
):
    """An ärende anmält to `sammantrade` with a tjänsteutlåtande and a bilaga of `sidor`
    pages (their text: "Arende <nummer> TU sida n", "Arende <nummer> bilaga sida n"), or
    with the `handlingar` given."""
    if handlingar is not None:
        sidor = ()
    else:
        handlingar = [
            HandlingVarde(
                f"Tjänsteutlåtande {nummer}", pdf_med_sidor(f"Arende {nummer} TU", sidor[0])
            )
        ]
    if len(sidor) > 1:
        handlingar.append(
            HandlingVarde(f"Bilaga {nummer}", pdf_med_sidor(f"Arende {nummer} bilaga", sidor[1]))
        )
    punkt = arende_anmal(
        user=johan,
        sammantrade=sammantrade,
        kalla="remiss",
        referens=str(nummer),
        rubrik=kw.pop("rubrik", f"Ärende nummer {nummer}"),
        diarienummer=kw.pop("diarienummer", f"SOF 2024/{nummer}"),
        forslag_till_beslut=kw.pop("forslag", f"Nämnden beslutar i ärende {nummer}."),
        handlingar=handlingar,
    )
    if sekretess:
        from nameden.services.foredragningslista import punkt_andra

        punkt = punkt_andra(
            user=johan,
            punkt=punkt,
            rubrik=punkt.rubrik,
            diarienummer=punkt.diarienummer,
            forslag_till_beslut=punkt.forslag_till_beslut,
            sekretess=True,
        )
    return punkt


@contextmanager
def _signaler_ater():
    """The worker installs its own SIGINT/SIGTERM handlers: give the test run its own back."""
    sparade = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        yield
    finally:
        for s, handler in sparade.items():
            signal.signal(s, handler)


def kor_arbetaren() -> str:
    """Run the real database worker (`manage.py db_worker`) until the queue is empty."""
    ut = io.StringIO()
    with _signaler_ater():
        call_command(
            "db_worker",
            batch=True,
            reload=False,
            startup_delay=False,
            interval=0,
            verbosity=0,
            stdout=ut,
        )
    return ut.getvalue()


def sidtexter(data: bytes) -> list[str]:
    return [sida.extract_text() or "" for sida in pypdf.PdfReader(io.BytesIO(data)).pages]


def las_paket(paket) -> bytes:
    with paket.fil.open("rb") as fil:
        return fil.read()
