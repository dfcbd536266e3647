"""Results API: the same computations as the screens (``analysis``, ``gaps``), as JSON. Public except the
gap analysis of a plan, which follows the plan's own visibility."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from chiso.core.permissions import PUBLIC, Declaration, policy
from chiso.plans.models import Plan
from chiso.units.models import AdministrativeUnit

from .. import analysis, gaps

YEAR = OpenApiParameter("year", int, description="results year (default: the latest published)")
CODE = OpenApiParameter("dimension", str, description="TOTAL (default), D1 … D8 or a sub-dimension such as D3.2")


def _num(value):
    return float(value) if value is not None else None


def _year(request):
    years = analysis.published_years()
    try:
        year = int(request.query_params.get("year", ""))
    except ValueError:
        year = None
    if year is not None and year not in years:
        raise Http404
    return year or (years[-1] if years else None)


def _province(code):
    unit = AdministrativeUnit.objects.legacy().provinces().filter(code=code).first()
    if unit is None:
        raise Http404
    return unit


def line_data(line) -> dict:
    return {
        "code": line.code,
        "name": line.name,
        "level": line.level,
        "value": _num(line.value),
        "scale": [_num(line.scale[0]), _num(line.scale[1])],
        "rank": line.rank,
        "of": line.of,
        "group": line.group,
        "group_basis": line.basis,
        "previous": _num(line.previous),
        "change": _num(line.change),
        "previous_rank": line.previous_rank,
        "comparable_with_previous_year": line.comparable,
        "national": {
            "median": _num(line.median),
            "minimum": _num(line.minimum),
            "maximum": _num(line.maximum),
            "best": [u.code for u in line.best],
        },
    }


class PublicResultsView(APIView):
    @classmethod
    def chiso_policy(cls):
        return Declaration(kind=PUBLIC)


class ProfileView(PublicResultsView):
    """A province's total, dimensions and sub-dimensions of one year, with rank, performance group (1 highest …
    4 lowest), change from the previous comparable year and the national median, minimum, maximum and best."""

    @extend_schema(parameters=[YEAR], responses={200: dict})
    def get(self, request, code):
        unit = _province(code)
        year = _year(request)
        if year is None:
            raise Http404
        prof = analysis.profile(unit, year)
        return Response(
            {
                "province": unit.code,
                "province_name": unit.name,
                "year": year,
                "dimensions_in_year": prof.n_dimensions,
                "scores": [line_data(line) for line in prof.lines],
            }
        )


class TrendView(PublicResultsView):
    """Every score of a province from 2011; ``null`` where PAPI published nothing. ``segments`` list the
    years that share one scale and may be drawn as one line (never across the 2018 break)."""

    @extend_schema(responses={200: dict})
    def get(self, request, code):
        unit = _province(code)
        return Response(
            {
                "province": unit.code,
                "province_name": unit.name,
                "series": [
                    {
                        "code": s.code,
                        "name": s.name,
                        "values": {str(y): _num(v) for y, v in s.points.items()},
                        "segments": [
                            {"years": seg["years"], "scale": [_num(seg["scale"][0]), _num(seg["scale"][1])]}
                            for seg in s.segments
                        ],
                    }
                    for s in analysis.trend(unit)
                ],
            }
        )


class RankingView(PublicResultsView):
    """The 63 provinces on one score of one year, best first; unscored provinces last with ``rank: null``."""

    @extend_schema(parameters=[YEAR, CODE], responses={200: dict})
    def get(self, request):
        code = (request.query_params.get("dimension") or analysis.TOTAL).upper()
        try:
            year = int(request.query_params["year"])
        except (KeyError, ValueError):
            year = _year(request)
        # One query of the score asked for (and its sisters, for the scale): a year or a score PAPI did not
        # publish gives an empty table, hence 404.
        table = analysis.year_table(year, only=code) if year else None
        if table is None or code not in table.values:
            raise Http404
        return Response(
            {
                "year": year,
                "dimension": code,
                "scale": [_num(v) for v in table.scale(code)],
                "group_basis": table.basis(code),
                "results": [
                    {
                        "province": r["unit"].code,
                        "province_name": r["unit"].name,
                        "value": _num(r["value"]),
                        "rank": r["rank"],
                        "group": r["group"],
                    }
                    for r in analysis.ranking(year, code, table=table)
                ],
            }
        )


class PlanGapsView(APIView):
    """The weakest sub-dimensions of the plan's province, the plan's tasks on each, and its targets checked."""

    @classmethod
    def chiso_policy(cls):
        return Declaration(kind="model", action="view", model=Plan)

    @extend_schema(parameters=[YEAR], responses={200: dict})
    def get(self, request, pk):
        plan = get_object_or_404(policy.scope(request.user, "view", Plan.objects.select_related("unit")), pk=pk)
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError:
            year = None
        report = gaps.plan_gaps(plan, year=year)
        return Response(
            {
                "plan": plan.pk,
                "province": report.province.code if report.province else None,
                "year": report.year,
                "gaps": [
                    {
                        **line_data(g.line),
                        "reasons": g.reasons,
                        "tasks": [{"id": t.pk, "number": t.number, "text": str(t)} for t in g.tasks],
                        "addressed": bool(g.tasks),
                    }
                    for g in report.gaps
                ],
                "targets": [
                    {"id": c.target.pk, "text": c.target.text, "status": c.status, "reason": c.reason, "year": c.year}
                    for c in gaps.check_targets(plan)
                ],
            }
        )
