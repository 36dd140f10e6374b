"""The database half of a backup (`nameden.sakerhetskopia`): dump and restore, and what the
manifest says about the rows.

PostgreSQL is dumped with `pg_dump -Fc` and restored with `pg_restore`, both reading the
connection from `settings.DATABASES["default"]` (the password through the environment, never
on the command line). The dump runs on a snapshot exported from a REPEATABLE READ transaction,
and the same transaction counts the rows and lists the documents: the manifest describes
exactly the rows in the dump, however busy the site is. SQLite is copied with its online
backup API, which gives a consistent copy of a live database, and the manifest is read from
that copy.

Rows are read with plain SQL on table and column names taken from the models, so the same
code reads a live database, a fresh SQLite copy and a restored database alike, and `nameden`
finds `remiss`'s documents without importing it.
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import connections, models, transaction

#: The dump's file name inside a backup, per database engine (`connection.vendor`).
DUMPFIL = {"postgresql": "databas.dump", "sqlite": "databas.sqlite3"}
MOTOR = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


class DatabasFel(Exception):
    """The database could not be dumped or restored; the message says why, in Swedish."""


@dataclass(frozen=True)
class Dokumentfalt:
    """A stored file (FileField) or stored bytes (BinaryField) and the column that records
    its SHA-256: `fil` ↔ `sha256`, `offentlig_fil` ↔ `offentlig_sha256`, and where a model
    keeps another document's hash in `sha256` (a handlingsdel), `fil` ↔ `fil_sha256`."""

    tabell: str
    pk: str
    falt: str
    sha256: str
    #: True for bytes kept in the row itself (a kommun's logotyp), not a file in storage.
    i_raden: bool = False


def _hashkolumn(model, falt) -> str:
    namn = {f.name: f.column for f in model._meta.concrete_fields}
    for kandidat in (f"{falt.name}_sha256", f"{falt.name.removesuffix('fil')}sha256"):
        if kandidat in namn and kandidat != falt.name:
            return namn[kandidat]
    return ""


def dokumentfalt() -> list[Dokumentfalt]:
    """Every file field of every model with the column that records its SHA-256, found from
    the models themselves (a new document kind is backed up and checked without a change
    here). A file field without a hash column is listed with `sha256=""`."""
    funna = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for falt in model._meta.concrete_fields:
            if isinstance(falt, models.FileField):
                funna.append(
                    Dokumentfalt(
                        model._meta.db_table,
                        model._meta.pk.column,
                        falt.column,
                        _hashkolumn(model, falt),
                    )
                )
            elif isinstance(falt, models.BinaryField) and _hashkolumn(model, falt):
                funna.append(
                    Dokumentfalt(
                        model._meta.db_table,
                        model._meta.pk.column,
                        falt.column,
                        _hashkolumn(model, falt),
                        i_raden=True,
                    )
                )
    return sorted(funna, key=lambda d: (d.tabell, d.falt))


def tabeller() -> list[str]:
    """The tables of every model (m2m tables included), in name order."""
    return sorted(
        {m._meta.db_table for m in apps.get_models(include_auto_created=True) if m._meta.managed}
    )


def _q(namn: str) -> str:
    return '"' + namn.replace('"', '""') + '"'


def rakna(cursor, namn=None) -> dict[str, int]:
    """Rows per table, as the manifest keeps them: the models' tables, or those `namn` gives
    (a restored database is counted by the tables its manifest lists)."""
    svar = {}
    for tabell in sorted(namn) if namn is not None else tabeller():
        cursor.execute(f"SELECT COUNT(*) FROM {_q(tabell)}")
        svar[tabell] = cursor.fetchone()[0]
    return svar


def dokument(cursor) -> list[dict]:
    """Every stored document's row: table, id, field, file name and its recorded SHA-256.
    For bytes kept in the row, `fil` is empty and `innehall_sha256` is the bytes' own hash."""
    rader = []
    for d in dokumentfalt():
        hash_sql = _q(d.sha256) if d.sha256 else "''"
        cursor.execute(
            f"SELECT {_q(d.pk)}, {_q(d.falt)}, {hash_sql} FROM {_q(d.tabell)} ORDER BY {_q(d.pk)}"
        )
        for pk, varde, sha in cursor.fetchall():
            rad = {"tabell": d.tabell, "id": str(pk), "falt": d.falt, "sha256": sha or ""}
            if d.i_raden:
                if not varde:
                    continue
                rad["fil"] = ""
                rad["innehall_sha256"] = hashlib.sha256(bytes(varde)).hexdigest()
            elif not varde:
                continue
            else:
                rad["fil"] = varde
            rader.append(rad)
    return rader


def _pg_program(namn: str) -> str:
    program = shutil.which(namn)
    if program is None:
        raise DatabasFel(
            f"{namn} finns inte på den här datorn. Installera PostgreSQL:s klientprogram "
            "(Debian: postgresql-client, samma huvudversion som servern)."
        )
    return program


def _pg_miljo(installning: dict) -> dict[str, str]:
    """libpq's environment for the configured database: nothing secret on the command line."""
    miljo = dict(os.environ)
    for nyckel, variabel in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if installning.get(nyckel):
            miljo[variabel] = str(installning[nyckel])
    alternativ = installning.get("OPTIONS") or {}
    for nyckel in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        if alternativ.get(nyckel):
            miljo[f"PG{nyckel.upper()}"] = str(alternativ[nyckel])
    miljo["PGDATABASE"] = installning["NAME"]
    return miljo


def _kor(argument: list[str], installning: dict, vad: str) -> None:
    resultat = subprocess.run(
        argument, env=_pg_miljo(installning), capture_output=True, text=True, check=False
    )
    if resultat.returncode != 0:
        raise DatabasFel(f"{vad} misslyckades: {resultat.stderr.strip() or resultat.returncode}")


@contextmanager
def dumpa(mal: Path, alias: str = "default") -> Iterator:
    """Write the database's dump to `mal` and yield a cursor that reads the very rows dumped
    (for the manifest). Not inside another transaction: the snapshot must be the first thing
    the transaction does."""
    connection = connections[alias]
    if connection.in_atomic_block:
        raise DatabasFel("Säkerhetskopian måste tas utanför en pågående databastransaktion.")
    if connection.vendor == "postgresql":
        program = _pg_program("pg_dump")
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _kor(
                [program, "--format=custom", f"--snapshot={snapshot}", f"--file={mal}"],
                connection.settings_dict,
                "pg_dump",
            )
            yield cursor
    elif connection.vendor == "sqlite":
        kalla = closing(sqlite3.connect(connection.settings_dict["NAME"]))
        with kalla as lasare, closing(sqlite3.connect(mal)) as kopia:
            lasare.backup(kopia)
            yield kopia.cursor()
    else:
        raise DatabasFel(f"Databasmotorn {connection.vendor} kan inte säkerhetskopieras.")


def databasens_tabeller(alias: str = "default") -> list[str]:
    """The tables in the configured database (empty for a database just created)."""
    with connections[alias].cursor() as cursor:
        return connections[alias].introspection.table_names(cursor)


def aterstall(dump: Path, vendor: str, alias: str = "default") -> None:
    """Load `dump` into the configured database, which the caller has found empty. On
    PostgreSQL in one transaction (`--single-transaction --exit-on-error`): a failed restore
    leaves the database as empty as it was. Owners and grants are the target's own."""
    connection = connections[alias]
    if connection.vendor != vendor:
        raise DatabasFel(
            f"Säkerhetskopian är tagen från {MOTOR.get(vendor, vendor)}, men den inställda "
            f"databasen är {MOTOR.get(connection.vendor, connection.vendor)}."
        )
    installning = connection.settings_dict
    connection.close()
    if vendor == "postgresql":
        _kor(
            [
                _pg_program("pg_restore"),
                "--single-transaction",
                "--exit-on-error",
                "--no-owner",
                "--no-privileges",
                f"--dbname={installning['NAME']}",
                str(dump),
            ],
            installning,
            "pg_restore",
        )
    else:
        # The empty file Django just opened (in WAL mode) goes, so the copy gets its own
        # page size and journal mode.
        for rest in ("", "-wal", "-shm"):
            Path(f"{installning['NAME']}{rest}").unlink(missing_ok=True)
        with (
            closing(sqlite3.connect(dump)) as kalla,
            closing(sqlite3.connect(installning["NAME"])) as mal,
        ):
            kalla.backup(mal)
    connections.close_all()
