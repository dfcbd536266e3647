"""The indices against an independent calculation on fixed data (textbook formulas, published t quantiles)."""

import math
import statistics

import numpy as np
import pytest

from chiso.surveys import scoring
from chiso.surveys.models import CollectionPoint, Response
from chiso.surveys.tests.factories import make_survey

# t(0.975) quantiles from the printed table (Student, 1908; any statistics textbook's appendix).
T975 = {9: 2.262157, 39: 2.022691, 49: 2.009575}


def test_mean_and_t_interval_match_the_textbook():
    # given: 40 fixed Likert scores (0–100)
    values = [0, 25, 50, 75, 100, 75, 75, 50, 100, 25] * 4
    # when
    e = scoring.estimate(values)
    # then: mean ± t(0.975, n−1)·s/√n, computed by hand
    mean = statistics.fmean(values)
    half = T975[39] * statistics.stdev(values) / math.sqrt(len(values))
    assert e.method == "t" and e.n == 40
    assert e.mean == pytest.approx(mean)
    assert e.low == pytest.approx(mean - half, abs=1e-6)
    assert e.high == pytest.approx(mean + half, abs=1e-6)
    assert e.margin == pytest.approx(half, abs=1e-6)


def test_wilson_interval_for_a_proportion():
    # given: 7 "no unofficial payment" (100) out of 10
    e = scoring.estimate([100] * 7 + [0] * 3)
    # then: Wilson's score interval, z = 1.959964
    z, n, p = 1.959964, 10, 0.7
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    assert e.method == "wilson"
    assert e.low == pytest.approx((centre - half) * 100, abs=1e-4)
    assert e.high == pytest.approx((centre + half) * 100, abs=1e-4)


def test_small_samples_use_a_reproducible_bootstrap():
    values = [50, 75, 75, 100, 25, 75, 50, 100, 75, 50]
    first, second = scoring.estimate(values), scoring.estimate(values)
    assert first.method == "bootstrap" and first == second
    assert first.low < statistics.fmean(values) < first.high
    # the percentile bootstrap is close to the t interval at this size
    t_half = T975[9] * statistics.stdev(values) / math.sqrt(10)
    assert abs((first.high - first.low) / 2 - t_half) < 5


def test_weights_give_kish_effective_size_and_design_effect():
    x = np.array([100.0, 75, 50, 25, 75, 50, 100, 0, 75, 50] * 5)
    w = np.array([2.0, 1] * 25)
    e = scoring.estimate(x, w)
    n_eff = w.sum() ** 2 / (w**2).sum()
    mean = (w * x).sum() / w.sum()
    assert e.method == "weighted"
    assert e.mean == pytest.approx(mean)
    assert e.n_eff == pytest.approx(n_eff)
    assert e.deff == pytest.approx(50 / n_eff)
    assert e.low < mean < e.high


def test_no_answers_no_index():
    assert scoring.estimate([np.nan, np.nan]).mean is None
    assert scoring.estimate([]).n == 0


@pytest.mark.django_db
def test_survey_indices_by_factor_and_point(world):
    # given: the one-stop survey at the ward, 40 respondents at its point, 12 at a second (below 30)
    survey = make_survey(world.bach_sam)
    main = survey.points.get()
    second = CollectionPoint.objects.create(survey=survey, unit=world.bach_sam, name="Điểm tiếp dân")
    levels = [5, 4, 4, 3, 5, 4, 2, 5, 4, 4]
    for i in range(40):
        level = str(levels[i % 10])
        Response.objects.create(survey=survey, point=main, channel="web", answers={
            "service": "chung_thuc", "a1_waiting": level, "a2_place": "4", "s1_courteous": level,
            "s2_guidance": level, "s3_extra_money": "khong", "r1_on_time": "5",
        })  # fmt: skip
    for _i in range(12):
        Response.objects.create(survey=survey, point=second, channel="paper", answers={"a1_waiting": "2"})
    # when
    results = scoring.compute(survey)
    # then: access for the main point = mean over respondents of mean(a1, a2)
    access = {g.label: g.factors["access"] for g in results.points}
    by_hand = statistics.fmean(((lv - 1) * 25 + 75) / 2 for lv in (levels * 4))
    assert access[str(main)].mean == pytest.approx(by_hand)
    # and the staff factor averages the two Likert questions and the yes/no one (no = 100)
    staff = [g for g in results.points if g.point == main][0].factors["staff"]
    assert staff.mean == pytest.approx(statistics.fmean(((lv - 1) * 25 * 2 + 100) / 3 for lv in levels * 4))
    # and the second point is shown but not ranked
    ranked = {g.label: (g.ranked, g.rank) for g in results.points}
    assert ranked[str(main)] == (True, 1)
    assert ranked[str(second)] == (False, None)
    assert {ln.key for ln in results.factors} == {"access", "procedures", "staff", "results", "feedback"}
    assert results.responses == 52
