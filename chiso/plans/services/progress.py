"""Progress on the tasks of an issued plan: what was done, with evidence, and its roll-up to the upper-level tasks."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chiso.accounts.models import Membership
from chiso.core import workdays
from chiso.core.audit import record_created
from chiso.core.permissions import ACTING_ROLES, policy
from chiso.core.services import Guard, transition
from chiso.lib import filetypes, uploads

from ..models import Evidence, ProgressUpdate, Task


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


_PLAN_ISSUED = Guard(
    lambda task: task.plan.status == task.plan.Status.ISSUED,
    gettext_lazy("Progress is recorded on the tasks of an issued plan."),
    code="plan_not_issued",
)


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
        guard=_PLAN_ISSUED,
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
    counted_on = counted_from(reported_on, recorded_on=timezone.localdate(), limit=task.plan.backdate_limit_days)
    update = ProgressUpdate.objects.create(
        counted_on=counted_on,
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
            task.completed_on = counted_on  # lateness counts from here (the stated date within the limit)
            t.fields.append("completed_on")
        elif task.completed_on:
            task.completed_on = None  # reopened: a later update says it is not finished after all
            t.fields.append("completed_on")
    record_created(update, actor)
    t.data.update(update=update.pk, reported_on=reported_on, percent=percent)
    if counted_on != reported_on:
        t.data["counted_on"] = counted_on
    return update


def counted_from(reported_on, *, recorded_on, limit):
    """The date a progress entry counts from for lateness: the date it states, but no earlier than ``limit``
    working days before the day it was recorded (the plan's ``backdate_limit_days``, set by its coordinator).
    An entry recorded on 20/11 saying "done on 01/11" with a limit of 5 counts from 13/11."""
    if reported_on >= recorded_on:
        return reported_on
    return max(reported_on, workdays.add_working_days(recorded_on, -limit))


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
        task, actor=actor, event="task.rolled_up", fields=["percent", "last_progress_on", "completed_on"]
    ) as t:
        t.obj.percent = round(sum(r[0] for r in rows) / len(rows))
        dates = [r[1] for r in rows if r[1]]
        t.obj.last_progress_on = max(dates) if dates else t.obj.last_progress_on
        completions = [r[2] for r in rows]
        t.obj.completed_on = max(completions) if all(completions) else None
        t.data["from_tasks"] = len(rows)
    if t.obj.implements_id:
        roll_up_implementations(t.obj.implements_id, actor=actor)
