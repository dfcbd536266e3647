"""Deriving a lower plan never fails (issue 13): each of the ten communes of Vĩnh Châu gets its own draft plan from
the town's plan (the demo's reading of seed 002), with the town's tasks addressed to it, each agency once."""

import datetime as dt

import pytest

from chiso.accounts.models import User
from chiso.demo.world import VINH_CHAU_COMMUNES
from chiso.plans import services as plans
from chiso.plans.models import Plan, TaskAgency
from chiso.results.tests.conftest import papi_results  # noqa: F401 (a fixture)
from chiso.results.tests.test_gaps import demo_plan  # noqa: F401 (a fixture)
from chiso.units.models import AdministrativeUnit


@pytest.fixture
def town_plan(demo_plan):  # noqa: F811
    leader = User.objects.get(username="vinhchau.leader")
    return plans.issue_plan(demo_plan, actor=leader, code=demo_plan.code or "135/KH-UBND",
                            issued_on=demo_plan.issued_on or dt.date(2023, 3, 20))  # fmt: skip


def test_all_ten_communes_derive_their_plans_from_the_vinh_chau_plan(town_plan):
    coordinator = User.objects.get(username="vinhchau.coordinator")
    communes = AdministrativeUnit.objects.filter(code__in=VINH_CHAU_COMMUNES, parent=town_plan.unit)
    assert communes.count() == 10
    for commune in communes:
        addressed = plans.tasks_addressed_to(town_plan, commune)
        plan = plans.create_plan_from_parent(town_plan, actor=coordinator, unit=commune)
        assert (plan.parent, plan.unit, plan.status) == (town_plan, commune, Plan.Status.DRAFT)
        copies = plan.tasks.filter(implements__isnull=False)
        assert copies.count() == addressed.count() > 0
        committee = commune.agencies.get(kind="committee")
        assert all(committee in task.lead_agencies() for task in copies if task.lead_agencies()), commune
        # one link per agency and task: named as lead and coordinating it leads
        pairs = list(TaskAgency.objects.filter(task__plan=plan).values_list("task_id", "agency_id"))
        assert len(pairs) == len(set(pairs))
    assert Plan.objects.filter(parent=town_plan).count() == 10
