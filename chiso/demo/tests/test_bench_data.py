"""The reporting data of the benchmark on top of ``chiso bench-data --scale smoke``."""

from io import StringIO

from django.core.management import call_command

from chiso.demo import bench_reporting as benchdata
from chiso.plans.models import Plan
from chiso.plans.tests.conftest import papi  # noqa: F401 — the PAPI framework the plans generator needs
from chiso.reporting import services
from chiso.reporting.models import Period, Request, Submission, SubmissionLine
from chiso.units.tests.factories import UnitFactory


def test_smoke_scale(papi, admin_user):  # noqa: F811
    # given: a province, five communes and their plans
    province = UnitFactory(era="current", code="33", name="Tỉnh Hưng Yên", level="province")
    for i in range(5):
        UnitFactory(era="current", code=f"1210{i}", name=f"Phường {i}", level="commune", parent=province)
    call_command("bench_data", "--scale", "smoke", stdout=StringIO())
    # when: the reporting data are added
    counts = benchdata.build()
    # then: the communes' plans implement the province's, every plan reports on four quarters …
    assert counts["schedules"] == 6 and counts["periods"] == 24
    province_plan = Plan.objects.get(unit=province)
    assert Plan.objects.filter(parent=province_plan).count() == 5
    q3 = Period.objects.get(schedule__plan=province_plan, label__contains="III")
    below = q3.requests.filter(agency__unit__parent=province)
    assert below.count() == 5 and all(r.due_on == q3.unit_due_on for r in below)
    # … the status of each request mirrors its report, and the committees' reports carry their plans' tasks
    for request in Request.objects.exclude(status=Request.Status.PENDING):
        assert request.submissions.get().status == request.status
    accepted = Submission.objects.filter(request__in=below, status=Submission.Status.ACCEPTED)
    lines = SubmissionLine.objects.filter(submission__in=accepted)
    assert lines.count() == sum(
        Plan.objects.get(unit=s.request.agency.unit).tasks.filter(group__isnull=False).count() for s in accepted
    )
    # and consolidation reads them
    report = services.consolidate_report(q3, actor=admin_user)
    assert report.figures["tasks"] == lines.count()
