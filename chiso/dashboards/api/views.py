"""Dashboards API, read-only, through the same policy as the pages: ``dashboards/<unit>/?year=&period=&dimension=``
(the page's figures, each with the link to its records), ``scorecards/`` (formulas) and
``scorecards/<id>/results/?year=&period=`` (every unit and agency with its inputs, score, rank and outcome)."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from chiso.core.api import PolicyViewSet
from chiso.core.permissions import Declaration, policy
from chiso.units.models import AdministrativeUnit

from .. import read, scorecards
from ..models import Figure, Scorecard
from .serializers import ScorecardSerializer

FILTERS = [
    OpenApiParameter("year", int, description="2025"),
    OpenApiParameter("period", str, description="Y (the year), Q1, Q2, Q3 or Q4"),
]


class UnitDashboardView(APIView):
    @classmethod
    def chiso_policy(cls):
        return Declaration(kind="model", action="view", model=Figure)

    @extend_schema(
        operation_id="dashboards_unit_retrieve",
        parameters=[*FILTERS, OpenApiParameter("dimension", str, description="a PAPI dimension's code (tasks)")],
        responses={200: dict},
    )
    def get(self, request, unit):
        unit = get_object_or_404(AdministrativeUnit, pk=unit)
        if not policy.can(request.user, "view", Figure, unit=unit):
            raise Http404
        filters, errors = read.parse_filters(request.query_params)
        return Response({**read.as_api(read.dashboard(unit, filters)), "warnings": errors})


class ScorecardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, PolicyViewSet):
    queryset = Scorecard.objects.select_related("unit").order_by("unit__path", "name")
    serializer_class = ScorecardSerializer

    @extend_schema(operation_id="scorecards_results_retrieve", parameters=FILTERS, responses={200: dict})
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        scorecard = self.get_object()
        filters, errors = read.parse_filters(request.query_params)
        results = scorecards.compute(scorecard, filters.year, filters.period)
        return Response(
            {
                "scorecard": scorecard.pk,
                "year": filters.year,
                "period": filters.period,
                "units": [scorecards.as_dict(r) for r in results["units"]],
                "agencies": [scorecards.as_dict(r) for r in results["agencies"]],
                "warnings": errors,
            }
        )
