"""Every parser's work grows linearly with its input (issue 11): fed n and then 2n lines (2n = 10,000), the
characters its steps examine, as counted by :mod:`chiso.lib.budget`, at most grow 2.5 times. No clock is read.

The shapes are the ones that went quadratic: paragraphs with no full stop (every line joined to the one
before), a task table followed by loose lines, reporting duties, a header block of capitals, and so on.
"""

import pytest

from chiso.imports.reader import read_plan_lines
from chiso.lib.budget import budget

N = 5_000
RATIO = 2.5


def work(parse, *args):
    with budget() as meter:
        parse(*args)
    return meter.work


def assert_linear(make, parse):
    small, large = work(parse, make(N)), work(parse, make(2 * N))
    assert small > N, "the parser charged nothing: the meter is not wired in"
    assert large <= RATIO * small, f"work {small} at {N} lines, {large} at {2 * N}: not linear"


PLAN_SHAPES = {
    # The case: hard-wrapped lines with no full stop, each joined to the one before.
    "unpunctuated": lambda n: ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI", "I. MỤC TIÊU"]
    + [f"dòng thứ {i} của một văn bản không có dấu chấm câu nào" for i in range(n)],
    "unpunctuated capitals": lambda n: ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI"]
    + [f"Dòng thứ {i} của một văn bản không có dấu chấm câu nào, cắt đúng bề rộng trang in" for i in range(n)],
    "with full stops": lambda n: ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI"]
    + [f"Dòng thứ {i} có dấu chấm câu." for i in range(n)],
    "table then loose lines": lambda n: [
        "KẾ HOẠCH",
        "Nâng cao Chỉ số PAPI",
        "STT\tNội dung\tHoạt động\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện",
        "1\tTuyên truyền",
    ]
    + [f"tiếp theo {i}" for i in range(n)],
    "table rows": lambda n: [
        "KẾ HOẠCH",
        "Nâng cao Chỉ số PAPI",
        "STT\tNội dung\tHoạt động\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện",
    ]
    + [f"{i}\tNội dung {i}\tHoạt động {i}\tPhòng Nội vụ\tPhòng Tư pháp; Công an\tQuý II/2025" for i in range(n)],
    "reporting duties": lambda n: ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI", "I. MỤC TIÊU"]
    + [f"báo cáo định kỳ hằng quý số {i} về việc gì đó gửi về" for i in range(n)],
    "targets": lambda n: ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI", "I. MỤC TIÊU"]
    + [f"- Phấn đấu đạt {i % 10} điểm; nằm trong nhóm {i % 60} tỉnh; tăng {i % 9} bậc" for i in range(n)],
    "header of capitals": lambda n: ["UBND TỈNH SÓC TRĂNG UBND TỈNH A"] * n + ["x", "KẾ HOẠCH", "Nâng cao"],
    "repeated annex line": lambda n: ["KẾ HOẠCH", "Nâng cao"] + ["(Ban hành kèm theo Quyết định số 1/QĐ-UBND)"] * n,
    "headings": lambda n: ["KẾ HOẠCH", "Nâng cao"]
    + [f"{i % 9 + 1}. Mục {i}" if i % 2 else f"a) Nội dung {i}" for i in range(n)],
}


@pytest.mark.parametrize("shape", PLAN_SHAPES)
def test_the_plan_reader_works_linearly(shape, settings):
    settings.CHISO_IMPORT_MAX_PARAGRAPH_CHARS = 10**9  # the algorithm, not the bound, is under test
    assert_linear(PLAN_SHAPES[shape], read_plan_lines)
