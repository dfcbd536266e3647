"""This year's demo plan (``chiso.demo.current``) lives in the current units only: the new Tỉnh Hưng Yên and three
of its wards, with the ward's pilot quarters; loaded twice, it is there once."""

import datetime as dt
from io import StringIO

import pytest

from chiso.accounts.tests.factories import UserFactory
from chiso.demo import current
from chiso.plans.models import Plan
from chiso.units.models import AdministrativeUnit
from chiso.units.tests.factories import UnitFactory

TODAY = dt.date(2026, 11, 29)
REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def current_units(db):
    province = UnitFactory(
        era="current", code="33", name="Tỉnh Hưng Yên", kind="Tỉnh", level="province", valid_from=REFORM
    )
    for code, name in zip(current.WARDS, ("Phường Mỹ Hào", "Phường Thượng Hồng", "Phường Đường Hào"), strict=True):
        UnitFactory(
            era="current", code=code, name=name, kind="Phường", level="commune", parent=province, valid_from=REFORM
        )
    # the old town, ended on 30/6/2025: none of this year's plans may be its
    UnitFactory(code="328", name="Thị xã Mỹ Hào", level="district", valid_to=dt.date(2025, 6, 30))
    UserFactory(username="admin", is_superuser=True, is_staff=True)


def test_this_years_plan_is_in_current_units_with_the_wards_pilot_quarters(current_units):
    out = StringIO()
    counts = current.load_current(out, today=TODAY)
    plans = Plan.objects.filter(year=2026).select_related("unit")
    assert counts["plans"] == 1 and plans.count() == 4
    assert {p.unit.era for p in plans} == {"current"}
    assert not any(p.unit.ended_before(dt.date(2026, 1, 1)) for p in plans)
    ward_plan = plans.get(unit__code="12103")
    quarters = sorted(ward_plan.pilot_units.values_list("name", flat=True))
    assert quarters == ["Khu phố 1", "Khu phố 2"]
    assert sorted(ward_plan.tasks.get(number="2").pilot_units.values_list("name", flat=True)) == quarters
    assert AdministrativeUnit.objects.filter(parent=ward_plan.unit, level="village").count() == 3
    # each ward's plan is signed by its chair; Mỹ Hào's approved by its chair's demo login, not the administrator
    assert ward_plan.approved_by.username == "myhao2026.leader" and ward_plan.signer_name == "Vũ Đức Long"
    assert all(p.signer_title == "CHỦ TỊCH" and p.signer_name for p in plans.filter(unit__level="commune"))
    # loaded again: nothing doubles
    again = current.load_current(StringIO(), today=TODAY)
    assert again["plans"] == 0 and again["pilot localities"] == 0 and Plan.objects.filter(year=2026).count() == 4
