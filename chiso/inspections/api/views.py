"""Inspections API: the same services and the same policy as the screens. Inspectors and their leaders act; the
inspected agency sees its own findings and remedies and reports them done; supervisors read and recommend."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from chiso.core.api import PolicyViewSet
from chiso.core.permissions import policy
from chiso.units.models import Agency

from .. import services
from ..models import Answer, Finding, Inspection, InspectionPlan, Remedy, RemedyReport
from .serializers import (
    FindingSerializer,
    InspectionApproveInput,
    InspectionCloseInput,
    InspectionConcludeInput,
    InspectionDecideInput,
    InspectionFindingInput,
    InspectionPlanIssueInput,
    InspectionPlanSerializer,
    InspectionPublishInput,
    InspectionRemedyInput,
    InspectionSerializer,
    RecommendationAnswerInput,
    RemedyReopenInput,
    RemedyReportInput,
    RemedySerializer,
    RemedyVerifyInput,
)

REMEDY_PREFETCH = Prefetch("reports", queryset=RemedyReport.objects.prefetch_related("evidence").order_by("id"))


def _visible(viewset):
    # Transitions check their own action in the service; the row only has to be visible.
    return policy.scope(viewset.request.user, "view", viewset.queryset.all())


def _named(model, pk, field):
    """A record named in the body by id: one the caller cannot see reads as "not available", never as a 500."""
    if pk in (None, ""):
        return None
    row = model._default_manager.filter(pk=pk).first()
    if row is None:
        raise ValidationError(
            {field: _("This choice is not available to you here. Choose one of those offered.")}, code="not_usable"
        )
    return row


class InspectionPlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Yearly inspection plans; ``POST`` creates a draft, ``submit`` and ``issue`` move it on."""

    queryset = InspectionPlan.objects.select_related("unit").order_by("-year", "id")
    serializer_class = InspectionPlanSerializer
    policy_actions = {"list": "view", "retrieve": "view", "create": "add", "submit": "submit", "issue": "issue"}

    def get_queryset(self):
        return _visible(self)

    @extend_schema(request=InspectionPlanSerializer, responses={201: InspectionPlanSerializer})
    def create(self, request):
        data = InspectionPlanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.create_plan(InspectionPlan(**data.validated_data), actor=request.user)
        return Response(InspectionPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=InspectionPlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        plan = services.submit_plan(self.get_object(), actor=request.user)
        return Response(InspectionPlanSerializer(plan).data)

    @extend_schema(request=InspectionPlanIssueInput, responses=InspectionPlanSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        data = InspectionPlanIssueInput(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.issue_plan(self.get_object(), actor=request.user, **data.validated_data)
        return Response(InspectionPlanSerializer(plan).data)


class InspectionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Inspections and supervision visits. ``POST`` plans one (checklist copied from its theme); ``decide``,
    ``findings`` (record one), ``conclude``, ``approve``, ``publish`` and ``close`` move it on."""

    queryset = (
        Inspection.objects.select_related("theme", "inspected_unit").prefetch_related("team").order_by("-year", "id")
    )
    serializer_class = InspectionSerializer
    policy_actions = {
        "list": "view",
        "retrieve": "view",
        "create": "add",
        "decide": "change",
        "findings": "view",
        "conclude": "change",
        "approve": "approve",
        "publish": "publish",
        "close": "change",
    }

    def get_queryset(self):
        return _visible(self)

    @extend_schema(request=InspectionSerializer, responses={201: InspectionSerializer})
    def create(self, request):
        data = InspectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = services.plan_inspection(Inspection(**data.validated_data), actor=request.user)
        return Response(InspectionSerializer(self.get_queryset().get(pk=inspection.pk)).data, status=201)

    def _answer(self, request, inspection):
        return Response(InspectionSerializer(self.get_queryset().get(pk=inspection.pk)).data)

    @extend_schema(request=InspectionDecideInput, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        data = InspectionDecideInput(data=request.data)
        data.is_valid(raise_exception=True)
        inspection = services.decide_inspection(self.get_object(), actor=request.user, **data.validated_data)
        return self._answer(request, inspection)

    @extend_schema(methods=["GET"], responses=FindingSerializer(many=True), operation_id="inspections_findings_of")
    @extend_schema(
        methods=["POST"],
        request=InspectionFindingInput,
        responses={201: FindingSerializer},
        operation_id="inspections_findings_record",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def findings(self, request, pk=None):
        inspection = self.get_object()
        if request.method == "GET":
            rows = inspection.findings.prefetch_related(
                Prefetch("remedies", queryset=Remedy.objects.select_related("agency").prefetch_related(REMEDY_PREFETCH))
            )
            return Response(FindingSerializer(rows, many=True).data)
        data = InspectionFindingInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["answer"] = _named(Answer, values.pop("answer", None), "answer")
        values["recurs"] = _named(Finding, values.pop("recurs", None), "recurs")
        finding = services.record_finding(inspection, actor=request.user, **values)
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InspectionConcludeInput, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, pk=None):
        data = InspectionConcludeInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            request, services.submit_conclusion(self.get_object(), actor=request.user, **data.validated_data)
        )

    @extend_schema(request=InspectionApproveInput, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = InspectionApproveInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            request, services.approve_conclusion(self.get_object(), actor=request.user, **data.validated_data)
        )

    @extend_schema(request=InspectionPublishInput, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        data = InspectionPublishInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            request, services.publish_conclusion(self.get_object(), actor=request.user, **data.validated_data)
        )

    @extend_schema(request=InspectionCloseInput, responses=InspectionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        data = InspectionCloseInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            request, services.close_inspection(self.get_object(), actor=request.user, **data.validated_data)
        )


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Findings the caller may see (the inspected unit sees its own); ``remedies`` assigns one."""

    queryset = (
        Finding.objects.select_related("inspection")
        .prefetch_related(
            Prefetch("remedies", queryset=Remedy.objects.select_related("agency").prefetch_related(REMEDY_PREFETCH))
        )
        .order_by("inspection", "number")
    )
    serializer_class = FindingSerializer
    policy_actions = {"list": "view", "retrieve": "view", "remedies": "view"}

    def get_queryset(self):
        return _visible(self)

    @extend_schema(request=InspectionRemedyInput, responses={201: RemedySerializer})
    @action(detail=True, methods=["post"])
    def remedies(self, request, pk=None):
        finding = self.get_object()
        data = InspectionRemedyInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["agency"] = _named(Agency, values["agency"], "agency")
        remedy = services.assign_remedy(finding, actor=request.user, **values)
        return Response(RemedySerializer(remedy).data, status=status.HTTP_201_CREATED)


class RemedyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Remedies the caller may see. ``report-done`` (multipart, with evidence files) by the responsible agency;
    ``verify`` (accepted, or not with a reason and a new deadline) and ``reopen`` by the inspectors; ``answer`` for a
    supervision recommendation."""

    queryset = Remedy.objects.select_related("agency").prefetch_related(REMEDY_PREFETCH).order_by("due_on", "id")
    serializer_class = RemedySerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    policy_actions = {
        "list": "view",
        "retrieve": "view",
        "report_done": "report",
        "answer": "report",
        "verify": "verify",
        "reopen": "verify",
    }

    def get_queryset(self):
        return _visible(self)

    def _answer(self, remedy):
        return Response(RemedySerializer(self.get_queryset().get(pk=remedy.pk)).data)

    @extend_schema(request=RemedyReportInput, responses=RemedySerializer)
    @action(detail=True, methods=["post"], url_path="report-done")
    def report_done(self, request, pk=None):
        remedy = get_object_or_404(policy.scope(request.user, "report", Remedy.objects.all()), pk=self.get_object().pk)
        payload = (
            {**request.data.dict(), "files": request.FILES.getlist("files")}
            if hasattr(request.data, "dict")
            else request.data
        )
        data = RemedyReportInput(data=payload)
        data.is_valid(raise_exception=True)
        services.report_remedy(
            remedy, actor=request.user, text=data.validated_data["text"], files=data.validated_data.get("files", [])
        )
        return self._answer(remedy)

    @extend_schema(request=RemedyVerifyInput, responses=RemedySerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        data = RemedyVerifyInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.verify_remedy(self.get_object(), actor=request.user, **data.validated_data))

    @extend_schema(request=RemedyReopenInput, responses=RemedySerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = RemedyReopenInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.reopen_remedy(self.get_object(), actor=request.user, **data.validated_data))

    @extend_schema(request=RecommendationAnswerInput, responses=RemedySerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        data = RecommendationAnswerInput(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.answer_recommendation(self.get_object(), actor=request.user, **data.validated_data)
        )
