"""A survey's indices next to what else is known of its unit: the province's published PAPI dimension scores
(on the same 0–100 footing: where the score sits on its scale) and the unit's draft plans for a task."""

from __future__ import annotations

from chiso.plans.models import Plan
from chiso.results import analysis
from chiso.results.gaps import legacy_province


def province_papi(survey, results) -> dict | None:
    """``{"province", "year", "rows": [{"code", "survey": Estimate, "papi": 0–100, "raw": score}]}`` for the
    dimensions the survey measures, from the latest published PAPI year; None when there is nothing to compare."""
    if not results.dimensions:
        return None
    province = legacy_province(survey.unit)
    years = analysis.published_years()
    if province is None or not years:
        return None
    profile = analysis.profile(province, years[-1])
    by_code = {line.code: line for line in profile.dimensions}
    rows = []
    for line in results.dimensions:
        papi = by_code.get(line.key)
        rows.append(
            {
                "code": line.key,
                "survey": line.estimate,
                "papi": None if papi is None or papi.position is None else papi.position * 100,
                "raw": None if papi is None else papi.value,
            }
        )
    return {"province": province, "year": years[-1], "rows": rows}


def draft_plans(survey):
    return list(Plan.objects.filter(unit=survey.unit, status=Plan.Status.DRAFT).order_by("-year", "-id")[:1])


def summary_lines(survey, results) -> list[str]:
    """Sentences for the .docx: the change from the previous round, by factor."""
    lines = []
    for line in results.factors:
        if line.change is not None:
            word = "tăng" if line.change >= 0 else "giảm"
            lines.append(
                f"{line.label}: {_vn(line.estimate.mean)} điểm, {word} {_vn(abs(line.change))} điểm so với kỳ trước."
            )
    return lines


def _vn(value) -> str:
    return f"{value:.1f}".replace(".", ",")
