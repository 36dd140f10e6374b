"""DOCX and ODT: ZIP archives read as streams, with bounds counted while decompressing.

A ZIP's header sizes are whatever its author wrote, so nothing here trusts them: the central
directory is bounded before it is parsed (its size and entry count, from the end record),
and every entry is decompressed in small chunks while the bytes that actually come out are
counted, per entry against the compressed bytes read so far (the ratio) and over the whole
archive (the total). A zip bomb, including an ODT whose `mimetype` entry expands to
gigabytes, is refused after about `KVOT_FRAN` bytes of its worst entry or `MAX_UPPACKAT` in
all, in memory of the order of one chunk.
"""

import struct
import zipfile
import zlib

from django.core.exceptions import ValidationError

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

# A Word or LibreOffice document has tens of parts, a few hundred with many images.
MAX_POSTER = 2000
# The central directory of MAX_POSTER entries with long names fits well within this.
MAX_KATALOG_BYTES = 1024 * 1024
# Uncompressed bytes over the whole archive: text compresses about 10:1, images not at all,
# so a 25 MB document stays far below.
MAX_UPPACKAT = 100 * 1024 * 1024
# Per entry, once it has produced KVOT_FRAN bytes: XML rarely passes 30:1, a bomb is 1000:1.
MAX_KVOT = 100
KVOT_FRAN = 1024 * 1024
# Output asked for per read. zipfile reads about as many compressed bytes when its
# decompressor runs dry, so this also sets how far the ratio can lag: a bomb is caught once it
# has produced about MAX_KVOT * BIT bytes, here 1.6 MB.
BIT = 16 * 1024

_SLUTPOST = b"PK\x05\x06"
_SLUTPOST_FORMAT = "<4s4H2LH"
_SLUTPOST_STORLEK = struct.calcsize(_SLUTPOST_FORMAT)
_ZIP64 = (0xFFFF, 0xFFFFFFFF)

FEL_BOMB = (
    "Filen packas upp till orimligt mycket mer än den väger (den kan vara en så kallad "
    "zip-bomb) och har inte sparats. Spara dokumentet på nytt i Word eller LibreOffice och "
    "försök igen."
)
FEL_FOR_MANGA = (
    f"Filen består av fler än {MAX_POSTER} delar och kan inte tas emot. Spara dokumentet på "
    "nytt i Word eller LibreOffice och försök igen."
)
FEL_SKADAD = (
    "Filen är skadad och går inte att läsa. Spara dokumentet på nytt i Word eller "
    "LibreOffice och försök igen."
)
FEL_SOKVAG = (
    "Filen innehåller delar med otillåtna sökvägar (till exempel ”../” eller en absolut "
    "sökväg) och har inte sparats."
)
FEL_MAKRO = (
    "Filen innehåller makron, som inte får finnas i en handling. Spara dokumentet utan makron "
    "(som vanlig .docx eller .odt) och försök igen."
)
FEL_KRYPTERAD = (
    "Filen är lösenordsskyddad och kan därför inte kontrolleras. Ta bort lösenordet och "
    "försök igen."
)
FEL_PACKNING = (
    "Filen är packad på ett sätt som Word och LibreOffice inte använder. Spara dokumentet på "
    "nytt och försök igen."
)


class _Raknare:
    """The upload seen through a counter of the bytes read from it: while one entry is
    decompressed, that is its compressed bytes actually consumed (not what its header says)."""

    def __init__(self, fil):
        self.fil = fil
        self.last = 0

    def read(self, n=-1):
        data = self.fil.read(n)
        self.last += len(data)
        return data

    def seek(self, *args):
        return self.fil.seek(*args)

    def tell(self):
        return self.fil.tell()

    def seekable(self):
        return True


class Arkivfel(ValidationError):
    """A refusal that also tells how many bytes were decompressed before it (the bound on
    work that the tests measure)."""

    def __init__(self, message, *, code, uppackat=0):
        super().__init__(message, code=code)
        self.uppackat = uppackat


def _katalog_inom_granser(fil) -> bool:
    """Read the end-of-central-directory record and refuse a directory too large to parse.

    False when there is no readable end record (not a ZIP at all). ZIP64 archives are
    refused: a document under the upload limit never needs them, and their counts are a
    second place to lie.
    """
    fil.seek(0, 2)
    storlek = fil.tell()
    svans = min(storlek, _SLUTPOST_STORLEK + 0xFFFF)
    fil.seek(storlek - svans)
    data = fil.read(svans)
    fil.seek(0)
    pos = data.rfind(_SLUTPOST)
    if pos < 0 or len(data) - pos < _SLUTPOST_STORLEK:
        return False
    _, _, _, _, poster, katalog, start, _ = struct.unpack(
        _SLUTPOST_FORMAT, data[pos : pos + _SLUTPOST_STORLEK]
    )
    if poster in _ZIP64 or katalog in _ZIP64 or start in _ZIP64:
        raise Arkivfel(FEL_FOR_MANGA, code="for_manga_delar")
    if poster > MAX_POSTER or katalog > MAX_KATALOG_BYTES:
        raise Arkivfel(FEL_FOR_MANGA, code="for_manga_delar")
    return True


def _las_hogst(archive: zipfile.ZipFile, info: zipfile.ZipInfo, n: int) -> bytes:
    with archive.open(info) as entry:
        return entry.read(n)


def kontorstyp(fil) -> str | None:
    """'odt' or 'docx' when the archive has the parts its format requires, else None.

    An ODT's first entry is `mimetype` naming the format; only a few bytes more than that
    name are ever read from it.
    """
    try:
        if not _katalog_inom_granser(fil):
            return None
        with zipfile.ZipFile(fil) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_POSTER:
                raise Arkivfel(FEL_FOR_MANGA, code="for_manga_delar")
            names = {info.filename for info in infos}
            if infos and infos[0].filename == "mimetype":
                tak = len(ODT_MIMETYPE) + 64
                mimetype = _las_hogst(archive, infos[0], tak + 1)
                if len(mimetype) > tak:
                    raise Arkivfel(FEL_BOMB, code="zipbomb", uppackat=len(mimetype))
                if mimetype.strip() == ODT_MIMETYPE:
                    return "odt" if "content.xml" in names else None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, ValueError):
        return None
    except (NotImplementedError, RuntimeError):
        # An unsupported compression method or an encrypted mimetype entry.
        return None
    return None


def _farlig_sokvag(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return True
    if len(name) > 1 and name[1] == ":":
        return True
    return ".." in name.split("/")


def _ar_makro(name: str, filtyp: str) -> bool:
    lower = name.lower()
    if filtyp == "docx":
        return lower.endswith(("vbaproject.bin", "vbadata.xml"))
    return lower.startswith(("basic/", "scripts/"))


def _kontrollera_poster(infos: list[zipfile.ZipInfo], filtyp: str) -> None:
    sedda = set()
    for info in infos:
        if _farlig_sokvag(info.filename):
            raise Arkivfel(FEL_SOKVAG, code="sokvag")
        if info.filename in sedda:
            # Two entries under one name: readers disagree on which one counts.
            raise Arkivfel(FEL_SKADAD, code="skadad")
        sedda.add(info.filename)
        if info.flag_bits & 0x1:
            raise Arkivfel(FEL_KRYPTERAD, code="krypterad")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Arkivfel(FEL_PACKNING, code="packning")
        if _ar_makro(info.filename, filtyp):
            raise Arkivfel(FEL_MAKRO, code="makro")


def granska(fil, *, filtyp: str) -> int:
    """Decompress every entry with the bounds above; return the bytes decompressed.

    Raises `Arkivfel` (a ValidationError) on the first bound crossed or on a damaged entry
    (zipfile checks each entry's CRC when it reaches its end).
    """
    uppackat = 0
    try:
        if not _katalog_inom_granser(fil):
            raise Arkivfel(FEL_SKADAD, code="skadad")
        raknare = _Raknare(fil)
        with zipfile.ZipFile(raknare) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_POSTER:
                raise Arkivfel(FEL_FOR_MANGA, code="for_manga_delar")
            _kontrollera_poster(infos, filtyp)
            for info in infos:
                ut = 0
                with archive.open(info) as entry:
                    fore = raknare.last
                    while bit := entry.read(BIT):
                        ut += len(bit)
                        uppackat += len(bit)
                        packat = max(1, raknare.last - fore)
                        if uppackat > MAX_UPPACKAT or (ut > KVOT_FRAN and ut > MAX_KVOT * packat):
                            raise Arkivfel(FEL_BOMB, code="zipbomb", uppackat=uppackat)
    except Arkivfel:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, OSError, EOFError, ValueError) as exc:
        raise Arkivfel(FEL_SKADAD, code="skadad", uppackat=uppackat) from exc
    except (NotImplementedError, RuntimeError) as exc:
        raise Arkivfel(FEL_PACKNING, code="packning", uppackat=uppackat) from exc
    finally:
        fil.seek(0)
    return uppackat
