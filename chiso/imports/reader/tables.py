"""Task tables: the header row's columns, the rows under it (continuations joined), the rows as tasks."""

from __future__ import annotations

import re

from chiso.lib.budget import charge
from chiso.lib.text import clean_text
from chiso.plans.importers import split_agencies

from .. import parsing
from ..sources import CELL_BREAK
from .text import END_OF_BODY, ROMAN, _is_table_line, fold

HEADER_WORDS = [
    ("number", r"^(?:stt|tt|so tt|so thu tu)$"),
    ("lead", r"chu tri"),
    ("coordinating", r"phoi hop"),
    ("timeframe", r"^(?:thoi gian|thoi han|tien do|han hoan thanh)"),
    ("output", r"^(?:san pham|ket qua)"),
    ("papi", r"^(?:papi|(?:chi so|linh vuc|noi dung) papi|chi so (?:noi dung|thanh phan))"),
    ("title", r"^(?:noi dung|linh vuc|nhom nhiem vu)$"),
    ("activity", r"^(?:hoat dong|nhiem vu|noi dung (?:cong viec|nhiem vu|hoat dong|thuc hien)|ten nhiem vu|cong viec"
     r"|giai phap|nhiem vu, giai phap)"),
]  # fmt: skip


def _header_columns(cells) -> dict:
    """Column of each known heading: "STT", "Nội dung", "Hoạt động", "Đơn vị/Cơ quan chủ trì", "Phối hợp", …"""
    found = {}
    for index, cell in enumerate(cells):
        key = fold(cell.replace(CELL_BREAK, " ")).strip(" :.*")
        if not key or len(key) > 60:
            continue
        for column, pattern in HEADER_WORDS:
            if column not in found and re.search(pattern, key):
                found[column] = index
                break
    if "activity" not in found and "title" in found:
        # Only "Nội dung": the content column holds the activities.
        found["activity"] = found.pop("title")
    return found


def _split_tables(lines):
    """Body lines and task tables ([header, rows]); other tables (a two-column header) become body lines."""
    body, tables = [], []
    i = 0
    while i < len(lines):
        line = lines[i]
        charge(len(line))
        if _is_table_line(line) and len(_header_columns(line.split("\t"))) >= 3:
            header = line.split("\t")
            rows = []
            i += 1
            if i < len(lines) and _is_table_line(lines[i]):
                sub = _header_columns(lines[i].split("\t"))
                named = [c for c in lines[i].split("\t") if c.strip()]
                if {"lead", "coordinating"} & set(sub) and len(sub) == len(named):
                    # "Đơn vị thực hiện" over "Chủ trì | Phối hợp": the second row names the columns.
                    below = lines[i].split("\t")
                    width = max(len(header), len(below))
                    header = [
                        (below[k] if k < len(below) and below[k].strip() else (header[k] if k < len(header) else ""))
                        for k in range(width)
                    ]
                    i += 1
            loose: list[str] = []  # lines that continue the last row's last cell, joined once

            def add_loose(rows=rows, loose=loose):
                if loose:
                    rows[-1][-1] = f"{rows[-1][-1]} {' '.join(loose)}".strip()
                    loose.clear()

            while i < len(lines):
                row = lines[i]
                charge(len(row))
                if re.fullmatch(r"[-\t| :]*", row) and "-" in row:
                    i += 1
                    break
                if not row:
                    i += 1
                    continue
                if not _is_table_line(row):
                    folded = fold(row)
                    if rows and len(rows[-1]) < len(header) and not END_OF_BODY.match(folded):
                        loose.append(row)
                        i += 1
                        continue
                    break
                add_loose()
                cells = row.split("\t")
                if rows and len(rows[-1]) < len(header) - 1 and len(rows[-1]) + len(cells) - 1 <= len(header):
                    rows[-1][-1] = f"{rows[-1][-1]} {cells[0]}".strip()
                    rows[-1].extend(cells[1:])
                else:
                    rows.append(cells)
                i += 1
            add_loose()
            tables.append((header, rows))
            continue
        if _is_table_line(line):
            for cell in line.split("\t"):
                body.extend(p for p in cell.split(CELL_BREAK) if p)
        else:
            body.extend(p for p in line.split(CELL_BREAK) if p)
        i += 1
    return body, tables


def _split_pipes(lines):
    out = []
    for line in lines:
        if "\t" not in line and " | " in line:
            out.extend(p.strip() for p in line.split("|") if p.strip())
        elif "\t" not in line and line.startswith("|") and line.endswith("|"):
            out.extend(p.strip() for p in line.strip("|").split("|") if p.strip())
        else:
            out.append(line)
    return out


def _tasks(header_cells, rows, warnings):
    columns = _header_columns(header_cells)
    width = len(header_cells)
    tasks, group, group_number = [], None, None
    for cells in rows:
        cells = ["\n".join(clean_text(p) or "" for p in c.split(CELL_BREAK)).strip() for c in cells]
        raw = list(cells)
        if len(cells) < width:
            # Leading empty cells were dropped (a continuation row pasted without its STT column): align right.
            cells = [""] * (width - len(cells)) + cells
        cells = cells[:width] + [" ".join(cells[width:])] if len(cells) > width else cells

        def cell(name, cells=cells):
            i = columns.get(name)
            return " ".join((cells[i] if i is not None and i < len(cells) else "").split())

        def cell_raw(name, cells=cells):
            i = columns.get(name)
            return cells[i] if i is not None and i < len(cells) else ""

        number, title, activity = cell("number"), cell("title"), cell("activity")
        lead_text, coord_text, time_text = cell_raw("lead"), cell_raw("coordinating"), cell("timeframe")
        if not any(raw):
            continue
        if title:
            group, group_number = title, number
        if not lead_text.strip() and not coord_text.strip() and not time_text:
            if not title and activity:
                # A group row written in the activity column ("I. Công tác tuyên truyền").
                group = re.sub(rf"^(?:{ROMAN}|\d{{1,2}})\s*[.)]\s*", "", activity).strip() or None
                group_number = number or None
            continue
        if number and not title and not activity:
            activity = ""
        m = re.match(r"^(\d{1,2}(?:\s*[.,]\s*\d{1,2})+)\s*[.,)]?\s+(.*)$", activity)
        if m:
            act_number, activity = re.sub(r"\s", "", m.group(1)).replace(",", "."), m.group(2)
        else:
            act_number = number or None
        if not activity:
            activity = title
        tasks.append(
            {
                "number": act_number,
                "group": group,
                "activity": activity,
                "lead": _agencies(lead_text),
                "coordinating": _agencies(coord_text),
                "timeframe": parsing.timeframe(time_text),
                "output": cell("output") or None,
                "dimensions": sorted(set(re.findall(r"D[1-8]", cell("papi").upper()))),
            }
        )
        if group_number and number and number != group_number:
            group_number = number
    return tasks


def _agencies(text):
    return [clean_text(name) for name in split_agencies(text) if name]
