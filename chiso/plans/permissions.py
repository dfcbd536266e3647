"""Who may do what with plans, targets, tasks and their progress.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import ALL_ROLES, COORDINATOR, LEADER, Rule, register

from .models import Evidence, Plan, PlanAmendment, ProgressUpdate, Responsibility, Target, Task, TaskAgency

# Plans: officials of the unit and above see them; the standing body drafts them, leaders issue them.
register(
    Rule(
        unit_lookup="unit",
        ancestors_view=True,
        roles={
            "view": ALL_ROLES,
            "add": frozenset({COORDINATOR}),
            "change": frozenset({COORDINATOR}),
            "delete": frozenset({COORDINATOR}),
            "submit": frozenset({COORDINATOR}),
            "issue": frozenset({LEADER}),
            "amend": frozenset({COORDINATOR, LEADER}),
        },
    ),
    Plan,
)

register(
    Rule(unit_lookup="plan__unit", roles={"view": ALL_ROLES, "change": frozenset({COORDINATOR})}, ancestors_view=True),
    Target,
)

# A plan's rows (its tasks, its assignment table): seen where the plan is seen, written by the standing body.
PLAN_ROWS = {
    "view": ALL_ROLES,
    "add": frozenset({COORDINATOR}),
    "change": frozenset({COORDINATOR}),
    "delete": frozenset({COORDINATOR}),
}

register(Rule(unit_lookup="plan__unit", ancestors_view=True, roles=PLAN_ROWS), Responsibility)

register(
    Rule(
        unit_lookup="plan__unit",
        ancestors_view=True,
        roles={**PLAN_ROWS, "progress": frozenset({COORDINATOR})},
        agency_lookup="agency_links__agency",
        agency_actions=frozenset({"view", "progress"}),
        distinct=True,
    ),
    Task,
)

register(
    Rule(unit_lookup="task__plan__unit", roles={"view": ALL_ROLES}, ancestors_view=True),
    TaskAgency,
)

register(
    Rule(
        unit_lookup="task__plan__unit",
        roles={"view": ALL_ROLES},
        agency_lookup="task__agency_links__agency",
        agency_actions=frozenset({"view"}),
        distinct=True,
    ),
    ProgressUpdate,
)

register(
    Rule(
        unit_lookup="update__task__plan__unit",
        roles={"view": ALL_ROLES},
        agency_lookup="update__task__agency_links__agency",
        agency_actions=frozenset({"view"}),
        distinct=True,
    ),
    Evidence,
)

register(
    Rule(unit_lookup="plan__unit", roles={"view": ALL_ROLES}),
    PlanAmendment,
)
