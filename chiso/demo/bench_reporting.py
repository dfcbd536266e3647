"""Synthetic reporting on top of ``chiso bench-data`` for the benchmarks (``bench/reporting_bench.py``).

Each plan implements the plan of the unit above and reports quarterly (calendar windows of 2025, four periods) to
its unit's office; the reporters are the agencies leading its tasks and the committees of the units below.
Agencies' reports are mostly accepted in the first three quarters and in every state in the fourth. The committee
of a unit below sends its report with a line per task of its own plan, as ``services.send_up`` would; the
agencies' own reports carry no lines (nothing reads them here). Bulk inserts, no audit entries: benchmark data,
never records.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from chiso.demo.bench_plans import YEAR
from chiso.plans.models import Plan, Task, TaskAgency
from chiso.reporting import windows
from chiso.reporting.models import Cadence, Period, Request, Schedule, Submission, SubmissionLine, Window
from chiso.units.models import Agency

# Share of requests in each state: (accepted on time, accepted late, under review, returned); the rest is missing.
OUTCOMES = {
    "settled": (0.82, 0.10, 0.03, 0.02),  # quarters I–III
    "current": (0.45, 0.10, 0.15, 0.05),  # quarter IV, still being reviewed
}
METRICS = [{"code": "dialogues", "label": "Số cuộc đối thoại đã tổ chức"}]


def _at(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


def _link_plans(plans):
    """Each plan implements the plan of its unit's parent (the generator leaves ``parent`` empty)."""
    by_unit = {p.unit_id: p for p in plans}
    changed = []
    for plan in plans:
        parent = by_unit.get(plan.unit.parent_id)
        if parent is not None and plan.parent_id != parent.pk:
            plan.parent_id = parent.pk
            changed.append(plan)
    Plan.objects.bulk_update(changed, ["parent"], batch_size=2000)


def _task_rows(plans):
    """Per plan, its activities as the fields a report line copies (dimension code, status at each cut-off)."""
    dims = dict(Task.dimensions.through.objects.filter(task__plan__in=plans).values_list("task_id", "dimension__code"))
    rows = defaultdict(list)
    tasks = (
        Task.objects.filter(plan__in=plans, group__isnull=False)
        .only(
            "id",
            "plan_id",
            "number",
            "title",
            "activity",
            "timeframe_kind",
            "due_on",
            "completed_on",
            "last_progress_on",
            "percent",
        )
        .order_by("plan_id", "position", "id")
    )
    for task in tasks.iterator(chunk_size=5000):
        rows[task.plan_id].append(task)
    return rows, dims


@transaction.atomic
def build(seed: int = 1, stdout=None) -> dict:
    started = time.monotonic()
    rng = random.Random(seed)
    plans = list(Plan.objects.filter(year=YEAR).select_related("unit").order_by("unit__path"))
    if not plans:
        raise ValueError("Chưa có kế hoạch (chiso bench-data) / run chiso bench-data first")
    _link_plans(plans)
    agencies = defaultdict(list)
    for agency in Agency.objects.filter(unit__in=[p.unit_id for p in plans], is_active=True).order_by("pk"):
        agencies[agency.unit_id].append(agency)
    committees = {
        unit: next((a for a in items if a.kind == Agency.Kind.COMMITTEE), items[0]) for unit, items in agencies.items()
    }
    offices = {
        unit: next((a for a in items if a.kind == Agency.Kind.OFFICE), items[0]) for unit, items in agencies.items()
    }
    leads = defaultdict(set)
    for plan_id, agency_id in (
        TaskAgency.objects.filter(task__plan__in=plans, role="lead")
        .values_list("task__plan_id", "agency_id")
        .distinct()
    ):
        leads[plan_id].add(agency_id)
    children = defaultdict(list)
    for plan in plans:
        if plan.parent_id:
            children[plan.parent_id].append(plan)

    schedules = Schedule.objects.bulk_create(
        [
            Schedule(
                plan=plan,
                title="Báo cáo quý",
                cadence=Cadence.QUARTERLY,
                window=Window.CALENDAR,
                agency_due_days=5,
                unit_due_days=10,
                recipient=offices[plan.unit_id],
                metrics=METRICS,
            )
            for plan in plans
        ],
        batch_size=2000,
    )
    reporters = {}
    through = Schedule.reporters.through
    links = []
    for plan, schedule in zip(plans, schedules, strict=True):
        own = sorted(leads[plan.pk])
        below = [committees[child.unit_id].pk for child in children[plan.pk]]
        reporters[schedule.pk] = [(agency_id, False) for agency_id in own] + [(a, True) for a in below]
        links += [through(schedule_id=schedule.pk, agency_id=agency_id) for agency_id, _below in reporters[schedule.pk]]
    through.objects.bulk_create(links, batch_size=10000)

    spans = windows.spans(Cadence.QUARTERLY, Window.CALENDAR, YEAR)
    periods = Period.objects.bulk_create(
        [
            Period(
                schedule=schedule,
                label=span.label,
                cutoff_start=span.start,
                cutoff_end=span.end,
                due_on=span.end + dt.timedelta(days=5),
                unit_due_on=span.end + dt.timedelta(days=10),
                status=Period.Status.CLOSED if q < 3 else Period.Status.OPEN,
            )
            for schedule in schedules
            for q, span in enumerate(spans)
        ],
        batch_size=5000,
    )
    requests, outcomes = [], []
    for period in periods:
        shares = OUTCOMES["settled" if period.cutoff_end.month < 12 else "current"]
        for agency_id, below in reporters[period.schedule_id]:
            due = period.unit_due_on if below else period.due_on
            draw, state = rng.random(), "missing"
            for name, limit in zip(("on_time", "late", "submitted", "returned"), _cumulative(shares), strict=True):
                if draw < limit:
                    state = name
                    break
            first = None
            if state != "missing":
                late = state == "late" or (state in ("submitted", "returned") and rng.random() < 0.2)
                first = _at(
                    due + dt.timedelta(days=rng.randint(1, 6)) if late else due - dt.timedelta(days=rng.randint(0, 4))
                )
            status = {
                "on_time": Request.Status.ACCEPTED,
                "late": Request.Status.ACCEPTED,
                "submitted": Request.Status.SUBMITTED,
                "returned": Request.Status.RETURNED,
                "missing": Request.Status.PENDING,
            }[state]
            requests.append(
                Request(
                    period=period,
                    agency_id=agency_id,
                    due_on=due,
                    status=status,
                    first_submitted_at=first,
                    on_time=None if first is None else timezone.localdate(first) <= due,
                )
            )
            outcomes.append(below)
    requests = Request.objects.bulk_create(requests, batch_size=10000)

    # Submissions for every request sent; the lines of the units' own plans for the committees' reports.
    tasks, dims = _task_rows(plans)
    plan_of_committee = {committees[p.unit_id].pk: p.pk for p in plans}
    period_end = {p.pk: p.cutoff_end for p in periods}
    statuses = {
        Request.Status.ACCEPTED: Submission.Status.ACCEPTED,
        Request.Status.SUBMITTED: Submission.Status.SUBMITTED,
        Request.Status.RETURNED: Submission.Status.RETURNED,
    }
    n_submissions = n_lines = 0
    batch = []

    def flush():
        nonlocal n_submissions, n_lines
        created = Submission.objects.bulk_create([s for s, _r, _b in batch], batch_size=5000)
        lines = []
        for submission, request, below in batch:
            if not below:
                continue
            cutoff = period_end[request.period_id]
            quarter = (cutoff.month - 1) // 3 + 1
            for i, task in enumerate(tasks.get(plan_of_committee.get(request.agency_id), [])):
                lines.append(
                    SubmissionLine(
                        submission=submission,
                        task_id=task.pk,
                        position=i,
                        task_number=task.number,
                        task_title=task.activity or task.title,
                        dimension_code=dims.get(task.pk, ""),
                        task_status=task.status_on(cutoff),
                        percent=min(100, task.percent * quarter // 4),
                        result=f"{cutoff:%d/%m/%Y}: Kết quả thực hiện trong quý",
                        evidence_count=rng.randint(0, 2),
                    )
                )
        SubmissionLine.objects.bulk_create(lines, batch_size=10000)
        n_submissions += len(created)
        n_lines += len(lines)
        batch.clear()

    for request, below in zip(requests, outcomes, strict=True):
        if request.status == Request.Status.PENDING:
            continue
        submission = Submission(
            request=request,
            status=statuses[request.status],
            summary="Cơ bản hoàn thành các nhiệm vụ trong kỳ.",
            difficulties="Thiếu kinh phí và nhân lực." if rng.random() < 0.5 else "",
            proposals="Đề nghị bổ sung kinh phí." if rng.random() < 0.3 else "",
            narratives={"D1": "Tổ chức hội nghị đối thoại với người dân."},
            metrics={"dialogues": rng.randint(0, 6)},
            submitted_at=request.first_submitted_at,
            reviewed_at=request.first_submitted_at + dt.timedelta(days=2)
            if request.status != Request.Status.SUBMITTED
            else None,
        )
        batch.append((submission, request, below))
        if len(batch) >= 2000:
            flush()
    flush()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather after such a load
            cursor.execute("ANALYZE")
    counts = {
        "schedules": len(schedules),
        "periods": len(periods),
        "requests": len(requests),
        "submissions": n_submissions,
        "lines": n_lines,
        "seconds": round(time.monotonic() - started, 1),
    }
    if stdout is not None:
        stdout.write(str(counts))
    return counts


def _cumulative(shares):
    total, out = 0.0, []
    for share in shares:
        total += share
        out.append(total)
    return out
