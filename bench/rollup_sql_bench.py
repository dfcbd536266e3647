"""A province's progress roll-up by dimension (``plans.rollup.dimension_rollup``, the ORM) against the same result
from hand-written SQL, measured alternately in one run; with ``--explain``, the plan of the hand-written query.

    DATABASE_URL=postgres://… .venv/bin/python bench/rollup_sql_bench.py [--smoke] [--explain]

The goal of issue 16: the ORM roll-up at most 1.5 × the hand-written SQL. Needs the plans of
``chiso bench-data`` (PostgreSQL); ``--smoke`` (CI) builds the smoke set and runs each twice, without a threshold.
"""

import argparse
import statistics
import time
from io import StringIO

from _setup import summary
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from chiso.indices.models import Dimension
from chiso.lib import tree
from chiso.plans.models import Plan, Task
from chiso.plans.rollup import dimension_rollup
from chiso.units.models import AdministrativeUnit

# The same rows as dimension_rollup: activities (tasks that group no other task) of the plans of the province and
# every unit below it, by dimension, with the status derivation of TaskQuerySet.with_status.
SQL = """
WITH activity AS (
    SELECT t.id, t.timeframe_kind, t.weight, t.percent,
           CASE WHEN t.timeframe_kind = 'ongoing' THEN 'ongoing'
                WHEN t.completed_on IS NOT NULL AND t.due_on IS NOT NULL AND t.completed_on > t.due_on THEN 'done_late'
                WHEN t.completed_on IS NOT NULL THEN 'done_on_time'
                WHEN t.due_on < %(today)s THEN 'overdue'
                WHEN t.last_progress_on IS NULL THEN 'not_started'
                ELSE 'on_track' END AS status
    FROM plans_task t
    JOIN plans_plan p ON p.id = t.plan_id
    JOIN units_administrativeunit u ON u.id = p.unit_id
    WHERE (u.path = %(path)s OR u.path LIKE %(below)s)
      AND NOT EXISTS (SELECT 1 FROM plans_task g WHERE g.group_id = t.id)
)
SELECT d.code, d.name_vi,
       count(a.id),
       count(a.id) FILTER (WHERE a.timeframe_kind = 'ongoing'),
       count(a.id) FILTER (WHERE a.status = 'overdue'),
       count(a.id) FILTER (WHERE a.status IN ('done_on_time', 'done_late')),
       sum(a.weight) FILTER (WHERE a.timeframe_kind <> 'ongoing'),
       sum(a.weight * a.percent) FILTER (WHERE a.timeframe_kind <> 'ongoing')
FROM activity a
LEFT JOIN plans_task_dimensions td ON td.task_id = a.id
LEFT JOIN indices_dimension d ON d.id = td.dimension_id
GROUP BY d.code, d.name_vi, d."order"
ORDER BY d."order"
"""


def hand_written(province, today):
    with connection.cursor() as cursor:
        cursor.execute(SQL, {"path": province.path, "below": province.path + ".%", "today": today})
        return [
            {
                "code": code,
                "name": name,
                "total": total,
                "ongoing": ongoing,
                "overdue": overdue,
                "done": done,
                "percent": round(weighted / weight) if weight else None,
            }
            for code, name, total, ongoing, overdue, done, weight, weighted in cursor.fetchall()
        ]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only (DATABASE_URL)")
    if not Dimension.objects.exists() or not AdministrativeUnit.objects.exists():
        call_command("load_reference", stdout=StringIO())
    if not Plan.objects.exists():
        call_command("bench_data", "--scale", "smoke" if args.smoke else "national", stdout=StringIO())
    repeat = 2 if args.smoke else args.repeat
    province = AdministrativeUnit.objects.current().provinces().annotate(n=Count("plans")).order_by("-n").first()
    # The subtree as the policy scopes it (chiso.lib.tree.subtree_q): the unit's path, or a path below it.
    tasks = Task.objects.filter(tree.subtree_q([province.path], "plan__unit"))
    today = timezone.localdate()
    orm_rows, sql_rows = dimension_rollup(tasks, today), hand_written(province, today)
    assert orm_rows == sql_rows, (orm_rows, sql_rows)
    orm, raw = [], []
    for _ in range(repeat):  # alternating, so that the machine's noise falls on both alike
        start = time.perf_counter()
        dimension_rollup(tasks, today)
        orm.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        hand_written(province, today)
        raw.append((time.perf_counter() - start) * 1000)
    ratios = [o / r for o, r in zip(orm, raw, strict=True)]
    o, r = summary(orm), summary(raw)
    print(f"{province.name}: {tasks.count()} tasks; {repeat} alternating runs")
    print("| measure | median (ms) | p95 (ms) |\n|---|---|---|")
    print(f"| ORM roll-up (`dimension_rollup`) | {o['median_ms']:.1f} | {o['p95_ms']:.1f} |")
    print(f"| hand-written SQL | {r['median_ms']:.1f} | {r['p95_ms']:.1f} |")
    print(f"\nORM / SQL: median of the run-by-run ratios {statistics.median(ratios):.2f} (goal ≤ 1.5)")
    if args.explain:
        with connection.cursor() as cursor:
            params = {"path": province.path, "below": province.path + ".%", "today": today}
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + SQL, params)
            print("\n" + "\n".join(row[0] for row in cursor.fetchall()))


if __name__ == "__main__":
    main()
