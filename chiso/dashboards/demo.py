"""Demo scorecards (the town of Mỹ Hào rating its wards, the province of Hưng Yên its districts) and a first count
of the figures of the years the demo holds, so ``make run`` shows filled dashboards to the demo leaders. Runs after
every other app's demo (``INSTALLED_APPS`` order); idempotent."""

from django.utils import timezone

from chiso.plans.models import Plan
from chiso.units.models import AdministrativeUnit

from .models import Scorecard, default_criteria
from .recount import recount_year
from .services import default_name

SCORECARDS = [("33", Scorecard.Level.DISTRICT), ("328", Scorecard.Level.COMMUNE)]


def load_demo(stdout=None) -> dict:
    made = 0
    for code, level in SCORECARDS:
        unit = AdministrativeUnit.objects.legacy().filter(code=code).first()
        if unit is None or Scorecard.objects.filter(unit=unit).exists():
            continue
        Scorecard.objects.create(unit=unit, name=default_name(unit), level=level, criteria=default_criteria())
        made += 1
    today = timezone.localdate()
    years = sorted({today.year, *Plan.objects.values_list("year", flat=True).distinct()}, reverse=True)[:3]
    figures = sum(stamp.figures for year in years for stamp in recount_year(year, today=today))
    return {"scorecards": made, "dashboard figures": figures}
