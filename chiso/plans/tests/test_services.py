"""Plan lifecycle, cascade, progress with evidence."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from chiso.core.audit import history_for
from chiso.plans import services
from chiso.plans.models import Plan, PlanAmendment, ProgressUpdate, Task
from chiso.plans.tests.factories import PlanFactory, TaskFactory, record_percent

D = dt.date
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_draft_is_submitted_then_issued_by_the_leader(world, papi, district_coordinator, leader):
    # given: a draft plan of Bạch Sam with one task, drafted by its coordinator
    plan = PlanFactory(unit=world.bach_sam, year=2025)
    TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    # when: the coordinator submits and the ward's chair issues it
    services.submit_plan(plan, actor=district_coordinator)
    services.issue_plan(plan, actor=leader, code="15/KH-UBND", issued_on=D(2025, 1, 21))
    # then: it is issued, read-only, and the audit shows both steps
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED and plan.approved_by == leader
    assert not plan.is_editable
    events = [e.event for e in history_for(plan)]
    assert events[:2] == ["plan.issued", "plan.submitted"]
    assert history_for(plan).first().data["code"] == "15/KH-UBND"


def test_only_a_leader_issues(world, papi, district_coordinator):
    plan = PlanFactory(unit=world.bach_sam)
    TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    with pytest.raises(PermissionDenied):
        services.issue_plan(plan, actor=district_coordinator, code="1/KH-UBND", issued_on=D(2025, 1, 1))


def test_issue_needs_number_date_and_tasks(world, papi, leader):
    plan = PlanFactory(unit=world.bach_sam)
    with pytest.raises(ValidationError):
        services.issue_plan(plan, actor=leader, code="1/KH-UBND", issued_on=D(2025, 1, 1))  # no tasks
    TaskFactory(plan=plan, lead=[world.vp_bach_sam])
    with pytest.raises(ValidationError):
        services.issue_plan(plan, actor=leader, code="", issued_on=D(2025, 1, 1))


def test_issued_plan_changes_only_through_an_amendment(world, papi, town_plan, district_coordinator):
    town_plan.title = "Đổi tên"
    with pytest.raises(ValidationError):
        services.update_plan(town_plan, actor=district_coordinator, loaded_version=town_plan.version)
    services.amend_plan(town_plan, actor=district_coordinator, reason="Bổ sung nhiệm vụ theo chỉ đạo của tỉnh")
    town_plan.refresh_from_db()
    assert town_plan.status == Plan.Status.DRAFT and town_plan.amendment_count == 1
    amendment = PlanAmendment.objects.get(plan=town_plan)
    assert amendment.snapshot["title"] == "Kế hoạch nâng cao Chỉ số PAPI thị xã Mỹ Hào năm 2025"
    assert len(amendment.snapshot["tasks"]) == 2


def test_commune_plan_from_the_parents_tasks(world, papi, town_plan, district_coordinator):
    # when: the ward's plan is created from the town's plan
    plan = services.create_plan_from_parent(town_plan, actor=district_coordinator, unit=world.bach_sam)
    # then: only the task addressed to the ward is carried over, pointing to the town's task
    tasks = list(plan.tasks.all())
    assert [t.title for t in tasks] == ["Công khai danh sách hộ nghèo"]
    assert tasks[0].implements.plan == town_plan
    assert tasks[0].lead_agencies() == [world.ubnd_bach_sam]
    assert plan.parent == town_plan and plan.status == Plan.Status.DRAFT
    assert list(tasks[0].dimensions.all()) == [papi[1]]


def test_cannot_derive_for_a_unit_not_below(world, papi, town_plan, admin_user):
    with pytest.raises(ValidationError):
        services.create_plan_from_parent(town_plan, actor=admin_user, unit=world.vinh_chau)


def test_copy_last_years_plan_moves_dates(world, papi, town_plan, district_coordinator):
    copy = services.copy_plan(town_plan, actor=district_coordinator, year=2026)
    assert copy.year == 2026 and copy.status == Plan.Status.DRAFT
    one_off = copy.tasks.get(number="1")
    assert one_off.due_on == D(2026, 12, 31)
    assert one_off.lead_agencies() == [world.ubnd_bach_sam]


def test_officer_of_the_lead_agency_records_progress_with_evidence(world, papi, town_plan, monkeypatch):
    # given: an officer of UBND phường Bạch Sam (lead of task 1 of the town's plan)
    from chiso.accounts.tests.factories import MembershipFactory, UserFactory

    officer = UserFactory(username="vh_bach_sam")
    MembershipFactory(user=officer, agency=world.ubnd_bach_sam, role="officer")
    task = town_plan.tasks.get(number="1")
    evidence = SimpleUploadedFile("bien-ban-niem-yet.pdf", PDF, content_type="application/pdf")
    # when: they record 60% with a justification and a PDF
    update = services.record_progress(
        task,
        actor=officer,
        reported_on=D(2025, 3, 10),
        percent=60,
        justification="Đã niêm yết tại 6/10 tổ dân phố",
        description="Niêm yết danh sách hộ nghèo tại nhà văn hóa",
        files=[evidence],
    )
    # then: the task shows it, the file is kept, the agency is recorded
    task.refresh_from_db()
    assert task.percent == 60 and task.last_progress_on == D(2025, 3, 10)
    assert update.agency == world.ubnd_bach_sam
    assert update.evidence.get().name == "bien-ban-niem-yet.pdf"
    assert task.status_on(D(2025, 6, 1)) == Task.Status.ON_TRACK
    assert task.status_on(D(2026, 1, 2)) == Task.Status.OVERDUE
    # when completed on 30/12/2025 and recorded that day, it is completed on time (recorded months later, lateness
    # would count from the plan's back-dating limit: test_plans_as_run)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: D(2025, 12, 30))
    services.record_progress(
        task, actor=officer, reported_on=D(2025, 12, 30), status="completed", description="Hoàn thành"
    )
    task.refresh_from_db()
    assert task.status_on(D(2026, 2, 1)) == Task.Status.DONE_ON_TIME


def test_ongoing_task_is_never_completed(world, papi, town_plan, district_coordinator):
    task = town_plan.tasks.get(number="2")
    with pytest.raises(ValidationError):
        services.record_progress(
            task, actor=district_coordinator, reported_on=D(2025, 3, 1), status="completed", description="Đã tổ chức"
        )
    services.record_progress(task, actor=district_coordinator, reported_on=D(2025, 3, 1), description="Hội nghị quý I")
    task.refresh_from_db()
    assert task.status == Task.Status.ONGOING and task.percent == 0


def test_percent_change_needs_a_justification(world, papi, town_plan, district_coordinator):
    task = town_plan.tasks.get(number="1")
    with pytest.raises(ValidationError) as excinfo:
        services.record_progress(
            task, actor=district_coordinator, reported_on=D(2025, 3, 1), percent=40, description="Đang làm"
        )
    assert "justification" in excinfo.value.message_dict


@pytest.mark.parametrize(
    "name, content",
    [("anh.pdf", b"MZ\x90\x00 this is an exe"), ("virus.exe", b"MZ\x90\x00"), ("big.pdf", b"%PDF" + b"0" * 30)],
)
def test_bad_evidence_is_refused(world, papi, town_plan, district_coordinator, settings, name, content):
    settings.CHISO_UPLOAD_LIMITS = {**settings.CHISO_UPLOAD_LIMITS, "evidence": 20}
    task = town_plan.tasks.get(number="1")
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError):
        record_percent(task, district_coordinator, 10, files=[upload])
    assert not ProgressUpdate.objects.exists()


def test_officer_elsewhere_cannot_record_progress(world, papi, town_plan, other_province_officer):
    with pytest.raises(PermissionDenied):
        record_percent(town_plan.tasks.get(number="1"), other_province_officer, 10)


def test_deleting_an_agency_with_tasks_is_refused(world, papi, town_plan, admin_user):
    from django.db.models import ProtectedError

    from chiso.core.services import delete_object

    with pytest.raises(ProtectedError):
        delete_object(world.ubnd_bach_sam, actor=admin_user)


def test_progress_rolls_up_to_the_parent_plans_task(world, papi, town_plan, district_coordinator):
    # given: both wards carry out the town's task 1
    town_task = town_plan.tasks.get(number="1")
    ward_plans = []
    for unit, agency in ((world.bach_sam, world.ubnd_bach_sam), (world.phung_chi_kien, None)):
        plan = services.create_plan_from_parent(town_plan, actor=district_coordinator, unit=unit)
        if agency is None:  # Phùng Chí Kiên has no agency in the town's task: give it one
            committee = unit.agencies.create(name="UBND phường Phùng Chí Kiên", kind="committee")
            TaskFactory(plan=plan, implements=town_task, lead=[committee])
        plan.status = Plan.Status.ISSUED
        plan.save()
        ward_plans.append(plan)
    bach_sam_task, pck_task = (p.tasks.get() for p in ward_plans)
    # when: one ward reports 100% (completed) and the other 50%
    services.record_progress(
        bach_sam_task, actor=district_coordinator, reported_on=D(2025, 5, 2), status="completed", description="Xong"
    )
    record_percent(pck_task, district_coordinator, 50, on=D(2025, 5, 5), justification="Một nửa số tổ dân phố")
    # then: the town's task shows the mean, not completed
    town_task.refresh_from_db()
    assert town_task.percent == 75 and town_task.completed_on is None
    assert town_task.last_progress_on == D(2025, 5, 5)


def test_dimension_rollup_in_sql_matches_the_python_one(world, papi, town_plan, district_coordinator):
    from chiso.plans.rollup import dimension_rollup, plan_rollup

    task = town_plan.tasks.get(number="1")
    record_percent(task, district_coordinator, 40, justification="Bốn tổ dân phố", description="Đang niêm yết")
    sql = {row["code"]: row for row in dimension_rollup(Task.objects.filter(plan=town_plan), today=D(2025, 4, 1))}
    python = plan_rollup(town_plan.tasks.all(), today=D(2025, 4, 1))["by_dimension"]
    for tally in python:
        row = sql[tally.key.code]
        assert (row["total"], row["ongoing"], row["overdue"], row["done"], row["percent"]) == (
            tally.total,
            tally.ongoing,
            tally.overdue,
            tally.done,
            tally.percent,
        )
