"""The task-table import and the timeframe reader on any input (issue 11): linear work, no crash."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from chiso.imports.tests.documents import xlsx_tasks
from chiso.lib.budget import budget
from chiso.plans.importers import read_task_table, split_agencies
from chiso.plans.tests.factories import PlanFactory
from chiso.plans.timeframes import Kind, parse_timeframe

N = 5_000
cell_text = st.text(max_size=60) | st.sampled_from(
    ["Thường xuyên", "Quý II/2025", "từ 1/2/2025 đến 3/4/2025", "Phòng Nội vụ", "- Thanh tra.\n- Công an", "D3", ""]
)


def test_the_task_table_import_works_linearly(world):
    # given: the units' layout at 5,000 and 10,000 rows
    plan = PlanFactory(unit=world.my_hao)
    work = []
    for n in (N, 2 * N):
        with budget() as meter:
            report = read_task_table(plan, SimpleUploadedFile("t.xlsx", xlsx_tasks(n)))
        assert len(report.activities) == n
        work.append(meter.work)
    # then: the characters its steps examine grow at most 2.5 times
    assert work[0] > N and work[1] <= 2.5 * work[0], work


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cell_text, min_size=0, max_size=8), max_size=12))
def test_the_task_table_import_never_raises_on_any_cells(world, rows):
    plan = PlanFactory(unit=world.my_hao)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["STT", "Nội dung", "Hoạt động", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", "PAPI"])
    for row in rows:  # control characters cannot be written to a workbook: none arrives in an upload
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) or None for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = read_task_table(plan, SimpleUploadedFile("t.xlsx", buffer.getvalue()))
    assert isinstance(report.errors, list)


@given(st.text())
def test_the_timeframe_reader_never_raises(text):
    found = parse_timeframe(text)
    assert found is None or found.kind in Kind.values
    split_agencies(text)


def test_the_timeframe_reader_reads_a_range_once_whatever_comes_between():
    many = " ".join(f"từ {d}/1/2025" for d in range(1, 29)) * 300
    assert parse_timeframe(many) is None
    assert parse_timeframe(many + " đến 3/4/2025").start.isoformat() == "2025-01-01"
