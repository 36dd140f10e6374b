"""Backup and restore (docs/drift.md, "Säkerhetskopiering och återställning").

A backup is a directory:

    databas.dump | databas.sqlite3   pg_dump -Fc, or SQLite's online backup
    filer/<name>                     every file in the default storage, under its storage name
    manifest.json                    written last: without it the backup never finished

The files are copied object by object through Django's storage API, so the file system and
S3 are backed up and restored by the same code. The manifest lists every file with its size
and SHA-256, the rows of every table, and every document row with the SHA-256 it records
(`nameden.sakerhetskopia_databas`). The database is dumped first: stored files are never
changed or reused under a new content (a taken name gets a new one), so every file a dumped
row names is already in storage when the files are walked.

`kontrollera` checks a backup without restoring it; `aterstall` restores only into an empty
database and an empty storage, checks the backup before it touches anything, and afterwards
checks the restored site against the manifest: every file read back through the storage,
every document's recorded SHA-256 against its file, every table's row count.
"""

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import storages
from django.db import connections
from django.utils import timezone

from nameden import sakerhetskopia_databas as databas
from nameden.svenska import antal

FORMAT = "remiss-sakerhetskopia/1"
MANIFEST = "manifest.json"
FILMAPP = "filer"
BIT = 1024 * 1024


class SakerhetskopiaFel(Exception):
    """The backup cannot be taken, checked or restored; the message says why, in Swedish."""


@dataclass
class Resultat:
    """What a backup, check or restore found: the figures it prints and every mismatch."""

    filer: int = 0
    byte: int = 0
    dokument: int = 0
    rader: int = 0
    avvikelser: list[str] = field(default_factory=list)


def _sha256(fil) -> tuple[str, int]:
    summa, storlek = hashlib.sha256(), 0
    while bit := fil.read(BIT):
        summa.update(bit)
        storlek += len(bit)
    return summa.hexdigest(), storlek


def _lagring():
    return storages["default"]


def _alla_namn(lagring, mapp: str = "") -> list[str]:
    """Every file name in the storage, walked with `listdir` (the file system and S3 alike)."""
    try:
        mappar, filer = lagring.listdir(mapp)
    except FileNotFoundError:
        return []
    namn = [f"{mapp}/{f}" if mapp else f for f in filer]
    for undermapp in mappar:
        namn += _alla_namn(lagring, f"{mapp}/{undermapp}" if mapp else undermapp)
    return sorted(namn)


def _sakert_namn(namn: str) -> PurePosixPath:
    """A storage name as a relative path inside the backup; a manifest naming `..` or an
    absolute path (altered by hand) is refused rather than written outside it."""
    sokvag = PurePosixPath(namn)
    if not namn or sokvag.is_absolute() or ".." in sokvag.parts or "\\" in namn:
        raise SakerhetskopiaFel(f"Manifestet nämner ett ogiltigt filnamn: {namn!r}.")
    return sokvag


def _dokumentfel(rad: dict, filer: dict[str, str]) -> str:
    """Why a document row does not match the files (empty if it does)."""
    vad = f"{rad['tabell']} id {rad['id']} ({rad['falt']})"
    if not rad["sha256"]:
        return f"{vad}: raden saknar SHA-256."
    if not rad["fil"]:
        if rad["innehall_sha256"] != rad["sha256"]:
            return f"{vad}: innehållets SHA-256 stämmer inte med den lagrade."
        return ""
    if rad["fil"] not in filer:
        return f"{vad}: filen {rad['fil']} saknas."
    if filer[rad["fil"]] != rad["sha256"]:
        return f"{vad}: filen {rad['fil']} har inte den SHA-256 raden anger."
    return ""


def sakerhetskopiera(mal: Path) -> Resultat:
    """Back up the configured database and default storage into the new directory `mal`.
    The result lists documents whose file is missing or differs: the backup is still
    written (it is a true copy of the site), and the command says so and fails."""
    mal = Path(mal)
    if mal.exists() and (not mal.is_dir() or any(mal.iterdir())):
        raise SakerhetskopiaFel(
            f"{mal} finns redan och är inte en tom mapp: en säkerhetskopia skrivs alltid till "
            "en ny mapp."
        )
    (mal / FILMAPP).mkdir(parents=True, exist_ok=True)
    vendor = connections["default"].vendor
    dumpfil = mal / databas.DUMPFIL.get(vendor, "databas")
    try:
        with databas.dumpa(dumpfil) as cursor:
            tabeller = databas.rakna(cursor)
            dokument = databas.dokument(cursor)
    except databas.DatabasFel as exc:
        raise SakerhetskopiaFel(str(exc)) from exc

    lagring, filer = _lagring(), []
    for namn in _alla_namn(lagring):
        malfil = mal / FILMAPP / _sakert_namn(namn)
        malfil.parent.mkdir(parents=True, exist_ok=True)
        try:
            kalla = lagring.open(namn, "rb")
        except FileNotFoundError:
            continue  # removed since it was listed (a /healthz probe's file): not a document
        with kalla, open(malfil, "wb") as ut:
            summa, storlek = hashlib.sha256(), 0
            while bit := kalla.read(BIT):
                summa.update(bit)
                storlek += len(bit)
                ut.write(bit)
        filer.append({"namn": namn, "storlek": storlek, "sha256": summa.hexdigest()})

    with open(dumpfil, "rb") as f:
        dump_sha, dump_storlek = _sha256(f)
    manifest = {
        "format": FORMAT,
        "skapad": timezone.now().isoformat(),
        "databas": {
            "motor": vendor,
            "fil": dumpfil.name,
            "storlek": dump_storlek,
            "sha256": dump_sha,
        },
        "lagring": f"{type(lagring).__module__}.{type(lagring).__qualname__}",
        "tabeller": tabeller,
        "filer": filer,
        "dokument": dokument,
    }
    hashar = {f["namn"]: f["sha256"] for f in filer}
    resultat = Resultat(
        filer=len(filer),
        byte=sum(f["storlek"] for f in filer),
        dokument=len(dokument),
        rader=sum(tabeller.values()),
        avvikelser=[fel for rad in dokument if (fel := _dokumentfel(rad, hashar))],
    )
    manifest["avvikelser"] = resultat.avvikelser
    # Last, and whole or not at all: a backup without its manifest is recognisably unfinished.
    tillfallig = mal / f".{MANIFEST}.tmp"
    with open(tillfallig, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tillfallig, mal / MANIFEST)
    return resultat


def las_manifest(kalla: Path) -> dict:
    """The backup's manifest, or `SakerhetskopiaFel` saying why there is none to trust."""
    fil = Path(kalla) / MANIFEST
    if not Path(kalla).is_dir():
        raise SakerhetskopiaFel(f"Mappen {kalla} finns inte.")
    if not fil.is_file():
        raise SakerhetskopiaFel(
            f"{kalla} saknar {MANIFEST}: säkerhetskopian blev aldrig klar (avbruten eller "
            "ofullständig) och kan inte användas."
        )
    try:
        manifest = json.loads(fil.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SakerhetskopiaFel(f"{fil} går inte att läsa som JSON: {exc}.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise SakerhetskopiaFel(f"{fil} är inte ett manifest i formatet {FORMAT}.")
    return manifest


def kontrollera(kalla: Path) -> Resultat:
    """Check a backup without restoring it: the dump and every file have the size and
    SHA-256 the manifest gives, no file is missing or extra, and every document row's
    recorded SHA-256 is the hash of its file."""
    kalla = Path(kalla)
    manifest = las_manifest(kalla)
    resultat = Resultat(dokument=len(manifest["dokument"]))
    resultat.rader = sum(manifest["tabeller"].values())
    avvikelser = resultat.avvikelser
    db = manifest["databas"]
    dumpfil = kalla / _sakert_namn(db["fil"])
    if not dumpfil.is_file():
        avvikelser.append(f"Databasdumpen {db['fil']} saknas.")
    else:
        with open(dumpfil, "rb") as f:
            if _sha256(f) != (db["sha256"], db["storlek"]):
                avvikelser.append(f"Databasdumpen {db['fil']} är ändrad eller skadad.")

    lasta = {}
    for post in manifest["filer"]:
        fil = kalla / FILMAPP / _sakert_namn(post["namn"])
        if not fil.is_file():
            avvikelser.append(f"Filen {post['namn']} saknas i säkerhetskopian.")
            continue
        with open(fil, "rb") as f:
            lasta[post["namn"]], storlek = _sha256(f)
        if (lasta[post["namn"]], storlek) != (post["sha256"], post["storlek"]):
            avvikelser.append(
                f"Filen {post['namn']} är ändrad eller skadad (SHA-256 stämmer inte)."
            )
        resultat.filer += 1
        resultat.byte += storlek
    kanda = {post["namn"] for post in manifest["filer"]}
    for fil in sorted((kalla / FILMAPP).rglob("*")):
        namn = fil.relative_to(kalla / FILMAPP).as_posix()
        if fil.is_file() and namn not in kanda:
            avvikelser.append(f"Filen {namn} finns i säkerhetskopian men inte i manifestet.")
    # Against the hashes just read, not the manifest's: a changed file fails its document too.
    avvikelser += [fel for rad in manifest["dokument"] if (fel := _dokumentfel(rad, lasta))]
    return resultat


def kontrollera_webbplatsen(manifest: dict) -> Resultat:
    """Check the configured database and storage against a manifest (after a restore):
    every table has the manifest's rows, every document row is there with the same recorded
    SHA-256, every file reads back through the storage with its SHA-256, and each document's
    file hashes to what its row records."""
    resultat = Resultat()
    avvikelser = resultat.avvikelser
    with connections["default"].cursor() as cursor:
        tabeller = databas.rakna(cursor, manifest["tabeller"])
        dokument = databas.dokument(cursor)
    for tabell, rader in sorted(manifest["tabeller"].items()):
        if tabeller.get(tabell) != rader:
            avvikelser.append(
                f"Tabellen {tabell} har {tabeller.get(tabell, 'inga')} rader, manifestet {rader}."
            )
    if dokument != manifest["dokument"]:
        avvikelser.append("Dokumentraderna (fil och SHA-256) stämmer inte med manifestet.")

    lagring, hashar = _lagring(), {}
    for post in manifest["filer"]:
        try:
            with lagring.open(post["namn"], "rb") as f:
                hashar[post["namn"]], storlek = _sha256(f)
        except FileNotFoundError:
            avvikelser.append(f"Filen {post['namn']} saknas i lagringen.")
            continue
        if (hashar[post["namn"]], storlek) != (post["sha256"], post["storlek"]):
            avvikelser.append(f"Filen {post['namn']} i lagringen har fel SHA-256.")
        resultat.filer += 1
        resultat.byte += storlek
    avvikelser += [fel for rad in dokument if (fel := _dokumentfel(rad, hashar))]
    resultat.dokument, resultat.rader = len(dokument), sum(tabeller.values())
    return resultat


def aterstall(kalla: Path) -> Resultat:
    """Restore the backup in `kalla` into the configured database and default storage, both
    of which must be empty, then check the result against the manifest. The backup is
    checked first and nothing is written if anything in it differs."""
    kalla = Path(kalla)
    fore = kontrollera(kalla)
    if fore.avvikelser:
        raise SakerhetskopiaFel(
            "Säkerhetskopian stämmer inte med sitt manifest, så ingenting återställs:\n  "
            + "\n  ".join(fore.avvikelser)
        )
    manifest = las_manifest(kalla)
    vendor = manifest["databas"]["motor"]
    connection = connections["default"]
    if connection.vendor != vendor:
        raise SakerhetskopiaFel(
            f"Säkerhetskopian är tagen från {databas.MOTOR.get(vendor, vendor)}, men den "
            f"inställda databasen är {databas.MOTOR.get(connection.vendor, connection.vendor)}."
        )
    namn = connection.settings_dict["NAME"]
    if tabeller := databas.databasens_tabeller():
        ny = (
            "Skapa en (createdb) och peka DATABASE_URL på den."
            if vendor == "postgresql"
            else "Peka SQLITE_PATH på en fil som inte finns."
        )
        raise SakerhetskopiaFel(
            f"Databasen {namn} är inte tom ({antal(len(tabeller), 'tabell', 'tabeller')}): "
            f"en säkerhetskopia återställs bara till en ny, tom databas. {ny}"
        )
    lagring = _lagring()
    if befintliga := _alla_namn(lagring):
        raise SakerhetskopiaFel(
            f"Lagringen är inte tom ({antal(len(befintliga), 'fil', 'filer')}, t.ex. "
            f"{befintliga[0]}): en säkerhetskopia återställs bara till en tom mapp eller bucket."
        )

    for post in manifest["filer"]:
        with open(kalla / FILMAPP / _sakert_namn(post["namn"]), "rb") as f:
            sparad = lagring.save(post["namn"], File(f, name=post["namn"]))
        if sparad != post["namn"]:
            raise SakerhetskopiaFel(
                f"Lagringen sparade {post['namn']} som {sparad}: återställningen avbröts. "
                "Töm lagringen och databasen och försök igen."
            )
    try:
        databas.aterstall(kalla / manifest["databas"]["fil"], vendor)
    except databas.DatabasFel as exc:
        raise SakerhetskopiaFel(
            f"{exc}\nFilerna är återställda men databasen inte: töm lagringen och försök igen."
        ) from exc
    return kontrollera_webbplatsen(manifest)
