"""Two beats through a real Celery worker and Redis: the notice is stored and e-mailed exactly once."""

import pytest
from django.core import mail

from chiso.accounts.tests.factories import UserFactory
from chiso.notifications import jobs
from chiso.notifications.models import Notification
from chiso.notifications.services import notify
from chiso.notifications.tasks import tick
from chiso.notifications.testing import redis_celery_worker


@pytest.mark.django_db(transaction=True)
def test_two_beats_through_redis_send_once(monkeypatch):
    person = UserFactory(username="officer", email="officer@example.org")

    def remind(today):
        return notify([person], key=f"test:due-soon:{today:%Y-%m}", subject="Sắp đến hạn nộp báo cáo")

    monkeypatch.setitem(jobs._JOBS, "test.remind", remind)
    with redis_celery_worker():
        first = tick.delay("2025-06-30").get(timeout=30)
        second = tick.delay("2025-06-30").get(timeout=30)
    assert first["test.remind"] == 1 and second["test.remind"] == 0
    assert Notification.objects.filter(recipient=person).count() == 1
    assert len(mail.outbox) == 1
