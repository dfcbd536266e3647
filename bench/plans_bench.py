"""Plans at national scale: the plan page, a province's roll-up by dimension, "my tasks".

    DATABASE_URL=postgres://… .venv/bin/chiso bench-data --scale national   # after chiso load-reference
    DATABASE_URL=postgres://… .venv/bin/python bench/plans_bench.py [--smoke]

``--smoke`` (CI) loads the reference data and a smoke-size dataset when the database has none, and runs a few
iterations only.
"""

import argparse
import time
from io import StringIO

from _setup import summary, table, timed
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test import Client

from chiso.accounts.models import Membership, User
from chiso.indices.models import Dimension
from chiso.plans.models import Plan, Task
from chiso.plans.rollup import dimension_rollup
from chiso.units.models import AdministrativeUnit


def ensure_data(smoke):
    if not Dimension.objects.filter(index__code="PAPI").exists() or not AdministrativeUnit.objects.exists():
        call_command("load_reference", stdout=StringIO())
    if not Plan.objects.exists():
        call_command("bench_data", "--scale", "smoke" if smoke else "national", stdout=StringIO())


def user_with(username, agency, role):
    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": username})
    Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    ensure_data(args.smoke)
    repeat = 3 if args.smoke else 100
    rows = []

    # 1. The plan page of the plan with the most tasks (150 in the national data set's biggest plans, or fewer).
    plan = Plan.objects.annotate(n=Count("tasks")).order_by("-n").first()
    if plan.n < 150 and not args.smoke:
        extra = [
            Task(plan=plan, number=f"9.{i}", title="Bổ sung", position=90000 + i, timeframe_kind="ongoing")
            for i in range(150 - plan.n)
        ]
        Task.objects.bulk_create(extra)
        plan = Plan.objects.annotate(n=Count("tasks")).get(pk=plan.pk)
    committee = plan.unit.agencies.order_by("pk").first()
    coordinator = user_with("bench.coordinator", committee, "coordinator")
    client = Client()
    client.force_login(coordinator)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert client.get(f"/plans/{plan.pk}/").status_code == 200
    page = timed(lambda: client.get(f"/plans/{plan.pk}/"), repeat)
    rows.append((f"plan page, {plan.n} tasks ({len(queries)} queries), table cached", summary(page), "p95 < 150 ms"))

    def cold():
        cache.clear()  # the task table is rendered again: the first visit after any change to the plan's tasks
        client.get(f"/plans/{plan.pk}/")

    rows.append(
        (f"plan page, {plan.n} tasks, after a change (table rendered)", summary(timed(cold, repeat)), "p95 < 150 ms")
    )

    # 2. A province's progress roll-up by dimension over every plan in its subtree.
    province = AdministrativeUnit.objects.current().provinces().annotate(n=Count("plans")).order_by("-n").first()
    if province is None or not Plan.objects.filter(unit=province).exists():
        province = plan.unit
    tasks_q = Task.objects.filter(Q(plan__unit=province) | Q(plan__unit__path__startswith=province.path + "."))
    n_tasks = tasks_q.count()

    def rollup():
        return dimension_rollup(tasks_q)

    rows.append(
        (
            f"roll-up by dimension of {province.name} ({n_tasks} tasks)",
            summary(timed(rollup, max(3, repeat // 10))),
            "< 300 ms",
        )
    )

    # 3. "My tasks" of a district coordinator (legacy district of Hưng Yên, whose agencies lead many tasks).
    district = AdministrativeUnit.objects.filter(level="district", plans__isnull=False).first() or plan.unit
    office = district.agencies.order_by("pk").first()
    me = user_with("bench.district", office, "coordinator")
    mine = Client()
    mine.force_login(me)
    assert mine.get("/plans/tasks/mine/").status_code == 200
    rows.append(
        (
            f"my tasks of a coordinator of {district.name}",
            summary(timed(lambda: mine.get("/plans/tasks/mine/"), repeat)),
            "p95 < 150 ms",
        )
    )
    counts = f"{Plan.objects.count()} plans, {Task.objects.count()} tasks"
    print(f"Data: {counts}\n")
    print(table(rows))


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - started:.0f} s)")
