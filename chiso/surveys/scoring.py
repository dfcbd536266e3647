"""The indices a survey measures: 0–100 per question, SIPAS factor, PAPI dimension, collection point and unit,
each with its sample size and 95% confidence interval. Read from the responses each time; nothing is stored.

How an answer scores: Likert 1–5 → 0, 25, 50, 75, 100; a single choice → the ``score`` its choice carries (a
"yes/no" question counts as 0 or 100). A respondent's factor score is the mean of their scored answers in that
factor; their overall score the mean of their factor scores (of their dimension scores when the survey maps no
factor, of every scored answer when it maps neither) — the way SIPAS averages its five factors. An index is the
mean of its respondents' scores.

The interval (``estimate``) is the well-kept one for the case, computed by SciPy, never by hand:
- only 0 and 100 (a proportion): Wilson's score interval (``scipy.stats.binomtest(...).proportion_ci``);
- ``n`` ≥ 30: Student's t (``scipy.stats.t``), which is the normal approximation at that size;
- 2 ≤ ``n`` < 30: a percentile bootstrap (``scipy.stats.bootstrap``, 2,000 resamples, a fixed seed so that a
  page shows the same interval on every load);
- weighted (post-stratified on one question, e.g. sex, to population shares): the weighted mean with Kish's
  effective sample size ``n_eff = (Σw)² / Σw²`` and design effect ``deff = n / n_eff``; t with ``n_eff − 1``
  degrees of freedom.
Below ``survey.min_sample`` a unit or point is shown with its interval but not ranked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from .models import CollectionPoint, Factor, Question, Survey

LARGE = 30
CONFIDENCE = 0.95
RESAMPLES = 2000
SEED = 20240601


@dataclass(frozen=True)
class Estimate:
    """A 0–100 index: its mean, the 95% interval, the number of respondents and how the interval was made."""

    n: int
    mean: float | None
    low: float | None
    high: float | None
    method: str = ""
    n_eff: float | None = None
    deff: float | None = None

    @property
    def margin(self) -> float | None:
        """The margin of error: half the interval's width."""
        if self.low is None or self.high is None:
            return None
        return (self.high - self.low) / 2

    def as_dict(self) -> dict:
        def r(value):
            return None if value is None else round(value, 2)

        return {
            "n": self.n,
            "index": r(self.mean),
            "low": r(self.low),
            "high": r(self.high),
            "margin": r(self.margin),
            "method": self.method,
            "n_eff": r(self.n_eff),
            "deff": r(self.deff),
        }


EMPTY = Estimate(0, None, None, None)


def _clip(value: float) -> float:
    return float(min(100.0, max(0.0, value)))


def estimate(values, weights=None) -> Estimate:
    """The mean of ``values`` (0–100, NaN = no answer) with its 95% interval (see the module's docstring)."""
    x = np.asarray(values, dtype=float)
    keep = ~np.isnan(x)
    x = x[keep]
    n = int(x.size)
    if n == 0:
        return EMPTY
    if weights is not None:
        w = np.asarray(weights, dtype=float)[keep]
        if not np.allclose(w, w[0]):
            return _weighted(x, w)
    mean = float(x.mean())
    if n == 1:
        return Estimate(1, mean, None, None, "")
    if np.all((x == 0) | (x == 100)):
        k = int((x == 100).sum())
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
        return Estimate(n, mean, ci.low * 100, ci.high * 100, "wilson")
    if np.all(x == x[0]):
        return Estimate(n, mean, mean, mean, "t" if n >= LARGE else "bootstrap")
    if n >= LARGE:
        low, high = stats.t.interval(CONFIDENCE, n - 1, loc=mean, scale=stats.sem(x))
        return Estimate(n, mean, _clip(low), _clip(high), "t")
    result = stats.bootstrap(
        (x,),
        np.mean,
        confidence_level=CONFIDENCE,
        n_resamples=RESAMPLES,
        method="percentile",
        rng=np.random.default_rng(SEED),
    )
    ci = result.confidence_interval
    return Estimate(n, mean, _clip(ci.low), _clip(ci.high), "bootstrap")


def _weighted(x, w) -> Estimate:
    n = int(x.size)
    total = w.sum()
    mean = float((w * x).sum() / total)
    n_eff = float(total**2 / (w**2).sum())
    deff = n / n_eff
    if n < 2 or n_eff <= 1:
        return Estimate(n, mean, None, None, "weighted", n_eff, deff)
    variance = float((w * (x - mean) ** 2).sum() / total) * n / (n - 1)
    se = math.sqrt(variance / n_eff)
    if se == 0:
        return Estimate(n, mean, mean, mean, "weighted", n_eff, deff)
    low, high = stats.t.interval(CONFIDENCE, n_eff - 1, loc=mean, scale=se)
    return Estimate(n, mean, _clip(low), _clip(high), "weighted", n_eff, deff)


# --- a survey's indices --------------------------------------------------------------------------------------
@dataclass
class Line:
    """One index of the results: a factor, a dimension or a question (``key``), and its estimate."""

    key: str
    label: str
    estimate: Estimate
    previous: Estimate | None = None

    @property
    def change(self) -> float | None:
        if self.previous is None or self.previous.mean is None or self.estimate.mean is None:
            return None
        return self.estimate.mean - self.previous.mean


@dataclass
class Group:
    """A collection point or a unit: its overall index, factor indices, quota and standing."""

    key: str
    label: str
    estimate: Estimate
    factors: dict[str, Estimate] = field(default_factory=dict)
    quota: int = 0
    ranked: bool = False
    rank: int | None = None
    point: CollectionPoint | None = None

    @property
    def progress(self) -> int | None:
        return min(100, round(self.estimate.n * 100 / self.quota)) if self.quota else None


@dataclass
class Results:
    survey: Survey
    overall: Estimate
    factors: list[Line]
    dimensions: list[Line]
    questions: list[Line]
    points: list[Group]
    units: list[Group]
    responses: int
    weighted: bool = False

    def weakest_factors(self, count: int = 2) -> list[Line]:
        scored = [line for line in self.factors if line.estimate.mean is not None]
        return sorted(scored, key=lambda line: line.estimate.mean)[:count]


@dataclass
class _Matrix:
    questions: list[Question]
    scores: np.ndarray  # respondents × scored questions, NaN where not answered
    points: np.ndarray  # collection point id per respondent
    weights: np.ndarray | None


def _score_maps(questions):
    maps = []
    for q in questions:
        mapping = {}
        for option in q.option_list():
            score = q.score_of(option["name"])
            if score is not None:
                mapping[str(option["name"])] = score
        maps.append((q.name, mapping))
    return maps


def _matrix(survey: Survey, rows) -> _Matrix:
    """``rows``: (point id, answers) of each response."""
    questions = [q for q in survey.questions.all() if q.is_scored]
    maps = _score_maps(questions)
    rows = list(rows)
    scores = np.full((len(rows), len(questions)), np.nan)
    points = np.zeros(len(rows), dtype=np.int64)
    strata = []
    for i, (point_id, answers) in enumerate(rows):
        points[i] = point_id
        for j, (name, mapping) in enumerate(maps):
            value = answers.get(name)
            if value is not None:
                score = mapping.get(str(value))
                if score is not None:
                    scores[i, j] = score
        if survey.weight_question:
            strata.append(str(answers.get(survey.weight_question) or ""))
    return _Matrix(questions, scores, points, _weights(survey, strata) if survey.weight_question else None)


def _weights(survey: Survey, strata: list[str]) -> np.ndarray | None:
    """Post-stratification: a respondent of stratum ``c`` weighs (population share of c) / (sample share of c);
    a respondent with no answer or an unlisted one weighs 1."""
    shares = {str(k): float(v) for k, v in (survey.weight_shares or {}).items() if float(v or 0) > 0}
    if not strata or not shares:
        return None
    total = sum(shares.values())
    counted = [s for s in strata if s in shares]
    if not counted:
        return None
    sample = {c: counted.count(c) / len(counted) for c in shares}
    return np.array(
        [(shares[s] / total) / sample[s] if s in shares and sample.get(s) else 1.0 for s in strata], dtype=float
    )


def _row_means(block: np.ndarray) -> np.ndarray:
    """Each respondent's mean over the columns they answered (NaN when none)."""
    if block.shape[1] == 0:
        return np.full(block.shape[0], np.nan)
    answered = ~np.isnan(block)
    counts = answered.sum(axis=1)
    sums = np.where(answered, block, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)


def _columns(questions, predicate) -> list[int]:
    return [j for j, q in enumerate(questions) if predicate(q)]


def respondent_scores(m: _Matrix):
    """(factor code → per-respondent scores, dimension code → …, overall per respondent)."""
    factors = {}
    for code in Factor.values:
        cols = _columns(m.questions, lambda q, code=code: q.factor == code)
        if cols:
            factors[code] = _row_means(m.scores[:, cols])
    dimensions = {}
    for code in sorted({q.papi_code.split(".")[0] for q in m.questions if q.papi_code}, key=lambda c: int(c[1:])):
        cols = _columns(m.questions, lambda q, code=code: q.papi_code.split(".")[0] == code)
        dimensions[code] = _row_means(m.scores[:, cols])
    parts = factors or dimensions
    overall = _row_means(np.column_stack(list(parts.values()))) if parts else _row_means(m.scores)
    return factors, dimensions, overall


def compute(survey: Survey, *, previous: bool = True) -> Results:
    """The survey's indices by factor, dimension, question, collection point and unit."""
    rows = survey.responses.values_list("point_id", "answers").order_by("id").iterator(chunk_size=5000)
    m = _matrix(survey, rows)
    factors, dimensions, overall = respondent_scores(m)
    w = m.weights
    factor_labels = dict(Factor.choices)
    before = compute(survey.previous, previous=False) if previous and survey.previous_id else None

    def prev(kind, key):
        if before is None:
            return None
        return next((line.estimate for line in getattr(before, kind) if line.key == key), None)

    factor_lines = [Line(c, str(factor_labels[c]), estimate(v, w), prev("factors", c)) for c, v in factors.items()]
    dimension_lines = [Line(c, c, estimate(v, w), prev("dimensions", c)) for c, v in dimensions.items()]
    question_lines = [
        Line(q.name, q.label, estimate(m.scores[:, j], w), prev("questions", q.name)) for j, q in enumerate(m.questions)
    ]

    points = list(survey.points.select_related("unit").order_by("unit__name", "name", "id"))
    point_groups = []
    for point in points:
        mask = m.points == point.pk
        point_groups.append(_group(str(point.pk), str(point), mask, overall, factors, w, point.quota, point=point))
    units = {}
    for point in points:
        units.setdefault(point.unit_id, (point.unit, []))[1].append(point)
    unit_groups = []
    for unit, its_points in sorted(units.values(), key=lambda pair: pair[0].name):
        mask = np.isin(m.points, [p.pk for p in its_points])
        unit_groups.append(_group(unit.code, unit.name, mask, overall, factors, w, sum(p.quota for p in its_points)))
    for groups in (point_groups, unit_groups):
        _rank(groups, survey.min_sample)
    return Results(
        survey=survey,
        overall=estimate(overall, w),
        factors=factor_lines,
        dimensions=dimension_lines,
        questions=question_lines,
        points=point_groups,
        units=unit_groups,
        responses=int(m.scores.shape[0]),
        weighted=w is not None,
    )


def _group(key, label, mask, overall, factors, w, quota, point=None) -> Group:
    weights = w[mask] if w is not None else None
    return Group(
        key=key,
        label=label,
        estimate=estimate(overall[mask], weights),
        factors={code: estimate(values[mask], weights) for code, values in factors.items()},
        quota=quota,
        point=point,
    )


def _rank(groups: list[Group], minimum: int) -> None:
    """Rank the groups with at least ``minimum`` respondents, highest index first (ties share a rank)."""
    eligible = [g for g in groups if g.estimate.n >= minimum and g.estimate.mean is not None]
    eligible.sort(key=lambda g: -g.estimate.mean)
    previous_mean, previous_rank = None, 0
    for position, group in enumerate(eligible, start=1):
        group.ranked = True
        rank = previous_rank if group.estimate.mean == previous_mean else position
        group.rank, previous_mean, previous_rank = rank, group.estimate.mean, rank
