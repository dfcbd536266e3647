"""Where feedback goes: the routing rules, the unit's committee, the agencies an item may be transferred to."""

from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When

from chiso.units.models import Agency

from .. import decisions
from ..models import RoutingRule
from .ownership import staffed


def route_feedback(unit, category):
    """The agency that handles feedback of ``category`` about ``unit`` (below), kept between changes."""
    return decisions.remembered("route", [unit.pk, getattr(category, "pk", category)], lambda: _route(unit, category))


def _route(unit, category):
    """The agency that handles feedback of ``category`` about ``unit``: the most specific rule, else the unit's
    People's Committee (which then transfers it by hand). Only an agency with active staff is chosen: a rule naming
    one that has nobody left is passed over (the daily check escalates what it held), so an item never lands in an empty
    inbox; None when the unit has no staffed agency at all (the caller refuses or forwards).

    One read (issue 16: it is on the path of every submission): the staffed agencies of the unit and those the rules
    of the unit and the units above it name, each ranked by its best rule (the deeper unit first, then a rule naming
    the category over one that does not; the unit's own agencies without a rule after them, the committee first)."""

    paths = [unit.path]
    parts = unit.path.split(".")
    paths += [".".join(parts[:i]) for i in range(len(parts) - 1, 1, -1)]
    depth = len(paths)
    rules = RoutingRule.objects.filter(unit__path__in=paths).filter(Q(category=category) | Q(category__isnull=True))
    # A rule's rank: twice the depth of its unit (its own unit deepest), plus one when it names the category.
    rank = Case(
        *(When(unit__path=path, then=Value(2 * (depth - i))) for i, path in enumerate(paths)),
        default=Value(0),
        output_field=IntegerField(),
    ) + Case(When(category__isnull=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    best = rules.filter(agency=OuterRef("pk")).annotate(rank=rank).order_by("-rank").values("rank")[:1]
    return (
        staffed(Agency.objects.filter(Q(unit=unit) | Q(pk__in=rules.values("agency"))))
        .annotate(rule_rank=Subquery(best, output_field=IntegerField()))
        .order_by(F("rule_rank").desc(nulls_last=True), models_case_committee_first(), "name")
        .first()
    )


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
