"""A kommun's logotyp, checked and rebuilt before it is ever stored.

A logo comes from an administrator's computer and ends up in every document the kommun
prints, so it is treated as hostile input until proven otherwise:

* **PNG** is recognised by its signature (not by the file name), its declared size is
  bounded before a single pixel is decoded (the decompression-bomb guard), Pillow decodes
  it with its own bomb warning turned into an error, and the pixels are written out again as
  a fresh PNG: no text, EXIF, ICC or private chunk of the upload survives.
* **SVG** is parsed with defusedxml (no DTD, no entities, no external references: billion
  laughs and XXE stop at the parser), its size and depth are bounded, and the drawing is
  rebuilt element by element from an allow-list of SVG elements, attributes and style
  properties. Active content (script, foreignObject, images, animation, links, event
  handlers) is refused with a message that names it; anything else outside the lists
  (editor metadata, comments) is left out. The only references kept are local ones
  ("#id", "url(#id)"), so the PDF renderer never fetches anything for the logo. That half
  lives in `nameden.logotyp_svg`.

`sanera(data)` returns a `Logotyp` (the sanitised bytes, their MIME type and SHA-256) or raises
`ValidationError` with a Swedish message. Only a `Logotyp` is ever stored (`Kommun.logotyp`).
"""

import base64
import hashlib
import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from nameden import logotyp_svg

PNG = "image/png"
SVG = "image/svg+xml"

#: The largest upload accepted (a letterhead logo is a few tens of kilobytes).
MAX_BYTES = 1024 * 1024
#: PNG: the largest side and the most pixels decoded (4 Mpx RGBA is 16 MB in memory).
MAX_SIDA = 4000
MAX_PIXLAR = 4_000_000

PNG_SIGNATUR = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Logotyp:
    """A sanitised logo: what is stored and what a document copies."""

    mime: str
    data: bytes
    sha256: str

    @property
    def data_uri(self) -> str:
        """The logo as a data: URI, which the PDF fetcher decodes itself (no file, no net)."""
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"


def _fel(text: str, code: str) -> ValidationError:
    return ValidationError(text, code=code)


def sanera(data: bytes) -> Logotyp:
    """Check `data` and rebuild it as a safe PNG or SVG; ValidationError (Swedish) if it
    cannot be. What kind of file it is comes from its content, never its name."""
    if not data:
        raise _fel("Logotypfilen är tom.", "tom")
    if len(data) > MAX_BYTES:
        raise _fel(
            f"Logotypen är för stor ({len(data) // 1024} kB). Den får vara högst "
            f"{MAX_BYTES // 1024} kB.",
            "for_stor",
        )
    if data.startswith(PNG_SIGNATUR):
        ren, mime = _sanera_png(data), PNG
    elif logotyp_svg.ser_ut_som_svg(data):
        ren, mime = logotyp_svg.sanera_svg(data), SVG
    else:
        raise _fel(
            "Logotypen måste vara en PNG- eller SVG-fil. Filens innehåll är inget av dem, "
            "oavsett vad filen heter.",
            "filtyp",
        )
    return Logotyp(mime=mime, data=ren, sha256=hashlib.sha256(ren).hexdigest())


def kontrollera_lagrad(*, mime: str, data: bytes, sha256: str) -> Logotyp:
    """A stored logo as a `Logotyp`, after checking it still is what `sanera` made: the same
    bytes come out of sanitising it again and its SHA-256 matches. ValidationError if not."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise _fel("Den lagrade logotypen stämmer inte med sin kontrollsumma.", "sha256")
    logotyp = sanera(data)
    if logotyp.mime != mime or logotyp.data != data:
        raise _fel("Den lagrade logotypen är inte sanerad. Ladda upp den igen.", "osanerad")
    return logotyp


# --- PNG ------------------------------------------------------------------------------------


def _sanera_png(data: bytes) -> bytes:
    from PIL import Image, UnidentifiedImageError

    trasig = _fel("PNG-filen går inte att läsa. Spara om den och försök igen.", "trasig")
    with warnings.catch_warnings():
        # Pillow warns (and only warns) past its own pixel limit: here it is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=["PNG"]) as bild:
                bredd, hojd = bild.size
                # Checked on the header, before any pixel is decompressed.
                if bredd > MAX_SIDA or hojd > MAX_SIDA or bredd * hojd > MAX_PIXLAR:
                    raise _fel(
                        f"PNG-bilden är för stor ({bredd} × {hojd} bildpunkter). Den får vara "
                        f"högst {MAX_SIDA} bildpunkter på varje ledd och "
                        f"{MAX_PIXLAR // 1_000_000} miljoner bildpunkter totalt.",
                        "for_manga_pixlar",
                    )
                bild.load()
                rgba = bild.convert("RGBA")
        except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
            raise _fel(
                "PNG-filen packas upp till en orimligt stor bild och tas inte emot.", "bomb"
            ) from exc
        except ValidationError:
            raise
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise trasig from exc
    # A new image from the bare pixels: nothing of the upload's chunks or info comes along.
    ny = Image.frombytes("RGBA", rgba.size, rgba.tobytes())
    ut = io.BytesIO()
    ny.save(ut, format="PNG", optimize=True)
    return ut.getvalue()
