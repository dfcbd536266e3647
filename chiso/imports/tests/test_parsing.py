"""Dates, document numbers, timeframes and task tables in the wordings plans use."""

import pytest

from chiso.imports import parsing
from chiso.imports.reader import read_plan_lines


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ngày 21 tháng 01 năm 2025", "2025-01-21"),
        ("21/01/2025", "2025-01-21"),
        ("trước ngày 05/7/2025", "2025-07-05"),
        ("ngày   tháng 4 năm 2023", None),
        ("ngày tháng năm 2023", None),
        ("31/02/2024", None),
    ],
)
def test_dates(text, expected):
    assert parsing.iso(parsing.parse_date(text)) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Số: 15/KH-UBND", "15/KH-UBND"),
        ("Quyết định số 1622/QĐ-UBND ngày", "1622/QĐ-UBND"),
        ("Nghị quyết số 01-NQ/TU", "01-NQ/TU"),
        ("06/2024/QĐ-UBND", "06/2024/QĐ-UBND"),
        ("1492 KH-UBND", "1492/KH-UBND"),
        ("Số: /KH-UBND", None),
    ],
)
def test_document_numbers(text, expected):
    assert parsing.parse_code(text) == expected


@pytest.mark.parametrize(
    "text,kind,start,end",
    [
        ("Thường xuyên", "ongoing", None, None),
        ("Hằng quý", "ongoing", None, None),
        ("Năm 2023", "year", "2023-01-01", "2023-12-31"),
        ("2024", "year", "2024-01-01", "2024-12-31"),
        ("Quý II/2024", "quarter", "2024-04-01", "2024-06-30"),
        ("Quý I, II/2024", "range", "2024-01-01", "2024-06-30"),
        ("tháng 7 năm 2024", "month", "2024-07-01", "2024-07-31"),
        ("6 tháng đầu năm 2024", "range", "2024-01-01", "2024-06-30"),
        ("Từ tháng 11/2024 đến tháng 2/2025", "range", "2024-11-01", "2025-02-28"),
        ("trước ngày 29/6/2024", "by_date", None, "2024-06-29"),
        ("Trước ngày 30 tháng 6 năm 2024", "by_date", None, "2024-06-30"),
        ("Theo Kế hoạch đã được Ủy ban nhân dân thị xã phê duyệt", "per_plan", None, None),
        ("Khi có yêu cầu", "unspecified", None, None),
        ("", "unspecified", None, None),
    ],
)
def test_timeframes(text, kind, start, end):
    found = parsing.timeframe(text)
    assert (found["kind"], found["start"], found["end"]) == (kind, start, end)


def test_two_row_table_header_and_group_rows_in_the_activity_column():
    lines = [
        "KẾ HOẠCH",
        "Nâng cao Chỉ số PAPI năm 2025",
        "I - NHIỆM VỤ",
        "STT\tNội dung công việc\tĐơn vị thực hiện\t\tThời hạn hoàn thành\tSản phẩm",
        "\t\tChủ trì\tPhối hợp\t\t",
        "I\tCông tác tuyên truyền\t\t\t\t",
        "1\tTuyên truyền trên loa.\tCông chức Văn hóa - Xã hội\tĐoàn Thanh niên\tQuý I, II/2025\tTin bài",
        "II\tCông tác kiểm tra\t\t\t\t",
        "2\tKiểm tra Bộ phận một cửa.\tCông chức Văn phòng - Thống kê\t\t2025\t",
    ]
    result = read_plan_lines(lines)
    assert result["sections"][0] == {
        "number": "I", "heading": "NHIỆM VỤ", "level": 1, "dimension": None, "written": "I - NHIỆM VỤ", "text": [],
    }  # fmt: skip
    tasks = result["tasks"]
    assert [(t["number"], t["group"], t["lead"], t["coordinating"], t["output"]) for t in tasks] == [
        ("1", "Công tác tuyên truyền", ["Công chức Văn hóa - Xã hội"], ["Đoàn Thanh niên"], "Tin bài"),
        ("2", "Công tác kiểm tra", ["Công chức Văn phòng - Thống kê"], [], None),
    ]
    assert [t["timeframe"]["end"] for t in tasks] == ["2025-06-30", "2025-12-31"]


def test_title_on_the_kế_hoạch_line_or_beginning_with_thực_hiện():
    one_line = read_plan_lines(
        ["ỦY BAN NHÂN DÂN", "XÃ AN BÌNH", "KẾ HOẠCH Nâng cao Chỉ số PAPI năm 2024", "I. MỤC TIÊU"]
    )
    assert (one_line["plan"]["title"], one_line["plan"]["year"]) == ("Nâng cao Chỉ số PAPI năm 2024", 2024)
    thuc_hien = read_plan_lines(
        ["KẾ HOẠCH", "Thực hiện nâng cao Chỉ số PAPI năm 2025", "Căn cứ Kế hoạch số 12/KH-UBND ngày 02/01/2025;"]
    )
    assert thuc_hien["plan"]["title"] == "Thực hiện nâng cao Chỉ số PAPI năm 2025"
    assert thuc_hien["plan"]["basis"][0]["code"] == "12/KH-UBND"
