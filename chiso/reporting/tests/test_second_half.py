"""A half-yearly schedule beside a yearly one reports on the first six months only, unless the plan asks for the
last six months as well (``Schedule.second_half``, issue 13: "H1 + year, not H1 + H2 + year, unless the document
asks for H2")."""

import datetime as dt
import re

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.reporting import services
from chiso.reporting.models import Cadence, Schedule, Window
from chiso.reporting.services.schedules import _regular_spans

AFTER_THE_YEAR = dt.date(2026, 1, 2)  # the last six months and the year are both due by then


def yearly_beside(schedule, actor):
    return services.create_schedule(
        Schedule(
            plan=schedule.plan,
            title="Báo cáo năm",
            cadence=Cadence.YEARLY,
            window=Window.CALENDAR,
            recipient=schedule.recipient,
        ),
        actor=actor,
        today=dt.date(2025, 7, 1),
    )


def labels(schedule):
    return [p.label for p in schedule.periods.filter(is_ad_hoc=False).order_by("cutoff_end")]


@pytest.mark.parametrize("second_half, expected", [(False, 1), (True, 2)], ids=["first-half-only", "both-halves"])
def test_beside_a_yearly_schedule_the_flag_keeps_the_last_six_months(town, district_coordinator, second_half, expected):
    # given: the town's half-yearly schedule and a yearly one to the same standing body
    schedule = Schedule.objects.get(pk=town.schedule.pk)
    yearly_beside(schedule, district_coordinator)
    Schedule.objects.filter(pk=schedule.pk).update(second_half=second_half)
    schedule.refresh_from_db()
    # then: its spans and the periods it opens once the year is over
    spans = _regular_spans(schedule)
    assert len(spans) == expected
    services.open_due_periods(today=AFTER_THE_YEAR, schedules=[schedule])
    found = labels(schedule)
    assert len(found) == expected, found
    assert any("cuối năm" in label for label in found) is second_half
    if second_half:
        assert (spans[1].start, spans[1].end) == (dt.date(2025, 7, 1), dt.date(2025, 12, 31))


def test_without_a_yearly_schedule_both_halves_open_either_way(town):
    schedule = Schedule.objects.get(pk=town.schedule.pk)
    assert len(_regular_spans(schedule)) == 2 and schedule.second_half is False
    services.open_due_periods(today=AFTER_THE_YEAR, schedules=[schedule])
    assert len(labels(schedule)) == 2


def form_data(schedule, **changes):
    return {
        "title": schedule.title,
        "cadence": schedule.cadence,
        "window": schedule.window,
        "agency_due_days": schedule.agency_due_days,
        "unit_due_days": schedule.unit_due_days,
        "open_days_before": schedule.open_days_before,
        "recipient": schedule.recipient_id,
        "reporters": list(schedule.reporters.values_list("pk", flat=True)),
        "metrics": "\n".join(f"{m['code']}: {m['label']}" for m in schedule.metrics),
        "remind_days_before": schedule.remind_days_before,
        "notify_overdue": "on",
        "is_active": "on",
        "loaded_version": schedule.version,
        **changes,
    }


def test_the_schedule_form_ticks_and_unticks_the_last_six_months(client, town, district_coordinator):
    client.force_login(district_coordinator)
    url = f"/reporting/schedules/{town.schedule.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'name="second_half"' in page and 'data-shown-for="cadence=half_yearly"' in page
    assert "Báo cáo cả 6 tháng cuối năm" in page and "theo mặc định chỉ báo cáo 6 tháng đầu năm" in page

    schedule = Schedule.objects.get(pk=town.schedule.pk)
    response = client.post(url, form_data(schedule, second_half="on"))
    assert response.status_code == 302, response.content.decode()[:2000]
    schedule.refresh_from_db()
    assert schedule.second_half is True
    detail = client.get(schedule.get_absolute_url()).content.decode()
    assert "có báo cáo riêng theo yêu cầu của kế hoạch" in detail
    box = re.search(r'<input[^>]*name="second_half"[^>]*>', client.get(url).content.decode()).group(0)
    assert "checked" in box

    # unticked (a check box left out of the post), then a cadence other than half-yearly never keeps it
    response = client.post(url, form_data(schedule))
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.second_half is False
    response = client.post(url, form_data(schedule, cadence="quarterly", second_half="on"))
    assert response.status_code == 302
    schedule.refresh_from_db()
    assert schedule.cadence == "quarterly" and schedule.second_half is False


def test_the_api_reads_and_writes_the_flag(town, district_coordinator):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=district_coordinator)[0].key}")
    payload = {"plan": town.plan.pk, "title": "Báo cáo 6 tháng cuối năm", "cadence": "half_yearly"}
    made = client.post("/api/v1/reporting/schedules/", {**payload, "second_half": True}, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["second_half"] is True
    assert Schedule.objects.get(pk=made.json()["id"]).second_half is True
    assert client.get(f"/api/v1/reporting/schedules/{town.schedule.pk}/").json()["second_half"] is False
    quarterly = client.post(
        "/api/v1/reporting/schedules/", {**payload, "cadence": "quarterly", "second_half": True}, format="json"
    )
    assert quarterly.status_code == 201 and quarterly.json()["second_half"] is False
