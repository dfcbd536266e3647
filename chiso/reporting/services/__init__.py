"""State changes of reporting: one function per change, each in one transaction with its audit entry.

schedule → periods (opened by the tick, or by hand when ad hoc) → requests (what each agency owes) →
submissions (draft, submitted, returned, accepted; a later correction is a new version) → the level's
consolidated report (built, approved by the leader, sent up as a submission to the upper level's request).

One module per stage (``schedules``, ``submissions``, ``consolidation``); callers use ``reporting.services.<name>``.
"""

from .consolidation import (
    approve_report,
    consolidate_report,
    percent,
    reporting_rate,
    return_report,
    send_report_for_approval,
    send_report_up,
    update_report,
    upper_request,
)
from .schedules import (
    create_schedule,
    default_recipient,
    default_reporters,
    follow_plan_tasks,
    open_ad_hoc_period,
    open_due_periods,
    schedule_recipients,
    schedule_reporters,
    set_period_status,
    sync_open_requests,
    update_schedule,
)
from .submissions import (
    accept_submission,
    attach_file,
    officials,
    period_coordinators,
    reopen_submission,
    return_submission,
    save_draft,
    start_submission,
    submit_submission,
    tasks_for,
)

__all__ = [
    "accept_submission",
    "approve_report",
    "attach_file",
    "consolidate_report",
    "create_schedule",
    "default_recipient",
    "default_reporters",
    "follow_plan_tasks",
    "officials",
    "open_ad_hoc_period",
    "open_due_periods",
    "percent",
    "period_coordinators",
    "reopen_submission",
    "reporting_rate",
    "return_report",
    "return_submission",
    "save_draft",
    "schedule_recipients",
    "schedule_reporters",
    "send_report_for_approval",
    "send_report_up",
    "set_period_status",
    "start_submission",
    "submit_submission",
    "sync_open_requests",
    "tasks_for",
    "update_report",
    "update_schedule",
    "upper_request",
]
