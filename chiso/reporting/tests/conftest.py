"""A town's year of reporting: the town plan implements the province's; both report half-yearly."""

import datetime as dt

import pytest
from django.utils import timezone

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.indices.models import Dimension, Index
from chiso.plans.models import Plan, ProgressUpdate
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.reporting import services
from chiso.reporting.models import ConsolidatedReport
from chiso.units.models import Agency
from chiso.units.tests.factories import AgencyFactory

from .factories import half_yearly


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
    t.province_schedule = half_yearly(
        t.province_plan,
        actor=province_coordinator,
        recipient=world.so_noi_vu,
        agency_due_days=10,
        unit_due_days=15,
    )
    t.schedule = half_yearly(
        t.plan,
        actor=district_coordinator,
        recipient=world.phong_noi_vu,
        title="Báo cáo 6 tháng và năm",
        metrics=[{"code": "dialogues", "label": "Số cuộc đối thoại đã tổ chức"}],
    )
    t.period = t.schedule.periods.get()
    return t


def at(day, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def report(town, world, district_officer, district_coordinator):
    """Thanh tra's report (five tasks in four states) accepted, the ward's late and under review, Phòng Nội vụ
    missing; the town's report built and approved as 125/BC-UBND."""
    # given: tasks of Thanh tra in every state at the cut-off, one of them under dimension D3
    papi = Index.objects.create(code="PAPI", name_vi="PAPI")
    town.t1.dimensions.set([Dimension.objects.create(index=papi, code="D3", order=3, name_vi="Trách nhiệm giải trình")])
    TaskFactory(plan=town.plan, number="3", lead=[world.thanh_tra], completed_on=dt.date(2025, 5, 2))
    TaskFactory(
        plan=town.plan,
        number="4",
        lead=[world.thanh_tra],
        due_on=dt.date(2025, 3, 31),
        completed_on=dt.date(2025, 4, 9),
    )
    TaskFactory(plan=town.plan, number="5", lead=[world.thanh_tra], due_on=dt.date(2025, 3, 31))
    TaskFactory(plan=town.plan, number="6", lead=[world.thanh_tra], timeframe_kind="ongoing", due_on=None)
    ProgressUpdate.objects.create(
        task=town.t1, reported_on=dt.date(2025, 3, 10), percent=60, description="Tiếp 12 lượt"
    )
    thanh_tra = town.period.requests.get(agency=world.thanh_tra)
    draft = services.start_submission(thanh_tra, actor=district_officer)
    draft = services.save_draft(
        draft,
        actor=district_officer,
        loaded_version=draft.version,
        data={"metrics": {"dialogues": 4}, "difficulties": "Thiếu cán bộ", "proposals": "Bổ sung kinh phí"},
    )
    services.submit_submission(draft, actor=district_officer, now=at(dt.date(2025, 7, 3)))
    services.accept_submission(draft, actor=district_coordinator)
    ward = services.start_submission(town.period.requests.get(agency=world.ubnd_bach_sam), actor=town.ward_coordinator)
    ward = services.save_draft(
        ward, actor=town.ward_coordinator, loaded_version=ward.version, data={"metrics": {"dialogues": 1}}
    )
    services.submit_submission(ward, actor=town.ward_coordinator, now=at(dt.date(2025, 7, 8)))
    built = services.consolidate_report(town.period, actor=district_coordinator, today=dt.date(2025, 7, 10))
    # Written as the coordinator would on the report's page (services.update_report refuses a draft today:
    # full_clean() asks for approved_by, which a draft never has).
    ConsolidatedReport.objects.filter(pk=built.pk).update(next_steps="Tiếp tục đối thoại")
    services.send_report_for_approval(built, actor=district_coordinator)
    return services.approve_report(built, actor=town.chair, code="125/BC-UBND", report_date=dt.date(2025, 7, 12))
