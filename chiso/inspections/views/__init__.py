"""Inspection screens: thin views over ``inspections.services``; every one declares its permission. One module a
concern: the plans and home page, one inspection's course, its remedies, its documents and files."""

from .documents import conclusion_docx, decision_docx, evidence_download, remedy_evidence_download
from .inspections import (
    finding_add,
    inspection_add,
    inspection_approve,
    inspection_checklist,
    inspection_close,
    inspection_conclude,
    inspection_decide,
    inspection_detail,
    inspection_evidence,
    inspection_publish,
    inspection_return,
)
from .plans import home, plan_add, plan_detail, plan_issue, plan_submit, plan_tab
from .remedies import remedy_add, remedy_answer, remedy_list, remedy_reopen, remedy_report, remedy_verify

__all__ = [
    "conclusion_docx",
    "decision_docx",
    "evidence_download",
    "finding_add",
    "home",
    "inspection_add",
    "inspection_approve",
    "inspection_checklist",
    "inspection_close",
    "inspection_conclude",
    "inspection_decide",
    "inspection_detail",
    "inspection_evidence",
    "inspection_publish",
    "inspection_return",
    "plan_add",
    "plan_detail",
    "plan_issue",
    "plan_submit",
    "plan_tab",
    "remedy_add",
    "remedy_answer",
    "remedy_evidence_download",
    "remedy_list",
    "remedy_reopen",
    "remedy_report",
    "remedy_verify",
]
