"""XLSForm in and out: the ODK/Kobo standard, so a form built in Kobo comes in and ours goes out to ODK Collect.

``export_xlsform(survey)`` writes the ``survey``, ``choices`` and ``settings`` sheets (Vietnamese labels with the
English version beside them, groups for sections, the SIPAS factor and PAPI code in ``chiso_factor`` /
``chiso_papi`` columns that ODK ignores). ``read_xlsform(data)`` reads such a workbook back into question
definitions; every problem is reported with its sheet row, and the form is converted by ``pyxform`` too, so what
we accept ODK accepts.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from chiso.lib.xlsx import workbook_bytes

from . import relevance
from .models import NAME, PAPI_CODE, Factor, Question, likert_choices

VI, EN = "Tiếng Việt (vi)", "English (en)"
LIKERT_LIST = "likert5"
META_TYPES = {
    "note", "calculate", "start", "end", "today", "deviceid", "username", "phonenumber", "simserial",
    "subscriberid", "audit", "hidden", "start-geopoint", "background-audio",
}  # fmt: skip
SIMPLE_TYPES = {"integer": "number", "decimal": "number", "range": "number", "text": "text", "date": "date"}
TRUE = {"yes", "true", "true()", "1", "có"}


class XLSFormError(ValueError):
    """The form cannot be read; ``problems`` lists (row, message) pairs (row None: the whole file)."""

    def __init__(self, problems):
        super().__init__("; ".join(m for _r, m in problems))
        self.problems = problems

    @property
    def messages(self) -> list[str]:
        return [
            (_("Row %(row)s: %(message)s") % {"row": row, "message": message}) if row else message
            for row, message in self.problems
        ]


# --- out ------------------------------------------------------------------------------------------------------
def export_xlsform(survey) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "survey"
    sheet.append(["type", "name", f"label::{VI}", f"label::{EN}", "required", "relevant", "chiso_factor", "chiso_papi"])
    choices = workbook.create_sheet("choices")
    choices.append(["list_name", "name", f"label::{VI}", f"label::{EN}", "chiso_score"])
    likert_written = False
    section = None
    group = 0
    for q in survey.questions.order_by("position", "id"):
        if q.section != section:
            if section:
                sheet.append(["end_group"])
            section = q.section
            if section:
                group += 1
                sheet.append(["begin_group", f"section_{group}", section, ""])
        if q.kind == Question.Kind.LIKERT:
            kind = f"select_one {LIKERT_LIST}"
            if not likert_written:
                for option in _likert_options():
                    choices.append([LIKERT_LIST, *option])
                likert_written = True
        elif q.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            list_name = f"{q.name}_c"
            kind = f"{'select_one' if q.kind == Question.Kind.SINGLE else 'select_multiple'} {list_name}"
            for c in q.choices:
                choices.append([list_name, c["name"], c.get("label", ""), c.get("label_en", ""), c.get("score", "")])
        else:
            kind = {"number": "decimal", "text": "text", "date": "date"}[q.kind]
        sheet.append(
            [kind, q.name, q.label, q.label_en, "yes" if q.required else "", q.relevant, q.factor, q.papi_code]
        )
    if section:
        sheet.append(["end_group"])
    settings = workbook.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([survey.title, f"chiso_survey_{survey.pk}", str(survey.version), VI])
    for ws, widths in ((sheet, [24, 18, 60, 50, 9, 30, 12, 10]), (choices, [16, 14, 40, 34, 10])):
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
    return workbook_bytes(workbook)


def _likert_options():
    english = ["Very dissatisfied", "Dissatisfied", "Neither satisfied nor dissatisfied", "Satisfied", "Very satisfied"]
    vietnamese = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"]
    return [[c["name"], vi, en, c["score"]] for c, vi, en in zip(likert_choices(), vietnamese, english, strict=True)]


# --- in -------------------------------------------------------------------------------------------------------
def _rows(sheet):
    """(row number, {header: text}) of a sheet, skipping blank rows; headers in lower case."""
    rows = sheet.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        return []
    names = [str(h).strip().lower() if h is not None else "" for h in header]
    out = []
    for number, values in enumerate(rows, start=2):
        record = {
            name: str(value).strip()
            for name, value in zip(names, values, strict=False)
            if name and value is not None and str(value).strip() != ""
        }
        if record:
            out.append((number, record))
    return out


def _label_columns(headers) -> tuple[str | None, str | None]:
    labels = [h for h in headers if h == "label" or h.startswith("label::")]
    vi = next((h for h in labels if "(vi)" in h or "viet" in h or "tiếng việt" in h), None)
    en = next((h for h in labels if "(en)" in h or "english" in h), None)
    if vi is None:
        vi = next((h for h in labels if h != en), None)
    return vi, en


def read_xlsform(data: bytes) -> dict:
    """``{"title", "questions": [definition…]}`` from an XLSForm workbook, or ``XLSFormError``."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise XLSFormError([(None, _("The file is not an Excel workbook (.xlsx) that can be opened."))]) from None
    sheets = {ws.title.strip().lower(): ws for ws in workbook.worksheets}
    if "survey" not in sheets:
        raise XLSFormError([(None, _("An XLSForm has a sheet named “survey”; this file has none."))])
    survey_rows = _rows(sheets["survey"])
    choice_rows = _rows(sheets["choices"]) if "choices" in sheets else []
    settings_rows = _rows(sheets["settings"]) if "settings" in sheets else []
    problems: list[tuple[int | None, str]] = []
    headers = {h for _n, r in survey_rows for h in r}
    vi, en = _label_columns(headers)
    cvi, cen = _label_columns({h for _n, r in choice_rows for h in r})
    lists: dict[str, list[dict]] = {}
    for number, r in choice_rows:
        list_name, name = r.get("list_name") or r.get("list name"), r.get("name")
        if not list_name or not name:
            problems.append((number, _("On the choices sheet, a choice needs a list_name and a name.")))
            continue
        choice = {"name": name, "label": r.get(cvi or "label", name), "label_en": r.get(cen, "") if cen else ""}
        if r.get("chiso_score", "") != "":
            try:
                choice["score"] = float(r["chiso_score"])
            except ValueError:
                problems.append((number, _("The score “%(value)s” is not a number.") % {"value": r["chiso_score"]}))
        lists.setdefault(list_name, []).append(choice)
    questions, sections, seen = [], [], set()
    for number, r in survey_rows:
        kind_text = re.sub(r"\s+", " ", r.get("type", "")).strip()
        base = kind_text.split(" ")[0].lower() if kind_text else ""
        if base in ("begin_group", "begin", "begin_repeat") or kind_text.lower() in ("begin group", "begin repeat"):
            sections.append(r.get(vi or "label", "") or r.get("name", ""))
            continue
        if base in ("end_group", "end", "end_repeat") or kind_text.lower() in ("end group", "end repeat"):
            if sections:
                sections.pop()
            continue
        if not kind_text:
            problems.append((number, _("The row has no type.")))
            continue
        if base in META_TYPES:
            continue
        name = r.get("name", "")
        q = {"name": name, "label": r.get(vi or "label", ""), "label_en": r.get(en, "") if en else ""}
        if base in ("select_one", "select_multiple"):
            parts = kind_text.split(" ")
            list_name = parts[1] if len(parts) > 1 else ""
            options = lists.get(list_name)
            if not options:
                problems.append(
                    (number, _("The choice list “%(list)s” is not on the choices sheet.") % {"list": list_name})
                )
                continue
            if base == "select_one" and sorted(c["name"] for c in options) == ["1", "2", "3", "4", "5"]:
                q["kind"] = "likert"
            else:
                q["kind"] = "single" if base == "select_one" else "multiple"
                q["choices"] = options
        elif base in SIMPLE_TYPES:
            q["kind"] = SIMPLE_TYPES[base]
        else:
            problems.append(
                (
                    number,
                    _(
                        "Unknown question type “%(type)s”: "
                        "use select_one, select_multiple, integer, decimal, text or date."
                    )
                    % {"type": kind_text},
                )
            )
            continue
        if not NAME.match(name):
            problems.append((number, _("The name “%(name)s” is not a valid XLSForm name.") % {"name": name}))
            continue
        if name in seen:
            problems.append((number, _("The name “%(name)s” is used twice.") % {"name": name}))
            continue
        if not q["label"]:
            problems.append((number, _("The question “%(name)s” has no label.") % {"name": name}))
        q["required"] = r.get("required", "").lower() in TRUE
        q["section"] = sections[-1] if sections else ""
        factor = r.get("chiso_factor", "")
        if factor and factor not in Factor.values:
            problems.append((number, _("Unknown SIPAS factor “%(value)s”.") % {"value": factor}))
        q["factor"] = factor if factor in Factor.values else ""
        papi = r.get("chiso_papi", "").upper()
        if papi and not PAPI_CODE.match(papi):
            problems.append((number, _("A PAPI code looks like D5 or D5.2, not “%(value)s”.") % {"value": papi}))
        q["papi_code"] = papi if PAPI_CODE.match(papi or "-") else ""
        q["relevant"] = r.get("relevant", "")
        if q["relevant"]:
            message = check_relevant(q["relevant"], seen)
            if message:
                problems.append((number, message))
        seen.add(name)
        questions.append(q)
    if not problems:
        try:
            convert(xlsform=io.BytesIO(data), file_type=".xlsx")
        except PyXFormError as exc:
            problems.append((None, _("ODK's converter refuses the form: %(error)s") % {"error": exc}))
        except Exception as exc:  # pyxform raises plain errors on some malformed sheets
            problems.append((None, _("ODK's converter refuses the form: %(error)s") % {"error": exc}))
    if not questions and not problems:
        problems.append((None, _("The form has no question.")))
    if problems:
        raise XLSFormError(problems)
    title = next((r.get("form_title") for _n, r in settings_rows if r.get("form_title")), "")
    return {"title": title, "questions": questions}


def check_relevant(text: str, earlier: set[str]) -> str | None:
    """None when the condition can be read and names only earlier questions, else the message."""
    try:
        node = relevance.parse(text)
    except relevance.RelevantError as exc:
        return _("The condition “%(text)s” cannot be read: %(error)s") % {"text": text, "error": exc}
    unknown = sorted(relevance.references(node) - set(earlier))
    if unknown:
        return _("The condition “%(text)s” names %(names)s, which is not an earlier question.") % {
            "text": text,
            "names": ", ".join(unknown),
        }
    return None
