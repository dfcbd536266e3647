"""The audit trail stores events, not sentences: each reader reads the same entry in their own language."""

import datetime as dt
import importlib
import re
from types import SimpleNamespace

from django.urls import reverse
from django.utils import translation

from chiso.core.audit import history_for
from chiso.plans import services
from chiso.plans.models import Plan
from chiso.plans.tests.factories import PlanFactory, TaskFactory

migration = importlib.import_module("chiso.core.migrations.0002_auditentry_event")


def issued_then_returned(world, coordinator, leader):
    plan = PlanFactory(unit=world.bach_sam, year=2025)
    TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    services.submit_plan(plan, actor=coordinator)
    services.return_plan(plan, actor=leader, reason="Bổ sung chỉ tiêu nội dung 6")
    services.submit_plan(plan, actor=coordinator)
    services.issue_plan(plan, actor=leader, code="15/KH-UBND", issued_on=dt.date(2025, 1, 21))
    return plan


def test_the_same_entry_reads_in_vietnamese_and_in_english(world, papi, district_coordinator, leader):
    # given: a plan returned with a reason typed in Vietnamese, then issued — each step recorded as an event
    plan = issued_then_returned(world, district_coordinator, leader)
    issued, _submitted, returned = list(history_for(plan))[:3]
    assert (issued.event, returned.event) == ("plan.issued", "plan.returned")
    assert returned.data == {"reason": "Bổ sung chỉ tiêu nội dung 6"}
    # when: a Vietnamese reader and an English reader read the same entries
    with translation.override("vi"):
        in_vietnamese = (issued.text, returned.text)
    with translation.override("en"):
        in_english = (issued.text, returned.text)
    # then: each in their language; the reason stays as it was typed
    assert in_vietnamese == ("Đã ban hành, số 15/KH-UBND", "Trả lại để hoàn thiện: Bổ sung chỉ tiêu nội dung 6")
    assert in_english == ("Issued as No. 15/KH-UBND", "Returned to draft: Bổ sung chỉ tiêu nội dung 6")


def test_the_history_page_speaks_the_readers_language(client, world, papi, district_coordinator, leader):
    plan = issued_then_returned(world, district_coordinator, leader)
    client.force_login(district_coordinator)
    url = reverse("plans:plan_history", args=[plan.pk])
    assert "Đã ban hành, số 15/KH-UBND" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    assert "Issued as No. 15/KH-UBND" in client.get(url).content.decode()


def old(model, comment, action="update", before=None, after=None):
    return model, SimpleNamespace(comment=comment, action=action, before=before, after=after)


def test_old_comments_become_events_in_either_language():
    cases = [
        (old("plan", "Đã ban hành"), ("plan.issued", {})),
        (old("plan", "Issued"), ("plan.issued", {})),
        (old("plan", "Điều chỉnh lần 2: Sáp nhập xã"), ("plan.amended", {"number": 2, "reason": "Sáp nhập xã"})),
        (old("submission", "Đã gửi (quá hạn)"), ("submission.submitted", {"late": True})),
        (old("submission", "Submitted"), ("submission.submitted", {"late": False})),
        (old("feedback", "Đã thụ lý"), ("feedback.accepted", {})),
        (old("submission", "Đã tiếp nhận"), ("submission.accepted", {})),
        (old("feedback", "Xử lý lại: Chưa sửa đường"), ("feedback.reopened", {"reason": "Chưa sửa đường"})),
        (old("consolidatedreport", "Trình phê duyệt"), ("consolidatedreport.sent_for_approval", {})),
        # a reason typed by a person is known by the change of state it came with
        (
            old("plan", "Thiếu chỉ tiêu", before={"status": "submitted"}, after={"status": "draft"}),
            ("plan.returned", {"reason": "Thiếu chỉ tiêu"}),
        ),
        (
            old("feedback", "Đúng thẩm quyền phòng TN-MT", before={"agency": 3}, after={"agency": 9}),
            ("feedback.transferred", {"note": "Đúng thẩm quyền phòng TN-MT", "agency": 9}),
        ),
        # a plain change keeps its action; anything unknown keeps its text as written
        (old("agency", "", action="create"), ("agency.created", {})),
        (old("plan", "Ghi chú lạ"), ("audit.note", {"text": "Ghi chú lạ"})),
    ]
    for (model, entry), expected in cases:
        assert migration.event_of(model, entry) == expected, entry.comment


def test_the_history_tab_names_records_and_dates_never_ids_or_iso(client, world, papi, district_coordinator, leader):
    # given: a ward plan made from the town's issued plan, then issued by the chair
    town = PlanFactory(
        unit=world.my_hao, year=2025, status=Plan.Status.ISSUED, code="03/KH-UBND", issued_on=dt.date(2025, 1, 3)
    )
    TaskFactory(plan=town, lead=[world.ubnd_bach_sam])
    plan = services.create_plan_from_parent(town, actor=district_coordinator, unit=world.bach_sam)
    services.submit_plan(plan, actor=district_coordinator)
    services.issue_plan(plan, actor=leader, code="15/KH-UBND", issued_on=dt.date(2025, 1, 21))
    # when: the town's coordinator reads the plan's history
    client.force_login(district_coordinator)
    page = client.get(reverse("plans:plan_history", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # then: the unit, committee, upper plan and approver by name; states by label; moments and basis as officials
    # write them — no database id, no "draft", no ISO moment
    for text in ("Phường Bạch Sam", "UBND phường Bạch Sam", "Dự thảo", "Đã ban hành", leader.full_name,
                 "Kế hoạch số 03/KH-UBND ngày 03/01/2025"):  # fmt: skip
        assert text in page, text
    assert ">draft<" not in page and ">issued<" not in page and not re.search(r"\d{4}-\d\d-\d\d", page)
    assert f">{world.bach_sam.pk}<" not in page and f">{leader.pk}<" not in page
