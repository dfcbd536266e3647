"""A report's history has its lines: a draft saved with only a task's progress or result changed is an entry that
names the task and says what it was and what it is (nothing else), the reviewer's comments on single lines are in the
entry of the return, and a save that changes nothing writes nothing; the history page reads them so."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from chiso.core.audit import history_for
from chiso.plans.models import ProgressUpdate
from chiso.plans.tests.factories import TaskFactory
from chiso.reporting import services
from chiso.reporting.models import Submission
from chiso.reporting.views import _dimensions
from tests.history import rows, table_rows


def at(day, hour=9):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def draft(town, world, district_officer):
    """The inspectorate's draft on its two tasks: no. 1 pre-filled at 60% with what was done, no. 3 at 0%."""
    ProgressUpdate.objects.create(
        task=town.t1, reported_on=dt.date(2025, 3, 10), percent=60, description="Tiếp 12 lượt công dân"
    )
    ProgressUpdate.objects.create(
        task=town.t1, reported_on=dt.date(2025, 4, 2), percent=60, description="Giải quyết 3 đơn"
    )
    TaskFactory(plan=town.plan, number="3", lead=[world.thanh_tra], title="Công khai kết quả giải quyết")
    request = town.period.requests.get(agency=world.thanh_tra)
    return services.start_submission(request, actor=district_officer)


def save(submission, actor, **lines):
    submission = Submission.objects.get(pk=submission.pk)
    return services.save_draft(
        submission, actor=actor, loaded_version=submission.version, data={}, lines=lines.get("lines")
    )


def test_a_draft_saved_with_only_a_line_changed_is_in_the_history_by_task(draft, district_officer):
    first, third = draft.lines.order_by("position")
    [created] = history_for(draft)
    # the new report: how many tasks it reports on, not each line again
    assert rows(created)["nhiệm vụ được báo cáo"] == (None, "2 nhiệm vụ") and "Nhiệm vụ 1" not in rows(created)
    # when: the officer sets the progress of task 3 and nothing else
    save(draft, district_officer, lines={third.pk: {"percent": 40}, first.pk: {"percent": 60}})
    # then: one entry, with task 3 only, its progress before and after
    entry = history_for(draft).first()
    assert entry.actor == district_officer and entry.event == "submission.updated"
    assert rows(entry) == {"Nhiệm vụ 3": ("0%", "40%")}
    # when: the result of task 1 is rewritten; then: what it said and what it says, the progress left out
    save(draft, district_officer, lines={first.pk: {"percent": 60, "result": "Tiếp 12 lượt công dân, 3 đơn"}})
    entry = history_for(draft).first()
    assert rows(entry) == {
        "Nhiệm vụ 1": (
            "kết quả: 10/03/2025: Tiếp 12 lượt công dân\n02/04/2025: Giải quyết 3 đơn",
            "kết quả: Tiếp 12 lượt công dân, 3 đơn",
        )
    }
    # when: both at once, the result long; then: one row, the progress and the result cut short
    save(draft, district_officer, lines={third.pk: {"percent": 100, "result": "Đã công khai " * 20}})
    [(label, old, new)] = history_for(draft).first().changes()
    assert (str(label), old) == ("Nhiệm vụ 3", "40%; kết quả: —")
    assert new.startswith("100%; kết quả: Đã công khai Đã công khai") and new.endswith("…") and len(new) < 130


def test_a_save_that_changes_nothing_writes_nothing(draft, district_officer):
    first, third = draft.lines.order_by("position")
    save(draft, district_officer, lines={first.pk: {"percent": first.percent, "result": first.result}})
    # the same text as a browser sends it back (CR LF) is the same text
    save(draft, district_officer, lines={first.pk: {"result": first.result.replace("\n", "\r\n")}})
    assert history_for(draft).count() == 1
    first.refresh_from_db()
    assert first.result == "10/03/2025: Tiếp 12 lượt công dân\n02/04/2025: Giải quyết 3 đơn"


def test_the_reviewers_comments_on_lines_are_in_the_entry_of_the_return(draft, district_officer, district_coordinator):
    first, third = draft.lines.order_by("position")
    draft = services.save_draft(
        draft, actor=district_officer, loaded_version=draft.version, data={"metrics": {"dialogues": 2}}
    )
    services.submit_submission(draft, actor=district_officer, now=at(dt.date(2025, 7, 3)))
    # when: returned with a comment on the report and one on task 1
    services.return_submission(
        draft, actor=district_coordinator, comment="Bổ sung số liệu", line_comments={first.pk: "Ghi rõ số lượt"}
    )
    # then: the return's entry has both, the line's by its task
    entry = history_for(draft).first()
    assert entry.event == "submission.returned"
    changed = rows(entry)
    assert changed["ý kiến thẩm định về nhiệm vụ 1"] == (None, "Ghi rõ số lượt")
    assert changed["ý kiến thẩm định"] == ("", "Bổ sung số liệu")
    assert "Nhiệm vụ 3" not in changed and "ý kiến thẩm định về nhiệm vụ 3" not in changed


def test_the_history_page_reads_the_lines_and_the_comments(client, draft, district_officer, district_coordinator):
    first, third = draft.lines.order_by("position")
    client.force_login(district_officer)
    detail = reverse("reporting:submission_detail", args=[draft.pk])
    # the draft's form saved as the browser sends it: task 3 at 50%, the rest as it was (text areas in CR LF)
    form = {
        "loaded_version": draft.version,
        "summary": "",
        "difficulties": "",
        "proposals": "",
        **{f"narrative-{d.code}": "" for d in _dimensions()},
        "metric-dialogues": "2",
        f"line-{first.pk}-percent": "60",
        f"line-{first.pk}-result": first.result.replace("\n", "\r\n"),
        f"line-{third.pk}-percent": "50",
        f"line-{third.pk}-result": "",
    }
    response = client.post(detail, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    history = reverse("reporting:submission_history", args=[draft.pk])
    assert history in client.get(detail).content.decode()  # the report links to its history
    draft.refresh_from_db()
    services.submit_submission(draft, actor=district_officer, now=at(dt.date(2025, 7, 3)))
    services.return_submission(
        draft, actor=district_coordinator, comment="", line_comments={third.pk: "Chưa có minh chứng"}
    )
    client.force_login(district_coordinator)
    page = client.get(history, HTTP_ACCEPT_LANGUAGE="vi")
    assert page.status_code == 200
    table = table_rows(page.content.decode())
    assert table["Nhiệm vụ 3"] == ("0%", "50%")
    assert "Nhiệm vụ 1" not in table  # saved as it was: not in the history
    assert table["Ý kiến thẩm định về nhiệm vụ 3"] == ("—", "Chưa có minh chứng")
