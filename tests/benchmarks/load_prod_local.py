"""Load test: N logged-in users through a day's mix of pages against `make prod-local`.

    .venv/bin/python tests/benchmarks/load_prod_local.py [--users 50] [--seconds 60] \\
        [--think 1.0] [--remisser 1000] [--keep]

Creates its own PostgreSQL database (DATABASE_URL, default `remiss_load`, dropped first; it
must be a database of its own), starts `make prod-local` on it on a free port with PROD_DIR
in a temporary directory (migrate, collectstatic, clamd, db_worker, gunicorn with
gunicorn.conf.py; GUNICORN_WORKERS/GUNICORN_THREADS/DB_* from the environment pass through),
waits for /healthz, then seeds: `bench_listor`'s förvaltning with `--remisser` remisser in
every status (imported, not copied), the demo (`seed_demo`), and a started tjänsteutlåtande
for each handläggare who has a registered remiss, to write in.

Each user logs in through the real login form (CSRF token, django-axes, the session), then
loops for `--seconds`: picks a page by the weights in SIDOR among those its role has (Mina
remisser, Alla remisser with pages, filters and search, a remiss, a tjänsteutlåtande, Att
attestera, sammanträden, the public anslagstavla, a static file, and saving a section of its
own tjänsteutlåtande with the form's lost-update token), checks the status and the page's
content (a 200 showing an error or the wrong page counts as an error), and waits an
exponentially distributed think time of mean `--think` seconds (the users and their steps are
in `lastanvandare.py`). `--think 0` is a closed loop
with no pause: then every user always has a request waiting, and by Little's law the latency
is users / throughput, a saturation figure rather than what a user waits.

Prints the requests, throughput, p50/p95/p99 overall and per page as the client measured
them, gunicorn's own p50/p95/p99 from its access log, the queries each page makes (one
request in this process), the errors with samples, PostgreSQL's transactions per request and
the session rows written during the run, gunicorn's workers and threads, and where the CPU
went: milliseconds of one core per request in gunicorn, in PostgreSQL's backends of the
database, in this client itself and in the server's other processes (from /proc before and
after the run), and how many of the machine's cores were busy, also outside the test.
Stops the server and drops the database afterwards unless --keep. Asserts nothing.
"""

import argparse
import concurrent.futures
import html
import json
import math
import os
import random
import runpy
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/remiss_load"
SERVER_ENV = dict(os.environ)  # before bench_listor sets its own variables
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_listor  # noqa: E402  (sets up sys.path and the environment for django)
from lastanvandare import PASSWORD, Anvandare, Profil, Webbklient  # noqa: E402

# --- Set-up: server and data --------------------------------------------------------------------


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _starta_server(url: str, prod_dir: Path, port: int) -> subprocess.Popen:
    """`make prod-local` in a process group of its own. `-o .venv/.installed`: the load test
    never reinstalls the shared virtualenv because pyproject.toml is newer."""
    env = {**SERVER_ENV, "DATABASE_URL": url, "SECRET_KEY": "lasttest-inte-hemlig"}
    ut = (prod_dir / "gunicorn.out").open("w")
    fel = (prod_dir / "gunicorn.err").open("w")
    return subprocess.Popen(
        [
            "make",
            "-s",
            "-o",
            ".venv/.installed",
            "prod-local",
            f"PROD_DIR={prod_dir}",
            f"PROD_PORT={port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=ut,
        stderr=fel,
        start_new_session=True,
    )


def _vanta_pa_halsa(port: int, process: subprocess.Popen, prod_dir: Path) -> None:
    slut = time.monotonic() + 300
    while time.monotonic() < slut:
        if process.poll() is not None:
            raise SystemExit(
                "make prod-local stannade:\n" + (prod_dir / "gunicorn.err").read_text()
            )
        try:
            if Webbklient(port).begar("GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("/healthz svarade inte inom 300 s.")


def _stoppa(process: subprocess.Popen) -> None:
    """Ctrl-C to the whole group, as a person would: make's trap stops clamd and the worker."""
    for sig, vanta in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if process.poll() is not None:
            return
        os.killpg(process.pid, sig)
        try:
            process.wait(vanta)
        except subprocess.TimeoutExpired:
            continue


def _seeda(antal: int) -> list[Profil]:
    """bench_listor's förvaltning, the demo and a started document for each handläggare with
    a registered remiss; returns the users' profiles, in an order that mixes the roles."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.http import Http404
    from django.test import override_settings

    from nameden import policy as namnd_policy
    from nameden.models import User
    from nameden.sparmanager import untracked_writes
    from remiss import policy, roles, selectors
    from remiss.demo.seed import seed_demo
    from remiss.models import Remiss, Tjansteutlatande
    from remiss.services.arbetsflode import remiss_paborja_beredning
    from remiss.workflow import Action, Status

    # Hashing the seed's passwords with PBKDF2 would take a second each; one real hash is
    # made below and given to everyone, so the server checks a real one at login.
    start = time.perf_counter()
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        with untracked_writes("load test set-up: bulk rows without history (bench_listor)"):
            bench_listor._bygg(antal)
        print(f"  bench_listor's {antal} remisser: {time.perf_counter() - start:.0f} s")
        seed_demo()
        print(f"  + seed_demo: {time.perf_counter() - start:.0f} s")
    losen = make_password(PASSWORD)
    for user in User.objects.all():
        user.password = losen
        user.save(update_fields=["password"])

    for remiss in Remiss.objects.filter(status=Status.REGISTRERAD).select_related("handlaggare"):
        mall = selectors.mallar_for(remiss.forvaltning).order_by("-standard", "pk").first()
        if remiss.handlaggare and policy.allowed(
            remiss.handlaggare, Action.PABORJA_BEREDNING, remiss
        ):
            remiss_paborja_beredning(user=remiss.handlaggare, remiss=remiss, mall=mall)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  + documents to write in: {time.perf_counter() - start:.0f} s")

    # The roles interleaved, so that a run with few users still has the whole mix.
    ordning = ["karin", "lisa", "johan.ek", "per", "hl0", "maria", "veronica", "karin.wallander",
               "hl1", "lisa.cadenius", "sofia.dahl", "per.holm", "elin.berg", "veronica.wolgast",
               "maria.lind", "anders.sjoberg", "helena.lund", "oskar.nyberg"]  # fmt: skip
    ordning += [f"hl{i}" for i in range(2, 39)]
    profiler = []
    for username in ordning:
        user = User.objects.get(username=username)
        p = Profil(username)
        synliga = policy.visible_remisser(user)
        p.sidor = max(1, math.ceil(synliga.count() / 50))
        p.remisser = list(synliga.order_by("?").values_list("pk", "diarienummer")[:200])
        for pk, dnr in p.remisser[:8]:
            rubrik = Remiss.objects.get(pk=pk).rubrik
            if pk in selectors.alla_remisser(user, sok=rubrik).values_list("pk", flat=True)[:50]:
                p.sok.append((rubrik, html.escape(dnr)))
        dokument = Tjansteutlatande.objects.filter(remiss__in=synliga).select_related("remiss")
        egna = dokument.filter(remiss__handlaggare=user, remiss__status=Status.UNDER_BEREDNING)
        for tu in [*dokument.order_by("?")[:25], *egna]:
            try:
                selectors.tjansteutlatande_for(user, tu.remiss_id)
            except Http404:
                continue
            p.tu.append((tu.remiss_id, tu.remiss.diarienummer))
            if tu in egna:
                nyckel = next(a["nyckel"] for a in tu.avsnitt if a["typ"] == "text")
                p.skriv.append((tu.remiss_id, nyckel))
        p.attest = policy.holds(user, roles.ATTESTERA)
        p.sammantraden = [
            (s.pk, str(s)) for s in namnd_policy.visible_sammantraden(user).select_related("namnd")
        ]
        profiler.append(p)
    connection.close()
    return profiler


def _fragor_per_sida(profiler: list[Profil]) -> dict[str, int]:
    """One request per step in this process (Django's test client), its queries counted."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from nameden.models import User

    setup_test_environment()
    forst = {p.username: p for p in profiler}
    hl = next(p for p in profiler if p.skriv)
    sam = next(p for p in profiler if p.sammantraden)
    att = next(p for p in profiler if p.attest)
    sidor = [
        ("Mina remisser", hl, "/"),
        ("Alla remisser", forst["per"], "/remisser/"),
        ("Alla remisser, sök", forst["per"], "/remisser/?" + urlencode({"q": hl.sok[0][0]})),
        ("Remiss", hl, f"/remisser/{hl.remisser[0][0]}/"),
        ("Tjänsteutlåtande", hl, f"/remisser/{hl.skriv[0][0]}/tjansteutlatande/"),
        (
            "Avsnitt, formulär",
            hl,
            f"/remisser/{hl.skriv[0][0]}/tjansteutlatande/avsnitt/{hl.skriv[0][1]}/",
        ),
        ("Att attestera", att, "/attestera/"),
        ("Sammanträden", sam, "/namnd/sammantraden/"),
        ("Sammanträde", sam, f"/namnd/sammantraden/{sam.sammantraden[0][0]}/"),
        ("Anslagstavla (publik)", None, "/anslagstavla/stockholm/"),
    ]
    fragor = {}
    for namn, profil, sokvag in sidor:
        client = Client()
        if profil is not None:
            client.force_login(User.objects.get(username=profil.username))
        client.get(sokvag)  # warm
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(sokvag).status_code
        fragor[namn] = len(ctx.captured_queries) if status == 200 else f"status {status}"
    connection.close()
    return fragor


# --- Figures -------------------------------------------------------------------------------------


def _percentiler(ms: list[float]) -> tuple[float, float, float]:
    if len(ms) < 2:
        return (ms[0],) * 3 if ms else (0.0, 0.0, 0.0)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return q[49], q[94], q[98]


def _serverns_tider(logg: Path, fran: int, till: int) -> list[float]:
    """gunicorn's duration_ms of the requests logged in the measured window (JSON lines)."""
    with logg.open("rb") as f:
        f.seek(fran)
        rader = f.read(till - fran).decode("utf-8", "replace").splitlines()
    tider = []
    for rad in rader:
        if rad.startswith("{") and '"gunicorn.access"' in rad:
            tider.append(json.loads(rad)["duration_ms"])
    return tider


def _pg_raknare(url: str) -> dict[str, int]:
    """PostgreSQL's own counters for the database: transactions committed (in autocommit,
    about one per query) and session rows written (inserted or updated)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        xact = conn.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()[0]
        sessioner = conn.execute(
            "SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables WHERE relname = 'django_session'"
        ).fetchone()[0]
    return {"transaktioner": xact, "sessioner": sessioner}


# --- Where the CPU goes: /proc before and after the run -------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: str) -> tuple[list[str], str] | None:
    """(the fields of /proc/PID/stat after the name, the command line), None once gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            falt = f.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return falt, f.read().replace(b"\0", b" ").decode("utf-8", "replace")
    except OSError:
        return None


def _cpu_sekunder(server_sid: int, databas: str) -> dict[str, float]:
    """CPU seconds used so far: this load client (all its threads), the server's processes
    (the session `make prod-local` leads: gunicorn's master and workers, with workers that
    exited counted in the master's children's time; the db_worker; clamd), PostgreSQL's
    backends serving `databas`, and the whole machine (busy time of every core)."""
    ut = {"klient": time.process_time(), "gunicorn": 0.0, "ovriga server": 0.0, "postgres": 0.0}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        rad = _stat(pid)
        if rad is None:
            continue
        falt, cmd = rad
        # After the name: state(0) ppid pgrp session(3) ... utime(11) stime cutime cstime(14)
        tid = sum(int(x) for x in falt[11:15]) / _TICK
        if int(falt[3]) == server_sid:
            ut["gunicorn" if "gunicorn" in cmd else "ovriga server"] += tid
        elif cmd.startswith("postgres:") and f" {databas} " in cmd:
            ut["postgres"] += tid
    with open("/proc/stat") as f:
        cpu = [int(x) for x in f.readline().split()[1:]]
    ut["maskinen"] = (sum(cpu[:8]) - cpu[3] - cpu[4]) / _TICK  # all but idle and iowait
    return ut


def _skriv_cpu(fore: dict, efter: dict, forfragningar: int, sekunder: float) -> None:
    """CPU milliseconds per request by where they went, and how busy the machine was."""
    delta = {k: efter[k] - fore[k] for k in fore}
    vara = sum(v for k, v in delta.items() if k != "maskinen")
    n = max(1, forfragningar)
    print(f"\nCPU per request ({n} requests; ms of one core):")
    for k in ("gunicorn", "postgres", "klient", "ovriga server"):
        print(f"  {k:<14} {delta[k] * 1000 / n:6.1f} ms")
    print(f"  {'sum':<14} {vara * 1000 / n:6.1f} ms")
    print(
        f"  the machine was {delta['maskinen'] / sekunder:.2f} of {os.cpu_count()} cores busy; "
        f"{max(0.0, delta['maskinen'] - vara) / sekunder:.2f} of them outside this test"
    )


def _skriv_ut(resultat, sekunder, klienter, serverns, fragor, gunicorn):
    alla = [ms for _, ms, _ in resultat if ms is not None]
    fel = [(sort, f) for sort, _, f in resultat if f]
    p50, p95, p99 = _percentiler(alla)
    print(f"\nRequests: {len(resultat)} in {sekunder:.1f} s = {len(resultat) / sekunder:.1f} req/s")
    print(f"Client-side latency: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms")
    s50, s95, s99 = _percentiler(serverns)
    print(
        f"gunicorn's own (access log, {len(serverns)} requests): p50 {s50:.0f} ms, "
        f"p95 {s95:.0f} ms, p99 {s99:.0f} ms"
    )
    print(f"Errors: {len(fel)}; reconnects: {sum(k.klient.ateranslutningar for k in klienter)}")
    per_sort = defaultdict(list)
    for sort, ms, _ in resultat:
        if ms is not None:
            per_sort[sort].append(ms)
    felantal = defaultdict(int)
    for sort, _ in fel:
        felantal[sort] += 1
    print(f"\n{'page':<26} {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'errors':>7} {'queries':>8}")
    for sort, tider in sorted(per_sort.items(), key=lambda x: -len(x[1])):
        a, b, c = _percentiler(tider)
        print(
            f"{sort:<26} {len(tider):>6} {a:>4.0f} ms {b:>4.0f} ms {c:>4.0f} ms "
            f"{felantal[sort]:>7} {fragor.get(sort, ''):>8}"
        )
    for sort, text in list(dict.fromkeys(fel))[:10]:
        print(f"  error, {sort}: {text}")
    print(
        f"\ngunicorn: {gunicorn['workers']} workers × {gunicorn['threads']} threads "
        f"({gunicorn['worker_class']}); DB_CONN_MAX_AGE={gunicorn['conn_max_age']}, "
        f"DB_POOL={gunicorn['pool']}; {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="concurrent users (50)")
    parser.add_argument("--seconds", type=float, default=60, help="measured seconds (60)")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time, s (1.0)")
    parser.add_argument("--remisser", type=int, default=1000, help="remisser to build (1000)")
    parser.add_argument("--keep", action="store_true", help="keep database, server files")
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    if not url.startswith("postgres"):
        raise SystemExit("DATABASE_URL must name a PostgreSQL database of the load test's own.")
    prod_dir = Path(tempfile.mkdtemp(prefix="load-prod-local-"))
    port = _ledig_port()
    # This process seeds the same database and files the server uses, through clamd's socket.
    os.environ.update(
        PRIVATE_MEDIA_ROOT=str(prod_dir / "private"),
        CLAMD_SOCKET=str(prod_dir / "clamd" / "clamd.sock"),
        CLAMD_HOST="",
        SECRET_KEY="lasttest-inte-hemlig",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
    )
    bench_listor._ny_databas(url)
    start = time.perf_counter()
    server = _starta_server(url, prod_dir, port)
    try:
        _vanta_pa_halsa(port, server, prod_dir)
        print(f"make prod-local up on :{port} in {time.perf_counter() - start:.0f} s ({prod_dir})")

        import django

        django.setup()
        start = time.perf_counter()
        profiler = _seeda(args.remisser)
        print(
            f"Seeded {args.remisser} remisser and the demo in {time.perf_counter() - start:.0f} s."
        )
        fragor = _fragor_per_sida(profiler)

        resultat, lock = [], threading.Lock()
        anvandare = [
            Anvandare(i, profiler[i % len(profiler)], port, random.Random(i), resultat, lock)
            for i in range(args.users)
        ]
        # Two sessions of one user must not save the same section: each document is written
        # by one simulated user only.
        agare = defaultdict(list)
        for a in anvandare:
            agare[a.p.username].append(a)
        for egna in agare.values():
            dokument = egna[0].p.skriv
            for j, a in enumerate(egna):
                a.p = Profil(**{**a.p.__dict__, "skriv": dokument[j :: len(egna)]})
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda a: a.logga_in(), anvandare))
        print(
            f"{args.users} users logged in through the form in {time.perf_counter() - start:.0f} s."
        )

        # PostgreSQL publishes a busy backend's counters within a second, an idle one's
        # within ten: wait, so that the logins are not counted as the run's.
        time.sleep(11)
        fore = _pg_raknare(url)
        databas = url.rsplit("/", 1)[1].split("?")[0]
        logg = prod_dir / "gunicorn.out"
        fran = logg.stat().st_size
        slut = time.monotonic() + args.seconds
        start = time.perf_counter()
        cpu_fore = _cpu_sekunder(server.pid, databas)
        tradar = [threading.Thread(target=a.kor, args=(slut, args.think)) for a in anvandare]
        for t in tradar:
            t.start()
        for t in tradar:
            t.join()
        cpu_efter = _cpu_sekunder(server.pid, databas)
        sekunder = time.perf_counter() - start
        time.sleep(0.5)  # the last access lines
        serverns = _serverns_tider(logg, fran, logg.stat().st_size)
        _stoppa(server)  # its connections close and publish their counters
        efter = _pg_raknare(url)

        g = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
        gunicorn = {
            "workers": g["workers"],
            "threads": g["threads"],
            "worker_class": g["worker_class"],
            "conn_max_age": os.environ.get("DB_CONN_MAX_AGE", "600 (prod-local)"),
            "pool": os.environ.get("DB_POOL", "0"),
        }
        print(f"\n{args.users} users, {args.seconds:.0f} s, think time {args.think} s (mean)")
        _skriv_ut(resultat, sekunder, anvandare, serverns, fragor, gunicorn)
        _skriv_cpu(cpu_fore, cpu_efter, len(resultat), sekunder)
        transaktioner = efter["transaktioner"] - fore["transaktioner"]
        print(
            f"PostgreSQL during the run: {transaktioner} transactions "
            f"({transaktioner / max(1, len(serverns)):.1f} per request; autocommit: about one "
            f"per query), {efter['sessioner'] - fore['sessioner']} session rows written"
        )
    finally:
        _stoppa(server)
        if not args.keep:
            bench_listor._ta_bort_databas(url)
            shutil.rmtree(prod_dir, ignore_errors=True)
        shutil.rmtree(bench_listor.TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
