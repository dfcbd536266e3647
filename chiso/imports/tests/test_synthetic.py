"""Shapes the seeds do not show: a Word file with tables, a saved web page, a decision with the plan attached,
a six-dimension plan from before 2018, an Excel task table. Expectations written by hand from the documents."""

from chiso.imports.reader import read_document

from . import documents


def test_docx_with_header_table_and_task_table():
    result = read_document(documents.docx_plan(), "ke-hoach.docx")
    plan = result["plan"]
    assert (plan["code"], plan["issuer"], plan["place"], plan["issued_on"]) == (
        "09/KH-UBND", "UBND phường Bạch Sam", "Bạch Sam", "2025-02-05",
    )  # fmt: skip
    assert plan["basis"][0]["issuer"] == "UBND thị xã Mỹ Hào"
    tasks = result["tasks"]
    assert [t["number"] for t in tasks] == ["1.1", "1.2", "2"]
    # One agency per paragraph of the cell, even without list dashes.
    assert tasks[0]["coordinating"] == ["Ủy ban MTTQ Việt Nam thị xã", "Thanh tra thị xã"]
    assert tasks[1]["group"] == "Tuyên truyền"
    assert [t["timeframe"]["end"] for t in tasks] == ["2025-06-30", "2025-06-29", "2025-07-31"]
    assert [s["dimension"] for s in result["sections"] if s["dimension"]] == ["D7"]
    assert result["reporting"][0]["cadence"] == "monthly"


def test_web_page_with_navigation_split_header_and_broken_date():
    result = read_document(documents.WEB_PAGE.encode(), "trang.html.txt")
    plan = result["plan"]
    assert plan["code"] == "27/KH-UBND"
    assert plan["issuer"] == "UBND xã Toàn Thắng"  # the header broken word by word over lines
    assert plan["issued_on"] == "2024-03-08"  # the date broken over two lines
    assert plan["basis"] == [
        {"kind": "Kế hoạch", "code": "1492/KH-UBND", "issued_on": "2024-02-20", "issuer": "UBND huyện Kim Động"}
    ]
    assert sorted((t["kind"], t["value"]) for t in plan["targets"]) == [("score_band", "khá"), ("top_n", 10)]
    assert plan["signer"] == {"name": "Đỗ Văn Bình", "title": "Chủ tịch"}
    assert [s["dimension"] for s in result["sections"] if s["dimension"]] == ["D1", "D2", "D8"]
    assert [(r["cadence"], r["to"]) for r in result["reporting"]] == [
        ("quarterly", "UBND huyện"),
        ("adhoc", "UBND huyện"),
    ]
    assert [(d["due_on"]) for d in result["deadlines"]] == ["2024-06-29"]
    assert [r["agency"] for r in result["responsibilities"]] == [
        "Công chức Văn phòng - Thống kê", "Ủy ban Mặt trận Tổ quốc Việt Nam xã",
    ]  # fmt: skip
    text = str(result)
    assert "Lượt xem" not in text and "Bản quyền" not in text and "Trang chủ" not in text


def test_plan_attached_to_a_decision():
    result = read_document(documents.DECISION.encode(), "qd.md")
    plan = result["plan"]
    assert plan["title"] == "Nâng cao Chỉ số hiệu quả quản trị và hành chính công (PAPI) huyện Kim Động năm 2024"
    assert (plan["code"], plan["year"]) == ("06/2024/QĐ-UBND", 2024)
    assert [b["code"] for b in plan["basis"]] == ["35/KH-UBND"]
    assert plan["signer"] == {"name": "Nguyễn Văn Hùng", "title": "Chủ tịch"}
    assert [(t["kind"], t["value"]) for t in plan["targets"]] == [("rank", 5)]
    assert [(r["cadence"], r["due_on"]) for r in result["reporting"]] == [
        ("semiannual", "2024-06-15"), ("annual", "2024-12-15"),
    ]  # fmt: skip
    assert result["deadlines"][0]["rule"] == "10 ngày làm việc kể từ ngày kế hoạch cấp trên được ban hành"
    assert [s["heading"] for s in result["sections"]][:2] == ["MỤC ĐÍCH, YÊU CẦU", "Mục đích"]  # not the decision's


def test_six_dimension_plan_from_before_2018():
    result = read_document(documents.SIX_DIMENSIONS.encode(), "2016.txt")
    assert [s["dimension"] for s in result["sections"] if s["dimension"]] == ["D1", "D2", "D3", "D4", "D5", "D6"]
    assert result["plan"]["year"] == 2016
    assert result["plan"]["targets"] == [
        {"text": "Phấn đấu năm 2016 Chỉ số PAPI của thành phố thuộc nhóm 5 đơn vị dẫn đầu tỉnh", "kind": "top_n",
         "value": 5}
    ]  # fmt: skip


def test_xlsx_task_table():
    result = read_document(documents.xlsx_tasks(200), "bang.xlsx")
    tasks = result["tasks"]
    assert len(tasks) == 200
    assert tasks[0]["coordinating"] == ["Thanh tra thị xã", "Ủy ban MTTQ Việt Nam thị xã"]
    assert tasks[30]["group"] == "Nhóm nhiệm vụ 2" and tasks[30]["dimensions"] == ["D2"]
    assert any("KẾ HOẠCH" in w for w in result["warnings"])


def test_saved_html_page():
    page = """<html><head><title>Cổng TTĐT</title><script>var x = "<p>KẾ HOẠCH</p>";</script></head><body>
    <nav><a href="/">Trang chủ</a> | <a href="/tin">Tin tức</a></nav>
    <table><tr><td>ỦY BAN NHÂN DÂN<br>XÃ TÂN LẬP</td>
    <td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</td></tr>
    <tr><td>Số: 31/KH-UBND</td><td>Tân Lập, ngày 12 tháng 3 năm 2025</td></tr></table>
    <p><b>KẾ HOẠCH</b></p><p>Nâng cao Chỉ số PAPI xã Tân Lập năm 2025</p>
    <p>I. NHIỆM VỤ</p><p>1. Quản trị điện tử</p><p>Hướng dẫn người dân dùng dịch vụ công trực tuyến.</p>
    <table><tr><th>STT</th><th>Nội dung</th><th>Đơn vị chủ trì</th><th>Đơn vị phối hợp</th><th>Thời gian</th></tr>
    <tr><td>1</td><td>Mở lớp hướng dẫn cài ứng dụng VNeID.</td><td>Công an xã</td><td><ul><li>Đoàn Thanh niên</li>
    <li>Hội Phụ nữ</li></ul></td><td>Quý II/2025</td></tr></table>
    <footer>Bản quyền thuộc UBND xã Tân Lập</footer></body></html>"""
    result = read_document(page.encode(), "ke-hoach.html")
    plan = result["plan"]
    assert (plan["title"], plan["code"], plan["issuer"], plan["issued_on"]) == (
        "Nâng cao Chỉ số PAPI xã Tân Lập năm 2025", "31/KH-UBND", "UBND xã Tân Lập", "2025-03-12",
    )  # fmt: skip
    assert [s["dimension"] for s in result["sections"]] == [None, "D8"]
    task = result["tasks"][0]
    assert (task["activity"], task["lead"], task["coordinating"], task["timeframe"]["end"]) == (
        "Mở lớp hướng dẫn cài ứng dụng VNeID.", ["Công an xã"], ["Đoàn Thanh niên", "Hội Phụ nữ"], "2025-06-30",
    )  # fmt: skip
