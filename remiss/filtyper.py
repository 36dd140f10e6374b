"""Which files may be attached to a tjänsteutlåtande: the names the remiss side uses.

The check itself lives in `nameden.filkontroll` (one check for every upload of the system):
the type by the bytes at offset 0, a PDF that parses and carries no active content, DOCX and
ODT read with bounds, and a virus scan. This module keeps the names the pages use.
"""

import io

from nameden.filkontroll import FILTYPER, TILLATNA_TEXT, typ_av_innehall

__all__ = ["FILTYPER", "TILLATNA_TEXT", "detect_bytes"]


def detect_bytes(data: bytes) -> str | None:
    """'pdf', 'docx' or 'odt' by content (the type only, not the full check)."""
    return typ_av_innehall(io.BytesIO(data))
