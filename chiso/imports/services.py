"""Upload → preview → confirm: the state changes of the plan import (audited, all-or-nothing)."""

from __future__ import annotations

import base64
import datetime as dt
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from chiso.core.audit import record_change, snapshot
from chiso.core.models import AuditEntry
from chiso.core.permissions import policy
from chiso.core.services import ConflictError, require_version
from chiso.indices.models import Dimension
from chiso.lib.budget import OverBudget
from chiso.plans import services as plans
from chiso.plans.models import Plan, Target
from chiso.reporting import services as reporting
from chiso.reporting.models import Schedule, Window
from chiso.units.matching import UNMATCHED, AgencyMatcher
from chiso.units.models import Agency

from . import tasks
from .models import ImportedDeadline, PlanImport

NEW = "new"
log = logging.getLogger(__name__)


def read_upload(data: bytes, name: str) -> dict:
    """The reader's JSON for an upload, within the time budget (``CHISO_IMPORT_SECONDS``); raises
    ``ValidationError`` (code "refused") with the reason when the file is refused or takes too long.

    With a broker and a result store the reading runs in a Celery worker (soft and hard time limits) and this
    process waits at most the budget and a margin; otherwise in this process, stopped by the parsers' deadline."""
    from celery.exceptions import CeleryError, TimeoutError, WorkerLostError

    seconds = settings.CHISO_IMPORT_SECONDS
    payload = (base64.b64encode(data).decode("ascii"), name, get_language())
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.CELERY_RESULT_BACKEND:
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
    if "refused" in outcome:
        raise ValidationError(outcome["refused"], code="refused")
    return outcome["result"]


def start_import(*, unit, actor, name: str, data: bytes) -> PlanImport:
    """Read the file and keep it with what was understood; nothing else is written until confirmation."""
    policy.require(actor, "add", Plan, unit=unit)
    result = read_upload(data, name)
    with transaction.atomic():
        record = PlanImport(unit=unit, name=name[:255], size=len(data), result=result, created_by=actor)
        record.file.save(name[-100:], ContentFile(data), save=False)
        record.save()
        record_change(record, AuditEntry.Action.CREATE, actor, None, snapshot(record))
    return record


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
            record_change(agency, AuditEntry.Action.CREATE, actor, None, snapshot(agency), event="agency.imported")
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


def confirm_import(record, *, actor, choices: dict, loaded_version=None) -> Plan:
    """Create the draft plan, its targets, tasks and imported deadlines in one transaction."""
    with transaction.atomic():
        record = PlanImport.objects.select_for_update().get(pk=record.pk)
        policy.require(actor, "add", Plan, unit=record.unit)
        confirmed_already = _("This import was already confirmed by someone else.")
        if record.status != PlanImport.Status.PREVIEW:
            raise ConflictError(confirmed_already, code="conflict")
        require_version(record, loaded_version, conflict=lambda: confirmed_already)
        result = record.result
        matches = match_names(record)
        resolved = _resolve(record, actor, choices, matches)
        info = result["plan"]
        issued_on = _date(info.get("issued_on"))
        year = info.get("year") or (issued_on.year if issued_on else timezone.localdate().year)
        committee = record.unit.agencies.filter(kind=Agency.Kind.COMMITTEE).first()
        plan = Plan(
            unit=record.unit,
            issuer=committee,
            year=year,
            code=(info.get("code") or "")[:60],
            title=(info.get("title") or record.name)[:500],
            place=(info.get("place") or "")[:120],
            issued_on=issued_on,
            basis=info.get("basis") or [],
            signer_name=(info["signer"].get("name") or "")[:150],
            signer_title=(info["signer"].get("title") or "")[:150],
            recipients="\n".join(info.get("recipients") or []),
            implementation="\n\n".join(
                f"{r['agency']}\n" + "\n".join(f"- {d}" for d in r["duties"])
                for r in result.get("responsibilities", [])
            ),
        )
        plan.full_clean()
        try:
            with transaction.atomic():
                plan.save()
        except IntegrityError as exc:
            raise ValidationError(_("The unit already has a plan with this number for this year."), code="dup") from exc
        record_change(
            plan,
            AuditEntry.Action.CREATE,
            actor,
            None,
            snapshot(plan),
            event="plan.imported",
            data={"file": record.name},
        )
        for target in info.get("targets", []):
            Target.objects.create(
                plan=plan,
                text=target["text"][:500],
                kind=target["kind"],
                value=str(target["value"] if target["value"] is not None else "")[:40],
            )
        _create_tasks(plan, result.get("tasks", []), resolved, actor)
        for duty in result.get("reporting", []):
            ImportedDeadline.objects.create(
                plan=plan, source=record, kind=ImportedDeadline.Kind.REPORTING, cadence=duty["cadence"],
                due_on=_date(duty["due_on"]), data_from=_date(duty["data_from"]), data_to=_date(duty["data_to"]),
                recipient=(duty.get("to") or "")[:200], text=duty["text"],
            )  # fmt: skip
        _create_schedules(plan, result.get("reporting", []), actor)
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


# The reader's cadences → reporting schedules' cadences.
SCHEDULE_CADENCES = {"monthly": "monthly", "quarterly": "quarterly", "semiannual": "half_yearly", "annual": "yearly"}


def _create_schedules(plan, duties, actor):
    """The reporting duties become the plan's reporting schedules (one per cadence), in the same transaction:
    "Báo cáo 6 tháng đầu năm trước ngày 05/7/2025 (… từ ngày 01/01/2025 đến ngày 30/6/2025)" → half-yearly,
    calendar windows, due 5 days after the cut-off. Periods open once the plan is issued."""

    recipient = reporting.default_recipient(plan)
    if recipient is None:  # the unit has no agency yet: the duties stay as imported deadlines
        return []
    made = {}
    for duty in duties:
        cadence = SCHEDULE_CADENCES.get(duty.get("cadence") or "")
        if cadence is None or cadence in made:
            continue
        data_from, data_to, due_on = (_date(duty.get(k)) for k in ("data_from", "data_to", "due_on"))
        calendar = data_from is not None and data_from.day == 1
        days = (due_on - data_to).days if due_on and data_to else 5
        made[cadence] = reporting.create_schedule(
            Schedule(
                plan=plan,
                title=(duty.get("text") or "")[:300] or cadence,
                cadence=cadence,
                window=Window.CALENDAR if calendar else Window.DECREE_09,
                agency_due_days=min(max(days, 0), 90),
                unit_due_days=min(max(days, 0), 90),
                recipient=recipient,
            ),
            actor=actor,
        )
    return list(made.values())


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
            group = groups.get(row["group"])
            if group is None:
                group = groups[row["group"]] = plans.add_task(
                    plan,
                    actor=actor,
                    audit=False,
                    title=row["group"],
                    timeframe_kind="ongoing",
                    number=(row["number"] or "").split(".")[0] if "." in (row["number"] or "") else "",
                )
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
            dimensions=[dimensions[c] for c in row["dimensions"] or [] if c in dimensions],
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


def _require_leads(row, lead, may_lead, resolved):
    """Say which name of the row is an agency that may not lead it (``add_task`` would refuse it by number)."""
    for name in row["lead"]:
        if any(a.pk not in may_lead for a in resolved.get(name, [])):
            raise ValidationError(
                _("Task %(number)s: “%(name)s” is an agency of a unit above; it may coordinate the task, not lead it.")
                % {"number": row["number"] or row["activity"][:60], "name": name},
                code="lead_above",
            )
