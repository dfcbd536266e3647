"""A small fixed world for the dashboards: plans of the three levels of Hưng Yên in 2025 with tasks in every state,
feedback, reports, remedies and a disclosure duty in phường Bạch Sam and Phùng Chí Kiên. States are judged today;
every date is in 2025, so nothing is "within term" any more."""

import datetime as dt
from types import SimpleNamespace

from chiso.citizens.tests.factories import FeedbackFactory
from chiso.dashboards.models import Scorecard
from chiso.disclosures.tests.factories import DutyFactory
from chiso.indices.models import Dimension, Index
from chiso.inspections.models import Finding, Remedy
from chiso.inspections.tests.factories import town_inspection
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.reporting.models import Period, Request, Schedule
from chiso.surveys.models import Response
from chiso.surveys.tests.factories import make_survey

D = dt.date
YEAR = 2025


def dimensions():
    papi, _ = Index.objects.get_or_create(code="PAPI", defaults={"name_vi": "PAPI", "name_en": "PAPI"})
    made = []
    for order, code in enumerate(["D1", "D2"], start=1):
        dim, _ = Dimension.objects.get_or_create(
            index=papi, code=code, defaults={"order": order, "name_vi": f"Nội dung {order}", "name_en": f"D{order}"}
        )
        made.append(dim)
    return made


def build(world):
    d1, d2 = dimensions()
    issued = Plan.Status.ISSUED
    province = PlanFactory(unit=world.hung_yen, status=issued, issued_on=D(YEAR, 1, 6))
    district = PlanFactory(unit=world.my_hao, parent=province, status=issued, issued_on=D(YEAR, 3, 31))  # late
    bach_sam = PlanFactory(unit=world.bach_sam, parent=district, status=issued, issued_on=D(YEAR, 4, 2))  # on time
    PlanFactory(unit=world.phung_chi_kien, parent=district, status=Plan.Status.DRAFT)  # overdue

    def task(plan, due, done=None, lead=(), dims=(), **extra):
        made = TaskFactory(plan=plan, due_on=due, completed_on=done, lead=list(lead), **extra)
        made.dimensions.set(dims)
        return made

    vp, ubnd = world.vp_bach_sam, world.ubnd_bach_sam
    t = SimpleNamespace()
    t.on_time = task(bach_sam, D(YEAR, 3, 31), D(YEAR, 3, 20), [vp], [d1])
    t.late = task(bach_sam, D(YEAR, 3, 31), D(YEAR, 4, 10), [vp], [d1, d2])
    t.overdue = task(bach_sam, D(YEAR, 6, 30), None, [ubnd], [d2], last_progress_on=D(YEAR, 5, 2))
    t.overdue_q3 = task(bach_sam, D(YEAR, 9, 30), None, [ubnd])
    group = task(bach_sam, D(YEAR, 12, 31))
    task(bach_sam, D(YEAR, 12, 31), None, [vp], group=group)  # the group row itself is not counted
    task(bach_sam, None, None, [vp], timeframe_kind="ongoing", start_on=None)
    t.pck = task(district.children.get(unit=world.phung_chi_kien), D(YEAR, 5, 31), D(YEAR, 5, 30), [world.vp_pck])

    FeedbackFactory(
        unit=world.bach_sam, agency=vp, status="resolved", answered_on=D(YEAR, 3, 10), resolution="resolved"
    )
    FeedbackFactory(
        unit=world.bach_sam, agency=vp, status="answered", answered_on=D(YEAR, 3, 20), resolution="not_resolved"
    )
    FeedbackFactory(unit=world.bach_sam, agency=ubnd, status="accepted")  # overdue
    FeedbackFactory(unit=world.bach_sam, status="rejected")  # not counted
    FeedbackFactory(unit=world.phung_chi_kien, status="answered", answered_on=D(YEAR, 3, 15))

    schedule = Schedule.objects.create(plan=district, title="Báo cáo quý", recipient=world.phong_noi_vu)
    period = Period.objects.create(
        schedule=schedule, label="Quý I/2025", cutoff_start=D(YEAR, 1, 1), cutoff_end=D(YEAR, 3, 31),
        due_on=D(YEAR, 4, 5), unit_due_on=D(YEAR, 4, 10),
    )  # fmt: skip
    Request.objects.create(period=period, agency=vp, due_on=D(YEAR, 4, 5), status="accepted", on_time=True)
    Request.objects.create(period=period, agency=ubnd, due_on=D(YEAR, 4, 5), status="submitted", on_time=False)
    Request.objects.create(period=period, agency=world.vp_pck, due_on=D(YEAR, 4, 5))

    inspection = town_inspection(world)
    finding = Finding.objects.create(
        inspection=inspection, number=1, text="Niêm yết thủ tục chưa đủ", found_on=D(YEAR, 3, 5)
    )
    Remedy.objects.create(finding=finding, text="Bổ sung niêm yết", agency=vp, assigned_on=D(YEAR, 3, 6),
                          due_on=D(YEAR, 4, 30), status="verified", resolved_on=D(YEAR, 4, 20))  # fmt: skip
    Remedy.objects.create(finding=finding, text="Sửa quy trình", agency=ubnd, assigned_on=D(YEAR, 3, 6),
                          due_on=D(YEAR, 5, 30), status="open")  # fmt: skip

    DutyFactory(unit=world.bach_sam, due_on=D(YEAR, 3, 20))  # nothing posted: missing

    survey = make_survey(world.bach_sam)  # two answers in May: an index out of 2 responses
    point = survey.points.get()
    for answer in ("4", "5"):
        Response.objects.create(survey=survey, point=point, channel="web", answers={"a1_waiting": answer})
    survey.responses.update(submitted_at=dt.datetime(YEAR, 5, 10, 9, tzinfo=dt.UTC))
    return t


def scorecard(world, **fields):
    return Scorecard.objects.create(unit=world.my_hao, name="Chấm điểm thi đua thị xã", level="commune", **fields)
