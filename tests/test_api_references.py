"""Every write endpoint of the API refuses a reference outside the caller's reach, as the page's form would.

A reference is the record in the path (the feedback item, the plan, the period…) and every record the body names
(an agency, a plan, reporters, a tracking code). The table ``CASES`` has a row per write route of the API, each
with the references a caller in Hưng Yên tries to use in Sóc Trăng (or sideways, outside what the page offers);
``test_every_write_endpoint_has_a_row`` walks the URLconf and fails when a new write route appears without one.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.citizens.models import Feedback
from chiso.citizens.tests.factories import FeedbackFactory
from chiso.plans.models import Plan, Task
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.reporting import services as reporting
from chiso.reporting.models import Cadence, Schedule, Window
from tests.urlwalk import walk

WRITE_METHODS = ("post", "put", "patch", "delete")
# A record in the path that the caller may not see: "not found", as for any record they do not know of.
HIDDEN = {404}
# A record in the body the caller may not use: the service refuses it on that field.
REFUSED = {400, 403}

# Write routes that take no reference to check, with the reason.
EXEMPT = {
    ("api-token", "post"): "signs in with a username and password; names no record",
    ("api-token-rotate", "post"): "replaces the caller's own token; names no record",
    ("public-feedback-create", "post"): "citizens may write about any unit of the country (public, by design)",
}


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def far(world, admin_user, province_coordinator, district_coordinator, leader):
    """A year of work in thị xã Vĩnh Châu (Sóc Trăng), out of reach of the Hưng Yên personas, and a few records
    in Mỹ Hào that they do reach (to name Sóc Trăng's records, or records the page does not offer, in the body)."""

    class F:
        pass

    f = F()
    # Each caller holds the endpoint's action in their own units, so only the reference stands in the way.
    f.coordinator, f.district, f.leader = province_coordinator, district_coordinator, leader
    agency = world.noi_vu_vinh_chau
    f.agency = agency
    f.plan = PlanFactory(
        unit=world.vinh_chau, year=2025, status=Plan.Status.ISSUED, code="05/KH-UBND", issued_on=dt.date(2025, 1, 5)
    )
    f.draft = PlanFactory(unit=world.vinh_chau, year=2026)
    TaskFactory(plan=f.draft, lead=[agency])
    f.task = TaskFactory(plan=f.plan, lead=[agency])
    f.item = FeedbackFactory(unit=world.vinh_chau, agency=agency, status=Feedback.Status.ACCEPTED)
    f.item_code = f.item.tracking_code
    f.schedule = reporting.create_schedule(
        Schedule(
            plan=f.plan,
            title="Báo cáo 6 tháng",
            cadence=Cadence.HALF_YEARLY,
            window=Window.CALENDAR,
            recipient=agency,
        ),
        actor=admin_user,
        today=dt.date(2025, 7, 1),
    )
    f.period = f.schedule.periods.get()
    f.request = f.period.requests.get()
    f.submission = reporting.start_submission(f.request, actor=admin_user)
    f.report = reporting.consolidate_report(f.period, actor=admin_user)
    # Within reach: Mỹ Hào's plan and an item about phường Bạch Sam.
    f.near_plan = PlanFactory(
        unit=world.my_hao, year=2025, status=Plan.Status.ISSUED, code="03/KH-UBND", issued_on=dt.date(2025, 1, 3)
    )
    TaskFactory(plan=f.near_plan, lead=[world.thanh_tra])
    f.near_item = FeedbackFactory(unit=world.bach_sam, agency=world.ubnd_bach_sam)
    f.world = world
    return f


def _xlsx():
    return SimpleUploadedFile("tasks.xlsx", b"PK\x03\x04", content_type="application/octet-stream")


# route name → method → [(what is tried, caller, url, body, body format, answers accepted)]
def _feedback(action, body=None):
    return [("a Sóc Trăng item", "coordinator", f"/api/v1/feedback/{{item}}/{action}/", body or {}, "json", HIDDEN)]


CASES = {
    ("feedback-accept", "post"): _feedback("accept"),
    ("feedback-reject", "post"): _feedback("reject", {"reason": "duplicate"}),
    ("feedback-merge", "post"): [
        *_feedback("merge", {"into_code": "PA-TEST-0000"}),
        (
            "merging into a Sóc Trăng item",
            "district",
            "/api/v1/feedback/{near_item}/merge/",
            {"into_code": "{item_code}"},
            "json",
            REFUSED,
        ),
    ],
    ("feedback-transfer", "post"): [
        *_feedback("transfer", {"agency": "{agency}"}),
        (
            "to a Sóc Trăng agency",
            "district",
            "/api/v1/feedback/{near_item}/transfer/",
            {"agency": "{agency}"},
            "json",
            REFUSED,
        ),
        (
            "sideways to another ward's office",
            "district",
            "/api/v1/feedback/{near_item}/transfer/",
            {"agency": "{vp_pck}"},
            "json",
            REFUSED,
        ),
    ],
    ("feedback-answer", "post"): _feedback("answer", {"answer": "Đã sửa."}),
    ("feedback-approve", "post"): _feedback("approve"),
    ("feedback-return-answer", "post"): _feedback("return", {"reason": "Sửa lại."}),
    ("feedback-reopen", "post"): _feedback("reopen", {"reason": "Chưa xong."}),
    ("plan-submit", "post"): [
        ("a Sóc Trăng draft", "coordinator", "/api/v1/plans/{draft}/submit/", {}, "json", HIDDEN)
    ],
    ("plan-issue", "post"): [
        (
            "a Sóc Trăng draft",
            "leader",
            "/api/v1/plans/{draft}/issue/",
            {"code": "9/KH", "issued_on": "2025-02-01"},
            "json",
            HIDDEN,
        )
    ],
    ("plan-amend", "post"): [
        ("a Sóc Trăng plan", "coordinator", "/api/v1/plans/{plan}/amend/", {"reason": "x"}, "json", HIDDEN)
    ],
    ("plan-import-tasks", "post"): [
        (
            "a Sóc Trăng draft",
            "coordinator",
            "/api/v1/plans/{draft}/import-tasks/",
            {"file": _xlsx},
            "multipart",
            HIDDEN,
        )
    ],
    ("task-updates", "post"): [
        (
            "a Sóc Trăng task",
            "coordinator",
            "/api/v1/tasks/{task}/updates/",
            {"reported_on": "2025-03-01", "description": "Đã làm", "percent": 50, "justification": "x"},
            "json",
            HIDDEN,
        )
    ],
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
            {"file": _xlsx},
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


def write_routes():
    """(route name, method) of every API route that writes, read from the URLconf."""
    found = set()
    for name, route, callback in walk():
        if not route.startswith("api/"):
            continue
        cls = getattr(callback, "cls", None)
        allowed = set(getattr(cls, "http_method_names", WRITE_METHODS))
        actions = getattr(callback, "actions", None)
        if actions:
            methods = [m for m in actions if m in WRITE_METHODS]
        else:
            methods = [m for m in WRITE_METHODS if hasattr(cls, m)]
        found |= {(name, m) for m in methods if m in allowed}
    return found


def test_every_write_endpoint_has_a_row():
    routes = write_routes()
    missing = routes - set(CASES) - set(EXEMPT)
    assert not missing, f"write endpoints without a row in CASES (or a reason in EXEMPT): {sorted(missing)}"
    assert not (set(CASES) - routes), f"rows for routes that no longer exist: {sorted(set(CASES) - routes)}"


def _ids(f):
    w = f.world
    return {
        "item": f.item.pk,
        "item_code": f.item_code,
        "near_item": f.near_item.pk,
        "agency": f.agency.pk,
        "vp_pck": w.vp_pck.pk,
        "vp_bach_sam": w.vp_bach_sam.pk,
        "plan": f.plan.pk,
        "draft": f.draft.pk,
        "near_plan": f.near_plan.pk,
        "task": f.task.pk,
        "schedule": f.schedule.pk,
        "period": f.period.pk,
        "request": f.request.pk,
        "submission": f.submission.pk,
        "report": f.report.pk,
    }


def _fill(value, ids):
    if callable(value):
        return value()
    if isinstance(value, str) and value.startswith("{") and value.endswith("}") and value[1:-1] in ids:
        return ids[value[1:-1]]
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    return value


@pytest.mark.parametrize(
    "route,case",
    [(route, case) for route, cases in CASES.items() for case in cases],
    ids=[f"{route[0]}:{case[0]}" for route, cases in CASES.items() for case in cases],
)
def test_reference_out_of_reach_is_refused(far, route, case):
    # given: a Hưng Yên official and Sóc Trăng's records
    what, who, url, body, fmt, accepted = case
    ids = _ids(far)
    before = _state(far)
    # when: they name one in the path or in the body
    client = api_for(getattr(far, who))
    data = {key: _fill(value, ids) for key, value in body.items()}
    response = getattr(client, route[1])(url.format(**ids), data, format=fmt)
    # then: refused with a message, and nothing changed
    assert response.status_code in accepted, (what, response.status_code, response.content[:300])
    assert response.json().get("code"), response.json()
    assert _state(far) == before


def _state(f):
    """What a wrongly accepted write would change."""
    return (
        sorted(Feedback.objects.values_list("pk", "agency_id", "status", "version")),
        sorted(Plan.objects.values_list("pk", "status", "version")),
        Task.objects.count(),
        Schedule.objects.count(),
        sorted(f.period.__class__.objects.values_list("pk", "status", "version")),
        sorted(f.submission.__class__.objects.values_list("pk", "status", "version")),
        sorted(f.report.__class__.objects.values_list("pk", "status", "version")),
    )
