"""Reminders before the deadline, overdue notices, the end of the minimum period; each once."""

import pytest

from chiso.disclosures import jobs, services
from chiso.disclosures.models import Duty
from chiso.notifications.models import Notification

from .conftest import D, places

pytestmark = pytest.mark.django_db


def test_duties_are_made_by_the_job(world, rules):
    made = jobs.make_duties(D(2025, 2, 1))
    assert made > 0 and Duty.objects.filter(unit=world.bach_sam, key="2025").exists()
    assert jobs.make_duties(D(2025, 2, 2)) == 0


def test_due_soon_then_overdue_once(world, poor_list, commune_officer, ward_coordinator):
    # the list is due on 08/12/2025 (Monday): three working days before, the officers are reminded
    assert jobs.remind(D(2025, 12, 3)) >= 2
    assert jobs.remind(D(2025, 12, 3)) == 0
    subjects = list(Notification.objects.filter(recipient=commune_officer).values_list("subject", flat=True))
    assert any("08/12/2025" in s for s in subjects)
    # after it, nothing confirmed: overdue, once
    assert jobs.remind(D(2025, 12, 9)) >= 2
    assert jobs.remind(D(2025, 12, 10)) == 0
    assert Notification.objects.filter(recipient=ward_coordinator, key__startswith="disclosures:overdue").exists()


def test_no_reminder_once_posted(poor_list, commune_officer):
    posting = services.record_posting(
        poor_list, actor=commune_officer, title="DS", places=places(D(2025, 12, 1)), today=D(2025, 12, 2)
    )
    services.confirm_posting(posting, actor=commune_officer)
    jobs.remind(D(2025, 12, 9))
    assert not Notification.objects.filter(key__endswith=f":{poor_list.pk}").exists()


def test_end_of_the_minimum_period_asks_for_the_day_it_comes_down(poor_list, commune_officer):
    posting = services.record_posting(
        poor_list, actor=commune_officer, title="DS", places=places(D(2025, 12, 5)), today=D(2025, 12, 6)
    )
    services.confirm_posting(posting, actor=commune_officer)
    # two places still up must stay until 03/01/2026
    assert jobs.period_over(D(2026, 1, 3)) == 0
    assert jobs.period_over(D(2026, 1, 4)) >= 2
    assert jobs.period_over(D(2026, 1, 5)) == 0
