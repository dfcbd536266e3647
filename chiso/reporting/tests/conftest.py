"""A town's year of reporting: the town plan implements the province's; both report half-yearly."""

import datetime as dt

import pytest

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.reporting import services
from chiso.reporting.models import Cadence, Schedule, Window
from chiso.units.models import Agency
from chiso.units.tests.factories import AgencyFactory


@pytest.fixture
def town(world, district_coordinator, district_officer, commune_officer, province_coordinator):
    class T:
        pass

    t = T()
    t.ubnd_my_hao = AgencyFactory(name="UBND thị xã Mỹ Hào", unit=world.my_hao, kind=Agency.Kind.COMMITTEE)
    t.ward_coordinator = UserFactory(username="ward_coordinator")
    MembershipFactory(user=t.ward_coordinator, agency=world.vp_bach_sam, role=Membership.Role.COORDINATOR)
    t.chair = UserFactory(username="chu_tich_thi_xa", full_name="Nguyễn Văn Chủ", email="chutich@example.org")
    MembershipFactory(user=t.chair, agency=t.ubnd_my_hao, role=Membership.Role.LEADER)
    t.province_plan = PlanFactory(
        unit=world.hung_yen, year=2025, status=Plan.Status.ISSUED, code="01/KH-UBND", issued_on=dt.date(2025, 1, 2)
    )
    TaskFactory(plan=t.province_plan, lead=[world.so_noi_vu], title="Tổng hợp kết quả PAPI")
    t.plan = PlanFactory(
        unit=world.my_hao,
        parent=t.province_plan,
        year=2025,
        status=Plan.Status.ISSUED,
        code="03/KH-UBND",
        issued_on=dt.date(2025, 1, 3),
    )
    t.t1 = TaskFactory(
        plan=t.plan, number="1", lead=[world.thanh_tra], coordinating=[world.mttq], title="Tiếp công dân"
    )
    t.t2 = TaskFactory(plan=t.plan, number="2", lead=[world.phong_noi_vu], title="Đối thoại với người dân")
    t.province_schedule = services.create_schedule(
        Schedule(
            plan=t.province_plan,
            title="Báo cáo 6 tháng",
            cadence=Cadence.HALF_YEARLY,
            window=Window.CALENDAR,
            agency_due_days=10,
            unit_due_days=15,
            recipient=world.so_noi_vu,
        ),
        actor=province_coordinator,
        today=dt.date(2025, 7, 1),
    )
    t.schedule = services.create_schedule(
        Schedule(
            plan=t.plan,
            title="Báo cáo 6 tháng và năm",
            cadence=Cadence.HALF_YEARLY,
            window=Window.CALENDAR,
            recipient=world.phong_noi_vu,
            metrics=[{"code": "dialogues", "label": "Số cuộc đối thoại đã tổ chức"}],
        ),
        actor=district_coordinator,
        today=dt.date(2025, 7, 1),
    )
    t.period = t.schedule.periods.get()
    return t
