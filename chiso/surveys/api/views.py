"""Surveys API: the surveys an official may see with their questions and indices; responses listed for officials
and submitted by anyone with a point's link code (rate-limited per address as feedback is, one per device)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response as ApiResponse
from rest_framework.views import APIView

from chiso.core.api import PolicyViewSet
from chiso.core.permissions import PUBLIC, Declaration, policy
from chiso.lib.ratelimit import client_address, hit

from .. import scoring, services
from ..models import CollectionPoint, Response, Survey
from .serializers import QuestionSerializer, ResponseSubmitSerializer, SurveySerializer

RATE_LIMITED = (
    "Quá nhiều yêu cầu từ địa chỉ này; vui lòng thử lại sau. / "
    "Too many requests from this address; please try again later."
)
BY = ("unit", "point", "factor", "dimension", "question")


class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    queryset = Survey.objects.select_related("unit").prefetch_related("points__unit").order_by("-created_at", "-id")
    serializer_class = SurveySerializer

    @extend_schema(responses=QuestionSerializer(many=True))
    @action(detail=True)
    def questions(self, request, pk=None):
        survey = self.get_object()
        return ApiResponse(QuestionSerializer(survey.questions.order_by("position", "id"), many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=list(BY), description="unit, point, factor, dimension, question")],
        responses={200: dict},
    )
    @action(detail=True)
    def indices(self, request, pk=None):
        survey = self.get_object()
        by = request.query_params.get("by", "factor")
        if by not in BY:
            raise ValidationError({"by": f"One of: {', '.join(BY)}."}, code="invalid")
        results = scoring.compute(survey)
        body = {"survey": survey.pk, "responses": results.responses, "min_sample": survey.min_sample,
                "overall": results.overall.as_dict(), "by": by, "rows": []}  # fmt: skip
        if by in ("unit", "point"):
            for g in results.units if by == "unit" else results.points:
                body["rows"].append({"key": g.key, "label": g.label, **g.estimate.as_dict(), "ranked": g.ranked,
                                     "rank": g.rank, "quota": g.quota,
                                     "factors": {k: e.as_dict() for k, e in g.factors.items()}})  # fmt: skip
        else:
            lines = {"factor": results.factors, "dimension": results.dimensions, "question": results.questions}[by]
            for ln in lines:
                row = {"key": ln.key, "label": ln.label, **ln.estimate.as_dict()}
                row["previous"] = ln.previous.as_dict() if ln.previous else None
                body["rows"].append(row)
        return ApiResponse(body)


class SurveyResponses(APIView):
    """GET: the survey's responses (officials who may read them). POST: a respondent's answers with the link code
    of a collection point (no account; 201, or 400 naming each question, 409 for a second answer of a device)."""

    throttle_classes = []

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        if not request.user.is_authenticated:
            return ApiResponse({"detail": "Authentication required.", "code": "not_authenticated"}, status=401)
        survey = policy.scope(request.user, "view", Survey.objects.all()).filter(pk=pk).first()
        if survey is None:
            raise Http404
        if not policy.can(request.user, "view", Response):
            raise PermissionDenied
        rows = Response.objects.visible_to(request.user).filter(survey=survey).select_related("point")
        page = rows.order_by("id")[:500]
        return ApiResponse({
            "count": rows.count(),
            "results": [{"id": r.pk, "point": r.point.token, "channel": r.channel, "answers": r.answers,
                         "submitted_at": r.submitted_at} for r in page],
        })  # fmt: skip

    @extend_schema(request=ResponseSubmitSerializer, responses={201: dict, 400: dict, 409: dict, 429: dict})
    def post(self, request, pk):
        if not hit("survey", client_address(request), limit=settings.RATE_LIMIT_SUBMIT,
                   window=settings.RATE_LIMIT_WINDOW):  # fmt: skip
            return ApiResponse({"detail": RATE_LIMITED, "code": "rate_limited"}, status=429,
                               headers={"Retry-After": str(settings.RATE_LIMIT_WINDOW)})  # fmt: skip
        serializer = ResponseSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        point = CollectionPoint.objects.select_related("survey").filter(token=data["token"], survey_id=pk).first()
        if point is None:
            message = "Mã liên kết không đúng với khảo sát này. / Unknown link code for this survey."
            raise ValidationError({"token": message}, code="unknown_token")
        try:
            stored = services.submit_response(point, raw=data["answers"], channel=Response.Channel.API,
                                              device_id=data["device"])  # fmt: skip
        except ValidationError as exc:
            if getattr(exc, "code", None) == "already_answered":
                return ApiResponse(
                    {"detail": exc.messages, "code": "already_answered"}, status=status.HTTP_409_CONFLICT
                )
            raise
        return ApiResponse({"id": stored.pk, "survey": point.survey_id}, status=status.HTTP_201_CREATED)
