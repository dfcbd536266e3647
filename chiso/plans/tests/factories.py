import datetime as dt

import factory

from chiso.plans import services
from chiso.plans.models import Plan, Task, TaskAgency


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    year = 2025
    title = factory.Sequence(lambda n: f"Kế hoạch nâng cao Chỉ số PAPI số {n}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: f"{n}")
    position = factory.Sequence(lambda n: n * 10)
    title = factory.Sequence(lambda n: f"Nhiệm vụ {n}")
    timeframe_kind = "year"
    timeframe_text = "Năm 2025"
    start_on = dt.date(2025, 1, 1)
    due_on = dt.date(2025, 12, 31)

    @factory.post_generation
    def lead(obj, create, extracted, **kwargs):
        for agency in extracted or []:
            TaskAgency.objects.create(task=obj, agency=agency, role=TaskAgency.Role.LEAD)

    @factory.post_generation
    def coordinating(obj, create, extracted, **kwargs):
        for agency in extracted or []:
            TaskAgency.objects.create(task=obj, agency=agency, role=TaskAgency.Role.COORDINATING)


def record_percent(task, actor, percent, *, on=dt.date(2025, 3, 1), justification="Bắt đầu", **values):
    """`percent` of `task` done on `on`, recorded through the service with the justification a change of percent
    needs; `values`: description ("x" unless given), files (the tests of one input call services.record_progress)."""
    values = {"description": "x", **values, "reported_on": on, "percent": percent, "justification": justification}
    return services.record_progress(task, actor=actor, **values)
