"""An agency that comes to lead a task joins the reporters of the plan's schedules as a change of the schedule like
any other: its version grows, so a coordinator who opened the schedule's form before is told that someone saved it
meanwhile, rather than saving over the new reporter."""

import html

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from chiso.core.audit import history_for
from chiso.plans import services as plans
from chiso.plans.models import Task
from chiso.plans.tests.factories import PlanFactory, TaskFactory
from chiso.reporting import services
from chiso.reporting.forms import ScheduleForm
from chiso.reporting.models import Cadence, Schedule


def schedule_of(world):
    """A draft plan of the town with a task led by the Office of Home Affairs, and a schedule it reports on."""
    plan = PlanFactory(unit=world.my_hao, year=2025)
    task = TaskFactory(plan=plan, lead=[world.phong_noi_vu])
    schedule = Schedule.objects.create(plan=plan, title="Báo cáo 6 tháng", cadence=Cadence.HALF_YEARLY,
                                       recipient=world.phong_noi_vu)  # fmt: skip
    schedule.reporters.set([world.phong_noi_vu])
    return task, schedule


def lead(task, actor, agency):
    task = Task.objects.get(pk=task.pk)
    plans.update_task(task, actor=actor, loaded_version=task.version, lead=[agency])


def as_posted(form):
    """The schedule's form as the page shows it, posted back unchanged (None: not sent)."""
    data = {name: form[name].value() for name in form.fields}
    return {name: value for name, value in data.items() if value is not None}


def test_a_new_lead_joining_the_reporters_is_a_new_version_of_the_schedule(world, district_coordinator):
    task, schedule = schedule_of(world)
    # when: the inspectorate comes to lead the task
    lead(task, district_coordinator, world.thanh_tra)
    # then: it reports, the schedule is one version on, and its one entry says why
    saved = Schedule.objects.get(pk=schedule.pk)
    assert set(saved.reporters.all()) == {world.phong_noi_vu, world.thanh_tra}
    assert saved.version == schedule.version + 1
    [entry] = history_for(schedule)
    assert (entry.event, entry.actor, entry.data) == (
        "schedule.reporters_followed",
        district_coordinator,
        {"agencies": "Thanh tra thị xã"},
    )
    # when: a task is given to an agency that already reports; then: nothing changes, nothing is written
    lead(task, district_coordinator, world.phong_noi_vu)
    assert Schedule.objects.get(pk=schedule.pk).version == saved.version and history_for(schedule).count() == 1


def test_a_schedule_form_opened_before_a_new_reporter_joined_gets_the_conflict(client, world, district_coordinator):
    # given: the coordinator has the schedule's form open
    task, schedule = schedule_of(world)
    client.force_login(district_coordinator)
    url = reverse("reporting:schedule_edit", args=[schedule.pk])
    assert client.get(url).status_code == 200
    stale = {**as_posted(ScheduleForm(instance=schedule)), "title": "Báo cáo 6 tháng và năm"}
    assert stale["loaded_version"] == schedule.version
    # when: meanwhile the inspectorate comes to lead a task, and the form is saved as it was opened
    lead(task, district_coordinator, world.thanh_tra)
    response = client.post(url, stale, HTTP_ACCEPT_LANGUAGE="vi")
    # then: the conflict, what was typed kept on the form; the new reporter is not saved over
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    with translation.override("vi"):
        conflict = gettext(
            "Someone else saved this record after you opened it (by %(who)s). "
            "Your changes are kept below: review them against the latest version and save again."
        ) % {"who": district_coordinator}
    assert conflict in page and "Báo cáo 6 tháng và năm" in page
    saved = Schedule.objects.get(pk=schedule.pk)
    assert saved.title == "Báo cáo 6 tháng" and world.thanh_tra in saved.reporters.all()
    # when: the form is opened again and saved; then: the title is changed and the inspectorate still reports
    fresh = {**as_posted(ScheduleForm(instance=saved)), "title": "Báo cáo 6 tháng và năm"}
    assert client.post(url, fresh).status_code == 302
    saved = Schedule.objects.get(pk=schedule.pk)
    assert saved.title == "Báo cáo 6 tháng và năm"
    assert set(saved.reporters.all()) == {world.phong_noi_vu, world.thanh_tra}
    assert services.schedule_reporters(saved.plan).filter(pk=world.thanh_tra.pk).exists()
