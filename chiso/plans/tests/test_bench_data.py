"""``chiso bench-data --scale smoke`` on a few current units built here."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from chiso.plans.models import Plan, ProgressUpdate, Task
from chiso.units.tests.factories import UnitFactory


def test_smoke_scale(papi):
    province = UnitFactory(era="current", code="33", name="Tỉnh Hưng Yên", level="province")
    for i in range(6):
        UnitFactory(era="current", code=f"1210{i}", name=f"Phường {i}", level="commune", parent=province)
    out = StringIO()
    call_command("bench_data", "--scale", "smoke", stdout=out)
    assert Plan.objects.count() == 6  # the province and five communes
    assert Plan.objects.filter(status="issued").count() == 6
    per_plan = Task.objects.filter(plan=Plan.objects.first()).count()
    assert 40 <= per_plan <= 56
    assert ProgressUpdate.objects.count() == 4 * Task.objects.filter(group__isnull=False).count()
    assert "plans: 6" in out.getvalue()


def test_refuses_without_reference_data(db):
    with pytest.raises(CommandError):
        call_command("bench_data", "--scale", "smoke", stdout=StringIO())
