"""State changes of plans and tasks, one function per change, split by concern: the plan's own life
(:mod:`.plans`), its tasks (:mod:`.tasks`), progress on them (:mod:`.progress`), the pilot localities
and who answers for each indicator (:mod:`chiso.plans.responsibilities`).

Callers import this package (``from chiso.plans import services``); the names below are its interface."""

from .plans import (
    amend_plan,
    copy_plan,
    create_plan,
    create_plan_from_parent,
    issue_plan,
    parent_plans,
    plan_issuers,
    require_unit_in_office,
    return_plan,
    set_plan_targets,
    submit_plan,
    tasks_addressed_to,
    unit_ended_for,
    update_plan,
)
from .progress import check_evidence_file, counted_from, record_progress, roll_up_implementations, visible_updates
from .tasks import (
    TASK_TEXT_FIELDS,
    add_task,
    coordinating_agencies,
    copy_task,
    lead_agencies,
    next_task_position,
    on_task_agencies_changed,
    require_draft_for_tasks,
    set_task_agencies,
    task_groups,
    update_task,
)

__all__ = [
    "TASK_TEXT_FIELDS",
    "add_task",
    "amend_plan",
    "check_evidence_file",
    "coordinating_agencies",
    "copy_plan",
    "copy_task",
    "counted_from",
    "create_plan",
    "create_plan_from_parent",
    "issue_plan",
    "lead_agencies",
    "next_task_position",
    "on_task_agencies_changed",
    "parent_plans",
    "plan_issuers",
    "record_progress",
    "require_unit_in_office",
    "require_draft_for_tasks",
    "return_plan",
    "roll_up_implementations",
    "set_plan_targets",
    "set_task_agencies",
    "submit_plan",
    "task_groups",
    "tasks_addressed_to",
    "unit_ended_for",
    "update_plan",
    "update_task",
    "visible_updates",
]
