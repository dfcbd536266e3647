"""Measures written as prose → proposed tasks.

Most plans write their measures as prose under the content sections ("1.1 Nội dung … a) … b) …", "- Giao …")
and leave the task table to an attachment. Each numbered or bulleted measure there becomes a proposed task, in
the shape of a task-table row: the section it falls under is its group, the section's PAPI dimension its tag,
its timeframe is read from its own words ("thường xuyên", "trước ngày 30/6/2025", "Quý II/2024", "trong tháng
7/2024"), and its agencies are those whose duties in "Tổ chức thực hiện" name the measure's dimension or field:
an agency the unit orders ("Giao …") leads, a body it asks ("Đề nghị …") coordinates, never leads.
"""

from __future__ import annotations

import re

from chiso.lib.text import clean_text

from .. import parsing
from .text import fold

# Top-level sections that hold the measures, and those that do not (aims, scope, organisation, attachments).
CONTENT = re.compile(r"\b(noi dung|nhiem vu|giai phap|hoat dong|chuong trinh|bien phap|cong viec)\b")
NOT_CONTENT = re.compile(
    r"\b(muc dich|muc tieu|yeu cau|to chuc thuc hien|pham vi|doi tuong|kinh phi|che do bao cao|khen thuong)\b"
)
ATTACHED = re.compile(r"\b(dinh kem|kem theo|phu luc|bieu tong hop)\b")
MARK = re.compile(r"^(?:([-+•*–])\s*|([a-zđ])\s*[).]\s+|\((\d{1,2})\)\s*|(\d{1,2})\)\s*)")

# The fields a duty or a measure is about, by the words plans use for them.
FIELDS = {
    "propaganda": r"tuyen truyen|pho bien|truyen thong",
    "inspection": r"kiem tra|thanh tra|giam sat",
    "procedures": r"thu tuc hanh chinh|\btthc\b|mot cua",
    "environment": r"moi truong|chat thai|rac thai",
    "land": r"dat dai|su dung dat|gia dat",
    "health": r"\by te\b|kham, chua benh|kham chua benh",
    "education": r"giao duc|truong hoc|hoc sinh|giao vien",
    "digital": r"cong nghe thong tin|truc tuyen|dien tu|chuyen doi so|internet",
    "corruption": r"tham nhung|tieu cuc|nhung nhieu",
    "petitions": r"khieu nai|to cao|tiep cong dan|phan anh, kien nghi|doi thoai",
    "finance": r"ngan sach|thu chi|dong gop|tai chinh",
    "social": r"ho ngheo|chinh sach xa hoi|an sinh",
    "security": r"an ninh|trat tu|toi pham|phong chay",
    "legal": r"phap luat|tu phap|hoa giai",
    "democracy": r"dan chu o co so|quy che dan chu|thuc hien dan chu",
    "infrastructure": r"co so ha tang|giao thong|nuoc sach|chieu sang",
    "personnel": r"tuyen dung|dao tao|boi duong|ky luat, ky cuong|dao duc cong vu",
}
_FIELDS = [(name, re.compile(pattern)) for name, pattern in FIELDS.items()]
# Names that are a call on many people, not an agency to link ("Công chức chuyên môn", "Thủ trưởng các …").
GENERIC = re.compile(r"^(cac |nhung |can bo|cong chuc chuyen mon|thu truong|trach nhiem|chu tich|nguoi dung dau)")
TIME_PHRASES = re.compile(
    r"(?:tu (?:ngay )?\d{1,2}/\d{1,2}/\d{4} den (?:ngay )?\d{1,2}/\d{1,2}/\d{4}"
    r"|(?:truoc|cham nhat|han chot|hoan thanh truoc) (?:ngay )?\d{1,2}/\d{1,2}/\d{4}"
    r"|quy (?:iv|iii|ii|i|[1-4])\s*/\s*\d{4}"
    r"|(?:trong |trong thang |thang )\d{1,2}\s*/\s*\d{4}"
    r"|thuong xuyen|hang nam|hang quy|hang thang)"
)
_PRIORITY = ["by_date", "range", "month", "quarter", "ongoing"]


def fields_in(text: str) -> set[str]:
    folded = fold(text or "")
    return {name for name, pattern in _FIELDS if pattern.search(folded)}


def timeframe_in(text: str) -> dict:
    """The most precise timeframe the measure's words give; "unspecified" when they give none."""
    folded = fold(text or "")
    found = []
    for m in TIME_PHRASES.finditer(folded):
        phrase = m.group(0)
        if phrase.startswith(("hang ", "thuong xuyen")):
            found.append({"text": "Thường xuyên", "kind": "ongoing", "start": None, "end": None})
            continue
        phrase = re.sub(r"^trong (?=\d)", "tháng ", phrase)
        phrase = re.sub(r"^trong thang ", "tháng ", phrase)
        tf = parsing.timeframe(phrase)
        if tf["kind"] != "unspecified":
            tf["text"] = text[m.start() : m.end()] if len(text) == len(folded) else phrase
            found.append(tf)
    if not found:
        return {"text": None, "kind": "unspecified", "start": None, "end": None}
    return min(found, key=lambda tf: _PRIORITY.index(tf["kind"]) if tf["kind"] in _PRIORITY else len(_PRIORITY))


def _first_clause(text: str, limit: int = 160) -> str:
    return re.split(r"[.;:](?:\s|$)", text, maxsplit=1)[0][:limit]


def _is_content_root(section) -> bool:
    folded = fold(section["heading"])
    return bool(CONTENT.search(folded)) and not NOT_CONTENT.search(folded) and not ATTACHED.search(folded)


def _leaves(sections) -> set[int]:
    """ids of the sections with no section below them."""
    leaves = set()
    for i, section in enumerate(sections):
        following = sections[i + 1] if i + 1 < len(sections) else None
        if following is None or following["level"] <= section["level"]:
            leaves.add(id(section))
    return leaves


def read_measures(sections, items) -> list[dict]:
    """The measures of the content sections, as task rows (the schema's ``tasks`` items), in document order."""
    tops = [s for s in sections if s["level"] == 1]
    roots = [s for s in tops if _is_content_root(s)]
    if not roots:
        roots = [
            s for s in tops if not NOT_CONTENT.search(fold(s["heading"])) and not ATTACHED.search(fold(s["heading"]))
        ]
    root_ids = {id(s) for s in roots}
    leaves = _leaves(sections)
    marked_in = {
        id(item["path"][-1]) for item in items if not item["heading"] and item["path"] and MARK.match(item["raw"])
    }
    measures: list[dict] = []
    bullets: dict[int, int] = {}
    last_section = None
    for item in items:
        path = item["path"]
        if not path or id(path[0]) not in root_ids:
            continue
        section = path[-1]
        raw = clean_text(item["raw"]) or ""
        if item["heading"]:
            last_section = section
            leafy = id(section) in leaves and not section["text"]
            long_enough = section["style"] == "letter" or len(section["heading"].split()) >= 12
            if leafy and long_enough and len(path) > 1 and not ATTACHED.search(fold(section["heading"])):
                group = path[-2]
                measures.append(_measure(path[:-1], group, _number(path), section["heading"]))
            continue
        m = MARK.match(raw)
        text = raw[m.end() :].strip() if m else raw
        if not text or ATTACHED.search(fold(_first_clause(text))) or text.endswith(":"):
            continue  # a reference to the attached table, or the sentence that introduces a list
        base = _number(path)
        if m:
            letter = m.group(2) or m.group(3) or m.group(4)
            if letter is None:
                bullets[id(section)] = bullets.get(id(section), 0) + 1
                letter = str(bullets[id(section)])
            number = f"{base}.{letter}" if base else letter
            measures.append(_measure(path, section, number, text))
            last_section = section
        elif id(section) in marked_in:
            if measures and last_section is section and measures[-1]["_section"] is section:
                measures[-1]["activity"] = f"{measures[-1]['activity']}\n{text}"  # a measure's next paragraph
        elif id(section) in leaves and len(path) > 1 and not text.rstrip().endswith(":"):
            bullets[id(section)] = bullets.get(id(section), 0) + 1
            number = f"{base}.{bullets[id(section)]}" if base else None
            measures.append(_measure(path, section, number, text))
            last_section = section
    for measure in measures:
        measure.pop("_section")
        measure["timeframe"] = timeframe_in(measure["activity"])
    return measures


def _number(path) -> str | None:
    """ "6.a" for the lettered section a) under 6.; "1.1" for 1.1 (its number already holds its parent's)."""
    section = path[-1]
    if section["style"] == "letter" and len(path) > 1 and path[-2]["number"] and path[-2]["style"] != "roman":
        return f"{path[-2]['number']}.{section['number']}"
    return section["number"] if section["style"] != "roman" else None


def _measure(path, section, number, text) -> dict:
    dimensions = sorted({s["dimension"] for s in path if s.get("dimension")})
    if not dimensions:
        named = parsing.dimensions_in(_first_clause(text))
        dimensions = named if len(named) == 1 else []
    return {
        "number": (number or "")[:20] or None,
        "group": section["heading"],
        "group_number": _number(path),
        "activity": text,
        "lead": [],
        "coordinating": [],
        "timeframe": None,
        "output": None,
        "dimensions": dimensions[-1:] if dimensions else [],
        "_section": section,
        "_headings": " ".join(s["heading"] for s in path[1:]),
    }


AGENCY_START = (
    r"(?:Ủy ban|Uỷ ban|UBND|UBMTTQ|MTTQ|Mặt trận|Hội |Đoàn |Liên đoàn|Công an|Phòng |Ban |Trung tâm|Văn phòng|Thanh tra"
    r"|Trạm|Trường|Sở |Chi cục|Bộ phận|Công chức|Cấp ủy|Đảng ủy|Chi bộ|Bưu điện|Ngân hàng|Kho bạc|Chi nhánh|Quân sự"
    r"|Tòa án|Viện kiểm sát|Thường trực)"
)
NOT_A_NAME = r"(?!hành|kết|nghị|thảo|họp|viên|thi|lãnh đạo)"  # "Ban hành", "Đoàn kết", "Hội nghị" …
_NAMED = re.compile(
    rf"^(?:[-+•*–]\s*)?(Giao\s+|Đề nghị\s+)?({AGENCY_START}{NOT_A_NAME}[^,;:()]{{0,90}}?)\s+(chủ trì|phối hợp"
    r"|có trách nhiệm|chịu trách nhiệm|tham mưu|là cơ quan|thực hiện|tổ chức|triển khai|xây dựng|theo dõi|hướng dẫn"
    r"|tăng cường|chủ động|tích cực)\b",
    re.I,
)
# Bodies the unit asks and cannot order: the Front, mass organisations, Party bodies.
ASKED = re.compile(
    r"^(uy ban mat tran|ubmttq|mttq|mat tran|hoi |doan |lien doan|cap uy|dang uy|chi bo|thuong truc dang)"
)


def _named_agency(text):
    """(name, requested, role) when the sentence opens with an agency: "Giao Phòng X chủ trì …"."""
    m = _NAMED.match(clean_text(text) or "")
    if not m:
        return None
    name = re.split(r"\s+(?:trong|để|việc|về|với|theo|nhằm|tại)\s", m.group(2).strip(), maxsplit=1)[0]
    requested = (m.group(1) or "").startswith("Đề nghị") or bool(ASKED.match(fold(name)))
    role = "coordinating" if requested or m.group(3) == "phối hợp" else "lead"
    return name[:1].upper() + name[1:], requested, role


def _without(duty: str, name: str) -> str:
    """The duty without the agency's own name in front of it ("Mặt trận … phường phối hợp …" → "phối hợp …")."""
    m = _NAMED.match(clean_text(duty) or "")
    return duty[m.end(2) :].strip() if m and fold(m.group(2)) == fold(name) else duty


def assign_agencies(measures, responsibilities) -> None:
    """Lead and coordinating agencies from the duties that name a measure's dimension or field, in place; a
    measure that names its own agency ("Giao Văn phòng … chủ trì …") keeps that one."""
    holders = list(responsibilities)
    for r in responsibilities:
        for duty in r["duties"]:
            named = _named_agency(duty)
            if named and fold(named[0]) != fold(r["agency"]):
                holders.append({"agency": named[0], "duties": [duty], "requested": named[1]})
    duties = []
    for r in holders:
        name = r["agency"]
        if GENERIC.match(fold(name)) or len(name) > 120:
            continue
        # What a duty opens with names its field; its later words are often the purpose ("… để nhân dân … giám sát").
        clauses = [_first_clause(_without(d, name), 80) for d in r["duties"]] or [name]
        everything = " ".join(r["duties"])
        lead_fields, coordinate_fields = set(), set()
        for clause in clauses:
            target = coordinate_fields if fold(clause).startswith("phoi hop") else lead_fields
            target |= fields_in(clause)
        duties.append(
            {
                "name": name,
                "requested": r.get("requested", False) or bool(ASKED.match(fold(name))),
                "dimensions": set(parsing.dimensions_in(everything)),
                "lead_fields": lead_fields,
                "coordinate_fields": coordinate_fields,
            }
        )
    for measure in measures:
        headings = measure.pop("_headings", "")
        fields = fields_in(headings) | fields_in(" ".join(_first_clause(measure["activity"]).split()[:10]))
        dims = set(measure["dimensions"])
        own = _named_agency(measure["activity"])
        if own:
            measure["coordinating" if own[2] == "coordinating" else "lead"].append(own[0])
            continue
        for duty in duties:
            leads = bool(dims & duty["dimensions"]) or bool(fields & duty["lead_fields"])
            coordinates = bool(fields & duty["coordinate_fields"])
            role = "coordinating" if duty["requested"] or (coordinates and not leads) else "lead"
            if (leads or coordinates) and duty["name"] not in measure[role]:
                measure[role].append(duty["name"])
