"""Report timeliness has one home, ``Request.timeliness`` / ``Timeliness.conditions``: the row-by-row reading (pages,
exports, the consolidated report) and the one-aggregate reading (the reporting rate) agree on every case."""

import datetime as dt

from django.utils import timezone

from chiso.reporting import exporters, services
from chiso.reporting.models import Request, Timeliness

DUE = dt.date(2025, 7, 10)


def _four_requests(town):
    """One request of the period in each state: on time, late, missing (past due), not yet due."""
    requests = list(town.period.requests.order_by("pk"))
    assert len(requests) == 3
    on_time, late, unsent = requests
    Request.objects.filter(pk=on_time.pk).update(on_time=True, due_on=DUE)
    Request.objects.filter(pk=late.pk).update(on_time=False, due_on=DUE)
    Request.objects.filter(pk=unsent.pk).update(on_time=None, due_on=DUE)
    return [r.pk for r in requests]


def test_the_row_and_the_aggregate_agree(town):
    pks = _four_requests(town)
    for today, unsent_state in ((DUE, Timeliness.NOT_DUE), (DUE + dt.timedelta(days=1), Timeliness.MISSING)):
        rows = Request.objects.filter(pk__in=pks).order_by("pk")
        assert [r.timeliness(today) for r in rows] == [Timeliness.ON_TIME, Timeliness.LATE, unsent_state]
        counts = rows.timeliness_counts(today)
        assert counts == {code: sum(r.timeliness(today) == code for r in rows) for code in Timeliness.values}
        figures = services.reporting_rate(rows, today=today)
        assert {code: figures[code] for code in Timeliness.values} == counts
        assert [row["timeliness"] for row in exporters.rate_rows(town.period, today=today)] == [
            r.timeliness(today)
            for r in Request.objects.filter(period=town.period).order_by("agency__unit__path", "agency__name")
        ]


def test_late_is_sent_late_or_unsent_past_the_due_date(town):
    request = town.period.requests.first()
    request.due_on = DUE
    request.on_time = None
    assert not request.is_late(DUE)
    assert request.is_late(DUE + dt.timedelta(days=1))
    request.on_time = True
    assert not request.is_late(DUE + dt.timedelta(days=30))
    request.on_time = False
    assert request.is_late(DUE)


def test_on_time_is_decided_on_vietnam_s_calendar_day(town):
    """Sent at 17:01 UTC on the due date is already the next day in Hà Nội (UTC+7): late."""
    request = town.period.requests.first()
    request.due_on = DUE
    request.decide_on_time(dt.datetime(2025, 7, 10, 16, 59, tzinfo=dt.UTC))
    assert request.on_time is True
    request.decide_on_time(dt.datetime(2025, 7, 10, 17, 1, tzinfo=dt.UTC))
    assert request.on_time is False
    assert timezone.get_current_timezone_name() == "Asia/Ho_Chi_Minh"
