"""Who may do what with administrative units and agencies.

The policy's rules for this app's models; the engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import ALL_ROLES, COORDINATOR, REFERENCE, Rule, register

from .models import AdministrativeUnit, Agency, UnitSuccession

# Reference data is public; only administrators change it.
register(
    Rule(unit_lookup="", public=frozenset({"view"})),
    AdministrativeUnit,
)

register(
    REFERENCE,
    UnitSuccession,
)

# Agencies: every official sees those of their subtree; the standing body keeps them up to date.
register(
    Rule(
        unit_lookup="unit",
        roles={
            "view": ALL_ROLES,
            "add": frozenset({COORDINATOR}),
            "change": frozenset({COORDINATOR}),
        },
    ),
    Agency,
)
