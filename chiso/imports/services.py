"""Upload → preview → confirm: the state changes of the plan import (audited, all-or-nothing)."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
import threading

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import close_old_connections, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chiso.celery import app as celery_app
from chiso.core.audit import record_change, record_created, snapshot
from chiso.core.models import AuditEntry
from chiso.core.permissions import policy
from chiso.core.services import ConflictError, delete_object, require_version
from chiso.indices.models import Dimension
from chiso.lib.budget import OverBudget
from chiso.lib.text import fold, nfc
from chiso.plans import services as plans
from chiso.plans.models import Plan, Target
from chiso.reporting import services as reporting
from chiso.reporting.models import Cadence, Schedule, Window
from chiso.units.matching import MATCHED, UNMATCHED, AgencyMatcher
from chiso.units.models import Agency

from . import drafting, ocr, recognition, tasks
from .models import ImportedDeadline, PlanImport
from .parsing import timeframe as read_timeframe

NEW = "new"
log = logging.getLogger(__name__)


def read_upload(data: bytes, name: str) -> dict:
    """The reader's JSON for an upload, within the time budget (``CHISO_IMPORT_SECONDS``); raises
    ``ValidationError`` (code "refused") with the reason when the file is refused or takes too long.

    With a broker and a result store the reading runs in a Celery worker (soft and hard time limits) and this
    process waits at most the budget and a margin; otherwise (and when no worker answers: a broker configured for
    the cache but no worker started) in this process, stopped by the parsers' deadline."""
    from celery.exceptions import CeleryError, TimeoutError, WorkerLostError

    seconds = settings.CHISO_IMPORT_SECONDS
    payload = (base64.b64encode(data).decode("ascii"), name, get_language())
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_RESULT_BACKEND or not workers_listening():
        outcome = tasks.read_upload.apply(args=payload).get()
    else:
        pending = tasks.read_upload.apply_async(args=payload)
        try:
            outcome = pending.get(timeout=seconds + 20)
        except (TimeoutError, WorkerLostError, CeleryError) as exc:  # the hard limit killed it, or no worker ran it
            log.warning("plan import %r: no answer from the worker within %s s (%r)", name, seconds, exc)
            pending.revoke()
            outcome = {"refused": str(OverBudget(seconds))}
        finally:
            pending.forget()
    if "scan" in outcome:
        raise ValidationError(outcome["refused"], code="scan", params={"pages": outcome["scan"]})
    if "refused" in outcome:
        raise ValidationError(outcome["refused"], code="refused")
    return outcome["result"]


def workers_listening(timeout: float = 1.0) -> bool:
    """Whether a Celery worker answers on the broker now (the first answer ends the wait). Without one, a job sent
    to the broker would wait there while the person waits at the page."""
    try:
        return bool(celery_app.control.ping(timeout=timeout, limit=1))
    except Exception:  # the broker itself is down: no worker can take the job either
        log.warning("no answer from the Celery broker", exc_info=True)
        return False


def start_import(*, unit, actor, name: str, data: bytes) -> PlanImport:
    """Read the file and keep it with what was understood; nothing else is written until confirmation.

    A scan (a PDF of pictures, a photo) is kept at once, "being recognised": its text recognition (OCR) runs as a
    background job (:mod:`.recognition`) whose progress the preview page shows; refused with a message that says
    what to upload instead where OCR is not available here."""
    policy.require(actor, "add", Plan, unit=unit)
    scan_pages = None
    try:
        result = read_upload(data, name)
    except ValidationError as exc:
        if exc.code != "scan" or ocr.unavailable():
            raise
        result, scan_pages = {}, exc.params["pages"]
        if scan_pages > settings.CHISO_OCR_MAX_PAGES:
            raise ValidationError(
                _("This scan has %(pages)s pages; text recognition reads at most %(n)s. Upload the plan's own pages.")
                % {"pages": scan_pages, "n": settings.CHISO_OCR_MAX_PAGES},
                code="refused",
            ) from exc
    with transaction.atomic():
        record = PlanImport(unit=unit, name=name[:255], size=len(data), result=result, created_by=actor)
        if scan_pages is not None:
            record.status, record.pages_total = PlanImport.Status.READING, scan_pages
        record.file.save(name[-100:], ContentFile(data), save=False)
        record.save()
        record_created(record, actor)
        if scan_pages is not None:
            language = get_language()
            transaction.on_commit(lambda: recognise_later(record.pk, language))
    return record


def recognise_later(pk: int, language: str | None) -> None:
    """The text recognition of import ``pk`` as a background job: a Celery worker's with a broker, else a thread of
    this process (``CHISO_OCR_IN_THREAD``, or a broker that no worker listens to), else here and now (tests)."""
    if not settings.CELERY_TASK_ALWAYS_EAGER and workers_listening():
        tasks.recognise_upload.delay(pk, language)
    elif settings.CHISO_OCR_IN_THREAD or not settings.CELERY_TASK_ALWAYS_EAGER:
        threading.Thread(target=_recognise_in_thread, args=(pk, language), name=f"chiso-ocr-{pk}", daemon=True).start()
    else:
        tasks.recognise_upload.apply(args=(pk, language))


def _recognise_in_thread(pk: int, language: str | None) -> None:
    try:
        recognition.run(pk, language)
    finally:
        close_old_connections()


def agency_names(result) -> list[str]:
    names = []
    for task in result.get("tasks", []):
        for name in task["lead"] + task["coordinating"]:
            if name not in names:
                names.append(name)
    return names


def match_names(record) -> dict:
    matcher = AgencyMatcher(record.unit)
    return {name: matcher.match(name) for name in agency_names(record.result)}


def unmatched_names(record) -> list[str]:
    return [name for name, m in match_names(record).items() if m.status == UNMATCHED]


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _resolve(record, actor, choices, matches):
    """Every unmatched name gets an agency (chosen, or created); chosen names become aliases."""
    missing = [n for n, m in matches.items() if m.status == UNMATCHED and not choices.get(n)]
    if missing:
        raise ValidationError(
            _("Choose an agency (or “create this agency”) for: %(names)s.") % {"names": "; ".join(missing)},
            code="unmatched",
        )
    resolved = {n: list(m.agencies) for n, m in matches.items()}
    # What the preview offers: the agencies of the unit, below and above it (those above only coordinate).
    offered = {str(a.pk): a for a in AgencyMatcher(record.unit).agencies}
    for name, choice in choices.items():
        if name not in matches or matches[name].status != UNMATCHED:
            continue
        if choice == NEW:
            policy.require(actor, "add", Agency, unit=record.unit)
            agency = Agency(unit=record.unit, name=name[:200], kind=Agency.Kind.OFFICE)
            agency.full_clean()
            agency.save()
            record_created(agency, actor, event="agency.imported")
        else:
            agency = offered.get(str(choice))
            if agency is None:
                raise ValidationError(_("The chosen agency for “%(name)s” does not exist.") % {"name": name})
            learn = policy.can(actor, "change", agency)  # an agency above keeps its names: not the actor's to edit
            if learn and name not in (agency.aliases or []) and name != agency.name:
                before = snapshot(agency)
                agency.aliases = [*(agency.aliases or []), name]
                agency.save(update_fields=["aliases", "updated_at"])
                record_change(
                    agency,
                    AuditEntry.Action.UPDATE,
                    actor,
                    before,
                    snapshot(agency),
                    event="agency.alias_confirmed",
                    data={"alias": name},
                )
        resolved[name] = [agency]
    return resolved


def number_clash(unit, code, year):
    """The unit's plan that already has this number in this year, if any (numbers are unique per unit and year)."""
    if not code:
        return None
    return Plan.objects.filter(unit=unit, code=code, year=year).first()


def plan_fields(record, edits=None) -> dict:
    """The plan's header as it will be created: what the reader found, with the preview's corrections."""
    edits = edits or {}
    info = record.result.get("plan", {})
    issued_on = edits["issued_on"] if "issued_on" in edits else _date(info.get("issued_on"))
    year = edits.get("year") or info.get("year") or (issued_on.year if issued_on else timezone.localdate().year)
    code = "" if edits.get("clash") == "without_number" else edits.get("code", info.get("code") or "")
    signer = info.get("signer") or {}
    return {
        "unit": edits.get("unit") or record.unit,
        "code": (code or "").strip()[:60],
        "title": (edits.get("title") or info.get("title") or record.name)[:500],
        "issued_on": issued_on,
        "year": year,
        "signer_name": (edits["signer_name"] if "signer_name" in edits else signer.get("name") or "").strip()[:150],
        "signer_title": (edits["signer_title"] if "signer_title" in edits else signer.get("title") or "").strip()[:150],
    }


def _clear_number(fields, *, actor, clash_choice):
    """Refuse a number the unit already uses, with the ways out; or make way for it by deleting a draft."""
    existing = number_clash(fields["unit"], fields["code"], fields["year"])
    if existing is None:
        return
    if clash_choice == "replace" and existing.status == Plan.Status.DRAFT:
        try:
            delete_object(existing, actor=actor)
        except ProtectedError as exc:
            raise ValidationError(
                _("The draft plan No. %(code)s cannot be replaced: other records refer to it. Change the number.")
                % {"code": existing.code},
                code="duplicate_number",
            ) from exc
        return
    raise ValidationError(
        _(
            "%(unit)s already has plan No. %(code)s of %(year)s (“%(title)s”). Change the number, import this "
            "document as a draft without a number, or open the existing plan."
        )
        % {"unit": fields["unit"].name, "code": fields["code"], "year": fields["year"], "title": existing.title},
        code="duplicate_number",
    )


def confirm_import(record, *, actor, choices: dict, loaded_version=None, edits=None) -> Plan:
    """Create the draft plan, its text, targets, tasks and imported deadlines in one transaction: all or nothing.

    ``edits`` are the preview's corrections: ``unit``, ``code``, ``title``, ``issued_on``, ``year``, ``parent``
    (a plan, or None for none), ``clash`` ("without_number" or "replace" when the number is taken) and ``tasks``
    ({row index: {"keep": bool, "lead": [agencies], "timeframe": text}}) for the proposed tasks, ``signer_name``,
    ``signer_title``, and ``schedules``: the reporting schedules to create, exactly (rows as
    :func:`proposed_schedules` gives them, corrected, dropped or added; checked by :func:`check_schedules`)."""
    edits = edits or {}
    schedules = check_schedules(edits["schedules"]) if "schedules" in edits else None
    with transaction.atomic():
        record = PlanImport.objects.select_for_update().get(pk=record.pk)
        confirmed_already = _("This import was already confirmed by someone else.")
        if record.status != PlanImport.Status.PREVIEW:
            raise ConflictError(confirmed_already, code="conflict")
        require_version(record, loaded_version, conflict=lambda: confirmed_already)
        fields = plan_fields(record, edits)
        unit = fields["unit"]
        policy.require(actor, "add", Plan, unit=unit)
        plans.require_unit_in_office(unit, fields["year"])  # an old document of 2025 or earlier: still its unit's
        result = record.result
        kind, rows = drafting.proposed_tasks(result)
        matches = match_names(record) if kind == "table" else {}
        resolved = _resolve(record, actor, choices, matches)
        info = result["plan"]
        candidates = plans.parent_plans(actor, unit)
        parent = edits["parent"] if "parent" in edits else drafting.find_parent(result, candidates)
        if parent is not None:
            policy.require_usable(actor, parent, field="parent", among=candidates)
        _clear_number(fields, actor=actor, clash_choice=edits.get("clash"))
        text = drafting.plan_text(result)
        committee = unit.agencies.filter(kind=Agency.Kind.COMMITTEE).first()
        plan = Plan(
            unit=unit,
            issuer=committee,
            parent=parent,
            year=fields["year"],
            code=fields["code"],
            title=fields["title"],
            place=(info.get("place") or "")[:120],
            issued_on=fields["issued_on"],
            basis=info.get("basis") or [],
            signer_name=fields["signer_name"],
            signer_title=fields["signer_title"],
            recipients="\n".join(info.get("recipients") or []),
            purposes=text["purposes"],
            body=text["body"],
            implementation=text["implementation"]
            or "\n\n".join(
                f"{r['agency']}\n" + "\n".join(f"- {d}" for d in r["duties"])
                for r in result.get("responsibilities", [])
            ),
        )
        plan.full_clean()
        plan.save()
        record_created(plan, actor, event="plan.imported", data={"file": record.name})
        for target in info.get("targets", []):
            Target.objects.create(
                plan=plan,
                text=target["text"][:500],
                kind=target["kind"],
                value=str(target["value"] if target["value"] is not None else "")[:40],
            )
        if kind == "measures":
            rows, resolved = _chosen_measures(plan, rows, edits.get("tasks"))
        _create_tasks(plan, rows, resolved, actor)
        for duty in result.get("reporting", []):
            ImportedDeadline.objects.create(
                plan=plan, source=record, kind=ImportedDeadline.Kind.REPORTING, cadence=duty["cadence"],
                due_on=_date(duty["due_on"]), data_from=_date(duty["data_from"]), data_to=_date(duty["data_to"]),
                recipient=(duty.get("to") or "")[:200], text=duty["text"],
            )  # fmt: skip
        if schedules is None:
            schedules = proposed_schedules(result)
        _create_schedules(plan, schedules, result.get("reporting", []), actor)
        for item in result.get("deadlines", []):
            ImportedDeadline.objects.create(
                plan=plan, source=record, kind=ImportedDeadline.Kind.DEADLINE, due_on=_date(item["due_on"]),
                rule=(item.get("rule") or "")[:300], what=item["what"], text=item["text"],
            )  # fmt: skip
        before = snapshot(record)
        record.plan = plan
        record.status = PlanImport.Status.CONFIRMED
        record.version += 1
        record.save()
        record_change(record, AuditEntry.Action.UPDATE, actor, before, snapshot(record))
    return plan


def measure_matches(record) -> list[dict]:
    """For each proposed measure: its lead and coordinating names, each with what it matched."""
    matcher = AgencyMatcher(record.unit)
    out = []
    for row in record.result.get("measures", []):
        out.append(
            {
                "lead": [(name, matcher.match(name)) for name in row["lead"]],
                "coordinating": [(name, matcher.match(name)) for name in row["coordinating"]],
            }
        )
    return out


def _chosen_measures(plan, rows, chosen):
    """The measures the preview kept, with the lead it chose and the timeframe it typed; names that match no
    agency are left for the coordinator to assign on the task (a proposal, not an order). An agency that may not
    lead this plan's tasks (a unit above, a body the unit only asks) coordinates instead."""
    matcher = AgencyMatcher(plan.unit)
    may_lead = set(plans.lead_agencies(plan).values_list("pk", flat=True))
    kept, resolved = [], {}
    problems = []
    for index, row in enumerate(rows):
        edit = (chosen or {}).get(index, {})
        if chosen is not None and not edit.get("keep"):
            continue
        row = dict(row)
        lead = edit["lead"] if "lead" in edit else [a for n in row["lead"] for a in _matched(matcher, n)]
        coordinating = [a for n in row["coordinating"] for a in _matched(matcher, n)]
        coordinating += [a for a in lead if a.pk not in may_lead]
        lead = [a for a in lead if a.pk in may_lead]
        if edit.get("timeframe") is not None:
            tf = read_timeframe(edit["timeframe"])
            if edit["timeframe"].strip() and tf["kind"] == "unspecified":
                problems.append(
                    _("Task %(number)s: the timeframe “%(value)s” is not understood (e.g. “Thường xuyên”, "
                      "“Quý II/2025”, “Trước ngày 30/6/2025”, “Tháng 7/2024”).")
                    % {"number": row["number"] or index + 1, "value": edit["timeframe"]}
                )  # fmt: skip
            row["timeframe"] = tf
        key_lead, key_coord = f"lead:{index}", f"coordinating:{index}"
        resolved[key_lead], resolved[key_coord] = lead, coordinating
        row["lead"], row["coordinating"] = [key_lead], [key_coord]
        kept.append(row)
    if problems:
        raise ValidationError(problems, code="timeframe")
    return kept, resolved


def _matched(matcher, name):
    found = matcher.match(name)
    return list(found.agencies) if found.status == MATCHED else []


# The reader's cadences → reporting schedules' cadences.
SCHEDULE_CADENCES = {"monthly": "monthly", "quarterly": "quarterly", "semiannual": "half_yearly", "annual": "yearly"}


# A schedule's title names the report as officials do: "Báo cáo 6 tháng gửi UBND thị xã" (Vietnamese, the name of
# an official report, like the periods' labels).
SCHEDULE_TITLES = {"monthly": "Báo cáo tháng", "quarterly": "Báo cáo quý", "half_yearly": "Báo cáo 6 tháng",
                   "yearly": "Báo cáo năm"}  # fmt: skip
# "… UBND các xã, phường báo cáo …": the duty asks the committees of the units below as well.
BELOW_ASKED = re.compile(
    r"\b(?:ubnd|uy ban nhan dan) (?:cac )?(?:xa|phuong|thi tran|huyen|quan|thi xa|thanh pho)\b"
    r"|\bcac (?:xa|phuong|don vi cap duoi|dia phuong)\b|\bcap (?:xa|huyen)\b"
)


# "Báo cáo 6 tháng cuối năm trước ngày 05/01/2026", "báo cáo 6 tháng đầu năm và 6 tháng cuối năm": the document
# asks for the last six months as well, so the half-yearly schedule keeps both halves beside a yearly one.
SECOND_HALF = re.compile(r"\b(?:0?6|sau) thang cuoi nam\b|\b(?:0?6|sau) thang dau(?: nam)? va cuoi nam\b")
# "… phương hướng, nhiệm vụ 6 tháng cuối năm": what the first half-year's report proposes, not a report asked for.
SECOND_HALF_AS_CONTENT = re.compile(
    r"\b(?:nhiem vu|phuong huong|ke hoach|muc tieu|giai phap|trien khai)\b\W*(?:\w+\W+){0,3}$"
)


def names_second_half(text: str | None) -> bool:
    """Whether a duty's text asks for a report on the last six months of the year, accents ignored ("06 tháng
    cuối năm", "6 thang cuoi nam"); the tasks it sets a first half-year's report to propose do not count."""
    folded = fold(text or "")
    return any(
        not SECOND_HALF_AS_CONTENT.search(folded[max(0, m.start() - 60) : m.start()])
        for m in SECOND_HALF.finditer(folded)
    )


def schedule_title(cadence: str, to: str | None) -> str:
    """ "Báo cáo 6 tháng gửi UBND thị xã": the cadence and the recipient, without the sentence's punctuation."""
    title = SCHEDULE_TITLES[cadence]
    to = re.sub(r"[\s;:,.–-]+$", "", nfc(to or "").strip())
    return f"{title} gửi {to}"[:300] if to else title


def schedule_reporters(plan, duty) -> list:
    """Who reports by default: the agencies that lead the plan's tasks, and the committees of the units below when
    the duty names them. A plan without tasks yet starts with those committees only; the lead agencies join as
    soon as they lead a task (``reporting.follow_plan_tasks``)."""
    leads = list(
        Agency.objects.filter(task_links__task__plan=plan, task_links__role="lead", is_active=True)
        .distinct()
        .order_by("unit__path", "name")
    )
    below = []
    if BELOW_ASKED.search(fold(duty.get("text") or "")):
        below = list(
            Agency.objects.filter(unit__parent=plan.unit, kind=Agency.Kind.COMMITTEE, is_active=True).order_by("id")
        )
    allowed = set(reporting.schedule_reporters(plan).values_list("pk", flat=True))
    return [a for a in dict.fromkeys(leads + below) if a.pk in allowed]


def proposed_schedules(result) -> list[dict]:
    """The reporting schedules the document's duties make, one per cadence, as the preview shows them to correct:
    "Báo cáo 6 tháng đầu năm trước ngày 05/7/2025 (… từ ngày 01/01/2025 đến ngày 30/6/2025)" → {"title": "Báo cáo
    6 tháng gửi …", "cadence": "half_yearly", "window": "calendar", "due_days": 5, "source": its index among the
    duties}: calendar windows when the cut-off starts on the 1st, due days = due date − end of the cut-off. A
    half-yearly duty beside a yearly one makes the first six months and the year (``reporting``'s rule), unless a
    duty names the last six months ("6 tháng cuối năm"): then the half-yearly row has ``second_half`` set."""
    rows, seen = [], set()
    duties = result.get("reporting", [])
    second_half = any(names_second_half(duty.get("text")) for duty in duties)
    for index, duty in enumerate(duties):
        cadence = SCHEDULE_CADENCES.get(duty.get("cadence") or "")
        if cadence is None or cadence in seen:
            continue
        seen.add(cadence)
        data_from, data_to, due_on = (_date(duty.get(k)) for k in ("data_from", "data_to", "due_on"))
        days = (due_on - data_to).days if due_on and data_to else 5
        rows.append(
            {
                "source": index,
                "title": schedule_title(cadence, duty.get("to")),
                "cadence": cadence,
                "window": Window.CALENDAR if data_from is not None and data_from.day == 1 else Window.DECREE_09,
                "due_days": min(max(days, 0), 90),
                "second_half": second_half and cadence == Cadence.HALF_YEARLY,
            }
        )
    return rows


def schedule_cadences():
    """The cadences a schedule read from a document may have (an ad hoc report has no periods to open)."""
    return [(value, label) for value, label in Cadence.choices if value != Cadence.AD_HOC]


def check_schedules(rows) -> list[dict]:
    """The preview's (or the API's) reporting schedules, checked: each has a title, a cadence, a cut-off window,
    due days from 0 to 90, and whether a half-yearly one keeps the last six months (``second_half``, false when
    left out); refused with every problem named by its row (a ``ValidationError``)."""
    if not isinstance(rows, list | tuple):
        raise ValidationError(_("The reporting schedules must be a list."), code="schedules")
    cadences, windows = dict(schedule_cadences()), dict(Window.choices)
    checked, problems = [], []
    for number, row in enumerate(rows, start=1):
        row = row if isinstance(row, dict) else {}
        title = nfc(str(row.get("title") or "")).strip()
        source = row.get("source")
        due_days = row.get("due_days", 5)
        second_half = row.get("second_half", False)
        if not isinstance(second_half, bool):
            problems.append(
                _("Reporting schedule %(n)s: “also the last six months” is true or false, not “%(value)s”.")
                % {"n": number, "value": second_half}
            )
        if not title or len(title) > 300:
            problems.append(_("Reporting schedule %(n)s: give it a title (at most 300 characters).") % {"n": number})
        if row.get("cadence") not in cadences:
            problems.append(
                _("Reporting schedule %(n)s: choose how often it is reported (%(choices)s).")
                % {"n": number, "choices": ", ".join(str(label) for label in cadences.values())}
            )
        if row.get("window", Window.CALENDAR) not in windows:
            problems.append(_("Reporting schedule %(n)s: choose the data cut-off.") % {"n": number})
        if isinstance(due_days, bool) or not isinstance(due_days, int) or not 0 <= due_days <= 90:
            problems.append(
                _("Reporting schedule %(n)s: the report is due 0 to 90 days after the cut-off, not “%(value)s”.")
                % {"n": number, "value": due_days}
            )
        checked.append(
            {
                "source": source if isinstance(source, int) and not isinstance(source, bool) else None,
                "title": title,
                "cadence": row.get("cadence"),
                "window": row.get("window", Window.CALENDAR),
                "due_days": due_days,
                "second_half": second_half is True and row.get("cadence") == Cadence.HALF_YEARLY,
            }
        )
    if problems:
        raise ValidationError(problems, code="schedules")
    return checked


def _create_schedules(plan, rows, duties, actor):
    """The reporting schedules (rows of :func:`proposed_schedules`, as corrected) become the plan's, in the same
    transaction; the reporters of each are the agencies that lead the plan's tasks (and the committees below
    where its duty names them). Periods open once the plan is issued."""
    recipient = reporting.default_recipient(plan)
    if recipient is None:  # the unit has no agency yet: the duties stay as imported deadlines
        return []
    made = []
    for row in rows:
        source = row.get("source")
        duty = duties[source] if source is not None and 0 <= source < len(duties) else {}
        schedule = Schedule(
            plan=plan, recipient=recipient, title=row["title"], cadence=row["cadence"], window=row["window"],
            agency_due_days=row["due_days"], unit_due_days=row["due_days"],
            second_half=row.get("second_half", False) is True and row["cadence"] == Cadence.HALF_YEARLY,
        )  # fmt: skip
        made.append(reporting.create_schedule(schedule, actor=actor, reporters=schedule_reporters(plan, duty)))
    return made


def _create_tasks(plan, tasks, resolved, actor):
    """The task table through the plans' one door (``add_task``): group headings, then their activities, each
    with the agencies its names resolved to. An agency of a unit above may coordinate, not lead (as on the task
    page). One event on the plan for the whole table."""
    dimensions = {d.code: d for d in Dimension.objects.filter(index__code="PAPI")}
    may_lead = set(plans.lead_agencies(plan).values_list("pk", flat=True))
    groups = {}
    for row in tasks:
        group = None
        if row["group"] and row["group"] != row["activity"]:
            number = row.get("group_number")
            if number is None:
                number = (row["number"] or "").split(".")[0] if "." in (row["number"] or "") else ""
            group = groups.get((number, row["group"]))
            if group is None:
                group = groups[(number, row["group"])] = plans.add_task(
                    plan, actor=actor, audit=False, title=row["group"][:500], timeframe_kind="ongoing",
                    number=number[:20], dimensions=_dimensions(dimensions, row) if "group_number" in row else None,
                )  # fmt: skip
        lead = list(dict.fromkeys(a for n in row["lead"] for a in resolved.get(n, [])))
        _require_leads(row, lead, may_lead, resolved)
        coordinating = [
            a for a in dict.fromkeys(a for n in row["coordinating"] for a in resolved.get(n, [])) if a not in lead
        ]
        tf = row["timeframe"]
        plans.add_task(
            plan,
            actor=actor,
            audit=False,
            lead=lead,
            coordinating=coordinating,
            dimensions=_dimensions(dimensions, row),
            group=group,
            number=(row["number"] or "")[:20],
            title=group.title if group else row["activity"],
            activity=row["activity"] if group else "",
            output=row["output"] or "",
            timeframe_kind=tf["kind"] if tf["kind"] != "unspecified" else "ongoing",
            timeframe_text=(tf["text"] or "")[:200],
            start_on=_date(tf["start"]),
            due_on=_date(tf["end"]),
        )
    record_change(
        plan, AuditEntry.Action.UPDATE, actor, None, None, event="plan.tasks_imported", data={"count": len(tasks)}
    )


def _dimensions(dimensions, row):
    return [dimensions[c] for c in row["dimensions"] or [] if c in dimensions]


def _require_leads(row, lead, may_lead, resolved):
    """Say which name of the row is an agency that may not lead it (``add_task`` would refuse it by number)."""
    for name in row["lead"]:
        if any(a.pk not in may_lead for a in resolved.get(name, [])):
            raise ValidationError(
                _("Task %(number)s: “%(name)s” is an agency of a unit above; it may coordinate the task, not lead it.")
                % {"number": row["number"] or row["activity"][:60], "name": name},
                code="lead_above",
            )
