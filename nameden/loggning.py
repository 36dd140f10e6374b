"""Structured logs: one JSON object per line, each carrying the id of the request it belongs to.

A request's id comes from its `X-Request-ID` header (the proxy in front, or a client that
wants to find its own request in the logs) when it is a short token, and is generated
otherwise. It is kept in a context variable for the whole request, so every log line written
while the request runs (the app's, Django's, a library's) carries it without being passed
around, and it is sent back in the response's `X-Request-ID`, so that a user reporting "it
failed" can quote it. gunicorn's access line (gunicorn.conf.py) reads it from that header.

A task enqueued while a request runs carries the request's id as an argument
(`nameden.tasks`), and the worker runs it inside `med_request_id`, so a build's log lines in
the worker name the request that ordered it.

`LOG_FORMAT=json` (production) formats with `JsonFormatter`; the default `text` is for people
reading a terminal. Both carry the request id (`RequestIdFilter`). Only this module's stdlib
imports run when the settings configure logging: no Django model is touched here.
"""

import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.signals import request_finished

HEADER = "X-Request-ID"
# What an incoming id may look like: a proxy's UUID or similar token. Anything else (too
# long, spaces, quotes, newlines that would forge log lines) is replaced by our own id.
_GILTIG = re.compile(r"[A-Za-z0-9._:@-]{1,128}")

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

# The attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "request_id",
}


def request_id() -> str | None:
    """The id of the request being served in this context, None outside a request."""
    return _request_id.get()


@contextmanager
def med_request_id(rid: str | None) -> Iterator[None]:
    """Carry `rid` (the id of the request that enqueued a task) while a worker runs that
    task, so its log lines say which request they belong to; the worker's own lines before
    and after keep theirs. An id that is not a plain token is not used (`nytt_id`'s rule)."""
    token = _request_id.set(rid if rid and _GILTIG.fullmatch(rid) else None)
    try:
        yield
    finally:
        _request_id.reset(token)


def nytt_id(inkommande: str | None = None) -> str:
    """The incoming id when it is a plain token, else a fresh one (32 hex digits)."""
    if inkommande and _GILTIG.fullmatch(inkommande):
        return inkommande
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Put the current request id on every record (`-` outside a request); a record that
    already has one (gunicorn's access line, passed in `extra`) keeps it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = _request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, the
    record's plain `extra` values (strings, numbers, booleans) and the traceback if any.

    Objects passed in `extra` (Django passes the whole request) are left out: their text
    could carry a query string or a session, and a log line should hold only what it says.
    """

    def format(self, record: logging.LogRecord) -> str:
        rad = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or _request_id.get(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and isinstance(value, str | int | float | bool | None):
                rad[key] = value
        if record.exc_info:
            rad["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            rad["stack"] = self.formatStack(record.stack_info)
        return json.dumps(rad, ensure_ascii=False)


def _glom_request_id(**kwargs) -> None:
    # When the response is closed (after Django's own "Not Found: …" line for a returned
    # 4xx, which is written outside the middleware), the id is done with: log lines between
    # requests in this thread must not carry it.
    _request_id.set(None)


class RequestIdMiddleware:
    """Give each request its id, keep it in the context while the request runs, and send it
    back in `X-Request-ID`. First in MIDDLEWARE, so redirects and errors carry it too."""

    def __init__(self, get_response):
        self.get_response = get_response
        request_finished.connect(_glom_request_id, dispatch_uid="nameden.loggning.request_id")

    def __call__(self, request):
        rid = nytt_id(request.headers.get(HEADER))
        _request_id.set(rid)
        request.request_id = rid
        response = self.get_response(request)
        response[HEADER] = rid
        return response
