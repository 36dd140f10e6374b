"""Stored files, read back only after their SHA-256 is checked: final PDFs and bilagor.

A finalised document must never change silently; a file that no longer matches its recorded
hash is logged and never served."""

import hashlib
import logging

from django.http import Http404

from remiss.dokument import Dokument, dokument_for
from remiss.fingeravtryck import stammer
from remiss.models import (
    Bilaga,
    Slutversion,
    Tjansteutlatande,
)
from remiss.selectors.remisser import tjansteutlatande_for

logger = logging.getLogger(__name__)


class SlutversionSkadad(Exception):
    """The stored final PDF is missing or no longer matches its SHA-256. Never served."""


def gallande_slutversion(
    tu: Tjansteutlatande, *, dokument: Dokument | None = None
) -> Slutversion | None:
    """The final version that is final now, or None: the one every link and export serves.

    Only a version that was never superseded (`upphavd_at`) and whose content fingerprint
    still matches the document as it reads now counts. A superseded version stays stored (a
    public record, see `upphavd_slutversion_for`) but is never "slutlig" again; a version
    that no longer matches the content (a change made behind the app's back) is not final
    either. Pass `dokument` when the caller has already read it (`dokument_for(tu)`).
    """
    return _gallande_bland(
        tu,
        Slutversion.objects.filter(tjansteutlatande=tu, upphavd_at__isnull=True),
        dokument=dokument,
    )


def _gallande_bland(
    tu: Tjansteutlatande, slutversioner, *, dokument: Dokument | None = None
) -> Slutversion | None:
    kandidater = [s for s in slutversioner if s.upphavd_at is None]
    if not kandidater:
        return None
    dokument = dokument or dokument_for(tu)
    # Newest first (the model's ordering): after an edit and a new round there can be more.
    for slutversion in kandidater:
        if stammer(
            dokument, sha256=slutversion.fingeravtryck, format=slutversion.fingeravtryck_format
        ):
            slutversion.tjansteutlatande = tu
            return slutversion
    return None


def slutversion_for(user, remiss_pk: int) -> Slutversion:
    """The final version now in force (`gallande_slutversion`); 404 if the user cannot see the
    remiss (so its existence does not leak) or if there is none."""
    tu = tjansteutlatande_for(user, remiss_pk)
    slutversion = gallande_slutversion(tu)
    if slutversion is None:
        raise Http404("Tjänsteutlåtandet har ingen gällande slutlig PDF.")
    return slutversion


def slutversioner_for(tu: Tjansteutlatande) -> list[Slutversion]:
    """Every final version ever made of `tu`, newest first, with who made and superseded it.

    Each carries `gallande` (True for the one `gallande_slutversion` serves), for the history.
    """
    slutversioner = list(
        Slutversion.objects.filter(tjansteutlatande=tu).select_related("skapad_av", "upphavd_av")
    )
    gallande = _gallande_bland(tu, slutversioner)
    for slutversion in slutversioner:
        slutversion.tjansteutlatande = tu
        slutversion.gallande = gallande is not None and slutversion.pk == gallande.pk
    return slutversioner


def upphavd_slutversion_for(user, remiss_pk: int, pk: int) -> Slutversion:
    """A superseded final version of the remiss's tjänsteutlåtande, for the history page.

    404 if the user cannot see the remiss, if the version belongs to another document, or if
    it is not superseded (a version in force is downloaded as the final one, never as this).
    """
    tu = tjansteutlatande_for(user, remiss_pk)
    try:
        slutversion = Slutversion.objects.select_related("upphavd_av").get(
            tjansteutlatande=tu, pk=pk, upphavd_at__isnull=False
        )
    except Slutversion.DoesNotExist as exc:
        raise Http404("Den upphävda slutversionen finns inte.") from exc
    slutversion.tjansteutlatande = tu
    return slutversion


def slutversion_fil(slutversion: Slutversion) -> bytes:
    """The stored bytes, after checking them against the recorded SHA-256.

    A finalised document must never change silently: a mismatch (or a missing file) is
    logged as an error and raises `SlutversionSkadad`; the bytes are not returned.
    """
    try:
        with slutversion.fil.open("rb") as fil:
            data = fil.read()
    except OSError as exc:
        logger.error(
            "Slutversion %s: the stored file %s cannot be read: %s",
            slutversion.pk,
            slutversion.fil.name,
            exc,
        )
        raise SlutversionSkadad("Den slutliga PDF:en saknas i lagringen.") from exc
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 != slutversion.sha256:
        logger.error(
            "Slutversion %s: stored file %s has SHA-256 %s, recorded %s. Not served.",
            slutversion.pk,
            slutversion.fil.name,
            sha256,
            slutversion.sha256,
        )
        raise SlutversionSkadad(
            "Den slutliga PDF:en stämmer inte med sin kontrollsumma och lämnas inte ut."
        )
    return data


# --- Stored bilagor ------------------------------------------------------------------------


class BilagaSkadad(Exception):
    """A bilaga's stored file is missing or no longer matches its SHA-256. Never served."""


def bilaga_fil(bilaga: Bilaga, *, chunk_size: int = 1024 * 1024):
    """The bilaga's stored file, open and rewound, after checking it against its SHA-256.

    Hashed in chunks, so a large file is never held in memory; the caller streams the same
    open file. A mismatch (or a missing file) is logged as an error with both hashes and
    raises `BilagaSkadad`, as `slutversion_fil` does for the final PDF.
    """
    fil = None
    digest = hashlib.sha256()
    try:
        fil = bilaga.fil.open("rb")
        for chunk in iter(lambda: fil.read(chunk_size), b""):
            digest.update(chunk)
    except (OSError, ValueError) as exc:  # ValueError: no file recorded at all
        if fil is not None:
            fil.close()
        logger.error(
            "Bilaga %s: the stored file %s cannot be read: %s", bilaga.pk, bilaga.fil.name, exc
        )
        raise BilagaSkadad("Bilagan saknas i lagringen.") from exc
    if digest.hexdigest() != bilaga.sha256:
        fil.close()
        logger.error(
            "Bilaga %s: stored file %s has SHA-256 %s, recorded %s. Not served.",
            bilaga.pk,
            bilaga.fil.name,
            digest.hexdigest(),
            bilaga.sha256,
        )
        raise BilagaSkadad("Bilagan stämmer inte med sin kontrollsumma och lämnas inte ut.")
    fil.seek(0)
    return fil
