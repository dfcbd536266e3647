"""Where feedback goes: the routing rules, the unit's committee, the agencies an item may be transferred to."""

from django.db.models import Case, IntegerField, Q, Value, When

from chiso.units.models import Agency

from ..models import RoutingRule


def route_feedback(unit, category):
    """The agency that handles feedback of ``category`` about ``unit``: the most specific rule, else the unit's
    People's Committee (which then transfers it by hand)."""

    paths = [unit.path]
    parts = unit.path.split(".")
    paths += [".".join(parts[:i]) for i in range(len(parts) - 1, 1, -1)]
    rules = list(
        RoutingRule.objects.filter(unit__path__in=paths)
        .filter(Q(category=category) | Q(category__isnull=True))
        .select_related("unit", "agency")
    )
    if rules:
        rules.sort(key=lambda r: (-len(r.unit.path), r.category_id is None))
        return rules[0].agency
    return (
        Agency.objects.filter(unit=unit, is_active=True).order_by(
            # The committee first, then the standing offices.
            models_case_committee_first(),
            "name",
        )
    ).first()


def models_case_committee_first():

    return Case(When(kind="committee", then=Value(0)), default=Value(1), output_field=IntegerField())


def transfer_agencies(item):
    """Where an item may be transferred: the active agencies of its unit and of the units above it (a commune's
    matter may go up to the district or the province, never sideways to another commune or province)."""

    unit = item.unit
    paths = [unit.path] + [u.path for u in unit.ancestors()]
    return Agency.objects.filter(unit__path__in=paths, is_active=True).select_related("unit").order_by("unit__path")
