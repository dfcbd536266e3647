"""A profile and a gap analysis as a .docx briefing note (layout: :mod:`.layout`)."""

from __future__ import annotations

from .. import charts
from .layout import Note
from .workbooks import BASIS_VI


def _f(value, signed=False):
    if value is None:
        return "–"
    text = f"{float(value):+.2f}" if signed else f"{float(value):.2f}"
    return text.replace(".", ",")


# The groups in a table cell: short names of PAPI's own legend (2022: Cao, Trung bình cao …), marked when computed.
SHORT_GROUPS = {1: "Cao", 2: "TB cao", 3: "TB thấp", 4: "Thấp", None: "–"}
BASIS_MARK = {"computed": "*", "partial": "†"}


def _group_cell(line) -> str:
    if line.value is None or line.group is None:
        return "–"
    return f"{SHORT_GROUPS[line.group]}{BASIS_MARK.get(getattr(line, 'basis', ''), '')}"


def _committee(unit):
    return ["ỦY BAN NHÂN DÂN", unit.name.upper()]


def _place(unit):
    name = unit.short_name or unit.name
    for prefix in ("Tỉnh ", "Thành phố ", "Thị xã ", "Huyện ", "Quận ", "Phường ", "Xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _standing_paragraphs(note, prof):
    total = prof.total
    names = charts.group_names()
    if total is None or total.value is None:
        note.text(f"PAPI không công bố điểm tổng hợp năm {prof.year} của {prof.unit.name}.")
        return
    change = (
        f"; so với năm {prof.previous_year}: {_f(total.change, signed=True)} điểm"
        if total.change is not None
        else f"; không so sánh được với năm {prof.previous_year} (thay đổi cấu trúc hoặc thang điểm)"
    )
    note.text(
        f"Năm {prof.year}, {prof.unit.name} đạt {_f(total.value)} điểm tổng hợp PAPI (thang điểm "
        f"{total.scale[0]:g}–{total.scale[1]:g}, {prof.n_dimensions} chỉ số nội dung), "
        f"xếp hạng {total.rank}/{total.of} tỉnh, thuộc {names[total.group].lower()} ({BASIS_VI[total.basis]}){change}. "
        f"Trung vị toàn quốc {_f(total.median)}; cao nhất {_f(total.maximum)} "
        f"({', '.join(u.name for u in total.best)})."
    )


GROUPS_NOTE = (
    "Nhóm: Cao, TB (trung bình) cao, TB thấp, Thấp — theo công bố của PAPI nơi PAPI công bố (điểm tổng hợp các năm "
    "2019, 2020, 2022; nhóm cao nhất năm 2023); * nhóm tính theo tứ phân vị; † nhóm cao nhất theo công bố, các nhóm "
    "khác tính theo tứ phân vị."
)


def _trend_charts(note, series, *, codes=None):
    """The total over the years against the nation, then the chosen scores as small charts."""
    by_code = {s.code: s for s in series or []}
    total = by_code.get("TOTAL")
    if total is not None:
        note.chart(
            charts.line_chart(total, width=600, height=240),
            caption=(
                "Điểm tổng hợp qua các năm: đường liền là của tỉnh (số cạnh mỗi điểm là thứ hạng), đường đứt là trung "
                "vị toàn quốc, dải màu từ tỉnh thấp nhất đến tỉnh cao nhất; mỗi giai đoạn một thang điểm."
            ),
        )
    chosen = [by_code[c] for c in (codes or []) if c in by_code]
    note.chart_grid(
        [(f"{s.code}. {s.name}", charts.line_chart(s, width=340, height=190, legend=False)) for s in chosen]
    )


def _other_indices(note, others):
    if not others:
        return
    note.heading("CÁC CHỈ SỐ KHÁC CỦA TỈNH")
    note.table(
        ["Chỉ số", "Năm", "Điểm", "Thang", "Hạng", "Nhóm", "Trung vị"],
        [
            [
                o.index.code,
                o.year,
                _f(o.value) + o.unit_label,
                f"{o.scale[0]:g}–{o.scale[1]:g}",
                f"{o.rank}/{o.of}" if o.rank else "–",
                f"{SHORT_GROUPS[o.group]}*" if o.group else "–",
                _f(o.median),
            ]
            for o in others
        ],
        numeric=(2, 6),
    )


def profile_docx(prof, series=None, others=None) -> bytes:
    note = Note(
        _committee(prof.unit),
        _place(prof.unit),
        ["BÁO CÁO TÓM TẮT", f"Kết quả Chỉ số PAPI năm {prof.year} của {prof.unit.name}"],
    )
    note.heading("I. KẾT QUẢ CHUNG")
    _standing_paragraphs(note, prof)
    _trend_charts(note, series)
    note.heading("II. KẾT QUẢ THEO CHỈ SỐ NỘI DUNG VÀ NỘI DUNG THÀNH PHẦN")
    note.table(
        ["Mã", "Nội dung", "Điểm", "Thang", "Hạng", "Nhóm", "Thay đổi", "Trung vị"],
        [
            [
                line.code if line.code != "TOTAL" else "",
                line.name or "Tổng hợp",
                _f(line.value),
                f"{line.scale[0]:g}–{line.scale[1]:g}".replace(".", ","),
                f"{line.rank}/{line.of}" if line.rank else "–",
                _group_cell(line),
                _f(line.change, signed=True),
                _f(line.median),
            ]
            for line in prof.lines
        ],
        numeric=(2, 6, 7),
    )
    note.text(GROUPS_NOTE, italic=True, size=11)
    _other_indices(note, others)
    if series:
        note.heading("III. DIỄN BIẾN CÁC CHỈ SỐ NỘI DUNG QUA CÁC NĂM")
        dimensions = [s for s in series if s.code != "TOTAL"]
        _trend_charts(note, dimensions, codes=[line.code for line in prof.dimensions])
    note.text(
        "Ghi chú: thang điểm mỗi chỉ số nội dung 1–10; nội dung thành phần của chỉ số có n nội dung thành phần "
        "1/n–10/n; điểm tổng hợp 6–60 (2011–2017) và 8–80 (từ 2018), không so sánh hai giai đoạn với nhau. "
        "Nguồn: kết quả PAPI công bố hằng năm.",
        italic=True,
        size=12,
    )
    return note.save()


def gaps_docx(report, checks, series=None) -> bytes:
    plan = report.plan
    province = report.province
    title = [
        "BÁO CÁO TÓM TẮT",
        f"Nội dung PAPI cần cải thiện của {province.name if province else plan.unit.name}"
        + (f" (kết quả {report.year})" if report.year else ""),
    ]
    note = Note(_committee(plan.unit), _place(plan.unit), title)
    note.text(f"Kèm theo: {plan.title}.", italic=True)
    if report.profile is None:
        note.text("Chưa có kết quả PAPI của tỉnh để phân tích.")
        return note.save()
    note.heading("I. KẾT QUẢ CHUNG CỦA TỈNH")
    _standing_paragraphs(note, report.profile)
    _trend_charts(note, series)
    note.heading("II. CÁC NỘI DUNG THÀNH PHẦN YẾU NHẤT")
    note.table(
        ["Mã", "Nội dung thành phần", "Điểm (thang)", "Hạng", "Thay đổi", "Nhiệm vụ của kế hoạch"],
        [
            [
                g.line.code,
                g.line.name,
                f"{_f(g.line.value)} ({g.line.scale[0]:g}–{g.line.scale[1]:g})".replace(".", ","),
                f"{g.line.rank}/{g.line.of}",
                _f(g.line.change, signed=True),
                "; ".join(str(t) for t in g.tasks) or "CHƯA CÓ NHIỆM VỤ",
            ]
            for g in report.gaps
        ],
        numeric=(4,),
    )
    if series:
        _trend_charts(note, [s for s in series if s.code != "TOTAL"], codes=[g.line.code for g in report.gaps])
    uncovered = report.uncovered
    if uncovered:
        note.text(
            "Đề nghị bổ sung nhiệm vụ cho các nội dung chưa có nhiệm vụ: "
            + "; ".join(f"{g.line.code} {g.line.name}" for g in uncovered)
            + "."
        )
    if checks:
        note.heading("III. ĐỐI CHIẾU MỤC TIÊU CỦA KẾ HOẠCH")
        note.table(["Mục tiêu", "Kết quả", "Căn cứ"], [[c.target.text, c.label, c.reason] for c in checks])
    return note.save()
