"""Who may do what with plan imports.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import ALL_ROLES, COORDINATOR, Rule, register

from .models import ImportedDeadline, PlanImport

# Plan imports: the standing body uploads a unit's documents and confirms what was read.
register(
    Rule(
        unit_lookup="unit",
        roles=dict.fromkeys(("view", "add", "change"), frozenset({COORDINATOR})),
    ),
    PlanImport,
)

register(
    Rule(unit_lookup="plan__unit", roles={"view": ALL_ROLES}, ancestors_view=True),
    ImportedDeadline,
)
