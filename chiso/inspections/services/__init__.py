"""One function per state change of inspection plans, inspections, findings and remedies (the page, the API and the
jobs call these). Each checks the policy, the state and every record it is given against the actor's reach. One
module a concern: what they share, the plans, one inspection's course, its remedies."""

from ._common import (
    check_evidence_file,
    inspectable_units,
    inspecting_units,
    require_role_for_kind,
    responsible_agencies,
)
from .inspections import (
    add_evidence,
    answer_checklist,
    approve_conclusion,
    close_inspection,
    decide_inspection,
    plan_inspection,
    publish_conclusion,
    record_finding,
    return_conclusion,
    submit_conclusion,
)
from .plans import create_plan, issue_plan, submit_plan
from .remedies import (
    answer_recommendation,
    assign_remedy,
    days_overdue,
    escalate_remedy,
    reopen_remedy,
    report_remedy,
    verify_remedy,
)

__all__ = [
    "add_evidence",
    "answer_checklist",
    "answer_recommendation",
    "approve_conclusion",
    "assign_remedy",
    "check_evidence_file",
    "close_inspection",
    "create_plan",
    "days_overdue",
    "decide_inspection",
    "escalate_remedy",
    "inspectable_units",
    "inspecting_units",
    "issue_plan",
    "plan_inspection",
    "publish_conclusion",
    "record_finding",
    "reopen_remedy",
    "report_remedy",
    "require_role_for_kind",
    "responsible_agencies",
    "return_conclusion",
    "submit_conclusion",
    "submit_plan",
    "verify_remedy",
]
