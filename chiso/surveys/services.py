"""State changes of surveys: create (from a template), questions (by hand or from an XLSForm), collection points,
open and close, answers (public link, paper entry, API, imported file), and a task drafted from a weak factor.

Each is one function, the single door the pages, the API and the demo go through; each checks the policy and
what the actor may name, in one transaction with its audit entry.
"""

from __future__ import annotations

import datetime
import hashlib
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from chiso.core.audit import record_change, record_created, snapshot
from chiso.core.models import AuditEntry
from chiso.core.permissions import policy
from chiso.core.services import Guard, require_version, transition
from chiso.indices.models import Dimension
from chiso.lib import tree
from chiso.lib.archives import ImportRefused, check_archive
from chiso.lib.text import nfc
from chiso.plans import services as plans
from chiso.plans.models import Plan, Task
from chiso.units.models import AdministrativeUnit

from . import relevance, xlsform
from .models import CollectionPoint, Factor, Question, Response, Survey, SurveyTemplate

QUESTION_FIELDS = (
    "name",
    "kind",
    "label",
    "label_en",
    "required",
    "relevant",
    "choices",
    "factor",
    "papi_code",
    "section",
)


# --- building ---------------------------------------------------------------------------------------------------
def units_for_surveys(actor):
    """The units where ``actor`` may create a survey (what the form offers, what the service accepts)."""
    return AdministrativeUnit.objects.filter(policy.units_where(actor, "add", Survey))


def units_for_points(survey):
    """A survey's points lie in its unit's subtree."""
    return AdministrativeUnit.objects.filter(tree.subtree_q([survey.unit.path]))


@transaction.atomic
def create_survey(*, actor, unit, title, template: SurveyTemplate | None = None, **fields) -> Survey:
    """A draft survey of ``unit``, with the questions of ``template`` when given and one collection point: the
    unit itself (more points — service points, communes — are added on the survey's page)."""
    policy.require_usable(actor, unit, field="unit", among=units_for_surveys(actor))
    policy.require(actor, "add", Survey, unit=unit)
    survey = Survey(unit=unit, title=nfc(title or (template.title if template else "")), **fields)
    if template is not None:
        survey.template_key = template.key
        survey.title_en = survey.title_en or template.title_en
        survey.description = survey.description or template.description
    survey.full_clean()
    survey.save()
    if template is not None:
        _replace_questions(survey, template.definition)
    CollectionPoint.objects.create(survey=survey, unit=unit)
    record_created(survey, actor)
    return survey


def _replace_questions(survey, definitions):
    survey.questions.all().delete()
    earlier: set[str] = set()
    for position, definition in enumerate(definitions, start=1):
        q = Question(survey=survey, position=position, **{k: definition.get(k, _default(k)) for k in QUESTION_FIELDS})
        _check_question(q, earlier)
        q.save()
        earlier.add(q.name)


def _default(name):
    return [] if name == "choices" else False if name == "required" else ""


def _check_question(q: Question, earlier: set[str]):
    q.full_clean(exclude=["survey"])
    if q.relevant:
        message = xlsform.check_relevant(q.relevant, earlier)
        if message:
            raise ValidationError({"relevant": message})


def _require_draft(survey):
    if not survey.is_editable:
        raise ValidationError(
            _("Questions change only while the survey is a draft: answers already given would no longer match."),
            code="not_draft",
        )


@transaction.atomic
def save_question(survey, *, actor, question: Question, loaded_version=None) -> Question:
    """Add ``question`` (unsaved) at the end, or save edits of an existing one (with the version loaded)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require_draft(survey)
    question.survey = survey
    earlier = set(
        survey.questions.exclude(pk=question.pk)
        .filter(position__lt=question.position or 10**6)
        .values_list("name", flat=True)
    )
    if question.pk is None:
        policy.require(actor, "add", Question, unit=survey.unit)
        question.position = (survey.questions.order_by("-position").values_list("position", flat=True).first() or 0) + 1
        _check_question(question, earlier)
        question.save()
        record_created(question, actor)
        return question
    current = Question.objects.select_for_update().get(pk=question.pk)
    policy.require(actor, "change", current)
    require_version(current, loaded_version, conflict=_conflict)
    _check_question(question, earlier)
    before = snapshot(current)
    question.version = current.version + 1
    question.save()
    record_change(question, AuditEntry.Action.UPDATE, actor, before, snapshot(question))
    return question


def _conflict():
    return _("Someone else saved this question after you opened it. Your text is kept below: check and save again.")


@transaction.atomic
def delete_question(question, *, actor):
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _require_draft(survey)
    policy.require(actor, "delete", question)
    used = [q.name for q in survey.questions.exclude(pk=question.pk) if question.name in _refs(q.relevant)]
    if used:
        raise ValidationError(
            _("Questions %(names)s are asked only after this one's answer: change their condition first.")
            % {"names": ", ".join(used)},
            code="referenced",
        )
    record_change(question, AuditEntry.Action.DELETE, actor, snapshot(question), None)
    question.delete()


def _refs(text):
    try:
        return relevance.references(relevance.parse(text)) if text else set()
    except relevance.RelevantError:
        return set()


_DRAFT = Guard(
    lambda s: s.is_editable, gettext_lazy("Questions change only while the survey is a draft."), code="not_draft"
)


def import_xlsform(survey, *, actor, data: bytes) -> int:
    """Replace the questions of a draft survey with an XLSForm's, all or nothing (``XLSFormError`` names rows)."""
    read = xlsform.read_xlsform(data)
    with transition(survey, actor=actor, event="survey.xlsform_imported", action="change", guard=_DRAFT) as t:
        _replace_questions(t.obj, read["questions"])
        t.data.update(count=len(read["questions"]))
    return len(read["questions"])


@transaction.atomic
def add_point(survey, *, actor, unit, name="", quota=0) -> CollectionPoint:
    """A collection point in the survey's subtree: a commune, or a service point inside one."""
    policy.require(actor, "add", CollectionPoint, unit=survey.unit)
    policy.require_usable(actor, unit, field="unit", among=units_for_points(survey))
    point = CollectionPoint(survey=survey, unit=unit, name=nfc(name or "").strip(), quota=quota or 0)
    try:
        point.full_clean()
    except ValidationError as exc:
        if "__all__" in getattr(exc, "message_dict", {}):
            raise ValidationError(
                {"name": _("This unit already has a point of that name in the survey.")}, code="duplicate"
            ) from None
        raise
    point.save()
    record_created(point, actor)
    return point


# --- opening and closing -------------------------------------------------------------------------------------
_CLOSED = Guard(lambda s: s.can_be_opened(), gettext_lazy("The survey is already open."), code="already_open")
_OPEN = Guard(lambda s: s.can_be_closed(), gettext_lazy("Only an open survey can be closed."), code="not_open")


def open_survey(survey, *, actor, loaded_version=None) -> Survey:
    """Open for answers (a draft, or a closed survey reopened). It needs questions and a collection point."""
    with transition(
        survey, actor=actor, event="survey.opened", action="open", guard=_CLOSED, loaded_version=loaded_version
    ) as t:
        if not t.obj.questions.exists():
            raise ValidationError(_("Add the questions first (by hand, from a template or an XLSForm)."), code="empty")
        t.obj.status = Survey.Status.OPEN
        if t.obj.opens_on is None:
            t.obj.opens_on = timezone.localdate()
        if t.obj.closes_on and t.obj.closes_on < timezone.localdate():
            raise ValidationError(
                _("The closing date %(date)s has passed: change it before opening.")
                % {"date": t.obj.closes_on.strftime("%d/%m/%Y")},
                code="closed_dates",
            )
    return t.obj


def close_survey(survey, *, actor, loaded_version=None) -> Survey:
    with transition(
        survey, actor=actor, event="survey.closed", action="close", guard=_OPEN, loaded_version=loaded_version
    ) as t:
        t.obj.status = Survey.Status.CLOSED
    return t.obj


# --- answers -----------------------------------------------------------------------------------------------------
def _parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def clean_answers(survey, raw: dict, questions=None) -> tuple[dict, dict]:
    """(answers as stored, {question name: message}) from what was typed or posted. A question whose condition
    does not hold is skipped (its answer, if any, dropped); a required one that holds must be answered."""
    questions = questions if questions is not None else list(survey.questions.order_by("position", "id"))
    answers, errors = {}, {}
    for q in questions:
        value = raw.get(q.name)
        if isinstance(value, str):
            value = nfc(value.strip())
        if q.relevant and not relevance.is_relevant(q.relevant, answers):
            continue
        empty = value in (None, "", []) or (isinstance(value, list) and not [v for v in value if v])
        if empty:
            if q.required:
                errors[q.name] = _("Please answer this question.")
            continue
        names = [str(o["name"]) for o in q.option_list()]
        if q.kind in (Question.Kind.LIKERT, Question.Kind.SINGLE):
            value = str(value).strip()
            if value.endswith(".0") and value[:-2] in names:
                value = value[:-2]
            if value not in names:
                errors[q.name] = _("“%(value)s” is not one of the choices (%(choices)s).") % {
                    "value": value,
                    "choices": ", ".join(names),
                }
                continue
        elif q.kind == Question.Kind.MULTIPLE:
            chosen = value if isinstance(value, list) else str(value).split()
            chosen = [str(v).strip() for v in chosen if str(v).strip()]
            wrong = [v for v in chosen if v not in names]
            if wrong:
                errors[q.name] = _("“%(value)s” is not one of the choices (%(choices)s).") % {
                    "value": ", ".join(wrong),
                    "choices": ", ".join(names),
                }
                continue
            value = chosen
        elif q.kind == Question.Kind.NUMBER:
            try:
                number = float(str(value).replace(",", "."))
            except ValueError:
                errors[q.name] = _("Write a number.")
                continue
            value = int(number) if number.is_integer() else number
        elif q.kind == Question.Kind.DATE:
            day = _parse_date(value)
            if day is None:
                errors[q.name] = _("Write the date as dd/mm/yyyy.")
                continue
            value = day.isoformat()
        else:
            value = str(value)[:2000]
        answers[q.name] = value
    return answers, errors


def device_hash(device_id: str | None) -> str | None:
    return hashlib.sha256(device_id.encode()).hexdigest() if device_id else None


def submit_response(point: CollectionPoint, *, raw: dict, channel: str, device_id=None, actor=None) -> Response:
    """Store one respondent's answers at ``point``. Public answers (web, API) need an open survey within its dates
    and are counted once per device; paper and imported forms need an official who may enter them, and may be
    entered until the survey is closed and after (forms collected on time, typed in later)."""
    survey = point.survey
    today = timezone.localdate()
    if channel in (Response.Channel.WEB, Response.Channel.API):
        if not survey.accepts_answers(today):
            raise ValidationError(_("This survey is not open for answers today."), code="not_open")
    else:
        policy.require(actor, "enter", survey)
        if survey.status == Survey.Status.DRAFT:
            raise ValidationError(_("Open the survey before entering forms."), code="draft")
    answers, errors = clean_answers(survey, raw)
    if errors:
        raise ValidationError(errors)
    response = Response(survey=survey, point=point, channel=channel, answers=answers, entered_by=actor)
    response.device = device_hash(device_id) if channel in (Response.Channel.WEB, Response.Channel.API) else None
    try:
        with transaction.atomic():
            response.save()
            if actor is not None:
                record_created(response, actor)
    except IntegrityError:
        raise ValidationError(
            _("An answer from this device is already recorded for this survey. Thank you: one answer is enough."),
            code="already_answered",
        ) from None
    return response


@dataclass
class ImportReport:
    """What an import of responses did (or would have done): a line per row with its problems."""

    rows: int = 0
    stored: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


POINT_HEADERS = {"point", "diem", "điểm", "diem_khao_sat", "chiso_point", "collection_point"}


def _point_lookup(survey):
    points = list(survey.points.select_related("unit"))
    table = {}
    for p in points:
        for key in (p.token, str(p), p.name, p.unit.code, p.unit.name):
            if key:
                table.setdefault(key.strip().lower(), []).append(p)
    return points, table


def import_responses(survey, *, actor, data: bytes, filename: str = "") -> ImportReport:
    """Responses from an .xlsx (our export, or a Kobo/ODK export: a column per question name, group paths like
    ``section_1/q1`` are read by their last part; a ``point`` column names the collection point when the survey
    has several). Every row is checked as a paper form is; one bad row stores nothing (the report lists them)."""
    policy.require(actor, "enter", survey)
    if survey.status == Survey.Status.DRAFT:
        raise ValidationError(_("Open the survey before entering forms."), code="draft")
    report = ImportReport()
    try:
        check_archive(data)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ImportRefused as exc:
        raise ValidationError(str(exc), code="unreadable") from None
    except Exception:
        raise ValidationError(
            _("The file is not an Excel workbook (.xlsx) that can be opened."), code="unreadable"
        ) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    questions = list(survey.questions.order_by("position", "id"))
    known = {q.name for q in questions}
    # The header is the first of the first rows that names a question (our export has two title rows above it).
    columns, header_row = [], 0
    for header_row, values in enumerate(rows, start=1):
        columns = [str(h or "").strip().split("/")[-1] for h in values or ()]
        if known & set(columns) or header_row >= 5:
            break
    if not known & set(columns):
        raise ValidationError(
            _("No column of the first sheet is named after a question of this survey (e.g. %(name)s).")
            % {"name": questions[0].name if questions else "q1"},
            code="no_columns",
        )
    points, lookup = _point_lookup(survey)
    point_column = next((i for i, c in enumerate(columns) if c.lower() in POINT_HEADERS), None)
    pending = []
    for number, values in enumerate(rows, start=header_row + 1):
        if values is None or all(v in (None, "") for v in values):
            continue
        report.rows += 1
        raw = {}
        for name, value in zip(columns, values, strict=False):
            if name in known and value not in (None, ""):
                raw[name] = value if isinstance(value, (datetime.date, int, float)) else str(value)
        if point_column is not None and point_column < len(values) and values[point_column] not in (None, ""):
            found = lookup.get(str(values[point_column]).strip().lower(), [])
            if len(found) != 1:
                report.problems.append(
                    (number, _("No single collection point is called “%(name)s”.") % {"name": values[point_column]})
                )
                continue
            point = found[0]
        elif len(points) == 1:
            point = points[0]
        else:
            report.problems.append((number, _("Name the collection point in the “point” column.")))
            continue
        answers, errors = clean_answers(survey, raw, questions)
        for name, message in errors.items():
            report.problems.append((number, f"{name}: {message}"))
        if not errors:
            pending.append(Response(survey=survey, point=point, channel=Response.Channel.IMPORT, answers=answers,
                                    entered_by=actor))  # fmt: skip
    if report.problems:
        return report
    if not pending:
        raise ValidationError(_("The file has no rows of answers."), code="empty")
    with transaction.atomic():
        Response.objects.bulk_create(pending, batch_size=1000)
        record_change(survey, AuditEntry.Action.UPDATE, actor, None, None, event="survey.responses_imported",
                      data={"count": len(pending), "file": filename or "xlsx"})  # fmt: skip
    report.stored = len(pending)
    return report


# --- acting on the results -----------------------------------------------------------------------------------------
def draft_task_for_factor(survey, factor: str, *, actor) -> Task:
    """A draft task of the unit's latest draft plan for a weak factor, tagged with the PAPI dimension its questions
    map to most; the coordinator then writes what is to be done (as the gap analysis drafts one for a weak
    sub-dimension). Through the plans' one door, ``add_task``."""
    if factor not in Factor.values:
        raise ValidationError(_("Choose a factor."), code="no_factor")
    policy.require(actor, "view", survey)
    plan = Plan.objects.filter(unit=survey.unit, status=Plan.Status.DRAFT).order_by("-year", "-id").first()
    if plan is None:
        raise ValidationError(
            _("%(unit)s has no draft plan: create or copy this year's plan first, then draft the task there.")
            % {"unit": survey.unit.name},
            code="no_draft_plan",
        )
    policy.require(actor, "change", plan)
    codes = [q.papi_code.split(".")[0] for q in survey.questions.filter(factor=factor) if q.papi_code]
    dimension = max(set(codes), key=codes.count) if codes else None
    label = str(Factor(factor).label)
    dimensions = list(Dimension.objects.filter(code=dimension).values_list("pk", flat=True)[:1]) if dimension else None
    with transaction.atomic():
        return plans.add_task(
            plan,
            actor=actor,
            dimensions=dimensions or None,
            event="task.drafted_from_survey",
            data={"factor": label, "survey": survey.pk},
            title=_("Improve “%(factor)s” (survey: %(survey)s)") % {"factor": label, "survey": survey.title},
            activity=_("To be written: what will be done about %(factor)s, by whom and by when.") % {"factor": label},
            timeframe_kind="ongoing",
            timeframe_text="Thường xuyên",
        )
