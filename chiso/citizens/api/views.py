"""Citizens API: public submission and look-up (rate-limited, no account), and the handlers' inbox."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from chiso.core.api import PolicyViewSet
from chiso.core.permissions import PUBLIC, Declaration, policy
from chiso.lib import personal
from chiso.lib.ratelimit import client_address, hit
from chiso.plans.rollup import task_table
from chiso.units.models import Agency

from .. import services, statistics
from ..forms import personal_data_warning
from ..models import Feedback
from ..querysets import current_plan, unit_by_code
from ..throttle import count_stored, submissions_left
from .serializers import (
    FeedbackAnswerInput,
    FeedbackApproveInput,
    FeedbackMergeInput,
    FeedbackReasonInput,
    FeedbackRejectInput,
    FeedbackSerializer,
    FeedbackSubmitSerializer,
    FeedbackTransferInput,
    PublicFeedbackSerializer,
)

RATE_LIMITED = (
    "Quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau. / "
    "Too many requests from this address; please try again later."
)


def _limited(request, scope):
    limit = settings.RATE_LIMIT_SUBMIT if scope == "submit" else settings.RATE_LIMIT_READ
    if hit(scope, client_address(request), limit=limit, window=settings.RATE_LIMIT_WINDOW):
        return None
    return _limited_response()


def _limited_response():
    return Response(
        {"detail": RATE_LIMITED, "code": "rate_limited"},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(settings.RATE_LIMIT_WINDOW)},
    )


class PublicAPIView(APIView):
    # The public endpoints keep their own per-address limit (settings.RATE_LIMIT_*), not DRF's anonymous throttle.
    throttle_classes = []
    authentication_classes = []

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)


def _submission_data(request) -> dict:
    """The form fields as a plain dict, with every uploaded file under ``files``.

    Never ``request.data.copy()``: a QueryDict's copy is a deep copy, and an upload over
    FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) is an open temporary file, which cannot be copied.
    """
    if not hasattr(request.data, "getlist"):  # JSON: no files (a body that is not an object gets the serializer's 400)
        return request.data
    data = {key: request.data.get(key) for key in request.data if key != "files"}
    data["files"] = request.FILES.getlist("files")
    return data


class PublicFeedbackCreate(PublicAPIView):
    """Submit feedback (multipart with ``files``); answers 201 with the tracking code of the stored item."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=FeedbackSubmitSerializer, responses={201: dict, 400: dict, 429: dict})
    def post(self, request):
        # As on the page: the limit counts items stored, not refused attempts; a repeated key returns its item.
        if not submissions_left(request):
            return _limited_response()
        serializer = FeedbackSubmitSerializer(data=_submission_data(request))
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        if values.pop("website", ""):
            raise ValidationError(
                _("The form could not be accepted. Please check it and send it again."), code="rejected"
            )
        values["unit"] = unit_by_code(values["unit"])
        values["submission_key"] = values.get("submission_key") or request.headers.get("Idempotency-Key", "")
        item = services.submit_feedback(**values, source=Feedback.Source.API, base_url=request.build_absolute_uri("/"))
        count_stored(request)
        return Response(
            {
                "tracking_code": item.tracking_code,
                "status": item.status,
                "answer_due_on": item.answer_due_on,
                "url": request.build_absolute_uri(item.get_public_url()),
            },
            status=status.HTTP_201_CREATED,
        )


class PublicFeedbackDetail(PublicAPIView):
    """The status of an item and its published answer, by tracking code."""

    @extend_schema(responses=PublicFeedbackSerializer)
    def get(self, request, code):
        limited = _limited(request, "read")
        if limited:
            return limited
        item = get_object_or_404(Feedback.objects.select_related("unit", "category"), tracking_code=code)
        return Response(PublicFeedbackSerializer(item).data)


class PublicUnitPlan(PublicAPIView):
    """A unit's current issued plan and its progress, by PAPI dimension and by task (the portal's figures)."""

    @extend_schema(responses={200: dict})
    def get(self, request, code):
        unit = unit_by_code(code)
        plan = current_plan(unit)
        body = {"unit": {"code": unit.code, "name": unit.name, "level": unit.level}, "plan": None}
        if plan is None:
            return Response(body)
        table = task_table(plan)
        rollup = table["rollup"]
        body["plan"] = {
            "title": plan.title,
            "code": plan.code,
            "year": plan.year,
            "issued_on": plan.issued_on,
            "percent": rollup["overall"].percent,
            "activities": rollup["overall"].total,
            "overdue": rollup["overall"].overdue,
            "done": rollup["overall"].done,
            "by_dimension": [
                {
                    "code": tally.key.code if tally.key else None,
                    "name": tally.key.name_vi if tally.key else "",
                    "activities": tally.total,
                    "percent": tally.percent,
                    "done": tally.done,
                    "overdue": tally.overdue,
                }
                for tally in rollup["by_dimension"]
            ],
            "tasks": [
                {
                    "number": row["task"].number,
                    "title": row["task"].activity or row["task"].title,
                    "lead": row["lead"],
                    "due_on": row["task"].due_on,
                    "timeframe": row["task"].timeframe_text,
                    "status": row["status"],
                    "percent": row["task"].percent,
                    "dimensions": row["dimensions"],
                }
                for row in table["rows"]
            ],
        }
        return Response(body)


class FeedbackViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    """The inbox: items the caller handles. Filters: ``status``. Actions run the same services as the screens."""

    queryset = (
        Feedback.objects.select_related("unit", "category", "agency")
        .prefetch_related("attachments")
        .order_by("answer_due_on", "id")
    )
    serializer_class = FeedbackSerializer
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    filterset_fields = ["status"]
    policy_actions = {
        "list": "view",
        "retrieve": "view",
        "accept": "view",
        "reject": "view",
        "merge": "view",
        "transfer": "view",
        "answer": "view",
        "approve": "view",
        "return_answer": "view",
        "reopen": "view",
        "statistics": "stats",
    }
    scope_action = "view"  # transitions check their own action in the service

    def _done(self, item):
        return Response(FeedbackSerializer(self.get_queryset().get(pk=item.pk), context={"request": self.request}).data)

    def _input(self, serializer_class):
        data = serializer_class(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data

    @extend_schema(request=None, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._done(services.accept_feedback(self.get_object(), actor=request.user))

    @extend_schema(request=FeedbackRejectInput, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._done(
            services.reject_feedback(self.get_object(), actor=request.user, **self._input(FeedbackRejectInput))
        )

    @extend_schema(request=FeedbackMergeInput, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        return self._done(
            services.merge_feedback(self.get_object(), actor=request.user, **self._input(FeedbackMergeInput))
        )

    @extend_schema(request=FeedbackTransferInput, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        values = self._input(FeedbackTransferInput)
        agency = get_object_or_404(Agency, pk=values["agency"])
        return self._done(
            services.transfer_feedback(self.get_object(), actor=request.user, agency=agency, note=values["note"])
        )

    @extend_schema(request=FeedbackAnswerInput, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        values = self._input(FeedbackAnswerInput)
        return self._done(
            services.draft_answer(
                self.get_object(),
                actor=request.user,
                answer=values["answer"],
                public_subject=values["public_subject"] or None,
            )
        )

    @extend_schema(request=FeedbackApproveInput, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        values = self._input(FeedbackApproveInput)
        item = self.get_object()
        answer = values["answer"] or None
        title = values["public_subject"] or None
        findings = personal.find_in(subject=title or item.public_subject or item.subject, answer=answer or item.answer)
        if findings and not values["publish_anyway"]:
            warning = ValidationError(personal_data_warning(findings), code="personal_data")
            raise ValidationError({"publish_anyway": warning})
        return self._done(services.publish_answer(item, actor=request.user, answer=answer, public_subject=title))

    @extend_schema(request=FeedbackReasonInput, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_answer(self, request, pk=None):
        return self._done(
            services.return_answer(self.get_object(), actor=request.user, **self._input(FeedbackReasonInput))
        )

    @extend_schema(request=FeedbackReasonInput, responses=FeedbackSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._done(
            services.reopen_feedback(self.get_object(), actor=request.user, **self._input(FeedbackReasonInput))
        )

    @extend_schema(responses={200: dict})
    @action(detail=False)
    def statistics(self, request):
        """Tallies of the year's items (``?year=``) in the caller's units: received, answered, on time, …"""
        try:
            year = int(request.query_params.get("year") or 0) or None
        except ValueError:
            year = None
        year = year or timezone.localdate().year
        items = policy.scope(request.user, "stats", Feedback.objects.all())
        report = statistics.compute(items, year=year)
        keys = [key for key, _label in report["columns"]]

        def row(tally):
            return {"label": tally.label, **{key: getattr(tally, key) for key in keys}}

        return Response(
            {
                "year": year,
                "total": row(report["total"]),
                **{group: [row(t) for t in tallies] for group, _title, tallies in report["groups"]},
            }
        )
