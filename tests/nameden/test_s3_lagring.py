"""Media and PDFs on S3: the real services store to, and read back from, a real S3 server.

The server is moto's server mode, started in this process on a free port of 127.0.0.1 for
the session: boto3 and django-storages speak real HTTP to it, exactly as to AWS or minio.
Each test gets a bucket of its own, so it sees only its own objects.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import boto3
import pikepdf
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from remiss import selectors
from remiss.models import Slutversion, Tjansteutlatande
from remiss.services.attestering import attest_godkann
from remiss.services.bilagor import bilaga_ladda_upp
from tests.remiss.test_bilagor import pdf_bytes

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db
NYCKEL = {"aws_access_key_id": "testnyckel", "aws_secret_access_key": "testhemlighet"}


@pytest.fixture(scope="session")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def _klient(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **NYCKEL)


def s3_alternativ(endpoint: str, bucket: str) -> dict:
    """The options nameden.settings builds from S3_* (test_settings_build_them_from_env)."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": "us-east-1",
        "access_key": NYCKEL["aws_access_key_id"],
        "secret_key": NYCKEL["aws_secret_access_key"],
        "addressing_style": "path",
        "location": "",
        "file_overwrite": False,
        "default_acl": None,
        "max_memory_size": 2 * 1024 * 1024,
    }


@pytest.fixture
def s3(settings, s3_server):
    """Default storage on a fresh bucket of this test; yields a function listing its keys."""
    bucket = f"remiss-{uuid.uuid4().hex[:12]}"
    klient = _klient(s3_server)
    klient.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": s3_alternativ(s3_server, bucket),
        },
    }

    def nycklar() -> list[str]:
        svar = klient.list_objects_v2(Bucket=bucket)
        return sorted(o["Key"] for o in svar.get("Contents", []))

    nycklar.bucket = bucket
    nycklar.klient = klient
    return nycklar


def _objekt(s3, nyckel: str) -> bytes:
    return s3.klient.get_object(Bucket=s3.bucket, Key=nyckel)["Body"].read()


def test_a_bilaga_uploaded_through_the_service_lands_in_the_bucket_and_reads_back(
    s3, client, karin, per, tu
):
    """GIVEN the default storage on S3 WHEN Karin uploads a PDF bilaga through the service
    THEN the object is in the bucket under bilagor/ with the upload's bytes, and Per's
    download through the view (SHA-256 checked on read) returns the same bytes."""
    data = pdf_bytes()
    sha = hashlib.sha256(data).hexdigest()

    bilaga = bilaga_ladda_upp(
        user=karin,
        tu=tu,
        fil=SimpleUploadedFile("program.pdf", data, "application/pdf"),
        titel="Kommunikationsprogram",
    )

    assert s3() == [bilaga.fil.name]
    assert bilaga.fil.name.startswith(f"bilagor/{sha[:2]}/")
    assert hashlib.sha256(_objekt(s3, bilaga.fil.name)).hexdigest() == sha == bilaga.sha256
    client.force_login(per)
    svar = client.get(reverse("remiss:bilaga_hamta", args=[tu.remiss_id, bilaga.pk]))
    assert svar.status_code == 200
    assert hashlib.sha256(b"".join(svar.streaming_content)).hexdigest() == sha


def test_a_bilaga_changed_in_the_bucket_is_not_served(s3, client, karin, tu):
    """GIVEN a bilaga on S3 WHEN its object is overwritten behind the app's back THEN the
    download refuses it (the SHA-256 check reads the object through storage)."""
    bilaga = bilaga_ladda_upp(
        user=karin,
        tu=tu,
        fil=SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf"),
        titel="Bilaga",
    )
    s3.klient.put_object(Bucket=s3.bucket, Key=bilaga.fil.name, Body=b"%PDF-1.7 annat")

    with pytest.raises(selectors.BilagaSkadad):
        selectors.bilaga_fil(bilaga)


def test_the_last_approval_stores_the_final_pdf_in_the_bucket(s3, skickad, lisa, veronica):
    """GIVEN a document sent for attest, storage on S3 WHEN Lisa and then Veronica approve
    THEN the final PDF rendered at the last approval is an object under slutversioner/,
    its bytes match the recorded SHA-256 and size, it is a PDF/A that parses, and the
    selector serves the same bytes."""
    attest_godkann(user=lisa, tu=skickad)
    attest_godkann(user=veronica, tu=Tjansteutlatande.objects.get(pk=skickad.pk))

    slutversion = Slutversion.objects.get(tjansteutlatande=skickad)
    assert s3() == [slutversion.fil.name]
    assert slutversion.fil.name.startswith("slutversioner/")
    lagrad = _objekt(s3, slutversion.fil.name)
    assert hashlib.sha256(lagrad).hexdigest() == slutversion.sha256
    assert len(lagrad) == slutversion.storlek
    with pikepdf.open(io.BytesIO(lagrad)) as pdf:
        assert len(pdf.pages) == slutversion.sidor
        assert pdf.open_metadata().pdfa_status.startswith("2")
    assert selectors.slutversion_fil(slutversion) == lagrad


def test_a_taken_name_gets_a_new_one_instead_of_overwriting(s3):
    """GIVEN a stored object WHEN another file is saved under the same name THEN it gets a
    name of its own and the first object is unchanged (file_overwrite off): a stored
    document a row points at never changes."""
    from django.core.files.base import ContentFile

    forsta = default_storage.save("namnd/protokoll/2024/p.pdf", ContentFile(b"forsta"))
    andra = default_storage.save("namnd/protokoll/2024/p.pdf", ContentFile(b"andra"))

    assert forsta != andra
    assert (_objekt(s3, forsta), _objekt(s3, andra)) == (b"forsta", b"andra")


def test_healthz_writes_reads_and_removes_its_probe_on_s3(s3, client):
    """GIVEN storage on S3 WHEN /healthz is asked THEN storage is ok and no probe object is
    left in the bucket."""
    svar = client.get("/healthz")

    assert svar.json()["checks"]["storage"] == "ok"
    assert s3() == []


def test_healthz_reports_storage_when_the_bucket_is_gone(s3, client):
    """GIVEN storage on S3 whose bucket does not exist WHEN /healthz is asked THEN 503 with
    storage failed, and the bucket's name is not in the answer."""
    s3.klient.delete_bucket(Bucket=s3.bucket)

    svar = client.get("/healthz")

    assert svar.status_code == 503
    assert svar.json()["checks"] == {"database": "ok", "storage": "fail", "scanner": "ok"}
    assert s3.bucket not in svar.content.decode()


def test_settings_build_them_from_env_and_store_for_real(s3_server, tmp_path):
    """GIVEN S3_BUCKET and the other S3_* variables WHEN the settings are imported in a
    process of their own THEN the default storage is S3Storage with the options above, and
    a file saved through it is in the bucket."""
    bucket = f"remiss-{uuid.uuid4().hex[:12]}"
    _klient(s3_server).create_bucket(Bucket=bucket)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("S3_", "AWS_"))},
        "SECRET_KEY": "t",
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": NYCKEL["aws_access_key_id"],
        "S3_SECRET_ACCESS_KEY": NYCKEL["aws_secret_access_key"],
        "S3_ADDRESSING_STYLE": "path",
        "DJANGO_SETTINGS_MODULE": "nameden.settings",
    }
    kod = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "namn = default_storage.save('prov/a.txt', ContentFile(b'hej'))\n"
        "alt = dict(settings.STORAGES['default']['OPTIONS']); k = alt.pop('client_config')\n"
        "print(json.dumps({'backend': settings.STORAGES['default']['BACKEND'], 'alt': alt,\n"
        "    'tider': [k.connect_timeout, k.read_timeout], 'namn': namn}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", kod], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    utfall = json.loads(result.stdout.strip().splitlines()[-1])
    assert utfall["backend"] == "storages.backends.s3.S3Storage"
    assert utfall["alt"] == s3_alternativ(s3_server, bucket)
    # An endpoint that does not answer fails in seconds (connect, read), not in minutes.
    assert utfall["tider"] == [5.0, 30.0]
    objekt = _klient(s3_server).get_object(Bucket=bucket, Key=utfall["namn"])
    assert objekt["Body"].read() == b"hej"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_builds_kallelse_och_handlingar_from_and_to_the_bucket(s3, mote, johan):
    """GIVEN storage on S3 and an ärende with handlingar on the sammanträde WHEN the packet
    is ordered and the real worker runs THEN the handlingar, the processed parts and both
    packets are objects in the bucket (the builder copies parts to its temporary folder,
    since S3 has no local path), and each packet's bytes match its SHA-256 and pages."""
    from django.core.management.sql import emit_post_migrate_signal

    from nameden.models import Handlingspaket
    from nameden.paket.bestall import paket_bestall
    from tests.nameden.fabriker_paket import anmal_med_handlingar, kor_arbetaren

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")  # role groups
    anmal_med_handlingar(johan, mote, 1)

    paket_bestall(user=johan, sammantrade=mote)
    kor_arbetaren()

    paket = list(mote.handlingspaket.all())
    assert {p.status for p in paket} == {Handlingspaket.Status.KLAR}
    for p in paket:
        data = _objekt(s3, p.fil.name)
        assert hashlib.sha256(data).hexdigest() == p.sha256
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert len(pdf.pages) == p.sidor
    for mapp in ("namnd/handlingar/", "namnd/handlingsdelar/", "namnd/handlingspaket/"):
        assert any(nyckel.startswith(mapp) for nyckel in s3()), mapp
