"""The disclosure rules every commune and district follows, each with its legal basis: loaded by
``chiso load-reference`` (registered in ``apps.py``), then kept by administrators (a rule already loaded is never
overwritten, so their edits stay).

The places and periods follow the texts the seed plans cite: the poor-household list "tại trụ sở UBND phường, điểm
sinh hoạt cộng đồng TDP… đảm bảo quy định về thời gian công khai, nội dung công khai, địa điểm công khai" (seed 001,
1.2.b); the commune budget "niêm yết công khai danh mục thu, chi" (1.2.c); land-use plans and the land price table
(1.2.d); procedures and fees at the one-stop counter (1.5.b); the general rule of the Law on Implementing
Grassroots Democracy 10/2022/QH15 (Art. 11 what a commune discloses, Art. 12 the forms — posting at the committee
office and in the villages, the web portal, loudspeakers, meetings —, Art. 13 the posting period of at least 30
days unless a law says otherwise). Deadlines and periods are defaults to be checked against the texts in force.
"""

from django.db import transaction

from .models import DeadlineUnit, DisclosureType, Place, Recurrence

P = Place
GRASSROOTS = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15 (Điều 11, 12, 13)"

RULES = [
    {
        "code": "ho-ngheo",
        "name": "Danh sách hộ nghèo, hộ cận nghèo",
        "content": "Danh sách hộ nghèo, hộ cận nghèo, hộ thoát nghèo sau rà soát hằng năm; kết quả bình xét.",
        "legal_basis": f"Nghị định số 07/2021/NĐ-CP quy định chuẩn nghèo đa chiều giai đoạn 2021–2025; Quyết định số "
        f"24/2021/QĐ-TTg quy định quy trình rà soát hộ nghèo, hộ cận nghèo hằng năm; {GRASSROOTS}.",
        "poster": "UBND cấp xã (công chức Văn hóa - Xã hội)",
        "places": [P.COMMITTEE_OFFICE, P.VILLAGE_HOUSE],
        "min_days": 30,
        "deadline_days": 5,
        "deadline_unit": DeadlineUnit.WORKING_DAYS,
        "recurrence": Recurrence.YEARLY,
        "anchor_month": 12,
    },
    {
        "code": "du-toan-ngan-sach-xa",
        "name": "Dự toán ngân sách xã",
        "content": "Dự toán thu, chi ngân sách xã đã được Hội đồng nhân dân cấp xã quyết định.",
        "legal_basis": f"Luật Ngân sách nhà nước số 83/2015/QH13 (Điều 15, công khai ngân sách); Thông tư số "
        f"343/2016/TT-BTC hướng dẫn công khai ngân sách nhà nước đối với các cấp ngân sách; {GRASSROOTS}.",
        "poster": "UBND cấp xã (công chức Tài chính - Kế toán)",
        "places": [P.COMMITTEE_OFFICE, P.WEB_PORTAL],
        "min_days": 30,
        "deadline_days": 30,
        "deadline_unit": DeadlineUnit.DAYS,
        "recurrence": Recurrence.PER_EVENT,
    },
    {
        "code": "quyet-toan-ngan-sach-xa",
        "name": "Quyết toán ngân sách xã",
        "content": "Quyết toán thu, chi ngân sách xã đã được Hội đồng nhân dân cấp xã phê chuẩn.",
        "legal_basis": f"Luật Ngân sách nhà nước số 83/2015/QH13 (Điều 15); Thông tư số 343/2016/TT-BTC; {GRASSROOTS}.",
        "poster": "UBND cấp xã (công chức Tài chính - Kế toán)",
        "places": [P.COMMITTEE_OFFICE, P.WEB_PORTAL],
        "min_days": 30,
        "deadline_days": 30,
        "deadline_unit": DeadlineUnit.DAYS,
        "recurrence": Recurrence.PER_EVENT,
    },
    {
        "code": "thuc-hien-ngan-sach-quy",
        "name": "Tình hình thực hiện dự toán ngân sách xã (hằng quý)",
        "content": "Tình hình thực hiện dự toán thu, chi ngân sách xã trong quý.",
        "legal_basis": "Thông tư số 343/2016/TT-BTC hướng dẫn công khai ngân sách nhà nước đối với các cấp ngân sách.",
        "poster": "UBND cấp xã (công chức Tài chính - Kế toán)",
        "places": [P.COMMITTEE_OFFICE],
        "min_days": 30,
        "deadline_days": 15,
        "deadline_unit": DeadlineUnit.DAYS,
        "recurrence": Recurrence.QUARTERLY,
    },
    {
        "code": "quy-hoach-su-dung-dat",
        "name": "Quy hoạch, kế hoạch sử dụng đất và điều chỉnh",
        "content": "Quy hoạch, kế hoạch sử dụng đất (và điều chỉnh) đã được phê duyệt có liên quan đến địa bàn.",
        "legal_basis": f"Luật Đất đai số 31/2024/QH15 (công bố công khai quy hoạch, kế hoạch sử dụng đất); "
        f"{GRASSROOTS}.",
        "poster": "UBND cấp xã (công chức Địa chính - Xây dựng)",
        "places": [P.COMMITTEE_OFFICE, P.WEB_PORTAL],
        "min_days": 30,
        "deadline_days": 15,
        "deadline_unit": DeadlineUnit.DAYS,
        "recurrence": Recurrence.PER_EVENT,
    },
    {
        "code": "bang-gia-dat",
        "name": "Bảng giá đất, khung giá đất",
        "content": "Bảng giá đất do UBND cấp tỉnh ban hành áp dụng trên địa bàn.",
        "legal_basis": f"Luật Đất đai số 31/2024/QH15 (bảng giá đất); {GRASSROOTS}.",
        "poster": "UBND cấp xã (công chức Địa chính - Xây dựng)",
        "places": [P.COMMITTEE_OFFICE, P.WEB_PORTAL],
        "min_days": 30,
        "deadline_days": 15,
        "deadline_unit": DeadlineUnit.DAYS,
        "recurrence": Recurrence.PER_EVENT,
    },
    {
        "code": "boi-thuong-tai-dinh-cu",
        "name": "Phương án bồi thường, hỗ trợ, tái định cư",
        "content": "Phương án bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất, để lấy ý kiến người có "
        "đất thu hồi.",
        "legal_basis": f"Luật Đất đai số 31/2024/QH15 (lấy ý kiến về phương án bồi thường, hỗ trợ, tái "
        f"định cư); {GRASSROOTS}.",
        "poster": "UBND cấp xã phối hợp tổ chức làm nhiệm vụ bồi thường",
        "places": [P.COMMITTEE_OFFICE, P.VILLAGE_HOUSE],
        "min_days": 30,
        "deadline_days": 5,
        "deadline_unit": DeadlineUnit.WORKING_DAYS,
        "recurrence": Recurrence.PER_EVENT,
    },
    {
        "code": "thu-tuc-hanh-chinh",
        "name": "Thủ tục hành chính, phí, lệ phí tại Bộ phận một cửa",
        "content": "Danh mục, quy trình, thời gian giải quyết thủ tục hành chính; phí, lệ phí; biểu mẫu; địa chỉ tiếp "
        "nhận phản ánh, kiến nghị về quy định hành chính.",
        "legal_basis": "Nghị định số 63/2010/NĐ-CP về kiểm soát thủ tục hành chính (đã sửa đổi); Nghị định số "
        "61/2018/NĐ-CP về thực hiện cơ chế một cửa, một cửa liên thông.",
        "poster": "Bộ phận Một cửa UBND cấp xã",
        "places": [P.ONE_STOP, P.WEB_PORTAL],
        "min_days": 0,
        "deadline_days": 5,
        "deadline_unit": DeadlineUnit.WORKING_DAYS,
        "recurrence": Recurrence.YEARLY,
        "anchor_month": 1,
    },
    {
        "code": "ket-qua-tuyen-dung",
        "name": "Thông báo tuyển dụng và kết quả tuyển dụng",
        "content": "Thông báo tuyển dụng, danh sách đủ điều kiện dự tuyển, kết quả trúng tuyển công chức, viên chức.",
        "legal_basis": "Nghị định số 138/2020/NĐ-CP quy định về tuyển dụng, sử dụng và quản lý công chức; Nghị định "
        "số 115/2020/NĐ-CP về tuyển dụng, sử dụng và quản lý viên chức.",
        "poster": "Cơ quan có thẩm quyền tuyển dụng",
        "places": [P.COMMITTEE_OFFICE, P.WEB_PORTAL],
        "min_days": 30,
        "deadline_days": 5,
        "deadline_unit": DeadlineUnit.WORKING_DAYS,
        "recurrence": Recurrence.PER_EVENT,
    },
    {
        "code": "ket-luan-thanh-tra",
        "name": "Kết luận thanh tra, kiểm tra",
        "content": "Kết luận thanh tra, kiểm tra và kết quả xử lý (ghi số, ngày của kết luận hoặc đường dẫn).",
        "legal_basis": "Luật Thanh tra số 11/2022/QH15 (công khai kết luận thanh tra); Nghị định số 43/2023/NĐ-CP "
        f"quy định chi tiết một số điều của Luật Thanh tra; {GRASSROOTS}.",
        "poster": "Cơ quan ban hành kết luận; UBND cấp xã nơi được thanh tra",
        "places": [P.COMMITTEE_OFFICE],
        "min_days": 15,
        "deadline_days": 15,
        "deadline_unit": DeadlineUnit.DAYS,
        "recurrence": Recurrence.PER_EVENT,
    },
]


@transaction.atomic
def load_disclosure_types() -> dict:
    """Create the national rules not loaded yet; leave those already there (their edits are the administrator's)."""
    created = 0
    for position, rule in enumerate(RULES, start=1):
        if DisclosureType.objects.filter(code=rule["code"]).exists():
            continue
        values = {**rule, "places": [str(p) for p in rule["places"]], "position": position * 10}
        item = DisclosureType(**values)
        item.full_clean()
        item.save()
        created += 1
    return {"disclosure types": created}
