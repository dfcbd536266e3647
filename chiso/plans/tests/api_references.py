"""The API reference rows of the plans app (collected by ``tests/test_api_references.py``)."""

import datetime as dt

from chiso.plans.models import Plan, Task
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from tests.apirefs import HIDDEN, REFUSED, xlsx

CASES = {
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
            {"file": xlsx},
            "multipart",
            HIDDEN,
        )
    ],
    ("plan-import-responsibilities", "post"): [
        (
            "a Sóc Trăng draft",
            "coordinator",
            "/api/v1/plans/{draft}/responsibilities/import/",
            {"file": xlsx},
            "multipart",
            HIDDEN,
        )
    ],
    ("plan-return-plan", "post"): [
        ("a Sóc Trăng plan", "leader", "/api/v1/plans/{draft}/return/", {"reason": "x"}, "json", HIDDEN)
    ],
    ("plan-list", "post"): [
        (
            "a Sóc Trăng unit",
            "coordinator",
            "/api/v1/plans/",
            {"unit": "{far_unit}", "year": 2026, "title": "Kế hoạch PAPI"},
            "json",
            REFUSED,
        )
    ],
    ("plan-tasks", "post"): [
        (
            "a Sóc Trăng draft",
            "coordinator",
            "/api/v1/plans/{draft}/tasks/",
            {"title": "Đối thoại", "timeframe": "Thường xuyên", "lead": ["{agency}"]},
            "json",
            HIDDEN,
        ),
        (
            "a Sóc Trăng lead agency",
            "coordinator",
            "/api/v1/plans/{near_draft}/tasks/",
            {"title": "Đối thoại", "timeframe": "Thường xuyên", "lead": ["{agency}"]},
            "json",
            REFUSED,
        ),
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
}


def objects(world, far):
    far.plan = PlanFactory(
        unit=world.vinh_chau, year=2025, status=Plan.Status.ISSUED, code="05/KH-UBND", issued_on=dt.date(2025, 1, 5)
    )
    far.draft = PlanFactory(unit=world.vinh_chau, year=2026)
    TaskFactory(plan=far.draft, lead=[far.agency])
    far.task = TaskFactory(plan=far.plan, lead=[far.agency])
    # Within reach: Mỹ Hào's plan.
    far.near_plan = PlanFactory(
        unit=world.my_hao, year=2025, status=Plan.Status.ISSUED, code="03/KH-UBND", issued_on=dt.date(2025, 1, 3)
    )
    TaskFactory(plan=far.near_plan, lead=[world.thanh_tra])
    far.near_draft = PlanFactory(unit=world.my_hao, year=2026)
    return {
        "plan": far.plan.pk,
        "draft": far.draft.pk,
        "near_plan": far.near_plan.pk,
        "near_draft": far.near_draft.pk,
        "task": far.task.pk,
        "far_unit": world.vinh_chau.pk,
    }


def state():
    return sorted(Plan.objects.values_list("pk", "status", "version")), Task.objects.count()
