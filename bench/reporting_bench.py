"""Reporting at national scale: consolidating a province, its reporting-rate page, a report form with 60 tasks.

    DATABASE_URL=postgres://… .venv/bin/chiso bench-data --scale national   # after chiso load-reference
    DATABASE_URL=postgres://… .venv/bin/python bench/reporting_bench.py [--smoke]

The reporting data (a quarterly schedule per plan, four periods, requests, submissions and their lines) are added
by ``chiso.demo.bench_reporting`` the first time. ``--smoke`` (CI) loads the reference data and a smoke-size
dataset when the database has none, and runs a few iterations only.
"""

import argparse
import time

from _setup import count_queries, ensure_plans, summary, table, timed
from django.db.models import Count
from django.test import Client

from chiso.accounts.models import Membership, User
from chiso.demo import bench_reporting as benchdata
from chiso.plans.models import Plan, Task, TaskAgency
from chiso.reporting import services
from chiso.reporting.models import ConsolidatedReport, Period, Request, Schedule, Submission, SubmissionLine
from chiso.units.models import AdministrativeUnit, Agency


def ensure_data(smoke):
    ensure_plans(smoke)
    if not Schedule.objects.exists():
        started = time.perf_counter()
        counts = benchdata.build()
        print(f"Reporting data: {counts} ({time.perf_counter() - started:.0f} s)\n")


def user_with(username, agency, role):
    user, _ = User.objects.get_or_create(username=username, defaults={"full_name": username})
    Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return user


def form_with_tasks(plan, coordinator, n=60):
    """A report form of one agency with ``n`` tasks: a working group of the unit leads ``n`` tasks of the plan,
    an ad-hoc period asks for its report, and its officer opens the report (pre-filled through the service)."""
    schedule = plan.schedules.get()
    agency, _ = Agency.objects.get_or_create(
        unit=plan.unit, name="Tổ công tác PAPI (benchmark)", defaults={"kind": Agency.Kind.OFFICE}
    )
    TaskAgency.objects.filter(agency=agency).delete()
    tasks = list(Task.objects.filter(plan=plan, group__isnull=False).order_by("position")[:n])
    group = Task.objects.filter(plan=plan, group__isnull=True).first()
    tasks += [  # a smoke plan may have fewer tasks than that
        Task.objects.create(
            plan=plan, group=group, number=f"9.{i}", title="Bổ sung", position=90000 + i, timeframe_kind="ongoing"
        )
        for i in range(n - len(tasks))
    ]
    TaskAgency.objects.bulk_create([TaskAgency(task=t, agency=agency, role="lead") for t in tasks])
    schedule.reporters.add(agency)
    cutoff_end = Period.objects.filter(schedule=schedule).order_by("-cutoff_end").first().cutoff_end
    period = services.open_ad_hoc_period(
        schedule,
        actor=coordinator,
        label="Báo cáo đột xuất (benchmark)",
        cutoff_start=cutoff_end.replace(month=1, day=1),
        cutoff_end=cutoff_end,
        due_on=cutoff_end,
    )
    officer = user_with(f"bench.officer.{agency.pk}", agency, "officer")
    submission = services.start_submission(period.requests.get(agency=agency), actor=officer)
    return submission, officer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    ensure_data(args.smoke)
    repeat = 3 if args.smoke else 50
    rows = []

    # The province whose plan has the most units reporting to it; its coordinator sits in its office.
    schedule = (
        Schedule.objects.filter(plan__unit__in=AdministrativeUnit.objects.current().provinces())
        .annotate(n=Count("reporters"))
        .order_by("-n", "pk")
        .select_related("plan__unit", "recipient")
        .first()
    )
    province = schedule.plan.unit
    coordinator = user_with("bench.reporting.coordinator", schedule.recipient, "coordinator")
    periods = list(schedule.periods.filter(is_ad_hoc=False).order_by("cutoff_end"))
    settled, current = periods[2], periods[-1]

    # 1. Consolidating the province's third quarter (every unit's report settled): the first build, then rebuilds.
    ConsolidatedReport.objects.filter(period=settled).delete()
    report = None

    def consolidate():
        nonlocal report
        report = services.consolidate_report(settled, actor=coordinator)

    n_lines = SubmissionLine.objects.filter(
        submission__request__period=settled, submission__status=Submission.Status.ACCEPTED
    ).count()
    rows.append(
        (
            f"consolidate {province.name}, {settled.label}: {report_size(settled)} reports, {n_lines} task lines",
            summary(timed(consolidate, 2 if args.smoke else 5)),
            "< 5 s",
        )
    )

    # 2. The reporting-rate page of the province's current quarter (its agencies and the units below).
    client = Client()
    client.force_login(coordinator)
    url = f"/reporting/periods/{current.pk}/"
    assert client.get(url).status_code == 200
    n_queries = count_queries(lambda: client.get(url))
    n_requests = current.requests.count()
    rows.append(
        (
            f"reporting-rate page `{url}` of {province.name}, {current.label}: {n_requests} agencies "
            f"({n_queries} queries)",
            summary(timed(lambda: client.get(url), repeat)),
            "< 300 ms",
        )
    )
    api = f"/api/v1/reporting/periods/{current.pk}/rate/"
    assert client.get(api).status_code == 200
    rows.append(
        (f"the same figures and rows from `{api}`", summary(timed(lambda: client.get(api), repeat)), "< 300 ms")
    )

    # 3. A report form with 60 tasks, opened by the officer of the agency.
    plan = (
        Plan.objects.filter(parent=schedule.plan).annotate(n=Count("tasks")).order_by("-n", "pk").first()
        or schedule.plan
    )
    commune_coordinator = user_with(f"bench.coordinator.{plan.unit_id}", plan.schedules.get().recipient, "coordinator")
    submission, officer = form_with_tasks(plan, commune_coordinator)
    form = Client()
    form.force_login(officer)
    page = f"/reporting/submissions/{submission.pk}/"
    assert form.get(page).status_code == 200
    n_queries = count_queries(lambda: form.get(page))
    rows.append(
        (
            f"report form `{page}` with {submission.lines.count()} tasks ({n_queries} queries)",
            summary(timed(lambda: form.get(page), repeat)),
            "< 200 ms",
        )
    )
    api = f"/api/v1/reporting/submissions/{submission.pk}/"
    assert form.get(api).status_code == 200
    rows.append((f"the same report from `{api}`", summary(timed(lambda: form.get(api), repeat)), "< 200 ms"))

    counts = (
        f"{Plan.objects.count()} plans, {Schedule.objects.count()} schedules, {Period.objects.count()} periods, "
        f"{Request.objects.count()} requests, {Submission.objects.count()} reports, "
        f"{SubmissionLine.objects.count()} report lines"
    )
    print(f"Data: {counts}\n")
    print(table(rows))


def report_size(period):
    return period.requests.filter(status=Request.Status.ACCEPTED).count()


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"\n({time.perf_counter() - started:.0f} s)")
