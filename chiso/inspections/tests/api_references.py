"""The API reference rows of the inspections app (collected by ``tests/test_api_references.py``)."""

import datetime as dt

from chiso.inspections import services
from chiso.inspections.models import Finding, Inspection, InspectionPlan, Remedy, Theme
from tests.apirefs import HIDDEN, REFUSED

from .factories import finding_and_remedy, town_inspection


def _post(what, who, url, body, accepted=HIDDEN, fmt="json"):
    return (what, who, url, body, fmt, accepted)


CASES = {
    ("inspections-plan-list", "post"): [
        _post(
            "a Sóc Trăng unit",
            "district",
            "/api/v1/inspections/plans/",
            {"unit": "{far_i_unit}", "year": 2025, "title": "Kế hoạch"},
            REFUSED,
        ),
    ],
    ("inspections-plan-submit", "post"): [
        _post("a Sóc Trăng plan", "district", "/api/v1/inspections/plans/{insp_plan}/submit/", {}),
    ],
    ("inspections-plan-issue", "post"): [
        _post(
            "a Sóc Trăng plan",
            "leader",
            "/api/v1/inspections/plans/{insp_plan}/issue/",
            {"code": "1/KH", "issued_on": "2025-01-10"},
        ),
    ],
    ("inspections-inspection-list", "post"): [
        _post(
            "a Sóc Trăng unit inspected",
            "district",
            "/api/v1/inspections/",
            {
                "unit": "{my_hao}",
                "kind": "surprise",
                "theme": "{theme}",
                "inspected_unit": "{far_i_unit}",
                "year": 2025,
            },
            REFUSED,
        ),
        _post(
            "a Sóc Trăng agency inspected",
            "district",
            "/api/v1/inspections/",
            {
                "unit": "{my_hao}",
                "kind": "surprise",
                "theme": "{theme}",
                "inspected_unit": "{my_hao}",
                "inspected_agency": "{agency}",
                "year": 2025,
            },
            REFUSED,
        ),
        _post(
            "a Sóc Trăng earlier inspection",
            "district",
            "/api/v1/inspections/",
            {
                "unit": "{my_hao}",
                "kind": "reinspection",
                "theme": "{theme}",
                "inspected_unit": "{far_i_unit}",
                "previous": "{inspection}",
                "year": 2025,
            },
            REFUSED,
        ),
    ],
    ("inspections-inspection-decide", "post"): [
        _post(
            "a Sóc Trăng inspection",
            "district",
            "/api/v1/inspections/{inspection}/decide/",
            {
                "decision_number": "1/QĐ",
                "decision_date": "2025-03-01",
                "start_on": "2025-03-02",
                "end_on": "2025-03-03",
                "team": [{"name": "A"}],
            },
        ),
    ],
    ("inspections-inspection-findings", "post"): [
        _post(
            "a Sóc Trăng inspection",
            "district",
            "/api/v1/inspections/{inspection}/findings/",
            {"text": "x", "severity": "minor"},
        ),
        _post(
            "a checklist item of a Sóc Trăng inspection",
            "district",
            "/api/v1/inspections/{near_inspection}/findings/",
            {"text": "x", "severity": "minor", "answer": "{far_answer}"},
            REFUSED,
        ),
    ],
    ("inspections-inspection-conclude", "post"): [
        _post("a Sóc Trăng inspection", "district", "/api/v1/inspections/{inspection}/conclude/", {"conclusion": "x"}),
    ],
    ("inspections-inspection-approve", "post"): [
        _post(
            "a Sóc Trăng inspection",
            "leader",
            "/api/v1/inspections/{inspection}/approve/",
            {"number": "1/KL", "concluded_on": "2025-03-10"},
        ),
    ],
    ("inspections-inspection-publish", "post"): [
        _post("a Sóc Trăng inspection", "district", "/api/v1/inspections/{inspection}/publish/", {"public": True}),
    ],
    ("inspections-inspection-close", "post"): [
        _post("a Sóc Trăng inspection", "district", "/api/v1/inspections/{inspection}/close/", {"note": "x"}),
    ],
    ("inspections-finding-remedies", "post"): [
        _post(
            "a Sóc Trăng finding",
            "district",
            "/api/v1/inspections/findings/{insp_finding}/remedies/",
            {"text": "x", "agency": "{vp_bach_sam}", "deadline_days": 10},
        ),
        _post(
            "a Sóc Trăng agency made responsible",
            "district",
            "/api/v1/inspections/findings/{near_finding}/remedies/",
            {"text": "x", "agency": "{agency}", "deadline_days": 10},
            REFUSED,
        ),
    ],
    ("inspections-remedy-report-done", "post"): [
        _post(
            "a Sóc Trăng remedy", "district", "/api/v1/inspections/remedies/{insp_remedy}/report-done/", {"text": "x"}
        ),
    ],
    ("inspections-remedy-verify", "post"): [
        _post(
            "a Sóc Trăng remedy", "district", "/api/v1/inspections/remedies/{insp_remedy}/verify/", {"accepted": True}
        ),
    ],
    ("inspections-remedy-reopen", "post"): [
        _post(
            "a Sóc Trăng remedy",
            "district",
            "/api/v1/inspections/remedies/{insp_remedy}/reopen/",
            {"reason": "x", "deadline_days": 5},
        ),
    ],
    ("inspections-remedy-answer", "post"): [
        _post(
            "a Sóc Trăng remedy",
            "district",
            "/api/v1/inspections/remedies/{insp_remedy}/answer/",
            {"answer": "accepted", "text": "x"},
        ),
    ],
}


def objects(world, far):
    """Vĩnh Châu's own inspection (decided, a finding, a remedy reported done) and one of Mỹ Hào, in reach."""
    plan = services.create_plan(
        InspectionPlan(unit=world.vinh_chau, year=2025, title="Kế hoạch kiểm tra Vĩnh Châu"), actor=far.admin
    )
    inspection = services.plan_inspection(
        Inspection(
            plan=plan,
            unit=world.vinh_chau,
            theme=Theme.objects.get(code="waste"),
            inspected_unit=world.vinh_chau,
            year=2025,
        ),
        actor=far.admin,
    )
    inspection = services.decide_inspection(
        inspection,
        actor=far.admin,
        decision_number="5/QĐ",
        decision_date=dt.date(2025, 3, 2),
        start_on=dt.date(2025, 3, 3),
        end_on=dt.date(2025, 3, 4),
        team=[{"name": "Trương Văn Lợi", "role": "head"}],
    )
    finding, remedy = finding_and_remedy(
        inspection,
        actor=far.admin,
        agency=far.agency,
        finding="Rác tồn đọng",
        remedy="Thu gom",
        found_on=dt.date(2025, 3, 3),
        assigned_on=dt.date(2025, 3, 4),
        deadline_days=5,
    )
    near = town_inspection(world, actor=far.admin, year=2025)
    near_finding = services.record_finding(
        near, actor=far.admin, text="Chưa niêm yết", severity="minor", found_on=dt.date(2025, 3, 5)
    )
    return {
        "far_i_unit": world.vinh_chau.pk,
        "my_hao": world.my_hao.pk,
        "theme": Theme.objects.get(code="one-stop").pk,
        "insp_plan": plan.pk,
        "inspection": inspection.pk,
        "far_answer": inspection.answers.first().pk,
        "insp_finding": finding.pk,
        "insp_remedy": remedy.pk,
        "near_inspection": near.pk,
        "near_finding": near_finding.pk,
    }


def state():
    return (
        sorted(InspectionPlan.objects.values_list("pk", "status", "version")),
        sorted(Inspection.objects.values_list("pk", "status", "version")),
        Finding.objects.count(),
        sorted(Remedy.objects.values_list("pk", "status", "version")),
    )
