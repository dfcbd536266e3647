"""A profile and a gap analysis as .xlsx workbooks (for working on the numbers)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.styles import Alignment, Font

from chiso.lib.xlsx import workbook_bytes

from .. import charts
from ..analysis import GapReason

# How a province's group was found (the profile's last column, and the note's sentence).
BASIS_VI = {
    "published": "nhóm theo công bố của PAPI",
    "partial": "nhóm cao nhất theo công bố của PAPI, các nhóm khác tính theo tứ phân vị",
    "computed": "nhóm tính theo tứ phân vị",
}


def _num(value):
    return float(value) if value is not None else None


# --- .xlsx --------------------------------------------------------------------------------------------------
PROFILE_HEADERS = [
    "Mã / Code",
    "Nội dung / Score",
    "Điểm / Score",
    "Thang điểm / Scale",
    "Xếp hạng / Rank",
    "Số tỉnh / Of",
    "Nhóm / Group",
    "Năm trước / Previous year",
    "Thay đổi / Change",
    "Trung vị toàn quốc / National median",
    "Thấp nhất / Minimum",
    "Cao nhất / Maximum",
    "Tỉnh cao nhất / Best province",
    "Căn cứ nhóm / Groups",
]


def _sheet(sheet, title, headers, widths):
    sheet.title = title
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = width
    sheet.freeze_panes = "A2"
    return sheet


def _profile_rows(prof):
    names = charts.group_names()
    for line in prof.lines:
        yield [
            line.code,
            line.name or _("PAPI total"),
            _num(line.value),
            f"{line.scale[0]:g}–{line.scale[1]:g}",
            line.rank,
            line.of,
            names[line.group] if line.value is not None else names[None],
            _num(line.previous),
            _num(line.change),
            _num(line.median),
            _num(line.minimum),
            _num(line.maximum),
            ", ".join(u.name for u in line.best),
            BASIS_VI.get(getattr(line, "basis", ""), ""),
        ]


TREND_HEADERS = [
    "Năm / Year",
    "Điểm / Score",
    "Thang điểm / Scale",
    "Xếp hạng / Rank",
    "Số tỉnh / Of",
    "Nhóm / Group",
    "Trung vị toàn quốc / National median",
    "Thấp nhất / Lowest",
    "Cao nhất / Highest",
]


def profile_xlsx(prof, series=None) -> bytes:
    """The profile's lines; with ``series``, a sheet of the total over the years against the nation and its
    line chart (a native Excel chart: it stays readable and editable)."""
    workbook = Workbook()
    sheet = _sheet(
        workbook.active, str(prof.year), PROFILE_HEADERS, [8, 48, 10, 12, 9, 8, 26, 12, 10, 12, 10, 10, 26, 30]
    )
    for row in _profile_rows(prof):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row[2:3] + row[7:12]:
            cell.number_format = "0.00"
    sheet.cell(row=sheet.max_row + 2, column=1, value=f"{prof.unit.name} — PAPI {prof.year}")
    total = next((s for s in series or [] if s.code == "TOTAL"), None)
    if total is not None:
        _trend_sheet(workbook.create_sheet(), total, prof.unit.name)
    return workbook_bytes(workbook)


def _trend_sheet(sheet, series, name):
    _sheet(sheet, "Xu hướng", TREND_HEADERS, [10, 10, 12, 10, 8, 12, 14, 12, 12])
    names = charts.group_names()
    for row in charts.chart_rows(series):
        sheet.append(
            [
                row["year"],
                _num(row["value"]),
                f"{row['scale'][0]:g}–{row['scale'][1]:g}",
                row["rank"],
                row["of"],
                names[row["group"]] if row["group"] else None,
                _num(row["median"]),
                _num(row["minimum"]),
                _num(row["maximum"]),
            ]
        )
    for row in sheet.iter_rows(min_row=2):
        for cell in (row[1], row[6], row[7], row[8]):
            cell.number_format = "0.00"
    last = sheet.max_row
    # the chart draws the latest period only: a line never joins two scales (6–60 until 2017, 8–80 since 2018)
    period = series.segments[-1]["years"]
    first = last - len(period) + 1
    chart = LineChart()
    chart.title = f"{name}: điểm tổng hợp PAPI và toàn quốc, {period[0]}–{period[-1]}"
    chart.y_axis.title = "Điểm"
    chart.x_axis.title = "Năm"
    chart.height, chart.width = 9, 18
    for column in (2, 7, 8, 9):
        data = Reference(sheet, min_col=column, min_row=first, max_row=last)
        chart.add_data(data, titles_from_data=False)
        chart.series[-1].tx = SeriesLabel(v=TREND_HEADERS[column - 1].split(" / ")[0])
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    values = [
        float(v)
        for r in sheet.iter_rows(min_row=first, max_row=last, min_col=2, max_col=9, values_only=True)
        for v in (r[0], *r[5:])
        if isinstance(v, (int, float))
    ]
    if values:
        low, high, _step = charts.nice_range(min(values), max(values))
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = low, high  # fitted, not the whole 8–80
    sheet.add_chart(chart, "K2")
    sheet.cell(
        row=last + 2,
        column=1,
        value=(
            "2011–2017: 6 chỉ số nội dung, thang 6–60; từ 2018: 8 chỉ số nội dung, thang 8–80 — không so sánh hai "
            "giai đoạn."
        ),
    )


def gaps_xlsx(report, checks) -> bytes:
    workbook = Workbook()
    sheet = _sheet(
        workbook.active,
        "Điểm yếu",
        [
            "Mã / Code",
            "Nội dung thành phần / Sub-dimension",
            "Điểm / Score",
            "Thang điểm / Scale",
            "Xếp hạng / Rank",
            "Thay đổi / Change",
            "Cách tỉnh cao nhất / Distance to best",
            "Lý do / Why",
            "Nhiệm vụ của kế hoạch / Tasks of the plan",
        ],
        [8, 44, 10, 12, 9, 10, 12, 40, 60],
    )
    for gap in report.gaps:
        line = gap.line
        sheet.append(
            [
                line.code,
                line.name,
                _num(line.value),
                f"{line.scale[0]:g}–{line.scale[1]:g}",
                f"{line.rank}/{line.of}",
                _num(line.change),
                _num(line.maximum - line.value) if line.maximum is not None else None,
                "; ".join(_reason(r) for r in gap.reasons),
                "\n".join(str(t) for t in gap.tasks) or _("No task addresses it"),
            ]
        )
    targets = _sheet(
        workbook.create_sheet(), "Mục tiêu", ["Mục tiêu / Target", "Kết quả / Result", "Căn cứ / Basis"], [60, 18, 70]
    )
    for check in checks:
        targets.append([check.target.text, check.label, check.reason])
    return workbook_bytes(workbook)


def _reason(key):
    return str(GapReason(key).label) if key in GapReason.values else key
