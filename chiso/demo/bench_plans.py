"""Synthetic plans at national scale for the benchmarks (``chiso bench-data``).

A plan for every current province and commune, and for the legacy districts and communes of Hưng Yên and Sóc
Trăng; ~50 tasks each under 8 group rows (one per PAPI dimension), lead and coordinating agencies, and four
quarters of progress. Written with bulk inserts and no audit entries: this is benchmark data, not records.
"""

from __future__ import annotations

import datetime as dt
import random
import time

from django.db import connection, transaction

from chiso.indices.models import Dimension
from chiso.lib.text import fold
from chiso.plans.models import Plan, ProgressUpdate, Task, TaskAgency
from chiso.units.models import AdministrativeUnit, Agency

YEAR = 2025
QUARTER_ENDS = [dt.date(YEAR, 3, 31), dt.date(YEAR, 6, 30), dt.date(YEAR, 9, 30), dt.date(YEAR, 12, 31)]
AGENCIES = [
    ("UBND", Agency.Kind.COMMITTEE),
    ("Văn phòng", Agency.Kind.OFFICE),
    ("Văn hóa - Xã hội", Agency.Kind.POST),
    ("Tư pháp - Hộ tịch", Agency.Kind.POST),
    ("Ủy ban MTTQ", Agency.Kind.FRONT),
]


def units_for(scale: str):
    units = AdministrativeUnit.objects
    if scale == "smoke":
        province = units.current().provinces().order_by("code").first()
        if province is None:
            return []
        return [province, *units.filter(parent=province).order_by("code")[:5]]
    current = list(units.current().exclude(level="village"))
    legacy = []
    for code in ("33", "94"):
        province = units.legacy().provinces().filter(code=code).first()
        if province:
            legacy += list(units.subtree(province).exclude(level="village"))
    return current + legacy


@transaction.atomic
def build(scale: str = "national", seed: int = 1, tasks_per_plan: int = 50, stdout=None) -> dict:
    started = time.monotonic()
    rng = random.Random(seed)
    dimensions = list(Dimension.objects.filter(index__code="PAPI").order_by("order"))
    if len(dimensions) != 8:
        raise ValueError("Chưa nạp khung chỉ số PAPI (chiso load-reference) / load the PAPI framework first")
    units = units_for(scale)
    if not units:
        raise ValueError("Chưa nạp đơn vị hành chính (chiso load-reference) / load the administrative units first")
    existing = {(a.unit_id, a.name) for a in Agency.objects.filter(unit__in=units)}
    new_agencies = []
    for u in units:
        for prefix, kind in AGENCIES:
            name = f"{prefix} {u.name}" if kind == Agency.Kind.COMMITTEE else prefix
            if (u.pk, name) not in existing:
                new_agencies.append(Agency(unit=u, name=name, kind=kind, name_folded=fold(name)))
    Agency.objects.bulk_create(new_agencies, batch_size=5000)
    agencies: dict[int, list[Agency]] = {}
    for agency in Agency.objects.filter(unit__in=units).order_by("pk"):
        agencies.setdefault(agency.unit_id, []).append(agency)
    plans = Plan.objects.bulk_create(
        [
            Plan(
                unit=u,
                year=YEAR,
                code=f"{100 + i % 900}/KH-UBND",
                title=f"Kế hoạch nâng cao Chỉ số PAPI {u.name} năm {YEAR}",
                status=Plan.Status.ISSUED,
                issued_on=dt.date(YEAR, 1, 3) + dt.timedelta(days=i % 40),
            )
            for i, u in enumerate(units)
        ],
        batch_size=2000,
    )
    if plans and plans[0].pk is None:
        plans = list(Plan.objects.filter(unit__in=units, year=YEAR).order_by("pk"))
    per_group = max(1, (tasks_per_plan - 8) // 8)
    groups, activities = [], []
    for plan in plans:
        for d, dim in enumerate(dimensions):
            groups.append(
                Task(
                    plan=plan,
                    number=str(d + 1),
                    title=f"Nhóm nhiệm vụ {dim.code}",
                    position=(d + 1) * 1000,
                    timeframe_kind="ongoing",
                )
            )
    Task.objects.bulk_create(groups, batch_size=5000)
    if groups and groups[0].pk is None:
        groups = list(Task.objects.filter(plan__in=plans, group__isnull=True).order_by("plan_id", "position"))
    links, dimension_links = [], []
    through = Task.dimensions.through
    last_report = QUARTER_ENDS[-1] - dt.timedelta(days=5)
    for index, group in enumerate(groups):
        dim = dimensions[index % 8]
        for k in range(per_group):
            ongoing = rng.random() < 0.5
            due = None if ongoing else rng.choice(QUARTER_ENDS)
            # The state after four quarters, decided up front so that no bulk update is needed afterwards.
            steps = [rng.randint(10, 35) for _ in QUARTER_ENDS]
            percent = min(100, sum(steps))
            task = Task(
                plan_id=group.plan_id,
                group=group,
                number=f"{index % 8 + 1}.{k + 1}",
                title=group.title,
                activity=f"Hoạt động {k + 1} của nhóm {dim.code}",
                position=group.position + k + 1,
                timeframe_kind="ongoing" if ongoing else "by_date",
                timeframe_text="Thường xuyên" if ongoing else f"Trước ngày {due:%d/%m/%Y}",
                due_on=due,
                percent=0 if ongoing else percent,
                completed_on=last_report if not ongoing and percent == 100 else None,
                last_progress_on=last_report,
            )
            task._steps = steps
            activities.append(task)
    Task.objects.bulk_create(activities, batch_size=5000)
    updates = []
    plan_units = {p.pk: p.unit_id for p in plans}
    for task in activities:
        unit_agencies = agencies[plan_units[task.plan_id]]
        lead, coord = rng.sample(unit_agencies, 2)
        links += [
            TaskAgency(task=task, agency=lead, role="lead"),
            TaskAgency(task=task, agency=coord, role="coordinating"),
        ]
        dim_index = int(task.number.split(".")[0]) - 1
        dimension_links.append(through(task_id=task.pk, dimension_id=dimensions[dim_index].pk))
        percent = 0
        for step, quarter_end in zip(task._steps, QUARTER_ENDS, strict=True):
            percent = min(100, percent + step)
            updates.append(
                ProgressUpdate(
                    task=task,
                    agency=lead,
                    reported_on=quarter_end - dt.timedelta(days=5),
                    percent=None if task.timeframe_kind == "ongoing" else percent,
                    description="Kết quả thực hiện trong quý",
                )
            )
    TaskAgency.objects.bulk_create(links, batch_size=10000)
    through.objects.bulk_create(dimension_links, batch_size=10000)
    ProgressUpdate.objects.bulk_create(updates, batch_size=10000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # fresh statistics, as autovacuum would gather after such a load
            cursor.execute("ANALYZE")
    counts = {
        "units": len(units),
        "plans": len(plans),
        "tasks": len(groups) + len(activities),
        "progress_updates": len(updates),
        "seconds": round(time.monotonic() - started, 1),
    }
    if stdout is not None:
        stdout.write(str(counts))
    return counts
