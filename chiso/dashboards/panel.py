"""The leader's home panel: their unit's dashboard in brief — the province's latest PAPI result, its three weakest
sub-dimensions and the overdue items by kind (from the stored figures: three or four queries)."""

from django.urls import reverse
from django.utils import timezone

from chiso.core.permissions import policy

from . import read
from .models import Figure


def leader_panel(request):
    user = request.user
    if not (user and user.is_authenticated) or policy.is_admin(user):
        return None
    paths = policy.unit_paths(user, policy.rule_for(Figure).roles["view"])
    if not paths:
        return None
    unit = read.AdministrativeUnit.objects.filter(path=sorted(paths)[0]).first()
    if unit is None:
        return None
    today = timezone.localdate()
    return {
        "unit": unit,
        "url": reverse("dashboards:unit", args=[unit.pk]),
        "papi": [s for s in (read.papi_summary(p) for p in read.papi_provinces(unit)) if s],
        "overdue": read.overdue_by_kind(unit, today.year),
        "computed_at": read.recount.computed_at(unit, today.year, "Y"),
    }
