"""Reporting screens of one agency's report for a period: fill in, submit, review, reopen, its attachments.
Thin views over reporting.services; every one declares its permission."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chiso.core.permissions import HISTORY, declare, policy
from chiso.core.services import ConflictError
from chiso.core.views import error_messages, scoped_object
from chiso.lib import filetypes

from . import services
from .forms import ReasonForm
from .models import (
    Attachment,
    Submission,
    SubmissionLine,
)
from .views import _dimensions


# --- a submission -----------------------------------------------------------------------------------------
def _submission_context(request, submission):
    req = submission.request
    period = req.period
    user = request.user
    dimensions = _dimensions(period.schedule.plan.year)
    lines = list(submission.lines.all())
    return {
        "submission": submission,
        "req": req,
        "period": period,
        "lines": lines,
        "dimensions": [(d, submission.narratives.get(d.code, "")) for d in dimensions],
        "metrics": [
            (code, label, submission.metrics.get(code)) for code, label in period.schedule.metric_labels().items()
        ],
        "versions": req.submissions.order_by("-number").only("id", "number", "status", "submitted_at"),
        "attachments": submission.attachments.all(),
        "can_edit": submission.is_editable and policy.can(user, "report", req),
        "can_review": submission.status == Submission.Status.SUBMITTED and policy.can(user, "review", period),
        "can_reopen": submission.status == Submission.Status.ACCEPTED and policy.can(user, "review", period),
        "late": req.is_late(timezone.localdate()),
        "history_url": reverse("reporting:submission_history", args=[submission.pk])
        if policy.can(user, HISTORY, submission)
        else None,
    }


def _posted(request, submission):
    """What the officer typed: the report's fields and each line's percent and result."""
    post = request.POST
    data = {
        "summary": post.get("summary", ""),
        "difficulties": post.get("difficulties", ""),
        "proposals": post.get("proposals", ""),
        "narratives": {d.code: post.get(f"narrative-{d.code}", "") for d in _dimensions()},
    }
    metrics, errors = {}, []
    for code, label in submission.request.period.schedule.metric_labels().items():
        raw = (post.get(f"metric-{code}") or "").strip().replace(",", ".")
        if raw == "":
            metrics[code] = None
            continue
        try:
            value = float(raw)
            if value < 0:
                raise ValueError
            metrics[code] = int(value) if value.is_integer() else value
        except ValueError:
            metrics[code] = raw
            errors.append(_("“%(label)s” must be a number of zero or more.") % {"label": label})
    data["metrics"] = metrics
    lines = {}
    for line in submission.lines.all():
        raw = post.get(f"line-{line.pk}-percent")
        values = {"result": post.get(f"line-{line.pk}-result", line.result)}
        if raw not in (None, ""):
            try:
                percent = int(raw)
                if not 0 <= percent <= 100:
                    raise ValueError
                values["percent"] = percent
            except ValueError:
                errors.append(
                    _("Task %(n)s: the progress must be a whole number from 0 to 100.") % {"n": line.task_number}
                )
        lines[line.pk] = values
    return data, lines, errors


def _keep_typed(context, data, lines):
    """Show the form again with what was typed, not with what is stored (nothing typed is lost)."""
    context["dimensions"] = [(d, data["narratives"].get(d.code, "")) for d, _stored in context["dimensions"]]
    context["metrics"] = [(code, label, data["metrics"].get(code)) for code, label, _v in context["metrics"]]
    for line in context["lines"]:
        typed = lines.get(line.pk, {})
        line.result = typed.get("result", line.result)
        line.percent = typed.get("percent", line.percent)
    submission = context["submission"]
    for field in ("summary", "difficulties", "proposals"):
        setattr(submission, field, data[field])


@declare("view", Submission)
def submission_detail(request, pk):
    submission = scoped_object(
        request,
        Submission,
        "view",
        pk,
        Submission.objects.select_related(
            "request__agency__unit", "request__period__schedule__plan", "consolidated_from"
        ),
    )
    if request.method == "POST":
        return _submission_post(request, submission)
    return render(request, "reporting/submission_detail.html", _submission_context(request, submission))


def _submission_post(request, submission):
    if not policy.can(request.user, "report", submission.request):
        raise PermissionDenied
    data, lines, errors = _posted(request, submission)
    context = _submission_context(request, submission)
    if errors:
        _keep_typed(context, data, lines)
        context["form_errors"] = errors
        return render(request, "reporting/submission_detail.html", context, status=400)
    try:
        saved = services.save_draft(
            submission, actor=request.user, loaded_version=request.POST.get("loaded_version"), data=data, lines=lines
        )
        for upload in request.FILES.getlist("attachments"):
            services.attach_file(saved, actor=request.user, upload=upload)
        if request.POST.get("action") == "submit":
            services.submit_submission(saved, actor=request.user)
            late = saved.request.is_late(timezone.localdate())
            messages.success(
                request,
                _("The report was submitted late; it has been received and marked as late.")
                if late
                else _("The report was submitted."),
            )
        else:
            messages.success(request, _("The draft was saved."))
        return HttpResponseRedirect(saved.get_absolute_url())
    except ConflictError as exc:
        current = Submission.objects.get(pk=submission.pk)
        context = _submission_context(request, current)
        context["conflict"] = _conflict(current, data)
        _keep_typed(context, data, lines)
        context["form_errors"] = exc.messages
        context["submission"].version = current.version
        return render(request, "reporting/submission_detail.html", context, status=409)
    except ValidationError as exc:
        _keep_typed(context, data, lines)
        context["form_errors"] = error_messages(exc)
        return render(request, "reporting/submission_detail.html", context, status=400)


def _conflict(current, data):
    rows = []
    labels = {
        "summary": _("General assessment"),
        "difficulties": _("Difficulties and shortcomings"),
        "proposals": _("Proposals"),
    }
    for field, label in labels.items():
        if getattr(current, field) != data[field]:
            rows.append((label, getattr(current, field), data[field]))
    for code, text in data["narratives"].items():
        if current.narratives.get(code, "") != text:
            rows.append((code, current.narratives.get(code, ""), text))
    return rows


@require_POST
@declare("view", Submission)
def submission_review(request, pk):
    submission = scoped_object(request, Submission, "view", pk, Submission.objects.select_related("request__period"))
    comment = request.POST.get("comment", "")
    line_comments = {
        line.pk: request.POST.get(f"line-{line.pk}-comment", "").strip()
        for line in SubmissionLine.objects.filter(submission=submission)
    }
    try:
        if request.POST.get("action") == "accept":
            services.accept_submission(submission, actor=request.user, comment=comment)
            messages.success(request, _("The report was accepted."))
        else:
            services.return_submission(
                submission,
                actor=request.user,
                comment=comment,
                line_comments={k: v for k, v in line_comments.items() if v},
            )
            messages.success(request, _("The report was returned to the agency for correction."))
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
    return HttpResponseRedirect(submission.get_absolute_url())


@require_POST
@declare("view", Submission)
def submission_reopen(request, pk):
    submission = scoped_object(request, Submission, "view", pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening."))
        return HttpResponseRedirect(submission.get_absolute_url())
    try:
        newer = services.reopen_submission(submission, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(error_messages(exc)))
        return HttpResponseRedirect(submission.get_absolute_url())
    messages.success(
        request, _("Version %(n)s was opened for correction; the accepted version is kept.") % {"n": newer.number}
    )
    return HttpResponseRedirect(newer.get_absolute_url())


@declare("view", Attachment)
def attachment_download(request, pk):
    item = scoped_object(request, Attachment, "view", pk)
    return filetypes.serve(item.file, filename=item.name)
