"""Remedies: the list of what is owed or awaited, assigning one to a finding, reporting, answering, verifying."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core.permissions import declare, policy

from .. import services
from ..forms import AnswerForm, RemedyForm, ReportForm, VerifyForm
from ..models import Finding, Inspection, Remedy, Timeliness
from ._common import _act, _conductor, _remedy


@declare("view", Remedy)
def remedy_list(request):
    """The remedies the user may see — for an inspected agency, what it owes; for inspectors, what awaits them."""
    today = timezone.localdate()
    remedies = (
        Remedy.objects.visible_to(request.user)
        .select_related("agency__unit", "finding__inspection__inspected_unit")
        .order_by("due_on", "id")
    )
    state = request.GET.get("state", "unresolved")
    if state == "unresolved":
        remedies = remedies.unresolved()
    elif state == "overdue":
        remedies = remedies.overdue(on=today)
    elif state == "awaiting":
        remedies = remedies.filter(status=Remedy.Status.REPORTED)
    rows = [{"remedy": r, "timeliness": Timeliness(r.timeliness(today))} for r in remedies[:500]]
    return render(
        request,
        "inspections/remedy_list.html",
        {
            "rows": rows,
            "state": state,
            "states": [
                ("unresolved", _("Not yet resolved")),
                ("overdue", _("Overdue")),
                ("awaiting", _("Awaiting verification")),
                ("all", _("All")),
            ],
        },
    )


@declare("change", Inspection)
def remedy_add(request, pk):
    finding = get_object_or_404(
        Finding.objects.select_related("inspection").filter(
            inspection__in=policy.scope(request.user, "change", Inspection.objects.all())
        ),
        pk=pk,
    )
    inspection = finding.inspection
    _conductor(request, inspection)
    return _act(
        request,
        RemedyForm(request.POST or None, inspection=inspection),
        lambda d: services.assign_remedy(finding, actor=request.user, **d),
        lambda remedy: (
            _("Remedy assigned to %(agency)s, due %(date)s.")
            % {"agency": remedy.agency, "date": f"{remedy.due_on:%d/%m/%Y}"}
        ),
        lambda remedy: remedy.get_absolute_url(),
        heading=_("Remedy for finding %(n)s") % {"n": finding.number},
        intro=finding.text,
        button=_("Assign"),
        obj=inspection,
    )


@declare("report", Remedy)
def remedy_report(request, pk):
    remedy = _remedy(request, pk, "report")
    intro = remedy.text + (
        f" — {_('Evidence expected')}: {remedy.evidence_expected}" if remedy.evidence_expected else ""
    )
    return _act(
        request,
        ReportForm(request.POST or None, request.FILES or None),
        lambda d: services.report_remedy(remedy, actor=request.user, text=d["text"], files=d.get("files") or []),
        _("Reported done: the inspector will verify it."),
        heading=_("Report the remedy done"),
        intro=intro,
        button=_("Send"),
        obj=remedy,
        multipart=True,
    )


@declare("report", Remedy)
def remedy_answer(request, pk):
    remedy = _remedy(request, pk, "report")
    return _act(
        request,
        AnswerForm(request.POST or None),
        lambda d: services.answer_recommendation(remedy, actor=request.user, **d),
        _("The answer is recorded."),
        heading=_("Answer the recommendation"),
        intro=remedy.text,
        button=_("Send"),
        obj=remedy,
    )


def _deadline(d):
    """The new deadline a verdict form gives (working days or a date), as the services take it."""
    return {"reason": d.get("reason", ""), "deadline_days": d.get("deadline_days"), "due_on": d.get("due_on")}


@declare("verify", Remedy)
def remedy_verify(request, pk):
    remedy = _remedy(request, pk, "verify")
    report = remedy.reports.prefetch_related("evidence").last()
    return _act(
        request,
        VerifyForm(request.POST or None),
        lambda d: services.verify_remedy(remedy, actor=request.user, accepted=d["verdict"] == "accept", **_deadline(d)),
        _("The verdict is recorded."),
        heading=_("Verify the remedy"),
        intro=f"{remedy.text} — {report.text if report else ''}",
        button=_("Save the verdict"),
        obj=remedy,
    )


@declare("verify", Remedy)
def remedy_reopen(request, pk):
    remedy = _remedy(request, pk, "verify")
    return _act(
        request,
        VerifyForm(request.POST or None, initial={"verdict": "reject"}),
        lambda d: services.reopen_remedy(remedy, actor=request.user, **_deadline(d)),
        _("The remedy is open again."),
        heading=_("Reopen the remedy"),
        intro=remedy.text,
        button=_("Reopen"),
        obj=remedy,
    )
