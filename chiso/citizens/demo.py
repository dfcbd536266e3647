"""Demo records of the citizens' side, after the seeds' world: the wards as they exist since 1/7/2025.

The seeds' wards were merged on 1/7/2025 (Phùng Chí Kiên into phường Đường Hào, Bạch Sam into phường Thượng Hồng),
so their portals send new feedback to these current wards. Here the current wards and province get their committee
and standing office, and the seeds' officials a role there (the same people carried on after the merger), so that
every item has someone answerable. A few items show the inbox and the portal at work. Idempotent: units and users are
looked up by code and username, agencies by name, items by their form key.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from chiso.accounts.models import Membership, User
from chiso.core.audit import record_created
from chiso.units.demo import demo_agency
from chiso.units.models import AdministrativeUnit, Agency

from . import services
from .models import Feedback, FeedbackCategory

A = Agency.Kind
R = Membership.Role

# current unit code → [(agency name, kind, parent agency name)]
AGENCIES = {
    "33": [("UBND tỉnh Hưng Yên", A.COMMITTEE, None), ("Sở Nội vụ", A.OFFICE, None)],
    "12133": [
        ("UBND phường Đường Hào", A.COMMITTEE, None),
        ("Văn phòng HĐND và UBND phường", A.OFFICE, "UBND phường Đường Hào"),
    ],
    "12127": [
        ("UBND phường Thượng Hồng", A.COMMITTEE, None),
        ("Văn phòng HĐND và UBND phường", A.OFFICE, "UBND phường Thượng Hồng"),
    ],
}
# username, current unit code, agency name, role
ROLES = [
    ("hungyen.coordinator", "33", "Sở Nội vụ", R.COORDINATOR),
    ("hungyen.leader", "33", "UBND tỉnh Hưng Yên", R.LEADER),
    ("pck.coordinator", "12133", "Văn phòng HĐND và UBND phường", R.COORDINATOR),
    ("pck.officer", "12133", "Văn phòng HĐND và UBND phường", R.OFFICER),
    ("pck.leader", "12133", "UBND phường Đường Hào", R.LEADER),
    ("bachsam.coordinator", "12127", "Văn phòng HĐND và UBND phường", R.COORDINATOR),
    ("bachsam.officer", "12127", "Văn phòng HĐND và UBND phường", R.OFFICER),
    ("bachsam.leader", "12127", "UBND phường Thượng Hồng", R.LEADER),
]
# form key, portal code (era), category, subject, text
ITEMS = [
    (
        "demo-citizens-1",
        ("12133", "current"),
        "dich-vu-cong",
        "Đèn chiếu sáng ngõ 12 khu phố Nhân Hòa hỏng",
        "Ba bóng đèn ngõ 12 hỏng từ đầu tháng, buổi tối người dân đi lại rất khó khăn.",
    ),
    (
        "demo-citizens-2",
        ("12130", "legacy"),
        "thu-tuc-hanh-chinh",
        "Hồ sơ cấp đổi giấy chứng nhận quá hẹn",
        "Hồ sơ nộp tại bộ phận một cửa phường Phùng Chí Kiên cũ từ tháng trước, đến nay chưa có kết quả.",
    ),
    (
        "demo-citizens-3",
        ("12124", "legacy"),
        "moi-truong",
        "Rác thải tồn đọng ven kênh T3",
        "Rác tồn đọng ven kênh T3 gần chợ, bốc mùi, đề nghị thu gom.",
    ),
]


def _unit(code, era="current"):
    return AdministrativeUnit.objects.filter(era=era, code=code).first()


@transaction.atomic
def load_demo(stdout=None) -> dict:
    counts = {"agencies": 0, "current roles": 0, "feedback": 0, "without an answerable owner": 0}
    for code, agencies in AGENCIES.items():
        unit = _unit(code)
        if unit is None:  # reference data without the current hierarchy: nothing to set up
            return {}
        for name, kind, parent in agencies:
            demo_agency(unit, name, kind, counts, parent_name=parent)
    counts["current agencies"] = counts.pop("agencies")
    for username, code, agency_name, role in ROLES:
        user = User.objects.filter(username=username).first()
        agency = Agency.objects.filter(unit=_unit(code), name=agency_name).first()
        if user is None or agency is None:
            continue
        membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
        if created:
            record_created(membership, None)
            counts["current roles"] += 1
    today = timezone.localdate()
    for key, (code, era), category_code, subject, text in ITEMS:
        unit = _unit(code, era)
        category = FeedbackCategory.objects.filter(code=category_code).first()
        if unit is None or category is None or Feedback.objects.filter(submission_key=key).exists():
            continue
        services.submit_feedback(
            unit=unit,
            category=category,
            subject=subject,
            text=text,
            submission_key=key,
            received_on=today - dt.timedelta(days=3),
        )
        counts["feedback"] += 1
    services.escalate_unowned(on=today)
    counts["without an answerable owner"] = services.unowned().count()
    return counts
