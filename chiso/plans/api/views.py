"""Plans API: the same services and the same policy as the screens."""

import json

from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response

from chiso.core.api import PolicyViewSet
from chiso.core.permissions import policy
from chiso.core.personcache import person_page

from .. import exporters, pageversions, responsibilities, services
from ..filtersets import PlanFilterSet
from ..forms import PlanForm, TaskForm, progress_of
from ..importers import import_task_table
from ..models import Plan, ProgressUpdate, Task, TaskAgency
from ..rollup import cascade_rows, coverage_tree
from .serializers import (
    IssueInputSerializer,
    PlanInputSerializer,
    PlanSerializer,
    ProgressInputSerializer,
    ProgressUpdateSerializer,
    ReasonInputSerializer,
    TaskInputSerializer,
    TaskSerializer,
    TaskTableUpload,
    form_data,
)

TASK_PREFETCH = [
    Prefetch("agency_links", queryset=TaskAgency.objects.select_related("agency").order_by("role", "id")),
    "dimensions",
    "pilot_units",
]


class AnyRenderer(BaseRenderer):
    """Lets a client that asks for the file's own type (``Accept: application/pdf``) have it."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else json.dumps(data).encode()


def _form_errors(form) -> ValidationError:
    """A form's errors as the API's 400 (field → messages, in the caller's language)."""
    return ValidationError({field: [str(e) for e in errors] for field, errors in form.errors.items()})


@method_decorator(person_page(pageversions.list_names), name="dispatch")  # the list, cached per person
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Plans within the caller's units (and the upper-level plans they implement). Filters: ``unit`` (its
    subtree), ``year``, ``status``, ``q``. A plan is created, returned to its drafters and given tasks through the
    same forms and services as the pages, and exported as .docx, .xlsx and .pdf."""

    queryset = (
        Plan.objects.select_related("unit")
        .prefetch_related("targets", "pilot_units")
        .annotate(task_count=Count("tasks"))
        .order_by("-year", "unit__path", "id")
    )
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet
    policy_actions = {
        "list": "view",
        "retrieve": "view",
        "tasks": "view",
        "coverage": "view",
        "children": "view",
        "submit": "submit",
        "issue": "issue",
        "amend": "amend",
        "import_tasks": "change",
        "create": "add",
        "return_plan": "issue",
        "export": "view",
        "responsibilities": "view",
        "import_responsibilities": "change",
    }
    scope_action = "view"  # transitions check their own action in the service

    @extend_schema(methods=["GET"], responses=TaskSerializer(many=True))
    @extend_schema(methods=["POST"], request=TaskInputSerializer, responses={201: TaskSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # the whole table, not a page of it
    def tasks(self, request, pk=None):
        """GET: the plan's tasks. POST: add a task to a draft plan, as the task page does (the same form, then
        ``services.add_task``): lead and coordinating agencies by id, the timeframe as plans write it."""
        plan = self.get_object()
        if request.method == "POST":
            services.require_draft_for_tasks(plan)  # the page's answer to an issued plan, before any field
            data = form_data(request.data, TaskInputSerializer.LISTS)
            data.setdefault("weight", str(Task._meta.get_field("weight").default))
            form = TaskForm(data, plan=plan)
            if not form.is_valid():
                raise _form_errors(form)
            data = form.cleaned_data
            links = {name: data[name] for name in ("lead", "coordinating", "dimensions", "subdimensions", "indicators")}
            links["pilot_units"] = data.get("pilot_units")
            task = services.add_task(plan, actor=request.user, task=form.save(commit=False), **links)
            task = Task.objects.prefetch_related(*TASK_PREFETCH).get(pk=task.pk)
            return Response(TaskSerializer(task).data, status=status.HTTP_201_CREATED)
        tasks = plan.tasks.prefetch_related(*TASK_PREFETCH).order_by("position", "id")
        return Response(TaskSerializer(tasks, many=True).data)

    @extend_schema(request=PlanInputSerializer, responses={201: PlanSerializer})
    def create(self, request):
        """A new draft plan, as the "New plan" page makes it (the same form, then ``services.create_plan``)."""
        data = form_data(request.data, PlanInputSerializer.LISTS)
        for name in (
            "child_deadline_days",
            "backdate_limit_days",
        ):  # what the page's form shows filled in from the model's default
            data.setdefault(name, str(Plan._meta.get_field(name).default))
        form = PlanForm(data, user=request.user)
        if not form.is_valid():
            raise _form_errors(form)
        with transaction.atomic():
            plan = services.create_plan(
                form.save(commit=False),
                actor=request.user,
                m2m_form=form,
                targets_text=form.cleaned_data.get("targets_text"),
            )
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReasonInputSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_plan(self, request, pk=None):
        """The leader returns a plan awaiting approval to its drafters, with a reason."""
        return self._with_reason(request, services.return_plan)

    def _with_reason(self, request, service):
        """A transition that takes a reason (return, amend): the reason checked, the service called."""
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = service(self.get_object(), actor=request.user, **data.validated_data)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes, 503: dict})
    def export(self, request, pk=None, kind=None):
        """The plan as .docx (Decree 30/2020 layout), .xlsx (the task table) or .pdf, as on the plan's page."""
        plan = self.get_object()
        try:
            content, content_type = exporters.plan_document(plan, kind)
        except exporters.PdfUnavailable:
            return Response(
                {
                    "detail": _("PDF export is not available on this server: download the .docx instead."),
                    "code": "pdf_unavailable",
                },
                status=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = exporters.download_name(plan, kind)
        return response

    @extend_schema(responses={200: dict})
    @action(detail=True)
    def coverage(self, request, pk=None):
        plan = self.get_object()
        tree = coverage_tree(plan)
        return Response(
            {
                "plan": plan.pk,
                "dimensions": [
                    {
                        "code": row["dimension"].code,
                        "tasks": len(row["tasks"]),
                        "subdimensions": [
                            {
                                "code": s["sub"].code,
                                "tasks": len(s["tasks"]),
                                "indicators": [
                                    {"code": i["indicator"].code, "tasks": len(i["tasks"])} for i in s["indicators"]
                                ],
                            }
                            for s in row["subs"]
                        ],
                    }
                    for row in tree
                ],
                "uncovered_dimensions": [row["dimension"].code for row in tree if not row["tasks"]],
            }
        )

    @extend_schema(responses={200: dict})
    @action(detail=True)
    def children(self, request, pk=None):
        plan = self.get_object()
        deadline, rows = cascade_rows(plan)
        return Response(
            {
                "deadline": deadline.isoformat() if deadline else None,
                "units": [
                    {
                        "unit": row["unit"].pk,
                        "unit_name": row["unit"].name,
                        "state": row["state"],
                        "plan": row["plan"].pk if row["plan"] else None,
                        "issued_on": row["plan"].issued_on.isoformat()
                        if row["plan"] and row["plan"].issued_on
                        else None,
                        "days_late": row["days_late"],
                        "plans": [
                            {
                                "plan": entry["plan"].pk,
                                "code": entry["plan"].code,
                                "state": entry["state"],
                                "issued_on": entry["plan"].issued_on.isoformat() if entry["plan"].issued_on else None,
                                "days_late": entry["days_late"],
                            }
                            for entry in row["plans"]
                        ],
                    }
                    for row in rows
                ],
            }
        )

    @extend_schema(request=None, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        plan = services.submit_plan(self.get_object(), actor=request.user)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(request=IssueInputSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        data = IssueInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.issue_plan(self.get_object(), actor=request.user, **data.validated_data)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)

    @extend_schema(request=TaskTableUpload, responses={200: dict, 400: dict})
    @action(detail=True, methods=["post"], url_path="import-tasks", parser_classes=[MultiPartParser, FormParser])
    def import_tasks(self, request, pk=None):
        """Add the tasks of an .xlsx task table to a draft plan: all of them, or none with a row-by-row report."""

        data = TaskTableUpload(data=request.data)
        data.is_valid(raise_exception=True)
        report = import_task_table(
            self.get_object(), data.validated_data["file"], actor=request.user, dry_run=data.validated_data["dry_run"]
        )
        return Response(_report_json(report), status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)

    @extend_schema(request=ReasonInputSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def amend(self, request, pk=None):
        return self._with_reason(request, services.amend_plan)

    @extend_schema(responses={200: dict})
    @action(detail=True, pagination_class=None)
    def responsibilities(self, request, pk=None):
        """The plan's assignment table (indicator or sub-dimension → lead agency, coordinating agencies, note) and
        the indicators of its year without an agency, as the page shows them."""
        plan = self.get_object()
        return Response(
            {
                "plan": plan.pk,
                "rows": [
                    {
                        "code": row.code,
                        "kind": "indicator" if row.indicator_id else "subdimension",
                        "lead": {"id": row.lead_id, "name": row.lead.name},
                        "coordinating": [{"id": a.pk, "name": a.name} for a in row.coordinating.all()],
                        "note": row.note,
                    }
                    for row in responsibilities.responsibility_rows(plan)
                ],
                "without_agency": [i.code for i in responsibilities.without_agency(plan)],
            }
        )

    @extend_schema(request=TaskTableUpload, responses={200: dict, 400: dict})
    @action(
        detail=True,
        methods=["post"],
        url_path="responsibilities/import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_responsibilities(self, request, pk=None):
        """Replace a draft plan's assignment table with an .xlsx's: every row, or none with a row-by-row report
        (each message in Vietnamese and English)."""
        data = TaskTableUpload(data=request.data)
        data.is_valid(raise_exception=True)
        result = responsibilities.import_responsibilities(
            self.get_object(), data.validated_data["file"], actor=request.user, dry_run=data.validated_data["dry_run"]
        )
        body = {
            "ok": result.ok,
            "created": result.created,
            "errors": [as_dict(e) for e in result.errors],
            "rows": [
                {"line": r.line, "code": r.values.get("code", ""), "errors": [as_dict(e) for e in r.errors]}
                for r in result.rows
            ],
        }
        return Response(body, status=status.HTTP_200_OK if result.ok else status.HTTP_400_BAD_REQUEST)


def as_dict(message):
    return message.as_dict() if hasattr(message, "as_dict") else {"vi": str(message), "en": str(message)}


def _report_json(report):
    return {
        "ok": report.ok,
        "created": report.created,
        "errors": report.errors,
        "rows": [
            {"line": row.line, "kind": row.kind, "number": row.values.get("number", ""), "errors": row.errors}
            for row in report.rows
        ],
    }


class TaskViewSet(mixins.RetrieveModelMixin, PolicyViewSet):
    """A task; ``/updates/`` lists its progress and takes new progress (multipart, with evidence files)."""

    queryset = Task.objects.prefetch_related(*TASK_PREFETCH)
    serializer_class = TaskSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    policy_actions = {"retrieve": "view", "updates": "view"}

    @extend_schema(methods=["GET"], responses=ProgressUpdateSerializer(many=True))
    @extend_schema(methods=["POST"], request=ProgressInputSerializer, responses={201: ProgressUpdateSerializer})
    @action(detail=True, methods=["get", "post"], pagination_class=None)  # every update, as the schema says
    def updates(self, request, pk=None):
        task = self.get_object()
        if request.method == "GET":
            updates = services.visible_updates(task, request.user)
            return Response(ProgressUpdateSerializer(updates, many=True).data)
        task = get_object_or_404(policy.scope(request.user, "progress", Task.objects.all()), pk=task.pk)
        data = ProgressInputSerializer(
            data={**request.data.dict(), "files": request.FILES.getlist("files")}
            if hasattr(request.data, "dict")
            else request.data
        )
        data.is_valid(raise_exception=True)
        update = services.record_progress(task, actor=request.user, **progress_of(data.validated_data))
        update = ProgressUpdate.objects.prefetch_related("evidence").get(pk=update.pk)
        return Response(ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED)
