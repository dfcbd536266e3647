"""The recount counts what the fixed world holds, rolled up the unit tree, and per agency."""

import datetime as dt

from chiso.dashboards import jobs
from chiso.dashboards.models import Figure, Recount
from chiso.dashboards.recount import recount
from chiso.notifications.jobs import registered

from .factories import YEAR


def value(unit, key, *, part="", agency=None, period="Y"):
    row = Figure.objects.filter(unit=unit, key=key, part=part, year=YEAR, period=period, agency=agency).first()
    return (int(row.value), row.denominator) if row else (0, None)


def assert_figures(unit, expected, **where):
    """`expected`: {key: (value, denominator)} of `unit`, compared at once (a failure shows every figure off)."""
    assert {key: value(unit, key, **where) for key in expected} == expected


def test_tasks_counted_in_the_commune_and_rolled_up(world, dash):
    # Bạch Sam: on time, late, two overdue, the sub-task of a group (overdue); not the group row, not the ongoing one
    tasks = {"tasks.due": (5, None), "tasks.on_time": (1, 5), "tasks.late": (1, 5), "tasks.overdue": (3, 5)}
    assert_figures(world.bach_sam, tasks)
    # the town and the province add Phùng Chí Kiên's task done on time
    assert value(world.my_hao, "tasks.on_time") == (2, 6)
    assert value(world.hung_yen, "tasks.due") == (6, None)
    # by dimension: a task with two dimensions counts in both
    assert [value(world.bach_sam, "tasks.due", part=part) for part in ("D1", "D2")] == [(2, None), (2, None)]
    # by quarter
    assert value(world.bach_sam, "tasks.due", period="Q1") == (2, None)
    assert value(world.bach_sam, "tasks.overdue", period="Q3") == (1, 1)


def test_agencies_and_other_figures(world, dash):
    assert value(world.bach_sam, "tasks.overdue", agency=world.ubnd_bach_sam) == (2, 2)
    assert value(world.bach_sam, "tasks.on_time", agency=world.vp_bach_sam) == (1, 3)
    assert value(world.my_hao, "plans.expected") == (3, None)
    assert value(world.my_hao, "plans.on_time") == (1, 3)
    assert value(world.hung_yen, "plans.late") == (1, 3)
    assert value(world.my_hao, "plans.overdue") == (1, 3)
    assert value(world.bach_sam, "feedback.due") == (3, None)
    assert value(world.bach_sam, "feedback.on_time") == (1, 3)
    assert value(world.bach_sam, "feedback.resolved") == (1, 2)
    assert value(world.my_hao, "reports.missing") == (1, 3)
    assert value(world.bach_sam, "reports.accepted_on_time") == (1, 2)
    assert value(world.bach_sam, "remedies.overdue") == (1, 2)
    assert value(world.bach_sam, "disclosures.missing") == (1, 1)


def test_the_hourly_job_recounts_the_current_year_once_an_hour(world, today):
    assert "chiso.dashboards.jobs.recount_figures" in registered()
    jobs.recount_figures(today)
    assert Recount.objects.filter(year=today.year, root="").count() == 5  # the year and its four quarters
    stamp = Recount.objects.get(year=today.year, period="Y", root="").computed_at
    jobs.recount_figures(today)  # within the hour: nothing
    assert Recount.objects.get(year=today.year, period="Y", root="").computed_at == stamp


def test_recount_now_from_the_dashboard(world, dash, persona_client, django_capture_on_commit_callbacks):
    client = persona_client("district_coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/dashboards/{world.bach_sam.pk}/recount/?year={YEAR}&period=Q1")
    assert answer.status_code == 302
    assert Recount.objects.filter(year=YEAR, period="Q1", root=world.bach_sam.path).exists()
    assert value(world.bach_sam, "tasks.due", period="Q1") == (2, None)
    # an officer may not
    assert persona_client("commune_officer").post(f"/dashboards/{world.bach_sam.pk}/recount/").status_code == 403


def test_recount_now_renews_the_units_above(world, dash, today):
    """A commune's "Recount now" also renews the town's and the province's figures (they add up those below) and
    the agencies' figures, without counting anything twice."""
    dash.overdue.completed_on = dt.date(YEAR, 6, 20)  # done on time after all
    dash.overdue.save(update_fields=["completed_on"])
    recount(YEAR, "Y", root=world.bach_sam, today=today)
    assert_figures(world.bach_sam, {"tasks.overdue": (2, 5), "tasks.on_time": (2, 5)})
    assert value(world.my_hao, "tasks.on_time") == (3, 6)
    assert_figures(world.hung_yen, {"tasks.overdue": (2, 6), "tasks.due": (6, None)})
    assert value(world.hung_yen, "tasks.overdue", part="D2") == (0, None)
    assert value(world.bach_sam, "tasks.overdue", agency=world.ubnd_bach_sam) == (1, 2)
    year = Figure.objects.filter(year=YEAR, period="Y")
    assert year.filter(agency=world.ubnd_bach_sam, key="tasks.due").count() == 1
    # the same as a full recount
    columns = ("unit", "agency", "key", "part", "value", "denominator")
    subtree = sorted(year.values_list(*columns), key=str)
    recount(YEAR, "Y", today=today)
    assert sorted(year.values_list(*columns), key=str) == subtree
