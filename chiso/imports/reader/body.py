"""The body of the plan: sections and their paragraphs, targets, duties of each agency, reporting, deadlines."""

from __future__ import annotations

import re

from chiso.lib.text import clean_text
from chiso.plans.targets import read_targets

from .. import parsing
from .text import STYLE_RANK, fold, heading_of


def _sections(paragraphs):
    """Headings (flattened, with levels and dimensions) and every paragraph with the headings above it."""
    found = []
    for p in paragraphs:
        h = heading_of(p)
        if h:
            found.append(h[0])
    present = sorted(set(found), key=lambda s: STYLE_RANK[s])
    levels = {}
    for style in present:
        levels[style] = len({STYLE_RANK[s] for s in present if STYLE_RANK[s] < STYLE_RANK[style]}) + 1
    sections, items, stack = [], [], []
    for p in paragraphs:
        if re.match(r"^(tren day la|trong qua trinh (?:trien khai|to chuc|thuc hien))", fold(p)):
            stack = []  # the closing sentence belongs to no section
        h = heading_of(p)
        if h:
            style, number, heading = h
            level = levels[style]
            stack = [s for s in stack if s["level"] < level]
            dims = parsing.dimensions_in(heading)
            if len(dims) == 1:
                dimension = dims[0]
            elif not dims and stack and stack[-1]["dimension"]:
                dimension = stack[-1]["dimension"]
            else:
                dimension = None
            section = {
                "number": number, "heading": heading, "level": level, "dimension": dimension, "style": style,
                "written": p, "text": [],
            }  # fmt: skip
            sections.append(section)
            stack.append(section)
            items.append({"text": heading, "path": list(stack), "heading": True, "raw": p})
        else:
            if stack:
                stack[-1]["text"].append(p)  # the paragraph as written, list mark and all
            items.append(
                {
                    "text": re.sub(r"^(?:[-+•*–]|[a-zđ]\)|\d{1,2}\))\s*", "", p),
                    "path": list(stack),
                    "heading": False,
                    "raw": p,
                }
            )
    return sections, items


def _under(item, words):
    return any(words in fold(s["heading"]) for s in item["path"])


def _targets(items):
    targets = []
    for item in items:
        if item["heading"] or not (_under(item, "muc tieu") or _under(item, "muc dich")):
            continue
        targets += [{"text": t.text, "kind": str(t.kind), "value": t.value} for t in read_targets(item["text"])]
    return targets


def _agency_name(heading: str) -> str:
    name = re.sub(r"^(đề nghị|giao|trách nhiệm của|đối với)\s+", "", heading, flags=re.I).strip(" :.")
    return name[:1].upper() + name[1:]


def _requested(heading: str) -> bool:
    """ "Đề nghị Ủy ban MTTQ …": a body the unit asks, and cannot order (Fatherland Front, Party bodies)."""
    return fold(heading).startswith(("de nghi", "kinh de nghi", "de nghi cac"))


# "- Giao Văn phòng HĐND-UBND chủ trì …", "Đề nghị Ủy ban MTTQ … phối hợp …": a duty written as a sentence.
_DUTY_SENTENCE = re.compile(
    r"^(?:[-+•*–]\s*)?(Giao|Đề nghị)\s+(.{3,120}?)(?=\s+(?:chủ trì|phối hợp|có trách nhiệm|thực hiện|tham mưu|tổ chức"
    r"|triển khai|xây dựng|theo dõi|hướng dẫn|chỉ đạo|tăng cường|làm tốt|tích cực|căn cứ|rà soát)\b|\s*[:,(])"
)


# Headings of the organisation part that are topics, not agencies ("Chế độ báo cáo", "Kinh phí thực hiện", …).
NOT_AN_AGENCY = re.compile(
    r"(?:che do|kinh phi|khen thuong|tien do|thoi gian|thoi han|bao cao|thong tin|kiem tra|giam sat|dieu khoan"
    r"|hieu luc|nguon)\b"
)
# A heading that holds the plan's reporting duties: "Chế độ báo cáo", "IV. CHẾ ĐỘ THÔNG TIN, BÁO CÁO", "Báo cáo".
REPORTING_HEADING = re.compile(r"^(?:che do (?:thong tin,? )?bao cao|(?:thong tin,? )?bao cao(?: dinh ky| ket qua)?\b)")


def _responsibilities(items):
    organisation = None
    for item in items:
        if item["heading"] and "to chuc thuc hien" in fold(item["text"]) and item["path"][-1]["level"] == 1:
            organisation = item["path"][-1]
    if organisation is None:
        return []
    result, current, child_level = [], None, None
    for item in items:
        if not item["path"] or item["path"][0] is not organisation:
            current = None
            continue
        if item["heading"] and len(item["path"]) >= 2 and item["path"][-1] is item["path"][1]:
            section = item["path"][1]
            child_level = child_level or section["level"]
            if section["level"] == child_level and NOT_AN_AGENCY.match(fold(item["text"])):
                current = None  # "2. Chế độ báo cáo", "3. Kinh phí": a topic of the organisation, not an agency
                continue
            if section["level"] == child_level:
                current = {"agency": _agency_name(item["text"]), "duties": [], "requested": _requested(item["text"])}
                result.append(current)
                continue
        if current is not None and item["path"][0] is organisation and len(item["path"]) >= 2:
            current["duties"].append(item["text"])
    if not result:
        # No heading per agency: the duties are sentences ("- Giao Văn phòng … chủ trì …", "Đề nghị …").
        for item in items:
            if item["heading"] or not item["path"] or item["path"][0] is not organisation:
                continue
            m = _DUTY_SENTENCE.match(clean_text(item["raw"]) or "")
            if m:
                name = _agency_name(m.group(2))
                result.append({"agency": name, "duties": [item["text"]], "requested": m.group(1) == "Đề nghị"})
    return result


CADENCES = [
    ("monthly", r"(?:hang|hang) thang|moi thang|bao cao thang"),
    ("quarterly", r"(?:hang|hang) quy|bao cao quy|moi quy|dinh ky quy"),
    ("semiannual", r"6 thang|sau thang|06 thang|giua nam"),
    (
        "annual",
        r"bao cao (?:ket qua )?nam\b(?! \d)|(?:hang|hang) nam|bao cao tong ket|\bnam\)|, nam\b(?! \d)"
        r"|\bva nam\b(?! \d)",
    ),
    ("adhoc", r"dot xuat"),
]


SENT_TO = r"\b(?:gui|ve|len)\s+(?:ve\s+)?((?:ubnd|uy ban nhan dan|phong|so|van phong|ban)\b[^,;.()]*)"


def _recipient(name: str) -> str | None:
    """ "Ủy ban nhân dân huyện qua Phòng Nội vụ trước ngày …" → "UBND huyện"."""
    name = re.sub(r"^(?:Ủy ban nhân dân|Uỷ ban nhân dân)", "UBND", name)
    name = re.split(r"\s+(?:theo|trước|định kỳ|cụ thể|để|về|qua|và|trong|khi|hoặc|chậm|hằng|hàng)\b", name)[0]
    return name.strip() or None


def _reporting(items):
    """The reporting duties: sentences that say what is reported when and to whom. Under a heading of reporting
    ("Chế độ báo cáo") every sentence with a cadence is one, and so is the heading's own text after a colon
    ("2. Chế độ báo cáo: định kỳ 6 tháng, năm …"); a sentence there naming only the recipient ("Gửi về UBND huyện
    qua Phòng Nội vụ") gives it to that heading's duties that name none."""
    duties, seen = [], set()
    intro_to = None
    section_to: dict[int, str] = {}  # the reporting heading (its id) → the recipient a sentence under it names
    for item in items:
        text = item["text"]
        folded = fold(text)
        reporting_heading = next((s for s in item["path"] if REPORTING_HEADING.match(fold(s["heading"]))), None)
        if item["heading"] and reporting_heading is item["path"][-1] and ":" in text:
            text = text.split(":", 1)[1].strip()  # "Chế độ báo cáo: <the duty>"
            folded = fold(text)
        elif item["heading"]:
            continue
        if reporting_heading is not None and not any(re.search(p, folded) for _, p in CADENCES):
            m = re.search(SENT_TO, folded)
            if m:
                name = _recipient(clean_text(text[m.start(1) : m.end(1)]))
                if name:
                    section_to[id(reporting_heading)] = name
            continue
        if "bao cao" not in folded and reporting_heading is None:
            continue
        plain = clean_text(re.sub(r"\([^()]*\)", " ", text))
        folded_plain = fold(plain)
        agency = r"((?:ubnd|uy ban nhan dan|phong|so|van phong|ban|thuong truc)\b[^,;.()]*)"
        # "báo cáo … về/gửi/cho/lên <agency>": the first "báo cáo" has the first such agency after it, if any
        # sentence does (one search after it, where ``bao cao\b.*?`` rescanned the rest from every "báo cáo").
        first = re.search(r"bao cao\b", folded_plain)
        m = first and re.compile(r"\b(?:ve|gui|cho|len)\s+" + agency).search(folded_plain, first.end())
        m = m or re.search(r"bao cao (?:ve |gui )?" + agency, folded_plain)
        to = None
        if m:
            start = m.start(1)
            to = plain[start : start + len(m.group(1))].strip()
            to = _recipient(to)
        if re.search(r"(?:cu the|nhu sau)\s*:?$", folded):
            intro_to = to
            continue
        near = re.search(
            r"bao cao[^.;]{0,60}\bhang (?:thang|quy|nam)|\bhang (?:thang|quy|nam)[^.;]{0,60}bao cao", folded
        )
        if (
            "dinh ky" not in folded
            and not folded.startswith("bao cao")
            and "dot xuat" not in folded
            and not near
            and reporting_heading is None
        ):
            continue
        if not to and folded.startswith("bao cao"):
            to = intro_to
        span = re.search(
            r"(?:tu|tinh tu) (?:ngay )?(\d{1,2}/\d{1,2}/\d{4}) den (?:ngay )?(\d{1,2}/\d{1,2}/\d{4})", folded
        )
        dues = list(
            re.finditer(r"(?:truoc|cham nhat|han chot|khong muon hon) (?:ngay )?(\d{1,2}/\d{1,2}/\d{4})", folded)
        )
        for cadence, pattern in CADENCES:
            found = re.search(pattern, folded)
            if not found:
                continue
            # Several cadences in one sentence: each takes the first due date written after it, or the one just
            # before it when the cadence is said in brackets after its date ("trước ngày 05/6/2025 (6 tháng)").
            due = next((d for d in dues if re.fullmatch(r"\s*\(\s*", folded[d.end() : found.start()])), None)
            due = due or next((d for d in dues if d.start() > found.start()), dues[-1] if dues else None)
            if (
                cadence == "annual"
                and re.search(r"6 thang dau nam|sau thang dau nam", folded)
                and not re.search(r"bao cao (?:ket qua )?nam\b(?! \d)|hang nam|, nam\b|nam\)", folded)
            ):
                continue
            entry = {
                "_heading": id(reporting_heading) if reporting_heading is not None else None,
                "cadence": cadence,
                "due_on": parsing.iso(parsing.parse_date(due.group(1))) if due else None,
                "data_from": parsing.iso(parsing.parse_date(span.group(1))) if span else None,
                "data_to": parsing.iso(parsing.parse_date(span.group(2))) if span else None,
                "to": to,
                "text": clean_text(text),
            }
            key = (cadence, entry["due_on"])
            if key not in seen:
                seen.add(key)
                duties.append(entry)
    for entry in duties:
        heading = entry.pop("_heading")
        if not entry["to"] and heading in section_to:
            entry["to"] = section_to[heading]
    return duties


def _deadlines(items):
    found = []
    for item in items:
        text = clean_text(item["text"])
        folded = fold(text)
        if item["heading"]:
            continue
        m = re.search(r"(?:cham nhat|trong (?:thoi han|vong)) (\d{1,3}) ngay lam viec (?:sau|ke tu) (.*)", folded)
        if m:
            what = text[: m.start()].strip(" -,") or text
            tail = m.group(2)
            # The rule in the plan's own words, in Vietnamese like the text it comes from.
            after = (
                "kể từ ngày kế hoạch cấp trên được ban hành"
                if "ke hoach" in tail
                else "sau " + clean_text(text[m.start(2) :]).rstrip(".")
            )
            found.append(
                {"what": what, "due_on": None, "rule": f"{int(m.group(1))} ngày làm việc {after}", "text": text}
            )
            continue
        if "bao cao" in folded and ("dinh ky" in folded or folded.startswith("bao cao")):
            continue
        m = re.search(r"(?:truoc|cham nhat|han chot) (?:ngay )?(\d{1,2}/\d{1,2}/\d{4})", folded)
        if m:
            due = parsing.parse_date(m.group(1))
            if due:
                what = text[: m.start()].strip(" -,") or text
                found.append({"what": what, "due_on": due.isoformat(), "rule": None, "text": text})
    return found
