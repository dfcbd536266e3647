"""Who may do what with inspection plans, inspections, findings and remedies.

Inspectors and the standing body of the inspecting level plan and conduct inspections, its leader approves; the
supervisors (Fatherland Front, People's Inspection Board) conduct their own supervision visits; the inspected unit's
officials see what concerns them, and its acting officials report remedies done. The engine is
``chiso.core.permissions``.
"""

from chiso.core.permissions import ALL_ROLES, COORDINATOR, INSPECTOR, LEADER, SUPERVISOR, Rule, register

from .models import (
    Answer,
    ChecklistItem,
    Finding,
    Inspection,
    InspectionEvidence,
    InspectionPlan,
    Remedy,
    RemedyEvidence,
    RemedyReport,
    TeamMember,
    Theme,
)

PLANNERS = frozenset({COORDINATOR, INSPECTOR})
# Supervisors record their own visits (the service keeps them to supervision visits, and inspectors away from them).
CONDUCTORS = frozenset({COORDINATOR, INSPECTOR, SUPERVISOR})

register(Rule(unit_lookup=None, authenticated=frozenset({"view"})), Theme, ChecklistItem)

register(
    Rule(
        unit_lookup="unit",
        ancestors_view=True,
        roles={
            "view": ALL_ROLES,
            "add": PLANNERS,
            "change": PLANNERS,
            "submit": PLANNERS,
            "issue": frozenset({LEADER}),
        },
    ),
    InspectionPlan,
)

register(
    Rule(
        unit_lookup="unit",
        roles={
            "view": ALL_ROLES,
            "add": CONDUCTORS,
            "change": CONDUCTORS,
            "approve": frozenset({LEADER}),
            "publish": frozenset({COORDINATOR, INSPECTOR, LEADER}),
        },
        # The inspected unit's officials see the inspections of their unit.
        agency_lookup="inspected_unit__agencies",
        agency_actions=frozenset({"view"}),
        distinct=True,
    ),
    Inspection,
)

_inspection_part = {
    "unit_lookup": "inspection__unit",
    "roles": {"view": ALL_ROLES},
    "agency_lookup": "inspection__inspected_unit__agencies",
    "agency_actions": frozenset({"view"}),
    "distinct": True,
}
register(Rule(**_inspection_part), TeamMember, Answer, InspectionEvidence, Finding)

register(
    Rule(
        unit_lookup="finding__inspection__unit",
        roles={"view": ALL_ROLES, "verify": CONDUCTORS},
        # The responsible agency's unit sees its remedies; its acting officials report them done.
        agency_lookup="agency__unit__agencies",
        agency_actions=frozenset({"view", "report"}),
        distinct=True,
    ),
    Remedy,
)

register(
    Rule(
        unit_lookup="remedy__finding__inspection__unit",
        roles={"view": ALL_ROLES},
        agency_lookup="remedy__agency__unit__agencies",
        agency_actions=frozenset({"view"}),
        distinct=True,
    ),
    RemedyReport,
)

register(
    Rule(
        unit_lookup="report__remedy__finding__inspection__unit",
        roles={"view": ALL_ROLES},
        agency_lookup="report__remedy__agency__unit__agencies",
        agency_actions=frozenset({"view"}),
        distinct=True,
    ),
    RemedyEvidence,
)
