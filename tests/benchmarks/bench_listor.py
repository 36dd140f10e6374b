"""Benchmark: the lists (Att attestera, Mina remisser, Alla remisser) with 20,000 remisser.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/remiss_bench SECRET_KEY=x \\
        .venv/bin/python tests/benchmarks/bench_listor.py [--remisser 20000] [--n 15] [--keep]

Creates the PostgreSQL database named in DATABASE_URL (dropping it first if it exists; it
must be a database of its own, never the developer's), migrates it and builds one
förvaltning with `--remisser` remisser in every status: about one in ten out for attest,
most of those waiting for the same avdelningschef (Lisa), and a few hundred open remisser for
one handläggare (Karin). Then it requests each page N times in one process and prints the
median and p95 time, the rows the page renders and the queries it makes. Drops the database
afterwards unless --keep. Prints figures; asserts nothing (see STYLE.md).
"""

import argparse
import contextlib
import datetime as dt
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
TMP = Path(tempfile.mkdtemp(prefix="bench-listor-"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/remiss_bench"

os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ["PRIVATE_MEDIA_ROOT"] = str(TMP / "private")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nameden.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
sys.path.insert(0, str(ROOT))


def _ny_databas(url: str) -> None:
    """Drop and create the benchmark's own database (connected to the server's `postgres`)."""
    import psycopg

    namn = urlparse(url).path.lstrip("/")
    if not namn or namn in {"postgres", "template0", "template1"}:
        raise SystemExit(f"Refusing to drop the database {namn!r}: name one of its own.")
    server = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{namn}"')
        conn.execute(f'CREATE DATABASE "{namn}"')


def _ta_bort_databas(url: str) -> None:
    import psycopg

    namn = urlparse(url).path.lstrip("/")
    server = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{namn}" WITH (FORCE)')


def _bygg(antal: int) -> dict:
    """The förvaltning, its people and `antal` remisser; returns the people by name.

    Set-up data only: rows are written with bulk_create, which skips simple-history on the
    tracked models on purpose (a benchmark needs 20,000 cases in seconds, not their history;
    no page measured here reads history).
    """
    from django.contrib.auth.models import Group

    from nameden.models import Avdelning, Forvaltning, Namnd, User
    from nameden.roles import Roll, group_name
    from remiss.models import (
        Attestering,
        Attestrunda,
        Dokumentmall,
        Remiss,
        SeddVersion,
        Tjansteutlatande,
    )
    from remiss.workflow import Status

    sof = Forvaltning.objects.create(namn="Socialförvaltningen", kortnamn="SOF")
    stab = Avdelning.objects.create(forvaltning=sof, namn="Stabsavdelningen")
    namnd = Namnd.objects.create(namn="Socialnämnden", forvaltning=sof)

    def person(username, roll, **kwargs):
        user = User.objects.create_user(
            username=username, password="x", avdelning=stab, titel=str(roll), **kwargs
        )
        user.groups.add(Group.objects.get(name=group_name(roll)))
        return user

    lisa = person("lisa", Roll.AVDELNINGSCHEF, first_name="Lisa", last_name="Cadenius")
    veronica = person("veronica", Roll.FORVALTNINGSCHEF, first_name="Veronica")
    maria = person("maria", Roll.REGISTRATOR, first_name="Maria")
    per = person("per", Roll.LASARE, first_name="Per")
    karin = person("karin", Roll.HANDLAGGARE, first_name="Karin", last_name="Wallander")
    ovriga = [person(f"hl{i}", Roll.HANDLAGGARE, first_name=f"Handläggare {i}") for i in range(39)]
    stab.chef, sof.chef = lisa, veronica
    stab.save()
    sof.save()

    # Statuses in proportion: most cases are closed; one in ten is out for attest.
    fordelning = [
        (Status.AVSLUTAD, 40),
        (Status.BESVARAD, 12),
        (Status.BESLUTAD, 5),
        (Status.ATTESTERAD, 8),
        (Status.FOR_ATTEST, 10),
        (Status.UNDER_BEREDNING, 18),
        (Status.REGISTRERAD, 7),
    ]
    statusar = [s for s, vikt in fordelning for _ in range(vikt)]
    idag = dt.date.today()
    remisser = []
    for i in range(antal):
        status = statusar[i % len(statusar)]
        # Karin holds about one open case in eight; the rest are shared by 39 colleagues.
        handlaggare = karin if i % 8 == 0 else ovriga[i % len(ovriga)]
        remisser.append(
            Remiss(
                forvaltning=sof,
                diarienummer=f"SOF {2020 + i // 5000}/{i % 5000 + 1}",
                dnr_ar=2020 + i // 5000,
                dnr_lopnummer=i % 5000 + 1,
                avsandare=f"Avsändare {i % 40}",
                avsandarens_diarienummer=f"KS {2020 + i // 5000}/{i}",
                rubrik=f"Remiss nummer {i} om något viktigt",
                inkom_datum=idag - dt.timedelta(days=60),
                svarsdatum=idag + dt.timedelta(days=i % 90 - 30),
                handlaggare=handlaggare,
                status=status,
                registrerad_av=maria,
            )
        )
    Remiss.objects.bulk_create(remisser, batch_size=2000)  # set-up: no history, see above
    Remiss.namnder.through.objects.bulk_create(
        [Remiss.namnder.through(remiss_id=r.pk, namnd_id=namnd.pk) for r in remisser],
        batch_size=5000,
    )

    mall = Dokumentmall.objects.get(standard=True)
    avsnitt = [
        {"nyckel": a.nyckel, "rubrik": a.rubrik, "typ": a.typ, "text": "Text."}
        for a in mall.avsnitt.order_by("ordning")
    ]
    for_attest = [r for r in remisser if r.status == Status.FOR_ATTEST]
    tus = [
        Tjansteutlatande(
            remiss=r, mall=mall, dokumenttyp="Tjänsteutlåtande", rubrik=r.rubrik, avsnitt=avsnitt
        )
        for r in for_attest
    ]
    Tjansteutlatande.objects.bulk_create(tus, batch_size=2000)  # set-up: no history

    kedja = [
        {"roll": "avdelningschef", "attestant_id": lisa.pk},
        {"roll": "forvaltningschef", "attestant_id": veronica.pk},
    ]
    har_vantar_pa = any(f.name == "vantar_pa" for f in Attestrunda._meta.get_fields())
    rundor = []
    for i, tu in enumerate(tus):
        steg_klart = i % 10 == 9  # one in ten has Lisa's approval and waits for Veronica
        runda = Attestrunda(
            tjansteutlatande=tu,
            kedja=kedja,
            skickad_av_id=tu.remiss.handlaggare_id,
            skickad_version=1,
        )
        if har_vantar_pa:
            runda.vantar_pa = veronica if steg_klart else lisa
        runda.steg_klart = steg_klart
        rundor.append(runda)
    Attestrunda.objects.bulk_create(rundor, batch_size=2000)  # set-up: no history
    Attestering.objects.bulk_create(  # set-up: no history
        [
            Attestering(
                runda=r,
                steg=1,
                roll="avdelningschef",
                attestant=lisa,
                namn="Lisa Cadenius",
                titel="Avdelningschef",
                beslut=Attestering.Beslut.GODKAND,
                fingeravtryck="0" * 64,
                fingeravtryck_format="remiss-tu/1",
                version=1,
            )
            for r in rundor
            if r.steg_klart
        ],
        batch_size=2000,
    )
    # Lisa has read half of what waits for her (a read receipt, untracked).
    SeddVersion.objects.bulk_create(
        [SeddVersion(user=lisa, tjansteutlatande=tu, version=1) for tu in tus[::2]],
        batch_size=2000,
    )
    return {"lisa": lisa, "karin": karin, "per": per, "maria": maria}


def _rader(html: str) -> int:
    """Rows the page renders: each row of a list links once to its remiss or attest page."""
    return len(re.findall(r'href="/remisser/\d+/(?:attest/)?"', html))


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def _mat(client, url: str, n: int) -> tuple[list[float], int, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up
    times = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return times, _rader(response.content.decode()), len(ctx.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--remisser", type=int, default=20_000, help="remisser to build (20000)")
    parser.add_argument("--n", type=int, default=15, help="requests per page (15)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database of the benchmark's own.")
    _ny_databas(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import NoReverseMatch, reverse

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    try:
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        from nameden.sparmanager import untracked_writes

        with untracked_writes("benchmark set-up: bulk rows without history (see _bygg)"):
            personer = _bygg(args.remisser)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"Built {args.remisser} remisser in {time.perf_counter() - start:.0f} s.")

        sidor = [
            ("Att attestera (Lisa)", "lisa", reverse("remiss:inkorg")),
            ("Mina remisser, start page (Karin)", "karin", reverse("remiss:mina")),
            ("Alla remisser, page 1 (Per)", "per", reverse("remiss:lista")),
            ("Alla remisser, page 200 (Per)", "per", reverse("remiss:lista") + "?page=200"),
            ("Start page (Lisa, attestant)", "lisa", reverse("remiss:mina")),
        ]
        # Before the full list existed, Mina remisser was one unpaginated page.
        with contextlib.suppress(NoReverseMatch):
            helalistan = reverse("remiss:mina_lista")
            sidor.insert(2, ("Mina öppna remisser, full list (Karin)", "karin", helalistan))
        print(f"{'page':<42} {'median':>8} {'p95':>8} {'rows':>6} {'queries':>8}")
        for namn, person, sida in sidor:
            client = Client()
            client.force_login(personer[person])
            times, rader, fragor = _mat(client, sida, args.n)
            print(
                f"{namn:<42} {statistics.median(times):>6.0f} ms {_p95(times):>5.0f} ms "
                f"{rader:>6} {fragor:>8}"
            )
    finally:
        connection.close()
        if not args.keep:
            _ta_bort_databas(url)


if __name__ == "__main__":
    main()
