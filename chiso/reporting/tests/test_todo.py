"""Reporting's lines of the home to-do (issue 14): reports my agency owes, returned ones, periods to consolidate."""

import datetime as dt

from chiso.core import home
from chiso.reporting.models import Request


def _kinds(user, today):
    return [(row["todo"].kind, row["todo"].due_on) for row in home.todos(user, today=today)]


def test_officer_sees_the_report_due_then_returned(world, town, district_officer):
    # given: the half-year period of the town's plan, Thanh tra thị xã owes a report
    request = Request.objects.get(period=town.period, agency=world.thanh_tra)
    today = request.due_on - dt.timedelta(days=3)
    # then: the officer of Thanh tra sees it with its due date
    assert ("report.due", request.due_on) in _kinds(district_officer, today)
    # when: it is returned for correction
    Request.objects.filter(pk=request.pk).update(status=Request.Status.RETURNED)
    # then: the line says so
    assert ("report.returned", request.due_on) in _kinds(district_officer, today)


def test_coordinator_sees_the_period_to_consolidate(world, town, district_coordinator):
    today = town.period.unit_due_on
    [row] = [r for r in home.todos(district_coordinator, today=today) if r["todo"].kind == "report.consolidate"]
    assert row["state"] == "today" and town.period.label in row["todo"].text
