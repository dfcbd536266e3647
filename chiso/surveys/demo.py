"""Demo records of the surveys (``chiso load-demo`` runs this after the world): phường Bạch Sam's one-stop-counter
survey, last year's round closed and this year's open, with answers through the public link, paper forms, a
second service point below the minimum sample, and published results. Idempotent."""

from __future__ import annotations

import random

from django.db import transaction

from chiso.accounts.models import User
from chiso.units.models import AdministrativeUnit

from . import services
from .models import Response, Survey, SurveyTemplate
from .reference import load_templates

WARD = "12124"  # phường Bạch Sam (seed 000)
TITLE = "Sự hài lòng tại Bộ phận một cửa phường Bạch Sam"


def _answers(rng: random.Random, lift: int) -> dict:
    def level(base):
        return str(max(1, min(5, round(rng.gauss(base + lift * 0.3, 0.9)))))

    return {
        "service": rng.choice(["chung_thuc", "ho_tich", "xay_dung", "dat_dai"]),
        "a1_waiting": level(3.4),
        "a2_place": level(3.9),
        "p1_posted": level(4.1),
        "p2_simple": level(3.6),
        "s1_courteous": level(4.0),
        "s2_guidance": level(3.8),
        "s3_extra_money": "co" if rng.random() < 0.12 else "khong",
        "r1_on_time": level(3.7),
        "f1_channels": level(3.0),
        "sex": rng.choice(["nam", "nu"]),
        "age_group": rng.choice(["18_29", "30_44", "45_59", "60"]),
    }


@transaction.atomic
def load_demo(stdout=None) -> dict:
    unit = AdministrativeUnit.objects.filter(code=WARD, level="commune").order_by("era").first()
    coordinator = User.objects.filter(username="bachsam.coordinator").first()
    officer = User.objects.filter(username="bachsam.officer").first() or coordinator
    if unit is None or coordinator is None or Survey.objects.filter(unit=unit, title=TITLE).exists():
        return {}
    load_templates()
    template = SurveyTemplate.objects.get(key="one-stop")
    rng = random.Random(2025)
    rounds = []
    for year, lift, count in ((2024, -1, 36), (2025, 1, 45)):
        survey = services.create_survey(actor=coordinator, unit=unit, title=f"{TITLE} {year}", template=template)
        survey = services.open_survey(survey, actor=coordinator, loaded_version=survey.version)
        point = survey.points.get()
        for i in range(count):
            services.submit_response(point, raw=_answers(rng, lift), channel=Response.Channel.WEB,
                                     device_id=f"demo-{year}-{i}")  # fmt: skip
        rounds.append(survey)
    last, this = rounds
    services.close_survey(last, actor=coordinator, loaded_version=last.version)
    second = services.add_point(this, actor=coordinator, unit=unit, name="Điểm tiếp công dân", quota=30)
    for _i in range(12):
        services.submit_response(second, raw=_answers(rng, 0), channel=Response.Channel.PAPER, actor=officer)
    Survey.objects.filter(pk=this.pk).update(previous=last, results_public=True, title=TITLE)
    this.points.filter(name="").update(quota=60)
    return {"surveys": 2, "survey responses": Response.objects.filter(survey__unit=unit).count()}
