"""Benchmark: the kallelse-and-handlingar packet of a sammanträde with 40 punkter.

    SECRET_KEY=x .venv/bin/python tests/benchmarks/bench_handlingar.py [--punkter 40]

Builds a throwaway SQLite database in a temporary folder, migrates it and anmäler
`--punkter` ärenden to one sammanträde, each with a 3-page tjänsteutlåtande and a 20-page
bilaga (real PDF/A from WeasyPrint, rendered once and then made distinct per ärende, so no
two handlingar share a SHA-256; every 20th punkt is under sekretess). In this one warm
process (as the long-lived worker is) it prints:

- the sum of the single renders: both kallelser each rendered on its own in ONE pass (the
  whole kallelse laid out at once and validated, as it was before the pieces: the honest
  baseline) plus each handling processed on its own (`nameden.paket.delar.bearbeta`, after
  reading it hash-checked); beside it what the two kallelser cost as the build renders
  them (`kallelse_delar`: in pieces when long, each validated);
- the packet time: ordering and building both versions, parts cache empty;
- a second order with nothing changed (nothing is rebuilt);
- a rebuild after two punkter swap places (every handling from the part cache).

Then, for 10, 20, 40 and 80 punkter, each in a fresh database, the peak memory (max RSS) of
the real worker process (`manage.py db_worker --batch`) building the packet, to show that it
does not grow with the number of punkter. The worker does all of the work in that one process
(rendering, processing, joining: no subprocess of its own), so its max RSS is the whole
figure. Prints figures; asserts nothing (see STYLE.md).
"""

import argparse
import datetime as dt
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TMP = Path(tempfile.mkdtemp(prefix="bench-handlingar-"))

# Before Django is imported: a database and a storage of our own, never the developer's.
os.environ.pop("DATABASE_URL", None)
# (The join-only child, below, is handed its parent's.)
os.environ["SQLITE_PATH"] = os.environ.get("BENCH_SQLITE") or str(TMP / "bench.sqlite3")
os.environ["PRIVATE_MEDIA_ROOT"] = os.environ.get("BENCH_MEDIA") or str(TMP / "private")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nameden.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

import pikepdf  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from nameden import selectors  # noqa: E402
from nameden.models import Forvaltning, Handlingspaket, Namnd, Punkt  # noqa: E402
from nameden.paket.bestall import paket_bestall  # noqa: E402
from nameden.paket.bygg import paket_bygg_bestallt  # noqa: E402
from nameden.paket.delar import bearbeta, sparade_delar  # noqa: E402
from nameden.paket.kallelse import kallelse_delar  # noqa: E402
from nameden.paket.sammanfoga import Avsnitt, sammanfoga  # noqa: E402
from nameden.paket.underlag import underlag_for  # noqa: E402
from nameden.pdf import render_pdf  # noqa: E402
from nameden.roles import Roll  # noqa: E402
from nameden.services.foredragningslista import (  # noqa: E402
    HandlingVarde,
    arende_anmal,
    punkt_andra,
    punkt_flytta,
)
from nameden.services.sammantrade import sammantrade_skapa  # noqa: E402
from tests.factories import AvdelningFactory, UserFactory  # noqa: E402

STYCKE = (
    "Förvaltningen har tagit del av remissen och delar i huvudsak dess bedömning. Programmet "
    "ger en tydlig riktning för stadens kommunikation med invånarna, och förvaltningen ser "
    "positivt på att tillgänglighet och klarspråk lyfts fram som grundläggande principer. "
)


def _dokument(rubrik: str, avsnitt: int) -> bytes:
    delar = "".join(f"<h2>{rubrik}, avsnitt {i}</h2><p>{STYCKE * 9}</p>" for i in range(avsnitt))
    html = (
        f'<html lang="sv"><head><meta charset="utf-8"><title>{rubrik}</title>'
        '<meta name="author" content="Socialförvaltningen"></head>'
        f"<body><main><h1>{rubrik}</h1>{delar}</main></body></html>"
    )
    return render_pdf(html)[0]


def _sidor(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as p:
        return len(p.pages)


def _med_sidor(rubrik: str, sidor: int) -> bytes:
    """A WeasyPrint PDF of exactly `sidor` pages (a few tries at the section count)."""
    avsnitt = max(1, sidor)
    for _ in range(6):
        pdf = _dokument(rubrik, avsnitt)
        antal = _sidor(pdf)
        if antal == sidor:
            return pdf
        avsnitt = max(1, round(avsnitt * sidor / antal)) if antal else avsnitt + 1
        if antal > sidor and avsnitt >= max(1, round(avsnitt * sidor / antal)):
            avsnitt -= 1
    return pdf


def _egen(pdf: bytes, nummer: int) -> bytes:
    """The same document as ärende `nummer`'s own file (its own title, so its own SHA-256)."""
    with pikepdf.open(io.BytesIO(pdf)) as p:
        p.docinfo["/Title"] = f"Ärende {nummer}"
        ut = io.BytesIO()
        p.save(ut)
        return ut.getvalue()


def _sammantrade(punkter: int):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The tables straight from the models, as the tests make them (--no-migrations): nothing
    # here needs a data migration.
    settings.MIGRATION_MODULES = {app.label: None for app in django.apps.apps.get_app_configs()}
    call_command("migrate", run_syncdb=True, verbosity=0)
    sof = Forvaltning.objects.create(namn="Socialförvaltningen", kortnamn="SOF")
    namnd = Namnd.objects.create(namn="Socialnämnden", forvaltning=sof)
    johan = UserFactory(
        username="johan", roll=Roll.NAMNDSEKRETERARE, avdelning=AvdelningFactory(forvaltning=sof)
    )
    mote = sammantrade_skapa(
        user=johan, namnd=namnd, datum=dt.date(2024, 4, 23), tid=dt.time(13), plats="Stadshuset"
    )
    tu, bilaga = _med_sidor("Tjänsteutlåtande", 3), _med_sidor("Bilaga", 20)
    for nummer in range(1, punkter + 1):
        punkt = arende_anmal(
            user=johan,
            sammantrade=mote,
            kalla="remiss",
            referens=str(nummer),
            rubrik=f"Remiss av program nummer {nummer} för Stockholms stad",
            diarienummer=f"SOF 2024/{nummer}",
            forslag_till_beslut="Socialnämnden godkänner förvaltningens tjänsteutlåtande som svar "
            "på remissen.",
            handlingar=[
                HandlingVarde("Tjänsteutlåtande", _egen(tu, nummer)),
                HandlingVarde("Bilaga 1: Programmet", _egen(bilaga, nummer)),
            ],
        )
        if nummer % 20 == 0:
            punkt_andra(
                user=johan,
                punkt=punkt,
                rubrik=punkt.rubrik,
                diarienummer=punkt.diarienummer,
                forslag_till_beslut=punkt.forslag_till_beslut,
                sekretess=True,
            )
    return johan, mote, _sidor(tu), _sidor(bilaga)


#: Starts the worker and writes its max RSS (kB) and wait status to a file. Linux carries
#: a process's RSS at fork over into its child's ru_maxrss, so the worker is forked from
#: this small process, not from the benchmark's (which holds the rendered test documents and
#: would set a floor under the figure).
STARTARE = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, rusage = os.wait4(proc.pid, 0)
open(sys.argv[1], "w").write(f"{rusage.ru_maxrss} {status}")
"""

#: Sizes of the memory runs (the worker's peak RSS must not grow with them).
MINNE_PUNKTER = (10, 20, 40, 80)


def _tid(f):
    start = time.perf_counter()
    resultat = f()
    return time.perf_counter() - start, resultat


#: A piece size above any agenda here: the kallelse in one pass.
ETT_SVEP = 10**6


def _singles(mote) -> tuple[float, float, list[float], float, int]:
    underlag = underlag_for(mote)
    nu = dt.datetime.now(dt.UTC)
    kallelse = sum(
        _tid(lambda o=o: kallelse_delar(underlag, offentlig=o, skapad=nu))[0] for o in (False, True)
    )
    ett_svep = sum(
        _tid(
            lambda o=o: kallelse_delar(underlag, offentlig=o, skapad=nu, punkter_per_del=ETT_SVEP)
        )[0]
        for o in (False, True)
    )
    bitar = len(kallelse_delar(underlag, offentlig=False, skapad=nu).delar)
    delar = [
        _tid(lambda h=h: bearbeta(selectors.handling_innehall(h), titel=h.titel))[0]
        for h in underlag.handlingar
    ]
    return kallelse, sum(delar), delar, ett_svep, bitar


def _bestall_och_bygg(johan, mote) -> float:
    def kor():
        bestallning = paket_bestall(user=johan, sammantrade=mote)
        if bestallning.koad:  # what the worker runs for the queued task
            paket_bygg_bestallt(mote.pk)
        return bestallning

    return _tid(kor)


def huvud(punkter: int) -> None:
    johan, mote, tu_sidor, bilaga_sidor = _sammantrade(punkter)
    print(
        f"{punkter} punkter (+4 inledande), each a {tu_sidor}-page tjänsteutlåtande and a "
        f"{bilaga_sidor}-page bilaga; {punkter // 20} under sekretess"
    )
    render_pdf("<html lang=sv><body><p>Uppvärmning</p></body></html>")  # fonts, CSS, imports

    kallelse, delar, var, ett_svep, bitar = _singles(mote)
    summa = ett_svep + delar
    print(
        f"Sum of single renders: {summa:.2f} s = both kallelser in one pass {ett_svep:.2f} s "
        f"+ {len(var)} handlingar processed {delar:.2f} s (median "
        f"{statistics.median(var) * 1000:.0f} ms); the kallelser as built, in {bitar} pieces: "
        f"{kallelse:.2f} s = {kallelse / ett_svep:.2f} × one pass"
    )

    forsta, _ = _bestall_och_bygg(johan, mote)
    paket = {p.version: p for p in mote.handlingspaket.all()}
    full, off = paket[Handlingspaket.Version.FULLSTANDIG], paket[Handlingspaket.Version.OFFENTLIG]
    print(
        f"Packet, first build (both versions): {forsta:.2f} s = {forsta / summa:.2f} × the sum "
        f"(goal ≤ 1.15); {full.sidor} pages / {full.storlek / 1e6:.1f} MB full, {off.sidor} "
        f"pages public; {full.delar_nya} handlingar processed, {full.delar_ateranvanda} reused"
    )

    andra, bestallning = _bestall_och_bygg(johan, mote)
    print(
        f"Second build, nothing changed: {andra * 1000:.0f} ms = {100 * andra / forsta:.1f} % "
        f"of the first (goal < 10 %); queued: {bestallning.koad}"
    )

    sista = mote.punkter.filter(typ=Punkt.Typ.BESLUTSARENDE).order_by("-ordning").first()
    punkt_flytta(user=johan, punkt=sista, riktning="upp")
    tredje, _ = _bestall_och_bygg(johan, mote)
    full.refresh_from_db()
    print(
        f"Rebuild after two punkter swapped places: {tredje:.2f} s = "
        f"{100 * tredje / forsta:.0f} % of the first; {full.delar_nya} handlingar processed, "
        f"{full.delar_ateranvanda} from the part cache"
    )


def worker_minne(punkter: int) -> None:
    """Child process: a fresh database with `punkter` ärenden, one order, then the real
    worker process; prints its peak RSS and wall time."""
    johan, mote, _, _ = _sammantrade(punkter)
    paket_bestall(user=johan, sammantrade=mote)
    start = time.perf_counter()
    matning = TMP / "worker-rusage"
    subprocess.run(
        [
            sys.executable,
            "-c",
            STARTARE,
            str(matning),
            sys.executable,
            str(ROOT / "manage.py"),
            "db_worker",
            "--batch",
            "--no-reload",
            "--no-startup-delay",
            "--verbosity",
            "0",
        ],
        cwd=ROOT,
        check=True,
    )
    tid = time.perf_counter() - start
    maxrss, status = map(int, matning.read_text().split())
    klar = mote.handlingspaket.filter(status=Handlingspaket.Status.KLAR).count()
    sidor = mote.handlingspaket.get(version=Handlingspaket.Version.FULLSTANDIG).sidor
    kallelse = kallelse_delar(underlag_for(mote), offentlig=False, skapad=dt.datetime.now(dt.UTC))
    for nummer, del_ in enumerate(kallelse.delar, start=1):
        (TMP / f"kallelse-{nummer}.pdf").write_bytes(del_.pdf)
    sammanfogning = subprocess.run(
        [sys.executable, __file__, "--sammanfoga-minne", str(mote.pk)],
        check=True,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "BENCH_SQLITE": os.environ["SQLITE_PATH"],
            "BENCH_MEDIA": os.environ["PRIVATE_MEDIA_ROOT"],
        },
    ).stdout.strip()
    print(
        f"  {punkter:>3} punkter: worker peak RSS {maxrss / 1024:.1f} MB, "
        f"{tid:.1f} s including start-up, {sidor} pages (kallelse {kallelse.sidor} in "
        f"{len(kallelse.delar)} pieces), "
        f"{klar}/2 versions klar (exit {os.waitstatus_to_exitcode(status)}); {sammanfogning}"
    )


def sammanfoga_minne(sammantrade_id: int) -> None:
    """Child process: only the join of the full version (the kallelse's pieces rendered by
    the parent, every part from the cache), to tell the join's memory from WeasyPrint's."""
    from nameden.models import Sammantrade

    underlag = underlag_for(Sammantrade.objects.get(pk=sammantrade_id))
    delar = sparade_delar(underlag.handlingar)
    fore = _topp()
    foralder = Path(os.environ["SQLITE_PATH"]).parent  # the parent's TMP
    sammanfoga(
        sorted(foralder.glob("kallelse-*.pdf"), key=lambda f: int(f.stem.split("-")[1])),
        [
            Avsnitt(
                rubrik=p.punkt.rubrik,
                prefix=f"{p.ordning}:",
                handlingar=tuple((h, Path(delar[h.sha256].fil.path)) for h in p.handlingar),
            )
            for p in underlag.punkter_i(offentlig=False)
        ],
        ut=TMP / "paket.pdf",
        titel="Kallelse och handlingar",
    )
    print(f"join alone: peak RSS {_topp():.1f} MB ({_topp() - fore:+.1f} MB over its start)")


def _topp() -> float:
    """This process's peak RSS so far, in MB: VmHWM, which starts afresh at exec (ru_maxrss
    would start at the RSS of the process it was forked from)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--punkter", type=int, default=40, help="ärenden on the agenda (40)")
    parser.add_argument("--worker-minne", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sammanfoga-minne", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sammanfoga_minne:
        sammanfoga_minne(args.sammanfoga_minne)
        return
    if args.worker_minne:
        worker_minne(args.worker_minne)
        return
    huvud(args.punkter)
    print("Peak memory of the worker process (manage.py db_worker --batch), fresh database each:")
    toppar = []
    for punkter in MINNE_PUNKTER:
        ut = subprocess.run(
            [sys.executable, __file__, "--worker-minne", str(punkter)],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "SQLITE_PATH": "", "PRIVATE_MEDIA_ROOT": ""},
        ).stdout
        print(ut, end="")
        toppar.append(float(ut.split("worker peak RSS ")[1].split(" MB")[0]))
    print(
        f"  spread: {max(toppar) - min(toppar):.1f} MB between {MINNE_PUNKTER[0]} and "
        f"{MINNE_PUNKTER[-1]} punkter (goal: flat, < 5 MB)"
    )


if __name__ == "__main__":
    main()
