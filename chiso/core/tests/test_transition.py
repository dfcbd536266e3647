"""The one transition helper: lock, policy, state guard, version check, snapshot, version + 1, save, audit."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from chiso.core import events
from chiso.core.audit import history_for, record_change
from chiso.core.models import AuditEntry, CalendarException
from chiso.core.services import ConflictError, Guard, transition

# A state change of core's own model, declared the way an app declares its events and guards.
events.register("calendarexception.swapped", "Swapped", "Swapped to %(kind)s")
DAY_OFF = Guard([CalendarException.Kind.DAY_OFF], "Not a day off.", code="not_off", state="kind")


@pytest.fixture
def day(db):
    return CalendarException.objects.create(date=dt.date(2025, 4, 26), kind=CalendarException.Kind.DAY_OFF)


def swap(day, actor, **options):
    with transition(day, actor=actor, event="calendarexception.swapped", fields=["kind"], **options) as t:
        t.obj.kind = CalendarException.Kind.WORKING_DAY
        t.data["kind"] = t.obj.kind
    return t.obj


def test_a_transition_bumps_the_version_saves_and_records_its_event(day, admin_user):
    # when: the day is swapped from a state it may leave
    swapped = swap(day, admin_user, action="change", guard=DAY_OFF)
    # then: version + 1, saved, one entry with the event, its data and the before/after snapshots
    day.refresh_from_db()
    assert (day.kind, day.version, swapped.version) == ("working_day", 2, 2)
    entry = history_for(day).get()
    assert (entry.event, entry.data, entry.action) == ("calendarexception.swapped", {"kind": "working_day"}, "update")
    assert (entry.before["kind"], entry.after["kind"]) == ("day_off", "working_day")
    assert entry.text == "Swapped to working_day"


def test_a_state_it_may_not_leave_is_refused_with_its_code(day, admin_user):
    # given: the day is already a working day
    swap(day, admin_user)
    # when/then: the same step again is refused with the guard's message and code; nothing is written
    with pytest.raises(ValidationError) as refused:
        swap(day, admin_user, guard=DAY_OFF)
    assert refused.value.code == "not_off" and refused.value.messages == ["Not a day off."]
    assert history_for(day).count() == 1


def test_a_stale_version_is_a_conflict_and_a_missing_one_is_refused(day, admin_user):
    with pytest.raises(ConflictError):
        swap(day, admin_user, loaded_version=7)
    with pytest.raises(ValidationError) as missing:
        swap(day, admin_user, loaded_version="")
    assert missing.value.code == "no_version"
    assert swap(day, admin_user, loaded_version=1).version == 2


def test_the_policy_is_checked_before_anything_changes(day, commune_officer):
    with pytest.raises(PermissionDenied):
        swap(day, commune_officer, action="change")
    day.refresh_from_db()
    assert day.version == 1 and not history_for(day).exists()


def test_an_error_inside_the_block_leaves_the_row_and_the_log_as_they_were(day, admin_user):
    with pytest.raises(ValidationError), transition(day, actor=admin_user, event="calendarexception.swapped") as t:
        t.obj.note = "half done"
        raise ValidationError("the service's own check failed", code="own")
    day.refresh_from_db()
    assert (day.note, day.version) == ("", 1) and not history_for(day).exists()


def test_an_event_must_be_declared(day, admin_user):
    with pytest.raises(LookupError):
        record_change(day, AuditEntry.Action.UPDATE, admin_user, {"kind": 1}, {"kind": 2}, event="day.vanished")


def test_a_plain_change_is_its_model_and_action(day, admin_user):
    entry = record_change(day, AuditEntry.Action.CREATE, admin_user, None, {"kind": "day_off"})
    assert entry.event == "calendarexception.created" and entry.text == ""
