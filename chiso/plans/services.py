"""State changes of plans and tasks: one function per change, each in one transaction with its audit entry."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.accounts.models import Membership
from chiso.core.audit import record_change, snapshot
from chiso.core.models import AuditEntry
from chiso.core.permissions import ACTING_ROLES, policy
from chiso.core.services import check_references, create_object, transition, update_object
from chiso.lib import filetypes, tree, uploads
from chiso.lib.text import nfc
from chiso.units.models import Agency

from . import notices
from .models import Evidence, Plan, PlanAmendment, ProgressUpdate, Target, Task, TaskAgency
from .targets import read_target


def _snapshot_plan(plan):
    data = snapshot(plan)
    data["tasks"] = [
        {**snapshot(task), "agencies": list(task.agency_links.values_list("agency_id", "role"))}
        for task in plan.tasks.all()
    ]
    data["targets"] = [snapshot(t) for t in plan.targets.all()]
    return data


def _require_editable(plan):
    if not plan.is_editable:
        raise ValidationError(
            _("An issued plan can only be changed through a recorded amendment."), code="not_editable"
        )


# --- what a write may name (the page's forms offer exactly these) ------------------------------------------
def plan_issuers(unit):
    """Who issues a unit's plan: its People's Committee."""
    return Agency.objects.filter(unit=unit, kind=Agency.Kind.COMMITTEE).select_related("unit")


def parent_plans(actor, unit):
    """The upper-level plans a unit's plan may implement: issued plans, visible to the actor, of a unit above."""
    above = unit.ancestors() if unit is not None else []
    return policy.scope(actor, "view", Plan.objects.issued()).filter(unit__in=list(above))


def lead_agencies(plan):
    """Who may lead a task of ``plan``: the active agencies of the plan's unit and of the units below it."""
    unit = plan.unit
    return (
        Agency.objects.active().for_unit(unit, descendants=True).select_related("unit").order_by("unit__path", "name")
    )


def coordinating_agencies(plan):
    """Who may coordinate a task of ``plan``: those who may lead it, and the agencies of the units above."""
    unit = plan.unit
    return (
        Agency.objects.active()
        .filter(tree.subtree_q([unit.path], "unit") | tree.ancestors_q([unit.path], "unit"))
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def task_groups(plan, task=None):
    """The group headings a task of ``plan`` may sit under: top-level tasks of the same plan."""
    groups = plan.tasks.filter(group__isnull=True)
    return groups.exclude(pk=task.pk) if task is not None and task.pk else groups


def _check_plan_references(plan, *, actor, saved=None):
    """The issuer is the unit's committee; the upper-level plan is an issued plan of a unit above, which the
    actor may see. Unchanged references of a saved plan are not checked again."""
    if plan.issuer_id and (saved is None or saved.issuer_id != plan.issuer_id or saved.unit_id != plan.unit_id):
        policy.require_usable(actor, plan.issuer, field="issuer", among=plan_issuers(plan.unit))
    if plan.parent_id and (saved is None or saved.parent_id != plan.parent_id or saved.unit_id != plan.unit_id):
        policy.require_usable(actor, plan.parent, field="parent", among=parent_plans(actor, plan.unit))


def create_plan(plan, *, actor, m2m_form=None):
    """Save a new draft plan after checking what it names (issuer, upper-level plan)."""
    _check_plan_references(plan, actor=actor)
    return create_object(plan, actor=actor, m2m_form=m2m_form)


def set_plan_targets(plan, text):
    """The plan's targets, one a line as typed ("Vào nhóm 50 xã, phường đứng đầu tỉnh"), each read by
    ``targets.read_target``: new lines added, removed lines deleted (the plan page and the API)."""
    wanted = [line.strip() for line in (text or "").splitlines() if line.strip()]
    existing = {t.text: t for t in plan.targets.all()}
    for line in wanted:
        if line not in existing:
            target = read_target(line)
            Target.objects.create(plan=plan, text=line, kind=target.kind, value=target.stored_value)
    plan.targets.exclude(text__in=wanted).delete()


def update_plan(plan, *, actor, loaded_version=None, m2m_form=None):
    """Save edits of a draft plan (issued plans change only through ``amend_plan``)."""
    current = Plan.objects.get(pk=plan.pk)
    _require_editable(current)
    _check_plan_references(plan, actor=actor, saved=current)
    return update_object(plan, actor=actor, loaded_version=loaded_version, m2m_form=m2m_form)


# --- adding and editing a task: the one door of the page, the importers, dialogues, gap analysis and copies ------
TASK_TEXT_FIELDS = ("number", "title", "activity", "output", "timeframe_text")


def require_draft_for_tasks(plan):
    """Tasks are added to and edited in a draft only; an issued plan changes through a recorded amendment."""
    if not plan.is_editable:
        raise ValidationError(
            _("Tasks are added and edited in a draft plan only: an issued plan changes through a recorded amendment."),
            code="not_editable",
        )


def next_task_position(plan) -> int:
    """Where a new task of ``plan`` goes: after the last one, in steps of 10 (room to insert between)."""
    return (plan.tasks.aggregate(last=Max("position"))["last"] or 0) + 10


@transaction.atomic
def add_task(
    plan,
    *,
    actor,
    task=None,
    lead=(),
    coordinating=(),
    dimensions=None,
    subdimensions=None,
    indicators=None,
    position=None,
    event=None,
    data=None,
    audit=True,
    issued_too=False,
    **fields,
):
    """Add a task to ``plan`` (a draft) at the end, or at ``position``: ``task`` is an unsaved task (the page's
    form builds one) or ``fields`` are its fields. Text is stored in NFC; the task's references (group, upper-level
    task) and its lead and coordinating agencies are checked as the page's form offers them (:func:`set_task_agencies`).

    The audit entry is a create, or ``event`` with ``data``; a bulk import records one event for its batch
    (``audit=False``). ``issued_too``: a dialogue's commitment, made in public, joins an issued plan as well.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    policy.require(actor, "add", Task, unit=plan.unit)
    if not issued_too:
        require_draft_for_tasks(plan)
    if task is None:
        task = Task(**fields)
    task.plan = plan
    task.position = next_task_position(plan) if position is None else position
    for name in TASK_TEXT_FIELDS:
        setattr(task, name, nfc(getattr(task, name)))
    check_references(task, actor=actor)
    task.full_clean()
    task.save()
    _set_tags(task, dimensions=dimensions, subdimensions=subdimensions, indicators=indicators)
    set_task_agencies(task, actor=actor, lead=lead, coordinating=coordinating)
    if audit:
        record_change(task, AuditEntry.Action.CREATE, actor, None, snapshot(task), event=event, data=data)
    return task


@transaction.atomic
def update_task(task, *, actor, loaded_version=None, lead=(), coordinating=(), dimensions=None, subdimensions=None,
                indicators=None):  # fmt: skip
    """Save edits of a task of a draft plan: the version the editor loaded must still be the saved one, text is
    stored in NFC, changed references and the agencies are checked as for :func:`add_task`."""
    plan = Plan.objects.select_for_update().get(pk=task.plan_id)
    require_draft_for_tasks(plan)
    for name in TASK_TEXT_FIELDS:
        setattr(task, name, nfc(getattr(task, name)))
    task.plan = plan
    task = update_object(task, actor=actor, loaded_version=loaded_version)
    _set_tags(task, dimensions=dimensions, subdimensions=subdimensions, indicators=indicators)
    set_task_agencies(task, actor=actor, lead=lead, coordinating=coordinating)
    return task


def _set_tags(task, *, dimensions, subdimensions, indicators):
    """The PAPI dimensions, sub-dimensions and indicators the task addresses (public reference data); None
    leaves a tag as it is."""
    for name, rows in (("dimensions", dimensions), ("subdimensions", subdimensions), ("indicators", indicators)):
        if rows is not None:
            getattr(task, name).set(rows)


# Apps above plans follow who leads its tasks (reporting: the lead agencies report on the plan's schedules).
_task_agency_listeners: list = []


def on_task_agencies_changed(listener) -> None:
    """``listener(plan, lead)`` runs, in the same transaction, after a task's agencies are set (``lead``: its leads)."""
    if listener not in _task_agency_listeners:
        _task_agency_listeners.append(listener)


def set_task_agencies(task, *, actor, lead, coordinating):
    """Replace the task's lead and coordinating agencies (and check its group heading): each must be one the
    plan allows (:func:`lead_agencies`, :func:`coordinating_agencies`, :func:`task_groups`)."""
    plan = task.plan
    policy.require(actor, "change", task)
    # One link per agency: named twice (as lead and coordinating, or through "UBND xã, phường") it leads.
    lead = list(dict.fromkeys(lead))
    coordinating = [a for a in dict.fromkeys(coordinating) if a not in lead]
    if task.group_id:
        policy.require_usable(actor, task.group, field="group", among=task_groups(plan, task))
    policy.require_usable(actor, list(lead), field="lead", among=lead_agencies(plan))
    policy.require_usable(actor, list(coordinating), field="coordinating", among=coordinating_agencies(plan))
    TaskAgency.objects.filter(task=task).delete()
    links = [TaskAgency(task=task, agency=a, role=TaskAgency.Role.LEAD) for a in lead]
    links += [TaskAgency(task=task, agency=a, role=TaskAgency.Role.COORDINATING) for a in coordinating]
    TaskAgency.objects.bulk_create(links)
    for listener in _task_agency_listeners:
        listener(plan, lead)


@transaction.atomic
def submit_plan(plan, *, actor):
    """The standing body sends the draft to the leader for approval."""
    with transition(
        plan,
        actor=actor,
        event="plan.submitted",
        action="submit",
        allowed_from=Plan.can_be_submitted,
        refusal=_("Only a draft plan can be sent for approval."),
        code="not_draft",
        fields=["status"],
    ) as t:
        _require_tasks(t.obj)
        t.obj.status = Plan.Status.SUBMITTED
    plan = t.obj
    transaction.on_commit(lambda: notices.plan_submitted(plan))
    return plan


def _require_tasks(plan):
    if not plan.tasks.exists():
        raise ValidationError(_("The plan has no tasks yet."), code="no_tasks")


@transaction.atomic
def return_plan(plan, *, actor, reason):
    """The leader sends a submitted plan back to draft with a reason."""
    with transition(
        plan,
        actor=actor,
        event="plan.returned",
        action="issue",
        allowed_from=[Plan.Status.SUBMITTED],
        refusal=_("Only a plan awaiting approval can be returned."),
        code="not_submitted",
        fields=["status"],
    ) as t:
        t.obj.status = Plan.Status.DRAFT
        t.data["reason"] = reason[:500]
    plan = t.obj
    transaction.on_commit(lambda: notices.plan_returned(plan, reason=reason))
    return plan


@transaction.atomic
def issue_plan(plan, *, actor, code, issued_on):
    """The leader approves and issues the plan under its number and date; from then on it is read-only."""
    with transition(
        plan,
        actor=actor,
        event="plan.issued",
        action="issue",
        allowed_from=Plan.can_be_issued,
        refusal=_("This plan has already been issued."),
        code="already_issued",
        fields=["code", "issued_on", "status", "approved_by", "approved_at"],
    ) as t:
        plan = t.obj
        if not code or not issued_on:
            raise ValidationError(_("An issued plan needs its number and its issue date."), code="missing_number")
        _require_tasks(plan)
        clash = Plan.objects.filter(unit=plan.unit, year=plan.year, code=code).exclude(pk=plan.pk)
        if clash.exists():
            raise ValidationError(
                _("Another plan of this unit already has number %(code)s.") % {"code": code}, code="duplicate_number"
            )
        plan.code, plan.issued_on = code, issued_on
        plan.status = Plan.Status.ISSUED
        plan.approved_by, plan.approved_at = actor, timezone.now()
        t.data.update(code=code, issued_on=issued_on)
    transaction.on_commit(lambda: notices.plan_issued(plan))
    return plan


@transaction.atomic
def amend_plan(plan, *, actor, reason):
    """Reopen an issued plan for a recorded amendment: the version before it is kept whole."""
    with transition(
        plan,
        actor=actor,
        event="plan.amended",
        action="amend",
        allowed_from=Plan.can_be_amended,
        refusal=_("Only an issued plan can be amended."),
        code="not_issued",
        fields=["status", "amendment_count"],
    ) as t:
        plan = t.obj
        if not reason.strip():
            raise ValidationError(_("Give the reason for the amendment."), code="no_reason")
        number = plan.amendment_count + 1
        PlanAmendment.objects.create(
            plan=plan, number=number, reason=reason, actor=actor, snapshot=_snapshot_plan(plan)
        )
        plan.status = Plan.Status.DRAFT
        plan.amendment_count = number
        t.data.update(number=number, reason=reason)
    return plan


def _copy_task(task, *, plan, actor, group=None, shift_years=0, implements=None, agencies=None):
    """``task`` added to ``plan`` at the same position, dates moved by ``shift_years``, with its agencies (or
    ``agencies``, (id, role) pairs) that the new plan may take: one no longer active is left out, as the task page
    would. The plan's own event (copied, created from the parent) stands for its tasks."""

    def shift(day):
        if day is None or not shift_years:
            return day
        try:
            return day.replace(year=day.year + shift_years)
        except ValueError:  # 29 February
            return day.replace(year=day.year + shift_years, day=28)

    links = agencies if agencies is not None else [(link.agency_id, link.role) for link in task.agency_links.all()]
    lead = [a for a, role in links if role == TaskAgency.Role.LEAD]
    coordinating = [a for a, role in links if role == TaskAgency.Role.COORDINATING]
    copy = add_task(
        plan,
        actor=actor,
        audit=False,
        position=task.position,
        lead=list(lead_agencies(plan).filter(pk__in=lead)),
        coordinating=list(coordinating_agencies(plan).filter(pk__in=coordinating)),
        dimensions=task.dimensions.all(),
        subdimensions=task.subdimensions.all(),
        indicators=task.indicators.all(),
        group=group,
        implements=implements,
        number=task.number,
        title=task.title,
        activity=task.activity,
        output=task.output,
        timeframe_kind=task.timeframe_kind,
        timeframe_text=task.timeframe_text,
        start_on=shift(task.start_on),
        due_on=shift(task.due_on),
        weight=task.weight,
    )
    return copy


@transaction.atomic
def copy_plan(source, *, actor, year):
    """Start this year's plan from last year's: a draft with the same targets and tasks, dates moved."""
    policy.require(actor, "view", source)
    policy.require(actor, "add", Plan, unit=source.unit)
    shift = year - source.year
    plan = Plan.objects.create(
        unit=source.unit,
        issuer=source.issuer,
        parent=None,
        year=year,
        title=source.title.replace(str(source.year), str(year)),
        place=source.place,
        basis=[],
        purposes=source.purposes,
        body=source.body,
        implementation=source.implementation,
        child_deadline_days=source.child_deadline_days,
        signer_name=source.signer_name,
        signer_title=source.signer_title,
        recipients=source.recipients,
    )
    plan.pilot_units.set(source.pilot_units.all())
    for target in source.targets.all():
        plan.targets.create(text=target.text, kind=target.kind, value=target.value, dimension=target.dimension)
    groups = {}
    for task in source.tasks.filter(group__isnull=True).order_by("position", "id"):
        groups[task.pk] = _copy_task(task, plan=plan, actor=actor, shift_years=shift)
    for task in source.tasks.filter(group__isnull=False).order_by("position", "id"):
        _copy_task(task, plan=plan, actor=actor, group=groups.get(task.group_id), shift_years=shift)
    record_change(
        plan,
        AuditEntry.Action.CREATE,
        actor,
        None,
        snapshot(plan),
        event="plan.copied",
        data={"source": str(source), "source_id": source.pk},
    )
    return plan


def tasks_addressed_to(parent_plan, unit):
    """Tasks of ``parent_plan`` in which an agency of ``unit`` (or below it) leads or coordinates."""

    in_unit = tree.subtree_q([unit.path], "agency_links__agency__unit")
    return parent_plan.tasks.filter(in_unit).distinct().order_by("position", "id")


@transaction.atomic
def create_plan_from_parent(parent_plan, *, actor, unit, title=""):
    """A lower unit's draft plan made of the parent plan's tasks addressed to it ("UBND xã, phường" → each
    commune's committee). Each task points to the parent task it carries out, so progress rolls up."""
    policy.require(actor, "view", parent_plan)
    policy.require(actor, "add", Plan, unit=unit)
    if parent_plan.status != Plan.Status.ISSUED:
        raise ValidationError(_("Only an issued plan can be carried out by the units below."), code="not_issued")
    if not parent_plan.unit.is_ancestor_of(unit) or parent_plan.unit_id == unit.pk:
        raise ValidationError(_("The unit is not below the unit of the upper-level plan."), code="not_below")
    committee = unit.agencies.filter(kind="committee").first()
    plan = Plan.objects.create(
        unit=unit,
        issuer=committee,
        parent=parent_plan,
        year=parent_plan.year,
        title=title
        or _("Plan to improve the PAPI index of %(unit)s in %(year)s") % {"unit": unit.name, "year": parent_plan.year},
        basis=[
            {
                "kind": "Kế hoạch",
                "code": parent_plan.code,
                "issued_on": parent_plan.issued_on.isoformat() if parent_plan.issued_on else None,
                "issuer": str(parent_plan.issuer or parent_plan.unit),
            }
        ],
        child_deadline_days=parent_plan.child_deadline_days,
    )
    for task in tasks_addressed_to(parent_plan, unit):
        links = [
            (link.agency_id, link.role)
            for link in task.agency_links.select_related("agency__unit")
            if tree.is_within(link.agency.unit.path, unit.path)
        ]
        if committee and not any(role == TaskAgency.Role.LEAD for _a, role in links):
            links.append((committee.pk, TaskAgency.Role.LEAD))
        _copy_task(task, plan=plan, actor=actor, implements=task, agencies=links)
    record_change(
        plan,
        AuditEntry.Action.CREATE,
        actor,
        None,
        snapshot(plan),
        event="plan.created_from_parent",
        data={"parent": str(parent_plan), "parent_id": parent_plan.pk},
    )
    return plan


def visible_updates(task, user):
    """The task's progress updates ``user`` may read, each with only the evidence they may download: the listing
    follows the same rule as the evidence file (seeing a task of an upper-level plan does not open its progress)."""

    evidence = policy.scope(user, "view", Evidence.objects.all())
    return (
        policy.scope(user, "view", task.updates.all())
        .prefetch_related(Prefetch("evidence", queryset=evidence))
        .order_by("-reported_on", "-id")
    )


def check_evidence_file(upload):
    """Refuse a file that is too large or is not the type its name claims: PDF, images or Office files, each checked
    by its content (an .exe renamed .pdf, or a Word document renamed .xlsx, is refused)."""
    return uploads.check_upload(upload, "evidence", accept=uploads.DOCUMENTS, name_must_match=True)


@transaction.atomic
def record_progress(
    task,
    *,
    actor,
    reported_on,
    description,
    status=ProgressUpdate.Status.IN_PROGRESS,
    percent=None,
    justification="",
    files=(),
    agency=None,
):
    """Record what was done on a task, with evidence. Ongoing tasks are never "completed": each update is what
    was done in its period. A one-off task's percent is typed by a person with a one-line justification."""
    with transition(
        task,
        actor=actor,
        event="task.progress_recorded",
        action="progress",
        allowed_from=lambda task: task.plan.status == task.plan.Status.ISSUED,
        refusal=_("Progress is recorded on the tasks of an issued plan."),
        code="plan_not_issued",
        fields=["last_progress_on"],
    ) as t:
        update = _record_update(
            t,
            actor=actor,
            reported_on=reported_on,
            description=description,
            status=status,
            percent=percent,
            justification=justification,
            files=files,
            agency=agency,
        )
    if t.obj.implements_id:
        roll_up_implementations(t.obj.implements_id, actor=actor)
    return update


def _record_update(t, *, actor, reported_on, description, status, percent, justification, files, agency):
    """The checks and rows of :func:`record_progress`, inside its transition of the task."""
    task = t.obj
    if not description.strip():
        raise ValidationError({"description": _("Say what was done.")}, code="empty")
    if reported_on > timezone.localdate():
        raise ValidationError({"reported_on": _("The date is in the future.")}, code="future")
    if task.is_ongoing:
        if status == ProgressUpdate.Status.COMPLETED:
            raise ValidationError(
                {"status": _("An ongoing task is never completed: record what was done in the period.")},
                code="ongoing",
            )
        percent = None
    else:
        if status == ProgressUpdate.Status.COMPLETED:
            percent = 100
        if percent is None:
            raise ValidationError({"percent": _("Give the progress in percent.")}, code="no_percent")
        if percent != task.percent and not justification.strip() and status != ProgressUpdate.Status.COMPLETED:
            raise ValidationError(
                {"justification": _("Say in one line why the progress is at this percentage.")}, code="no_justification"
            )
    for upload in files:
        check_evidence_file(upload)

    # The update is recorded for one of the task's agencies that the actor acts for.
    mine = Membership.objects.filter(user=actor, is_active=True, role__in=ACTING_ROLES, agency__task_links__task=task)
    if agency is not None:
        policy.require_usable(actor, agency, field="agency", among=task.agencies.filter(pk__in=mine.values("agency")))
    else:
        agency_id = mine.values_list("agency", flat=True).first()
        agency = task.agencies.filter(pk=agency_id).first() if agency_id else None
    update = ProgressUpdate.objects.create(
        task=task,
        agency=agency,
        author=actor,
        reported_on=reported_on,
        status=status,
        percent=percent,
        justification=justification,
        description=description,
    )
    for upload in files:
        Evidence.objects.create(
            update=update,
            file=upload,
            name=upload.name[:255],
            size=upload.size,
            content_type=filetypes.content_type(upload),  # by content, never the type the client sent
        )
    task.last_progress_on = max(filter(None, [task.last_progress_on, reported_on]))
    if not task.is_ongoing:
        task.percent = percent
        t.fields.append("percent")
        if status == ProgressUpdate.Status.COMPLETED:
            task.completed_on = reported_on
            t.fields.append("completed_on")
        elif task.completed_on:
            task.completed_on = None  # reopened: a later update says it is not finished after all
            t.fields.append("completed_on")
    record_change(update, AuditEntry.Action.CREATE, actor, None, snapshot(update))
    t.data.update(update=update.pk, reported_on=reported_on, percent=percent)
    return update


def roll_up_implementations(task_id, *, actor):
    """An upper-level task carried out by lower units' tasks takes their progress: the mean percent, the latest
    progress date, and completion when every lower unit has completed (on the date the last one did).
    Continues up the chain, so a province sees its communes' work through the districts."""
    task = Task.objects.select_for_update().get(pk=task_id)
    rows = list(task.implementations.values_list("percent", "last_progress_on", "completed_on", "timeframe_kind"))
    if not rows or task.is_ongoing:
        if task.is_ongoing and rows:
            dates = [r[1] for r in rows if r[1]]
            if dates and (task.last_progress_on is None or max(dates) > task.last_progress_on):
                task.last_progress_on = max(dates)
                task.save(update_fields=["last_progress_on", "updated_at"])
        return
    with transition(
        task,
        actor=actor,
        event="task.rolled_up",
        fields=["percent", "last_progress_on", "completed_on"],
    ) as t:
        t.obj.percent = round(sum(r[0] for r in rows) / len(rows))
        dates = [r[1] for r in rows if r[1]]
        t.obj.last_progress_on = max(dates) if dates else t.obj.last_progress_on
        completions = [r[2] for r in rows]
        t.obj.completed_on = max(completions) if all(completions) else None
        t.data["from_tasks"] = len(rows)
    if t.obj.implements_id:
        roll_up_implementations(t.obj.implements_id, actor=actor)
