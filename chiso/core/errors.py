"""Error pages in the user's language; the API gets JSON instead of HTML."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults

# What a database that cannot be reached raises (connection refused, closed, locked for too long).
DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _wants_json(request):
    return request.path.startswith("/api/")


def permission_denied(request, exception=None):
    if _wants_json(request):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action."), "code": "permission_denied"}, status=403
        )
    return defaults.permission_denied(request, exception, template_name="403.html")


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception, template_name="404.html")


def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        return database_unavailable(request)
    if _wants_json(request):
        return JsonResponse({"detail": _("Server error."), "code": "server_error"}, status=500)
    return defaults.server_error(request, template_name="500.html")


def database_unavailable(request):
    """503 with Retry-After, in Vietnamese and English; renders nothing that needs the database."""
    if _wants_json(request):
        response = JsonResponse(
            {
                "detail": _("The database cannot be reached at the moment. Please try again in a few minutes."),
                "code": "database_unavailable",
            },
            status=503,
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def request_too_large(request, limit):
    """413: the body is larger than the site accepts; said before anything reads it."""

    message = _("At most %(limit)s MB can be sent at once; this request was larger.") % {
        "limit": limit // (1024 * 1024)
    }
    if _wants_json(request):
        return JsonResponse({"detail": message, "code": "request_too_large"}, status=413)
    return render(request, "413.html", {"message": message}, status=413)


class ClientErrorsOneLine(logging.Filter):
    """``django.request`` logs a refused request (403 Permission denied, 400 bad body) with its traceback; a
    client's error is not the server's, so it becomes one line with the reason."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500 and record.exc_info:
            exc = record.exc_info[1]
            record.exc_info = None
            record.exc_text = None
            if exc is not None and str(exc) and isinstance(record.args, tuple):
                record.msg = f"{record.msg} (%s)"
                record.args = (*record.args, f"{type(exc).__name__}: {exc}")
        return True
