"""The seeds' world for demonstration: Hưng Yên → thị xã Mỹ Hào → phường Bạch Sam and Phùng Chí Kiên;
Sóc Trăng → thị xã Vĩnh Châu and its 10 communes; their agencies as the seed plans name them; one user per
role at each level. Runs on top of ``chiso load-reference`` (the units must exist) and is idempotent.
"""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db import transaction

from chiso.accounts.models import Membership, User
from chiso.core.audit import record_created
from chiso.units.demo import demo_agency
from chiso.units.models import AdministrativeUnit, Agency

PASSWORD = "chiso-demo"
A = Agency.Kind

# (unit code, name, kind, aliases, parent agency name)
PROVINCE_AGENCIES = {
    "33": [
        ("UBND tỉnh Hưng Yên", A.COMMITTEE, ["Ủy ban nhân dân tỉnh Hưng Yên"], None),
        ("Sở Nội vụ", A.OFFICE, ["SNV"], None),
        ("Văn phòng UBND tỉnh", A.OFFICE, ["VP UBND tỉnh"], None),
        ("Thanh tra tỉnh", A.OFFICE, [], None),
        ("Ủy ban MTTQ Việt Nam tỉnh", A.FRONT, ["UBMTTQ tỉnh"], None),
    ],
    "94": [
        ("UBND tỉnh Sóc Trăng", A.COMMITTEE, ["Ủy ban nhân dân tỉnh Sóc Trăng"], None),
        ("Sở Nội vụ", A.OFFICE, ["SNV"], None),
    ],
}
DISTRICT_AGENCIES = {
    # Thị xã Mỹ Hào (seeds 000 and 001)
    "328": [
        ("UBND thị xã Mỹ Hào", A.COMMITTEE, ["UBND thị xã", "Ủy ban nhân dân thị xã"], None),
        ("HĐND thị xã Mỹ Hào", A.COUNCIL, ["HĐND thị xã"], None),
        ("Phòng Nội vụ", A.OFFICE, ["Phòng NV"], None),
        ("Phòng Tư pháp", A.OFFICE, [], None),
        ("Phòng Văn hóa và Thông tin", A.OFFICE, ["Phòng VH&TT", "Phòng VH-TT"], None),
        ("Phòng Tài chính - Kế hoạch", A.OFFICE, ["Phòng TC-KH"], None),
        ("Phòng Tài nguyên và Môi trường", A.OFFICE, ["Phòng TN&MT"], None),
        ("Thanh tra thị xã", A.OFFICE, [], None),
        ("Văn phòng HĐND và UBND thị xã", A.OFFICE, ["VP HĐND-UBND"], None),
        ("Ủy ban MTTQ Việt Nam thị xã", A.FRONT, ["UBMTTQ thị xã", "Mặt trận Tổ quốc thị xã"], None),
        ("Công an thị xã", A.OFFICE, [], None),
    ],
    # Thị xã Vĩnh Châu (seed 002: the 15 bodies of "Tổ chức thực hiện" and those its task table names)
    "950": [
        ("UBND thị xã Vĩnh Châu", A.COMMITTEE, ["UBND thị xã", "Ủy ban nhân dân thị xã"], None),
        ("Phòng Nội vụ", A.OFFICE, [], None),
        ("Phòng Tư pháp", A.OFFICE, [], None),
        ("Phòng Quản lý đô thị", A.OFFICE, [], None),
        ("Phòng Tài nguyên và Môi trường", A.OFFICE, [], None),
        ("Trung tâm Y tế thị xã", A.SERVICE_UNIT, [], None),
        ("Phòng Giáo dục và Đào tạo", A.OFFICE, [], None),
        ("Phòng Lao động - Thương binh và Xã hội", A.OFFICE, [], None),
        ("Phòng Tài chính – Kế hoạch", A.OFFICE, ["Phòng Tài chính - Kế hoạch"], None),
        ("Phòng Văn hóa và Thông tin", A.OFFICE, [], None),
        ("Thanh tra thị xã", A.OFFICE, [], None),
        ("Văn phòng HĐND và UBND thị xã", A.OFFICE, ["VP HĐND-UBND"], None),
        ("Công an thị xã", A.OFFICE, [], None),
        ("Ủy ban MTTQ Việt Nam thị xã", A.FRONT, ["UBND MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam thị xã"], None),
        ("Trung tâm Văn hóa - Thể thao - Truyền thanh", A.SERVICE_UNIT, [], None),
        ("Ban Biên tập Cổng thông tin điện tử thị xã", A.BOARD, [], None),
        ("Trung tâm Chính trị thị xã", A.SERVICE_UNIT, [], None),
    ],
}


def ward_agencies(kind_word: str, short: str):
    """A ward's bodies and the commune posts seed 001 gives tasks to ("công chức chuyên môn")."""
    committee = f"UBND {kind_word} {short}"
    return [
        (committee, A.COMMITTEE, ["UBND xã, phường", f"Ủy ban nhân dân {kind_word} {short}"], None),
        (f"HĐND {kind_word} {short}", A.COUNCIL, [], None),
        (f"Ủy ban MTTQ Việt Nam {kind_word}", A.FRONT, ["UBMTTQ"], None),
        ("Ban Thanh tra nhân dân", A.BOARD, [], None),
        ("Văn phòng - Thống kê", A.POST, ["Công chức Văn phòng - Thống kê", "Văn phòng"], committee),
        ("Văn hóa - Xã hội", A.POST, ["Công chức Văn hóa - Xã hội"], committee),
        ("Tư pháp - Hộ tịch", A.POST, ["Công chức Tư pháp - Hộ tịch"], committee),
        ("Địa chính - Xây dựng", A.POST, ["Công chức Địa chính - Xây dựng - Đô thị và Môi trường"], committee),
        ("Tài chính - Kế toán", A.POST, ["Công chức Tài chính - Kế toán"], committee),
        (f"Công an {kind_word}", A.OFFICE, [], None),
        ("Đoàn Thanh niên", A.MASS_ORG, [], None),
        ("Hội Liên hiệp Phụ nữ", A.MASS_ORG, [], None),
        ("Hội Nông dân", A.MASS_ORG, [], None),
        ("Hội Cựu chiến binh", A.MASS_ORG, [], None),
    ]


WARDS = {"12124": ("phường", "Bạch Sam"), "12130": ("phường", "Phùng Chí Kiên")}
VINH_CHAU_COMMUNES = ["31783", "31786", "31789", "31792", "31795", "31798", "31801", "31804", "31807", "31810"]
# Pilot hamlets of the Vĩnh Châu plan (seed 002): not a level of government, kept as village units.
PILOT_VILLAGES = [
    ("31798", "01", "Ấp Vĩnh Biên"),
    ("31798", "02", "Ấp Ca Lạc"),
    ("31783", "01", "Khóm 1"),
    ("31783", "02", "Khóm 2"),
]

R = Membership.Role
# username, full name, position, unit code, agency name, role
USERS = [
    ("hungyen.coordinator", "Nguyễn Thị Lan", "Chuyên viên Sở Nội vụ", "33", "Sở Nội vụ", R.COORDINATOR),
    ("hungyen.leader", "Trần Văn Hùng", "Phó Chủ tịch UBND tỉnh", "33", "UBND tỉnh Hưng Yên", R.LEADER),
    ("hungyen.inspector", "Lê Văn Bình", "Thanh tra viên", "33", "Thanh tra tỉnh", R.INSPECTOR),
    ("hungyen.supervisor", "Phạm Thị Hoa", "Ủy viên Ủy ban MTTQ tỉnh", "33", "Ủy ban MTTQ Việt Nam tỉnh", R.SUPERVISOR),
    ("hungyen.officer", "Đỗ Minh Tuấn", "Chuyên viên Văn phòng UBND tỉnh", "33", "Văn phòng UBND tỉnh", R.OFFICER),
    ("myhao.coordinator", "Vũ Thị Thu", "Chuyên viên Phòng Nội vụ", "328", "Phòng Nội vụ", R.COORDINATOR),
    ("myhao.leader", "Nguyễn Văn Dũng", "Chủ tịch UBND thị xã", "328", "UBND thị xã Mỹ Hào", R.LEADER),
    ("myhao.officer", "Hoàng Thị Mai", "Chuyên viên Phòng Tư pháp", "328", "Phòng Tư pháp", R.OFFICER),
    ("myhao.inspector", "Bùi Văn Nam", "Thanh tra viên", "328", "Thanh tra thị xã", R.INSPECTOR),
    (
        "myhao.supervisor",
        "Đặng Thị Hằng",
        "Phó Chủ tịch Ủy ban MTTQ thị xã",
        "328",
        "Ủy ban MTTQ Việt Nam thị xã",
        R.SUPERVISOR,
    ),
    (
        "bachsam.coordinator",
        "Nguyễn Thị Hương",
        "Công chức Văn phòng - Thống kê",
        "12124",
        "Văn phòng - Thống kê",
        R.COORDINATOR,
    ),
    ("bachsam.leader", "Trần Văn Quang", "Chủ tịch UBND phường", "12124", "UBND phường Bạch Sam", R.LEADER),
    ("bachsam.officer", "Lê Thị Ngọc", "Công chức Văn hóa - Xã hội", "12124", "Văn hóa - Xã hội", R.OFFICER),
    (
        "bachsam.supervisor",
        "Phạm Văn Tài",
        "Chủ tịch Ủy ban MTTQ phường",
        "12124",
        "Ủy ban MTTQ Việt Nam phường",
        R.SUPERVISOR,
    ),
    (
        "pck.coordinator",
        "Ngô Thị Thanh",
        "Công chức Văn phòng - Thống kê",
        "12130",
        "Văn phòng - Thống kê",
        R.COORDINATOR,
    ),
    ("pck.leader", "Vũ Văn Thắng", "Chủ tịch UBND phường", "12130", "UBND phường Phùng Chí Kiên", R.LEADER),
    ("pck.officer", "Đinh Thị Yến", "Công chức Tư pháp - Hộ tịch", "12130", "Tư pháp - Hộ tịch", R.OFFICER),
    ("soctrang.coordinator", "Lâm Thị Kim", "Chuyên viên Sở Nội vụ", "94", "Sở Nội vụ", R.COORDINATOR),
    ("vinhchau.coordinator", "Trương Văn Lợi", "Chuyên viên Phòng Nội vụ", "950", "Phòng Nội vụ", R.COORDINATOR),
    ("vinhchau.leader", "Thạch Văn Sơn", "Phó Chủ tịch UBND thị xã", "950", "UBND thị xã Vĩnh Châu", R.LEADER),
    ("vinhchau.officer", "Lý Thị Mỹ", "Chuyên viên Phòng Tư pháp", "950", "Phòng Tư pháp", R.OFFICER),
]
# One official who works for two wards, so the "act as" switcher has something to show.
EXTRA_MEMBERSHIPS = [("bachsam.officer", "12130", "Văn hóa - Xã hội", R.OFFICER)]

DEMO_LOGINS = [("admin", "Quản trị hệ thống / administrator", "—", "—")] + [
    (u, str(role.label), agency, code) for u, _n, _p, code, agency, role in USERS
]


def _unit(code: str) -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.legacy().filter(code=code).first()
    if unit is None:
        raise CommandError(
            "Chưa nạp dữ liệu tham chiếu: chạy `chiso load-reference` trước. / "
            "Reference data not loaded: run `chiso load-reference` first."
        )
    return unit


@transaction.atomic
def load_demo(stdout=None) -> dict:
    counts = {"agencies": 0, "villages": 0, "users": 0, "memberships": 0}
    for code, agencies in {**PROVINCE_AGENCIES, **DISTRICT_AGENCIES}.items():
        unit = _unit(code)
        for name, kind, aliases, parent in agencies:
            demo_agency(unit, name, kind, counts, parent_name=parent, aliases=aliases)
    for code, (kind_word, short) in WARDS.items():
        unit = _unit(code)
        for name, kind, aliases, parent in ward_agencies(kind_word, short):
            demo_agency(unit, name, kind, counts, parent_name=parent, aliases=aliases)
    for code in VINH_CHAU_COMMUNES:
        unit = _unit(code)
        committee = f"UBND {unit.name.replace('Phường', 'phường').replace('Xã', 'xã')}"
        demo_agency(unit, committee, A.COMMITTEE, counts, aliases=["UBND xã, phường"])
        office, alias = "Văn phòng - Thống kê", "Công chức Văn phòng - Thống kê"
        demo_agency(unit, office, A.POST, counts, parent_name=committee, aliases=[alias])
    for commune_code, suffix, name in PILOT_VILLAGES:
        counts["villages"] += demo_village(_unit(commune_code), suffix, name)
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User(username="admin", full_name="Quản trị hệ thống", is_superuser=True, is_staff=True)
        admin.set_password(PASSWORD)
        admin.save()
        counts["users"] += 1
    for username, full_name, position, code, agency_name, role in USERS:
        user = demo_user(username, full_name, position, counts)
        counts["memberships"] += _membership(user, code, agency_name, role)
    for username, code, agency_name, role in EXTRA_MEMBERSHIPS:
        counts["memberships"] += _membership(User.objects.get(username=username), code, agency_name, role)
    if stdout is not None:
        stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
    return counts


def demo_village(commune, suffix: str, name: str, kind: str = "") -> int:
    """A hamlet or quarter of ``commune`` ("Ấp Vĩnh Biên", "Khu phố 1"), coded "<commune>-<suffix>" (the reference
    data stops at communes), valid as long as its commune; returns 1 when it was made, 0 when it was there."""
    code = f"{commune.code}-{suffix}"
    if AdministrativeUnit.objects.filter(era=commune.era, code=code).exists():
        return 0
    village = AdministrativeUnit(
        era=commune.era,
        code=code,
        name=name,
        short_name=name,
        kind=kind or name.split()[0],
        level=AdministrativeUnit.Level.VILLAGE,
        parent=commune,
        valid_from=commune.valid_from,
        valid_to=commune.valid_to,
    )
    village.save()
    record_created(village, None)
    return 1


def demo_user(username, full_name, position, counts):
    """The demo user of that name, made once with the common password."""
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, position=position)
        user.set_password(PASSWORD)
        user.save()
        counts["users"] += 1
    return user


def _membership(user, code, agency_name, role) -> int:
    agency = Agency.objects.get(unit=_unit(code), name=agency_name)
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if created:
        record_created(membership, None)
    return int(created)


def login_rows() -> list[tuple[str, str, str]]:
    """(login, role, "agency, unit") of the seeds' world: the units before 1/7/2025."""
    codes = [code for *_r, code in DEMO_LOGINS[1:]]
    units = {u.code: u.name for u in AdministrativeUnit.objects.legacy().filter(code__in=codes)}
    rows = []
    for username, role, agency, code in DEMO_LOGINS[1:]:
        rows.append((username, role, f"{agency}, {units[code]}" if code in units else agency))
    return rows


def write_logins(stdout, sections) -> None:
    """The demo logins as one table that lines up in a terminal: ``sections`` is ``[(heading, rows)]`` with rows
    of (login, role, where); every column is as wide as its widest cell across all sections."""
    header = ("Tài khoản / login", "Vai trò / role", "Cơ quan, đơn vị / agency, unit")
    rows = [header] + [row for _heading, section in sections for row in section]
    widths = [max(len(row[i]) for row in rows) for i in (0, 1)]

    def line(row):
        return f"  {row[0].ljust(widths[0])}  {row[1].ljust(widths[1])}  {row[2]}".rstrip()

    stdout.write(f"Tài khoản dùng thử / demo logins — mật khẩu chung / password: {PASSWORD}")
    stdout.write(line(header))
    stdout.write(line(("-" * widths[0], "-" * widths[1], "-" * len(header[2]))))
    for heading, section in sections:
        stdout.write(heading)
        for row in section:
            stdout.write(line(row))


def print_logins(stdout, *more_sections) -> None:
    """The seeds' world's logins, then ``more_sections`` (this year's plan in the current units), one table."""
    sections = [
        ("Quản trị / administration:", [("admin", "Quản trị hệ thống", "—")]),
        ("Kế hoạch mẫu 2023–2025, đơn vị trước 1/7/2025 / seed plans, units before 1/7/2025:", login_rows()),
    ]
    write_logins(stdout, [*sections, *more_sections])
