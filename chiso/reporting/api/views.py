"""Reporting API: the same services and the same policy as the screens.

Each endpoint declares its action to the policy. Where the policy's rule has no such action for the model (a
report is written under ``report`` on its request, reviewed under ``review`` on its period; a consolidated report is
approved under ``approve``), the endpoint asks only that the row be visible and the service checks the action
itself, answering 403, as the plans API does.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from chiso.core.api import PolicyViewSet
from chiso.core.permissions import policy
from chiso.core.services import ConflictError
from chiso.lib import filetypes
from chiso.plans.api.serializers import ReasonInputSerializer

from .. import services
from ..exporters import rate_rows, rate_xlsx, report_docx
from ..models import ConsolidatedReport, Period, Request, Schedule, Submission, SubmissionLine
from .serializers import (
    AdHocInputSerializer,
    ApproveInputSerializer,
    AttachmentSerializer,
    AttachmentUpload,
    CommentInputSerializer,
    ConsolidatedEditSerializer,
    ConsolidatedReportSerializer,
    ConsolidatedSummarySerializer,
    DraftInputSerializer,
    PeriodSerializer,
    PeriodStatusInputSerializer,
    RateRowSerializer,
    RequestSerializer,
    ReturnInputSerializer,
    ScheduleInputSerializer,
    ScheduleSerializer,
    SubmissionSerializer,
    SubmissionSummarySerializer,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class ScheduleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Reporting schedules of the plans in the caller's units; coordinators create them (the periods already due
    open at once). Filters: ``plan``, ``cadence``, ``is_active``."""

    queryset = Schedule.objects.select_related("plan", "recipient").prefetch_related("reporters").order_by("plan", "id")
    serializer_class = ScheduleSerializer
    filterset_fields = ["plan", "cadence", "is_active"]
    policy_actions = {"list": "view", "retrieve": "view", "create": "add", "ad_hoc": "change"}
    scope_action = "view"

    @extend_schema(request=AdHocInputSerializer, responses={201: PeriodSerializer})
    @action(detail=True, methods=["post"], url_path="ad-hoc")
    def ad_hoc(self, request, pk=None):
        """Ask the schedule's reporters for a report on demand, with its own dates."""
        data = AdHocInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = services.open_ad_hoc_period(self.get_object(), actor=request.user, **data.validated_data)
        period = policy.scope(request.user, "view", PeriodViewSet.queryset.all()).get(pk=period.pk)
        return Response(PeriodSerializer(period).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ScheduleInputSerializer, responses={201: ScheduleSerializer})
    def create(self, request):
        data = ScheduleInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reporters = values.pop("reporters", None)
        if "recipient" not in values:
            values["recipient"] = services.default_recipient(values["plan"])
        schedule = services.create_schedule(Schedule(**values), actor=request.user, reporters=reporters)
        return Response(
            ScheduleSerializer(self.get_queryset().get(pk=schedule.pk)).data, status=status.HTTP_201_CREATED
        )


class PeriodViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Periods of the schedules in the caller's sight (and those their agency owes a report for).
    ``rate/``: the reporting rate with a row per agency; ``consolidate/``: build the level's report.
    Filters: ``schedule``, ``schedule__plan``, ``status``."""

    queryset = Period.objects.select_related("schedule", "consolidated").order_by("-cutoff_end", "id")
    serializer_class = PeriodSerializer
    filterset_fields = ["schedule", "schedule__plan", "status"]
    policy_actions = {
        "list": "view",
        "retrieve": "view",
        "rate": "view",
        "rate_xlsx": "view",
        "consolidate": "consolidate",
        "set_status": "change",
    }
    scope_action = "view"

    @extend_schema(
        responses={200: dict},
        description="Expected, on time, late, missing, not yet due, by status; and a row per agency.",
    )
    @action(detail=True)
    def rate(self, request, pk=None):
        period = self.get_object()
        rows = rate_rows(period)
        return Response(
            {
                "period": period.pk,
                "figures": services.reporting_rate(period.requests.all()),
                "rows": RateRowSerializer(rows, many=True).data,
            }
        )

    @extend_schema(responses={(200, XLSX): bytes})
    @action(detail=True, url_path="rate-xlsx")
    def rate_xlsx(self, request, pk=None):
        period = self.get_object()
        return filetypes.attachment(rate_xlsx(period), f"ty-le-bao-cao-{period.pk}.xlsx")

    @extend_schema(request=PeriodStatusInputSerializer, responses=PeriodSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        """Close the period (reports still come in, marked late) or open it again."""
        data = PeriodStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        period = services.set_period_status(self.get_object(), actor=request.user, **data.validated_data)
        return Response(PeriodSerializer(self.get_queryset().get(pk=period.pk)).data)

    @extend_schema(request=None, responses=ConsolidatedReportSerializer)
    @action(detail=True, methods=["post"])
    def consolidate(self, request, pk=None):
        report = services.consolidate_report(self.get_object(), actor=request.user)
        return Response(ConsolidatedReportSerializer(report).data)


class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """What agencies owe: ``?scope=report`` lists only the requests the caller may report on (their agency's,
    and those of the units they coordinate); the default lists what they may see.
    ``start/`` opens the current version of the report (pre-filled from the task progress).
    Filters: ``period``, ``agency``, ``status``."""

    queryset = (
        Request.objects.select_related("agency__unit", "period")
        .prefetch_related(
            Prefetch("submissions", queryset=Submission.objects.only("id", "request_id", "number"), to_attr="latest")
        )
        .order_by("due_on", "agency__unit__path", "agency__name")
    )
    serializer_class = RequestSerializer
    filterset_fields = ["period", "agency", "status"]
    policy_actions = {"list": "view", "retrieve": "view", "start": "report"}

    def get_queryset(self):
        wanted = "report" if self.request.query_params.get("scope") == "report" else "view"
        return policy.scope(self.request.user, wanted, self.queryset.all())

    @extend_schema(parameters=[OpenApiParameter("scope", enum=["view", "report"], required=False)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=None, responses={201: SubmissionSerializer})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        submission = services.start_submission(self.get_object(), actor=request.user)
        return Response(_submission_json(request, submission.pk), status=status.HTTP_201_CREATED)


def _submission_json(request, pk):
    submission = policy.scope(request.user, "view", SubmissionViewSet.queryset.all()).get(pk=pk)
    return SubmissionSerializer(submission).data


class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """Reports in the caller's sight, without their lines in the list (filters ``request``, ``request__period``,
    ``request__agency``, ``status``); a report with its lines. ``PATCH`` saves the draft and must carry the ``version``
    it loaded: a stale one answers 409 with both versions. Actions: ``submit/``, ``return/`` (``comment`` and
    ``line_comments`` {line id: text}), ``accept/``, ``reopen/`` (``reason``: a new version is drafted)."""

    queryset = Submission.objects.select_related("request__agency").prefetch_related(
        Prefetch("lines", queryset=SubmissionLine.objects.order_by("position", "id")), "attachments"
    )
    serializer_class = SubmissionSerializer
    filterset_fields = ["request", "request__period", "request__agency", "status"]
    http_method_names = ["get", "patch", "post", "head", "options"]
    policy_actions = {
        "list": "view",
        "retrieve": "view",
        "partial_update": "view",
        "submit": "view",
        "return_": "view",
        "accept": "view",
        "reopen": "view",
        "attach": "view",
    }

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "list":  # a drill-down through many reports: the lines only on each report's own page
            return queryset.select_related("request__agency").prefetch_related(None).order_by("request", "-number")
        return queryset

    def get_serializer_class(self):
        return SubmissionSummarySerializer if self.action == "list" else SubmissionSerializer

    @extend_schema(request=DraftInputSerializer, responses={200: SubmissionSerializer, 409: dict})
    def partial_update(self, request, pk=None):
        submission = self.get_object()
        data = DraftInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version, values, lines = data.service_arguments()
        try:
            services.save_draft(submission, actor=request.user, loaded_version=version, data=values, lines=lines)
        except ConflictError as exc:
            current = _submission_json(request, submission.pk)
            return Response(
                {
                    "detail": exc.messages,
                    "code": "conflict",
                    "loaded_version": version,
                    "current_version": current["version"],
                    "current": current,
                    "yours": request.data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(_submission_json(request, submission.pk))

    @extend_schema(request=AttachmentUpload, responses={201: AttachmentSerializer})
    @action(detail=True, methods=["post"], url_path="attachments", parser_classes=[MultiPartParser, FormParser])
    def attach(self, request, pk=None):
        """Attach one file (multipart ``file``) to a draft: PDF, images or Office files, checked by content."""
        submission = self.get_object()
        data = AttachmentUpload(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.attach_file(submission, actor=request.user, upload=data.validated_data["file"])
        return Response(AttachmentSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        submission = services.submit_submission(self.get_object(), actor=request.user)
        return Response(_submission_json(request, submission.pk))

    @extend_schema(request=ReturnInputSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        data = ReturnInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = services.return_submission(self.get_object(), actor=request.user, **data.validated_data)
        return Response(_submission_json(request, submission.pk))

    @extend_schema(request=CommentInputSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        submission = services.accept_submission(self.get_object(), actor=request.user, **data.validated_data)
        return Response(_submission_json(request, submission.pk))

    @extend_schema(request=ReasonInputSerializer, responses={201: SubmissionSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        newer = services.reopen_submission(self.get_object(), actor=request.user, **data.validated_data)
        return Response(_submission_json(request, newer.pk), status=status.HTTP_201_CREATED)


class ConsolidatedReportViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, PolicyViewSet
):
    """Consolidated reports of the units in the caller's sight: a province lists its districts' (filters
    ``unit``, ``period``, ``status``; ``?below=<unit id>``: the units under that one), without task results.
    ``docx/`` is the report in the layout of Decree 30/2020. Actions: ``send-for-approval/`` (coordinator),
    ``approve/`` (``code``, ``report_date``) or ``return/`` (``reason``) by the leader, ``send-up/``: the
    approved report becomes the unit's report to the level above."""

    http_method_names = ["get", "patch", "post", "head", "options"]
    queryset = ConsolidatedReport.objects.select_related("unit", "period")
    serializer_class = ConsolidatedReportSerializer
    filterset_fields = ["unit", "period", "status"]
    policy_actions = {
        "list": "view",
        "retrieve": "view",
        "docx": "view",
        "partial_update": "change",
        "send_for_approval": "change",
        "approve": "approve",
        "return_": "approve",
        "send_up": "change",
    }

    def get_queryset(self):
        # Visible rows; the permission class then checks the action on the row itself (403, not 404).
        queryset = policy.scope(self.request.user, "view", self.queryset.all())
        below = self.request.query_params.get("below")
        if self.action == "list" and below and below.isdigit():
            queryset = queryset.filter(unit__parent_id=int(below))
        return queryset

    def get_serializer_class(self):
        return ConsolidatedSummarySerializer if self.action == "list" else ConsolidatedReportSerializer

    def _answer(self, report):
        return Response(ConsolidatedReportSerializer(self.get_queryset().get(pk=report.pk)).data)

    @extend_schema(request=ConsolidatedEditSerializer, responses={200: ConsolidatedReportSerializer, 409: dict})
    def partial_update(self, request, pk=None):
        """Edit the draft (title, assessment, shortcomings, next steps, proposals) with the ``version`` loaded;
        a stale version answers 409 with the saved report and what was sent."""
        report = self.get_object()
        data = ConsolidatedEditSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        try:
            services.update_report(report, actor=request.user, loaded_version=version, data=values)
        except ConflictError as exc:
            current = ConsolidatedReportSerializer(self.get_queryset().get(pk=report.pk)).data
            return Response(
                {"detail": exc.messages, "code": "conflict", "current": current, "yours": request.data},
                status=status.HTTP_409_CONFLICT,
            )
        return self._answer(report)

    @extend_schema(responses={(200, DOCX): bytes})
    @action(detail=True)
    def docx(self, request, pk=None):
        report = self.get_object()
        return filetypes.attachment(report_docx(report), f"bao-cao-{report.pk}.docx")

    @extend_schema(request=None, responses=ConsolidatedReportSerializer)
    @action(detail=True, methods=["post"], url_path="send-for-approval")
    def send_for_approval(self, request, pk=None):
        return self._answer(services.send_report_for_approval(self.get_object(), actor=request.user))

    @extend_schema(request=ApproveInputSerializer, responses=ConsolidatedReportSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        data = ApproveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.approve_report(self.get_object(), actor=request.user, **data.validated_data))

    @extend_schema(request=ReasonInputSerializer, responses=ConsolidatedReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        data = ReasonInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(services.return_report(self.get_object(), actor=request.user, **data.validated_data))

    @extend_schema(request=None, responses={201: SubmissionSerializer})
    @action(detail=True, methods=["post"], url_path="send-up")
    def send_up(self, request, pk=None):
        """The report sent up is a submission to the upper level's request, under review there."""
        submission = services.send_report_up(self.get_object(), actor=request.user)
        return Response(_submission_json(request, submission.pk), status=status.HTTP_201_CREATED)
