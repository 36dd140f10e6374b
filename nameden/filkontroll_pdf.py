"""PDF: it must parse, and carry nothing that acts when it is opened.

A handling is read by nämnd members and the public on whatever reader they have, so a PDF
that runs JavaScript, starts a program, opens an action on its own, hides files inside
itself or holds an XFA form (a second, scriptable document inside the PDF) is refused, not
cleaned: cleaning would change the bytes the förvaltning sent and that the SHA-256 vouches for.

Every object is visited (pikepdf resolves object streams and `#xx`-escaped names, the usual
ways to hide `/JavaScript`), with a bound on the number of nodes so a crafted file cannot
make the walk itself the attack.
"""

import pikepdf
from django.core.exceptions import ValidationError

# Nodes (dictionaries, arrays and their values) visited at most: a long real document has a
# few hundred thousand.
MAX_NODER = 2_000_000

JAVASCRIPT = "JavaScript"
OPENACTION = "en åtgärd som körs när filen öppnas (OpenAction)"
LAUNCH = "en åtgärd som startar program eller öppnar filer (Launch)"
INBADDADE = "inbäddade filer"
XFA = "ett XFA-formulär"
RICHMEDIA = "multimedia (RichMedia)"

# Action types (/S) that run code, start programs or reach embedded documents.
_AKTIONER = {
    "/JavaScript": JAVASCRIPT,
    "/Launch": LAUNCH,
    "/GoToE": INBADDADE,
    "/ImportData": LAUNCH,
    "/RichMediaExecute": RICHMEDIA,
}
# Keys whose mere presence says what the dictionary carries.
_NYCKLAR = {
    "/JS": JAVASCRIPT,
    "/EmbeddedFiles": INBADDADE,
    "/EF": INBADDADE,
    "/XFA": XFA,
    "/RichMediaContent": RICHMEDIA,
    "/RichMediaSettings": RICHMEDIA,
}
_TYPER = {"/EmbeddedFile": INBADDADE}
_SUBTYPER = {"/FileAttachment": INBADDADE, "/RichMedia": RICHMEDIA}

# The order findings are named in, most serious first.
ORDNING = [JAVASCRIPT, LAUNCH, OPENACTION, INBADDADE, XFA, RICHMEDIA]

FEL_OLASBAR = (
    "Filen börjar som en PDF men går inte att läsa som en. Spara eller skriv ut den som PDF på "
    "nytt och försök igen."
)
FEL_LOSENORD = (
    "PDF-filen är lösenordsskyddad och kan därför inte kontrolleras. Ta bort lösenordet och "
    "försök igen."
)
FEL_KOMPLEX = (
    "PDF-filen är för komplex för att kunna kontrolleras. Skriv ut den som PDF på nytt och "
    "försök igen."
)
FEL_POLYGLOT = (
    "Filen är både en PDF och ett annat format (ett ZIP-arkiv eller en webbsida) och har inte "
    "sparats. Spara eller skriv ut den som PDF på nytt och försök igen."
)


def fel_aktivt_innehall(fynd: list[str]) -> str:
    vad = fynd[0] if len(fynd) == 1 else ", ".join(fynd[:-1]) + " och " + fynd[-1]
    return (
        f"PDF-filen innehåller {vad}, som inte får finnas i en handling. Filen har inte "
        "sparats. Skriv ut den som PDF på nytt (till exempel med ”Skriv ut till PDF”) och "
        "försök igen."
    )


def _ar_polyglot(fil) -> bool:
    """A PDF that is also a ZIP (an end record in its tail) or starts like a web page.

    Readers of each format accept such a file, so what it is depends on who opens it.
    """
    fil.seek(0)
    head = fil.read(1024).lower()
    if b"<html" in head or b"<script" in head or b"<!doctype" in head:
        return True
    fil.seek(0, 2)
    storlek = fil.tell()
    fil.seek(max(0, storlek - 22 - 0xFFFF))
    svans = fil.read()
    fil.seek(0)
    pos = svans.rfind(b"PK\x05\x06")
    # A real end record sits exactly its comment length before the end of the file.
    while pos >= 0:
        if len(svans) - pos >= 22:
            kommentar = int.from_bytes(svans[pos + 20 : pos + 22], "little")
            if pos + 22 + kommentar == len(svans):
                return True
        pos = svans.rfind(b"PK\x05\x06", 0, pos)
    return False


class _Vandring:
    def __init__(self):
        self.fynd: set[str] = set()
        self.noder = 0

    def besok(self, obj, djup: int = 0) -> None:
        self.noder += 1
        if self.noder > MAX_NODER or djup > 100:
            raise ValidationError(FEL_KOMPLEX, code="komplex")
        if isinstance(obj, pikepdf.Stream):
            self._ordbok(obj.stream_dict, djup)
        elif isinstance(obj, pikepdf.Dictionary):
            self._ordbok(obj, djup)
        elif isinstance(obj, pikepdf.Array):
            for item in obj:
                self._barn(item, djup)

    def _barn(self, value, djup: int) -> None:
        # Indirect objects are visited on their own (every object of the file is), so a
        # reference is not followed here: that keeps cycles and shared objects cheap.
        nod = isinstance(value, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)
        if nod and not value.is_indirect:
            self.besok(value, djup + 1)

    def _ordbok(self, d, djup: int) -> None:
        for key in d.keys():  # noqa: SIM118 (a pikepdf Dictionary, not a dict)
            if key in _NYCKLAR:
                self.fynd.add(_NYCKLAR[key])
            value = d.get(key)
            if key == "/OpenAction" and isinstance(value, pikepdf.Dictionary):
                # An action; an array is only a destination (which page to show first).
                self.fynd.add(OPENACTION)
            if key == "/S" and isinstance(value, pikepdf.Name) and str(value) in _AKTIONER:
                self.fynd.add(_AKTIONER[str(value)])
            if key == "/Type" and isinstance(value, pikepdf.Name) and str(value) in _TYPER:
                self.fynd.add(_TYPER[str(value)])
            if key == "/Subtype" and isinstance(value, pikepdf.Name) and str(value) in _SUBTYPER:
                self.fynd.add(_SUBTYPER[str(value)])
            self._barn(value, djup)


def aktivt_innehall(pdf: pikepdf.Pdf) -> list[str]:
    """What in an opened PDF acts on its own, in ORDNING; empty when nothing does."""
    vandring = _Vandring()
    vandring.besok(pdf.trailer)
    for obj in pdf.objects:
        vandring.besok(obj)
    return [vad for vad in ORDNING if vad in vandring.fynd]


def granska(fil) -> None:
    """Raise ValidationError unless the PDF parses and carries no active content."""
    if _ar_polyglot(fil):
        raise ValidationError(FEL_POLYGLOT, code="polyglot")
    fil.seek(0)
    try:
        with pikepdf.open(fil) as pdf:
            fynd = aktivt_innehall(pdf)
    except pikepdf.PasswordError as exc:
        raise ValidationError(FEL_LOSENORD, code="losenord") from exc
    except (pikepdf.PdfError, ValueError, RecursionError) as exc:
        raise ValidationError(FEL_OLASBAR, code="olasbar") from exc
    finally:
        fil.seek(0)
    if fynd:
        raise ValidationError(fel_aktivt_innehall(fynd), code="aktivt_innehall")
