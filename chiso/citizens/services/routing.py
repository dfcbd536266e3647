"""Where feedback goes: the routing rules, the unit's committee, the agencies an item may be transferred to."""

from django.db.models import Case, IntegerField, Q, Value, When

from chiso.units.models import Agency

from ..models import RoutingRule
from .ownership import staffed


def route_feedback(unit, category):
    """The agency that handles feedback of ``category`` about ``unit``: the most specific rule, else the unit's
    People's Committee (which then transfers it by hand). Only an agency with active staff is chosen: a rule naming
    one that has nobody left is passed over (the daily check escalates what it held), so an item never lands in an empty
    inbox; None when the unit has no staffed agency at all (the caller refuses or forwards)."""

    paths = [unit.path]
    parts = unit.path.split(".")
    paths += [".".join(parts[:i]) for i in range(len(parts) - 1, 1, -1)]
    rules = list(
        RoutingRule.objects.filter(unit__path__in=paths)
        .filter(Q(category=category) | Q(category__isnull=True))
        .filter(agency__in=staffed(Agency.objects.all()))
        .select_related("unit", "agency")
    )
    if rules:
        rules.sort(key=lambda r: (-len(r.unit.path), r.category_id is None))
        return rules[0].agency
    return (
        staffed(Agency.objects.filter(unit=unit)).order_by(
            # The committee first, then the standing offices.
            models_case_committee_first(),
            "name",
        )
    ).first()


def models_case_committee_first():

    return Case(When(kind="committee", then=Value(0)), default=Value(1), output_field=IntegerField())


def transfer_agencies(item, staffed_only=True):
    """Where an item may be transferred: the agencies with active staff of its unit and of the units above it (a
    commune's matter may go up to the district or the province, never sideways to another commune or province,
    never to an agency where nobody would read it)."""

    unit = item.unit
    paths = [unit.path] + [u.path for u in unit.ancestors()]
    agencies = Agency.objects.filter(unit__path__in=paths, is_active=True)
    if staffed_only:
        agencies = staffed(agencies)
    return agencies.select_related("unit").order_by("unit__path", "name")
