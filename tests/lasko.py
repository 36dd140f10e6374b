"""Test harness for lock order on PostgreSQL: see when requests queue behind a held row lock.

A test holds a row lock in its own transaction, starts requests in threads, and waits until
each one is really waiting for that lock (`vanta_tills_blockerade`) before it starts the
next or releases: so the order in which they reach the lock is the test's, not chance's.
"""

import threading
import time

from django.db import connection


def blockerade() -> int:
    """Backends of this test database (other than this one) waiting for a lock."""
    with connection.cursor() as cursor:
        # Inside a transaction the activity view is a snapshot taken at first read: drop it.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND cardinality(pg_blocking_pids(pid)) > 0"
        )
        return cursor.fetchone()[0]


def vanta_tills_blockerade(antal: int, *, trad: threading.Thread, timeout: float = 30) -> None:
    """Wait until `antal` backends wait for a lock; fail if `trad` finished instead (it did
    not queue) or if they never do within `timeout` seconds."""
    slut = time.monotonic() + timeout
    while blockerade() < antal:
        if not trad.is_alive():
            raise AssertionError(f"{trad.name} finished instead of queueing on the lock")
        if time.monotonic() > slut:
            raise AssertionError(f"{antal} requests never queued on the lock")
        time.sleep(0.02)
