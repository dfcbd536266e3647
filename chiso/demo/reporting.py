"""The demo year of seed 001 (Phùng Chí Kiên ward, 2025; SCENARIOS.md §A) up to the half-year report:
thị xã Mỹ Hào's plan 03/KH-UBND, the ward's plan 15/KH-UBND with measures given to the ward's posts, progress
recorded in the first half, both levels' half-yearly schedules (calendar windows, due 05/7 and 05/01), and the
posts' half-year reports — accepted, returned with a comment, or not yet sent — ready for the ward's office to
consolidate. Runs after the demo world (``chiso.demo.world.load_demo``) and is idempotent."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chiso.accounts.models import User
from chiso.indices.models import Dimension
from chiso.plans.models import Plan, ProgressUpdate, Task, TaskAgency
from chiso.reporting import services
from chiso.reporting.models import Schedule
from chiso.units.models import AdministrativeUnit, Agency

TOWN, WARD = "328", "12130"
# (number, measure, lead post, PAPI dimension, what was done in the first half of 2025)
MEASURES = [
    (
        "1.1",
        "Tổ chức hội nghị đối thoại giữa Chủ tịch UBND phường với Nhân dân",
        "Văn phòng - Thống kê",
        "D1",
        "Tổ chức 01 hội nghị đối thoại ngày 15/4/2025 với 120 người dân tham dự",
    ),
    (
        "1.2",
        "Công khai danh sách hộ nghèo, cận nghèo tại nhà văn hóa các khu phố",
        "Văn hóa - Xã hội",
        "D2",
        "Niêm yết danh sách hộ nghèo, cận nghèo năm 2025 tại 6/6 nhà văn hóa khu phố",
    ),
    (
        "1.3",
        "Tiếp nhận, trả lời phản ánh, kiến nghị của người dân đúng hạn",
        "Văn phòng - Thống kê",
        "D3",
        "Tiếp nhận 18 phản ánh, kiến nghị; đã trả lời 17, đúng hạn 16",
    ),
    (
        "1.4",
        "Công khai các khoản thu, chi tài chính ngân sách phường",
        "Tài chính - Kế toán",
        "D4",
        "Công khai dự toán ngân sách năm 2025 tại trụ sở UBND phường và trên trang thông tin điện tử",
    ),
    (
        "1.5",
        "Giải quyết thủ tục hành chính về hộ tịch đúng hạn, không để hồ sơ trễ hẹn",
        "Tư pháp - Hộ tịch",
        "D6",
        "Giải quyết 412 hồ sơ hộ tịch, 100% đúng hạn",
    ),
    (
        "1.6",
        "Tuyên truyền, hướng dẫn người dân nộp hồ sơ trực tuyến",
        "Văn hóa - Xã hội",
        "D8",
        "Tổ chức 02 buổi hướng dẫn nộp hồ sơ trực tuyến tại bộ phận một cửa",
    ),
    ("1.7", "Kiểm tra việc thu gom, xử lý rác thải sinh hoạt tại các khu phố", "Địa chính - Xây dựng", "D7", ""),
]


def _unit(code):
    return AdministrativeUnit.objects.legacy().get(code=code)


def _user(username):
    return User.objects.get(username=username)


@transaction.atomic
def load_demo_reporting(today: dt.date | None = None) -> dict:
    """Load the demo reporting year once; returns what was created (nothing when it is there already or the
    demo world is missing)."""
    if not User.objects.filter(username="pck.coordinator").exists():
        return {}
    town, ward = _unit(TOWN), _unit(WARD)
    if Plan.objects.filter(unit=ward, year=2025, code="15/KH-UBND").exists():
        return {}
    agencies = {a.name: a for a in Agency.objects.filter(unit=ward)}
    town_agencies = {a.name: a for a in Agency.objects.filter(unit=town)}
    dims = {d.code: d for d in Dimension.objects.filter(index__code="PAPI")}
    town_plan = Plan.objects.create(
        unit=town,
        issuer=town_agencies["UBND thị xã Mỹ Hào"],
        year=2025,
        code="03/KH-UBND",
        title="Kế hoạch nâng cao Chỉ số Hiệu quả quản trị và hành chính công (PAPI) thị xã Mỹ Hào năm 2025",
        status=Plan.Status.ISSUED,
        issued_on=dt.date(2025, 1, 3),
    )
    town_task = Task.objects.create(
        plan=town_plan,
        number="1",
        position=10,
        title="Các phường, xã xây dựng và triển khai kế hoạch nâng cao Chỉ số PAPI năm 2025",
        timeframe_kind="year",
        timeframe_text="Năm 2025",
        start_on=dt.date(2025, 1, 1),
        due_on=dt.date(2025, 12, 31),
    )
    for name in ("UBND phường Phùng Chí Kiên", "UBND phường Bạch Sam"):
        committee = Agency.objects.filter(name=name).first()
        if committee:
            TaskAgency.objects.create(task=town_task, agency=committee, role=TaskAgency.Role.LEAD)
    ward_plan = Plan.objects.create(
        unit=ward,
        parent=town_plan,
        issuer=agencies["UBND phường Phùng Chí Kiên"],
        year=2025,
        code="15/KH-UBND",
        title="Kế hoạch nâng cao Chỉ số PAPI phường Phùng Chí Kiên năm 2025",
        status=Plan.Status.ISSUED,
        issued_on=dt.date(2025, 1, 21),
    )
    officer = _user("pck.coordinator")
    for i, (number, title, post, dim, done) in enumerate(MEASURES):
        task = Task.objects.create(
            plan=ward_plan,
            implements=town_task,
            number=number,
            position=(i + 1) * 10,
            title=title,
            timeframe_kind="ongoing",
            timeframe_text="Thường xuyên",
        )
        if dim in dims:
            task.dimensions.add(dims[dim])
        TaskAgency.objects.create(task=task, agency=agencies[post], role=TaskAgency.Role.LEAD)
        TaskAgency.objects.create(
            task=task, agency=agencies["Ủy ban MTTQ Việt Nam phường"], role=TaskAgency.Role.COORDINATING
        )
        if done:
            ProgressUpdate.objects.create(
                task=task, agency=agencies[post], author=officer, reported_on=dt.date(2025, 5, 20), description=done
            )
    town_schedule = services.create_schedule(
        Schedule(
            plan=town_plan,
            title="Báo cáo kết quả thực hiện Kế hoạch nâng cao Chỉ số PAPI (6 tháng, năm)",
            cadence="half_yearly",
            window="calendar",
            agency_due_days=5,
            unit_due_days=5,
            recipient=town_agencies["Phòng Nội vụ"],
        ),
        actor=_user("myhao.coordinator"),
        today=today,
    )
    # Seed 001: the ward reports to the town before 05/7/2025 (data 01/01–30/6/2025) and 05/01/2026; the posts
    # report to the ward's office three days earlier.
    ward_schedule = services.create_schedule(
        Schedule(
            plan=ward_plan,
            title="Báo cáo 6 tháng, năm của các bộ phận chuyên môn",
            cadence="half_yearly",
            window="calendar",
            agency_due_days=2,
            unit_due_days=2,
            recipient=agencies["Văn phòng - Thống kê"],
            metrics=[
                {"code": "doi_thoai", "label": "Số cuộc đối thoại đã tổ chức"},
                {"code": "phan_anh_dung_han", "label": "Số phản ánh, kiến nghị được trả lời đúng hạn"},
            ],
        ),
        actor=officer,
        today=today,
    )
    first_half = ward_schedule.periods.filter(cutoff_end=dt.date(2025, 6, 30)).first()
    submitted = 0
    if first_half is not None:
        reviewer = officer
        for post, outcome, day in [
            ("Văn phòng - Thống kê", "accept", dt.date(2025, 7, 1)),
            ("Văn hóa - Xã hội", "accept", dt.date(2025, 7, 2)),
            ("Tư pháp - Hộ tịch", "return", dt.date(2025, 7, 2)),
            ("Tài chính - Kế toán", "submit", dt.date(2025, 7, 4)),
        ]:
            request = first_half.requests.filter(agency=agencies[post]).first()
            if request is None:
                continue
            draft = services.start_submission(request, actor=officer)
            draft = services.save_draft(
                draft,
                actor=officer,
                loaded_version=draft.version,
                data={"metrics": {"doi_thoai": 1 if post == "Văn phòng - Thống kê" else 0, "phan_anh_dung_han": 16}},
            )
            now = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
            services.submit_submission(draft, actor=officer, now=now)
            if outcome == "accept":
                services.accept_submission(draft, actor=reviewer)
            elif outcome == "return":
                services.return_submission(
                    draft, actor=reviewer, comment="Đề nghị bổ sung số hồ sơ giải quyết trực tuyến."
                )
            submitted += 1
    return {
        "plans": 2,
        "schedules": 2,
        "periods": town_schedule.periods.count() + ward_schedule.periods.count(),
        "reports": submitted,
    }
