"""Benchmark: the tjänsteutlåtande PDF, rendered repeatedly in one long-lived process.

    SECRET_KEY=x .venv/bin/python tests/benchmarks/bench_pdf.py [--n 30]

Builds a throwaway SQLite database in a temporary folder, migrates it, runs seed_demo, renders
the KS 2024/112 case once to warm up and then N times, and prints median and p95 milliseconds
and the page count. Then it renders ~50- and ~100-page documents (many long sections) to show
that the cost per page stays flat. Prints figures; asserts nothing (see STYLE.md).
"""

import argparse
import atexit
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TMP = Path(tempfile.mkdtemp(prefix="bench-pdf-"))

# Before Django is imported: a database and a storage of our own, never the developer's.
os.environ.pop("DATABASE_URL", None)
os.environ["SQLITE_PATH"] = str(TMP / "bench.sqlite3")
os.environ["PRIVATE_MEDIA_ROOT"] = str(TMP / "private")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nameden.settings")
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

django.setup()

from dataclasses import replace  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

from remiss import attestlage, selectors  # noqa: E402
from remiss.dokument import Avsnitt, dokument_for  # noqa: E402
from remiss.models import Remiss  # noqa: E402
from remiss.pdf import pdf_datum, render_tjansteutlatande  # noqa: E402


def _time(render, n: int) -> tuple[list[float], int]:
    times, pages = [], 0
    for _ in range(n):
        start = time.perf_counter()
        pages = render().sidor
        times.append((time.perf_counter() - start) * 1000)
    return times, pages


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[-1]


def _long_document(dokument, sections: int):
    """The demo document with `sections` extra sections of the reference's longest text."""
    synpunkter = next(a for a in dokument.avsnitt if a.nyckel == "synpunkter")
    extra = tuple(
        Avsnitt(
            nyckel=f"extra-{i}",
            rubrik=f"Bilaga till synpunkterna, del {i}",
            typ="text",
            stycken=synpunkter.stycken,
        )
        for i in range(1, sections + 1)
    )
    return replace(dokument, avsnitt=dokument.avsnitt + extra)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="renders of the demo case (30)")
    parser.add_argument("--n-long", type=int, default=5, help="renders of each long document")
    args = parser.parse_args()

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # seed_demo uploads bilagor, and every upload is scanned: a clamd of our own (EICAR only).
    from nameden import clamd_lokal

    clamd = clamd_lokal.starta(TMP / "clamd")
    atexit.register(clamd.stoppa)
    settings.CLAMD_SOCKET, settings.CLAMD_HOST = str(clamd.socket), ""
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    remiss = Remiss.objects.get(avsandarens_diarienummer="KS 2024/112")
    tu = selectors.tjansteutlatande_for(remiss.handlaggare, remiss.pk)
    dokument = dokument_for(tu)
    attester = attestlage.giltiga_attester(tu)
    skapad, andrad = pdf_datum(tu)

    def render(doc=dokument):
        return render_tjansteutlatande(
            doc, attester=attester, utkast=False, skapad=skapad, andrad=andrad
        )

    start = time.perf_counter()
    render()  # warm-up: parses the CSS, loads the fonts, imports the rest of WeasyPrint
    warm_ms = (time.perf_counter() - start) * 1000
    print(f"Warm-up render (seed_demo rendered the final PDF once before): {warm_ms:.0f} ms")

    times, pages = _time(render, args.n)
    print(
        f"Demo case KS 2024/112, {args.n} renders: median {statistics.median(times):.0f} ms, "
        f"p95 {_p95(times):.0f} ms, {pages} pages "
        f"({statistics.median(times) / pages:.1f} ms/page)"
    )

    for target in (50, 100):
        sections, pages = max(1, target // 2), 0
        for _ in range(3):  # find a section count that gives about `target` pages
            pages = render(_long_document(dokument, sections)).sidor
            if abs(pages - target) <= 1:
                break
            sections = max(1, round(sections * (target - 3) / max(1, pages - 3)))
        long_doc = _long_document(dokument, sections)
        times, pages = _time(lambda d=long_doc: render(d), args.n_long)
        median = statistics.median(times)
        print(
            f"Long document, {args.n_long} renders: median {median:.0f} ms, {pages} pages, "
            f"{median / pages:.1f} ms/page"
        )


if __name__ == "__main__":
    main()
