"""Backup and restore (issue 10): `sakerhetskopiera` and `aterstall`, for real.

The demo (seed_demo: cases with final PDFs and bilagor, sammanträden with handlingar, packets,
a justerat and anslaget protokoll, utdrag) is built once for the module and backed up once;
the test database is then given back as it was, as a serialized-rollback test does. Each
restore goes into a database made for the test (on PostgreSQL a new database, dropped after;
on SQLite a new file) and a new folder or S3 bucket, by `manage.py aterstall` in a process of
its own with those settings, as an operator runs it. The restored database is then read with
the database driver alone and compared with the source row by row, and every stored file is
read back and hashed, so the check does not lean on the code it checks.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import boto3
import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, models
from django.test.utils import override_settings

from tests.nameden.test_s3_lagring import NYCKEL, s3_server  # noqa: F401 (the fixture)

ROOT = Path(__file__).resolve().parents[2]

#: Every stored document: (table, file column, the column that records its SHA-256). Written
#: out here rather than taken from the code under test; the first test keeps it complete.
DOKUMENT = [
    ("nameden_anslag", "fil", "sha256"),
    ("nameden_anslag", "offentlig_fil", "offentlig_sha256"),
    ("nameden_handling", "fil", "sha256"),
    ("nameden_handlingsdel", "fil", "fil_sha256"),
    ("nameden_handlingspaket", "fil", "sha256"),
    ("nameden_protokoll", "fil", "sha256"),
    ("nameden_protokoll", "offentlig_fil", "offentlig_sha256"),
    ("nameden_protokollsutdrag", "fil", "sha256"),
    ("remiss_bilaga", "fil", "sha256"),
    ("remiss_slutversion", "fil", "sha256"),
]


@dataclass(frozen=True)
class Databas:
    """A database the test reads with the driver alone, and hands to `manage.py` by env."""

    vendor: str
    namn: str
    installning: dict

    def oppna(self):
        if self.vendor == "sqlite":
            return closing(sqlite3.connect(self.namn))
        import psycopg

        s = self.installning
        return psycopg.connect(
            dbname=self.namn,
            host=s.get("HOST") or None,
            port=s.get("PORT") or None,
            user=s.get("USER") or None,
            password=s.get("PASSWORD") or None,
        )

    def miljo(self) -> dict[str, str]:
        if self.vendor == "sqlite":
            return {"SQLITE_PATH": self.namn}
        s = self.installning
        losen = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return {
            "DATABASE_URL": f"postgres://{s.get('USER') or 'postgres'}{losen}@"
            f"{s.get('HOST') or '127.0.0.1'}:{s.get('PORT') or 5432}/{self.namn}"
        }

    def tabeller(self) -> list[str]:
        sql = (
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            if self.vendor == "sqlite"
            else "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
        with self.oppna() as db:
            return sorted(r[0] for r in db.cursor().execute(sql).fetchall())

    def innehall(self) -> dict[str, list[tuple]]:
        """Every row of every table, in a stable order."""
        svar = {}
        with self.oppna() as db:
            for tabell in self.tabeller():
                rader = db.cursor().execute(f'SELECT * FROM "{tabell}"').fetchall()
                svar[tabell] = sorted((tuple(r) for r in rader), key=repr)
        return svar

    def dokument(self) -> list[tuple[str, str, str]]:
        """(table, file name, recorded SHA-256) of every stored document."""
        svar = []
        with self.oppna() as db:
            for tabell, fil, sha in DOKUMENT:
                sql = f'SELECT "{fil}", "{sha}" FROM "{tabell}" WHERE "{fil}" <> \'\''
                svar += [(tabell, *r) for r in db.cursor().execute(sql).fetchall()]
        return sorted(svar)


def kalldatabasen() -> Databas:
    s = connection.settings_dict
    return Databas(connection.vendor, s["NAME"], dict(s))


def filhashar(mapp: Path) -> dict[str, str]:
    """Every file under `mapp` by its storage name, with its SHA-256."""
    return {
        p.relative_to(mapp).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(mapp.rglob("*"))
        if p.is_file()
    }


def manage(*argument: str, miljo: dict[str, str]) -> subprocess.CompletedProcess:
    """`manage.py` in a process of its own, with only the settings the test gives it."""
    bort = ("S3_", "AWS_", "DATABASE_URL", "SQLITE_PATH", "PRIVATE_MEDIA_ROOT")
    env = {k: v for k, v in os.environ.items() if not k.startswith(bort)}
    env.update(SECRET_KEY="t", **miljo)
    return subprocess.run(
        [sys.executable, "manage.py", *argument],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@dataclass(frozen=True)
class Kopia:
    mapp: Path
    innehall: dict[str, list[tuple]]
    dokument: list[tuple[str, str, str]]
    filer: dict[str, str]


@pytest.fixture(scope="module")
def kopia(django_db_setup, django_db_blocker, clamd, tmp_path_factory) -> Kopia:
    """seed_demo's whole data set, backed up by `sakerhetskopiera`, with what the source
    held: every row of every table, every document and every file with its SHA-256. The
    test database is emptied and given its migrations' rows back afterwards."""
    rot = tmp_path_factory.mktemp("sakerhetskopia")
    lagring = rot / "kalla"
    with (
        django_db_blocker.unblock(),
        override_settings(
            PRIVATE_MEDIA_ROOT=lagring,
            STORAGES={
                "default": {
                    "BACKEND": "django.core.files.storage.FileSystemStorage",
                    "OPTIONS": {"location": lagring},
                },
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ),
    ):
        # A serialized-rollback test that ran before on this worker leaves the database
        # flushed (its rows come back at the start of the next such test, not at its own
        # end): start, as such a test does, from the rows the migrations wrote.
        if serialized := getattr(connection, "_test_serialized_contents", None):
            call_command(
                "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False
            )
            connection.creation.deserialize_db_from_string(serialized)
        fore = connection.creation.serialize_db_to_string()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            kalla = kalldatabasen()
            facit = Kopia(rot / "kopia", kalla.innehall(), kalla.dokument(), filhashar(lagring))
            call_command("sakerhetskopiera", out=str(facit.mapp), stdout=io.StringIO())
        finally:
            call_command(
                "flush", interactive=False, inhibit_post_migrate=True, reset_sequences=False
            )
            connection.creation.deserialize_db_from_string(fore)
    return facit


@pytest.fixture
def ny_databas(tmp_path):
    """An empty database of this test's own: a new PostgreSQL database (dropped after) or a
    SQLite file that does not exist yet."""
    kalla = kalldatabasen()
    if kalla.vendor == "sqlite":
        yield Databas("sqlite", str(tmp_path / "aterstalld.sqlite3"), {})
        return
    namn = f"test_aterstall_{uuid.uuid4().hex[:10]}"
    admin = Databas("postgresql", "postgres", kalla.installning)
    with admin.oppna() as db:
        db.autocommit = True
        db.execute(f'CREATE DATABASE "{namn}"')
    try:
        yield Databas("postgresql", namn, kalla.installning)
    finally:
        with admin.oppna() as db:
            db.autocommit = True
            db.execute(f'DROP DATABASE IF EXISTS "{namn}" WITH (FORCE)')


def test_the_test_names_every_stored_document_of_every_model():
    """GIVEN every model WHEN its file fields are listed THEN each is in DOKUMENT with the
    column recording its SHA-256 (a new kind of document is checked here too)."""
    funna = set()
    for model in apps.get_models():
        for falt in model._meta.concrete_fields:
            if isinstance(falt, models.FileField):
                funna.add((model._meta.db_table, falt.column))
    assert funna == {(tabell, fil) for tabell, fil, _ in DOKUMENT}


def test_the_backup_holds_every_file_with_its_hash_and_checks_out(kopia):
    """GIVEN the demo backed up WHEN the backup is read THEN it holds every stored file
    byte for byte, the manifest lists each with its SHA-256 and every table's rows, and
    `aterstall --kontrollera` finds it intact."""
    manifest = json.loads((kopia.mapp / "manifest.json").read_text(encoding="utf-8"))

    assert filhashar(kopia.mapp / "filer") == kopia.filer
    assert {f["namn"]: f["sha256"] for f in manifest["filer"]} == kopia.filer
    assert manifest["tabeller"]["remiss_remiss"] == len(kopia.innehall["remiss_remiss"]) >= 2
    assert {t for t, _, _ in kopia.dokument} >= {
        "remiss_bilaga",
        "remiss_slutversion",
        "nameden_handling",
        "nameden_handlingspaket",
        "nameden_protokoll",
        "nameden_protokollsutdrag",
    }
    ut = io.StringIO()
    call_command("aterstall", fran=str(kopia.mapp), kontrollera=True, stdout=ut)
    assert "stämmer med manifestet" in ut.getvalue()


def _kontrollera_aterstalld(kopia: Kopia, databas: Databas, filer: dict[str, str]) -> None:
    """The restored database has every row of every table, and every document's file (in
    `filer`, the restored storage's files and hashes) hashes to what its row records."""
    assert databas.innehall() == kopia.innehall
    assert databas.dokument() == kopia.dokument
    assert filer == kopia.filer
    for tabell, fil, sha in databas.dokument():
        assert filer[fil] == sha, (tabell, fil)


def test_a_backup_restored_into_a_fresh_database_and_folder_has_every_row_and_file(
    kopia, ny_databas, tmp_path
):
    """GIVEN the demo's backup WHEN `aterstall` restores it into a new database and an empty
    folder THEN every row of every table (every case, document, history row) is there as it
    was, every file is there with the same SHA-256, and each document's recorded SHA-256
    is its file's."""
    mapp = tmp_path / "aterstalld"

    svar = manage(
        "aterstall",
        "--fran",
        str(kopia.mapp),
        miljo={**ny_databas.miljo(), "PRIVATE_MEDIA_ROOT": str(mapp)},
    )

    assert svar.returncode == 0, svar.stderr
    assert "stämmer med manifestet" in svar.stdout
    _kontrollera_aterstalld(kopia, ny_databas, filhashar(mapp))


def test_a_backup_restored_into_a_fresh_bucket_is_whole_and_backs_up_the_same(
    kopia,
    ny_databas,
    s3_server,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    """GIVEN the demo's backup WHEN it is restored into a new database and an empty S3 bucket,
    and that site is backed up again THEN the bucket holds every file with its SHA-256, the
    database every row, and the second backup lists the same files, rows and documents."""
    bucket = f"aterstall-{uuid.uuid4().hex[:12]}"
    klient = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **NYCKEL)
    klient.create_bucket(Bucket=bucket)
    miljo = {
        **ny_databas.miljo(),
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": NYCKEL["aws_access_key_id"],
        "S3_SECRET_ACCESS_KEY": NYCKEL["aws_secret_access_key"],
        "S3_ADDRESSING_STYLE": "path",
    }

    svar = manage("aterstall", "--fran", str(kopia.mapp), miljo=miljo)
    assert svar.returncode == 0, svar.stderr
    igen = manage("sakerhetskopiera", "--out", str(tmp_path / "igen"), miljo=miljo)
    assert igen.returncode == 0, igen.stderr

    nycklar = [o["Key"] for o in klient.list_objects_v2(Bucket=bucket).get("Contents", [])]
    i_bucket = {
        k: hashlib.sha256(klient.get_object(Bucket=bucket, Key=k)["Body"].read()).hexdigest()
        for k in nycklar
    }
    _kontrollera_aterstalld(kopia, ny_databas, i_bucket)
    forsta, andra = (
        json.loads((mapp / "manifest.json").read_text(encoding="utf-8"))
        for mapp in (kopia.mapp, tmp_path / "igen")
    )
    for del_ in ("filer", "tabeller", "dokument"):
        assert andra[del_] == forsta[del_], del_
    assert andra["lagring"] == "storages.backends.s3.S3Storage"


def _skadad_kopia(kopia: Kopia, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the backup with one byte of a bilaga changed; returns it and the file."""
    mapp = tmp_path / "skadad"
    shutil.copytree(kopia.mapp, mapp)
    namn = next(fil for tabell, fil, _ in kopia.dokument if tabell == "remiss_bilaga")
    fil = mapp / "filer" / namn
    data = bytearray(fil.read_bytes())
    data[len(data) // 2] ^= 0x01
    fil.write_bytes(bytes(data))
    return mapp, namn


def test_kontrollera_finds_a_changed_file_and_names_it(kopia, tmp_path):
    """GIVEN a backup in which one byte of a bilaga has changed WHEN it is checked THEN the
    check fails naming the file and the bilaga whose SHA-256 no longer matches."""
    mapp, namn = _skadad_kopia(kopia, tmp_path)
    fel = io.StringIO()

    with pytest.raises(CommandError, match="stämmer inte med manifestet"):
        call_command("aterstall", fran=str(mapp), kontrollera=True, stderr=fel)

    assert f"Filen {namn} är ändrad eller skadad" in fel.getvalue()
    assert "remiss_bilaga id " in fel.getvalue()


def test_a_changed_backup_is_not_restored_and_nothing_is_written(kopia, ny_databas, tmp_path):
    """GIVEN a backup with a changed file WHEN `aterstall` is asked to restore it THEN it
    refuses (exit status 1, naming the file) and writes neither a table nor a file."""
    mapp, namn = _skadad_kopia(kopia, tmp_path)
    lagring = tmp_path / "mal"

    svar = manage(
        "aterstall",
        "--fran",
        str(mapp),
        miljo={**ny_databas.miljo(), "PRIVATE_MEDIA_ROOT": str(lagring)},
    )

    assert svar.returncode == 1
    assert "ingenting återställs" in svar.stderr and namn in svar.stderr
    assert ny_databas.tabeller() == []
    assert filhashar(lagring) == {}


def test_a_backup_without_its_manifest_is_recognised_as_unfinished(kopia, tmp_path):
    """GIVEN a backup whose manifest was never written (it stopped half-way) WHEN it is
    checked THEN the check says the backup never finished."""
    mapp = tmp_path / "halv"
    shutil.copytree(kopia.mapp, mapp)
    (mapp / "manifest.json").unlink()

    with pytest.raises(CommandError, match="säkerhetskopian blev aldrig klar"):
        call_command("aterstall", fran=str(mapp), kontrollera=True)


@pytest.mark.django_db
def test_a_restore_into_a_database_with_tables_is_refused(kopia, private_storage):
    """GIVEN the configured database has tables (the test database) WHEN `aterstall` runs
    THEN it refuses in Swedish before anything is written: no file lands in the storage."""
    with pytest.raises(CommandError, match=r"är inte tom .* återställs bara till en ny, tom"):
        call_command("aterstall", fran=str(kopia.mapp))

    assert filhashar(private_storage) == {}


def test_a_restore_into_a_storage_with_files_is_refused(kopia, ny_databas, tmp_path):
    """GIVEN an empty database but a folder that already holds a file WHEN `aterstall` runs
    THEN it refuses, and the database stays without tables."""
    lagring = tmp_path / "upptagen"
    (lagring / "bilagor").mkdir(parents=True)
    (lagring / "bilagor" / "gammal.pdf").write_bytes(b"%PDF-1.7 gammal")

    svar = manage(
        "aterstall",
        "--fran",
        str(kopia.mapp),
        miljo={**ny_databas.miljo(), "PRIVATE_MEDIA_ROOT": str(lagring)},
    )

    assert svar.returncode == 1
    assert "Lagringen är inte tom (1 fil, t.ex. bilagor/gammal.pdf)" in svar.stderr
    assert ny_databas.tabeller() == []
    assert filhashar(lagring) == {
        "bilagor/gammal.pdf": hashlib.sha256(b"%PDF-1.7 gammal").hexdigest()
    }


def test_a_backup_of_a_site_whose_file_was_changed_fails_naming_the_document(
    kopia, ny_databas, tmp_path
):
    """GIVEN a restored site whose final PDF was changed behind the app's back WHEN it is
    backed up THEN the backup is written (with its manifest, saying what differs) but the
    command fails (exit status 1) naming the slutversion whose file no longer matches."""
    lagring = tmp_path / "lagring"
    miljo = {**ny_databas.miljo(), "PRIVATE_MEDIA_ROOT": str(lagring)}
    assert manage("aterstall", "--fran", str(kopia.mapp), miljo=miljo).returncode == 0
    namn = next(fil for tabell, fil, _ in kopia.dokument if tabell == "remiss_slutversion")
    (lagring / namn).write_bytes(b"%PDF-1.7 en annan handling")

    svar = manage("sakerhetskopiera", "--out", str(tmp_path / "kopia"), miljo=miljo)

    assert svar.returncode == 1
    assert "remiss_slutversion id " in svar.stderr
    assert f"filen {namn} har inte den SHA-256 raden anger" in svar.stderr
    manifest = json.loads((tmp_path / "kopia" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["avvikelser"]) == 1 and namn in manifest["avvikelser"][0]


def test_a_backup_is_never_written_into_a_folder_that_holds_something(kopia):
    """GIVEN an existing backup WHEN another is asked for in the same folder THEN it is
    refused before anything is read or written: the backup there is left as it was."""
    fore = filhashar(kopia.mapp)

    with pytest.raises(CommandError, match="finns redan och är inte en tom mapp"):
        call_command("sakerhetskopiera", out=str(kopia.mapp))

    assert filhashar(kopia.mapp) == fore
