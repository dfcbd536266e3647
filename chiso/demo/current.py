"""This year's plan in the current hierarchy (issue 14): since 1/7/2025 there are 34 provinces and 3,321 communes and
no district level. The new Tỉnh Hưng Yên issues its PAPI plan of the current year and three of its wards carry it out
— one issued on time, one late, one still drafting past the deadline — with tasks due around the day the demo is
loaded (``timezone.localdate()``), so a new user sees on-time, due-soon and late states, not only 2025 history.
Also: the pilot hamlets of the Vĩnh Châu plan (seed 002) and the province plan's indicator responsibilities.
Idempotent; runs after the demo world."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chiso.accounts.models import Membership, User
from chiso.core import workdays
from chiso.core.audit import record_created
from chiso.indices.models import Dimension, Indicator, SubDimension
from chiso.plans import services
from chiso.plans.models import Plan, ProgressUpdate, Responsibility, Task, TaskAgency
from chiso.units.models import AdministrativeUnit, Agency

from .world import demo_user, demo_village

A = Agency.Kind
R = Membership.Role
PROVINCE = "33"  # the new Tỉnh Hưng Yên (Hưng Yên and Thái Bình)
WARDS = ["12103", "12127", "12133"]  # Phường Mỹ Hào, Phường Thượng Hồng, Phường Đường Hào
PROVINCE_AGENCIES = [
    ("UBND tỉnh Hưng Yên", A.COMMITTEE),
    ("Sở Nội vụ", A.OFFICE),
    ("Sở Tư pháp", A.OFFICE),
    ("Văn phòng UBND tỉnh", A.OFFICE),
    ("Sở Khoa học và Công nghệ", A.OFFICE),
    ("Thanh tra tỉnh", A.OFFICE),
    ("Ủy ban MTTQ Việt Nam tỉnh", A.FRONT),
]
# username, full name, position, unit code, agency, role
USERS = [
    ("hy2026.coordinator", "Phạm Thu Trang", "Chuyên viên Sở Nội vụ", PROVINCE, "Sở Nội vụ", R.COORDINATOR),
    ("hy2026.leader", "Nguyễn Hữu Nghĩa", "Phó Chủ tịch UBND tỉnh", PROVINCE, "UBND tỉnh Hưng Yên", R.LEADER),
    ("hy2026.officer", "Đào Văn Khánh", "Chuyên viên Sở Tư pháp", PROVINCE, "Sở Tư pháp", R.OFFICER),
    (
        "myhao2026.coordinator",
        "Lương Thị Hạnh",
        "Chuyên viên Văn phòng HĐND và UBND phường",
        "12103",
        "Văn phòng HĐND và UBND",
        R.COORDINATOR,
    ),
    ("myhao2026.leader", "Vũ Đức Long", "Chủ tịch UBND phường", "12103", "UBND phường Mỹ Hào", R.LEADER),
]
TITLE = "Kế hoạch cải thiện, nâng cao Chỉ số PAPI tỉnh Hưng Yên năm {year}"
# (number, activity, lead, coordinating, due in calendar days from today (None: "Thường xuyên"), percent,
#  the progress entry's date in days before today, recorded only today (back-dated) or on that day)
TASKS = [
    ("1", "Quán triệt, phổ biến Kế hoạch đến các sở, ngành và UBND các xã, phường", "Sở Nội vụ", ["wards"],
     -30, 100, 32, False),
    ("2", "Niêm yết công khai danh sách hộ nghèo, hộ cận nghèo tại trụ sở UBND xã, phường và nhà văn hóa khu dân cư",
     "wards", ["Sở Nội vụ"], -20, 100, 22, True),
    ("3", "Rà soát, cập nhật thủ tục hành chính trên Cổng dịch vụ công của tỉnh", "Sở Nội vụ",
     ["Văn phòng UBND tỉnh", "Sở Khoa học và Công nghệ"], -5, 40, 9, False),
    ("4", "Tổ chức hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với Nhân dân", "wards",
     ["Ủy ban MTTQ Việt Nam tỉnh"], 3, 60, 4, False),
    ("5", "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở trên Cổng thông tin điện tử tỉnh", "Sở Tư pháp",
     ["Văn phòng UBND tỉnh"], 8, 20, 2, False),
    ("6", "Kiểm tra công tác tiếp công dân, giải quyết khiếu nại, tố cáo tại các xã, phường", "Thanh tra tỉnh",
     ["Sở Nội vụ"], 60, 0, None, False),
    ("7", "Theo dõi, đôn đốc việc thực hiện Kế hoạch; tổng hợp báo cáo UBND tỉnh", "Sở Nội vụ", [],
     None, 0, None, False),
]  # fmt: skip
# The PAPI dimensions each task serves (the appendix's last column; the roll-up by dimension reads them).
TASK_DIMENSIONS = {"1": ["D1", "D2"], "2": ["D2"], "3": ["D5", "D8"], "4": ["D3"], "5": ["D1"], "6": ["D3", "D4"]}
# indicator or sub-dimension code → (lead, coordinating)
RESPONSIBILITIES = [
    ("D1.1", "Sở Nội vụ", ["Ủy ban MTTQ Việt Nam tỉnh"]),
    ("D2.2", "Sở Nội vụ", ["UBND phường Mỹ Hào"]),
    ("D3.1", "Thanh tra tỉnh", []),
    ("D4.3.x1", "Thanh tra tỉnh", ["Sở Nội vụ"]),
    ("D6.1", "Văn phòng UBND tỉnh", []),
    ("D8.1", "Sở Khoa học và Công nghệ", ["Văn phòng UBND tỉnh"]),
]
PILOTS = ["31798-01", "31798-02", "31783-01", "31783-02"]  # ấp Vĩnh Biên, ấp Ca Lạc (Lạc Hòa); Khóm 1, 2 (Phường 1)
# Residential quarters of Phường Mỹ Hào (made-up numbering; the reference data stops at communes): the ward's plan
# pilots the first two, and its task 2 (posting the poor households' list) is carried out there.
WARD_QUARTERS = [("01", "Khu phố 1"), ("02", "Khu phố 2"), ("03", "Khu phố 3")]


def _unit(code):
    return AdministrativeUnit.objects.current().filter(code=code).first()


def _agency(unit, name, kind, counts):
    agency = Agency.objects.filter(unit=unit, name=name).first()
    if agency is None:
        agency = Agency(unit=unit, name=name, kind=kind, aliases=[])
        agency.full_clean()
        agency.save()
        record_created(agency, None)
        counts["agencies"] += 1
    return agency


def _world(counts):
    province = _unit(PROVINCE)
    for name, kind in PROVINCE_AGENCIES:
        _agency(province, name, kind, counts)
    wards = [_unit(code) for code in WARDS]
    for ward in wards:
        committee = f"UBND {ward.name.replace('Phường', 'phường')}"
        _agency(ward, committee, A.COMMITTEE, counts)
        _agency(ward, "Văn phòng HĐND và UBND", A.OFFICE, counts)
        _agency(ward, "Phòng Văn hóa - Xã hội", A.OFFICE, counts)
    for suffix, name in WARD_QUARTERS:
        counts["pilot localities"] += demo_village(wards[0], suffix, name, kind="Khu phố")
    for username, full_name, position, code, agency_name, role in USERS:
        user = demo_user(username, full_name, position, counts)
        agency = Agency.objects.get(unit=_unit(code), name=agency_name)
        Membership.objects.get_or_create(user=user, agency=agency, role=role)
    return province, wards


def _pilots(counts):
    """The Vĩnh Châu plan's four pilot hamlets (seed 002), and its information tasks carried out there."""
    plan = Plan.objects.filter(unit__code="950", unit__era="legacy", year=2023).first()
    pilots = list(AdministrativeUnit.objects.legacy().filter(code__in=PILOTS))
    if plan is None or not pilots or plan.pilot_units.exists():
        return
    plan.pilot_units.set(pilots)
    for task in plan.tasks.filter(group__isnull=False, title__icontains="tuyên truyền"):
        task.pilot_units.set(pilots)
    counts["pilot localities"] += len(pilots)


def _date(today, days):
    return None if days is None else today + dt.timedelta(days=days)


@transaction.atomic
def load_current(stdout=None, today: dt.date | None = None) -> dict:
    counts = {"agencies": 0, "users": 0, "plans": 0, "pilot localities": 0}
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    if _unit(PROVINCE) is None or admin is None:
        return counts
    today = today or timezone.localdate()
    province, wards = _world(counts)
    _pilots(counts)
    year = today.year
    if Plan.objects.filter(unit=province, year=year, title=TITLE.format(year=year)).exists():
        return counts
    agencies = {a.name: a for a in province.agencies.all()}
    committees = [w.agencies.get(kind=A.COMMITTEE) for w in wards]
    issued_on = workdays.add_working_days(today, -25)
    plan = Plan.objects.create(
        unit=province,
        issuer=agencies["UBND tỉnh Hưng Yên"],
        year=year,
        title=TITLE.format(year=year),
        place="Hưng Yên",
        signer_name="Nguyễn Hữu Nghĩa",
        signer_title="PHÓ CHỦ TỊCH",
        recipients="Các sở, ban, ngành tỉnh;\nUBND các xã, phường;",
    )
    counts["plans"] += 1

    def names(items):
        found = []
        for item in items:
            found += committees if item == "wards" else [agencies.get(item) or Agency.objects.get(name=item)]
        return found

    dimensions = {d.code: d for d in Dimension.objects.filter(index__code="PAPI")}
    for position, (number, activity, lead, coordinating, due, *_rest) in enumerate(TASKS, start=1):
        due_on = _date(today, due)
        services.add_task(
            plan,
            actor=admin,
            audit=False,
            lead=names([lead]),
            coordinating=names(coordinating),
            number=number,
            title=activity,
            dimensions=[dimensions[c] for c in TASK_DIMENSIONS.get(number, []) if c in dimensions],
            timeframe_kind="ongoing" if due_on is None else "by_date",
            timeframe_text="Thường xuyên" if due_on is None else f"Trước ngày {due_on:%d/%m/%Y}",
            due_on=due_on,
            position=position * 10,
        )
    subs = {s.code: s for s in SubDimension.objects.filter(dimension__index__code="PAPI")}
    indicators = {i.code: i for i in Indicator.objects.filter(dimension__index__code="PAPI")}
    for position, (code, lead, coordinating) in enumerate(RESPONSIBILITIES, start=1):
        if code not in subs and code not in indicators:
            continue
        row = Responsibility.objects.create(
            plan=plan,
            subdimension=subs.get(code),
            indicator=indicators.get(code) if code not in subs else None,
            lead=names([lead])[0],
            position=position * 10,
        )
        row.coordinating.set(names(coordinating))
    leader = User.objects.get(username="hy2026.leader")
    plan = services.issue_plan(plan, actor=leader, code="45/KH-UBND", issued_on=issued_on)
    _progress(plan, today)
    _wards(plan, wards, admin, issued_on)
    record_created(plan, None)
    if stdout is not None:
        stdout.write(f"Kế hoạch năm nay / this year's plan: {plan}")
    return counts


def _progress(plan, today):
    """Progress as officials record it: done on time, done but recorded weeks later (back-dated beyond the plan's
    limit, so it counts as late), part-way."""
    for number, _activity, _lead, _coord, _due, percent, days_ago, backdated in TASKS:
        if days_ago is None:
            continue
        task = plan.tasks.get(number=number)
        stated = today - dt.timedelta(days=days_ago)
        recorded = today if backdated else stated
        counted = services.counted_from(stated, recorded_on=recorded, limit=plan.backdate_limit_days)
        done = percent == 100
        update = ProgressUpdate.objects.create(
            task=task,
            agency=task.agency_links.filter(role=TaskAgency.Role.LEAD).first().agency,
            reported_on=stated,
            counted_on=counted,
            status=ProgressUpdate.Status.COMPLETED if done else ProgressUpdate.Status.IN_PROGRESS,
            percent=percent,
            justification="" if done else "Đã triển khai tại một phần các đơn vị",
            description="Đã ban hành văn bản hướng dẫn và tổ chức thực hiện; có biên bản kèm theo."
            if done
            else "Đang triển khai theo kế hoạch.",
        )
        at = timezone.make_aware(dt.datetime.combine(recorded, dt.time(9)))
        ProgressUpdate.objects.filter(pk=update.pk).update(created_at=at, updated_at=at)
        Task.objects.filter(pk=task.pk).update(
            percent=percent, last_progress_on=stated, completed_on=counted if done else None
        )


# the chair who signs each ward's plan (Mỹ Hào's is the demo login myhao2026.leader)
WARD_SIGNERS = ["Vũ Đức Long", "Trần Quang Huy", "Lê Thị Mai"]


def _wards(plan, wards, admin, issued_on):
    """Phường Mỹ Hào issues its plan on time (approved by its chair, a demo login), Thượng Hồng late, Đường Hào is
    still drafting past the deadline. Each is signed by its chair, not by the administrator who loads the demo."""
    leader = User.objects.get(username="myhao2026.leader")
    for ward, issue_after, signer in zip(wards, (8, 20, None), WARD_SIGNERS, strict=True):
        child = services.create_plan_from_parent(plan, actor=admin, unit=ward)
        Plan.objects.filter(pk=child.pk).update(
            place=ward.short_name or ward.name, signer_name=signer, signer_title="CHỦ TỊCH"
        )
        child.refresh_from_db()
        if ward == wards[0]:
            quarters = list(ward.children.filter(code__in=[f"{ward.code}-{s}" for s, _n in WARD_QUARTERS[:2]]))
            child.pilot_units.set(quarters)
            child.tasks.get(number="2").pilot_units.set(quarters)
        if issue_after is not None:
            services.issue_plan(
                child,
                actor=leader if ward == wards[0] else admin,
                code=f"{12 + issue_after}/KH-UBND",
                issued_on=workdays.add_working_days(issued_on, issue_after),
            )


def login_section() -> tuple[str, list[tuple[str, str, str]]]:
    """This year's logins, as a section of the demo logins' table (:func:`chiso.demo.world.write_logins`)."""
    rows = []
    for username, _name, _position, code, agency, role in USERS:
        unit = _unit(code)
        rows.append((username, str(role.label), f"{agency}, {unit.name}" if unit else agency))
    return "Kế hoạch năm nay, đơn vị hiện nay (từ 1/7/2025) / this year's plan, current units:", rows
