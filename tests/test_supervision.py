"""Supervision reads and comments; it never acts (DESIGN §2, issue 11).

The Fatherland Front (MTTQ) of thị xã Mỹ Hào coordinates a task, receives a feedback item and owes a report; its
supervisor reads all three, and may record progress, handle the item or write the report through neither the
page nor the API. An officer of the same agency still acts.
"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from chiso.accounts.models import Membership
from chiso.accounts.tests.factories import MembershipFactory, UserFactory
from chiso.citizens import services as citizens
from chiso.citizens.models import Feedback
from chiso.citizens.tests.factories import FeedbackFactory
from chiso.core.permissions import policy
from chiso.plans import services as plans
from chiso.plans.models import Plan, ProgressUpdate
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.reporting import services as reporting
from chiso.reporting.models import Submission
from chiso.reporting.tests.factories import half_yearly


def api_for(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def front(world, supervisor, district_coordinator):
    """A task the Front coordinates, an item routed to the Front, a report the Front owes; and a Front officer."""

    class F:
        pass

    f = F()
    f.plan = PlanFactory(
        unit=world.my_hao, year=2025, status=Plan.Status.ISSUED, code="03/KH-UBND", issued_on=dt.date(2025, 1, 3)
    )
    f.task = TaskFactory(plan=f.plan, lead=[world.thanh_tra], coordinating=[world.mttq])
    f.item = FeedbackFactory(unit=world.bach_sam, agency=world.mttq)
    schedule = half_yearly(f.plan, actor=district_coordinator, recipient=world.phong_noi_vu, reporters=[world.mttq])
    f.request = schedule.periods.get().requests.get(agency=world.mttq)
    f.officer = UserFactory(username="can_bo_mat_tran")
    MembershipFactory(user=f.officer, agency=world.mttq, role=Membership.Role.OFFICER)
    return f


PROGRESS = {"reported_on": "2025-03-01", "status": "in_progress", "percent": 40, "justification": "x"}


def test_the_supervisor_reads_but_the_policy_lets_them_act_on_nothing(front, supervisor):
    assert policy.can(supervisor, "view", front.task) and policy.can(supervisor, "view", front.item)
    assert policy.can(supervisor, "view", front.request)
    for action, obj in (("progress", front.task), ("handle", front.item), ("report", front.request)):
        assert not policy.can(supervisor, action, obj), action
        assert not policy.scope(supervisor, action, type(obj).objects.all()).exists(), action


def test_the_front_officer_still_acts_through_the_agency(front):
    assert policy.can(front.officer, "progress", front.task)
    assert policy.can(front.officer, "handle", front.item)
    assert policy.can(front.officer, "report", front.request)


def test_services_refuse_the_supervisor(front, supervisor):
    with pytest.raises(PermissionDenied):
        plans.record_progress(front.task, actor=supervisor, reported_on=dt.date(2025, 3, 1), description="x")
    with pytest.raises(PermissionDenied):
        citizens.accept_feedback(front.item, actor=supervisor)
    with pytest.raises(PermissionDenied):
        reporting.start_submission(front.request, actor=supervisor)


def test_pages_refuse_the_supervisor(client, front, supervisor):
    # given: the supervisor reads the task, the item and the report owed
    client.force_login(supervisor)
    assert client.get(front.task.get_absolute_url()).status_code == 200
    assert client.get(reverse("citizens:feedback_detail", args=[front.item.pk])).status_code == 200
    # when: they record progress, accept the item, start the report
    progress = client.post(
        reverse("plans:task_progress", args=[front.task.pk]), {**PROGRESS, "description": "Đã giám sát"}
    )
    accept = client.post(reverse("citizens:feedback_action", args=[front.item.pk, "accept"]))
    start = client.post(reverse("reporting:request_start", args=[front.request.pk]))
    # then: each is refused and nothing was written
    assert (progress.status_code, accept.status_code, start.status_code) == (403, 403, 403)
    assert not ProgressUpdate.objects.exists() and not Submission.objects.exists()
    assert Feedback.objects.get(pk=front.item.pk).status == Feedback.Status.RECEIVED


def test_the_api_refuses_the_supervisor(front, supervisor):
    client = api_for(supervisor)
    assert client.get(f"/api/v1/tasks/{front.task.pk}/").status_code == 200
    assert client.get(f"/api/v1/feedback/{front.item.pk}/").status_code == 200
    progress = client.post(f"/api/v1/tasks/{front.task.pk}/updates/", {**PROGRESS, "description": "Đã giám sát"})
    accept = client.post(f"/api/v1/feedback/{front.item.pk}/accept/")
    start = client.post(f"/api/v1/reporting/requests/{front.request.pk}/start/")
    assert progress.status_code in (403, 404) and accept.status_code == 403 and start.status_code in (403, 404)
    assert not ProgressUpdate.objects.exists() and not Submission.objects.exists()
    assert Feedback.objects.get(pk=front.item.pk).status == Feedback.Status.RECEIVED
