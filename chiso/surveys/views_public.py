"""The public side of surveys: the form behind a point's link and QR code (no account; one answer per device,
rate-limited per address as feedback is), the QR image, and the results a survey publishes."""

from __future__ import annotations

import io
import secrets

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core.permissions import PUBLIC, declare
from chiso.lib.ratelimit import client_address, hit

from . import charts, scoring, services
from .charts import LEVEL
from .forms import AnswerForm
from .models import CollectionPoint, Response, Survey

DEVICE_COOKIE = "chiso_survey_device"
DEVICE_SALT = "chiso.surveys.device"
YEAR = 365 * 24 * 3600


def _limited(request):
    if hit("survey", client_address(request), limit=settings.RATE_LIMIT_SUBMIT, window=settings.RATE_LIMIT_WINDOW):
        return None
    minutes = max(1, settings.RATE_LIMIT_WINDOW // 60)
    response = render(request, "citizens/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(settings.RATE_LIMIT_WINDOW)
    return response


def device_of(request) -> str | None:
    return request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)


def _keep_device(request, response, device):
    if device_of(request) != device:
        response.set_signed_cookie(DEVICE_COOKIE, device, salt=DEVICE_SALT, max_age=YEAR, httponly=True,
                                   samesite="Lax", secure=request.is_secure())  # fmt: skip
    return response


def _point(token):
    point = CollectionPoint.objects.select_related("survey__unit", "unit").filter(token=token).first()
    if point is None or point.survey.status == Survey.Status.DRAFT:
        raise Http404
    return point


@declare(PUBLIC)
def public_form(request, token):
    point = _point(token)
    survey = point.survey
    device = device_of(request) or secrets.token_urlsafe(16)
    questions = list(survey.questions.order_by("position", "id"))
    already = Response.objects.filter(survey=survey, device=services.device_hash(device)).exists()
    is_open = survey.accepts_answers(timezone.localdate())
    form = AnswerForm(request.POST or None, questions=questions)
    errors, status = {}, 200
    if request.method == "POST" and is_open and not already:
        limited = _limited(request)
        if limited:
            return limited
        if request.POST.get("website"):
            errors = {"__all__": [_("The form could not be accepted. Please check it and send it again.")]}
            status = 400
        else:
            try:
                services.submit_response(point, raw=form.raw(), channel=Response.Channel.WEB, device_id=device)
            except ValidationError as exc:
                errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                status = 400
            else:
                redirect = HttpResponseRedirect(reverse("surveys:public_form", args=[token]) + "?thanks=1")
                return _keep_device(request, redirect, device)
    elif request.method == "POST":
        status = 409 if already else 400
    answers, _errs = services.clean_answers(survey, form.raw() if form.is_bound else {}, questions)
    response = render(request, "surveys/public_form.html", {
        "point": point, "survey": survey, "rows": form.shown(answers), "errors": errors, "already": already,
        "is_open": is_open, "thanks": request.GET.get("thanks") == "1",
    }, status=status)  # fmt: skip
    return _keep_device(request, response, device)


@declare(PUBLIC)
def public_qr(request, token):
    """The QR code of a point's public link, as SVG (for the portal) or PNG (``?png``, for print)."""
    point = _point(token)
    qr = segno.make(request.build_absolute_uri(point.get_public_url()), error="m")
    buffer = io.BytesIO()
    if "png" in request.GET:
        qr.save(buffer, kind="png", scale=10, border=2)
        return HttpResponse(buffer.getvalue(), content_type="image/png")
    qr.save(buffer, kind="svg", scale=6, border=2, title=str(point))
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@declare(PUBLIC)
def public_results(request, pk):
    survey = Survey.objects.select_related("unit").filter(pk=pk).first()
    if survey is None or not survey.results_visible_to_public():
        raise Http404
    results = scoring.compute(survey)
    return render(request, "surveys/public_results.html", {
        "survey": survey, "results": results,
        "factor_chart": charts.interval_chart([(ln.label, ln.estimate, None) for ln in results.factors],
                                              title=_("Index by factor, with %(level)s intervals") % LEVEL),
        "point_chart": charts.interval_chart([(g.label, g.estimate, g.ranked) for g in results.points],
                                             title=_("Index by collection point, with %(level)s intervals") % LEVEL),
        "legend": charts.legend(),
    })  # fmt: skip
