"""What the export commands share: choosing a sammanträde by `--namnd NAMN --datum ÅÅÅÅ-MM-DD`
and writing the file atomically (`export_handlingar`, `export_protokoll`; the remiss side's
`export_pdf` and `export_protokollsutdrag` write through `skriv_atomiskt` too).

Errors are `CommandError`s in Swedish, for the operator at the command line.
"""

import datetime as dt
import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import CommandError

from nameden.models import Kommun, Namnd, Sammantrade


def sammantradesargument(parser) -> None:
    """--namnd, --datum, --kommun and --out, the arguments every sammanträde export takes."""
    parser.add_argument("--namnd", required=True, help="Nämndens namn, t.ex. Socialnämnden.")
    parser.add_argument("--datum", required=True, help="Sammanträdets datum, ÅÅÅÅ-MM-DD.")
    parser.add_argument(
        "--kommun",
        default="",
        help="Kommunens kortadress (slug), t.ex. stockholm. Behövs när två kommuner har en "
        "nämnd med samma namn.",
    )
    parser.add_argument("--out", required=True, help="Filen som PDF:en skrivs till.")


def kommun_for(slug: str) -> Kommun:
    """The kommun whose kortadress is `slug` (any case); `CommandError` naming those there are."""
    kommun = Kommun.objects.filter(slug__iexact=slug.strip()).first()
    if kommun is None:
        finns = ", ".join(Kommun.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise CommandError(
            f"Det finns ingen kommun med kortadressen ”{slug.strip()}”."
            + (f" Kommuner: {finns}." if finns else "")
        )
    return kommun


def sammantrade_for(namnd: str, datum: str, *, kommun: str = "") -> Sammantrade:
    """The sammanträde of the nämnd named `namnd` (any case, spaces evened out) on `datum`,
    with `namnd__forvaltning` loaded; `CommandError` saying what is wrong otherwise.
    `kommun` (a kortadress) picks among kommuner with a nämnd of the same name."""
    try:
        dag = dt.date.fromisoformat(datum.strip())
    except ValueError as exc:
        raise CommandError(
            f"Datumet ”{datum}” går inte att läsa. Skriv det som ÅÅÅÅ-MM-DD, t.ex. 2024-04-23."
        ) from exc
    namn = " ".join(namnd.split())
    namnder = Namnd.objects.all()
    vald = kommun_for(kommun) if kommun.strip() else None
    if vald is not None:
        namnder = namnder.filter(kommun=vald)
    # Names are unique within a kommun: with several kommuner two nämnder may share one.
    traffar = list(
        namnder.filter(namn__iexact=namn).select_related("kommun").order_by("kommun__namn")[:10]
    )
    if len(traffar) > 1:
        vilka = ", ".join(f"{n.namn} ({n.kommun.namn}, --kommun {n.kommun.slug})" for n in traffar)
        raise CommandError(
            f"Flera nämnder heter ”{namn}”: {vilka}. Ange vilken kommun som avses med --kommun."
        )
    hittad = traffar[0] if traffar else None
    if hittad is None:
        finns = ", ".join(namnder.order_by("namn").values_list("namn", flat=True)[:20])
        var = f" i {vald.namn}" if vald is not None else ""
        raise CommandError(
            f"Det finns ingen nämnd som heter ”{namn}”{var}."
            + (f" Nämnder: {finns}." if finns else "")
        )
    sammantrade = (
        Sammantrade.objects.select_related("namnd__forvaltning")
        .filter(namnd=hittad, datum=dag)
        .first()
    )
    if sammantrade is None:
        raise CommandError(f"{hittad.namn} har inget sammanträde {dag.isoformat()}.")
    return sammantrade


def skriv_atomiskt(kalla: BinaryIO | bytes, mal: Path | str) -> None:
    """Write `kalla` (bytes or a binary file) to `mal` so that `mal` is either the old file or
    the whole new one: a temporary file in the same folder, synced, renamed into place."""
    if isinstance(kalla, bytes):
        kalla = io.BytesIO(kalla)
    mal = Path(mal)
    mapp = mal.parent if str(mal.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{mal.name}.", suffix=".tmp", dir=mapp)
    except OSError as exc:
        raise CommandError(f"Kunde inte skriva {mal}: {exc.strerror or exc}.") from exc
    try:
        with os.fdopen(fd, "wb") as ut:
            for bit in iter(lambda: kalla.read(1 << 20), b""):
                ut.write(bit)
            ut.flush()
            os.fsync(ut.fileno())
        os.replace(tmp, mal)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise CommandError(f"Kunde inte skriva {mal}: {exc.strerror or exc}.") from exc
