"""Reminders before the due date and overdue notices after it: each sent once, through a real Celery worker
and Redis (production) and through ``chiso tick`` without Redis (the embedded default) — the same job code."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from chiso.notifications.models import Notification
from chiso.notifications.tasks import tick
from chiso.notifications.testing import redis_celery_worker
from chiso.reporting import jobs, services


def _due_soon(user):
    return Notification.objects.filter(recipient=user, key__startswith="reporting:due-soon:")


@pytest.mark.django_db(transaction=True)
def test_reminder_once_across_two_beats_through_celery_and_redis(town, district_officer):
    district_officer.email = "thanhtra@example.org"
    district_officer.save()
    # Due 05/07/2025 (a Saturday); three working days before: from Wednesday 02/07.
    with redis_celery_worker():
        first = tick.delay("2025-07-02").get(timeout=60)
        second = tick.delay("2025-07-03").get(timeout=60)
    assert first["chiso.reporting.jobs.remind"] >= 1
    assert _due_soon(district_officer).count() == 1
    assert [m.to for m in mail.outbox].count(["thanhtra@example.org"]) == 1
    assert second["chiso.reporting.jobs.remind"] == 0


def test_reminder_once_in_embedded_mode_without_redis(town, district_officer, settings):
    assert settings.CELERY_TASK_ALWAYS_EAGER  # no broker configured: tasks run in-process
    district_officer.email = "thanhtra@example.org"
    district_officer.save()
    call_command("tick", "--date", "2025-06-20")  # too early: nothing
    assert _due_soon(district_officer).count() == 0
    call_command("tick", "--date", "2025-07-02")
    call_command("tick", "--date", "2025-07-03")
    tick.delay("2025-07-04")  # the Celery task, eager
    assert _due_soon(district_officer).count() == 1
    notice = _due_soon(district_officer).get()
    assert "05/07/2025" in notice.subject and notice.url.startswith("/reporting/requests/")
    assert len([m for m in mail.outbox if m.to == ["thanhtra@example.org"]]) == 1


def test_overdue_goes_to_the_agency_and_the_coordinator_once(town, world, district_officer, district_coordinator):
    jobs.remind(dt.date(2025, 7, 7))
    jobs.remind(dt.date(2025, 7, 8))
    for person in (district_officer, district_coordinator):
        overdue = Notification.objects.filter(recipient=person, key__startswith="reporting:overdue:")
        assert overdue.count() >= 1
    request = town.period.requests.get(agency=world.thanh_tra)
    assert Notification.objects.filter(key=f"reporting:overdue:{request.pk}", recipient=district_officer).count() == 1
    # A submitted report is not chased.
    draft = services.start_submission(request, actor=district_officer)
    draft = services.save_draft(
        draft, actor=district_officer, loaded_version=draft.version, data={"metrics": {"dialogues": 1}}
    )
    services.submit_submission(draft, actor=district_officer)
    before = Notification.objects.count()
    jobs.remind(dt.date(2025, 7, 9))
    assert (
        not Notification.objects.filter(pk__gt=0, key__contains=f":{request.pk}")
        .exclude(key__startswith="reporting:overdue:")
        .exclude(key__startswith="reporting:submitted:")
        .exists()
    )
    assert Notification.objects.count() == before


def test_reminder_days_are_set_per_schedule(town, district_officer):
    town.schedule.remind_days_before = 0
    town.schedule.save()
    jobs.remind(dt.date(2025, 7, 3))
    assert _due_soon(district_officer).count() == 0
