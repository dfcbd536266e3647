"""Adding and editing a task: the one door of the page, the importers, dialogues, gap analysis and copies; what a
task may name (lead and coordinating agencies, its group heading)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from chiso.core.audit import record_created
from chiso.core.permissions import policy
from chiso.core.services import check_references, update_object
from chiso.lib import tree
from chiso.lib.copying import values_of
from chiso.lib.text import nfc
from chiso.units.models import Agency

from ..models import Plan, Task, TaskAgency
from ..pilots import check_task_pilots, record_task_pilots


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
    pilot_units=None,
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
    _set_tags(task, dimensions=dimensions, subdimensions=subdimensions, indicators=indicators, pilots=pilot_units)
    set_task_agencies(task, actor=actor, lead=lead, coordinating=coordinating)
    if audit:
        record_created(task, actor, event=event, data=data)
    return task


@transaction.atomic
def update_task(task, *, actor, loaded_version=None, lead=(), coordinating=(), dimensions=None, subdimensions=None,
                indicators=None, pilot_units=None):  # fmt: skip
    """Save edits of a task of a draft plan: the version the editor loaded must still be the saved one, text is
    stored in NFC, changed references and the agencies are checked as for :func:`add_task`. One "updated" entry of
    the task's history has its fields, PAPI tags and agencies; a change of pilot localities has its own
    (:func:`pilots.record_task_pilots`), so it is told once."""
    plan = Plan.objects.select_for_update().get(pk=task.plan_id)
    require_draft_for_tasks(plan)
    for name in TASK_TEXT_FIELDS:
        setattr(task, name, nfc(getattr(task, name)))
    task.plan = plan

    def related(task):  # the tags and agencies are in the edit's one entry, by name
        _set_tags(task, dimensions=dimensions, subdimensions=subdimensions, indicators=indicators)
        set_task_agencies(task, actor=actor, lead=lead, coordinating=coordinating)

    task = update_object(task, actor=actor, loaded_version=loaded_version, related=related)
    before = list(task.pilot_units.select_related("parent")) if pilot_units is not None else None
    _set_tags(task, dimensions=None, subdimensions=None, indicators=None, pilots=pilot_units)
    if before is not None:  # pilot localities added or removed are in the task's history, by name
        after = list(task.pilot_units.select_related("parent"))
        record_task_pilots(
            task, actor, [u.pk for u in before], [u.pk for u in after],
            added=[u for u in after if u not in before], removed=[u for u in before if u not in after],
        )  # fmt: skip
    return task


def _set_tags(task, *, dimensions, subdimensions, indicators, pilots=None):
    """The PAPI dimensions, sub-dimensions and indicators the task addresses (public reference data), and the
    plan's pilot localities it is carried out in (among the plan's, :func:`pilots.check_task_pilots`); None leaves
    a tag as it is."""
    if pilots is not None:
        pilots = list(pilots)
        check_task_pilots(task, pilots)
        task.pilot_units.set(pilots)
    for name, rows in (("dimensions", dimensions), ("subdimensions", subdimensions), ("indicators", indicators)):
        if rows is not None:
            getattr(task, name).set(rows)


# Apps above plans follow who leads its tasks (reporting: the lead agencies report on the plan's schedules).
_task_agency_listeners: list = []


def on_task_agencies_changed(listener) -> None:
    """``listener(plan, lead, actor)`` runs, in the same transaction, after a task's agencies are set (``lead``: its
    leads; ``actor``: who set them)."""
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
        listener(plan, lead, actor)


def copy_task(task, *, plan, actor, group=None, shift_years=0, implements=None, agencies=None):
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
        pilot_units=[p for p in task.pilot_units.all() if p.pk in set(plan.pilot_units.values_list("pk", flat=True))],
        group=group,
        implements=implements,
        **values_of(task, "number title activity output timeframe_kind timeframe_text weight"),
        start_on=shift(task.start_on),
        due_on=shift(task.due_on),
    )
    return copy
