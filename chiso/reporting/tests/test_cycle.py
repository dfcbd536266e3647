"""The reporting loop at the service level: periods open, agencies submit, the standing body returns and
accepts, the reporting rate, consolidation, approval and the report sent up to the province."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from chiso.core.services import ConflictError
from chiso.reporting import services
from chiso.reporting.models import ConsolidatedReport, Period, Request, Submission


def at(day, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_periods_open_when_due_with_decree_or_plan_windows(town):
    period = town.period
    # Seed 001: "Báo cáo 6 tháng đầu năm trước ngày 05/7/2025 (… từ ngày 01/01/2025 đến ngày 30/6/2025)".
    assert (period.cutoff_start, period.cutoff_end, period.due_on) == (
        dt.date(2025, 1, 1),
        dt.date(2025, 6, 30),
        dt.date(2025, 7, 5),
    )
    assert period.label == "6 tháng đầu năm 2025"
    # The lead agencies of the plan's tasks and the committee of the ward below.
    agencies = set(period.requests.values_list("agency__name", flat=True))
    assert agencies == {"Thanh tra thị xã", "Phòng Nội vụ", "UBND phường Bạch Sam"}
    # The tick runs again and again: nothing opens twice; the second half opens in December.
    assert services.open_due_periods(today=dt.date(2025, 7, 2)) == 0
    assert services.open_due_periods(today=dt.date(2025, 12, 21)) == 2  # the town's and the province's
    assert Period.objects.filter(schedule=town.schedule).count() == 2


def test_no_period_opens_before_the_plan_is_issued(town, district_coordinator):
    from chiso.plans.models import Plan
    from chiso.reporting.models import Schedule

    town.plan.status = Plan.Status.DRAFT
    town.plan.save()
    schedule = services.create_schedule(
        Schedule(plan=town.plan, title="Báo cáo quý", cadence="quarterly", recipient=town.schedule.recipient),
        actor=district_coordinator,
        today=dt.date(2025, 12, 31),
    )
    assert schedule.periods.count() == 0


def test_decree_09_windows():
    from chiso.reporting.windows import spans

    q = spans("quarterly", "decree_09", 2025)
    assert (q[0].start, q[0].end, q[0].label) == (dt.date(2024, 12, 15), dt.date(2025, 3, 14), "Quý I/2025")
    h = spans("half_yearly", "decree_09", 2025)
    assert [(s.start, s.end) for s in h] == [
        (dt.date(2024, 12, 15), dt.date(2025, 6, 14)),
        (dt.date(2025, 6, 15), dt.date(2025, 12, 14)),
    ]
    m = spans("monthly", "decree_09", 2025)
    assert (m[0].start, m[0].end) == (dt.date(2024, 12, 15), dt.date(2025, 1, 14))
    assert len(spans("ad_hoc", "decree_09", 2025)) == 0


def test_ad_hoc_due_date_before_cutoff_is_refused(town, district_coordinator):
    with pytest.raises(ValidationError) as exc:
        services.open_ad_hoc_period(
            town.schedule,
            actor=district_coordinator,
            label="Báo cáo đột xuất",
            cutoff_start=dt.date(2025, 1, 1),
            cutoff_end=dt.date(2025, 8, 31),
            due_on=dt.date(2025, 8, 20),
        )
    assert "due_on" in exc.value.message_dict


def test_whole_cycle(town, world, district_officer, district_coordinator, commune_officer, province_coordinator):
    from chiso.plans.models import ProgressUpdate

    ProgressUpdate.objects.create(
        task=town.t1, reported_on=dt.date(2025, 3, 10), percent=60, description="Tiếp 12 lượt công dân"
    )
    ProgressUpdate.objects.create(task=town.t1, reported_on=dt.date(2025, 7, 20), percent=90, description="Sau kỳ")
    thanh_tra = town.period.requests.get(agency=world.thanh_tra)
    draft = services.start_submission(thanh_tra, actor=district_officer)
    line = draft.lines.get()
    # Pre-filled from the progress within the cut-off only.
    assert line.percent == 60 and "Tiếp 12 lượt" in line.result and "Sau kỳ" not in line.result

    # A second officer saved meanwhile: the first gets a conflict, nothing is overwritten.
    services.save_draft(draft, actor=district_officer, loaded_version=draft.version, data={"summary": "Bản A"})
    with pytest.raises(ConflictError):
        services.save_draft(draft, actor=district_officer, loaded_version=draft.version, data={"summary": "Bản B"})
    draft.refresh_from_db()
    assert draft.summary == "Bản A"

    with pytest.raises(ValidationError):  # the figure the schedule asks for is missing
        services.submit_submission(draft, actor=district_officer, now=at(dt.date(2025, 7, 3)))
    draft = services.save_draft(
        draft, actor=district_officer, loaded_version=draft.version, data={"metrics": {"dialogues": 2}}
    )
    services.submit_submission(draft, actor=district_officer, now=at(dt.date(2025, 7, 3)))
    thanh_tra.refresh_from_db()
    assert thanh_tra.on_time is True and thanh_tra.status == Request.Status.SUBMITTED

    # Returned with a comment on one line; the officer corrects and resubmits; accepted and locked.
    services.return_submission(
        draft, actor=district_coordinator, comment="Bổ sung số liệu", line_comments={line.pk: "Ghi rõ số lượt"}
    )
    draft.refresh_from_db()
    assert draft.status == Submission.Status.RETURNED and draft.lines.get().comment == "Ghi rõ số lượt"
    draft = services.save_draft(
        draft,
        actor=district_officer,
        loaded_version=draft.version,
        data={},
        lines={line.pk: {"result": "Tiếp 12 lượt, 3 đơn"}},
    )
    services.submit_submission(draft, actor=district_officer, now=at(dt.date(2025, 7, 4)))
    services.accept_submission(draft, actor=district_coordinator)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        services.save_draft(draft, actor=district_officer, loaded_version=draft.version, data={"summary": "x"})

    # The ward submits after the due date (allowed, marked late); Phòng Nội vụ submits nothing.
    ward = town.period.requests.get(agency=world.ubnd_bach_sam)
    late = services.start_submission(ward, actor=town.ward_coordinator)
    late = services.save_draft(
        late, actor=town.ward_coordinator, loaded_version=late.version, data={"metrics": {"dialogues": 1}}
    )
    services.set_period_status(town.period, actor=district_coordinator, status=Period.Status.CLOSED)
    with pytest.raises(PermissionDenied):  # an officer of another agency of the ward may not
        services.submit_submission(late, actor=commune_officer, now=at(dt.date(2025, 7, 8)))
    services.submit_submission(late, actor=town.ward_coordinator, now=at(dt.date(2025, 7, 8)))
    ward.refresh_from_db()
    assert ward.on_time is False

    figures = services.reporting_rate(town.period.requests.all(), today=dt.date(2025, 7, 10))
    assert figures["expected"] == 3 and figures["on_time"] == 1 and figures["late"] == 1 and figures["missing"] == 1
    assert figures["under_review"] == 1 and figures["accepted"] == 1

    # Consolidation lists the report still under review and the missing one, by name.
    report = services.consolidate_report(town.period, actor=district_coordinator, today=dt.date(2025, 7, 10))
    assert report.figures["accepted"] == 1 and report.figures["tasks"] == 1
    assert report.figures["under_review"] == ["UBND phường Bạch Sam"]
    assert report.figures["missing"] == ["Phòng Nội vụ"]
    assert report.figures["metrics"] == {"dialogues": 2}

    # A correction after acceptance is a new version; the accepted one is kept.
    newer = services.reopen_submission(draft, actor=district_coordinator, reason="Sai số liệu quý I")
    assert newer.number == 2 and newer.status == Submission.Status.DRAFT
    draft.refresh_from_db()
    assert draft.status == Submission.Status.SUPERSEDED
    services.submit_submission(newer, actor=district_officer, now=at(dt.date(2025, 7, 9)))
    services.accept_submission(newer, actor=district_coordinator)
    report = services.consolidate_report(town.period, actor=district_coordinator, today=dt.date(2025, 7, 10))

    # The standing body edits the draft; a second writer gets a conflict.
    loaded = report.version
    report = services.update_report(
        report, actor=district_coordinator, loaded_version=loaded, data={"next_steps": "Tổ chức đối thoại quý III"}
    )
    with pytest.raises(ConflictError):
        services.update_report(report, actor=district_coordinator, loaded_version=loaded, data={"next_steps": "x"})

    # The leader approves; the report goes up to the province's request for the town's committee.
    services.send_report_for_approval(report, actor=district_coordinator)
    with pytest.raises(ValidationError):
        services.approve_report(report, actor=town.chair)  # no number, no date
    services.approve_report(report, actor=town.chair, code="125/BC-UBND", report_date=dt.date(2025, 7, 12))
    sent = services.send_report_up(report, actor=district_coordinator, now=at(dt.date(2025, 7, 12)))
    report.refresh_from_db()
    assert report.status == ConsolidatedReport.Status.SENT
    upper = sent.request
    upper.refresh_from_db()
    assert upper.period.schedule == town.province_schedule and upper.agency == town.ubnd_my_hao
    assert upper.status == Request.Status.SUBMITTED and upper.on_time is True
    assert sent.consolidated_from == report and sent.lines.count() == 1
    # The province reviews it in turn.
    services.accept_submission(sent, actor=province_coordinator)


def test_rate_equals_an_independent_sql_count(town, world, district_officer):
    draft = services.start_submission(town.period.requests.get(agency=world.thanh_tra), actor=district_officer)
    draft = services.save_draft(
        draft, actor=district_officer, loaded_version=draft.version, data={"metrics": {"dialogues": 0}}
    )
    services.submit_submission(draft, actor=district_officer, now=at(dt.date(2025, 7, 9)))
    today = dt.date(2025, 7, 10)
    figures = services.reporting_rate(Request.objects.filter(period=town.period), today=today)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), "
            "SUM(CASE WHEN first_submitted_at IS NOT NULL AND on_time THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN first_submitted_at IS NOT NULL AND NOT on_time THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN first_submitted_at IS NULL AND due_on < %s THEN 1 ELSE 0 END) "
            "FROM reporting_request WHERE period_id = %s",
            [today, town.period.pk],
        )
        expected, on_time, late, missing = cursor.fetchone()
    assert (figures["expected"], figures["on_time"], figures["late"], figures["missing"]) == (
        expected,
        on_time,
        late,
        missing,
    )
    assert (expected, on_time, late, missing) == (3, 0, 1, 2)
