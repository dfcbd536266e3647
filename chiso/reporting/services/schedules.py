"""Schedules and their periods: who reports to whom, when each period opens, what each agency owes."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from chiso.core.audit import record_created
from chiso.core.permissions import policy
from chiso.core.services import transition, update_object
from chiso.units.models import Agency

from .. import pageversions, windows
from ..models import (
    Cadence,
    Period,
    Request,
    Schedule,
)


# --- schedules --------------------------------------------------------------------------------------------
def default_reporters(plan):
    """Who reports by default: the lead agencies of the plan's tasks and the committees of the units below."""
    leads = Agency.objects.filter(task_links__task__plan=plan, task_links__role="lead", is_active=True)
    below = Agency.objects.filter(unit__parent=plan.unit, kind=Agency.Kind.COMMITTEE, is_active=True)
    return Agency.objects.filter(Q(pk__in=leads.values("pk")) | Q(pk__in=below.values("pk"))).distinct()


def default_recipient(plan):
    """The standing body: the unit's internal-affairs office, else the committee office, else the committee."""
    agencies = Agency.objects.filter(unit=plan.unit, is_active=True)
    for condition in (Q(name__icontains="Nội vụ"), Q(name__icontains="Văn phòng"), Q(kind=Agency.Kind.COMMITTEE)):
        found = agencies.filter(condition).order_by("id").first()
        if found:
            return found
    return plan.issuer


def schedule_recipients(plan):
    """Who may receive a schedule's reports (the standing body): the active agencies of the plan's unit."""
    return Agency.objects.filter(unit=plan.unit_id, is_active=True).order_by("name")


def schedule_reporters(plan):
    """Who may be asked to report on a plan: the active agencies of its unit and of the units just below."""
    return (
        Agency.objects.filter(is_active=True)
        .filter(Q(unit=plan.unit_id) | Q(unit__parent=plan.unit_id))
        .select_related("unit")
        .order_by("unit__path", "name")
    )


def _check_schedule_references(schedule, *, actor, reporters):
    policy.require_usable(actor, schedule.recipient, field="recipient", among=schedule_recipients(schedule.plan))
    policy.require_usable(actor, reporters, field="reporters", among=schedule_reporters(schedule.plan))


@transaction.atomic
def create_schedule(schedule, *, actor, reporters=None, today=None):
    """Save a new schedule (reporters default to :func:`default_reporters`) and open the periods already due.
    The recipient and the reporters must be among :func:`schedule_recipients` and :func:`schedule_reporters`."""
    policy.require(actor, "change", schedule.plan)
    _check_schedule_references(schedule, actor=actor, reporters=reporters)
    schedule.full_clean()
    schedule.save()
    schedule.reporters.set(reporters if reporters is not None else default_reporters(schedule.plan))
    record_created(schedule, actor)
    open_due_periods(today=today, schedules=[schedule])
    return schedule


@transaction.atomic
def update_schedule(schedule, *, actor, loaded_version, m2m_form=None):
    """Save edits of a schedule, with the same checks of the recipient and the reporters as a new one."""
    saved = Schedule.objects.get(pk=schedule.pk)
    reporters = list(m2m_form.cleaned_data.get("reporters") or []) if m2m_form is not None else []
    kept = set(saved.reporters.values_list("pk", flat=True))
    # What was already saved is not checked again: an edit never fails on a link made earlier.
    if schedule.recipient_id != saved.recipient_id:
        policy.require_usable(actor, schedule.recipient, field="recipient", among=schedule_recipients(saved.plan))
    new = [agency for agency in reporters if agency.pk not in kept]
    policy.require_usable(actor, new, field="reporters", among=schedule_reporters(saved.plan))
    schedule = update_object(schedule, actor=actor, loaded_version=loaded_version, m2m_form=m2m_form)
    if m2m_form is not None:
        sync_open_requests(schedule)
    return schedule


def sync_open_requests(schedule) -> None:
    """The periods still open ask exactly the schedule's reporters: a new reporter gets its request at once; a
    reporter taken off loses its request while it has nothing submitted (what was sent is kept)."""
    reporters = list(schedule.reporters.filter(is_active=True).values_list("pk", flat=True))
    for period in schedule.periods.filter(status=Period.Status.OPEN).select_related("schedule__plan"):
        _create_requests(period)
        period.requests.filter(status=Request.Status.PENDING, submissions__isnull=True).exclude(
            agency__in=reporters
        ).delete()


def follow_plan_tasks(plan, leads, actor=None) -> None:
    """Who leads a task reports on it: an agency set to lead a task of ``plan`` joins the reporters of the plan's
    active schedules, and the periods still open ask it too. Reporters chosen or taken off by hand stay so. The
    schedule's history says who joined, and by whose edit of the task (``actor``)."""
    if not leads:
        return
    schedules = list(plan.schedules.filter(is_active=True))
    if not schedules:
        return
    allowed = set(schedule_reporters(plan).filter(pk__in=[a.pk for a in leads]).values_list("pk", flat=True))
    for schedule in schedules:
        have = set(schedule.reporters.values_list("pk", flat=True))
        missing = [agency for agency in leads if agency.pk in allowed and agency.pk not in have]
        if missing:
            # a change of the schedule like any other: its version grows, so a form opened before is refused
            with transition(schedule, actor=actor, event="schedule.reporters_followed", fields=[]) as t:
                t.obj.reporters.add(*missing)
                t.data["agencies"] = ", ".join(str(agency) for agency in missing)
            sync_open_requests(t.obj)


# --- periods ----------------------------------------------------------------------------------------------
def _add_days(day, days):
    return day + dt.timedelta(days=days)


def _create_requests(period):
    schedule = period.schedule
    rows = []
    for agency in schedule.reporters.filter(is_active=True).select_related("unit"):
        below = agency.unit_id != schedule.plan.unit_id
        rows.append(Request(period=period, agency=agency, due_on=period.unit_due_on if below else period.due_on))
    Request.objects.bulk_create(rows, ignore_conflicts=True)
    pageversions.period_changed(period.pk)  # bulk_create sends no signal
    return len(rows)


def open_due_periods(today=None, schedules=None) -> int:
    """Open every regular period whose time has come (idempotent: the tick calls it again and again)."""
    today = today or timezone.localdate()
    if schedules is None:
        schedules = (
            Schedule.objects.filter(is_active=True, plan__status="issued")
            .exclude(cadence=Cadence.AD_HOC)
            .select_related("plan")
        )
    opened = 0
    for schedule in schedules:
        if schedule.cadence == Cadence.AD_HOC or not schedule.is_active or schedule.plan.status != "issued":
            continue
        existing = set(schedule.periods.filter(is_ad_hoc=False).values_list("cutoff_start", "cutoff_end"))
        for span in _regular_spans(schedule):
            if (span.start, span.end) in existing or _add_days(span.end, -schedule.open_days_before) > today:
                continue
            try:
                with transaction.atomic():
                    period = Period.objects.create(
                        schedule=schedule,
                        label=span.label,
                        cutoff_start=span.start,
                        cutoff_end=span.end,
                        due_on=_add_days(span.end, schedule.agency_due_days),
                        unit_due_on=_add_days(span.end, schedule.unit_due_days),
                    )
                    _create_requests(period)
                    record_created(period, None, event="period.opened")
            except IntegrityError:  # another worker opened it a moment ago
                continue
            opened += 1
    return opened


def _regular_spans(schedule):
    """The schedule's regular periods. A half-yearly schedule beside a yearly one of the same plan and recipient
    reports on the first six months only: the yearly report covers the year (no "last six months" report beside
    it, a duplicate duty) — unless the plan asks for the last six months as well (``second_half``)."""
    found = windows.spans(schedule.cadence, schedule.window, schedule.plan.year)
    if (
        schedule.cadence == Cadence.HALF_YEARLY
        and not schedule.second_half
        and Schedule.objects.filter(
            plan=schedule.plan_id, recipient=schedule.recipient_id, cadence=Cadence.YEARLY, is_active=True
        ).exists()
    ):
        found = found[:1]
    return found


@transaction.atomic
def open_ad_hoc_period(schedule, *, actor, label, cutoff_start, cutoff_end, due_on, note="", unit_due_on=None):
    """The coordinator asks for a report on demand ("báo cáo đột xuất") with its own due date."""
    policy.require(actor, "change", schedule)
    unit_due_on = unit_due_on or due_on
    errors = {}
    if cutoff_end < cutoff_start:
        errors["cutoff_end"] = _("The cut-off ends before it starts.")
    if due_on < cutoff_end:
        errors["due_on"] = _("The due date is before the end of the data cut-off.")
    if unit_due_on < cutoff_end:
        errors["unit_due_on"] = _("The due date is before the end of the data cut-off.")
    if errors:
        raise ValidationError(errors)
    period = Period.objects.create(
        schedule=schedule,
        label=label,
        is_ad_hoc=True,
        note=note,
        cutoff_start=cutoff_start,
        cutoff_end=cutoff_end,
        due_on=due_on,
        unit_due_on=unit_due_on,
    )
    _create_requests(period)
    record_created(period, actor, event="period.requested_ad_hoc")
    return period


@transaction.atomic
def set_period_status(period, *, actor, status):
    """Close a period (no more reports expected) or open it again."""
    event = "period.closed" if status == Period.Status.CLOSED else "period.reopened"
    with transition(period, actor=actor, event=event, action="change", fields=["status"]) as t:
        t.obj.status = status
    return t.obj
