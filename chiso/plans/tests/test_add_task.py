"""One door for adding and editing a task (issue 12): the page, the importers, dialogue commitments, gap analysis
and copying all go through ``plans.services.add_task`` / ``update_task``, so they share one set of rules."""

import datetime as dt
import io
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from chiso.citizens.tests.factories import DialogueFactory, add_commitment
from chiso.core.services import ConflictError
from chiso.plans import services
from chiso.plans.importers import import_task_table
from chiso.plans.models import Plan, TaskAgency
from chiso.plans.tests.factories import PlanFactory, TaskFactory

D = dt.date


def code_of(exc_info, field=None):
    exc = exc_info.value
    if field is not None:
        return exc.error_dict[field][0].code
    return exc.code if hasattr(exc, "code") and exc.code else exc.error_list[0].code


def sheet(rows):
    workbook = Workbook()
    ws = workbook.active
    ws.append(["STT", "Nội dung", "Hoạt động", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("t.xlsx", buffer.getvalue())


def test_a_task_is_added_at_the_end_of_a_draft_in_nfc(world, papi, district_coordinator):
    plan = PlanFactory(unit=world.my_hao)
    TaskFactory(plan=plan, position=70)
    decomposed = unicodedata.normalize("NFD", "Hội nghị đối thoại")
    task = services.add_task(
        plan,
        actor=district_coordinator,
        title=decomposed,
        timeframe_kind="year",
        timeframe_text="Năm 2025",
        start_on=D(2025, 1, 1),
        due_on=D(2025, 12, 31),
        lead=[world.phong_noi_vu],
        coordinating=[world.so_noi_vu],
        dimensions=[papi[0]],
    )
    assert task.position == 80 and task.title == "Hội nghị đối thoại"
    assert task.lead_agencies() == [world.phong_noi_vu]
    assert list(task.dimensions.all()) == [papi[0]]


def test_only_a_draft_takes_tasks(world, town_plan, district_coordinator):
    with pytest.raises(ValidationError) as refused:
        services.add_task(town_plan, actor=district_coordinator, title="x", lead=[world.phong_noi_vu])
    assert code_of(refused) == "not_editable"
    task = town_plan.tasks.get(number="2")
    task.title = "Sửa sau khi ban hành"
    with pytest.raises(ValidationError) as refused:
        services.update_task(task, actor=district_coordinator, loaded_version=task.version, lead=[], coordinating=[])
    assert code_of(refused) == "not_editable"


def test_the_service_refuses_a_lead_agency_the_page_would_refuse(world, papi, district_coordinator):
    plan = PlanFactory(unit=world.my_hao)
    with pytest.raises(ValidationError) as refused:
        services.add_task(plan, actor=district_coordinator, title="x", lead=[world.so_noi_vu])
    assert code_of(refused, "lead") == "not_usable"
    assert not plan.tasks.exists()


def test_an_edit_needs_the_version_it_started_from(world, papi, district_coordinator):
    plan = PlanFactory(unit=world.my_hao)
    task = services.add_task(plan, actor=district_coordinator, title="Tuyên truyền", lead=[world.phong_noi_vu])
    task.title = "Tuyên truyền pháp luật"
    with pytest.raises(ValidationError) as refused:
        services.update_task(task, actor=district_coordinator, lead=[world.phong_noi_vu], coordinating=[])
    assert code_of(refused) == "no_version"
    with pytest.raises(ConflictError):
        services.update_task(
            task,
            actor=district_coordinator,
            loaded_version=task.version - 1,
            lead=[world.phong_noi_vu],
            coordinating=[],
        )
    saved = services.update_task(
        task, actor=district_coordinator, loaded_version=task.version, lead=[world.thanh_tra], coordinating=[]
    )
    assert saved.title == "Tuyên truyền pháp luật" and saved.lead_agencies() == [world.thanh_tra]


def test_the_task_table_refuses_a_lead_agency_of_a_unit_above(world, papi, district_coordinator):
    # The page offers the town's and the wards' agencies to lead a town's task; the province's may only coordinate.
    plan = PlanFactory(unit=world.my_hao)
    report = import_task_table(
        plan,
        sheet([["1", "Tuyên truyền", "1.1. Hội nghị", "Sở Nội vụ", "", "Năm 2025"]]),
        actor=district_coordinator,
    )
    assert not report.ok
    assert "Sở Nội vụ" in " ".join(report.rows[0].errors)
    assert not plan.tasks.exists()
    report = import_task_table(
        plan,
        sheet([["1", "Tuyên truyền", "1.1. Hội nghị", "Phòng Nội vụ", "Sở Nội vụ", "Năm 2025"]]),
        actor=district_coordinator,
    )
    assert report.ok and report.created == 1
    task = plan.tasks.get()
    assert set(task.agency_links.values_list("agency", "role")) == {
        (world.phong_noi_vu.pk, TaskAgency.Role.LEAD),
        (world.so_noi_vu.pk, TaskAgency.Role.COORDINATING),
    }


def test_the_task_table_appends_after_the_tasks_already_there(world, papi, district_coordinator):
    plan = PlanFactory(unit=world.my_hao)
    TaskFactory(plan=plan, position=40)
    report = import_task_table(
        plan,
        sheet([["1", "Tuyên truyền", "1.1. Hội nghị", "Phòng Nội vụ", "", "Năm 2025"]]),
        actor=district_coordinator,
    )
    assert report.ok
    assert sorted(plan.tasks.values_list("position", flat=True)) == [40, 50]


def test_a_dialogue_commitment_may_join_an_issued_plan(world, town_plan, district_coordinator):
    # Made in public, a commitment is added to the unit's plan even once it is issued (and audited there).
    dialogue = DialogueFactory(unit=world.my_hao, date=D(2025, 4, 15))
    last = max(town_plan.tasks.values_list("position", flat=True))
    commitment = add_commitment(dialogue, district_coordinator, town_plan, world.thanh_tra, text="Nạo vét kênh")
    assert town_plan.status == Plan.Status.ISSUED
    assert commitment.task.position == last + 10 and commitment.task.lead_agencies() == [world.thanh_tra]
