"""Reporting duties read from a plan become schedules that work: titled by cadence and recipient, asking the
agencies that lead tasks, following the plan's tasks and reporters into the periods still open (issue 13)."""

import datetime as dt

import pytest

from chiso.imports import services
from chiso.imports.reader import read_plan_lines
from chiso.plans import services as plans
from chiso.plans.tests.factories import PlanFactory
from chiso.reporting import services as reporting
from chiso.reporting.models import Request
from chiso.units.models import Agency
from chiso.units.tests.factories import AgencyFactory

from .conftest import PHUNG_CHI_KIEN

H1_OPEN = dt.date(2025, 6, 25)  # the first six months are open (ten days before their cut-off), the year is not


def imported(world, actor):
    record = services.start_import(
        unit=world.phung_chi_kien, actor=actor, name=PHUNG_CHI_KIEN.name, data=PHUNG_CHI_KIEN.read_bytes()
    )
    return services.confirm_import(record, actor=actor, choices={}, loaded_version=record.version)


def issued(plan, actor):
    return plans.issue_plan(plan, actor=actor, code=plan.code, issued_on=plan.issued_on)


class ReportersForm:
    """What the schedule page's form hands the service: the reporters chosen."""

    def __init__(self, schedule, reporters):
        self.schedule, self.cleaned_data = schedule, {"reporters": reporters}

    def save_m2m(self):
        self.schedule.reporters.set(self.cleaned_data["reporters"])


def asked(period):
    return set(Request.objects.filter(period=period).values_list("agency__name", flat=True))


def test_duties_become_schedules_titled_by_cadence_and_recipient_asking_the_agencies_that_lead(
    world, district_coordinator
):
    plan = imported(world, district_coordinator)
    schedules = {s.cadence: s for s in plan.schedules.all()}
    assert {c: s.title for c, s in schedules.items()} == {
        "half_yearly": "Báo cáo 6 tháng gửi UBND thị xã",
        "yearly": "Báo cáo năm gửi UBND thị xã",
    }
    leads = set(Agency.objects.filter(task_links__task__plan=plan, task_links__role="lead"))
    assert leads == {world.vp_pck}
    for schedule in schedules.values():
        assert set(schedule.reporters.all()) == leads  # "Phải báo cáo 1", not 0


def test_a_half_yearly_and_a_yearly_duty_make_the_first_half_and_the_year(world, district_coordinator, admin_user):
    plan = issued(imported(world, district_coordinator), admin_user)
    reporting.open_due_periods(today=dt.date(2026, 1, 2))
    labels = sorted(p.label for s in plan.schedules.all() for p in s.periods.all())
    assert len(labels) == 2 and not any("cuối" in label for label in labels), labels
    assert asked(plan.schedules.get(cadence="yearly").periods.get()) == {"Văn phòng - Thống kê"}


def test_the_schedule_update_test(world, district_coordinator, admin_user):
    """Changing a schedule's reporters, or the plan's tasks, changes what the periods still open ask."""
    plan = issued(imported(world, district_coordinator), admin_user)
    justice = AgencyFactory(name="Tư pháp - Hộ tịch", unit=world.phung_chi_kien, kind=Agency.Kind.POST)
    culture = AgencyFactory(name="Văn hóa - Xã hội", unit=world.phung_chi_kien, kind=Agency.Kind.POST)
    reporting.open_due_periods(today=H1_OPEN)
    half = plan.schedules.get(cadence="half_yearly")
    first = half.periods.get()
    assert asked(first) == {"Văn phòng - Thống kê"}

    # The coordinator adds a reporter on the schedule page: the open period asks it at once.
    reporting.update_schedule(
        half, actor=district_coordinator, loaded_version=half.version,
        m2m_form=ReportersForm(half, [world.vp_pck, justice]),
    )  # fmt: skip
    assert asked(first) == {"Văn phòng - Thống kê", "Tư pháp - Hộ tịch"}

    # … and takes one off: its request goes while nothing was submitted.
    half.refresh_from_db()
    reporting.update_schedule(
        half, actor=district_coordinator, loaded_version=half.version, m2m_form=ReportersForm(half, [justice])
    )
    assert asked(first) == {"Tư pháp - Hộ tịch"}

    # The plan is amended: a new task led by another post — it reports on the plan from the periods still open.
    plan = plans.amend_plan(plan, actor=admin_user, reason="Bổ sung nhiệm vụ")
    plans.add_task(plan, actor=district_coordinator, title="Niêm yết công khai thủ tục", lead=[culture],
                   timeframe_kind="ongoing")  # fmt: skip
    assert asked(first) == {"Tư pháp - Hộ tịch", "Văn hóa - Xã hội"}
    assert set(plan.schedules.get(cadence="yearly").reporters.all()) == {world.vp_pck, culture}
    # A closed period is not touched.
    reporting.set_period_status(first, actor=district_coordinator, status="closed")
    other = AgencyFactory(name="Địa chính - Xây dựng", unit=world.phung_chi_kien, kind=Agency.Kind.POST)
    plans.add_task(plan, actor=district_coordinator, title="Công khai quy hoạch", lead=[other],
                   timeframe_kind="ongoing")  # fmt: skip
    assert "Địa chính - Xây dựng" not in asked(first)


def test_committees_below_report_where_the_duty_names_them(world, vinh_chau):
    duty = {"text": "UBND các xã, phường báo cáo kết quả 6 tháng về UBND thị xã (qua Phòng Nội vụ)."}
    plan = PlanFactory(unit=world.vinh_chau, issuer=vinh_chau["UBND thị xã Vĩnh Châu"])
    names = {a.name for a in services.schedule_reporters(plan, duty)}
    assert names == {"UBND Phường 1", "UBND Phường 2"}
    assert services.schedule_reporters(plan, {"text": "Báo cáo 6 tháng gửi UBND tỉnh."}) == []


# A plan whose duties are under their own heading, as many plans write them (not sentences of "Tổ chức thực hiện").
WITH_A_REPORTING_HEADING = """ỦY BAN NHÂN DÂN
PHƯỜNG PHÙNG CHÍ KIÊN
Số: 21/KH-UBND
Phùng Chí Kiên, ngày 10 tháng 02 năm 2025
KẾ HOẠCH
Tuyên truyền nâng cao Chỉ số PAPI phường Phùng Chí Kiên năm 2025
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của cán bộ và Nhân dân về Chỉ số PAPI.
II. NỘI DUNG
1. Công khai, minh bạch
a) Niêm yết công khai danh sách hộ nghèo tại nhà văn hóa khu phố.
III. TỔ CHỨC THỰC HIỆN
1. Công chức Văn phòng - Thống kê
Chủ trì theo dõi, đôn đốc việc thực hiện; công khai, minh bạch các thông tin theo quy định.
{duty}
Nơi nhận:
- UBND thị xã;
- Lưu: VT.
"""


@pytest.mark.parametrize(
    "duty",
    [
        "2. Chế độ báo cáo\nCác bộ phận báo cáo kết quả thực hiện 6 tháng trước ngày 10/6/2025 và năm trước ngày "
        "10/12/2025 về UBND thị xã (qua Phòng Nội vụ).",
        "2. Chế độ báo cáo: Định kỳ 6 tháng (trước ngày 10/6/2025), hằng năm (trước ngày 10/12/2025) báo cáo kết "
        "quả về UBND thị xã.",
        "2. Chế độ thông tin, báo cáo\n- Báo cáo 6 tháng: trước ngày 10/6/2025.\n- Báo cáo năm: trước ngày "
        "10/12/2025.\nGửi về UBND thị xã qua Phòng Nội vụ.",
    ],
    ids=["sentence", "after-colon", "recipient-apart"],
)
def test_a_reporting_heading_makes_the_schedules_and_is_not_an_agency(duty, world, district_coordinator):
    result = read_plan_lines(WITH_A_REPORTING_HEADING.replace("{duty}", duty).splitlines())
    assert [(d["cadence"], d["due_on"], d["to"]) for d in result["reporting"]] == [
        ("semiannual", "2025-06-10", "UBND thị xã"),
        ("annual", "2025-12-10", "UBND thị xã"),
    ]
    assert [r["agency"] for r in result["responsibilities"]] == ["Công chức Văn phòng - Thống kê"]
    # confirmed: a half-year and a year schedule to the town, asking the post that leads the task
    data = WITH_A_REPORTING_HEADING.replace("{duty}", duty).encode()
    record = services.start_import(unit=world.phung_chi_kien, actor=district_coordinator, name="kh21.txt", data=data)
    plan = services.confirm_import(record, actor=district_coordinator, choices={}, loaded_version=record.version)
    schedules = {s.cadence: s for s in plan.schedules.all()}
    assert {c: s.title for c, s in schedules.items()} == {
        "half_yearly": "Báo cáo 6 tháng gửi UBND thị xã",
        "yearly": "Báo cáo năm gửi UBND thị xã",
    }
    for schedule in schedules.values():
        assert set(schedule.reporters.all()) == {world.vp_pck}


# "H1 + year, not H1 + H2 + year, unless the document asks for H2": a duty naming the last six months keeps them.
ASKS_FOR_THE_LAST_SIX_MONTHS = (
    "2. Chế độ thông tin, báo cáo\n- Báo cáo 6 tháng đầu năm: trước ngày 10/6/2025.\n- Báo cáo 6 tháng cuối năm: "
    "trước ngày 05/01/2026.\n- Báo cáo năm: trước ngày 10/12/2025.\nGửi về UBND thị xã qua Phòng Nội vụ."
)


@pytest.mark.parametrize(
    "text, asks",
    [
        ("Báo cáo 6 tháng cuối năm trước ngày 05/01/2026.", True),
        ("Báo cáo 06 tháng cuối năm trước ngày 05/01/2026.", True),
        ("bao cao 6 thang cuoi nam truoc ngay 05/01/2026", True),
        ("Báo cáo 6 tháng đầu năm và 6 tháng cuối năm gửi UBND thị xã.", True),
        ("Báo cáo sáu tháng đầu năm và cuối năm gửi UBND thị xã.", True),
        ("Báo cáo 6 tháng đầu năm trước ngày 05/7/2025.", False),
        ("Báo cáo kết quả 6 tháng đầu năm, phương hướng, nhiệm vụ 6 tháng cuối năm trước ngày 05/7/2025.", False),
        ("Báo cáo 6 tháng (kết quả và kế hoạch triển khai 6 tháng cuối năm) trước ngày 05/7/2025.", False),
        ("Báo cáo năm trước ngày 10/12/2025.", False),
    ],
)
def test_a_duty_names_the_last_six_months(text, asks):
    assert services.names_second_half(text) is asks


def test_a_document_asking_for_the_last_six_months_keeps_both_halves_beside_the_year(
    world, district_coordinator, admin_user
):
    data = WITH_A_REPORTING_HEADING.replace("{duty}", ASKS_FOR_THE_LAST_SIX_MONTHS).encode()
    record = services.start_import(unit=world.phung_chi_kien, actor=district_coordinator, name="kh21.txt", data=data)
    rows = {row["cadence"]: row["second_half"] for row in services.proposed_schedules(record.result)}
    assert rows == {"half_yearly": True, "yearly": False}
    assert services.check_schedules(services.proposed_schedules(record.result)) == services.proposed_schedules(
        record.result
    )
    plan = services.confirm_import(record, actor=district_coordinator, choices={}, loaded_version=record.version)
    half = plan.schedules.get(cadence="half_yearly")
    assert half.second_half is True
    plan = issued(plan, admin_user)
    reporting.open_due_periods(today=dt.date(2026, 1, 2))
    assert sorted(p.label for p in half.periods.all()) == ["6 tháng cuối năm 2025", "6 tháng đầu năm 2025"]
    assert plan.schedules.get(cadence="yearly").periods.count() == 1


def test_a_document_not_naming_them_proposes_the_first_half_only(world, district_coordinator):
    data = WITH_A_REPORTING_HEADING.replace(
        "{duty}",
        "2. Chế độ thông tin, báo cáo\n- Báo cáo kết quả 6 tháng đầu năm, phương hướng nhiệm vụ 6 tháng cuối năm: "
        "trước ngày 10/6/2025.\n- Báo cáo năm: trước ngày 10/12/2025.\nGửi về UBND thị xã qua Phòng Nội vụ.",
    ).encode()
    record = services.start_import(unit=world.phung_chi_kien, actor=district_coordinator, name="kh21.txt", data=data)
    assert [row["second_half"] for row in services.proposed_schedules(record.result)] == [False, False]
