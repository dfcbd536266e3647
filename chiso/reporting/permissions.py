"""Who may do what with periodic reporting.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import ALL_ROLES, COORDINATOR, LEADER, Rule, register

from .models import Attachment, ConsolidatedReport, Period, Request, Schedule, Submission

# Reporting: the standing body of the plan's unit sets schedules, opens periods, reviews and consolidates;
# the agency that owes a report (its officers, and the coordinators above it) drafts and submits it;
# the leader approves the consolidated report.
register(
    Rule(
        unit_lookup="plan__unit",
        roles={"view": ALL_ROLES, "add": frozenset({COORDINATOR}), "change": frozenset({COORDINATOR})},
    ),
    Schedule,
)

register(
    Rule(
        unit_lookup="schedule__plan__unit",
        roles={
            "view": ALL_ROLES,
            "change": frozenset({COORDINATOR}),
            "review": frozenset({COORDINATOR}),
            "consolidate": frozenset({COORDINATOR}),
        },
        agency_lookup="requests__agency",
        agency_actions=frozenset({"view"}),
        distinct=True,
    ),
    Period,
)

register(
    Rule(
        unit_lookup="agency__unit",
        # Officers report for their own agency; a coordinator may also enter a report on behalf of an agency
        # of their subtree (e.g. the ward's committee, or a report received on paper).
        roles={"view": ALL_ROLES, "report": frozenset({COORDINATOR})},
        agency_lookup="agency",
        agency_actions=frozenset({"view", "report"}),
    ),
    Request,
)

register(
    Rule(
        unit_lookup="request__agency__unit",
        roles={"view": ALL_ROLES},
        agency_lookup="request__agency",
        agency_actions=frozenset({"view"}),
    ),
    Submission,
)

register(
    Rule(
        unit_lookup="submission__request__agency__unit",
        roles={"view": ALL_ROLES},
        agency_lookup="submission__request__agency",
        agency_actions=frozenset({"view"}),
    ),
    Attachment,
)

register(
    Rule(
        unit_lookup="unit",
        roles={
            "view": ALL_ROLES,
            "change": frozenset({COORDINATOR}),
            "approve": frozenset({LEADER}),
        },
    ),
    ConsolidatedReport,
)
