"""What each figure of a dashboard counts, written once: the recount groups it by unit (and agency, and PAPI
dimension) and the records page lists it with the very same condition, so a figure equals the count of the list
behind it (``tests/test_links.py`` walks every link).

A figure is a :class:`QueryFigure` (a condition on one model's rows: tasks, report requests, feedback, remedies,
survey responses) or an :class:`ItemFigure` (rows judged in Python by the app that owns the rule: disclosure
places by ``chiso.disclosures.compliance``, lower units' plans against the parent plan's deadline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chiso.citizens.models import Feedback
from chiso.disclosures import compliance
from chiso.disclosures.models import Duty, PlaceState
from chiso.inspections.models import Remedy
from chiso.lib import tree
from chiso.plans.models import Plan, Task, TaskAgency
from chiso.plans.rollup import child_deadline
from chiso.reporting.models import Request
from chiso.surveys.models import Response

QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}


@dataclass(frozen=True)
class Ctx:
    """A year and period ("Y", "Q1"…"Q4") and the day the states are judged on."""

    year: int
    period: str
    today: dt.date

    @property
    def start(self) -> dt.date:
        if self.period == "Y":
            return dt.date(self.year, 1, 1)
        return dt.date(self.year, QUARTERS[self.period][0], 1)

    @property
    def end(self) -> dt.date:
        if self.period in ("Y", "Q4"):
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, QUARTERS[self.period][1] + 1, 1) - dt.timedelta(days=1)

    @property
    def key(self) -> str:
        """The period as ``chiso.disclosures.periods`` writes it: "2025" or "2025-Q3"."""
        return str(self.year) if self.period == "Y" else f"{self.year}-{self.period}"


@dataclass
class Row:
    """One record behind a figure, as the records page lists it."""

    title: str
    url: str
    unit: str
    date: dt.date | None
    state: str = ""


def agency_scope(root: str, lookup: str = "agency") -> Q:
    """The agencies whose figures a recount of ``root``'s subtree renews: those of its units and of the units above."""
    return tree.subtree_q([root], f"{lookup}__unit") | Q(**{f"{lookup}__unit__path__in": tree.ancestor_paths([root])})


# --- figures counted by a query ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class QueryFigure:
    key: str
    panel: str
    label: str
    model: type
    unit_lookup: str
    condition: Callable[[Ctx], Q]
    date_field: str
    state: Callable = lambda obj, ctx: ""  # noqa: E731 — the row's state as the records page shows it
    part_lookup: str | None = None  # PAPI dimension codes (tasks), the survey (responses)
    part_prefix: str = ""  # "survey:" before the value of ``part_lookup``
    agency_lookup: str | None = None
    select: tuple[str, ...] = ()
    link: Callable = lambda obj: obj.get_absolute_url()  # noqa: E731 — where the records page sends a row

    def rows(self, ctx: Ctx):
        return self.model._default_manager.filter(self.condition(ctx))

    def unit_counts(self, ctx: Ctx, root: str | None = None) -> dict[tuple[str, str], int]:
        """{(unit path, part): n} of the records of each unit itself ("" part: all of them)."""
        queryset = self.rows(ctx)
        if root:
            queryset = queryset.filter(tree.subtree_q([root], self.unit_lookup))
        path = f"{self.unit_lookup}__path"
        found = {(r[path], ""): r["n"] for r in queryset.order_by().values(path).annotate(n=Count("pk", distinct=True))}
        if self.part_lookup:
            for r in queryset.order_by().values(path, self.part_lookup).annotate(n=Count("pk", distinct=True)):
                if r[self.part_lookup]:
                    found[(r[path], f"{self.part_prefix}{r[self.part_lookup]}")] = r["n"]
        return found

    def agency_counts(self, ctx: Ctx, root: str | None = None) -> dict[int, int]:
        """{agency id: n}, every record of each agency counted; with ``root``, the agencies of its subtree and of
        the units above it (those a recount of the subtree may change), whatever unit their records belong to."""
        if not self.agency_lookup:
            return {}
        queryset = self.rows(ctx)
        if self.model is Task:
            # The lead agency (chủ trì) answers for a task: counted from the links, one join.
            links = TaskAgency.objects.filter(role=TaskAgency.Role.LEAD, task__in=queryset.values("pk"))
            if root:
                links = links.filter(agency_scope(root, "agency"))
            rows = links.order_by().values("agency_id").annotate(n=Count("task_id", distinct=True))
            return {r["agency_id"]: r["n"] for r in rows}
        if root:
            queryset = queryset.filter(agency_scope(root, self.agency_lookup))
        rows = queryset.order_by().values(self.agency_lookup).annotate(n=Count("pk", distinct=True))
        return {r[self.agency_lookup]: r["n"] for r in rows if r[self.agency_lookup]}

    def records(self, ctx: Ctx, unit, *, part: str = "", agency=None, user=None) -> list[Row]:
        queryset = self.rows(ctx).filter(tree.subtree_q([unit.path], self.unit_lookup))
        if part and self.part_lookup:
            queryset = queryset.filter(**{self.part_lookup: part.removeprefix(self.part_prefix)})
        if agency is not None:
            if self.model is Task:
                queryset = queryset.filter(agency_links__agency=agency, agency_links__role=TaskAgency.Role.LEAD)
            else:
                queryset = queryset.filter(**{self.agency_lookup: agency})
        queryset = queryset.distinct().select_related(self.unit_lookup, *self.select).order_by(self.date_field, "pk")
        rows = []
        for obj in queryset:
            record_unit = obj
            for step in self.unit_lookup.split("__"):
                record_unit = getattr(record_unit, step)
            rows.append(
                Row(
                    title=str(obj),
                    url=self.link(obj),
                    unit=record_unit.name,
                    date=getattr(obj, self.date_field),
                    state=str(self.state(obj, ctx)),
                )
            )
        return rows


# --- figures judged in Python ------------------------------------------------------------------------------------
@dataclass
class Item:
    path: str
    state: str
    row: Row


@dataclass(frozen=True)
class ItemFigure:
    key: str
    panel: str
    label: str
    family: str
    states: tuple[str, ...]
    part_lookup = None
    agency_lookup = None

    def unit_counts(self, ctx: Ctx, root: str | None = None, *, cache=None) -> dict[tuple[str, str], int]:
        found: dict[tuple[str, str], int] = {}
        for item in items(self.family, ctx, root, cache=cache):
            if item.state in self.states:
                found[(item.path, "")] = found.get((item.path, ""), 0) + 1
        return found

    def agency_counts(self, ctx, root=None):
        return {}

    def records(self, ctx: Ctx, unit, *, part: str = "", agency=None, user=None) -> list[Row]:
        if agency is not None:
            return []
        return [item.row for item in items(self.family, ctx, unit.path) if item.state in self.states]


def items(family: str, ctx: Ctx, root: str | None, *, cache=None) -> list[Item]:
    """The judged rows of a family, computed once per recount (``cache``)."""
    if cache is not None and (family, root) in cache:
        return cache[(family, root)]
    found = FAMILIES[family](ctx, root)
    if cache is not None:
        cache[(family, root)] = found
    return found


def _disclosure_items(ctx: Ctx, root: str | None) -> list[Item]:
    duties = Duty.objects.filter(due_on__gte=ctx.start, due_on__lte=ctx.end)
    if root:
        duties = duties.filter(tree.subtree_q([root], "unit"))
    result = compliance.compute(None, ctx.start, ctx.end, today=ctx.today, duties=duties)
    return [
        Item(
            line.duty.unit.path,
            line.state,
            Row(
                title=f"{line.duty.type.name} — {line.duty.label}: {line.place or line.kind_label}",
                url=line.posting_url or line.duty.get_absolute_url(),
                unit=line.duty.unit.name,
                date=line.duty.due_on,
                state=line.state_label,
            ),
        )
        for line in result.counted
    ]


class PlanState:
    ON_TIME, LATE, OVERDUE, PENDING = "on_time", "late", "overdue", "pending"
    LABELS = {
        ON_TIME: _("Issued on time"),
        LATE: _("Issued late"),
        OVERDUE: _("Not issued, past the deadline"),
        PENDING: _("Drafting, within the deadline"),
    }


def _plan_items(ctx: Ctx, root: str | None) -> list[Item]:
    """The year's plans of lower units that implement an issued upper-level plan, judged against its deadline for
    lower units (``plans.rollup.child_deadline``, Tết-aware)."""
    plans = Plan.objects.filter(year=ctx.year, parent__isnull=False, parent__issued_on__isnull=False)
    if root:
        plans = plans.filter(tree.subtree_q([root], "unit"))
    plans = list(plans.select_related("unit", "parent").order_by("unit__path", "pk"))
    deadlines = {}
    found = []
    for plan in plans:
        if plan.parent_id not in deadlines:
            deadlines[plan.parent_id] = child_deadline(plan.parent)
        deadline = deadlines[plan.parent_id]
        if plan.status in (Plan.Status.ISSUED, Plan.Status.CLOSED) and plan.issued_on:
            state = PlanState.ON_TIME if plan.issued_on <= deadline else PlanState.LATE
        else:
            state = PlanState.OVERDUE if ctx.today > deadline else PlanState.PENDING
        row = Row(plan.title, plan.get_absolute_url(), plan.unit.name, deadline, str(PlanState.LABELS[state]))
        found.append(Item(plan.unit.path, state, row))
    return found


FAMILIES: dict[str, Callable] = {"disclosures": _disclosure_items, "plans": _plan_items}


# --- the figures -------------------------------------------------------------------------------------------------
def _response_link(response):
    """A response is anonymous and has no page of its own: its survey's results."""
    return reverse("surveys:survey_results", args=[response.survey_id])


def _responses(key, label, unit_lookup, condition):
    """Survey responses, by survey ("survey:12")."""
    return QueryFigure(
        key,
        "surveys",
        label,
        Response,
        unit_lookup,
        condition,
        "submitted_at",
        state=lambda response, ctx: response.get_channel_display(),
        part_lookup="survey_id",
        part_prefix="survey:",
        select=("survey",),
        link=_response_link,
    )


def _task_state(task, ctx):
    return Task.Status(task.status_on(ctx.today)).label


def _due_tasks(ctx):
    """One-off activity rows (no sub-tasks) due in the period."""
    return Q(subtasks__isnull=True, due_on__gte=ctx.start, due_on__lte=ctx.end) & ~Q(timeframe_kind="ongoing")


def _request_state(request, ctx):
    return f"{request.get_status_display()} — {request.timeliness(ctx.today)}"


def _feedback_state(item, ctx):
    return item.get_status_display()


FEEDBACK_COUNTED = ~Q(status__in=["rejected", "merged"])


def _fb(ctx):
    return Q(answer_due_on__gte=ctx.start, answer_due_on__lte=ctx.end) & FEEDBACK_COUNTED


def _rem(ctx):
    return Q(due_on__gte=ctx.start, due_on__lte=ctx.end)


def _req(ctx):
    return Q(due_on__gte=ctx.start, due_on__lte=ctx.end)


def _remedy_state(remedy, ctx):
    return remedy.get_status_display()


def _counted(panel, base, rows, model, unit_lookup, date_field, **options):
    """The figures of a panel of records an agency answers for: one a ``(key, label, condition)`` of ``rows``,
    counting the records in the period (``base``) that meet the row's condition."""
    return [
        QueryFigure(
            key, panel, label, model, unit_lookup, _both(base, condition), date_field, agency_lookup="agency", **options
        )
        for key, label, condition in rows
    ]


def _both(base, condition):
    return lambda ctx: base(ctx) & condition(ctx)


def _tasks(key, label, condition):
    return QueryFigure(
        key,
        "tasks",
        label,
        Task,
        "plan__unit",
        lambda ctx: _due_tasks(ctx) & condition(ctx),
        "due_on",
        state=_task_state,
        part_lookup="dimensions__code",
        agency_lookup="agency_links__agency",
    )


FIGURES: list = [
    _tasks("tasks.due", _("Tasks due in the period"), lambda ctx: Q()),
    _tasks(
        "tasks.on_time",
        _("Completed on time"),
        lambda ctx: Q(completed_on__isnull=False, completed_on__lte=F("due_on")),
    ),
    _tasks("tasks.late", _("Completed late"), lambda ctx: Q(completed_on__isnull=False, completed_on__gt=F("due_on"))),
    _tasks("tasks.overdue", _("Unfinished, overdue"), lambda ctx: Q(completed_on__isnull=True, due_on__lt=ctx.today)),
    _tasks(
        "tasks.open",
        _("Unfinished, within term"),
        lambda ctx: Q(completed_on__isnull=True, due_on__gte=ctx.today),
    ),
    ItemFigure("plans.expected", "plans", _("Lower units' plans"), "plans", tuple(PlanState.LABELS)),
    ItemFigure("plans.on_time", "plans", _("Issued on time"), "plans", (PlanState.ON_TIME,)),
    ItemFigure("plans.late", "plans", _("Issued late"), "plans", (PlanState.LATE,)),
    ItemFigure("plans.overdue", "plans", _("Not issued, past the deadline"), "plans", (PlanState.OVERDUE,)),
]

_REPORTS = [
    ("reports.due", _("Reports requested"), lambda ctx: Q()),
    ("reports.on_time", _("Sent on time"), lambda ctx: Q(on_time=True)),
    ("reports.late", _("Sent late"), lambda ctx: Q(on_time=False)),
    ("reports.missing", _("Missing"), lambda ctx: Q(on_time__isnull=True, due_on__lt=ctx.today)),
    ("reports.accepted_on_time", _("Sent on time and accepted"), lambda ctx: Q(on_time=True, status="accepted")),
]
FIGURES += _counted(
    "reports", _req, _REPORTS, Request, "agency__unit", "due_on", state=_request_state, select=("period__schedule",)
)

_FEEDBACK = [
    ("feedback.due", _("Feedback due for an answer"), lambda ctx: Q()),
    (
        "feedback.on_time",
        _("Answered on time"),
        lambda ctx: Q(answered_on__isnull=False, answered_on__lte=F("answer_due_on")),
    ),
    ("feedback.late", _("Answered late"), lambda ctx: Q(answered_on__isnull=False, answered_on__gt=F("answer_due_on"))),
    (
        "feedback.overdue",
        _("Unanswered, overdue"),
        lambda ctx: Q(status__in=Feedback.OPEN_STATUSES, answer_due_on__lt=ctx.today),
    ),
    ("feedback.rated", _("Citizens who said whether it was resolved"), lambda ctx: ~Q(resolution="")),
    ("feedback.resolved", _("Said “resolved”"), lambda ctx: Q(resolution=Feedback.Resolution.RESOLVED)),
]
FIGURES += _counted("feedback", _fb, _FEEDBACK, Feedback, "unit", "answer_due_on", state=_feedback_state)

_REMEDIES = [
    ("remedies.due", _("Remedies due in the period"), lambda ctx: Q()),
    ("remedies.on_time", _("Closed on time"), lambda ctx: Q(status__in=Remedy.RESOLVED_STATES, was_late=False)),
    ("remedies.late", _("Closed late"), lambda ctx: Q(status__in=Remedy.RESOLVED_STATES, was_late=True)),
    ("remedies.overdue", _("Overdue"), lambda ctx: Q(status__in=Remedy.OPEN_STATES, due_on__lt=ctx.today)),
]
FIGURES += _counted(
    "remedies", _rem, _REMEDIES, Remedy, "agency__unit", "due_on", state=_remedy_state, select=("finding",)
)

_DUE_PLACES = (PlaceState.ON_TIME, PlaceState.LATE, PlaceState.TAKEN_DOWN_EARLY, PlaceState.MISSING)
FIGURES += [
    ItemFigure("disclosures.due", "disclosures", _("Places due"), "disclosures", tuple(s.value for s in _DUE_PLACES)),
    ItemFigure("disclosures.on_time", "disclosures", _("Posted on time"), "disclosures", (PlaceState.ON_TIME.value,)),
    ItemFigure("disclosures.late", "disclosures", _("Posted late"), "disclosures", (PlaceState.LATE.value,)),
    ItemFigure(
        "disclosures.early",
        "disclosures",
        _("Taken down early"),
        "disclosures",
        (PlaceState.TAKEN_DOWN_EARLY.value,),
    ),
    ItemFigure("disclosures.missing", "disclosures", _("Not posted"), "disclosures", (PlaceState.MISSING.value,)),
    _responses(
        "surveys.responses",
        _("Survey responses"),
        "point__unit",
        lambda ctx: Q(submitted_at__date__gte=ctx.start, submitted_at__date__lte=ctx.end),
    ),
]

# A survey's index is computed by the recount from all the survey's responses (``surveys.scoring``); the responses
# it is counted out of are listed by this figure (not counted by unit: the index is stored on the survey's unit).
SURVEY_INDEX = _responses("surveys.index", _("Responses counted in the survey's index"), "survey__unit", lambda c: Q())
BY_KEY = {figure.key: figure for figure in [*FIGURES, SURVEY_INDEX]}
PANELS = {
    "tasks": _("Tasks of the plans"),
    "plans": _("Lower units' plans"),
    "reports": _("Reports"),
    "feedback": _("Citizens' feedback"),
    "remedies": _("Inspection remedies"),
    "disclosures": _("Public disclosure"),
    "surveys": _("Satisfaction surveys"),
}
# What is "overdue" on a leader's home, by kind: there the figure stands without its panel, so it names its kind.
OVERDUE_LABELS = {
    "tasks.overdue": _("Tasks not completed, overdue"),
    "plans.overdue": _("Plans not issued, overdue"),
    "reports.missing": _("Reports not sent"),
    "feedback.overdue": _("Feedback not answered, overdue"),
    "remedies.overdue": _("Inspection remedies overdue"),
    "disclosures.missing": _("Documents not posted"),
}
OVERDUE_KEYS = list(OVERDUE_LABELS)


@dataclass
class Counted:
    """A recount's result: {(unit path, part): n} and {agency id: n} per figure key."""

    units: dict[str, dict[tuple[str, str], int]] = field(default_factory=dict)
    agencies: dict[str, dict[int, int]] = field(default_factory=dict)


def count_all(ctx: Ctx, root: str | None = None) -> Counted:
    counted = Counted()
    cache: dict = {}
    for figure in FIGURES:
        if isinstance(figure, ItemFigure):
            counted.units[figure.key] = figure.unit_counts(ctx, root, cache=cache)
        else:
            counted.units[figure.key] = figure.unit_counts(ctx, root)
        counted.agencies[figure.key] = figure.agency_counts(ctx, root)
    return counted
