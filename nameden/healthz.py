"""`/healthz`: can this process serve a user? The database, the file storage and the virus
scanner, each tried for real, answered as JSON for a load balancer, compose's healthcheck or
a person at 3 a.m.

200 `{"status": "ok", "checks": {...}}` when all three work; 503 with the part that failed
marked "fail" otherwise. No login (a probe has none), and no detail in the answer: what went
wrong (a host name, a bucket, an exception's text) goes to the log only, since the endpoint
is public. Each check is what a real request needs: a query, a file written, read back and
removed (S3 or the file system, whichever `STORAGES["default"]` is), and clamd's PONG,
without which uploads fail closed.
"""

import logging
import uuid

from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from nameden import virusskanning

logger = logging.getLogger(__name__)

PROV = b"remisshantering healthz\n"


def databas() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("SELECT 1 answered something else")


def lagring() -> None:
    # A name of its own per probe: two probes at once must not remove each other's file.
    namn = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(PROV))
    try:
        with default_storage.open(namn, "rb") as fil:
            if fil.read() != PROV:
                raise RuntimeError("the probe read back differs from what was written")
    finally:
        default_storage.delete(namn)


def skanner() -> None:
    if not virusskanning.ping():
        raise RuntimeError("clamd did not answer PONG")


KONTROLLER = {"database": databas, "storage": lagring, "scanner": skanner}


def kontrollera() -> dict[str, str]:
    """Run every check; {"database": "ok" | "fail", …}. Failures are logged with detail."""
    utfall = {}
    for namn, kontroll in KONTROLLER.items():
        try:
            kontroll()
        except Exception as exc:  # any failure means "not healthy"; never a 500 here
            logger.error("Health check %s failed: %s: %s", namn, type(exc).__name__, exc)
            utfall[namn] = "fail"
        else:
            utfall[namn] = "ok"
    return utfall


@login_not_required
@never_cache
@require_safe
def healthz(request):
    utfall = kontrollera()
    frisk = all(v == "ok" for v in utfall.values())
    return JsonResponse(
        {"status": "ok" if frisk else "fail", "checks": utfall}, status=200 if frisk else 503
    )
