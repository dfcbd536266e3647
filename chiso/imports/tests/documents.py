"""Synthetic documents in the shapes plans arrive in (written for these tests, modelled on the seeds)."""

import io
import zipfile

WEB_PAGE = """Trang chủ | Giới thiệu | Tin tức | Văn bản | Liên hệ
Tìm kiếm
Đăng nhập
Cổng thông tin điện tử huyện Kim Động > Văn bản chỉ đạo điều hành
ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ
TOÀN
THẮNG
Độc lập - Tự do - Hạnh phúc
Số: 27/KH-UBND
Toàn Thắng, ngày 08 tháng
3 năm 2024
KẾ HOẠCH
Nâng cao Chỉ số hiệu quả quản trị và hành chính công (PAPI) xã Toàn Thắng năm 2024
Căn cứ Kế hoạch số 1492 KH-UBND ngày 20/02/2024 của UBND huyện Kim Động về nâng cao Chỉ số PAPI năm 2024;
UBND xã Toàn Thắng ban hành Kế hoạch như sau:
I. MỤC TIÊU
Phấn đấu Chỉ số PAPI của xã năm 2024 đạt điểm khá, nằm trong nhóm 10 xã, thị trấn dẫn đầu của huyện.
II. NHIỆM VỤ, GIẢI PHÁP
1. Tham gia của người dân ở cấp cơ sở
Tổ chức bầu cử trưởng thôn đúng quy định.
2. Công khai, minh bạch trong việc ra quyết định
Niêm yết công khai danh sách hộ nghèo tại nhà văn hóa thôn.
3. Quản trị điện tử
Hướng dẫn người dân dùng dịch vụ công trực tuyến.
III. TỔ CHỨC THỰC HIỆN
1. Công chức Văn phòng - Thống kê
Tổng hợp, báo cáo kết quả thực hiện định kỳ hàng Quý về UBND huyện (qua Phòng Nội vụ) hoặc đột xuất khi có yêu cầu.
2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã
Giám sát việc thực hiện Kế hoạch; nộp báo cáo giám sát trước ngày 29/6/2024.
Nơi nhận:
- UBND huyện;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Đỗ Văn Bình
Lượt xem: 1.204
Chia sẻ: Facebook | Zalo
Bản quyền thuộc UBND huyện Kim Động
"""

DECISION = """ỦY BAN NHÂN DÂN
HUYỆN KIM ĐỘNG
Số: 06/2024/QĐ-UBND
Kim Động, ngày 15 tháng 01 năm 2024
QUYẾT ĐỊNH
Ban hành Kế hoạch nâng cao Chỉ số PAPI huyện Kim Động năm 2024
ỦY BAN NHÂN DÂN HUYỆN KIM ĐỘNG
Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;
Căn cứ Kế hoạch số 35/KH-UBND ngày 05/01/2024 của UBND tỉnh Hưng Yên về nâng cao Chỉ số PAPI năm 2024;
Theo đề nghị của Trưởng phòng Nội vụ huyện.
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch nâng cao Chỉ số PAPI huyện Kim Động năm 2024.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Nơi nhận:
- Như Điều 2;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn Hùng
ỦY BAN NHÂN DÂN
HUYỆN KIM ĐỘNG
KẾ HOẠCH
Nâng cao Chỉ số hiệu quả quản trị và hành chính công (PAPI) huyện Kim Động năm 2024
(Ban hành kèm theo Quyết định số 06/2024/QĐ-UBND ngày 15/01/2024 của UBND huyện)
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Phấn đấu Chỉ số PAPI của huyện năm 2024 tăng 5 bậc so với năm 2023.
II. NỘI DUNG
1. Kiểm soát tham nhũng trong khu vực công
Công khai tài sản, thu nhập của người có nghĩa vụ kê khai.
2. Thủ tục hành chính công
Giải quyết hồ sơ đúng hạn tại Bộ phận một cửa.
III. TỔ CHỨC THỰC HIỆN
1. Phòng Nội vụ
Theo dõi, tổng hợp; báo cáo UBND huyện định kỳ 6 tháng trước ngày 15/6/2024 và báo cáo năm trước ngày 15/12/2024.
2. UBND các xã, thị trấn
Xây dựng kế hoạch của xã chậm nhất 10 ngày làm việc sau khi Kế hoạch này được ban hành.
"""

# Before 2018 PAPI had six dimensions; "Thủ tục hành chính công" and "Cung ứng dịch vụ công" are the fifth and sixth.
SIX_DIMENSIONS = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HƯNG YÊN
Số: 45/KH-UBND
Hưng Yên, ngày 10 tháng 3 năm 2016
KẾ HOẠCH
Cải thiện Chỉ số hiệu quả quản trị và hành chính công (PAPI) năm 2016
Thực hiện Kế hoạch số 21/KH-UBND ngày 02/02/2016 của UBND tỉnh Hưng Yên;
I. MỤC TIÊU
Phấn đấu năm 2016 Chỉ số PAPI của thành phố thuộc nhóm 5 đơn vị dẫn đầu tỉnh.
II. NHIỆM VỤ
1. Tham gia của người dân ở cấp cơ sở
2. Công khai, minh bạch
3. Trách nhiệm giải trình với người dân
4. Kiểm soát tham nhũng
5. Thủ tục hành chính công
6. Cung ứng dịch vụ công
III. TỔ CHỨC THỰC HIỆN
Các phòng, ban chủ động thực hiện; báo cáo kết quả về Phòng Nội vụ trước ngày 30/11/2016.
"""


def docx_plan() -> bytes:
    """A Word plan: the two-column header as a table, headings, and the task table with lists of agencies."""
    from docx import Document

    document = Document()
    header = document.add_table(rows=1, cols=2)
    header.rows[0].cells[0].text = "ỦY BAN NHÂN DÂN\nPHƯỜNG BẠCH SAM\nSố: 09/KH-UBND"
    header.rows[0].cells[
        1
    ].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nBạch Sam, ngày 05/02/2025"
    for text in [
        "KẾ HOẠCH",
        "Nâng cao Chỉ số PAPI phường Bạch Sam năm 2025",
        "Thực hiện Kế hoạch số 03/KH-UBND ngày 03/01/2025 của UBND thị xã Mỹ Hào;",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG",
        "1. Quản trị môi trường",
        "Thu gom rác thải sinh hoạt đúng giờ.",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Công chức Văn phòng - Thống kê",
        "Theo dõi, báo cáo UBND phường hằng tháng.",
    ]:
        document.add_paragraph(text)
    table = document.add_table(rows=1, cols=6)
    for cell, text in zip(
        table.rows[0].cells,
        ["STT", "Nội dung", "Hoạt động", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"],
        strict=True,
    ):
        cell.text = text
    rows = [
        ["1", "Tuyên truyền", "1.1. Tuyên truyền về PAPI trên loa truyền thanh.", "Văn phòng - Thống kê",
         "Ủy ban MTTQ Việt Nam thị xã\nThanh tra thị xã", "Quý II/2025"],
        ["", "", "1.2. Niêm yết thủ tục hành chính.", "Văn phòng - Thống kê", "", "trước ngày 29/6/2025"],
        ["2", "Kiểm tra", "Kiểm tra việc thực hiện quy chế dân chủ.", "Thanh tra thị xã", "Các ngành có liên quan",
         "tháng 7 năm 2025"],
    ]  # fmt: skip
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_tasks(n: int = 200) -> bytes:
    """A task table of ``n`` rows under 8 group rows, the layout the units keep in Excel."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["BẢNG PHÂN CÔNG NHIỆM VỤ"])
    sheet.append(["STT", "Nội dung", "Hoạt động", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", "PAPI"])
    for i in range(n):
        group = i // 25 + 1
        sheet.append(
            [
                str(group) if i % 25 == 0 else None,
                f"Nhóm nhiệm vụ {group}" if i % 25 == 0 else None,
                f"{group}.{i % 25 + 1}. Hoạt động số {i + 1}: rà soát, niêm yết, báo cáo.",
                "Phòng Nội vụ",
                "- Thanh tra thị xã.\n- Ủy ban MTTQ Việt Nam thị xã.",
                ["Thường xuyên", "Quý II/2025", "Năm 2025", "trước ngày 29/6/2025"][i % 4],
                f"D{group}",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zip_replace(data: bytes, name: str, change) -> bytes:
    """The Office file ``data`` (a zip) with its part ``name`` (``word/document.xml``, ``xl/worksheets/sheet1.xml``)
    passed through ``change``, a function from the part's XML text to the new text."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            part = source.read(info)
            archive.writestr(info.filename, change(part.decode()).encode() if info.filename == name else part)
    return out.getvalue()
