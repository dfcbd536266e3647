"""Every parser's work grows linearly with its input (issue 11): fed n and then 2n lines (2n = 10,000), the
characters its steps examine, as counted by :mod:`chiso.lib.budget`, at most grow 2.5 times. No clock is read.

The shapes are the ones that went quadratic: paragraphs with no full stop (every line joined to the one
before), a task table followed by loose lines, reporting duties, a header block of capitals, and so on.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.imports.reader import read_plan_lines
from chiso.imports.sources import ImportRefused, html_text, read_lines
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
    "unpunctuated": lambda n: (
        ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI", "I. MỤC TIÊU"]
        + [f"dòng thứ {i} của một văn bản không có dấu chấm câu nào" for i in range(n)]
    ),
    "unpunctuated capitals": lambda n: (
        ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI"]
        + [f"Dòng thứ {i} của một văn bản không có dấu chấm câu nào, cắt đúng bề rộng trang in" for i in range(n)]
    ),
    "with full stops": lambda n: (
        ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI"] + [f"Dòng thứ {i} có dấu chấm câu." for i in range(n)]
    ),
    "table then loose lines": lambda n: (
        [
            "KẾ HOẠCH",
            "Nâng cao Chỉ số PAPI",
            "STT\tNội dung\tHoạt động\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện",
            "1\tTuyên truyền",
        ]
        + [f"tiếp theo {i}" for i in range(n)]
    ),
    "table rows": lambda n: (
        [
            "KẾ HOẠCH",
            "Nâng cao Chỉ số PAPI",
            "STT\tNội dung\tHoạt động\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện",
        ]
        + [f"{i}\tNội dung {i}\tHoạt động {i}\tPhòng Nội vụ\tPhòng Tư pháp; Công an\tQuý II/2025" for i in range(n)]
    ),
    "reporting duties": lambda n: (
        ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI", "I. MỤC TIÊU"]
        + [f"báo cáo định kỳ hằng quý số {i} về việc gì đó gửi về" for i in range(n)]
    ),
    "targets": lambda n: (
        ["KẾ HOẠCH", "Nâng cao Chỉ số PAPI", "I. MỤC TIÊU"]
        + [f"- Phấn đấu đạt {i % 10} điểm; nằm trong nhóm {i % 60} tỉnh; tăng {i % 9} bậc" for i in range(n)]
    ),
    "header of capitals": lambda n: ["UBND TỈNH SÓC TRĂNG UBND TỈNH A"] * n + ["x", "KẾ HOẠCH", "Nâng cao"],
    "repeated annex line": lambda n: ["KẾ HOẠCH", "Nâng cao"] + ["(Ban hành kèm theo Quyết định số 1/QĐ-UBND)"] * n,
    "headings": lambda n: (
        ["KẾ HOẠCH", "Nâng cao"] + [f"{i % 9 + 1}. Mục {i}" if i % 2 else f"a) Nội dung {i}" for i in range(n)]
    ),
}


@pytest.mark.parametrize("shape", PLAN_SHAPES)
def test_the_plan_reader_works_linearly(shape, settings):
    settings.CHISO_IMPORT_MAX_PARAGRAPH_CHARS = 10**9  # the algorithm, not the bound, is under test
    assert_linear(PLAN_SHAPES[shape], read_plan_lines)


def text_file(n):
    return "\n".join(f"Dòng thứ {i} của văn bản, có dấu phẩy" for i in range(n)).encode()


def docx_file(n):
    """A Word file of n paragraphs and a table of n rows whose first column is one vertical merge."""
    from .documents import docx_plan, zip_replace

    paragraphs = "".join(f"<w:p><w:r><w:t>Đoạn {i}</w:t></w:r></w:p>" for i in range(n))
    first = "<w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr><w:p><w:r><w:t>Nhóm</w:t></w:r></w:p></w:tc>"
    below = "<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
    rows = "".join(
        f"<w:tr>{first if i == 0 else below}<w:tc><w:p><w:r><w:t>Việc {i}</w:t></w:r></w:p></w:tc></w:tr>"
        for i in range(n)
    )
    body = f"<w:body>{paragraphs}<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>{rows}</w:tbl></w:body>"
    return zip_replace(
        docx_plan(),
        "word/document.xml",
        lambda xml: xml[: xml.index("<w:body>")] + body + xml[xml.index("</w:body>") + 9 :],
    )


def xlsx_file(n):
    from .documents import xlsx_tasks

    return xlsx_tasks(n)


@pytest.mark.parametrize(
    "make,name",
    [(text_file, "plan.txt"), (docx_file, "plan.docx"), (xlsx_file, "plan.xlsx")],
    ids=["txt", "docx", "xlsx"],
)
def test_the_sources_work_linearly(make, name):
    small, large = (work(read_lines, make(n), name) for n in (N, 2 * N))
    assert small > N and large <= RATIO * small, f"work {small} at {N} lines, {large} at {2 * N}: not linear"


def test_a_long_vertical_merge_in_a_word_table_is_read_in_one_pass():
    # given: a table of 10,000 rows under one merged cell (python-docx walked up the rows again for every row)
    lines, _ = read_lines(docx_file(2 * N), "plan.docx")
    # then: each row has the merged cell's text and its own
    assert lines.count("Nhóm\tViệc 9999") == 1 and len(lines) == 4 * N + 1


# --- no crash on any text (hypothesis) -----------------------------------------------------------------------
words = st.sampled_from(
    ["KẾ HOẠCH", "I. MỤC TIÊU", "báo cáo", "định kỳ", "hằng quý", "về", "UBND", "tỉnh", "đạt", "7", "điểm", "nhóm",
     "tăng", "bậc", ";", ".", "*", "<p>", "<td>", ">", "\t", "- ", "a)", "1.", "Nơi nhận", "trước ngày 05/7/2025"]
)  # fmt: skip
lines = st.lists(st.lists(words, max_size=14).map(" ".join) | st.text(max_size=80), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_the_targets_reporting_and_headings_never_raise(body):
    result = read_plan_lines(["KẾ HOẠCH", "Nâng cao Chỉ số PAPI", "I. MỤC TIÊU", *body])
    assert all(t["kind"] in {"top_n", "score_band", "score", "rank"} for t in result["plan"]["targets"])


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400) | lines.map("\n".join))
def test_web_pages_and_text_files_never_raise(text):
    html_text(text)
    try:
        lines, _ = read_lines(text.encode("utf-8", "surrogatepass"), "plan.html")
    except ImportRefused as refused:
        assert str(refused)
    else:
        assert isinstance(lines, list)
