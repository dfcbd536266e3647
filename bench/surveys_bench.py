"""Scoring 100,000 responses across a province's communes (issue 19): the one-stop survey of a province with a
collection point per commune, answers bulk-inserted, then ``scoring.compute`` timed (by factor, dimension,
question, point and unit, each with its interval).

    DATABASE_URL=sqlite:////tmp/surveys-bench.sqlite3 .venv/bin/python bench/surveys_bench.py [responses] [communes]
    .venv/bin/python bench/surveys_bench.py --smoke   # CI

Uses its own units and survey (codes starting "BS"), created on the first run and reused.
"""

import random
import statistics
import sys

from _setup import timed  # noqa: I001
from django.core.management import call_command
from django.db import transaction

from chiso.surveys import scoring
from chiso.surveys.models import CollectionPoint, Response, Survey, SurveyTemplate
from chiso.surveys.reference import load_templates
from chiso.surveys.services import _replace_questions
from chiso.units.models import AdministrativeUnit

# ``--smoke`` (CI): 300 responses across 5 communes, so the script cannot rot; it measures nothing.
SMOKE = "--smoke" in sys.argv[1:]
_ARGS = [a for a in sys.argv[1:] if a != "--smoke"]
RESPONSES = 300 if SMOKE else int(_ARGS[0]) if _ARGS else 100_000
COMMUNES = 5 if SMOKE else int(_ARGS[1]) if len(_ARGS) > 1 else 100


def answers(rng):
    def level():
        return str(max(1, min(5, round(rng.gauss(3.8, 1)))))

    return {"service": "chung_thuc", "a1_waiting": level(), "a2_place": level(), "p1_posted": level(),
            "p2_simple": level(), "s1_courteous": level(), "s2_guidance": level(),
            "s3_extra_money": "co" if rng.random() < 0.1 else "khong", "r1_on_time": level(), "f1_channels": level(),
            "sex": rng.choice(["nam", "nu"])}  # fmt: skip


@transaction.atomic
def build():
    load_templates()
    province, _ = AdministrativeUnit.objects.get_or_create(
        era="current", code="BS00", defaults={"name": "Tỉnh Thử tải", "level": "province"}
    )
    survey = Survey.objects.filter(unit=province, title="bench").first()
    if survey and survey.responses.count() == RESPONSES:
        return survey
    if survey:
        survey.responses.all().delete()
        survey.points.all().delete()
        survey.delete()
    survey = Survey.objects.create(unit=province, title="bench", status="open")
    _replace_questions(survey, SurveyTemplate.objects.get(key="one-stop").definition)
    points = []
    for i in range(COMMUNES):
        unit, _ = AdministrativeUnit.objects.get_or_create(
            era="current", code=f"BS{i + 1:04d}", defaults={"name": f"Xã Thử {i + 1}", "level": "commune",
                                                            "parent": province})  # fmt: skip
        points.append(CollectionPoint.objects.create(survey=survey, unit=unit))
    rng = random.Random(19)
    batch = [Response(survey=survey, point=points[i % COMMUNES], channel="import", answers=answers(rng))
             for i in range(RESPONSES)]  # fmt: skip
    Response.objects.bulk_create(batch, batch_size=5000)
    return survey


def main():
    call_command("migrate", verbosity=0)
    survey = build()
    runs = timed(lambda: scoring.compute(survey), 3)
    results = scoring.compute(survey)
    print(f"scoring {results.responses} responses at {len(results.points)} communes: "
          f"median {statistics.median(runs):.0f} ms, max {max(runs):.0f} ms; "
          f"overall {results.overall.mean:.1f} ± {results.overall.margin:.2f}")  # fmt: skip


if __name__ == "__main__":
    main()
