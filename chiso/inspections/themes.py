"""The nine inspection themes of the town plan (seed 002, /work/shared/seeds/002_…: appendix items 6.2–6.9, and the
fields "Kiểm soát tham nhũng…" names — land procedures, recruitment), each with its usual lead agency and a
checklist template whose items are tied to PAPI sub-dimensions or indicators where they fit. Loaded by migration
0002 (plain data: the migration does not import the app's models) and again, idempotently, by ``load_themes`` —
``chiso load-reference``, the demo and tests that empty the database between tests call it."""

# code, name, lead agency as the plan names it, PAPI sub-dimensions, [(question, PAPI code)]
THEMES = [
    (
        "one-stop",
        "Giải quyết thủ tục hành chính tại Bộ phận một cửa",
        "Phòng Nội vụ",
        "D5.4, D3.1",
        [
            ("Niêm yết công khai, đầy đủ thủ tục hành chính, phí, lệ phí tại Bộ phận một cửa", "D5.4"),
            ("Sổ theo dõi, phiếu hẹn trả kết quả được lập đúng mẫu, ghi đầy đủ", "D5.4"),
            ("Hồ sơ được giải quyết đúng hạn; hồ sơ trễ hạn có văn bản xin lỗi", "D5.4"),
            ("Công chức đeo thẻ, có thái độ đúng mực; không nhũng nhiễu, gây phiền hà", "D4.2"),
            ("Có hòm thư góp ý, số điện thoại đường dây nóng; phản ánh được xử lý", "D3.2"),
            ("Tiếp nhận, trả kết quả trực tuyến và qua dịch vụ bưu chính công ích", "D8.2"),
        ],
    ),
    (
        "contributions",
        "Quản lý tài chính, sử dụng các nguồn đóng góp tự nguyện",
        "Phòng Tài chính - Kế hoạch",
        "D1.4, D2.3",
        [
            ("Các khoản đóng góp được nhân dân bàn, quyết định theo quy định", "D1.4"),
            ("Công khai thu, chi ngân sách xã, phường đúng thời hạn, đúng hình thức", "D2.3"),
            ("Công khai các khoản đóng góp và kết quả sử dụng tại nhà văn hóa, trụ sở", "D1.4"),
            ("Ban Giám sát đầu tư của cộng đồng được thành lập và hoạt động", "D1.4"),
        ],
    ),
    (
        "legal",
        "Phổ biến, giáo dục pháp luật; thực hiện Luật Tiếp cận thông tin",
        "Phòng Tư pháp",
        "D2.1, D1.1",
        [
            ("Có kế hoạch phổ biến, giáo dục pháp luật năm và triển khai đúng kế hoạch", "D1.1"),
            ("Đăng tải thông tin phải công khai trên trang thông tin điện tử", "D2.1"),
            ("Tiếp nhận, giải quyết yêu cầu cung cấp thông tin của công dân đúng hạn", "D2.1"),
            ("Tủ sách pháp luật, loa truyền thanh hoạt động thường xuyên", "D1.1"),
        ],
    ),
    (
        "procedures",
        "Kiểm soát thủ tục hành chính",
        "Văn phòng HĐND và UBND thị xã",
        "D5.1, D5.4",
        [
            ("Cập nhật, công bố danh mục thủ tục hành chính kịp thời", "D5.4"),
            ("Chứng thực, xác nhận đúng thẩm quyền, đúng thời hạn, thu phí đúng quy định", "D5.1"),
            ("Báo cáo tình hình giải quyết thủ tục hành chính đúng kỳ", "D5.4"),
            ("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "D8.1"),
        ],
    ),
    (
        "poor-households",
        "Rà soát, công khai danh sách hộ nghèo, hộ cận nghèo",
        "Phòng Lao động - Thương binh và Xã hội",
        "D2.2",
        [
            ("Quy trình rà soát có họp dân, bình xét công khai tại thôn, khu phố", "D2.2.x1"),
            ("Danh sách hộ nghèo, hộ cận nghèo được niêm yết công khai đúng thời gian", "D2.2.x2"),
            ("Khiếu nại về kết quả rà soát được giải quyết đúng hạn", "D3.2"),
            ("Chế độ, chính sách xã hội chi trả đúng đối tượng, đúng kỳ", "D2.2"),
        ],
    ),
    (
        "extra-classes",
        "Dạy thêm, học thêm; các khoản thu, chi phí, lệ phí, các loại quỹ trong trường học",
        "Phòng Giáo dục và Đào tạo",
        "D6.2, D4.2",
        [
            ("Không tổ chức dạy thêm trái quy định đối với học sinh tiểu học", "D6.2.x1"),
            ("Các khoản thu đầu năm được công khai, có thỏa thuận với cha mẹ học sinh", "D4.2"),
            ("Quỹ do ban đại diện cha mẹ học sinh vận động được quản lý, công khai đúng quy định", "D6.2"),
        ],
    ),
    (
        "waste",
        "Vận hành, thu gom và xử lý chất thải",
        "Phòng Tài nguyên và Môi trường",
        "D7.1, D7.3",
        [
            ("Rác thải sinh hoạt được thu gom đúng lịch, không tồn đọng", "D7.1"),
            ("Điểm tập kết rác bảo đảm vệ sinh, không gây ô nhiễm nguồn nước", "D7.3"),
            ("Vi phạm về bảo vệ môi trường được xử lý kịp thời", "D7.1.x1"),
        ],
    ),
    (
        "land",
        "Giải quyết thủ tục hành chính lĩnh vực đất đai",
        "Phòng Tài nguyên và Môi trường",
        "D5.3, D2.4",
        [
            ("Cấp giấy chứng nhận quyền sử dụng đất đúng thời hạn, không thu ngoài quy định", "D5.3"),
            ("Kế hoạch sử dụng đất, khung giá đền bù được công khai", "D2.4.x1"),
            ("Hồ sơ địa chính được cập nhật, lưu trữ đầy đủ", "D5.3"),
        ],
    ),
    (
        "recruitment",
        "Tuyển dụng, sắp xếp, đề bạt cán bộ, công chức, viên chức",
        "Phòng Nội vụ",
        "D4.3",
        [
            ("Thông báo tuyển dụng được đăng công khai đúng thời hạn", "D4.3.x1"),
            ("Hội đồng tuyển dụng, đề bạt được thành lập và làm việc đúng quy định", "D4.3"),
            ("Kết quả tuyển dụng, đề bạt được công khai", "D4.3"),
        ],
    ),
]


def load_themes(themes=None, items=None) -> dict:
    """Create or update the nine themes and, where a theme has none yet, its checklist (an edited checklist is
    left alone). ``themes``/``items`` are the models (the migration passes its historical ones)."""
    if themes is None:
        from .models import ChecklistItem, Theme  # noqa: PLC0415 (the migration passes historical models)

        themes, items = Theme, ChecklistItem
    created = 0
    for position, (code, name, lead, papi, questions) in enumerate(THEMES, 1):
        theme, new = themes.objects.update_or_create(
            code=code, defaults={"name": name, "lead_agency_name": lead, "papi_codes": papi, "position": position}
        )
        created += int(new)
        if not theme.items.exists():
            items.objects.bulk_create(
                [
                    items(theme=theme, position=i, text=text, papi_code=code_)
                    for i, (text, code_) in enumerate(questions, 1)
                ]
            )
    return {"themes": len(THEMES), "created": created}
