"""Request ids and structured (JSON) logs.

:class:`RequestIdMiddleware` gives every request an id — the proxy's ``X-Request-ID`` when it looks like one,
else a new one — echoes it in the response's ``X-Request-ID`` and makes it visible to logging for the length of
the request. :class:`RequestIdFilter` puts it on every log record (``record.request_id``), and
:class:`JsonFormatter` writes one JSON object per line: what log collectors (journald, Loki, ELK) read without a
parsing rule. Production (``CHISO_ENV=production``, or ``LOG_FORMAT=json``) logs this way; development keeps
plain lines.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import uuid

HEADER = "X-Request-ID"
# Letters, digits and a few separators, up to 200 characters: a UUID, nginx's $request_id, a load balancer's
# trace id. Anything else (spaces, line breaks, quotes, non-ASCII) is replaced, so a client cannot forge lines.
SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:=+/@-]{0,199}")

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("chiso_request_id", default=None)


def current_request_id() -> str | None:
    return _current.get()


def _id_from(request) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if SANE.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every line the request logs — Django's own included — carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _id_from(request)
        token = _current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request.request_id
        return response


class RequestIdFilter(logging.Filter):
    """Sets ``record.request_id``: the current request's, or that of the request the record is about.

    Django logs 4xx/5xx responses (``django.request``) after the middleware chain has returned; those records
    carry the request itself, hence the second source.
    """

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            request = getattr(record, "request", None)
            record.request_id = current_request_id() or getattr(request, "request_id", None)
        return True


# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is written when simple.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}
_SIMPLE = (str, int, float, bool, type(None))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, exc, and simple extras."""

    def format(self, record):
        data = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds")[:-6] + "Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = getattr(record, "request_id", None)
        if request_id:
            data["request_id"] = request_id
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            data["method"] = request.method
            data["path"] = request.path
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in data and isinstance(value, _SIMPLE):
                data[key] = value
        if record.exc_info:
            data["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            data["exc"] = record.exc_text
        if record.stack_info:
            data["stack"] = self.formatStack(record.stack_info)
        return json.dumps(data, ensure_ascii=False, default=str)
