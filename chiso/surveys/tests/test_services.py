"""Collection and its refusals: public answers once per device, required and conditional questions, paper entry,
imports all or nothing, opening and closing, and the task drafted from a weak factor."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from openpyxl import Workbook, load_workbook

from chiso.accounts.models import Membership
from chiso.plans.models import Plan, Task
from chiso.surveys import exporters, scoring, services
from chiso.surveys.models import Response, Survey
from chiso.surveys.tests.factories import make_survey, template
from conftest import _persona

pytestmark = pytest.mark.django_db

GOOD = {"service": "chung_thuc", "a1_waiting": "4", "a2_place": "4", "p1_posted": "5", "p2_simple": "4",
        "s1_courteous": "5", "s2_guidance": "4", "s3_extra_money": "khong", "r1_on_time": "5",
        "f1_channels": "3"}  # fmt: skip


@pytest.fixture
def ward_coordinator(world):
    """Văn phòng - Thống kê of Bạch Sam as the standing body of the ward."""
    return _persona("ward_coordinator", world.vp_bach_sam, Membership.Role.COORDINATOR)


def test_create_from_template_and_open(world, ward_coordinator):
    survey = services.create_survey(actor=ward_coordinator, unit=world.bach_sam, title="", template=template())
    assert survey.questions.count() == len(template().definition)
    assert survey.points.get().unit == world.bach_sam
    services.open_survey(survey, actor=ward_coordinator, loaded_version=survey.version)
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN and survey.opens_on is not None
    with pytest.raises(ValidationError) as caught:
        services.open_survey(survey, actor=ward_coordinator)
    assert caught.value.code == "already_open"


def test_create_refuses_a_unit_out_of_reach(world, ward_coordinator):
    with pytest.raises(ValidationError) as caught:
        services.create_survey(actor=ward_coordinator, unit=world.phung_chi_kien, title="X")
    assert "unit" in caught.value.message_dict


def test_one_answer_per_device(world):
    survey = make_survey(world.bach_sam)
    point = survey.points.get()
    services.submit_response(point, raw=GOOD, channel="web", device_id="device-1")
    with pytest.raises(ValidationError) as caught:
        services.submit_response(point, raw=GOOD, channel="web", device_id="device-1")
    assert caught.value.code == "already_answered"
    assert Response.objects.count() == 1


def test_required_and_conditional_questions(world):
    survey = make_survey(world.bach_sam)
    point = survey.points.get()
    with pytest.raises(ValidationError) as caught:
        services.submit_response(point, raw={**GOOD, "a1_waiting": ""}, channel="web", device_id="d")
    assert set(caught.value.message_dict) == {"a1_waiting"}
    # the comment is asked only of those who rated staff 2 or less: otherwise it is dropped
    stored = services.submit_response(point, raw={**GOOD, "comment": "ok"}, channel="web", device_id="d2")
    assert "comment" not in stored.answers
    stored = services.submit_response(point, raw={**GOOD, "s1_courteous": "1", "comment": "Chờ lâu"}, channel="web",
                                      device_id="d3")  # fmt: skip
    assert stored.answers["comment"] == "Chờ lâu"


def test_closed_survey_refuses_public_answers_but_takes_paper(world, commune_officer):
    survey = make_survey(world.bach_sam, status=Survey.Status.CLOSED)
    point = survey.points.get()
    with pytest.raises(ValidationError):
        services.submit_response(point, raw=GOOD, channel="web", device_id="x")
    services.submit_response(point, raw=GOOD, channel="paper", actor=commune_officer)
    assert survey.responses.count() == 1


def test_paper_entry_needs_an_officer_of_the_unit(world, supervisor):
    survey = make_survey(world.bach_sam)
    with pytest.raises(PermissionDenied):
        services.submit_response(survey.points.get(), raw=GOOD, channel="paper", actor=supervisor)


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_is_all_or_nothing_with_a_row_report(world, commune_officer):
    survey = make_survey(world.bach_sam)
    names = list(GOOD)
    good = [GOOD[n] for n in names]
    bad = [*good]
    bad[names.index("a1_waiting")] = "7"
    report = services.import_responses(survey, actor=commune_officer, data=_xlsx([names, good, bad, good]))
    assert not report.ok and report.problems[0][0] == 3 and "a1_waiting" in report.problems[0][1]
    assert survey.responses.count() == 0
    report = services.import_responses(
        survey, actor=commune_officer, data=_xlsx([names, good, good]), filename="k.xlsx"
    )
    assert report.stored == 2 and survey.responses.count() == 2


def test_exports_open_back(world, commune_officer):
    survey = make_survey(world.bach_sam)
    for i in range(3):
        services.submit_response(survey.points.get(), raw=GOOD, channel="web", device_id=f"d{i}")
    book = load_workbook(io.BytesIO(exporters.responses_xlsx(survey)))
    assert book.active.cell(row=3, column=5).value == "service"
    assert book.active.max_row == 6
    # the responses export is a valid import file
    report = services.import_responses(survey, actor=commune_officer, data=exporters.responses_xlsx(survey))
    assert report.stored == 3
    results = scoring.compute(survey)
    indices = load_workbook(io.BytesIO(exporters.indices_xlsx(results))).active
    assert indices.cell(row=4, column=3).value == "Chỉ số chung"
    document = Document(io.BytesIO(exporters.summary_docx(results)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Chỉ số hài lòng chung" in text and "BÁO CÁO" in text
    assert len(document.tables) >= 3


def test_draft_task_from_a_weak_factor(world, ward_coordinator):
    survey = make_survey(world.bach_sam)
    with pytest.raises(ValidationError) as caught:
        services.draft_task_for_factor(survey, "staff", actor=ward_coordinator)
    assert caught.value.code == "no_draft_plan"
    plan = Plan.objects.create(unit=world.bach_sam, year=2026, title="Kế hoạch PAPI 2026")
    task = services.draft_task_for_factor(survey, "staff", actor=ward_coordinator)
    assert task.plan == plan and "Công chức" in task.title or "Civil servants" in task.title
    assert Task.objects.filter(plan=plan).count() == 1
