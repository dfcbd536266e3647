"""A plan against the published results: the weakest sub-dimensions of its province with the tasks that
address them, and its targets checked as met / not met / not measurable. Reads only; nothing is stored."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from chiso.lib.text import fold
from chiso.plans import responsibilities
from chiso.plans.models import Plan, Target
from chiso.units.models import AdministrativeUnit

from . import analysis


def legacy_province(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """The pre-2025 province PAPI scored for this unit. A unit of the current hierarchy is read through the
    province it succeeded (the one that kept its code, else the first), since PAPI has published nothing yet
    for the 34 new provinces."""
    province = analysis.province_of(unit)
    if province is None or province.era == AdministrativeUnit.Era.LEGACY:
        return province
    predecessors = sorted(province.predecessors.all(), key=lambda p: (p.code != province.code, p.code))
    return predecessors[0] if predecessors else None


def results_year_for(plan: Plan, years: list[int]) -> int | None:
    """The results a plan is drafted against: the last year published before the plan's year (a 2023 plan
    is written on the 2022 results, which come out in spring 2023), else the latest there is."""
    before = [y for y in years if y < plan.year]
    if before:
        return before[-1]
    return years[-1] if years else None


@dataclass
class GapReport:
    plan: Plan
    province: AdministrativeUnit | None
    year: int | None
    years: list[int]
    gaps: list[analysis.Gap] = field(default_factory=list)
    profile: analysis.Profile | None = None

    @property
    def uncovered(self) -> list[analysis.Gap]:
        return [g for g in self.gaps if not g.tasks]

    @property
    def unassigned(self) -> list[analysis.Gap]:
        """Weak sub-dimensions no agency answers for in the plan's assignment table."""
        return [g for g in self.gaps if not g.agencies]


def plan_gaps(plan: Plan, *, year: int | None = None) -> GapReport:
    """The weakest sub-dimensions of the plan's province in ``year`` and, for each, the plan's tasks tagged
    with it (directly, or through one of its indicators)."""
    years = analysis.published_years()
    year = year if year in years else results_year_for(plan, years)
    province = legacy_province(plan.unit)
    report = GapReport(plan=plan, province=province, year=year, years=years)
    if province is None or year is None:
        return report
    report.profile = analysis.profile(province, year)
    report.gaps = analysis.weakest(report.profile)
    by_sub: dict[int, list] = {}
    for task in plan.tasks.prefetch_related("subdimensions", "indicators").order_by("position", "id"):
        subs = {s.pk for s in task.subdimensions.all()} | {
            i.subdimension_id for i in task.indicators.all() if i.subdimension_id
        }
        for sub_id in subs:
            by_sub.setdefault(sub_id, []).append(task)
    leads = responsibilities.leads_by_subdimension(plan)
    for gap in report.gaps:
        sub = gap.line.subdimension
        gap.tasks = by_sub.get(sub.pk, []) if sub else []
        gap.agencies = leads.get(sub.pk, []) if sub else []
    return report


# --- targets -----------------------------------------------------------------------------------------------
MET, NOT_MET, NOT_MEASURABLE = "met", "not_met", "not_measurable"
GROUP_WORDS = {"cao nhat": 1, "cao": 1, "highest": 1, "trung binh cao": 2, "high-average": 2, "high average": 2}


@dataclass
class TargetCheck:
    target: Target
    status: str
    reason: str
    year: int | None = None

    @property
    def label(self) -> str:
        return {MET: _("Met"), NOT_MET: _("Not met"), NOT_MEASURABLE: _("Not measurable")}[self.status]


def check_targets(plan: Plan) -> list[TargetCheck]:
    """Each target of the plan against the results of the plan's year. Only what the published provincial
    scores can decide is met or not met; everything else says why it cannot be measured."""
    targets = list(plan.targets.select_related("dimension"))
    if not targets:
        return []
    year = plan.year
    province = analysis.province_of(plan.unit)
    published = year in analysis.published_years()
    prof = None
    if published and province is not None and province.pk == plan.unit_id:
        prof = analysis.profile(province, year)
    return [_check(t, plan, prof, published) for t in targets]


def _check(target: Target, plan: Plan, prof, published: bool) -> TargetCheck:
    year = plan.year

    def unmeasurable(reason):
        return TargetCheck(target, NOT_MEASURABLE, reason, year)

    if not published:
        return unmeasurable(_("The PAPI results of %(year)s have not been published yet.") % {"year": year})
    if plan.unit.level != AdministrativeUnit.Level.PROVINCE:
        return unmeasurable(
            _(
                "PAPI publishes scores and ranks of provinces only; a target of a district or commune cannot be read "
                "from them."
            )
        )
    if prof is None:
        return unmeasurable(_("No PAPI score of this province."))
    code = target.dimension.code if target.dimension_id else analysis.TOTAL
    line = next((ln for ln in prof.lines if ln.code == code), None)
    if line is None or line.value is None:
        return unmeasurable(
            _("PAPI published no %(code)s score of this province in %(year)s.") % {"code": code, "year": year}
        )
    standing = _("%(code)s: %(value)s, rank %(rank)s of %(of)s in %(year)s") % {
        "code": code,
        "value": f"{line.value:.2f}",
        "rank": line.rank,
        "of": line.of,
        "year": year,
    }
    value = (target.value or "").strip()
    kind = target.kind
    if kind == Target.Kind.TOP_N and value.isdigit():
        return TargetCheck(target, MET if line.rank <= int(value) else NOT_MET, standing, year)
    if kind == Target.Kind.RANK:
        rise = re.fullmatch(r"\+\s*(\d+)", value)
        if rise:
            if line.rank_change is None:
                return unmeasurable(
                    _("The previous year's rank is not comparable (the scale or the structure changed).")
                )
            return TargetCheck(target, MET if line.rank_change >= int(rise.group(1)) else NOT_MET, standing, year)
        if value.isdigit():
            return TargetCheck(target, MET if line.rank <= int(value) else NOT_MET, standing, year)
    if kind == Target.Kind.SCORE:
        try:
            wanted = Decimal(value.replace(",", "."))
        except InvalidOperation:
            wanted = None
        if wanted is not None and line.scale[0] <= wanted <= line.scale[1]:
            return TargetCheck(target, MET if line.value >= wanted else NOT_MET, standing, year)
    if kind == Target.Kind.SCORE_BAND:
        group = GROUP_WORDS.get(fold(value))
        if group is not None:
            return TargetCheck(target, MET if line.group <= group else NOT_MET, standing, year)
        return unmeasurable(
            _(
                "PAPI does not grade scores as “%(band)s”: its groups are highest, high-average, low-average and "
                "lowest. Set the target as a group, a rank or a score."
            )
            % {"band": value}
        )
    return unmeasurable(
        _("The target does not say a rank, a score or a group that the results can be checked against.")
    )
