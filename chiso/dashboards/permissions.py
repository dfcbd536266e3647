"""Who may read the dashboards and keep the scorecards.

A unit's dashboard (its figures) is for the leaders and the standing body (coordinators) of the unit and of the
units above it; they may also ask for a recount. A scorecard's formula and results are read by every official of
its unit, of the units above and of the units below it (the rated units see the formula and their own inputs);
the standing body of the unit keeps it. The engine is ``chiso.core.permissions``.
"""

from chiso.core.permissions import ALL_ROLES, COORDINATOR, LEADER, Rule, register

from .models import Figure, Recount, Scorecard

READERS = frozenset({COORDINATOR, LEADER})

register(Rule(unit_lookup="unit", roles={"view": READERS, "recount": READERS}), Figure)
register(Rule(unit_lookup=None), Recount)
register(
    Rule(
        unit_lookup="unit",
        ancestors_view=True,
        roles={"view": ALL_ROLES, "add": frozenset({COORDINATOR}), "change": frozenset({COORDINATOR})},
    ),
    Scorecard,
)
