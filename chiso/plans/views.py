"""Plan and task screens: thin views over plans.services; every one declares its permission."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from chiso.accounts import usercache
from chiso.accounts.models import Membership
from chiso.core import personcache
from chiso.core.permissions import AUTHENTICATED, declare, policy
from chiso.core.personcache import person_page
from chiso.core.services import ConflictError
from chiso.core.views import (
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
    _attach_errors,
    permitted_object,
    refuse,
)
from chiso.lib import filetypes
from chiso.units.models import AdministrativeUnit, Agency

from . import extensions, pageversions, responsibilities, services
from .extensions import plan_tab_frame, plan_tabs
from .filtersets import PlanFilterSet, TaskFilterSet
from .forms import CopyForm, IssueForm, PlanForm, ProgressForm, ReasonForm, TaskForm, progress_of
from .models import Evidence, Plan, ProgressUpdate, Task, TaskAgency
from .pilots import pilot_rows
from .rollup import CascadeState, cascade_rows, child_deadline, coverage_tree, task_table


def _errors(exc):
    if hasattr(exc, "error_dict"):
        return [m for messages_ in exc.message_dict.values() for m in messages_]
    return exc.messages


# --- plans -------------------------------------------------------------------------------------------
class PlanListView(ObjectListView):
    model = Plan
    filterset_class = PlanFilterSet
    select_related = ("unit",)
    columns = [
        ("title", gettext_lazy("Title")),
        ("code", gettext_lazy("Number")),
        ("unit", gettext_lazy("Unit")),
        ("year", gettext_lazy("Year")),
        ("get_status_display", gettext_lazy("Status")),
        ("issued_on", gettext_lazy("Issue date")),
    ]

    def extra_context(self, request):
        links = [
            {"url": reverse(link.url_name), "label": link.label}
            for link in extensions.plan_list_links
            if link.allowed(request.user)
        ]
        return {"extra_links": links} if links else {}


class PlanCreateView(ObjectCreateView):
    model = Plan
    form_class = PlanForm
    template_name = "plans/plan_form.html"

    def initial_for_new(self, request):
        membership = getattr(request, "membership", None)
        current = membership.current if membership is not None else None
        initial = {"year": timezone.localdate().year}
        if current is not None:
            unit = current.agency.unit
            committee = unit.agencies.filter(kind="committee").first()
            initial.update(unit=unit.pk, issuer=committee.pk if committee else None, place=unit.short_name or unit.name)
        return initial

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, user=request.user)
        if not form.is_valid():
            return self.render_form(request, form, None, status=400)
        try:
            with transaction.atomic():
                plan = services.create_plan(
                    form.save(commit=False),
                    actor=request.user,
                    m2m_form=form,
                    targets_text=form.cleaned_data.get("targets_text"),
                )
        except ValidationError as exc:
            _attach_errors(form, exc)
            return self.render_form(request, form, None, status=400)
        messages.success(request, _("Created the draft plan. Now add its tasks."))
        return HttpResponseRedirect(plan.get_absolute_url())


class PlanEditView(ObjectEditView):
    model = Plan
    form_class = PlanForm
    template_name = "plans/plan_form.html"

    def get_queryset(self):
        # An issued plan is changed only through a recorded amendment.
        return super().get_queryset().filter(status=Plan.Status.DRAFT)

    def post(self, request, *args, **kwargs):
        plan = self.get_object()
        form = self.form_class(request.POST, instance=plan, user=request.user)
        if not form.is_valid():
            return self.render_form(request, form, plan, status=400)
        try:
            with transaction.atomic():
                plan = services.update_plan(
                    form.save(commit=False),
                    actor=request.user,
                    loaded_version=form.cleaned_data.get("loaded_version"),
                    m2m_form=form,
                    targets_text=form.cleaned_data.get("targets_text"),
                )
        except (ConflictError, PermissionDenied, ValidationError) as exc:
            return self.render_form(request, form, plan, status=refuse(form, plan, exc))
        messages.success(request, _("Saved “%(name)s”.") % {"name": plan})
        if plan.tasks_losing_pilots:
            messages.info(
                request,
                ngettext(
                    "The pilot localities removed from the plan were also removed from %(n)s task.",
                    "The pilot localities removed from the plan were also removed from %(n)s tasks.",
                    plan.tasks_losing_pilots,
                )
                % {"n": plan.tasks_losing_pilots},
            )
        return HttpResponseRedirect(plan.get_absolute_url())


class PlanDeleteView(ObjectDeleteView):
    model = Plan

    def get_queryset(self):
        return super().get_queryset().filter(status=Plan.Status.DRAFT)


def _plan_versions(request, pk, **_kwargs):
    return pageversions.plan_names(pk)


def _my_task_versions(request, **_kwargs):
    return pageversions.agency_names(m.agency_id for m in usercache.memberships(request.user))


@method_decorator(person_page(_plan_versions), name="get")
class PlanDetailView(ObjectDetailView):
    """The plan: header, targets, the task table with filters and statuses, progress by dimension and agency.
    Cached whole per person and plan version (``pageversions``); the table and roll-ups per plan version."""

    model = Plan
    template_name = "plans/plan_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("unit", "issuer", "parent__unit", "approved_by")

    def extra_context(self, request):
        plan = self.object
        user = request.user
        agencies = plan_agencies(plan)
        pilots = plan.pilot_units.select_related("parent")
        filterset = TaskFilterSet(request.GET or None, queryset=plan.tasks.all(), agencies=agencies, pilots=pilots)
        shown = None
        if filterset.is_bound and filterset.is_valid() and any(filterset.form.cleaned_data.values()):
            shown = set(filterset.qs.values_list("pk", flat=True))
        # The task table and the roll-ups are cached as rendered HTML, keyed by what they show: the plan's version
        # (bumped by every change to its tasks, pageversions.py), today's date (statuses move with it) and the
        # filter. On a hit nothing below is computed.
        version = personcache.versions(pageversions.plan_names(plan.pk))[0]
        key = ":".join(
            str(part) for part in (plan.pk, version, timezone.localdate().isoformat(), request.GET.urlencode())
        )
        table = SimpleLazyObject(lambda: task_table(plan, shown))
        # Every button's permission from the plan's unit path (read with the plan), not a query per action.
        may = policy.allowed(user, ("change", "submit", "issue", "amend", "delete"), plan, fresh=True)
        return {
            "table": table,
            "table_key": key,
            # The unfiltered filter form (its agencies' options are most of its cost) is cached per plan until its
            # tasks, the plan (its pilots) or an agency or unit change.
            "directory_version": usercache.generation(),
            "filterset": filterset,
            "filtered": shown is not None,
            "schedules": plan.schedules.all(),
            "can_schedule": "change" in may,
            "can_add_task": plan.is_editable and "change" in may,
            "can_submit": plan.can_be_submitted() and "submit" in may,
            "can_issue": plan.can_be_issued() and "issue" in may,
            "can_return": plan.status == Plan.Status.SUBMITTED and "issue" in may,
            "can_amend": plan.can_be_amended() and "amend" in may,
            "can_copy": policy.can(user, "add", Plan, unit=plan.unit),
            "edit_url": reverse("plans:plan_edit", args=[plan.pk]) if plan.is_editable and "change" in may else None,
            "delete_url": reverse("plans:plan_delete", args=[plan.pk])
            if plan.status == Plan.Status.DRAFT and "delete" in may
            else None,
            "targets": plan.targets.all(),
            "pilots": pilot_rows(pilots),
            "target_checks": extensions.target_checks(plan),
            "amendments": plan.amendments.select_related("actor"),
            "child_deadline": child_deadline(plan),
            "extra_tabs": plan_tabs(plan),
            "export_links": [
                {"url": reverse("plans:plan_export_docx", args=[plan.pk]), "label": _("Word (.docx)")},
                {"url": reverse("plans:plan_export_pdf", args=[plan.pk]), "label": _("PDF")},
                {"url": reverse("plans:plan_export_xlsx", args=[plan.pk]), "label": _("Task table (.xlsx)")},
            ],
            "import_url": reverse("plans:plan_import_tasks", args=[plan.pk])
            if plan.is_editable and "change" in may
            else None,
        }


def plan_agencies(plan):
    return Agency.objects.for_unit(plan.unit, descendants=True).order_by("unit__path", "name")


def _plan_for(request, pk, action):
    return permitted_object(request, Plan, action, pk)


def _checked_import(request, run, *, success, done_url):
    """A plan's file import, checked before it saves: ``run(dry_run=…)`` reads the file. Without "confirm" it only
    checks and the caller shows its report; with "confirm" and every row right it saves, and the user goes to
    ``done_url`` told ``success`` (``%(n)s``: the rows created). A file refused as a whole goes there too, with the
    reason. Returns the report and, when the import is over, that redirect."""
    confirm = bool(request.POST.get("confirm"))
    try:
        report = run(dry_run=not confirm)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None, HttpResponseRedirect(done_url)
    if confirm and report.ok:
        messages.success(request, success % {"n": report.created})
        return report, HttpResponseRedirect(done_url)
    return report, None


@declare("submit", Plan)
@require_POST
def plan_submit(request, pk):
    plan = _plan_for(request, pk, "submit")
    try:
        services.submit_plan(plan, actor=request.user)
        messages.success(request, _("The plan was sent to the leader for approval."))
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
    return HttpResponseRedirect(plan.get_absolute_url())


def _transition(request, plan, form, *, run, success, heading, button):
    """A plan transition behind a small form: run the service, or show the form again with its errors."""
    if request.method == "POST" and form.is_valid():
        try:
            target = run(form.cleaned_data) or plan
            messages.success(request, success)
            return HttpResponseRedirect(target.get_absolute_url())
        except ValidationError as exc:
            _attach_errors(form, exc)
    context = {"plan": plan, "form": form, "heading": heading, "button": button}
    return render(request, "plans/plan_transition.html", context, status=400 if request.method == "POST" else 200)


@declare("issue", Plan)
def plan_issue(request, pk):
    plan = _plan_for(request, pk, "issue")
    form = IssueForm(
        request.POST or None, initial={"code": plan.code, "issued_on": plan.issued_on or timezone.localdate()}
    )
    return _transition(
        request,
        plan,
        form,
        run=lambda data: services.issue_plan(plan, actor=request.user, **data),
        success=_("The plan was issued."),
        heading=_("Approve and issue the plan"),
        button=_("Issue"),
    )


@declare("issue", Plan)
def plan_return(request, pk):
    plan = _plan_for(request, pk, "issue")
    return _transition(
        request,
        plan,
        ReasonForm(request.POST or None),
        run=lambda data: services.return_plan(plan, actor=request.user, reason=data["reason"]),
        success=_("The plan was returned to its drafters."),
        heading=_("Return the plan for changes"),
        button=_("Return"),
    )


@declare("amend", Plan)
def plan_amend(request, pk):
    plan = _plan_for(request, pk, "amend")
    return _transition(
        request,
        plan,
        ReasonForm(request.POST or None),
        run=lambda data: services.amend_plan(plan, actor=request.user, reason=data["reason"]),
        success=_("The plan is open for amendment; the issued version is kept."),
        heading=_("Amend the issued plan"),
        button=_("Open for amendment"),
    )


@declare("view", Plan)
def plan_copy(request, pk):
    plan = _plan_for(request, pk, "view")
    return _transition(
        request,
        plan,
        CopyForm(request.POST or None, initial={"year": plan.year + 1}),
        run=lambda data: services.copy_plan(plan, actor=request.user, year=data["year"]),
        success=_("A draft copy was made. Review the dates and the tasks."),
        heading=_("Copy as a draft for another year"),
        button=_("Copy"),
    )


@declare("view", Plan)
@person_page(_plan_versions)
def plan_coverage(request, pk):
    """The plan against the PAPI framework: which dimensions, sub-dimensions and indicators have tasks."""
    plan = _plan_for(request, pk, "view")
    tree = coverage_tree(plan)
    uncovered = [row["dimension"] for row in tree if not row["tasks"]]
    by_indicator, by_sub = responsibilities.assigned(plan)
    for row in tree:
        for sub in row["subs"]:
            sub["responsibility"] = by_sub.get(sub["sub"].pk)
            for item in sub["indicators"]:
                item["responsibility"] = responsibilities.responsible_for(item["indicator"], by_indicator, by_sub)
    return render(
        request,
        "plans/plan_coverage.html",
        {
            **plan_tab_frame(plan, "coverage"),
            "tree": tree,
            "uncovered": uncovered,
            "without_agency": responsibilities.without_agency(plan),
        },
    )


@declare("view", Plan)
@person_page(_plan_versions)
def plan_cascade(request, pk):
    plan = _plan_for(request, pk, "view")
    deadline, rows = cascade_rows(plan)
    for row in rows:
        row["label"] = CascadeState(row["state"]).label
        for entry in row["plans"]:
            entry["label"] = CascadeState(entry["state"]).label
        row["can_derive"] = (
            row["plan"] is None
            and plan.status == Plan.Status.ISSUED
            and not services.unit_ended_for(row["unit"], plan.year)
            and policy.can(request.user, "add", Plan, unit=row["unit"])
        )
    counts = {}
    for row in rows:
        counts[row["state"]] = counts.get(row["state"], 0) + 1
    return render(
        request,
        "plans/plan_cascade.html",
        {
            **plan_tab_frame(plan, "cascade"),
            "deadline": deadline,
            "rows": rows,
            "counts": [(CascadeState(k).label, v) for k, v in counts.items()],
        },
    )


@declare("add", Plan)
@require_POST
def plan_derive(request, pk):
    """Create a lower unit's draft plan from this plan's tasks addressed to it."""

    parent = _plan_for(request, pk, "view")
    unit = get_object_or_404(AdministrativeUnit, pk=request.POST.get("unit") or 0)
    try:
        plan = services.create_plan_from_parent(parent, actor=request.user, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(_errors(exc)))
        return HttpResponseRedirect(reverse("plans:plan_cascade", args=[parent.pk]))
    messages.success(
        request, _("Draft plan created with %(n)s tasks from the upper-level plan.") % {"n": plan.tasks.count()}
    )
    return HttpResponseRedirect(plan.get_absolute_url())


# --- tasks -------------------------------------------------------------------------------------------
class TaskFormMixin:
    template_name = "plans/task_form.html"

    def render_form(self, request, form, obj, status=200):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "object": obj,
                "plan": form.plan,
                "cancel_url": obj.get_absolute_url() if obj else form.plan.get_absolute_url(),
            },
            status=status,
        )

    def save(self, request, form, obj):
        plan, data = form.plan, form.cleaned_data
        links = {name: data[name] for name in ("lead", "coordinating", "dimensions", "subdimensions", "indicators")}
        links["pilot_units"] = data.get("pilot_units")
        try:
            if obj is None:
                task = services.add_task(plan, actor=request.user, task=form.save(commit=False), **links)
            else:
                task = services.update_task(
                    form.save(commit=False), actor=request.user, loaded_version=data.get("loaded_version"), **links
                )
        except (ConflictError, PermissionDenied, ValidationError) as exc:
            return self.render_form(request, form, obj, status=refuse(form, obj, exc))
        messages.success(request, _("Saved the task."))
        if "add_another" in request.POST:
            return HttpResponseRedirect(reverse("plans:task_add", args=[plan.pk]))
        return HttpResponseRedirect(plan.get_absolute_url() + f"#task-{task.pk}")


class TaskCreateView(TaskFormMixin, ObjectCreateView):
    model = Task

    def get_plan(self):
        return _plan_for(self.request, self.kwargs["plan"], "change")

    def get(self, request, *args, **kwargs):
        plan = self.get_plan()
        return self.render_form(request, TaskForm(plan=plan, instance=Task(plan=plan)), None)

    def post(self, request, *args, **kwargs):
        plan = self.get_plan()
        form = TaskForm(request.POST, plan=plan, instance=Task(plan=plan))
        if not form.is_valid():
            return self.render_form(request, form, None, status=400)
        return self.save(request, form, None)


class TaskEditView(TaskFormMixin, ObjectEditView):
    model = Task

    def get(self, request, *args, **kwargs):
        task = self.get_object()
        return self.render_form(request, TaskForm(instance=task), task)

    def post(self, request, *args, **kwargs):
        task = self.get_object()
        form = TaskForm(request.POST, instance=task)
        if not form.is_valid():
            return self.render_form(request, form, task, status=400)
        return self.save(request, form, task)


class TaskDeleteView(ObjectDeleteView):
    model = Task

    def get_queryset(self):
        return super().get_queryset().filter(plan__status=Plan.Status.DRAFT)


class TaskDetailView(ObjectDetailView):
    model = Task
    template_name = "plans/task_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("plan__unit", "group", "implements__plan")

    def extra_context(self, request):
        task = self.object
        updates = services.visible_updates(task, request.user).select_related("agency", "author")
        can_progress = task.plan.status == Plan.Status.ISSUED and policy.can(request.user, "progress", task)
        links = list(task.agency_links.select_related("agency__unit").order_by("role"))
        return {
            "pilots": pilot_rows(task.pilot_units.select_related("parent")),
            "updates": updates,
            "progress_form": ProgressForm(task=task) if can_progress else None,
            "lead_links": [link for link in links if link.role == TaskAgency.Role.LEAD],
            "coordinating_links": [link for link in links if link.role == TaskAgency.Role.COORDINATING],
            "implementations": task.implementations.select_related("plan__unit"),
            "edit_url": reverse("plans:task_edit", args=[task.pk])
            if task.plan.is_editable and policy.can(request.user, "change", task)
            else None,
            "delete_url": reverse("plans:task_delete", args=[task.pk])
            if task.plan.is_editable and policy.can(request.user, "delete", task)
            else None,
        }


@declare("progress", Task)
def task_progress(request, pk):
    task = get_object_or_404(policy.scope(request.user, "progress", Task.objects.select_related("plan")), pk=pk)
    form = ProgressForm(request.POST or None, request.FILES or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_progress(task, actor=request.user, **progress_of(form.cleaned_data))
            messages.success(request, _("Progress recorded."))
            return HttpResponseRedirect(task.get_absolute_url())
        except ValidationError as exc:
            _attach_errors(form, exc)
    status = 400 if request.method == "POST" else 200
    return render(request, "plans/task_progress.html", {"task": task, "form": form}, status=status)


@declare(AUTHENTICATED)
@person_page(_my_task_versions)
def task_mine(request):
    """ "My tasks": the tasks of the agencies the user works for, as lead or coordinator, in issued plans."""

    memberships = Membership.objects.filter(user=request.user, is_active=True).select_related("agency__unit")
    membership = getattr(request, "membership", None)
    current = membership.current if membership is not None else None
    scope = request.GET.get("scope", "current" if current else "all")
    agencies = [current.agency] if (scope == "current" and current) else [m.agency for m in memberships]
    today = timezone.localdate()
    tasks = (
        Task.objects.filter(plan__status=Plan.Status.ISSUED, subtasks__isnull=True)
        .for_agencies(agencies)
        .select_related("plan__unit")
        .prefetch_related(Prefetch("agency_links", queryset=TaskAgency.objects.select_related("agency")))
        .order_by("due_on", "plan_id", "position")
    )
    groups = {"overdue": [], "due_soon": [], "ongoing": [], "open": [], "done": []}
    soon = today + dt.timedelta(days=14)
    for task in tasks:
        status = task.status_on(today)
        role = next((link.get_role_display() for link in task.agency_links.all() if link.agency in agencies), "")
        entry = {"task": task, "status": status, "role": role}
        if status == Task.Status.OVERDUE:
            groups["overdue"].append(entry)
        elif status in (Task.Status.DONE_ON_TIME, Task.Status.DONE_LATE):
            groups["done"].append(entry)
        elif status == Task.Status.ONGOING:
            groups["ongoing"].append(entry)
        elif task.due_on and task.due_on <= soon:
            groups["due_soon"].append(entry)
        else:
            groups["open"].append(entry)
    return render(
        request,
        "plans/task_mine.html",
        {
            "groups": [
                ("overdue", _("Overdue"), groups["overdue"]),
                ("due_soon", _("Due within 14 days"), groups["due_soon"]),
                ("ongoing", _("Ongoing (“Thường xuyên”)"), groups["ongoing"]),
                ("open", _("Other unfinished tasks"), groups["open"]),
                ("done", _("Completed"), groups["done"]),
            ],
            "agencies": agencies,
            "scope": scope,
            "has_current": current is not None,
        },
    )


@declare("view", Evidence)
def evidence_download(request, pk):
    """Evidence is served only to those who may see the task it belongs to, never as a public static file."""
    evidence = get_object_or_404(policy.scope(request.user, "view", Evidence.objects.all()), pk=pk)
    return filetypes.serve(evidence.file, filename=evidence.name)


__all__ = ["ProgressUpdate"]
