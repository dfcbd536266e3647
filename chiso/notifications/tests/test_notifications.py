"""Notices are stored once per person and event, e-mailed once, and a dead worker's e-mail goes out next run."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from chiso.accounts.tests.factories import UserFactory
from chiso.notifications import jobs
from chiso.notifications.models import Notification
from chiso.notifications.services import EMAIL_LEASE, notify, send_pending_emails


@pytest.fixture
def people(db):
    return [UserFactory(username="a", email="a@example.org"), UserFactory(username="b", email="b@example.org")]


def test_notify_is_once_per_key(people):
    assert notify(people, key="k1", subject="Sắp đến hạn", body="Báo cáo quý", url="/x/") == 2
    assert notify(people, key="k1", subject="Sắp đến hạn", body="Báo cáo quý", url="/x/") == 0
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 2
    assert notify(people[:1], key="k2", subject="Quá hạn") == 1
    assert len(mail.outbox) == 3


def test_a_worker_that_died_mid_send_is_taken_over_once(people):
    # The notice is stored and its e-mail claimed, then the worker dies (nothing e-mailed).
    now = timezone.now()
    n = Notification.objects.create(recipient=people[0], key="k", subject="s", email_claimed_at=now)
    assert send_pending_emails(now=now) == 0  # the claim is fresh: someone may still be sending
    later = now + EMAIL_LEASE + dt.timedelta(seconds=1)
    assert send_pending_emails(now=later) == 1
    assert send_pending_emails(now=later) == 0
    n.refresh_from_db()
    assert n.emailed_at is not None and len(mail.outbox) == 1


def test_tick_runs_registered_jobs(people, monkeypatch):
    seen = []
    monkeypatch.setitem(jobs._JOBS, "test.job", lambda today: seen.append(today) or len(seen))
    call_command("tick", "--date", "2025-06-30")
    assert seen == [dt.date(2025, 6, 30)]


def test_inbox_marks_read_on_open(client, people):
    notify(people, key="k", subject="Có báo cáo bị trả lại", url="/plans/")
    client.force_login(people[0])
    page = client.get("/notifications/")
    assert "Có báo cáo bị trả lại" in page.content.decode()
    notice = Notification.objects.get(recipient=people[0])
    response = client.get(f"/notifications/{notice.pk}/")
    assert response.status_code == 302 and response["Location"] == "/plans/"
    notice.refresh_from_db()
    assert notice.read_at is not None
    # Another person's notice is not there for me.
    other = Notification.objects.get(recipient=people[1])
    assert client.get(f"/notifications/{other.pk}/").status_code == 404
