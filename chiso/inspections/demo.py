"""Demo inspections: the town's inspection plan for thị xã Mỹ Hào with inspections in several states, built through
the services as the demo users would (``chiso load-demo`` runs this after the world; idempotent). Users and units
are looked up by username and code (the world of ``chiso.demo``)."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from chiso.core import workdays
from chiso.units.models import AdministrativeUnit, Agency

from . import services
from .models import Inspection, InspectionPlan, Remedy, Theme
from .themes import load_themes

User = get_user_model()
# A 1×1 PNG: the "photo" attached to a remedy report.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _back(today, days):
    return workdays.add_working_days(today, -days)


@transaction.atomic
def load_demo(stdout=None) -> dict:
    load_themes()  # a database emptied after the migrations (tests) has none
    today = timezone.localdate()
    year = today.year
    inspector = User.objects.filter(username="myhao.inspector").first()
    leader = User.objects.filter(username="myhao.leader").first()
    commune = User.objects.filter(username="bachsam.coordinator").first()
    my_hao = AdministrativeUnit.objects.legacy().filter(code="328").first()
    bach_sam = AdministrativeUnit.objects.legacy().filter(code="12124").first()
    pck = AdministrativeUnit.objects.legacy().filter(code="12130").first()
    if not all([inspector, leader, commune, my_hao, bach_sam, pck]):
        return {"inspections": 0}
    title = f"Kế hoạch kiểm tra công tác cải thiện Chỉ số PAPI năm {year}"
    if InspectionPlan.objects.filter(unit=my_hao, year=year, title=title).exists():
        return {"inspections": 0}
    thanh_tra = Agency.objects.filter(unit=my_hao, name="Thanh tra thị xã").first()
    vp_bach_sam = Agency.objects.get(unit=bach_sam, name="Văn phòng - Thống kê")
    vp_pck = Agency.objects.filter(unit=pck, name="Văn phòng - Thống kê").first()
    plan = services.create_plan(
        InspectionPlan(
            unit=my_hao,
            year=year,
            title=title,
            note="Kiểm tra việc thực hiện các nội dung thành phần Chỉ số PAPI tại các phường; "
            "chú trọng kiểm tra Bộ phận một cửa và việc công khai danh sách hộ nghèo.",
        ),
        actor=inspector,
    )

    def planned(theme, unit, agency, month):
        return services.plan_inspection(
            Inspection(
                plan=plan,
                unit=my_hao,
                theme=Theme.objects.get(code=theme),
                inspected_unit=unit,
                inspected_agency=agency,
                lead_agency=thanh_tra,
                year=year,
                planned_month=month,
            ),
            actor=inspector,
        )

    one_stop = planned("one-stop", bach_sam, vp_bach_sam, max(1, today.month - 1))
    poor = planned("poor-households", pck, vp_pck, min(12, today.month + 2))
    legal = planned("legal", bach_sam, None, max(1, today.month - 1))
    services.issue_plan(plan, actor=leader, code="05/KH-UBND", issued_on=_back(today, 40))

    team = [
        {"name": "Bùi Văn Nam", "position": "Thanh tra viên, Thanh tra thị xã", "role": "head", "user": inspector},
        {"name": "Vũ Thị Thu", "position": "Chuyên viên Phòng Nội vụ", "role": "member"},
    ]
    # The one-stop counter: under way, a finding whose remedy Bạch Sam has reported done (awaiting verification).
    start = _back(today, 20)
    services.decide_inspection(
        one_stop,
        actor=inspector,
        decision_number="21/QĐ-UBND",
        decision_date=_back(today, 22),
        start_on=start,
        end_on=workdays.add_working_days(start, 1),
        scope="Kiểm tra việc niêm yết, tiếp nhận và trả kết quả thủ tục hành chính tại Bộ phận một cửa.",
        team=team,
    )
    answers = list(one_stop.answers.all())
    services.answer_checklist(
        one_stop,
        actor=inspector,
        answers={
            a.pk: ("no" if a.position == 1 else "yes", "Chưa niêm yết mức phí chứng thực" if a.position == 1 else "")
            for a in answers
        },
    )
    finding = services.record_finding(
        one_stop,
        actor=inspector,
        text="Chưa niêm yết đầy đủ mức phí, lệ phí chứng thực tại Bộ phận một cửa.",
        severity="moderate",
        answer=answers[0],
        found_on=start,
    )
    remedy = services.assign_remedy(
        finding,
        actor=inspector,
        text="Niêm yết đầy đủ mức phí, lệ phí chứng thực tại Bộ phận một cửa.",
        agency=vp_bach_sam,
        deadline_days=10,
        evidence_expected="Ảnh chụp bảng niêm yết",
        assigned_on=start,
    )
    services.report_remedy(
        remedy,
        actor=commune,
        text="Đã niêm yết bổ sung mức phí, lệ phí chứng thực.",
        files=[SimpleUploadedFile("bang-niem-yet.png", PNG, content_type="image/png")],
    )
    late = services.record_finding(
        one_stop,
        actor=inspector,
        text="Sổ theo dõi hồ sơ chưa ghi ngày trả kết quả.",
        severity="minor",
        answer=answers[1],
        found_on=start,
    )
    services.assign_remedy(
        late,
        actor=inspector,
        text="Ghi đầy đủ sổ theo dõi hồ sơ.",
        agency=vp_bach_sam,
        deadline_days=5,
        assigned_on=start,
    )

    # Legal dissemination in Bạch Sam: concluded, published on the portal, its remedy verified.
    start = _back(today, 30)
    services.decide_inspection(
        legal,
        actor=inspector,
        decision_number="18/QĐ-UBND",
        decision_date=_back(today, 32),
        start_on=start,
        end_on=start,
        team=team,
    )
    finding = services.record_finding(
        legal,
        actor=inspector,
        text="Trang thông tin điện tử chưa đăng danh mục thông tin phải công khai.",
        severity="minor",
        answer=legal.answers.get(position=2),
        found_on=start,
    )
    remedy = services.assign_remedy(
        finding,
        actor=inspector,
        text="Đăng danh mục thông tin phải công khai.",
        agency=vp_bach_sam,
        deadline_days=5,
        assigned_on=start,
    )
    services.report_remedy(
        remedy,
        actor=commune,
        text="Đã đăng danh mục lên trang thông tin điện tử.",
        reported_on=workdays.add_working_days(start, 3),
    )
    services.verify_remedy(Remedy.objects.get(pk=remedy.pk), actor=inspector, accepted=True)
    services.submit_conclusion(
        legal,
        actor=inspector,
        signer_name="Nguyễn Văn Dũng",
        signer_title="Chủ tịch",
        conclusion="UBND phường Bạch Sam cơ bản thực hiện tốt công tác phổ biến, giáo dục pháp luật; còn tồn tại "
        "về công khai thông tin trên trang thông tin điện tử, đã khắc phục.",
    )
    legal = services.approve_conclusion(legal, actor=leader, number="09/KL-UBND", concluded_on=_back(today, 25))
    services.publish_conclusion(legal, actor=inspector)
    return {"inspection plans": 1, "inspections": 3, "planned": int(poor.pk is not None)}
