"""The versions the reporting pages cached per person depend on (``core.personcache``), and what bumps them.

- ``period:<id>``: a period's page (its agencies' requests, their current reports, the rate, the consolidated
  report) and the consolidated report's page. Bumped when the period, one of its requests, a report to it or its
  consolidated report changes.
- ``below:<unit id>``: the rows of the units below on a period page of that unit (their own periods' requests).
  Bumped with the period of a lower unit.

A reporting schedule also shows on its plan's page: saving one bumps the plan (``plans.pageversions``).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import m2m_changed

from chiso.core import personcache
from chiso.plans import pageversions as plan_versions

from .models import ConsolidatedReport, Period, Request, Schedule, Submission

PLACE_SECONDS = 60 * 60


def period_place(period_id) -> tuple:
    """(plan's unit id, that unit's parent id) of a period, kept in the cache (a plan's unit seldom changes)."""
    key = f"chiso:period-place:{period_id}"
    place = cache.get(key)
    if place is None:
        place = (
            Period.objects.filter(pk=period_id)
            .values_list("schedule__plan__unit_id", "schedule__plan__unit__parent_id")
            .first()
        ) or (None, None)
        cache.set(key, tuple(place), PLACE_SECONDS)
    return tuple(place)


def period_names(period_id) -> list[str]:
    unit_id, _parent = period_place(period_id)
    return [f"period:{period_id}", f"below:{unit_id}"]


def report_names(report_id) -> list[str]:
    key = f"chiso:report-period:{report_id}"
    period_id = cache.get(key)
    if period_id is None:
        period_id = ConsolidatedReport.objects.filter(pk=report_id).values_list("period_id", flat=True).first()
        cache.set(key, period_id, PLACE_SECONDS)
    return period_names(period_id)


def period_changed(period_id) -> None:
    if period_id is None:
        return
    _unit, parent = period_place(period_id)
    personcache.bump(f"period:{period_id}", f"below:{parent}")


def _period_saved(instance, **_kwargs):
    cache.delete(f"chiso:period-place:{instance.pk}")
    period_changed(instance.pk)


def _request_saved(instance, **_kwargs):
    period_changed(instance.period_id)


def _submission_saved(instance, **_kwargs):
    period_changed(Request.objects.filter(pk=instance.request_id).values_list("period_id", flat=True).first())
    if instance.consolidated_from_id:  # the lower level's report, sent up: its page shows where it went
        period_changed(
            ConsolidatedReport.objects.filter(pk=instance.consolidated_from_id)
            .values_list("period_id", flat=True)
            .first()
        )


def _report_saved(instance, **_kwargs):
    period_changed(instance.period_id)


def _schedule_saved(instance, **_kwargs):
    plan_versions.plan_changed(instance.plan_id)


def _schedule_reporters_changed(instance, action, **_kwargs):
    if action.startswith("post_") and isinstance(instance, Schedule):
        for period_id in instance.periods.values_list("pk", flat=True):
            period_changed(period_id)


def connect() -> None:
    """Wire the bumps (``ReportingConfig.ready``)."""
    watched = {Period: _period_saved, Request: _request_saved, Submission: _submission_saved}
    watched.update({ConsolidatedReport: _report_saved, Schedule: _schedule_saved})
    for model, handler in watched.items():
        personcache.watch(model, handler, "reporting")
    m2m_changed.connect(
        _schedule_reporters_changed, sender=Schedule.reporters.through, dispatch_uid="pageversions-reporters"
    )
