"""Deadline reminders and escalation through the notification mechanism; asking citizens; closing."""

import datetime as dt

from django.core import mail

from chiso.citizens import jobs, services
from chiso.citizens.models import Feedback
from chiso.citizens.tests.factories import submitted
from chiso.notifications.jobs import registered
from chiso.notifications.models import Notification

D = dt.date


def test_jobs_are_registered():
    names = registered()
    assert "chiso.citizens.jobs.remind_feedback" in names
    assert "chiso.citizens.jobs.follow_up_feedback" in names


def test_due_soon_then_overdue_with_escalation_once_each(world, commune_officer, leader):
    # given: an item routed to the ward office (where the commune officer works), to acknowledge by 6/3/2025
    from chiso.citizens.models import RoutingRule

    RoutingRule.objects.create(unit=world.bach_sam, agency=world.vp_bach_sam)
    item = submitted(world.bach_sam, subject="Hồ sơ", text="…", received_on=D(2025, 3, 3))
    assert item.acknowledge_due_on == D(2025, 3, 6)
    # when: the tick runs twice two working days before, then twice after the deadline
    for _ in range(2):
        jobs.remind_feedback(D(2025, 3, 4))
    for _ in range(2):
        jobs.remind_feedback(D(2025, 3, 7))
    # then: the officer was reminded once and told of the overdue once; the ward's chair heard of it once
    officer_keys = sorted(Notification.objects.filter(recipient=commune_officer).values_list("key", flat=True))
    assert officer_keys == [f"citizens:due-soon:{item.pk}:ack:20250306", f"citizens:overdue:{item.pk}:ack:20250306"]
    assert list(Notification.objects.filter(recipient=leader).values_list("key", flat=True)) == [
        f"citizens:overdue:{item.pk}:ack:20250306"
    ]


def test_citizen_asked_once_whether_resolved(world, commune_officer, leader):
    item = submitted(world.bach_sam, subject="Hỏi", text="…", contact_email="dan@example.vn", contact_consent=True)
    services.accept_feedback(item, actor=commune_officer)
    services.draft_answer(item, actor=commune_officer, answer="Trả lời")
    services.publish_answer(item, actor=leader, on=D(2025, 3, 10))
    mail.outbox.clear()
    assert jobs.follow_up_feedback(D(2025, 4, 1)) == 0
    assert jobs.follow_up_feedback(D(2025, 4, 7)) == 1
    assert jobs.follow_up_feedback(D(2025, 4, 8)) == 0
    assert len(mail.outbox) == 1 and item.tracking_code in mail.outbox[0].body
    # nobody answered: a month later the item is closed, not resolved
    jobs.follow_up_feedback(D(2025, 5, 8))
    item.refresh_from_db()
    assert item.status == Feedback.Status.CLOSED
