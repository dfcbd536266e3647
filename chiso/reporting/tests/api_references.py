"""The API reference rows of the reporting app (collected by ``tests/test_api_references.py``)."""

from chiso.reporting import services as reporting
from chiso.reporting.models import ConsolidatedReport, Period, Schedule, Submission
from tests.apirefs import HIDDEN, REFUSED, xlsx

from .factories import half_yearly

CASES = {
    ("reporting-schedule-list", "post"): [
        (
            "a Sóc Trăng plan",
            "district",
            "/api/v1/reporting/schedules/",
            {"plan": "{plan}", "title": "Quý"},
            "json",
            REFUSED,
        ),
        (
            "a Sóc Trăng recipient",
            "district",
            "/api/v1/reporting/schedules/",
            {"plan": "{near_plan}", "title": "Quý", "recipient": "{agency}"},
            "json",
            REFUSED,
        ),
        (
            "Sóc Trăng reporters",
            "district",
            "/api/v1/reporting/schedules/",
            {"plan": "{near_plan}", "title": "Quý", "reporters": ["{agency}"]},
            "json",
            REFUSED,
        ),
        (
            "a recipient outside the plan's unit (the page offers only the town's agencies)",
            "district",
            "/api/v1/reporting/schedules/",
            {"plan": "{near_plan}", "title": "Quý", "recipient": "{vp_bach_sam}"},
            "json",
            REFUSED,
        ),
    ],
    ("reporting-schedule-ad-hoc", "post"): [
        (
            "a Sóc Trăng schedule",
            "coordinator",
            "/api/v1/reporting/schedules/{schedule}/ad-hoc/",
            {"label": "Đột xuất", "cutoff_start": "2025-01-01", "cutoff_end": "2025-03-31", "due_on": "2025-04-10"},
            "json",
            HIDDEN,
        )
    ],
    ("reporting-period-set-status", "post"): [
        (
            "a Sóc Trăng period",
            "coordinator",
            "/api/v1/reporting/periods/{period}/status/",
            {"status": "closed"},
            "json",
            HIDDEN,
        )
    ],
    ("reporting-period-consolidate", "post"): [
        ("a Sóc Trăng period", "coordinator", "/api/v1/reporting/periods/{period}/consolidate/", {}, "json", HIDDEN)
    ],
    ("reporting-request-start", "post"): [
        ("a Sóc Trăng request", "coordinator", "/api/v1/reporting/requests/{request}/start/", {}, "json", HIDDEN)
    ],
    ("reporting-submission-detail", "patch"): [
        (
            "a Sóc Trăng report",
            "coordinator",
            "/api/v1/reporting/submissions/{submission}/",
            {"version": 1, "summary": "x"},
            "json",
            HIDDEN,
        )
    ],
    ("reporting-submission-attach", "post"): [
        (
            "a Sóc Trăng report",
            "coordinator",
            "/api/v1/reporting/submissions/{submission}/attachments/",
            {"file": xlsx},
            "multipart",
            HIDDEN,
        )
    ],
    ("reporting-submission-submit", "post"): [
        ("a Sóc Trăng report", "coordinator", "/api/v1/reporting/submissions/{submission}/submit/", {}, "json", HIDDEN)
    ],
    ("reporting-submission-return", "post"): [
        (
            "a Sóc Trăng report",
            "coordinator",
            "/api/v1/reporting/submissions/{submission}/return/",
            {"comment": "x"},
            "json",
            HIDDEN,
        )
    ],
    ("reporting-submission-accept", "post"): [
        ("a Sóc Trăng report", "coordinator", "/api/v1/reporting/submissions/{submission}/accept/", {}, "json", HIDDEN)
    ],
    ("reporting-submission-reopen", "post"): [
        (
            "a Sóc Trăng report",
            "coordinator",
            "/api/v1/reporting/submissions/{submission}/reopen/",
            {"reason": "x"},
            "json",
            HIDDEN,
        )
    ],
    ("reporting-consolidated-detail", "patch"): [
        (
            "a Sóc Trăng report",
            "coordinator",
            "/api/v1/reporting/consolidated/{report}/",
            {"version": 1, "title": "x"},
            "json",
            HIDDEN,
        )
    ],
    ("reporting-consolidated-send-for-approval", "post"): [
        (
            "a Sóc Trăng report",
            "coordinator",
            "/api/v1/reporting/consolidated/{report}/send-for-approval/",
            {},
            "json",
            HIDDEN,
        )
    ],
    ("reporting-consolidated-approve", "post"): [
        (
            "a Sóc Trăng report",
            "leader",
            "/api/v1/reporting/consolidated/{report}/approve/",
            {"code": "1/BC", "report_date": "2025-07-20"},
            "json",
            HIDDEN,
        )
    ],
    ("reporting-consolidated-return", "post"): [
        (
            "a Sóc Trăng report",
            "leader",
            "/api/v1/reporting/consolidated/{report}/return/",
            {"reason": "x"},
            "json",
            HIDDEN,
        )
    ],
    ("reporting-consolidated-send-up", "post"): [
        ("a Sóc Trăng report", "coordinator", "/api/v1/reporting/consolidated/{report}/send-up/", {}, "json", HIDDEN)
    ],
}


def objects(world, far):
    """A half-year schedule of Vĩnh Châu's plan (built by the plans app's rows), its period, request, report and
    consolidated report."""
    far.schedule = half_yearly(far.plan, actor=far.admin, recipient=far.agency)
    far.period = far.schedule.periods.get()
    far.request = far.period.requests.get()
    far.submission = reporting.start_submission(far.request, actor=far.admin)
    far.report = reporting.consolidate_report(far.period, actor=far.admin)
    return {
        "schedule": far.schedule.pk,
        "period": far.period.pk,
        "request": far.request.pk,
        "submission": far.submission.pk,
        "report": far.report.pk,
    }


def state():
    return (
        Schedule.objects.count(),
        sorted(Period.objects.values_list("pk", "status", "version")),
        sorted(Submission.objects.values_list("pk", "status", "version")),
        sorted(ConsolidatedReport.objects.values_list("pk", "status", "version")),
    )
