"""gunicorn's settings: the web process of production, in docker compose and `make prod-local`.

gunicorn reads this file from the working directory by itself (`gunicorn nameden.wsgi`).
Everything is set from the environment (docs/drift.md):

- GUNICORN_BIND (0.0.0.0:8000): where it listens.
- GUNICORN_WORKERS (2) processes of GUNICORN_THREADS (4) threads each: workers × threads
  requests at once. On this 2-core machine two workers keep both cores busy; threads cover
  the waits on PostgreSQL, storage and clamd. Database connections follow the same numbers
  (DB_CONN_MAX_AGE: one per thread; DB_POOL: DB_POOL_MAX per worker), so PostgreSQL's
  max_connections must exceed workers × threads (+ the db_worker).
- GUNICORN_TIMEOUT (60 s): a worker silent that long is restarted. The slowest request, the
  last approval rendering the final PDF, takes under a second.
- GUNICORN_MAX_REQUESTS (2000): a worker is replaced after that many requests (with jitter,
  so not all at once), which bounds what WeasyPrint's caches can grow to.

Logs: one JSON object per line, as the app's own (`nameden.loggning.JsonFormatter`): the
access line carries method, path (no query string: search terms can be personal data),
status, duration, size and the request id the app sent in X-Request-ID.
"""

import os

from gunicorn.glogging import Logger

from nameden.loggning import HEADER, JsonFormatter, RequestIdFilter

wsgi_app = "nameden.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# The proxy in front may set X-Forwarded-For/-Proto; only addresses named here are believed.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket (gunicorn 25+, one per user in ~/.gunicorn): two servers on one machine
# (prod-local beside the tests) would share it; signals do the same job.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


class JsonLogger(Logger):
    """gunicorn's own lines (start, worker restarts, errors) and the access line as JSON."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())
                handler.addFilter(RequestIdFilter())

    def access(self, resp, req, environ, request_time):
        if not self.cfg.accesslog:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        svar = {name.lower(): value for name, value in resp.headers}
        metod, sokvag = req.method, req.path
        self.access_log.info(
            "%s %s %s",
            metod,
            sokvag,
            status,
            extra={
                "request_id": svar.get(HEADER.lower()),
                "method": metod,
                "path": sokvag,
                "status": int(status),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "bytes": getattr(resp, "sent", None),
                "remote_addr": environ.get("REMOTE_ADDR"),
            },
        )


logger_class = JsonLogger
