"""Plans API: the same services and the same policy as the screens."""

from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from chiso.core.api import PolicyViewSet
from chiso.core.permissions import policy

from .. import services
from ..filtersets import PlanFilterSet
from ..importers import import_task_table
from ..models import Plan, ProgressUpdate, Task, TaskAgency
from ..rollup import cascade_rows, coverage_tree
from .serializers import (
    IssueInputSerializer,
    PlanSerializer,
    ProgressInputSerializer,
    ProgressUpdateSerializer,
    ReasonInputSerializer,
    TaskSerializer,
    TaskTableUpload,
)

TASK_PREFETCH = [
    Prefetch("agency_links", queryset=TaskAgency.objects.select_related("agency").order_by("role", "id")),
    "dimensions",
]


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Plans within the caller's units (and the upper-level plans they implement). Filters: ``unit`` (its
    subtree), ``year``, ``status``, ``q``."""

    queryset = (
        Plan.objects.select_related("unit")
        .prefetch_related("targets")
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
    }

    def get_queryset(self):
        # Transitions check their own action in the service; the row only has to be visible.
        return policy.scope(self.request.user, "view", self.queryset.all())

    @extend_schema(responses=TaskSerializer(many=True))
    @action(detail=True, pagination_class=None)  # the whole table, as the schema says (not a page of it)
    def tasks(self, request, pk=None):
        plan = self.get_object()
        tasks = plan.tasks.prefetch_related(*TASK_PREFETCH).order_by("position", "id")
        return Response(TaskSerializer(tasks, many=True).data)

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
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.amend_plan(self.get_object(), actor=request.user, **data.validated_data)
        return Response(PlanSerializer(self.get_queryset().get(pk=plan.pk)).data)


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
        values = data.validated_data
        update = services.record_progress(
            task,
            actor=request.user,
            reported_on=values["reported_on"],
            description=values["description"],
            status=values["status"],
            percent=values.get("percent"),
            justification=values.get("justification", ""),
            files=values.get("files", []),
        )
        update = ProgressUpdate.objects.prefetch_related("evidence").get(pk=update.pk)
        return Response(ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED)
